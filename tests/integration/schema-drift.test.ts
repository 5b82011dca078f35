// schema.prisma and prisma/migrations must describe the same database. `prisma migrate diff`
// would tell us, but Prisma's schema engine cannot run on these machines, so this test
// applies every migration to an empty database and compares the catalogue with what
// schema.prisma says (Prisma's DMMF, the model metadata its client generator reads).
import prismaInternals from '@prisma/internals';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createDatabase, type TestDatabase } from '../support/database.js';
import {
  diffShapes,
  shapeFromDatabase,
  shapeFromDmmf,
  type DmmfDatamodel,
  type SchemaShape,
} from '../support/schema-shape.js';

const { getDMMF } = prismaInternals;
const SCHEMA_FILE = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');

async function datamodelOf(schemaText: string): Promise<DmmfDatamodel> {
  const dmmf = await getDMMF({ datamodel: schemaText });
  return dmmf.datamodel as unknown as DmmfDatamodel;
}

let db: TestDatabase;
let migrated: SchemaShape;
let schemaText: string;

beforeAll(async () => {
  schemaText = await fs.readFile(SCHEMA_FILE, 'utf8');
  db = await createDatabase({ migrated: false });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await migrate(client, await readMigrations(), { info: () => undefined, warn: () => undefined });
    migrated = await shapeFromDatabase(client);
  } finally {
    await client.end();
  }
});
afterAll(() => db.drop());

describe('schema.prisma and the migrations', () => {
  it('describe the same tables, columns, types, nullability, defaults, enums, indexes and foreign keys', async () => {
    const expected = shapeFromDmmf(await datamodelOf(schemaText));
    expect(diffShapes(expected, migrated)).toEqual([]);
    // Not vacuous: the comparison covered the whole model.
    expect(Object.keys(migrated.tables).length).toBe((await datamodelOf(schemaText)).models.length);
    expect(Object.keys(migrated.foreignKeys).length).toBeGreaterThan(0);
  });

  it('and the generated client was generated from this schema.prisma', async () => {
    const datamodel = await datamodelOf(schemaText);
    expect(Object.values(Prisma.ModelName).sort()).toEqual(
      datamodel.models.map((m) => m.name).sort(),
    );
    for (const model of datamodel.models) {
      const scalarEnum = (Prisma as unknown as Record<string, Record<string, string>>)[
        `${model.name}ScalarFieldEnum`
      ];
      const scalars = model.fields.filter((f) => f.kind !== 'object').map((f) => f.name);
      expect(Object.values(scalarEnum ?? {}).sort(), `${model.name}: run npm run generate`).toEqual(
        scalars.sort(),
      );
    }
  });
});

describe('the drift check itself', () => {
  // These prove the comparison can fail: each edits a copy of schema.prisma the way a
  // developer might forget to migrate, and expects the difference to be reported.
  const withEdit = async (edit: (text: string) => string) =>
    diffShapes(shapeFromDmmf(await datamodelOf(edit(schemaText))), migrated);

  it('reports a field added to schema.prisma without a migration', async () => {
    const diff = await withEdit((text) =>
      text.replace(/(model Case \{\n)/, '$1  nickname String?\n'),
    );
    expect(diff).toEqual(['column Case.nickname: in schema.prisma, missing from the migrations']);
  });

  it('reports a changed type, nullability or default', async () => {
    const diff = await withEdit((text) =>
      text
        .replace(/(\n\s+court\s+)String/, '$1String @db.VarChar(20)')
        .replace(/(\n\s+courtCaseNumber\s+)String\?/, '$1String')
        .replace(/(\n\s+version\s+Int\s+)@default\(1\)/, '$1@default(2)'),
    );
    expect(diff).toEqual([
      expect.stringMatching(/^column Case\.court: .*character varying\(20\).*text/),
      expect.stringMatching(/^column Case\.courtCaseNumber: .*"nullable":false.*"nullable":true/),
      expect.stringMatching(/^column Case\.version: .*"default":"2".*"default":"1"/),
    ]);
  });

  it('reports a new index, a new enum value and a changed referential action', async () => {
    const diff = await withEdit((text) =>
      text
        .replace(
          // The end of the Case model (the model after it is OrderEvent, "One fact ...").
          /(\n}\n\n\/\/\/ One fact)/,
          '\n  @@index([court])$1',
        )
        .replace(/(enum CaseStatus \{\n\s+OPEN\n)/, '$1  ARCHIVED\n')
        .replace(/(model ApiKey[\s\S]*?onDelete: )Cascade/, '$1Restrict'),
    );
    expect(diff).toEqual([
      expect.stringMatching(/^enum CaseStatus: .*ARCHIVED/),
      'index Case_court_idx: in schema.prisma, missing from the migrations',
      expect.stringMatching(/^foreign key ApiKey_organizationId_fkey: .*RESTRICT.*CASCADE/),
    ]);
  });

  it('reports a tenant-consistency key that schema.prisma and the migrations disagree on', async () => {
    // A deadline's relation to its case back on the case id alone (the composite key is the
    // migrations'). (Prisma itself refuses a composite relation without the parent's unique key.)
    const diff = await withEdit((text) =>
      text.replace(
        /(model Deadline[\s\S]*?case\s+Case\s+@relation\(fields: \[caseId), organizationId(\], references: \[id), organizationId\]/,
        '$1$2]',
      ),
    );
    expect(diff).toEqual([
      'foreign key Deadline_caseId_fkey: in schema.prisma, missing from the migrations',
      'foreign key Deadline_caseId_organizationId_fkey: created by the migrations, absent from schema.prisma',
    ]);
  });

  it('reports a table a migration creates that schema.prisma does not have', async () => {
    const diff = await withEdit((text) =>
      text
        .replace(/\/\/\/ The stored first response[\s\S]*?\n}\n/, '')
        .replace(/\n\s+idempotency\s+IdempotencyRecord\[\]/, ''),
    );
    expect(diff).toContain(
      'table IdempotencyRecord: created by the migrations, absent from schema.prisma',
    );
  });
});

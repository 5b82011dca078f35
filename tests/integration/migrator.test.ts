// The migrator against a real PostgreSQL: fresh database, already applied, changed file,
// line-ending conversions, failures, and several instances starting at once.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checksumOf,
  migrate,
  pendingMigrations,
  readMigrations,
  type Migration,
} from '../../src/db/migrator.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { StartupError } from '../../src/startup-error.js';
import { createDatabase, withClient, type TestDatabase } from '../support/database.js';

const quiet = { info: () => undefined, warn: () => undefined };
const created: TestDatabase[] = [];

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createDatabase({ migrated: false });
  created.push(db);
  return db;
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  started_at: Date;
  logs: string | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

const rowsOf = (url: string) =>
  withClient(
    url,
    async (client) =>
      (
        await client.query<MigrationRow>(
          'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
        )
      ).rows,
  );

/** A copy of the real migrations folder that a test may change. */
async function migrationsCopy(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-migrations-'));
  await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

let real: Migration[];
beforeAll(async () => {
  real = await readMigrations();
});
afterAll(async () => {
  await Promise.all(created.map((db) => db.drop()));
});

describe('migrator', () => {
  it('reads the migrations in timestamp order with SHA-256 checksums of the file', async () => {
    expect(real.length).toBeGreaterThan(0);
    expect(real.map((m) => m.name)).toEqual([...real.map((m) => m.name)].sort());
    for (const migration of real) {
      expect(migration.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      const text = await fs.readFile(
        path.join(MIGRATIONS_DIR, migration.name, 'migration.sql'),
        'utf8',
      );
      expect(migration.checksum).toBe(checksumOf(text));
      expect(migration.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('applies every migration to a fresh database and records each as Prisma does', async () => {
    const db = await freshDatabase();
    const report = await withClient(db.url, (client) => migrate(client, real, quiet));
    expect(report.applied).toEqual(real.map((m) => m.name));
    expect(report.alreadyApplied).toEqual([]);

    const rows = await rowsOf(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(real.map((m) => m.name));
    for (const [index, row] of rows.entries()) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.checksum).toBe(real[index]?.checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
    // The table itself has Prisma's exact shape.
    const columns = await withClient(
      db.url,
      async (client) =>
        (
          await client.query<{
            column_name: string;
            data_type: string;
            is_nullable: string;
            character_maximum_length: number | null;
          }>(
            `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns
           WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
          )
        ).rows,
    );
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'character varying',
        is_nullable: 'NO',
        character_maximum_length: 36,
      },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        is_nullable: 'NO',
        character_maximum_length: 64,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        is_nullable: 'YES',
        character_maximum_length: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        is_nullable: 'NO',
        character_maximum_length: 255,
      },
      {
        column_name: 'logs',
        data_type: 'text',
        is_nullable: 'YES',
        character_maximum_length: null,
      },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        is_nullable: 'YES',
        character_maximum_length: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        is_nullable: 'NO',
        character_maximum_length: null,
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        is_nullable: 'NO',
        character_maximum_length: null,
      },
    ]);
    expect(await withClient(db.url, (client) => pendingMigrations(client, real))).toEqual([]);
  });

  it('applies nothing the second time', async () => {
    const db = await freshDatabase();
    await withClient(db.url, (client) => migrate(client, real, quiet));
    const before = await rowsOf(db.url);
    const report = await withClient(db.url, (client) => migrate(client, real, quiet));
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toEqual(real.map((m) => m.name));
    expect(await rowsOf(db.url)).toEqual(before);
  });

  it('applies only the new migration when one is added', async () => {
    const db = await freshDatabase();
    await withClient(db.url, (client) => migrate(client, real, quiet));
    const dir = await migrationsCopy();
    await fs.mkdir(path.join(dir, '99991231000000_add_probe'));
    await fs.writeFile(
      path.join(dir, '99991231000000_add_probe', 'migration.sql'),
      'CREATE TABLE "Probe" ("id" INTEGER NOT NULL);\n',
    );
    const report = await withClient(db.url, async (client) =>
      migrate(client, await readMigrations(dir), quiet),
    );
    expect(report.applied).toEqual(['99991231000000_add_probe']);
    expect(
      await withClient(db.url, (c) => c.query('SELECT count(*)::int AS n FROM "Probe"')),
    ).toMatchObject({ rows: [{ n: 0 }] });
  });

  it('refuses to run when an applied migration file has changed', async () => {
    const db = await freshDatabase();
    await withClient(db.url, (client) => migrate(client, real, quiet));
    const dir = await migrationsCopy();
    const first = real[0]!.name;
    await fs.appendFile(path.join(dir, first, 'migration.sql'), '\n-- an innocent-looking edit\n');
    const changed = await readMigrations(dir);
    const attempt = withClient(db.url, (client) => migrate(client, changed, quiet));
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`migration ${first} was changed after it was applied`),
    );
  });

  it('accepts a file whose line endings were converted to CRLF (as Prisma does)', async () => {
    const db = await freshDatabase();
    await withClient(db.url, (client) => migrate(client, real, quiet));
    const dir = await migrationsCopy();
    for (const m of real) {
      const file = path.join(dir, m.name, 'migration.sql');
      await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
    }
    const converted = await readMigrations(dir);
    expect(converted[0]!.checksum).not.toBe(real[0]!.checksum);
    const report = await withClient(db.url, (client) => migrate(client, converted, quiet));
    expect(report.applied).toEqual([]);
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const db = await freshDatabase();
    await withClient(db.url, (client) => migrate(client, real, quiet));
    const dir = await migrationsCopy();
    await fs.mkdir(path.join(dir, '99991231000000_broken'));
    await fs.writeFile(
      path.join(dir, '99991231000000_broken', 'migration.sql'),
      'CREATE TABLE "HalfDone" ("id" INTEGER);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;\n',
    );
    const attempt = withClient(db.url, async (client) =>
      migrate(client, await readMigrations(dir), quiet),
    );
    await expect(attempt).rejects.toThrow(
      /migration 99991231000000_broken failed and was rolled back: .*NoSuchTable/,
    );
    const halfDone = await withClient(db.url, (c) =>
      c.query(`SELECT to_regclass('"HalfDone"') AS t`),
    );
    expect(halfDone.rows[0]).toEqual({ t: null });
    expect((await rowsOf(db.url)).map((r) => r.migration_name)).toEqual(real.map((m) => m.name));
  });

  it('refuses to start over a failed migration left by prisma migrate deploy', async () => {
    const db = await freshDatabase();
    await withClient(db.url, (client) => migrate(client, real, quiet));
    await withClient(db.url, (c) =>
      c.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ('00000000-0000-4000-8000-000000000000', $1, 'x_failed', 'boom')`,
        ['0'.repeat(64)],
      ),
    );
    await expect(withClient(db.url, (client) => migrate(client, real, quiet))).rejects.toThrow(
      /x_failed failed in an earlier run/,
    );
  });

  it('warns about a migration applied in the database but missing here', async () => {
    const db = await freshDatabase();
    const dir = await migrationsCopy();
    await fs.mkdir(path.join(dir, '99991231000000_extra'));
    await fs.writeFile(path.join(dir, '99991231000000_extra', 'migration.sql'), 'SELECT 1;\n');
    await withClient(db.url, async (client) => migrate(client, await readMigrations(dir), quiet));
    const warnings: string[] = [];
    await withClient(db.url, (client) =>
      migrate(client, real, { info: () => undefined, warn: (m) => warnings.push(m) }),
    );
    expect(warnings).toEqual([
      'migration 99991231000000_extra is applied in the database but missing from prisma/migrations',
    ]);
  });

  it('lets several instances start at once: each migration is applied exactly once', async () => {
    const db = await freshDatabase();
    const reports = await Promise.all(
      Array.from({ length: 6 }, () => withClient(db.url, (client) => migrate(client, real, quiet))),
    );
    const appliedCounts = reports.map((r) => r.applied.length);
    expect(appliedCounts.filter((n) => n === real.length)).toHaveLength(1);
    expect(appliedCounts.filter((n) => n === 0)).toHaveLength(5);
    const rows = await rowsOf(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(real.map((m) => m.name));
  });

  it("refuses a migrations folder without Prisma's migration_lock.toml", async () => {
    const dir = await migrationsCopy();
    await fs.rm(path.join(dir, 'migration_lock.toml'));
    await expect(readMigrations(dir)).rejects.toThrow(/migration_lock\.toml is missing/);
  });
});

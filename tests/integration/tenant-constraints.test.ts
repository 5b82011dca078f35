// Tenant consistency in the database (issue 11): a row's organizationId and the organization of
// each case, deadline, advocate or contact it points at are held equal by composite foreign keys
// (migration 20261205100000_tenant_consistency), not by the code alone. For each pair, a raw-SQL
// copy of a row the app wrote, pointed at a parent of another organization, fails with that
// pair's foreign-key violation; the same copy pointed at another parent of its own organization
// is accepted (so the refusal is the organization, not something else about the copy).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { createDatabase } from '../support/database.js';
import { TEST_SECRETS_KEY, TestClock } from '../support/reminders.js';

interface Pair {
  table: string;
  column: string;
  parent: string;
  /** Columns changed in the copy so it collides with no unique index. */
  fresh(row: Record<string, unknown>): Record<string, unknown>;
}

const suffix = (value: unknown) => `${String(value)}-copy`;

const PAIRS: Pair[] = [
  {
    table: 'OrderEvent',
    column: 'caseId',
    parent: 'Case',
    fresh: (r) => ({ sequence: Number(r.sequence) + 1000 }),
  },
  { table: 'Deadline', column: 'caseId', parent: 'Case', fresh: (r) => ({ key: suffix(r.key) }) },
  { table: 'CaseAdvocate', column: 'caseId', parent: 'Case', fresh: () => ({}) },
  { table: 'CaseAdvocate', column: 'advocateId', parent: 'Advocate', fresh: () => ({}) },
  { table: 'DeadlineChange', column: 'deadlineId', parent: 'Deadline', fresh: () => ({}) },
  { table: 'DeadlineChange', column: 'caseId', parent: 'Case', fresh: () => ({}) },
  {
    table: 'Contact',
    column: 'caseId',
    parent: 'Case',
    fresh: (r) => ({ email: `copy-${String(r.email)}` }),
  },
  {
    table: 'Reminder',
    column: 'caseId',
    parent: 'Case',
    fresh: (r) => ({ occurrence: suffix(r.occurrence) }),
  },
  {
    table: 'FeedToken',
    column: 'caseId',
    parent: 'Case',
    fresh: (r) => ({ prefix: suffix(r.prefix) }),
  },
  {
    table: 'FeedToken',
    column: 'advocateId',
    parent: 'Advocate',
    fresh: (r) => ({ prefix: suffix(r.prefix) }),
  },
  {
    table: 'PetitionerLink',
    column: 'caseId',
    parent: 'Case',
    fresh: (r) => ({ prefix: suffix(r.prefix) }),
  },
  {
    table: 'PetitionerLink',
    column: 'contactId',
    parent: 'Contact',
    fresh: (r) => ({ prefix: suffix(r.prefix) }),
  },
  {
    table: 'User',
    column: 'advocateId',
    parent: 'Advocate',
    fresh: (r) => ({ email: `copy-${String(r.email)}` }),
  },
];

const clock = new TestClock(new Date('2027-02-21T18:00:00Z'));
let api: TestApi;
let client: pg.Client;
let alice: Tenant;
let bob: Tenant;

async function ok<T>(tenant: Tenant, url: string, payload: object): Promise<T> {
  const response = await tenant.request({ method: 'POST', url, payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<T>();
}

/**
 * Two cases (the first with events, an assignment, two contacts, reminders, a case feed and a
 * petitioner link; the second bare), two advocates (one with a feed, one with a person).
 */
async function populate(tenant: Tenant, name: string): Promise<void> {
  const advocate = await ok<{ id: string }>(tenant, '/v1/advocates', {
    displayName: `${name} Advocate`,
    email: `${name}-advocate@clinic.example`,
  });
  await ok(tenant, '/v1/advocates', { displayName: `${name} Second` });
  const created = await ok<{ case: { id: string } }>(tenant, '/v1/cases', {
    family: 'DV',
    court: 'CA',
    reference: `${name}-1`,
    advocateIds: [advocate.id],
    events: [
      { type: 'TRO_GRANTED', date: '2027-02-20' },
      { type: 'HEARING_SET', date: '2027-03-16', time: '08:30' },
    ],
  });
  const caseId = created.case.id;
  await ok(tenant, '/v1/cases', { family: 'DV', court: 'CA', reference: `${name}-2` });
  for (const who of ['first', 'second'])
    await ok(tenant, `/v1/cases/${caseId}/contacts`, {
      email: `${name}-${who}@mail.example.org`,
      consentAt: '2027-02-21T17:00:00Z',
    });
  await ok(tenant, '/v1/feeds', { scope: 'CASE', caseId });
  await ok(tenant, '/v1/feeds', { scope: 'ADVOCATE', advocateId: advocate.id });
  await ok(tenant, `/v1/cases/${caseId}/petitioner-links`, {});
  // A petitioner link made for a contact (as reminder emails carry), and a person: raw rows of
  // the organization's own, the sources of the PetitionerLink.contactId and User copies.
  await client.query(
    `INSERT INTO "PetitionerLink" (id, "organizationId", "caseId", "contactId", prefix, "tokenHash", "expiresAt")
     SELECT $1, c."organizationId", c."caseId", c.id, $2, '\\x00', now() + interval '1 day'
     FROM "Contact" c WHERE c."caseId" = $3 LIMIT 1`,
    [randomUUID(), `opl_${name}`, caseId],
  );
  await client.query(
    `INSERT INTO "User" (id, "organizationId", "advocateId", email, "displayName", role, "updatedAt")
     VALUES ($1, $2, $3, $4, $5, 'advocate', now())`,
    [randomUUID(), tenant.organizationId, advocate.id, `${name}-person@clinic.example`, name],
  );
}

beforeAll(async () => {
  api = await startTestApi({ clock, env: { SECRETS_KEY: TEST_SECRETS_KEY } });
  client = new pg.Client({ connectionString: api.database.url });
  await client.connect();
  alice = await createTenant(api, 'Alice Clinic');
  bob = await createTenant(api, 'Bob Clinic');
  await populate(alice, 'alice');
  await populate(bob, 'bob');
});

afterAll(async () => {
  await client?.end();
  await api?.close();
});

/** Inserts a copy of `row` with `changes`, inside a transaction that is always rolled back. */
async function insertCopy(
  table: string,
  row: Record<string, unknown>,
  changes: Record<string, unknown>,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "${table}" SELECT * FROM jsonb_populate_record(NULL::"${table}", $1::jsonb)`,
      [JSON.stringify({ ...row, ...changes })],
    );
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('a row cannot point at another organization', () => {
  it.each(PAIRS.map((pair) => [`${pair.table}.${pair.column} → ${pair.parent}`, pair] as const))(
    '%s',
    async (_name, pair) => {
      const { rows } = await client.query<{ row: Record<string, unknown> }>(
        `SELECT to_jsonb(t) AS row FROM "${pair.table}" t
         WHERE "organizationId" = $1 AND "${pair.column}" IS NOT NULL LIMIT 1`,
        [alice.organizationId],
      );
      const source = rows[0]?.row;
      expect(source, `a ${pair.table} row with ${pair.column} written for the test`).toBeDefined();
      const parentIn = async (organizationId: string) => {
        const parents = await client.query<{ id: string }>(
          `SELECT id FROM "${pair.parent}" p WHERE "organizationId" = $1 AND id <> $2
           AND NOT EXISTS (SELECT 1 FROM "${pair.table}" t WHERE t."${pair.column}" = p.id
                           AND t."organizationId" = $1 AND $3)
           ORDER BY id LIMIT 1`,
          // A one-to-one or primary-key pair needs a parent nothing of this table points at yet.
          [organizationId, source![pair.column], ['User', 'CaseAdvocate'].includes(pair.table)],
        );
        expect(parents.rows[0], `a second ${pair.parent} of the organization`).toBeDefined();
        return parents.rows[0]!.id;
      };
      const base = { ...pair.fresh(source!), ...('id' in source! && { id: randomUUID() }) };

      // Another parent of the row's own organization: accepted.
      await insertCopy(pair.table, source!, {
        ...base,
        [pair.column]: await parentIn(alice.organizationId),
      });

      // A parent of another organization: refused by this pair's composite foreign key.
      const crossing = insertCopy(pair.table, source!, {
        ...base,
        [pair.column]: await parentIn(bob.organizationId),
      });
      await expect(crossing).rejects.toMatchObject({
        code: '23503',
        constraint: `${pair.table}_${pair.column}_organizationId_fkey`,
      });
    },
  );
});

describe('the migration, on rows that already cross organizations', () => {
  it('refuses with the tables and counts (no party data) and changes nothing', async () => {
    const database = await createDatabase({ migrated: false });
    const owner = new pg.Client({ connectionString: database.url });
    await owner.connect();
    const quiet = { info: () => undefined, warn: () => undefined };
    try {
      const all = await readMigrations();
      const last = all.findIndex((m) => m.name.endsWith('_tenant_consistency'));
      expect(last).toBeGreaterThan(0);
      await migrate(owner, all.slice(0, last), quiet);
      const [a, b, caseA] = [randomUUID(), randomUUID(), randomUUID()];
      await owner.query(
        `INSERT INTO "Organization" (id, name, "updatedAt") VALUES ($1, 'A', now()), ($2, 'B', now())`,
        [a, b],
      );
      await owner.query(
        `INSERT INTO "Case" (id, "organizationId", family, court, reference, "updatedAt")
         VALUES ($1, $2, 'DV', 'CA', 'secret-reference', now())`,
        [caseA, a],
      );
      // Written before the constraint existed: a deadline of B's on A's case.
      await owner.query(
        `INSERT INTO "Deadline" (id, "organizationId", "caseId", key, kind, date, "ruleId", citation, explanation, "updatedAt")
         VALUES ($1, $2, $3, 'k', 'HEARING', '2027-03-01', 'r', 'c', '[]', now())`,
        [randomUUID(), b, caseA],
      );
      const attempt = migrate(owner, all, quiet);
      await expect(attempt).rejects.toThrow(/Deadline\.caseId: 1;/);
      await expect(attempt).rejects.not.toThrow(/secret-reference/);
      const applied = await owner.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name LIKE '%_tenant_consistency'`,
      );
      expect(applied.rows[0]!.n).toBe(0);
      const index = await owner.query<{ i: string | null }>(
        `SELECT to_regclass('"Case_id_organizationId_key"') AS i`,
      );
      expect(index.rows[0]!.i).toBeNull();
    } finally {
      await owner.end();
      await database.drop();
    }
  });
});

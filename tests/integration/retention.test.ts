// Retention (issue 11): stored Idempotency-Key responses are purged once their 24 hours are over;
// each organization's closed cases are erased N days after closing (default 365, or "off"), sent
// and cancelled reminders deleted after 90 days, audit rows after the configured days. The purge
// runs in batches from the worker's loop, and its runs are visible to admins.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeDue } from '../../src/services/retention.js';
import { createRetentionLoop } from '../../src/workers/retention-loop.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { TEST_SECRETS_KEY, TestClock } from '../support/reminders.js';

const DAY = 24 * 60 * 60 * 1000;
const clock = new TestClock(new Date('2027-02-21T18:00:00Z'));
let api: TestApi;
let clinic: Tenant;
let other: Tenant;

beforeAll(async () => {
  api = await startTestApi({ clock, env: { SECRETS_KEY: TEST_SECRETS_KEY } });
  clinic = await createTenant(api, 'Retention Clinic');
  other = await createTenant(api, 'Other Clinic');
});
afterAll(() => api.close());

/** A purge pass as the worker runs it, in batches of 2 so every loop goes round more than once. */
const purge = () =>
  purgeDue({ db: api.runtime.db, clock, log: api.runtime.log }, { batchSize: 2, everyMs: 60_000 });

async function sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []) {
  return (await api.runtime.db.pool.query<T>(text, values)).rows;
}
const count = async (table: string, where: string, values: unknown[] = []) =>
  Number(
    (await sql<{ n: string }>(`SELECT count(*) AS n FROM "${table}" WHERE ${where}`, values))[0]!.n,
  );

/** A case whose temporary order was granted yesterday on the test clock (so reminders are due ahead). */
async function newCase(tenant: Tenant, reference: string, key?: string) {
  const created = await tenant.request({
    method: 'POST',
    url: '/v1/cases',
    headers: key ? { 'idempotency-key': key } : {},
    payload: {
      family: 'DV',
      court: 'CA',
      reference,
      events: [
        {
          type: 'TRO_GRANTED',
          date: new Date(clock.now().getTime() - DAY).toISOString().slice(0, 10),
        },
      ],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ case: { id: string } }>().case.id;
}

async function setStatus(tenant: Tenant, id: string, status: 'OPEN' | 'CLOSED') {
  const changed = await tenant.request({
    method: 'PATCH',
    url: `/v1/cases/${id}`,
    headers: { 'if-match': '*' },
    payload: { status },
  });
  expect(changed.statusCode, changed.body).toBe(200);
}

const runs = async (tenant: Tenant) => {
  const response = await tenant.request({ method: 'GET', url: '/v1/retention-runs?limit=100' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{
    items: {
      startedAt: string;
      finishedAt: string | null;
      casesErased: number;
      remindersDeleted: number;
      auditRowsDeleted: number;
      idempotencyDeleted: number;
      error: string | null;
    }[];
  }>().items;
};

describe('retention', () => {
  it('purges stored Idempotency-Key responses once their 24 hours are over, in batches', async () => {
    const keys = Array.from({ length: 5 }, () => randomUUID());
    for (const key of keys) await newCase(clinic, `IDEM-${key.slice(0, 8)}`, key);
    const stored = () =>
      count('IdempotencyRecord', `"organizationId" = $1 AND key = ANY($2)`, [
        clinic.organizationId,
        keys,
      ]);
    expect(await stored()).toBe(5);

    clock.advance(23 * 60 * 60 * 1000);
    await purge();
    expect(await stored()).toBe(5);

    clock.advance(2 * 60 * 60 * 1000);
    await purge();
    expect(await stored()).toBe(0);
    expect((await runs(clinic))[0]).toMatchObject({ idempotencyDeleted: 5, error: null });
  });

  it('erases closed cases N days after closing (default 365), keeps open and reopened ones', async () => {
    const closed = await newCase(clinic, 'CLOSED-OLD');
    const reopened = await newCase(clinic, 'REOPENED');
    const open = await newCase(clinic, 'STAYS-OPEN');
    await setStatus(clinic, closed, 'CLOSED');
    await setStatus(clinic, reopened, 'CLOSED');
    await setStatus(clinic, reopened, 'OPEN');
    // A petitioner's link to the closed case, set to outlive the retention period.
    const link = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${closed}/petitioner-links`,
      payload: { expiresAt: '2029-12-31' },
    });
    expect(link.statusCode, link.body).toBe(201);
    const linkPath = new URL(link.json<{ url: string }>().url).pathname;
    const page = async () => (await api.app.inject({ method: 'GET', url: linkPath })).statusCode;
    expect(await page()).toBe(200);
    const exists = async (id: string) =>
      (await clinic.request({ method: 'GET', url: `/v1/cases/${id}` })).statusCode === 200;

    clock.advance(364 * DAY);
    await purge();
    expect(await exists(closed)).toBe(true);

    clock.advance(2 * DAY);
    await purge();
    expect(await exists(closed)).toBe(false);
    expect(await exists(reopened)).toBe(true);
    expect(await exists(open)).toBe(true);
    expect(await count('Case', `reference = 'CLOSED-OLD'`)).toBe(0);
    // Its petitioner link went with it: no row, and its page is the neutral 404.
    expect(await count('PetitionerLink', `"caseId" = $1`, [closed])).toBe(0);
    // (The purge runs in the worker: this process forgets the prefix on the NOTIFY at commit.)
    await expect.poll(page, { timeout: 10_000 }).toBe(404);
    // The erasure left its tombstone, naming the purge as the actor.
    expect(
      await count(
        'AuditEvent',
        `"organizationId" = $1 AND action = 'case.erase' AND actor = 'retention'`,
        [clinic.organizationId],
      ),
    ).toBe(1);
    expect((await runs(clinic))[0]).toMatchObject({ casesErased: 1, error: null });
  });

  it('"off" keeps closed cases; a shorter period erases sooner', async () => {
    const put = (body: object) =>
      clinic.request({ method: 'PUT', url: '/v1/organization/retention', payload: body });
    const off = await put({ closedCaseDays: 'off', reminderDays: 90, auditDays: 'off' });
    expect(off.statusCode, off.body).toBe(200);
    expect(
      (await clinic.request({ method: 'GET', url: '/v1/organization/retention' })).json(),
    ).toEqual({ closedCaseDays: 'off', reminderDays: 90, auditDays: 'off' });
    const kept = await newCase(clinic, 'KEPT-OFF');
    await setStatus(clinic, kept, 'CLOSED');
    clock.advance(4000 * DAY);
    await purge();
    expect(await count('Case', `id = $1`, [kept])).toBe(1);

    expect((await put({ closedCaseDays: 30, reminderDays: 90, auditDays: 'off' })).statusCode).toBe(
      200,
    );
    const soon = await newCase(clinic, 'ERASED-SOON');
    await setStatus(clinic, soon, 'CLOSED');
    clock.advance(31 * DAY);
    await purge();
    expect(await count('Case', `id = ANY($1)`, [[kept, soon]])).toBe(0);

    const bad = await put({ closedCaseDays: 0, reminderDays: 'off', auditDays: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('deletes SENT and CANCELLED reminders 90 days after they went, never pending ones', async () => {
    // No reminder loop runs in this file: nothing is delivered to this address.
    const endpoint = await clinic.request({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { url: 'https://hooks.clinic.example/retention' },
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    const id = await newCase(clinic, 'REMINDED');
    const hearing = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${id}/events`,
      payload: {
        type: 'HEARING_SET',
        date: new Date(clock.now().getTime() + 20 * DAY).toISOString().slice(0, 10),
        time: '08:30',
      },
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    const contact = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${id}/contacts`,
      payload: { email: 'petitioner@mail.example.org', consentAt: clock.now().toISOString() },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const ids = (
      await sql<{ id: string }>(`SELECT id::text FROM "Reminder" WHERE "caseId" = $1 ORDER BY id`, [
        id,
      ])
    ).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const [sent, cancelled, ...pending] = ids;
    await sql(`UPDATE "Reminder" SET status = 'SENT', "sentAt" = $2 WHERE id = $1`, [
      sent,
      clock.now(),
    ]);
    await sql(
      `UPDATE "Reminder" SET status = 'CANCELLED', "cancelledAt" = $2, "cancelReason" = 'OPTED_OUT' WHERE id = $1`,
      [cancelled, clock.now()],
    );
    clock.advance(89 * DAY);
    await purge();
    expect(await count('Reminder', `"caseId" = $1`, [id])).toBe(ids.length);
    clock.advance(2 * DAY);
    await purge();
    const left = (
      await sql<{ id: string }>(`SELECT id::text FROM "Reminder" WHERE "caseId" = $1`, [id])
    ).map((r) => r.id);
    expect(left.sort()).toEqual([...pending].sort());
    expect((await runs(clinic))[0]!.remindersDeleted).toBeGreaterThanOrEqual(2);
  });

  it('deletes audit rows older than the configured days (default 1095), and keeps them when "off"', async () => {
    const at = (daysAgo: number) => new Date(clock.now().getTime() - daysAgo * DAY);
    const insert = (tenant: Tenant, action: string, daysAgo: number) =>
      sql(
        `INSERT INTO "AuditEvent" (id, "organizationId", actor, action, "targetType", at)
         VALUES (gen_random_uuid(), $1, 'cli', $2, 'organization', $3)`,
        [tenant.organizationId, action, at(daysAgo)],
      );
    await insert(other, 'test.old', 1096);
    await insert(other, 'test.recent', 1094);
    await insert(clinic, 'test.old', 4000);
    clock.advance(2 * 60_000);
    await purge();
    const actions = async (tenant: Tenant) =>
      (
        await sql<{ action: string }>(
          `SELECT action FROM "AuditEvent" WHERE "organizationId" = $1 AND action LIKE 'test.%'`,
          [tenant.organizationId],
        )
      ).map((r) => r.action);
    expect(await actions(other)).toEqual(['test.recent']);
    // The clinic keeps its log ("off" above).
    expect(await actions(clinic)).toEqual(['test.old']);
    expect((await runs(other))[0]!.auditRowsDeleted).toBeGreaterThanOrEqual(1);
  });

  it('runs at most once per period however many workers ask, and only admins see the runs', async () => {
    clock.advance(2 * 60_000);
    const before = (await runs(clinic)).length;
    await Promise.all([purge(), purge(), purge()]);
    await purge();
    expect((await runs(clinic)).length).toBe(before + 1);
    const all = await runs(clinic);
    expect(all.every((run) => run.finishedAt !== null)).toBe(true);

    const reader = await clinic.request({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { name: 'reader', scopes: ['read'] },
    });
    const key = reader.json<{ key: string }>().key;
    for (const url of ['/v1/retention-runs', '/v1/organization/retention']) {
      expect((await clinic.request({ method: 'GET', url, key })).statusCode).toBe(403);
    }
    // Another organization's runs are its own.
    const theirs = await runs(other);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((run) => run.auditRowsDeleted > 0)).toBe(true);
  });

  it('the worker loop runs the purge by itself', async () => {
    clock.advance(2 * DAY);
    const before = (await runs(clinic)).length;
    const loop = createRetentionLoop(api.runtime);
    loop.start();
    const deadline = Date.now() + 60_000;
    while ((await runs(clinic)).length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await loop.stop();
    expect((await runs(clinic)).length).toBe(before + 1);
  });
});

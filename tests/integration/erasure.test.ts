// Erasure (issue 11): DELETE /v1/cases/{id} and DELETE /v1/contacts/{id} remove a survivor's
// data for good. The proof is a whole-database pg_dump searched for the case's reference,
// labels, court case number, contact email and id — none may be left — while another case's
// text is still there (the search works). Rendered feeds are dropped in every process.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { runRecomputeBatch } from '../../src/services/recompute-jobs.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { findPgDump, pgDump } from '../support/pg-dump.js';
import { TEST_SECRETS_KEY, TestClock } from '../support/reminders.js';
import { openTestRuntime } from '../support/runtime.js';

const clock = new TestClock(new Date('2027-02-21T18:00:00Z'));
const env = { SECRETS_KEY: TEST_SECRETS_KEY };

/** Text unique to one case, so a dump can be searched for it. */
function markersOf(name: string) {
  const tag = randomBytes(4).toString('hex');
  return {
    reference: `${name}-REF-${tag}`,
    courtCaseNumber: `${name}CCN${tag}`,
    petitionerLabel: `${name}Pet${tag}`,
    respondentLabel: `${name}Resp${tag}`,
    email: `${name.toLowerCase()}-${tag}@mail.example.org`,
    feedLabel: `${name}Feed${tag}`,
    voidReason: `${name}Void${tag}`,
  };
}
type Markers = ReturnType<typeof markersOf>;

async function call(
  tenant: Tenant,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return tenant.request({ method, url, headers, ...(payload !== undefined && { payload }) });
}

async function ok<T>(response: { statusCode: number; body: string; json<U>(): U }): Promise<T> {
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<T>();
}

/**
 * A case with everything that can hang from it: events (one corrected, one voided), deadlines
 * and their history, an assignment, a contact, reminders (contact, advocate, webhook), a full
 * feed scoped to it, Idempotency-Key responses, audit rows.
 */
async function populatedCase(tenant: Tenant, m: Markers, advocateId: string) {
  const created = await ok<{ case: { id: string; version: number } }>(
    await call(
      tenant,
      'POST',
      '/v1/cases',
      {
        family: 'DV',
        court: 'CA',
        reference: m.reference,
        courtCaseNumber: m.courtCaseNumber,
        petitionerLabel: m.petitionerLabel,
        respondentLabel: m.respondentLabel,
        advocateIds: [advocateId],
        events: [{ type: 'TRO_GRANTED', date: '2027-02-20' }],
      },
      { 'idempotency-key': `create-${m.reference}` },
    ),
  );
  const caseId = created.case.id;
  const hearing = await ok<{ event: { id: string } }>(
    await call(tenant, 'POST', `/v1/cases/${caseId}/events`, {
      type: 'HEARING_SET',
      date: '2027-03-16',
      time: '08:30',
    }),
  );
  await ok(
    await call(tenant, 'POST', `/v1/cases/${caseId}/events/${hearing.event.id}/corrections`, {
      type: 'HEARING_SET',
      date: '2027-03-17',
      time: '09:00',
    }),
  );
  const served = await ok<{ event: { id: string } }>(
    await call(tenant, 'POST', `/v1/cases/${caseId}/events`, {
      type: 'SERVED',
      date: '2027-02-25',
      method: 'PERSONAL',
    }),
  );
  await ok(
    await call(tenant, 'POST', `/v1/cases/${caseId}/events/${served.event.id}/void`, {
      reason: m.voidReason,
    }),
  );
  const contact = await ok<{ id: string }>(
    await call(
      tenant,
      'POST',
      `/v1/cases/${caseId}/contacts`,
      { email: m.email, consentAt: '2027-02-21T17:00:00Z', locale: 'es' },
      { 'idempotency-key': `contact-${m.reference}` },
    ),
  );
  const feed = await ok<{ token: string; feed: { id: string } }>(
    await call(
      tenant,
      'POST',
      '/v1/feeds',
      { scope: 'CASE', caseId, privacy: 'full', label: m.feedLabel },
      { 'idempotency-key': `feed-${m.reference}` },
    ),
  );
  // The petitioner's own page (issue 12).
  const link = await ok<{ id: string; prefix: string; url: string }>(
    await call(tenant, 'POST', `/v1/cases/${caseId}/petitioner-links`, {}),
  );
  return {
    caseId,
    contactId: contact.id,
    feedToken: feed.token,
    linkPath: new URL(link.url).pathname,
    linkPrefix: link.prefix,
  };
}

interface World {
  runtime: Runtime;
  tenant: Tenant;
  advocateId: string;
  orgFeedToken: string;
  close(): Promise<void>;
}

async function worldOn(runtime: Runtime): Promise<World> {
  const app = await buildApp(runtime);
  await app.ready();
  const tenant = await createTenant({
    app,
    runtime,
    database: undefined as never,
    close: () => app.close(),
  });
  await ok(
    await call(tenant, 'POST', '/v1/webhook-endpoints', { url: 'https://hooks.clinic.example/x' }),
  );
  const advocate = await ok<{ id: string }>(
    await call(tenant, 'POST', '/v1/advocates', {
      displayName: 'Advocate',
      email: 'advocate@clinic.example',
    }),
  );
  const orgFeed = await ok<{ token: string }>(
    await call(tenant, 'POST', '/v1/feeds', { scope: 'ORGANIZATION', privacy: 'full' }),
  );
  return {
    runtime,
    tenant,
    advocateId: advocate.id,
    orgFeedToken: orgFeed.token,
    close: () => app.close(),
  };
}

const feed = (world: World, token: string) =>
  world.tenant.request({ method: 'GET', url: `/feeds/${token}.ics`, key: null });

const petitionerPage = (world: World, linkPath: string) =>
  world.tenant.request({
    method: 'GET',
    url: linkPath,
    key: null,
    headers: { accept: 'text/html' },
  });

const PG_DUMP = findPgDump();

describe('erasing a case, checked by a whole-database pg_dump', () => {
  let embedded: EmbeddedPostgres;
  let dataDir: string;
  let first: World;
  let second: World;
  let secondRuntime: Runtime;
  let firstRuntime: Runtime;

  beforeAll(async () => {
    if (!PG_DUMP)
      throw new Error(
        'no Debian PostgreSQL with pg_dump under /usr/lib/postgresql (apt-get install postgresql; .ci/run does)',
      );
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-erasure-'));
    await fs.chmod(dataDir, 0o755);
    embedded = await EmbeddedPostgres.start({
      dataDir,
      port: 0,
      binaries: PG_DUMP.binaries,
      settings: { fsync: 'off', synchronous_commit: 'off' },
      log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    });
    // Migrated by the superuser, served as `orderly_app` (rows only), as in production.
    firstRuntime = await openTestRuntime(
      embedded.appUrl,
      { clock },
      { ...env, DATABASE_MIGRATION_URL: embedded.url },
    );
    // A second Orderly process on the same database: its rendered feeds must go too.
    secondRuntime = await openTestRuntime(embedded.appUrl, { clock, migrate: false }, env);
    first = await worldOn(firstRuntime);
    const app2 = await buildApp(secondRuntime);
    await app2.ready();
    second = { ...first, runtime: secondRuntime, close: () => app2.close() };
    second.tenant = {
      ...first.tenant,
      request: ({ key, headers, ...rest }) =>
        app2.inject({
          ...rest,
          headers: {
            ...(key !== null && { authorization: `Bearer ${key ?? first.tenant.adminKey}` }),
            ...headers,
          },
        }),
    };
  }, 180_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await secondRuntime?.close();
    await firstRuntime?.close();
    await embedded?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it(`leaves nothing of the case in the dump (PostgreSQL ${PG_DUMP?.version ?? '?'}), only a tombstone; another case stays whole`, async () => {
    const erased = markersOf('Gone');
    const kept = markersOf('Kept');
    const earlier = await ok<{ case: { id: string } }>(
      await call(first.tenant, 'POST', '/v1/cases', {
        family: 'DV',
        court: 'CA',
        reference: 'E-1',
      }),
    );
    const gone = await populatedCase(first.tenant, erased, first.advocateId);
    const stays = await populatedCase(first.tenant, kept, first.advocateId);
    // Both processes render the case into their feed caches.
    for (const world of [first, second]) {
      expect((await feed(world, world.orgFeedToken)).body).toContain(erased.reference);
      expect((await feed(world, gone.feedToken)).body).toContain(erased.petitionerLabel);
      // Both processes verify (and cache) the petitioner's link.
      expect((await petitionerPage(world, gone.linkPath)).statusCode).toBe(200);
    }
    // A court closure's background recomputation stopped on the case: its cursor, its failures
    // and its last error name it (the case could not be recomputed; an error saying so).
    const closure = await ok<{ jobs: { id: string }[] }>(
      await call(first.tenant, 'POST', '/v1/court-closures', {
        court: 'CA',
        from: '2027-03-01',
        reason: 'power outage',
        source: 'test notice',
      }),
    );
    const jobId = closure.jobs[0]!.id;
    const batch = (afterCase?: (tx: unknown, caseId: string) => Promise<void>) =>
      runRecomputeBatch(first.runtime.db, {
        now: () => clock.now(),
        log: first.runtime.log,
        batchSize: 1,
        jobId,
        ...(afterCase && { afterCase }),
      });
    expect(earlier.case.id < gone.caseId && gone.caseId < stays.caseId).toBe(true);
    await batch();
    await batch(async (_tx, caseId) => {
      if (caseId === gone.caseId) throw new Error(`case ${caseId} cannot be recomputed`);
    });
    const stopped = await ok<{ progress: object; failures: object[] }>(
      await call(first.tenant, 'GET', `/v1/recompute-jobs/${jobId}`),
    );
    expect(stopped).toMatchObject({
      progress: { failedCases: 1 },
      failures: [{ caseId: gone.caseId }],
    });
    const jobRow = async () =>
      (
        await first.runtime.db.pool.query<{ cursor: string | null; lastError: string | null }>(
          'SELECT cursor::text AS cursor, "lastError" FROM "RecomputeJob" WHERE id = $1',
          [jobId],
        )
      ).rows[0]!;
    expect(await jobRow()).toMatchObject({ cursor: gone.caseId });
    // A batch's error stays on the job only until its next batch is recorded (or while the
    // database is away); put there as such a failure would leave it.
    await first.runtime.db.pool.query('UPDATE "RecomputeJob" SET "lastError" = $2 WHERE id = $1', [
      jobId,
      `case ${gone.caseId} cannot be recomputed`,
    ]);

    const before = await pgDump(PG_DUMP!, embedded.url);
    for (const text of [...Object.values(erased), gone.caseId, gone.linkPrefix])
      expect(before, `${text} is in the dump before erasure`).toContain(text);
    // The reminders carry the reference in their payloads, so they are in the dump too.
    expect(
      (
        await first.runtime.db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM "Reminder" WHERE "caseId" = $1',
          [gone.caseId],
        )
      ).rows[0]!.n,
    ).toBeGreaterThan(0);

    const response = await call(first.tenant, 'DELETE', `/v1/cases/${gone.caseId}`);
    expect(response.statusCode, response.body).toBe(200);
    const erasure = response.json<{
      tombstoneId: string;
      erasedAt: string;
      counts: Record<string, number>;
    }>();
    expect(erasure.tombstoneId).not.toBe(gone.caseId);
    expect(erasure.counts).toMatchObject({
      cases: 1,
      events: 4,
      contacts: 1,
      feedTokens: 1,
      // The one an advocate made, and the one the contact's reminder emails carry.
      petitionerLinks: 2,
      idempotencyResponses: 3,
    });
    expect(erasure.counts.recomputeJobs).toBe(1);
    expect(erasure.counts.reminders).toBeGreaterThan(0);
    expect(erasure.counts.deadlineHistory).toBeGreaterThan(0);
    expect(erasure.counts.auditRows).toBeGreaterThanOrEqual(7);

    const after = await pgDump(PG_DUMP!, embedded.url);
    for (const text of [...Object.values(erased), gone.caseId, gone.contactId, gone.linkPrefix])
      expect(after.includes(text), `${text} is still in the dump`).toBe(false);
    for (const text of [...Object.values(kept), stays.caseId])
      expect(after, `${text} (another case) went too`).toContain(text);
    expect(after).toContain(erasure.tombstoneId);

    // The job goes on from where it stopped: the case after, once (2 processed in all); it keeps
    // its count of failures.
    // The cursor is on the case before the erased one: the same cases are left after it.
    expect(await jobRow()).toEqual({ cursor: earlier.case.id, lastError: null });
    while ((await batch()) !== null);
    expect(await ok(await call(first.tenant, 'GET', `/v1/recompute-jobs/${jobId}`))).toMatchObject({
      status: 'DONE',
      progress: { processed: 2, failedCases: 1 },
      failures: [],
    });

    // The case is gone from the API; its feed URL is dead; the tombstone names nothing.
    expect((await call(first.tenant, 'GET', `/v1/cases/${gone.caseId}`)).statusCode).toBe(404);
    expect((await feed(first, gone.feedToken)).statusCode).toBe(404);
    const audit = await ok<{ items: { action: string; targetId: string; details: object }[] }>(
      await call(first.tenant, 'GET', '/v1/audit-events?limit=200'),
    );
    const tombstone = audit.items.find((row) => row.action === 'case.erase')!;
    expect(tombstone).toMatchObject({ targetId: erasure.tombstoneId });
    expect(JSON.stringify(tombstone.details)).not.toMatch(new RegExp(gone.caseId));

    // Every process drops what it rendered: the other process's caches empty on NOTIFY, and
    // neither serves the erased text again.
    await expect
      .poll(() => second.runtime.feeds.cacheStats().events.entries, { timeout: 5_000 })
      .toBe(0);
    for (const world of [first, second]) {
      const body = (await feed(world, world.orgFeedToken)).body;
      expect(body).toContain(kept.reference);
      expect(body).not.toContain(erased.reference);
      expect((await feed(world, gone.feedToken)).statusCode).toBe(404);
      // The petitioner's page is the neutral 404 in both processes at once (no cached link).
      expect((await petitionerPage(world, gone.linkPath)).statusCode).toBe(404);
    }
  });

  it('erases a contact: the address, its reminders, what names it; the case stays', async () => {
    const m = markersOf('Contact');
    const owner = await populatedCase(first.tenant, m, first.advocateId);
    const response = await call(first.tenant, 'DELETE', `/v1/contacts/${owner.contactId}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ counts: Record<string, number> }>().counts).toMatchObject({
      contacts: 1,
      idempotencyResponses: 1,
    });
    const after = await pgDump(PG_DUMP!, embedded.url);
    expect(after.includes(m.email)).toBe(false);
    expect(after.includes(owner.contactId)).toBe(false);
    expect(after).toContain(m.reference);
    const contacts = await ok<{ items: unknown[] }>(
      await call(first.tenant, 'GET', `/v1/cases/${owner.caseId}/contacts`),
    );
    expect(contacts.items).toEqual([]);
    const reminders = await ok<{ items: { recipient: { type: string; id: string } }[] }>(
      await call(first.tenant, 'GET', `/v1/cases/${owner.caseId}/reminders`),
    );
    expect(reminders.items.length).toBeGreaterThan(0);
    expect(reminders.items.filter((r) => r.recipient.id === owner.contactId)).toEqual([]);
  });
});

describe('who may erase', () => {
  let api: TestApi;
  let tenant: Tenant;
  let other: Tenant;
  let caseId: string;
  let contactId: string;

  beforeAll(async () => {
    api = await startTestApi({ clock, env });
    tenant = await createTenant(api, 'Owner Clinic');
    other = await createTenant(api, 'Other Clinic');
    const created = await ok<{ case: { id: string } }>(
      await call(tenant, 'POST', '/v1/cases', { family: 'DV', court: 'CA', reference: 'W-1' }),
    );
    caseId = created.case.id;
    contactId = (
      await ok<{ id: string }>(
        await call(tenant, 'POST', `/v1/cases/${caseId}/contacts`, {
          email: 'p@mail.example.org',
          consentAt: '2027-02-21T17:00:00Z',
        }),
      )
    ).id;
  });
  afterAll(() => api.close());

  it('needs the admin scope: a write key gets 403 and nothing changes', async () => {
    const key = await ok<{ key: string }>(
      await call(tenant, 'POST', '/v1/api-keys', { name: 'writer', scopes: ['write'] }),
    );
    for (const url of [`/v1/cases/${caseId}`, `/v1/contacts/${contactId}`]) {
      const response = await tenant.request({ method: 'DELETE', url, key: key.key });
      expect(response.statusCode).toBe(403);
    }
    expect((await call(tenant, 'GET', `/v1/cases/${caseId}`)).statusCode).toBe(200);
  });

  it("another organization's case or contact is 404, and stays", async () => {
    for (const url of [`/v1/cases/${caseId}`, `/v1/contacts/${contactId}`]) {
      const response = await call(other, 'DELETE', url);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call(tenant, 'GET', `/v1/cases/${caseId}/contacts`)).json()).toMatchObject({
      items: [{ id: contactId }],
    });
  });

  it('a second DELETE of the same case is 404', async () => {
    expect((await call(tenant, 'DELETE', `/v1/cases/${caseId}`)).statusCode).toBe(200);
    expect((await call(tenant, 'DELETE', `/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await call(tenant, 'DELETE', `/v1/contacts/${contactId}`)).statusCode).toBe(404);
  });
});

// Recording an event reads its case in one statement and sends every write in one more, and it
// answers from what it computed rather than reading the case back (issue 15: round trips). So
// these check, after each write, that the answer is exactly what a fresh read gives (the case,
// the event, every deadline with its history), and that the reminders and petitioner links it
// queued are what a synchronisation from scratch leaves: running that synchronisation again
// changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { followOrderWithLinks } from '../../src/services/petitioner-links.js';
import { synchroniseCaseReminders } from '../../src/services/reminders.js';
import { deadlinesOfCase } from '../../src/db/deadlines.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import {
  createCase,
  post,
  remindersOf,
  TEST_SECRETS_KEY,
  TestClock,
} from '../support/reminders.js';

let api: TestApi;
let tenant: Tenant;
const clock = new TestClock(new Date('2027-02-21T18:00:00Z'));

beforeAll(async () => {
  api = await startTestApi({ clock, env: { SECRETS_KEY: TEST_SECRETS_KEY, WORKER: 'off' } });
  tenant = await createTenant(api);
  // A webhook endpoint and a contact, so each write enqueues and cancels reminders.
  await post(tenant, '/v1/webhook-endpoints', { url: 'https://hooks.clinic.example/orderly' });
});
afterAll(() => api.close());

async function get<T>(url: string): Promise<T> {
  const response = await tenant.request({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

interface Outcome {
  event: { id: string };
  case: { id: string; version: number };
  deadlines: { id: string; status: string; history: unknown[] }[];
  changed: string[];
}

/** The answer to a write against what fresh reads give, and the outbox against a re-synchronisation. */
async function checkAgainstFreshReads(caseId: string, outcome: Outcome): Promise<void> {
  const { deadlines } = await get<{ deadlines: unknown[] }>(`/v1/cases/${caseId}/deadlines`);
  expect(outcome.deadlines).toEqual(deadlines);
  expect(outcome.case).toEqual(await get(`/v1/cases/${caseId}`));
  const { events } = await get<{ events: { id: string }[] }>(`/v1/cases/${caseId}/events`);
  expect(events.find((e) => e.id === outcome.event.id)).toEqual(outcome.event);

  const reminders = await remindersOf(tenant, caseId);
  const links = await get(`/v1/cases/${caseId}/petitioner-links`);
  await inTransaction(api.runtime.db, async (tx) => {
    const now = clock.now();
    await synchroniseCaseReminders(tx, tenant.organizationId, caseId, {
      now,
      quietHours: api.runtime.config.reminders.quietHours,
      catchUp: true,
    });
    await followOrderWithLinks(tx, caseId, await deadlinesOfCase(tx, caseId), now);
  });
  expect(await remindersOf(tenant, caseId)).toEqual(reminders);
  expect(await get(`/v1/cases/${caseId}/petitioner-links`)).toEqual(links);
}

describe('recording an event answers what a fresh read gives', () => {
  it('through records and corrections, with reminders and a petitioner link', async () => {
    const owner = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'WRITES-1',
      events: [
        { type: 'TRO_GRANTED', date: '2027-02-20' },
        { type: 'HEARING_SET', date: '2027-03-16', time: '08:30' },
      ],
    });
    await post(tenant, `/v1/cases/${owner.id}/contacts`, {
      email: 'petitioner@example.org',
      consentAt: clock.now().toISOString(),
    });
    await post(tenant, `/v1/cases/${owner.id}/petitioner-links`, {});
    const linkBefore = await get<{ items: { expiresAt: string }[] }>(
      `/v1/cases/${owner.id}/petitioner-links`,
    );

    const record = async (payload: object, key?: string): Promise<Outcome> => {
      const response = await tenant.request({
        method: 'POST',
        url: `/v1/cases/${owner.id}/events`,
        payload,
        ...(key !== undefined && { headers: { 'idempotency-key': key } }),
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Outcome>();
    };

    // A continuance moves the hearing: reminders cancelled and enqueued, history written.
    const continued = await record(
      { type: 'HEARING_CONTINUED', date: '2027-04-13', time: '08:30' },
      'writes-1',
    );
    expect(continued.changed).toContain('HEARING');
    expect(continued.deadlines.some((d) => d.history.length > 1)).toBe(true);
    await checkAgainstFreshReads(owner.id, continued);
    const statuses = (await remindersOf(tenant, owner.id)).map((r) => r.status);
    expect(statuses).toContain('CANCELLED');
    expect(statuses).toContain('PENDING');

    // Service, without an Idempotency-Key (its writes are sent at the end all the same).
    const served = await record({ type: 'SERVED', date: '2027-02-25', method: 'PERSONAL' });
    await checkAgainstFreshReads(owner.id, served);

    const correct = async (eventId: string, payload: object): Promise<Outcome> => {
      const response = await tenant.request({
        method: 'POST',
        url: `/v1/cases/${owner.id}/events/${eventId}/corrections`,
        payload,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Outcome>();
    };

    // A correction goes through the same code and sends its writes itself.
    const corrected = await correct(continued.event.id, {
      type: 'HEARING_CONTINUED',
      date: '2027-04-20',
      time: '09:00',
    });
    await checkAgainstFreshReads(owner.id, corrected);

    // The order after the hearing: the petitioner link now follows the order's end.
    const granted = await record({ type: 'ORDER_AFTER_HEARING', date: '2027-04-20' }, 'writes-2');
    await checkAgainstFreshReads(owner.id, granted);
    const linkAfter = await get<{ items: { expiresAt: string }[] }>(
      `/v1/cases/${owner.id}/petitioner-links`,
    );
    expect(linkAfter.items[0]!.expiresAt).not.toBe(linkBefore.items[0]!.expiresAt);

    // Corrected into a continuance: the order's slots are kept as SUPERSEDED, in the answer too.
    const undone = await correct(granted.event.id, {
      type: 'HEARING_CONTINUED',
      date: '2027-05-04',
      time: '08:30',
    });
    expect(undone.deadlines.some((d) => d.status === 'SUPERSEDED')).toBe(true);
    await checkAgainstFreshReads(owner.id, undone);

    // Recorded again: a superseded slot comes back with a new revision.
    const again = await record({ type: 'ORDER_AFTER_HEARING', date: '2027-05-04' }, 'writes-3');
    await checkAgainstFreshReads(owner.id, again);

    // A replay answers the first answer and writes nothing.
    const replay = await tenant.request({
      method: 'POST',
      url: `/v1/cases/${owner.id}/events`,
      headers: { 'idempotency-key': 'writes-3' },
      payload: { type: 'ORDER_AFTER_HEARING', date: '2027-05-04' },
    });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(again);
    const { events } = await get<{ events: unknown[] }>(`/v1/cases/${owner.id}/events`);
    expect(events).toHaveLength(8);
  });
});

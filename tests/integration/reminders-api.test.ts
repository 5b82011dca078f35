// Reminders follow the deadlines, in the same transaction: they move when a hearing is
// continued, stop when a renewal is filed, a case is closed or a contact opts out. And the
// API around them: contacts need consent, webhook secrets are shown once and stored
// encrypted, failures are visible, another organization's ids are 404.
import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import {
  createCase,
  post,
  remindersOf,
  TEST_SECRETS_KEY,
  TestClock,
  type ReminderJson,
} from '../support/reminders.js';

let api: TestApi;
let tenant: Tenant;
const clock = new TestClock(new Date('2027-02-21T18:00:00Z'));

beforeAll(async () => {
  api = await startTestApi({ clock, env: { SECRETS_KEY: TEST_SECRETS_KEY } });
  tenant = await createTenant(api);
  await post(tenant, '/v1/webhook-endpoints', { url: 'https://hooks.clinic.example/orderly' });
});
afterAll(() => api.close());

const pending = (reminders: ReminderJson[]) => reminders.filter((r) => r.status === 'PENDING');
const summary = (reminders: ReminderJson[]) =>
  [...new Set(reminders.map((r) => `${r.deadlineKey} ${r.occurrence} ${r.dueAt}`))].sort();

async function hearingCase(reference: string) {
  return createCase(tenant, {
    family: 'DV',
    court: 'CA',
    reference,
    events: [
      { type: 'TRO_GRANTED', date: '2027-02-20' },
      { type: 'HEARING_SET', date: '2027-03-16', time: '08:30' },
    ],
  });
}

async function version(caseId: string): Promise<number> {
  return (await tenant.request({ method: 'GET', url: `/v1/cases/${caseId}` })).json<{
    version: number;
  }>().version;
}

async function patchCase(caseId: string, body: object) {
  const response = await tenant.request({
    method: 'PATCH',
    url: `/v1/cases/${caseId}`,
    headers: { 'if-match': `"${await version(caseId)}"` },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
}

describe('reminders follow the deadlines', () => {
  it('move when a hearing is continued: the old ones are cancelled, new ones (new ids) at the new dates', async () => {
    const owner = await hearingCase('CONT-1');
    const before = pending(await remindersOf(tenant, owner.id)).filter(
      (r) => r.deadlineKey === 'HEARING',
    );
    expect(summary(before)).toEqual([
      'HEARING 1d-before 2027-03-15T16:00:00.000Z',
      'HEARING 7d-before 2027-03-09T17:00:00.000Z',
    ]);
    await post(tenant, `/v1/cases/${owner.id}/events`, {
      type: 'HEARING_CONTINUED',
      date: '2027-04-13',
      time: '08:30',
    });
    const after = await remindersOf(tenant, owner.id);
    for (const old of before)
      expect(after.find((r) => r.id === old.id)).toMatchObject({
        status: 'CANCELLED',
        cancelReason: 'DEADLINE_MOVED',
      });
    const moved = pending(after).filter((r) => r.deadlineKey === 'HEARING');
    expect(summary(moved)).toEqual([
      'HEARING 1d-before 2027-04-12T16:00:00.000Z',
      'HEARING 7d-before 2027-04-06T16:00:00.000Z',
    ]);
    expect(moved.some((r) => before.some((b) => b.id === r.id))).toBe(false);
    // The same change again (a correction to the same date) schedules nothing new.
    const count = after.length;
    await patchCase(owner.id, { reference: 'CONT-1b' });
    expect((await remindersOf(tenant, owner.id)).length).toBe(count);
  });

  it('stop when a renewal is filed, and past occurrences are never scheduled late', async () => {
    const owner = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'RENEW-1',
      events: [{ type: 'ORDER_AFTER_HEARING', date: '2026-05-20', expires: '2027-05-20' }],
    });
    const renewal = (await remindersOf(tenant, owner.id)).filter(
      (r) => r.deadlineKey === 'RENEWAL_DEADLINE',
    );
    // The window opened 2027-02-20 (the day before now: not sent late); then every 2 weeks
    // (Mar 6, Mar 20, Apr 3), then weekly through the last month, on the deadline's weekday.
    expect(summary(renewal)).toEqual([
      'RENEWAL_DEADLINE 0d-before 2027-05-20T16:00:00.000Z',
      'RENEWAL_DEADLINE 14d-before 2027-05-06T16:00:00.000Z',
      'RENEWAL_DEADLINE 21d-before 2027-04-29T16:00:00.000Z',
      'RENEWAL_DEADLINE 28d-before 2027-04-22T16:00:00.000Z',
      'RENEWAL_DEADLINE 47d-before 2027-04-03T16:00:00.000Z',
      'RENEWAL_DEADLINE 61d-before 2027-03-20T16:00:00.000Z',
      'RENEWAL_DEADLINE 75d-before 2027-03-06T17:00:00.000Z',
      'RENEWAL_DEADLINE 7d-before 2027-05-13T16:00:00.000Z',
      // Recorded the day after the window opened: one catch-up, now (issue 13).
      'RENEWAL_DEADLINE catch-up 2027-02-21T18:00:00.000Z',
    ]);
    await post(tenant, `/v1/cases/${owner.id}/events`, {
      type: 'RENEWAL_FILED',
      date: '2027-03-01',
    });
    const after = (await remindersOf(tenant, owner.id)).filter(
      (r) => r.deadlineKey === 'RENEWAL_DEADLINE',
    );
    expect(pending(after)).toEqual([]);
    expect(after.every((r) => r.cancelReason === 'DEADLINE_MET')).toBe(true);
  });

  it('stop when the case is closed and come back (same ids) when it is reopened; follow advocate assignments', async () => {
    const owner = await hearingCase('CLOSE-1');
    const open = pending(await remindersOf(tenant, owner.id));
    await patchCase(owner.id, { status: 'CLOSED' });
    const closed = await remindersOf(tenant, owner.id);
    expect(pending(closed)).toEqual([]);
    expect(closed.every((r) => r.cancelReason === 'CASE_CLOSED')).toBe(true);
    await patchCase(owner.id, { status: 'OPEN' });
    expect(
      pending(await remindersOf(tenant, owner.id))
        .map((r) => r.id)
        .sort(),
    ).toEqual(open.map((r) => r.id).sort());

    const advocate = await post<{ id: string }>(tenant, '/v1/advocates', {
      displayName: 'Late Assignee',
      email: 'late@clinic.example',
    });
    await patchCase(owner.id, { advocateIds: [advocate.id] });
    const toAdvocate = pending(await remindersOf(tenant, owner.id)).filter(
      (r) => r.recipient.type === 'ADVOCATE',
    );
    // Advocates get every kind: the hearing and the service deadline.
    expect(new Set(toAdvocate.map((r) => r.deadlineKey))).toEqual(
      new Set(['HEARING', 'SERVICE_DEADLINE']),
    );
    await patchCase(owner.id, { advocateIds: [] });
    const unassigned = await remindersOf(tenant, owner.id);
    expect(
      unassigned
        .filter((r) => r.recipient.type === 'ADVOCATE')
        .every((r) => r.cancelReason === 'RECIPIENT_REMOVED'),
    ).toBe(true);
  });

  it('an EPO: immediately (to the clinic) and on the last court day before it expires', async () => {
    clock.set('2027-01-15T18:00:00Z'); // Friday; Monday Jan 18 is a holiday (MLK Day)
    try {
      const owner = await createCase(tenant, {
        family: 'DV',
        court: 'CA',
        reference: 'EPO-2',
        events: [{ type: 'EPO_ISSUED', date: '2027-01-15', time: '09:00' }],
      });
      const deadlines = (
        await tenant.request({ method: 'GET', url: `/v1/cases/${owner.id}/deadlines` })
      ).json<{ deadlines: { key: string; date: string }[] }>().deadlines;
      const expiry = deadlines.find((d) => d.key === 'EPO_EXPIRES')!.date;
      expect(expiry).toBe('2027-01-22');
      expect(summary(await remindersOf(tenant, owner.id))).toEqual([
        'EPO_EXPIRES 1d-before 2027-01-21T17:00:00.000Z',
        'EPO_EXPIRES immediately 2027-01-15T18:00:00.000Z',
      ]);
      // Only the clinic: the webhook endpoint (no advocate assigned, no petitioner for EPOs).
      expect(new Set((await remindersOf(tenant, owner.id)).map((r) => r.recipient.type))).toEqual(
        new Set(['WEBHOOK']),
      );
    } finally {
      clock.set('2027-02-21T18:00:00Z');
    }
  });
});

describe('contacts', () => {
  it('need consent, get renewal and hearing reminders only, and an advocate can record an opt-out', async () => {
    const owner = await hearingCase('CONTACT-1');
    const missing = await tenant.request({
      method: 'POST',
      url: `/v1/cases/${owner.id}/contacts`,
      payload: { email: 'p@example.org' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      errors: [{ name: 'body.consentAt', reason: 'required' }],
    });
    const future = await tenant.request({
      method: 'POST',
      url: `/v1/cases/${owner.id}/contacts`,
      payload: { email: 'p@example.org', consentAt: '2030-01-01T00:00:00Z' },
    });
    expect(future.statusCode).toBe(400);
    const contact = await post<{ id: string; locale: string }>(
      tenant,
      `/v1/cases/${owner.id}/contacts`,
      { email: 'p@example.org', consentAt: '2027-02-20T10:00:00Z' },
    );
    expect(contact.locale).toBe('en');
    const toContact = pending(await remindersOf(tenant, owner.id)).filter(
      (r) => r.recipient.id === contact.id,
    );
    expect(new Set(toContact.map((r) => r.deadlineKey))).toEqual(new Set(['HEARING']));
    const stopped = await post<{ optedOutAt: string }>(
      tenant,
      `/v1/contacts/${contact.id}/opt-out`,
    );
    expect(stopped.optedOutAt).toBe('2027-02-21T18:00:00.000Z');
    const after = (await remindersOf(tenant, owner.id)).filter(
      (r) => r.recipient.id === contact.id,
    );
    expect(after.every((r) => r.status === 'CANCELLED' && r.cancelReason === 'OPTED_OUT')).toBe(
      true,
    );
    // A later change to the case does not bring them back.
    await post(tenant, `/v1/cases/${owner.id}/events`, {
      type: 'HEARING_CONTINUED',
      date: '2027-04-13',
    });
    expect(
      pending(await remindersOf(tenant, owner.id)).filter((r) => r.recipient.id === contact.id),
    ).toEqual([]);
  });
});

describe('webhook endpoints', () => {
  it('show the secret once, store it encrypted, never list it; rotate; disable cancels their reminders; admin only', async () => {
    const response = await tenant.request({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      headers: { 'idempotency-key': 'endpoint-1' },
      payload: { url: 'https://sms.clinic.example/in', description: 'SMS gateway' },
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ webhookEndpoint: { id: string }; secret: string }>();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const replay = await tenant.request({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      headers: { 'idempotency-key': 'endpoint-1' },
      payload: { url: 'https://sms.clinic.example/in', description: 'SMS gateway' },
    });
    expect(replay.json()).toMatchObject({ secret: null, webhookEndpoint: created.webhookEndpoint });
    const list = await tenant.request({ method: 'GET', url: '/v1/webhook-endpoints' });
    expect(list.body).not.toContain('whsec_');
    const stored = await api.runtime.db.pool.query<{ secret: Buffer }>(
      'SELECT secret FROM "WebhookEndpoint" WHERE id = $1',
      [created.webhookEndpoint.id],
    );
    const secretBytes = Buffer.from(created.secret.slice('whsec_'.length), 'base64');
    expect(stored.rows[0]!.secret.includes(secretBytes)).toBe(false);
    expect(stored.rows[0]!.secret.toString('latin1')).not.toContain(created.secret);
    const audit = await tenant.request({ method: 'GET', url: '/v1/audit-events' });
    expect(audit.body).not.toContain(created.secret);

    const rotated = await post<{
      secret: string;
      webhookEndpoint: { previousSecretExpiresAt: string };
    }>(tenant, `/v1/webhook-endpoints/${created.webhookEndpoint.id}/rotate-secret`);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.webhookEndpoint.previousSecretExpiresAt).toBe('2027-02-22T18:00:00.000Z');

    // The new endpoint was given the open cases' upcoming reminders; disabling cancels them.
    const reminders = await tenant.request({
      method: 'GET',
      url: '/v1/reminders?status=PENDING&limit=200',
    });
    const toEndpoint = reminders
      .json<{ items: ReminderJson[] }>()
      .items.filter((r) => r.recipient.id === created.webhookEndpoint.id);
    expect(toEndpoint.length).toBeGreaterThan(0);
    const disabled = await tenant.request({
      method: 'PATCH',
      url: `/v1/webhook-endpoints/${created.webhookEndpoint.id}`,
      headers: { 'if-match': '*' },
      payload: { enabled: false },
    });
    expect(disabled.json()).toMatchObject({ enabled: false });
    const cancelled = await tenant.request({
      method: 'GET',
      url: `/v1/reminders/${toEndpoint[0]!.id}`,
    });
    expect(cancelled.json()).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'RECIPIENT_REMOVED',
    });

    const writer = await post<{ key: string }>(tenant, '/v1/api-keys', {
      name: 'writer',
      scopes: ['write'],
    });
    const forbidden = await tenant.request({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      key: writer.key,
      payload: { url: 'https://elsewhere.example/in' },
    });
    expect(forbidden.statusCode).toBe(403);
    const insecure = await tenant.request({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { url: 'http://hooks.clinic.example/in' },
    });
    expect(insecure.statusCode).toBe(400);
  });
});

describe('tenancy', () => {
  it("another organization's cases, contacts, endpoints and reminders are 404 and unchanged", async () => {
    const other = await createTenant(api, 'Other Clinic');
    const owner = await hearingCase('MINE-1');
    const contact = await post<{ id: string }>(tenant, `/v1/cases/${owner.id}/contacts`, {
      email: 'mine@example.org',
      consentAt: '2027-02-20T10:00:00Z',
    });
    const [reminder] = await remindersOf(tenant, owner.id);
    const endpoints = (await tenant.request({ method: 'GET', url: '/v1/webhook-endpoints' })).json<{
      items: { id: string }[];
    }>().items;
    const attempts = [
      { method: 'GET', url: `/v1/cases/${owner.id}/reminders` },
      { method: 'GET', url: `/v1/cases/${owner.id}/contacts` },
      { method: 'GET', url: `/v1/reminders/${reminder!.id}` },
      { method: 'GET', url: `/v1/webhook-endpoints/${endpoints[0]!.id}` },
      { method: 'POST', url: `/v1/contacts/${contact.id}/opt-out` },
      { method: 'POST', url: `/v1/webhook-endpoints/${endpoints[0]!.id}/rotate-secret` },
      {
        method: 'POST',
        url: `/v1/cases/${owner.id}/contacts`,
        payload: { email: 'x@example.org', consentAt: '2027-02-20T10:00:00Z' },
      },
      {
        method: 'PATCH',
        url: `/v1/webhook-endpoints/${endpoints[0]!.id}`,
        headers: { 'if-match': '"1"' },
        payload: { enabled: false },
      },
    ] as const;
    for (const attempt of attempts) {
      const response = await other.request(attempt);
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
    }
    const theirs = await other.request({ method: 'GET', url: '/v1/reminders?limit=200' });
    expect(theirs.json()).toEqual({ items: [], nextCursor: null });
    expect((await remindersOf(tenant, owner.id)).find((r) => r.id === reminder!.id)?.status).toBe(
      'PENDING',
    );
  });
});

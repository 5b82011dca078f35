// One organization can never read, change, or learn the existence of another's cases,
// deadlines, keys or feeds. Every route in the OpenAPI document that takes an id is sent
// the other organization's ids: each answers exactly like an id that does not exist (404),
// and nothing in the database changes. List routes never show the other's rows.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { databaseFingerprint } from '../support/snapshot.js';

let api: TestApi;
let alice: Tenant; // the one asking
let bob: Tenant; // whose ids are used
const bobIds: Record<string, string> = {};

/** Requests that pass validation, so a 404 can only come from tenancy. */
const validBodies: Record<string, unknown> = {
  'PATCH /v1/cases/{id}': { reference: 'taken over' },
  'POST /v1/cases/{id}/events': { type: 'HEARING_SET', date: '2025-12-01' },
  'POST /v1/cases/{id}/events/{eventId}/corrections': { type: 'HEARING_SET', date: '2025-12-02' },
  'POST /v1/cases/{id}/events/{eventId}/void': { reason: 'test' },
  'PATCH /v1/advocates/{id}': { displayName: 'Renamed' },
  'POST /v1/api-keys/{id}/revoke': undefined,
  'POST /v1/cases/{id}/contacts': { email: 'p@example.org', consentAt: '2025-11-01T00:00:00Z' },
  'POST /v1/contacts/{id}/opt-out': undefined,
  'POST /v1/contacts/{id}/resume': { consentAt: '2025-11-02T00:00:00Z', consentMethod: 'phone' },
  'PUT /v1/contacts/{id}/wording': { discreet: false },
  'PATCH /v1/webhook-endpoints/{id}': { enabled: false },
  'POST /v1/webhook-endpoints/{id}/rotate-secret': undefined,
  'POST /v1/feeds/{id}/revoke': undefined,
  'POST /v1/feeds/{id}/rotate': undefined,
  'POST /v1/court-closures/{id}/withdraw': { reason: 'taken over' },
  'POST /v1/reminders/{id}/send-now': undefined,
  'POST /v1/cases/{id}/petitioner-links': {},
  'POST /v1/petitioner-links/{id}/revoke': undefined,
};

/** Which of bob's ids a path parameter means, by the collection it follows. */
function idFor(path: string, parameter: string): string {
  if (parameter === 'eventId') return bobIds.event!;
  const collection = /^\/v1\/([^/]+)\/\{id\}/.exec(path)?.[1];
  const ids: Record<string, string | undefined> = {
    cases: bobIds.case,
    deadlines: bobIds.deadline,
    advocates: bobIds.advocate,
    'api-keys': bobIds.apiKey,
    feeds: bobIds.feed,
    contacts: bobIds.contact,
    'webhook-endpoints': bobIds.webhookEndpoint,
    reminders: bobIds.reminder,
    'court-closures': bobIds.courtClosure,
    'recompute-jobs': bobIds.recomputeJob,
    'petitioner-links': bobIds.petitionerLink,
  };
  const id = collection ? ids[collection] : undefined;
  if (!id)
    throw new Error(`the tenancy test does not know which id ${path} takes: add one to idFor()`);
  return id;
}

beforeAll(async () => {
  api = await startTestApi();
  alice = await createTenant(api, 'Alice Clinic');
  bob = await createTenant(api, 'Bob Clinic');
  const advocate = await bob.request({
    method: 'POST',
    url: '/v1/advocates',
    payload: { displayName: 'Bob Advocate', email: 'b@example.org' },
  });
  bobIds.advocate = advocate.json<{ id: string }>().id;
  const created = await bob.request({
    method: 'POST',
    url: '/v1/cases',
    payload: {
      family: 'DV',
      court: 'CA',
      reference: 'BOB-1',
      respondentLabel: 'Respondent B',
      advocateIds: [bobIds.advocate],
      events: [{ type: 'TRO_GRANTED', date: '2025-11-03' }],
    },
  });
  bobIds.case = created.json<{ case: { id: string } }>().case.id;
  bobIds.deadline = created.json<{ deadlines: { id: string }[] }>().deadlines[0]!.id;
  const event = await bob.request({
    method: 'POST',
    url: `/v1/cases/${bobIds.case}/events`,
    payload: { type: 'HEARING_SET', date: '2025-11-24' },
  });
  bobIds.event = event.json<{ event: { id: string } }>().event.id;
  const key = await bob.request({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { name: 'reader', scopes: ['read'] },
  });
  bobIds.apiKey = key.json<{ apiKey: { id: string } }>().apiKey.id;
  // Feeds, contacts, webhook endpoints and reminders join the matrix when their routes exist.
  const feed = await bob.request({
    method: 'POST',
    url: '/v1/feeds',
    payload: { scope: 'CASE', caseId: bobIds.case },
  });
  if (feed.statusCode === 201) bobIds.feed = feed.json<{ feed: { id: string } }>().feed.id;
  const contact = await bob.request({
    method: 'POST',
    url: `/v1/cases/${bobIds.case}/contacts`,
    payload: { email: 'bob.petitioner@example.org', consentAt: '2025-11-01T00:00:00Z' },
  });
  bobIds.contact = contact.json<{ id: string }>().id;
  const link = await bob.request({
    method: 'POST',
    url: `/v1/cases/${bobIds.case}/petitioner-links`,
    payload: {},
  });
  bobIds.petitionerLink = link.json<{ id: string }>().id;
  const endpoint = await bob.request({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    payload: { url: 'https://hooks.bob.example/orderly' },
  });
  bobIds.webhookEndpoint = endpoint.json<{ webhookEndpoint: { id: string } }>().webhookEndpoint.id;
  // An order that ends in the future: its renewal reminders are scheduled.
  const soon = (days: number) =>
    new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const renewing = await bob.request({
    method: 'POST',
    url: '/v1/cases',
    payload: {
      family: 'DV',
      court: 'CA',
      reference: 'BOB-2',
      events: [{ type: 'ORDER_AFTER_HEARING', date: soon(-300), expires: soon(120) }],
    },
  });
  const reminders = await bob.request({
    method: 'GET',
    url: `/v1/cases/${renewing.json<{ case: { id: string } }>().case.id}/reminders`,
  });
  bobIds.reminder = reminders.json<{ items: { id: string }[] }>().items[0]!.id;
  const closure = await bob.request({
    method: 'POST',
    url: '/v1/court-closures',
    payload: { court: 'CA', from: '2025-11-20', reason: 'bob only', source: 'bob notice' },
  });
  const recorded = closure.json<{ closure: { id: string }; jobs: { id: string }[] }>();
  bobIds.courtClosure = recorded.closure.id;
  bobIds.recomputeJob = recorded.jobs[0]!.id;
});
afterAll(() => api.close());

interface Operation {
  method: string;
  path: string;
}

async function operations(): Promise<Operation[]> {
  const doc = (await api.app.inject({ url: '/docs/json' })).json<{
    paths: Record<string, Record<string, unknown>>;
  }>();
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
}

describe('tenancy', () => {
  it("every route that takes an id answers 404 for the other organization's ids, exactly as for an unknown id, and changes nothing", async () => {
    const withIds = (await operations()).filter(
      (op) => op.path.startsWith('/v1/') && op.path.includes('{'),
    );
    expect(withIds.length).toBeGreaterThanOrEqual(10);
    const before = await databaseFingerprint(api.runtime.db.pool);
    for (const op of withIds) {
      const name = `${op.method} ${op.path}`;
      const needsBody = op.method !== 'GET' && op.method !== 'DELETE';
      if (needsBody && !(name in validBodies))
        throw new Error(`add a valid body for ${name} to the tenancy test`);
      const send = (fill: (parameter: string) => string) =>
        alice.request({
          method: op.method,
          url: op.path.replace(/\{(\w+)\}/g, (_, parameter: string) => fill(parameter)),
          headers: { 'if-match': '"1"', 'idempotency-key': randomUUID() },
          ...(validBodies[name] !== undefined && { payload: validBodies[name] as object }),
        });
      const theirs = await send((parameter) => idFor(op.path, parameter));
      const unknown = await send(() => randomUUID());
      expect(theirs.statusCode, `${name}: ${theirs.body}`).toBe(404);
      expect(theirs.headers['content-type'], name).toMatch(/^application\/problem\+json/);
      // Nothing tells "exists elsewhere" apart from "does not exist".
      expect(theirs.body, name).toBe(unknown.body);
    }
    expect(await databaseFingerprint(api.runtime.db.pool)).toEqual(before);
  });

  it("lists never include the other organization's rows, even when filtered by its ids", async () => {
    const lists = [
      '/v1/cases',
      `/v1/cases?advocate=${bobIds.advocate}`,
      '/v1/deadlines?status=all',
      `/v1/deadlines?status=all&advocate=${bobIds.advocate}`,
      '/v1/advocates',
      '/v1/api-keys',
      '/v1/audit-events',
      '/v1/court-closures?withdrawn=true',
      '/v1/court-closures?court=CA',
      '/v1/recompute-jobs',
      `/v1/recompute-jobs?closureId=${bobIds.courtClosure}`,
    ];
    for (const url of lists) {
      const response = await alice.request({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      const text = response.body;
      for (const id of Object.values(bobIds)) expect(text, url).not.toContain(id);
      expect(text, url).not.toContain('BOB-1');
    }
    // And bob sees his own.
    expect((await bob.request({ method: 'GET', url: '/v1/deadlines?status=all' })).body).toContain(
      'BOB-1',
    );
  });

  it("a case cannot be assigned another organization's advocate", async () => {
    const response = await alice.request({
      method: 'POST',
      url: '/v1/cases',
      payload: { family: 'DV', court: 'CA', reference: 'A-1', advocateIds: [bobIds.advocate] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      errors: [{ name: 'body.advocateIds[0]', reason: 'no such advocate' }],
    });
  });

  it("the other organization's key cannot be used to reach this one", async () => {
    const created = await alice.request({
      method: 'POST',
      url: '/v1/cases',
      payload: { family: 'CH', court: 'CA', reference: 'A-2' },
    });
    const aliceCase = created.json<{ case: { id: string } }>().case.id;
    const response = await bob.request({ method: 'GET', url: `/v1/cases/${aliceCase}` });
    expect(response.statusCode).toBe(404);
  });
});

// Bad input gets a clear 4xx problem+json naming the field, never a 500, and changes nothing.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENTS } from '../../src/engine/index.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { databaseFingerprint } from '../support/snapshot.js';

let api: TestApi;
let clinic: Tenant;
let caseId: string;
let etag: string;
beforeAll(async () => {
  api = await startTestApi();
  clinic = await createTenant(api);
  const created = await clinic.request({
    method: 'POST',
    url: '/v1/cases',
    payload: { family: 'DV', court: 'CA', reference: 'BAD-INPUT' },
  });
  caseId = created.json<{ case: { id: string } }>().case.id;
  etag = created.headers.etag as string;
});
afterAll(() => api.close());

interface BadRequest {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: () => string;
  /** A JSON value, or raw text when `raw` is set. */
  payload?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  /** Field names the problem must name (exactly these, in any order), when the failure is a field's. */
  fields?: string[];
  /** Text the problem's title or detail must contain. */
  says?: RegExp;
}

const event = (over: object) => ({
  type: 'SERVED',
  date: '2025-11-20',
  method: 'PERSONAL',
  ...over,
});
const newCase = (over: object) => ({ family: 'DV', court: 'CA', reference: 'X', ...over });
const cases = '/v1/cases';
const events = () => `/v1/cases/${caseId}/events`;

const table: BadRequest[] = [
  {
    name: 'malformed JSON',
    method: 'POST',
    url: () => cases,
    raw: '{"family": "DV",',
    status: 400,
    says: /Malformed JSON/,
  },
  {
    name: 'empty JSON body',
    method: 'POST',
    url: () => cases,
    raw: '',
    status: 400,
    says: /Empty JSON body/,
  },
  {
    name: 'a JSON array instead of an object',
    method: 'POST',
    url: () => cases,
    payload: [],
    status: 400,
    fields: ['body'],
  },
  {
    name: 'an unknown field',
    method: 'POST',
    url: () => cases,
    payload: newCase({ nickname: 'x' }),
    status: 400,
    fields: ['body.nickname'],
  },
  {
    name: 'an unknown field on an event',
    method: 'POST',
    url: events,
    payload: event({ color: 'red' }),
    status: 400,
    fields: ['body.color'],
  },
  {
    name: 'a field that does not belong to the event type',
    method: 'POST',
    url: events,
    payload: event({ permanent: true }),
    status: 400,
    fields: ['body.permanent'],
    says: /not allowed on SERVED events/,
  },
  {
    name: 'a client-chosen event id',
    method: 'POST',
    url: events,
    payload: event({ id: 'mine' }),
    status: 400,
    fields: ['body.id'],
  },
  {
    name: 'a wrong type',
    method: 'POST',
    url: () => cases,
    payload: newCase({ family: 5 }),
    status: 400,
    fields: ['body.family'],
  },
  {
    name: 'a number as a string',
    method: 'POST',
    url: events,
    payload: { type: 'SERVICE_TIME_SHORTENED', date: '2025-11-20', days: '3' },
    status: 400,
    fields: ['body.days'],
  },
  {
    name: 'an unknown family',
    method: 'POST',
    url: () => cases,
    payload: newCase({ family: 'XX' }),
    status: 400,
    fields: ['body.family'],
  },
  {
    name: 'an unknown event type',
    method: 'POST',
    url: events,
    payload: { type: 'ORDER_FORGOTTEN', date: '2025-11-20' },
    status: 400,
    fields: ['body.type'],
  },
  {
    name: 'an unknown service method',
    method: 'POST',
    url: events,
    payload: event({ method: 'FAX' }),
    status: 400,
    fields: ['body.method'],
  },
  {
    name: 'a missing field',
    method: 'POST',
    url: events,
    payload: { type: 'SERVED', date: '2025-11-20' },
    status: 400,
    fields: ['body.method'],
  },
  {
    name: 'an impossible date',
    method: 'POST',
    url: events,
    payload: event({ date: '2025-02-30' }),
    status: 400,
    fields: ['body.date'],
    says: /not a real calendar date: 2025-02-30/,
  },
  {
    name: "an impossible date in a new case's events",
    method: 'POST',
    url: () => cases,
    payload: newCase({ events: [event({ date: '2026-13-01' })] }),
    status: 400,
    fields: ['body.events[0].date'],
  },
  {
    name: 'a date that is not a date',
    method: 'POST',
    url: events,
    payload: event({ date: '20/11/2025' }),
    status: 400,
    fields: ['body.date'],
  },
  {
    name: 'a date before the court calendar',
    method: 'POST',
    url: events,
    payload: event({ date: '1999-06-01' }),
    status: 400,
    fields: ['body.date'],
    says: /outside the supported court calendar/,
  },
  {
    name: 'a date after the court calendar',
    method: 'POST',
    url: events,
    payload: event({ date: '2099-06-01' }),
    status: 400,
    fields: ['body.date'],
  },
  {
    name: 'an impossible time',
    method: 'POST',
    url: events,
    payload: { type: 'HEARING_SET', date: '2025-11-24', time: '25:61' },
    status: 400,
    fields: ['body.time'],
  },
  {
    name: 'an unknown court',
    method: 'POST',
    url: () => cases,
    payload: newCase({ court: 'CA-atlantis' }),
    status: 400,
    fields: ['body.court'],
  },
  {
    name: 'a blank reference',
    method: 'POST',
    url: () => cases,
    payload: newCase({ reference: '   ' }),
    status: 400,
    fields: ['body.reference'],
  },
  {
    name: 'a huge string',
    method: 'POST',
    url: () => cases,
    payload: newCase({ reference: 'x'.repeat(10_000) }),
    status: 400,
    fields: ['body.reference'],
  },
  {
    name: 'a NUL character',
    method: 'POST',
    url: () => cases,
    payload: newCase({ reference: 'a\u0000b' }),
    status: 400,
    fields: ['body.reference'],
  },
  {
    name: 'a reference with a right-to-left override (it would display as another)',
    method: 'POST',
    url: () => cases,
    payload: newCase({ reference: 'CASE-\u202E21' }),
    status: 400,
    fields: ['body.reference'],
    says: /bidirectional/,
  },
  {
    name: 'labels with bidi isolates',
    method: 'POST',
    url: () => cases,
    payload: newCase({ petitionerLabel: 'A\u2067B\u2069', respondentLabel: '\u202DR' }),
    status: 400,
    fields: ['body.petitionerLabel', 'body.respondentLabel'],
  },
  {
    name: 'a reference of zero-width characters only',
    method: 'POST',
    url: () => cases,
    payload: newCase({ reference: '\u200B\u200C\u200D\u2060\uFEFF' }),
    status: 400,
    fields: ['body.reference'],
    says: /visible/,
  },
  {
    name: 'a label of zero-width characters and spaces',
    method: 'POST',
    url: () => cases,
    payload: newCase({ petitionerLabel: ' \u200B ' }),
    status: 400,
    fields: ['body.petitionerLabel'],
  },
  {
    name: 'a PATCH to a reference with a bidi override',
    method: 'PATCH',
    url: () => `/v1/cases/${caseId}`,
    headers: { 'if-match': '*' },
    payload: { reference: '\u202EX' },
    status: 400,
    fields: ['body.reference'],
  },
  {
    name: 'a feed label of zero-width characters',
    method: 'POST',
    url: () => '/v1/feeds',
    payload: { scope: 'ORGANIZATION', label: '\u200B' },
    status: 400,
    fields: ['body.label'],
  },
  {
    name: 'a duplicate JSON key',
    method: 'POST',
    url: () => cases,
    raw: '{"family":"DV","court":"CA","reference":"A","reference":"B"}',
    status: 400,
    fields: ['body.reference'],
    says: /twice/,
  },
  {
    name: 'a duplicate JSON key inside an event (also when spelled with an escape)',
    method: 'POST',
    url: () => cases,
    raw: '{"family":"DV","court":"CA","reference":"A","events":[{"type":"TRO_GRANTED","date":"2025-11-03"},{"type":"SERVED","method":"PERSONAL","date":"2025-11-04","\\u0064ate":"2025-11-05"}]}',
    status: 400,
    fields: ['body.events[1].date'],
  },
  {
    name: 'a malformed advocate id',
    method: 'POST',
    url: () => cases,
    payload: newCase({ advocateIds: ['not-a-uuid'] }),
    status: 400,
    fields: ['body.advocateIds[0]'],
  },
  {
    name: 'an unknown advocate',
    method: 'POST',
    url: () => cases,
    payload: newCase({ advocateIds: [randomUUID()] }),
    status: 400,
    fields: ['body.advocateIds[0]'],
  },
  {
    name: '__proto__ in the body',
    method: 'POST',
    url: () => cases,
    raw: '{"family":"DV","court":"CA","reference":"X","__proto__":{"admin":true}}',
    status: 400,
  },
  {
    name: 'deeply nested JSON',
    method: 'POST',
    url: () => cases,
    raw: `{"family":"DV","court":"CA","reference":"X","events":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    status: 400,
  },
  {
    name: 'an oversized body',
    method: 'POST',
    url: () => cases,
    payload: newCase({ reference: 'x'.repeat(200_000) }),
    status: 413,
    says: /too large/,
  },
  {
    name: 'the wrong media type',
    method: 'POST',
    url: () => cases,
    raw: 'family=DV',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
  },
  { name: 'an unknown case', method: 'GET', url: () => `/v1/cases/${randomUUID()}`, status: 404 },
  { name: 'a malformed case id', method: 'GET', url: () => '/v1/cases/12345', status: 404 },
  {
    name: 'events for an unknown case',
    method: 'POST',
    url: () => `/v1/cases/${randomUUID()}/events`,
    payload: event({}),
    status: 404,
  },
  {
    name: 'a correction of an unknown event',
    method: 'POST',
    url: () => `/v1/cases/${caseId}/events/${randomUUID()}/corrections`,
    payload: event({}),
    status: 404,
  },
  {
    name: 'an empty PATCH',
    method: 'PATCH',
    url: () => `/v1/cases/${caseId}`,
    payload: {},
    headers: { 'if-match': '"1"' },
    status: 400,
  },
  {
    name: 'a PATCH of a field that cannot change',
    method: 'PATCH',
    url: () => `/v1/cases/${caseId}`,
    payload: { id: randomUUID() },
    headers: { 'if-match': '"1"' },
    status: 400,
    fields: ['body.id'],
  },
  {
    name: 'a bad cursor',
    method: 'GET',
    url: () => '/v1/deadlines?cursor=definitely-not-ours',
    status: 400,
    fields: ['query.cursor'],
  },
  {
    name: 'a tampered cursor',
    method: 'GET',
    url: () => `/v1/cases?cursor=${Buffer.from('{"k":[1],"f":"x"}').toString('base64url')}`,
    status: 400,
    fields: ['query.cursor'],
  },
  {
    name: 'a limit of 0',
    method: 'GET',
    url: () => '/v1/deadlines?limit=0',
    status: 400,
    fields: ['query.limit'],
  },
  {
    name: 'a limit that is not a number',
    method: 'GET',
    url: () => '/v1/deadlines?limit=lots',
    status: 400,
    fields: ['query.limit'],
  },
  {
    name: 'an unknown query parameter',
    method: 'GET',
    url: () => '/v1/deadlines?sort=desc',
    status: 400,
    fields: ['query.sort'],
  },
  {
    name: 'an unknown status filter',
    method: 'GET',
    url: () => '/v1/deadlines?status=late',
    status: 400,
    fields: ['query.status'],
  },
  {
    name: 'an impossible date in a filter',
    method: 'GET',
    url: () => '/v1/deadlines?from=2025-02-30',
    status: 400,
    fields: ['query.from'],
  },
  {
    name: 'an unknown kind filter',
    method: 'GET',
    url: () => '/v1/deadlines?kind=BIRTHDAY',
    status: 400,
    fields: ['query.kind[0]'],
  },
];

describe('bad input', () => {
  it.each(table.map((row) => [row.name, row] as const))(
    '%s → a 4xx problem naming the field, nothing written',
    async (_name, row) => {
      const before = await databaseFingerprint(api.runtime.db.pool);
      const response = await clinic.request({
        method: row.method,
        url: row.url(),
        headers: {
          ...(row.raw !== undefined && { 'content-type': 'application/json' }),
          ...row.headers,
        },
        ...(row.raw !== undefined
          ? { payload: row.raw }
          : row.payload !== undefined
            ? { payload: row.payload as object }
            : {}),
      });
      expect(response.statusCode, response.body).toBe(row.status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.json<{
        type: string;
        title: string;
        status: number;
        detail?: string;
        errors?: { name: string; reason: string }[];
      }>();
      expect(problem.status).toBe(row.status);
      expect(problem.type).toMatch(/^https:\/\/orderly\.dev\/problems\//);
      if (row.fields)
        expect(problem.errors?.map((e) => e.name).sort()).toEqual([...row.fields].sort());
      if (row.says)
        expect(
          `${problem.title} ${problem.detail ?? ''} ${JSON.stringify(problem.errors ?? [])}`,
        ).toMatch(row.says);
      expect(await databaseFingerprint(api.runtime.db.pool)).toEqual(before);
    },
  );

  it('a 5xx never leaks internals (the handler is exercised with a failing database)', async () => {
    // Broken on purpose: the table the route reads is renamed away for one request (by its
    // owner: the app's own role cannot alter a table).
    const owner = new pg.Client({ connectionString: api.database.ownerUrl });
    await owner.connect();
    await owner.query('ALTER TABLE "Deadline" RENAME TO "DeadlineAway"');
    try {
      const response = await clinic.request({
        method: 'GET',
        url: `/v1/cases/${caseId}/deadlines`,
      });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        type: 'https://orderly.dev/problems/internal',
        title: 'Internal error',
        status: 500,
      });
    } finally {
      await owner.query('ALTER TABLE "DeadlineAway" RENAME TO "Deadline"');
      await owner.end();
    }
  });

  it('appending past the documented maximum of events is refused, as creating with it is', async () => {
    const created = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: {
        ...newCase({ reference: 'FULL' }),
        events: Array.from({ length: MAX_EVENTS }, () => ({
          type: 'PETITION_FILED',
          date: '2025-11-03',
        })),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ case: { id: string } }>().case.id;
    const before = await databaseFingerprint(api.runtime.db.pool);
    const appended = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${id}/events`,
      payload: { type: 'PETITION_FILED', date: '2025-11-04' },
    });
    expect(appended.statusCode, appended.body).toBe(409);
    expect(appended.json<{ detail: string }>().detail).toContain(`${MAX_EVENTS} events`);
    expect(await databaseFingerprint(api.runtime.db.pool)).toEqual(before);
  });

  it('the case used above is intact', async () => {
    const response = await clinic.request({ method: 'GET', url: `/v1/cases/${caseId}` });
    expect(response.headers.etag).toBe(etag);
  });
});

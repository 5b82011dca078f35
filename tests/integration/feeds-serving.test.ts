// GET /feeds/<token>.ics through the real app and PostgreSQL: what calendars receive, how a
// continuance updates an event instead of duplicating it, cancelled deadlines, privacy levels,
// which cases each scope shows, ETag/304, revocation (also seen by a second process through
// NOTIFY), and that tokens never reach the log.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { inTransaction } from '../../src/db/transaction.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import type { Clock } from '../../src/adapters/clock.js';
import { createOrganization } from '../../src/services/organizations.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import {
  parseWithIcalJs,
  parseWithPython,
  rfc5545Problems,
  type ParsedCalendar,
} from '../support/ical.js';
import { openTestRuntime } from '../support/runtime.js';

/** A clock the test can move forward (the CANCELLED window is measured with it). */
class TestClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advanceDays(days: number): void {
    this.offset += days * 86_400_000;
  }
}

let api: TestApi;
let clinic: Tenant;
const clock = new TestClock();
beforeAll(async () => {
  api = await startTestApi({ clock });
  clinic = await createTenant(api);
});
afterAll(() => api.close());

const PARTY = {
  courtCaseNumber: '25STRO98765',
  petitionerLabel: 'Petitioner Zed',
  respondentLabel: 'Respondent Quill',
};

async function newCase(events: object[], extra: object = {}, tenant = clinic) {
  const response = await tenant.request({
    method: 'POST',
    url: '/v1/cases',
    payload: {
      family: 'DV',
      court: 'CA-los-angeles',
      reference: `2027-${Math.floor(Math.random() * 1e6)}`,
      events,
      ...extra,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{
    case: { id: string; reference: string };
    deadlines: { id: string; key: string }[];
  }>();
}

async function recordEvent(caseId: string, event: object) {
  const response = await clinic.request({
    method: 'POST',
    url: `/v1/cases/${caseId}/events`,
    payload: event,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ event: { id: string } }>();
}

async function newFeed(payload: object, tenant = clinic): Promise<{ id: string; token: string }> {
  const response = await tenant.request({ method: 'POST', url: '/v1/feeds', payload });
  expect(response.statusCode, response.body).toBe(201);
  const created = response.json<{ feed: { id: string }; token: string }>();
  return { id: created.feed.id, token: created.token };
}

const fetchFeed = (token: string, headers: Record<string, string> = {}, app = api.app) =>
  app.inject({ method: 'GET', url: `/feeds/${token}.ics`, headers });

/** Fetches a feed and checks it with both parsers and our own rules; returns ical.js's reading. */
async function calendarOf(token: string): Promise<ParsedCalendar & { text: string }> {
  const response = await fetchFeed(token);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
  const text = response.body;
  expect(rfc5545Problems(text)).toEqual([]);
  const python = parseWithPython(text);
  expect(python.errors).toEqual([]);
  const parsed = parseWithIcalJs(text);
  expect(python.events.map((e) => [e.uid, e.sequence, e.start, e.status])).toEqual(
    parsed.events.map((e) => [e.uid, e.sequence, e.start, e.status]),
  );
  expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
  expect(text).toContain('X-PUBLISHED-TTL:PT1H\r\n');
  expect(text).toContain('METHOD:PUBLISH\r\n');
  return { ...parsed, text };
}

const eventFor = (calendar: ParsedCalendar, deadlineId: string) => {
  const found = calendar.events.find((e) => e.uid === `${deadlineId}@orderly`);
  if (!found) throw new Error(`no event for ${deadlineId}`);
  return found;
};

describe('events across a continuance', () => {
  it('keep their UIDs; SEQUENCE, DTSTART and LAST-MODIFIED move; nothing is duplicated', async () => {
    const created = await newCase([
      { type: 'TRO_GRANTED', date: '2027-02-01' },
      { type: 'HEARING_SET', date: '2027-02-22', time: '08:30' },
    ]);
    const hearingId = created.deadlines.find((d) => d.key === 'HEARING')!.id;
    const serviceId = created.deadlines.find((d) => d.key === 'SERVICE_DEADLINE')!.id;
    const { token } = await newFeed({ scope: 'CASE', caseId: created.case.id });

    const before = await calendarOf(token);
    expect(before.name).toBe(`Orderly — case ${created.case.reference}`);
    expect(eventFor(before, hearingId)).toMatchObject({
      sequence: 1,
      allDay: false,
      tzid: 'America/Los_Angeles',
      start: '2027-02-22T16:30:00.000Z', // 08:30 PST
      summary: `Court date — case ${created.case.reference}`,
      alarms: ['-P1D', '-PT2H'],
    });
    expect(eventFor(before, serviceId)).toMatchObject({
      sequence: 1,
      allDay: true,
      start: '2027-02-17',
    });
    expect(before.text).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles\r\n');

    // LAST-MODIFIED has whole seconds: let one pass, so its move is visible.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await recordEvent(created.case.id, {
      type: 'HEARING_CONTINUED',
      date: '2027-03-15',
      time: '09:00',
    });
    const after = await calendarOf(token);
    expect(after.events.map((e) => e.uid).sort()).toEqual(before.events.map((e) => e.uid).sort());
    const hearing = eventFor(after, hearingId);
    // 2027-03-15 is the day after DST starts: 09:00 PDT.
    expect(hearing).toMatchObject({ sequence: 2, start: '2027-03-15T16:00:00.000Z' });
    expect(eventFor(after, serviceId)).toMatchObject({ sequence: 2, start: '2027-03-10' });
    expect(hearing.lastModified! > eventFor(before, hearingId).lastModified!).toBe(true);
  });
});

describe('superseded deadlines', () => {
  it('are sent as STATUS:CANCELLED with an advanced SEQUENCE, then left out after 30 days', async () => {
    const created = await newCase([{ type: 'TRO_GRANTED', date: '2027-05-03' }]);
    const hearingSet = await recordEvent(created.case.id, {
      type: 'HEARING_SET',
      date: '2027-05-24',
      time: '08:30',
    });
    const { token } = await newFeed({ scope: 'CASE', caseId: created.case.id });
    const open = await calendarOf(token);
    const hearing = open.events.find((e) => e.summary.startsWith('Court date —'))!;
    expect(hearing.status).toBe('CONFIRMED');
    expect(hearing.alarms.length).toBeGreaterThan(0);

    const voided = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.case.id}/events/${hearingSet.event.id}/void`,
      payload: { reason: 'recorded on the wrong case' },
    });
    expect(voided.statusCode, voided.body).toBe(200);
    const cancelled = await calendarOf(token);
    const gone = cancelled.events.find((e) => e.uid === hearing.uid)!;
    expect(gone).toMatchObject({ status: 'CANCELLED', sequence: hearing.sequence + 1, alarms: [] });
    // Its event was voided: no event replaced it, so it no longer applies (not "cancelled").
    expect(gone.summary).toBe(`Court date — case ${created.case.reference} (no longer needed)`);

    clock.advanceDays(31);
    try {
      const later = await calendarOf(token);
      expect(later.events.find((e) => e.uid === hearing.uid)).toBeUndefined();
      expect(later.events.length).toBeGreaterThan(0); // the TRO's own deadlines are still there
    } finally {
      clock.advanceDays(-31);
    }
  });

  it('superseded from the start (a case recorded after its order) are not listed at all', async () => {
    const created = await newCase([
      { type: 'TRO_GRANTED', date: '2027-01-04' },
      { type: 'HEARING_SET', date: '2027-01-25' },
      { type: 'ORDER_AFTER_HEARING', date: '2027-01-25' },
    ]);
    const deadlines = (
      await clinic.request({ method: 'GET', url: `/v1/cases/${created.case.id}/deadlines` })
    ).json<{ deadlines: { id: string; status: string; revision: number }[] }>().deadlines;
    const bornSuperseded = deadlines.filter((d) => d.status === 'SUPERSEDED');
    expect(bornSuperseded.length).toBeGreaterThan(0);
    expect(bornSuperseded.every((d) => d.revision === 1)).toBe(true);
    const { token } = await newFeed({ scope: 'CASE', caseId: created.case.id });
    const uids = (await calendarOf(token)).events.map((e) => e.uid);
    expect(uids).toHaveLength(deadlines.length - bornSuperseded.length);
    for (const d of bornSuperseded) expect(uids).not.toContain(`${d.id}@orderly`);
  });
});

describe('privacy levels', () => {
  it('neutral and busy show no party data anywhere: not in events, names, UIDs, headers or URLs', async () => {
    const created = await newCase(
      [
        { type: 'TRO_GRANTED', date: '2027-06-01' },
        { type: 'HEARING_SET', date: '2027-06-22', time: '08:30' },
      ],
      PARTY,
    );
    const secrets = Object.values(PARTY);
    for (const privacy of ['neutral', 'busy'] as const) {
      const response = await clinic.request({
        method: 'POST',
        url: '/v1/feeds',
        payload: { scope: 'CASE', caseId: created.case.id, privacy },
      });
      const { token, url } = response.json<{ token: string; url: string }>();
      for (const secret of secrets) expect(url).not.toContain(secret);
      const feed = await fetchFeed(token);
      const calendar = await calendarOf(token);
      for (const secret of secrets) {
        expect(calendar.text, privacy).not.toContain(secret);
        expect(JSON.stringify(feed.headers), privacy).not.toContain(secret);
      }
      for (const event of calendar.events) expect(event.uid).toMatch(/^[0-9a-f-]{36}@orderly$/);
      if (privacy === 'busy') {
        expect(calendar.name).toBe('Orderly — court deadlines');
        expect(new Set(calendar.events.map((e) => e.summary))).toEqual(new Set(['Court deadline']));
        expect(calendar.events.every((e) => e.description === null)).toBe(true);
        expect(calendar.text).not.toContain(created.case.reference);
      } else {
        expect(calendar.events.every((e) => e.summary.includes(created.case.reference))).toBe(true);
        // Legal detail is for `full` only.
        expect(calendar.events.some((e) => e.description?.includes('Citation: '))).toBe(false);
      }
    }
    // full: for the clinic's own calendars.
    const { token } = await newFeed({ scope: 'CASE', caseId: created.case.id, privacy: 'full' });
    const full = await calendarOf(token);
    for (const secret of secrets) expect(full.text).toContain(secret);
  });
});

describe('scopes', () => {
  it('an advocate feed shows their assigned cases only; the organization feed shows all; a case feed, one', async () => {
    const tenant = await createTenant(api, 'Scopes clinic');
    const advocate = async (name: string) =>
      (
        await tenant.request({
          method: 'POST',
          url: '/v1/advocates',
          payload: { displayName: name },
        })
      ).json<{ id: string }>().id;
    const ana = await advocate('Ana');
    const ben = await advocate('Ben');
    const events = [{ type: 'TRO_GRANTED', date: '2027-07-01' }];
    const one = await newCase(events, { advocateIds: [ana] }, tenant);
    const two = await newCase(events, { advocateIds: [ben] }, tenant);
    const three = await newCase(events, {}, tenant);
    const references = (calendar: ParsedCalendar) =>
      new Set(calendar.events.map((e) => /case (\S+)/.exec(e.summary)?.[1]));

    const anaFeed = await newFeed({ scope: 'ADVOCATE', advocateId: ana }, tenant);
    const orgFeed = await newFeed({ scope: 'ORGANIZATION' }, tenant);
    const caseFeed = await newFeed({ scope: 'CASE', caseId: two.case.id }, tenant);
    expect(references(await calendarOf(anaFeed.token))).toEqual(new Set([one.case.reference]));
    expect(references(await calendarOf(orgFeed.token))).toEqual(
      new Set([one.case.reference, two.case.reference, three.case.reference]),
    );
    expect(references(await calendarOf(caseFeed.token))).toEqual(new Set([two.case.reference]));
    expect((await calendarOf(anaFeed.token)).name).toBe('Orderly — assigned cases');
    expect((await calendarOf(orgFeed.token)).name).toBe('Orderly — all cases');

    // Assigning a case to Ana adds it to her feed at once.
    const current = await tenant.request({ method: 'GET', url: `/v1/cases/${three.case.id}` });
    const patched = await tenant.request({
      method: 'PATCH',
      url: `/v1/cases/${three.case.id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { advocateIds: [ana] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(references(await calendarOf(anaFeed.token))).toEqual(
      new Set([one.case.reference, three.case.reference]),
    );

    // A closed case leaves every feed; reopened, it comes back with the same UIDs.
    const setStatus = async (status: string) => {
      const now = await tenant.request({ method: 'GET', url: `/v1/cases/${one.case.id}` });
      const response = await tenant.request({
        method: 'PATCH',
        url: `/v1/cases/${one.case.id}`,
        headers: { 'if-match': now.headers.etag as string },
        payload: { status },
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const withOne = await calendarOf(orgFeed.token);
    await setStatus('CLOSED');
    expect(references(await calendarOf(orgFeed.token))).toEqual(
      new Set([two.case.reference, three.case.reference]),
    );
    expect(references(await calendarOf(anaFeed.token))).toEqual(new Set([three.case.reference]));
    await setStatus('OPEN');
    expect((await calendarOf(orgFeed.token)).events.map((e) => e.uid).sort()).toEqual(
      withOne.events.map((e) => e.uid).sort(),
    );

    // An advocate who is no longer active has no feed (until reactivated).
    await tenant.request({
      method: 'PATCH',
      url: `/v1/advocates/${ana}`,
      headers: { 'if-match': '*' },
      payload: { active: false },
    });
    expect((await fetchFeed(anaFeed.token)).statusCode).toBe(404);
    await tenant.request({
      method: 'PATCH',
      url: `/v1/advocates/${ana}`,
      headers: { 'if-match': '*' },
      payload: { active: true },
    });
    expect((await fetchFeed(anaFeed.token)).statusCode).toBe(200);
  });
});

describe('conditional requests', () => {
  it('answer 304 to the current ETag, and a new ETag once an event is recorded', async () => {
    const created = await newCase([{ type: 'TRO_GRANTED', date: '2027-08-02' }]);
    const { token } = await newFeed({ scope: 'CASE', caseId: created.case.id });
    const first = await fetchFeed(token);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers['cache-control']).toBe('private, max-age=300');

    const again = await fetchFeed(token, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await fetchFeed(token, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(
      304,
    );
    // Unchanged, without If-None-Match: the same bytes.
    expect((await fetchFeed(token)).body).toBe(first.body);

    await recordEvent(created.case.id, { type: 'HEARING_SET', date: '2027-08-23' });
    const changed = await fetchFeed(token, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).toContain('SUMMARY:Court date — case');
    // Another case of the organization does not change this case's feed.
    await newCase([{ type: 'TRO_GRANTED', date: '2027-08-02' }]);
    const unrelated = await fetchFeed(token, { 'if-none-match': changed.headers.etag as string });
    expect(unrelated.statusCode).toBe(304);
  });

  it('record when a token was last used (written in the background, at most once a minute)', async () => {
    const { id, token } = await newFeed({ scope: 'ORGANIZATION', privacy: 'busy' });
    expect((await fetchFeed(token)).statusCode).toBe(200);
    const lastFetched = async () =>
      (await clinic.request({ method: 'GET', url: `/v1/feeds/${id}` })).json<{
        lastFetchedAt: string | null;
      }>().lastFetchedAt;
    await expect.poll(lastFetched).not.toBeNull();
    const first = await lastFetched();
    expect((await fetchFeed(token)).statusCode).toBe(200);
    expect(await lastFetched()).toBe(first);
  });
});

describe('the render cache', () => {
  it('renders each event once: a change re-renders only what changed, and concurrent first fetches share one build', async () => {
    const tenant = await createTenant(api, 'Cache clinic');
    const first = await newCase(
      [
        { type: 'TRO_GRANTED', date: '2027-10-01' },
        { type: 'HEARING_SET', date: '2027-10-22', time: '08:30' },
      ],
      {},
      tenant,
    );
    await newCase([{ type: 'TRO_GRANTED', date: '2027-10-04' }], {}, tenant);
    const { token } = await newFeed({ scope: 'ORGANIZATION' }, tenant);
    const feeds = api.runtime.feeds;
    feeds.clearRenderCaches();
    const before = feeds.cacheStats().eventsRendered;
    const responses = await Promise.all([1, 2, 3].map(() => fetchFeed(token)));
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    const events = parseWithIcalJs(responses[0]!.body).events.length;
    expect(feeds.cacheStats().eventsRendered - before).toBe(events);

    // A continuance moves the hearing, its service deadline and the TRO's end: only those
    // are rendered again; the other case's events come from the cache.
    const moved = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${first.case.id}/events`,
      payload: { type: 'HEARING_CONTINUED', date: '2027-11-12', time: '09:00' },
      key: tenant.adminKey,
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const changed = moved.json<{ changed: string[] }>().changed;
    const mark = feeds.cacheStats().eventsRendered;
    const after = await calendarOf(token);
    expect(after.events).toHaveLength(events);
    const rerendered = feeds.cacheStats().eventsRendered - mark;
    expect(rerendered).toBeGreaterThanOrEqual(changed.length);
    expect(rerendered).toBeLessThan(events);
  });
});

describe('revocation', () => {
  it('makes the old URL 404 on the very next request; rotation gives a new URL to the same events', async () => {
    const created = await newCase([{ type: 'TRO_GRANTED', date: '2027-09-01' }]);
    const feed = await newFeed({ scope: 'CASE', caseId: created.case.id });
    const before = await calendarOf(feed.token);

    const rotated = await clinic.request({ method: 'POST', url: `/v1/feeds/${feed.id}/rotate` });
    const replacement = rotated.json<{ token: string; feed: { id: string } }>();
    const old = await fetchFeed(feed.token);
    expect(old.statusCode).toBe(404);
    expect(old.headers['content-type']).toContain('application/problem+json');
    expect(old.body).not.toContain(feed.token);
    const after = await calendarOf(replacement.token);
    expect(after.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));

    await clinic.request({ method: 'POST', url: `/v1/feeds/${replacement.feed.id}/revoke` });
    expect((await fetchFeed(replacement.token)).statusCode).toBe(404);
  });

  it('reaches a second process on the same database through NOTIFY, at once (not after its cache expires)', async () => {
    const created = await newCase([{ type: 'TRO_GRANTED', date: '2027-09-01' }]);
    const feed = await newFeed({ scope: 'CASE', caseId: created.case.id });
    // The second process's clock stands still, so its token cache would never expire by itself.
    const frozen = new Date();
    const second = await openTestRuntime(
      api.database.url,
      { migrate: false, clock: { now: () => frozen } },
      { RATE_LIMIT_PER_MINUTE: '0', AUTH_FAILURES_PER_MINUTE: '100000' },
    );
    const secondApp = await buildApp(second);
    try {
      expect((await fetchFeed(feed.token, {}, secondApp)).statusCode).toBe(200);
      const revoked = await clinic.request({ method: 'POST', url: `/v1/feeds/${feed.id}/revoke` });
      expect(revoked.statusCode).toBe(200);
      await expect
        .poll(async () => (await fetchFeed(feed.token, {}, secondApp)).statusCode, {
          timeout: 5_000,
          interval: 50,
        })
        .toBe(404);
    } finally {
      await secondApp.close();
      await second.close();
    }
  });
});

describe('unknown tokens', () => {
  it('are 404 problem+json without echoing the URL; the same one too often is 429, a valid feed never', async () => {
    const limited = await startTestApi({ env: { AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const tenant = await createTenant(limited);
      const created = await tenant.request({
        method: 'POST',
        url: '/v1/feeds',
        payload: { scope: 'ORGANIZATION' },
      });
      const { token } = created.json<{ token: string }>();
      const guesses = [
        `ofd_0000000000_${'A'.repeat(43)}.ics`,
        `${token.slice(0, -1)}x.ics`,
        `${token}.json`,
      ];
      for (const guess of guesses) {
        const response = await limited.app.inject({ method: 'GET', url: `/feeds/${guess}` });
        expect(response.statusCode, guess).toBe(404);
        expect(response.json()).toMatchObject({ status: 404, title: 'Not found' });
        expect(response.body).not.toContain(guess.slice(0, 20));
      }
      // A calendar app polling one revoked or mistyped URL: past the limit it is told to wait.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await limited.app.inject({ method: 'GET', url: `/feeds/${guesses[0]}` })).statusCode,
        );
      expect(statuses).toEqual([404, 404, 429, 429]);
      const blocked = await limited.app.inject({ method: 'GET', url: `/feeds/${guesses[0]}` });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // The valid feed, from the same address, is served.
      expect(
        (await limited.app.inject({ method: 'GET', url: `/feeds/${token}.ics` })).statusCode,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  it('never contain a feed token: not for fetches, 304s, unknown tokens, or other methods', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({
      DATABASE_URL: api.database.url,
      LOG_LEVEL: 'trace',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const runtime: Runtime = await openRuntime(config, createLogger('trace', destination), {
      migrate: false,
    });
    let app: FastifyInstance | undefined;
    try {
      app = await buildApp(runtime);
      const { key } = await inTransaction(runtime.db, (tx) =>
        createOrganization(tx, { name: 'Logged clinic', now: new Date() }),
      );
      const created = await app.inject({
        method: 'POST',
        url: '/v1/feeds',
        headers: { authorization: `Bearer ${key}` },
        payload: { scope: 'ORGANIZATION' },
      });
      const { token } = created.json<{ token: string }>();
      const ok = await app.inject({ method: 'GET', url: `/feeds/${token}.ics` });
      expect(ok.statusCode).toBe(200);
      const etag = ok.headers.etag as string;
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/feeds/${token}.ics?x=1`,
            headers: { 'if-none-match': etag },
          })
        ).statusCode,
      ).toBe(304);
      expect((await app.inject({ method: 'HEAD', url: `/feeds/${token}.ics` })).statusCode).toBe(
        200,
      );
      expect(
        (await app.inject({ method: 'GET', url: `/feeds/${token.slice(0, -2)}zz.ics` })).statusCode,
      ).toBe(404);
      const post = await app.inject({ method: 'POST', url: `/feeds/${token}.ics` });
      expect(post.statusCode).toBe(404);
      expect(post.body).not.toContain(token);
      // Spelled otherwise: percent-encoded (served: the router decodes it), upper case (no route).
      const encoded = await app.inject({ method: 'GET', url: `/%66eeds/${token}.ics` });
      expect(encoded.statusCode).toBe(200);
      const encodedToken = await app.inject({
        method: 'GET',
        url: `/feeds/${encodeURIComponent(token).replace(/_/g, '%5F')}.ics`,
      });
      expect(encodedToken.statusCode).toBe(200);
      await app.inject({ method: 'GET', url: `/FEEDS/${token.toUpperCase()}.ICS` });
      await app.inject({ method: 'GET', url: `/Feeds/${token}.ics/extra` });

      const log = lines.join('');
      expect(log).toContain('/feeds/:file');
      expect(log).not.toMatch(/%66eeds|%5F/i);
      expect(log.toLowerCase()).not.toContain(token.slice(15).toLowerCase());
      expect(log.toLowerCase()).not.toContain(token.slice(0, 14).toLowerCase() + '_');
      expect(log).not.toContain(token.slice(15));
      expect(log).not.toContain(token.slice(0, 14) + '_');
    } finally {
      await app?.close();
      await runtime.close();
    }
  });
});

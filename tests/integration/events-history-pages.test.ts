// A case's events and a deadline's history, paged (issue 11: "paginate events and history").
// Events page oldest first by sequence, a deadline's history newest first by (revision, id);
// pages join to the whole list with no repeat and no gap while rows are written between
// pages; limits and cursors are validated (400 naming the field); another organization's
// case or deadline is the usual 404. The case's deadlines list embeds at most the newest
// changes of each deadline and says when it left older ones out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let api: TestApi;
let clinic: Tenant;
let other: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  clinic = await createTenant(api, 'Paging Clinic');
  other = await createTenant(api, 'Other Clinic');
});
afterAll(() => api.close());

interface EventJson {
  id: string;
  sequence: number;
  type: string;
  date: string;
  inForce: boolean;
  correctsId: string | null;
}
interface ChangeJson {
  revision: number;
  date: string;
  previousDate: string | null;
  cause: string;
  causedByEventId: string | null;
}
interface DeadlineJson {
  id: string;
  key: string;
  revision: number;
  history: ChangeJson[];
  historyTruncated: boolean;
}
interface EventsPage {
  events: EventJson[];
  nextCursor: string | null;
}
interface HistoryPage {
  deadlineId: string;
  caseId: string;
  items: ChangeJson[];
  nextCursor: string | null;
}

async function newCase(tenant: Tenant = clinic) {
  const response = await tenant.request({
    method: 'POST',
    url: '/v1/cases',
    payload: {
      family: 'DV',
      court: 'CA',
      reference: `PG-${Math.random()}`,
      events: [
        { type: 'TRO_GRANTED', date: '2025-11-03' },
        { type: 'HEARING_SET', date: '2025-11-24' },
      ],
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ case: { id: string }; deadlines: DeadlineJson[] }>();
}

/** The n-th continuance: a weekday in 2026 that differs from every other one, so the hearing moves each time. */
const continuedTo = (n: number) =>
  new Date(Date.UTC(2026, 0, 5) + n * 7 * 86_400_000).toISOString().slice(0, 10);

async function continueHearing(caseId: string, n: number) {
  const response = await clinic.request({
    method: 'POST',
    url: `/v1/cases/${caseId}/events`,
    payload: { type: 'HEARING_CONTINUED', date: continuedTo(n) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ event: EventJson; deadlines: DeadlineJson[] }>();
}

const get = (url: string, tenant: Tenant = clinic) => tenant.request({ method: 'GET', url });
const withCursor = (url: string, cursor: string | null) =>
  cursor === null
    ? url
    : `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;

const hearingOf = (deadlines: DeadlineJson[]) => deadlines.find((d) => d.key === 'HEARING')!;

describe('GET /v1/cases/{id}/events', () => {
  it('answers the whole case on one page by default, as before, with nextCursor null', async () => {
    const { case: c } = await newCase();
    for (let n = 0; n < 3; n++) await continueHearing(c.id, n);
    const response = await get(`/v1/cases/${c.id}/events`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<EventsPage>();
    expect(body.nextCursor).toBeNull();
    expect(body.events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(body.events.map((e) => e.type)).toEqual([
      'TRO_GRANTED',
      'HEARING_SET',
      'HEARING_CONTINUED',
      'HEARING_CONTINUED',
      'HEARING_CONTINUED',
    ]);
  });

  it('pages in recording order with no repeat and no gap while events are recorded between pages', async () => {
    const { case: c } = await newCase();
    for (let n = 0; n < 9; n++) await continueHearing(c.id, n);
    const seen: EventJson[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let appended = 9;
    do {
      const response = await get(withCursor(`/v1/cases/${c.id}/events?limit=4`, cursor));
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<EventsPage>();
      expect(page.events.length).toBeLessThanOrEqual(4);
      seen.push(...page.events);
      cursor = page.nextCursor;
      pages += 1;
      // Another advocate keeps recording while this client pages.
      if (cursor !== null && appended < 14) await continueHearing(c.id, appended++);
    } while (cursor !== null);

    const whole = (await get(`/v1/cases/${c.id}/events`)).json<EventsPage>().events;
    expect(appended).toBeGreaterThan(9); // events were recorded mid-walk
    expect(whole).toHaveLength(2 + appended);
    expect(seen.map((e) => e.id)).toEqual(whole.map((e) => e.id)); // no repeat, no gap, same order
    expect(seen).toEqual(whole); // and each event reads the same on a page as in the whole list
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  it('marks an event out of force on its page when the correction that replaces it is on a later page', async () => {
    const { case: c } = await newCase();
    const whole0 = (await get(`/v1/cases/${c.id}/events`)).json<EventsPage>().events;
    const hearingSet = whole0.find((e) => e.type === 'HEARING_SET')!;
    for (let n = 0; n < 3; n++) await continueHearing(c.id, n);
    const corrected = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${c.id}/events/${hearingSet.id}/corrections`,
      payload: { type: 'HEARING_SET', date: '2025-11-25' },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const voided = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${c.id}/events/${whole0[0]!.id}/void`,
      payload: { reason: 'recorded in error' },
    });
    expect(voided.statusCode, voided.body).toBe(200);

    const first = (await get(`/v1/cases/${c.id}/events?limit=2`)).json<EventsPage>();
    expect(first.events.map((e) => [e.type, e.inForce])).toEqual([
      ['TRO_GRANTED', false], // voided
      ['HEARING_SET', false], // replaced by the correction on the last page
    ]);
    const all: EventJson[] = [...first.events];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page: EventsPage = (
        await get(withCursor(`/v1/cases/${c.id}/events?limit=2`, cursor))
      ).json<EventsPage>();
      all.push(...page.events);
      cursor = page.nextCursor;
    }
    expect(all.at(-1)).toMatchObject({ correctsId: hearingSet.id, inForce: true });
    expect(all).toEqual((await get(`/v1/cases/${c.id}/events`)).json<EventsPage>().events);
  });

  it('refuses a bad limit, naming query.limit, and a cursor that is forged or for another list, naming query.cursor', async () => {
    const { case: c } = await newCase();
    const { case: d } = await newCase();
    for (const limit of ['0', '201', '-1', 'ten', '2.5']) {
      const response = await get(`/v1/cases/${c.id}/events?limit=${limit}`);
      expect(response.statusCode, `limit=${limit}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json<{ errors: { name: string }[] }>().errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'query.limit' })]),
      );
    }
    const cursorOfD = (await get(`/v1/cases/${d.id}/events?limit=1`)).json<EventsPage>()
      .nextCursor!;
    expect(cursorOfD).toEqual(expect.any(String));
    const [payload, mac] = cursorOfD.split('.') as [string, string];
    const edited = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        k: ['0'],
      }),
    ).toString('base64url');
    const historyCursor = await (async () => {
      const hearing = hearingOf(
        (await get(`/v1/cases/${c.id}/deadlines`)).json<{ deadlines: DeadlineJson[] }>().deadlines,
      );
      await continueHearing(c.id, 1);
      return (await get(`/v1/deadlines/${hearing.id}/history?limit=1`)).json<HistoryPage>()
        .nextCursor!;
    })();
    const bad: [string, string][] = [
      [cursorOfD, 'this cursor was issued for different filters'], // another case's cursor
      [`${edited}.${mac}`, 'not a cursor returned by this API'], // its key edited
      [Buffer.from('{"k":["1"]}').toString('base64url'), 'not a cursor returned by this API'],
      ['x'.repeat(40), 'not a cursor returned by this API'],
      [historyCursor, 'not a cursor returned by this API'], // another list's cursor
    ];
    for (const [cursor, reason] of bad) {
      const response = await get(withCursor(`/v1/cases/${c.id}/events?limit=1`, cursor));
      expect(response.statusCode, cursor).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ name: 'query.cursor', reason }] });
    }
  });

  it("answers 404 for another organization's case, exactly as for none", async () => {
    const { case: theirs } = await newCase(other);
    const response = await get(`/v1/cases/${theirs.id}/events`);
    const unknown = await get(`/v1/cases/00000000-0000-7000-8000-000000000000/events`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe(unknown.body);
  });
});

describe('GET /v1/deadlines/{id}/history', () => {
  it('pages newest first with no repeat and no gap while the deadline keeps moving between pages', async () => {
    const { case: c } = await newCase();
    let last = await continueHearing(c.id, 0);
    for (let n = 1; n < 11; n++) last = await continueHearing(c.id, n);
    const hearing = hearingOf(last.deadlines);
    expect(hearing.history).toHaveLength(12); // set at creation, then 11 continuances
    const before = [...hearing.history].reverse(); // the embedded history is oldest first

    const seen: ChangeJson[] = [];
    let cursor: string | null = null;
    let moved = 11;
    do {
      const response = await get(withCursor(`/v1/deadlines/${hearing.id}/history?limit=5`, cursor));
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<HistoryPage>();
      expect(page).toMatchObject({ deadlineId: hearing.id, caseId: c.id });
      seen.push(...page.items);
      cursor = page.nextCursor;
      // The hearing is continued again while the client reads: the new changes are newer
      // than the first page, so they come on a new walk, never inside this one.
      if (moved < 14) await continueHearing(c.id, moved++);
    } while (cursor !== null);
    expect(seen).toEqual(before);
    expect(seen.map((h) => h.revision)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

    const now = (await get(`/v1/deadlines/${hearing.id}/history?limit=200`)).json<HistoryPage>();
    expect(now.nextCursor).toBeNull();
    expect(now.items.map((h) => h.revision)).toEqual(Array.from({ length: 15 }, (_, i) => 15 - i));
    expect(now.items[0]).toMatchObject({ date: continuedTo(13), cause: 'EVENT_RECORDED' });
  });

  it("refuses a bad limit or cursor, and answers 404 for another organization's deadline", async () => {
    const { case: c, deadlines } = await newCase();
    const id = hearingOf(deadlines).id;
    for (const limit of ['0', '201', 'x']) {
      const response = await get(`/v1/deadlines/${id}/history?limit=${limit}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        errors: [expect.objectContaining({ name: 'query.limit' })],
      });
    }
    const eventsCursor = (await get(`/v1/cases/${c.id}/events?limit=1`)).json<EventsPage>()
      .nextCursor!;
    const { deadlines: otherDeadlines } = await newCase();
    await continueHearing(c.id, 2);
    await continueHearing(c.id, 3);
    const forAnother = (await get(`/v1/deadlines/${id}/history?limit=1`)).json<HistoryPage>()
      .nextCursor!;
    for (const [cursor, reason] of [
      [eventsCursor, 'not a cursor returned by this API'],
      ['e30.AAAAAAAAAAAAAAAAAAAAAA', 'not a cursor returned by this API'],
    ] as const) {
      const response = await get(withCursor(`/v1/deadlines/${id}/history`, cursor));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ name: 'query.cursor', reason }] });
    }
    const replayed = await get(
      withCursor(`/v1/deadlines/${hearingOf(otherDeadlines).id}/history`, forAnother),
    );
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json()).toMatchObject({
      errors: [{ name: 'query.cursor', reason: 'this cursor was issued for different filters' }],
    });

    const { deadlines: theirs } = await newCase(other);
    const response = await get(`/v1/deadlines/${theirs[0]!.id}/history`);
    const unknown = await get(`/v1/deadlines/00000000-0000-7000-8000-000000000000/history`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe(unknown.body);
    expect((await get(`/v1/deadlines/${theirs[0]!.id}/history`, other)).statusCode).toBe(200);
  });
});

describe("a case's deadlines list embeds each deadline's newest changes", () => {
  it('shows every change within the cap (historyTruncated false), and past it the newest, saying so', async () => {
    const { case: c, deadlines } = await newCase();
    const hearing = hearingOf(deadlines);
    const listed = (await get(`/v1/cases/${c.id}/deadlines`)).json<{ deadlines: DeadlineJson[] }>()
      .deadlines;
    expect(listed.every((d) => d.historyTruncated === false)).toBe(true);

    // Years of court closures and rules changes: more changes than the list embeds. Written
    // directly (a case cannot hold enough events to make them through the API in a test's time).
    const prisma = api.runtime.db.prisma;
    const row = await prisma.deadline.findUniqueOrThrow({ where: { id: hearing.id } });
    await prisma.deadlineChange.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({
        organizationId: clinic.organizationId,
        caseId: c.id,
        deadlineId: hearing.id,
        revision: row.revision + 1 + i,
        previousDate: row.date,
        date: row.date,
        status: row.status,
        cause: 'RULES_CHANGED',
      })),
    });
    await prisma.deadline.update({
      where: { id: hearing.id },
      data: { revision: row.revision + 230 },
    });

    const after = hearingOf(
      (await get(`/v1/cases/${c.id}/deadlines`)).json<{ deadlines: DeadlineJson[] }>().deadlines,
    );
    expect(after.historyTruncated).toBe(true);
    expect(after.history).toHaveLength(200);
    const revisions = after.history.map((h) => h.revision);
    expect(revisions).toEqual(Array.from({ length: 200 }, (_, i) => row.revision + 31 + i)); // newest, oldest first
    // The rest is in the history endpoint, every change once.
    const paged: ChangeJson[] = [];
    let cursor: string | null = null;
    do {
      const page: HistoryPage = (
        await get(withCursor(`/v1/deadlines/${hearing.id}/history?limit=200`, cursor))
      ).json<HistoryPage>();
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toHaveLength(row.revision + 230);
    expect(paged.slice(0, 200).reverse()).toEqual(after.history);
    expect(paged.at(-1)).toMatchObject({ revision: 1, cause: 'CASE_CREATED' });
    // Other deadlines of the case still carry their whole history.
    const others = (await get(`/v1/cases/${c.id}/deadlines`))
      .json<{ deadlines: DeadlineJson[] }>()
      .deadlines.filter((d) => d.id !== hearing.id);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((d) => !d.historyTruncated && d.history.length > 0)).toBe(true);
  });
});

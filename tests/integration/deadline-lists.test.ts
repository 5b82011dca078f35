// What a clinic's first week found in the deadline lists (issue 13): a closed case's deadlines
// stayed in the "open" lists; windows and expiries were reported overdue; a backwards range was
// an empty 200. Lists say what each date is (an act, a window, an expiry) and where it stands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { createCase, TestClock } from '../support/reminders.js';

let api: TestApi;
let tenant: Tenant;
// Tuesday 2027-06-01, 10:00 in Los Angeles.
const clock = new TestClock(new Date('2027-06-01T17:00:00Z'));

beforeAll(async () => {
  api = await startTestApi({ clock });
  tenant = await createTenant(api);
});
afterAll(() => api.close());

interface ListItem {
  key: string;
  kind: string;
  caseId: string;
  date: string;
  status: string;
  nature: string;
  state: string;
  overdue: boolean;
}

async function list(query: string): Promise<ListItem[]> {
  const response = await tenant.request({ method: 'GET', url: `/v1/deadlines?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: ListItem[] }>().items;
}

const keysOf = (items: ListItem[], caseId: string) =>
  items
    .filter((i) => i.caseId === caseId)
    .map((i) => i.key)
    .sort();

async function setStatus(caseId: string, status: 'OPEN' | 'CLOSED'): Promise<void> {
  const current = await tenant.request({ method: 'GET', url: `/v1/cases/${caseId}` });
  const response = await tenant.request({
    method: 'PATCH',
    url: `/v1/cases/${caseId}`,
    headers: { 'if-match': current.headers.etag as string },
    payload: { status },
  });
  expect(response.statusCode, response.body).toBe(200);
}

describe('a closed case', () => {
  it('leaves every open list (open, upcoming, overdue) and comes back when it is reopened; `all` keeps it', async () => {
    // An order that ended a month ago without a renewal (overdue renewal deadline) and one still
    // running (upcoming renewal deadline): a closed case must leave both kinds of list.
    const ended = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'CLOSED-ENDED',
      events: [{ type: 'ORDER_AFTER_HEARING', date: '2024-05-01', expires: '2027-05-01' }],
    });
    const running = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'CLOSED-RUNNING',
      events: [{ type: 'ORDER_AFTER_HEARING', date: '2024-07-20', expires: '2027-07-20' }],
    });
    const before = {
      open: await list('limit=200'),
      upcoming: await list('status=upcoming&limit=200'),
      overdue: await list('status=overdue&limit=200'),
    };
    expect(keysOf(before.overdue, ended.id)).toEqual(['RENEWAL_DEADLINE']);
    expect(keysOf(before.upcoming, running.id)).toEqual(['ORDER_EXPIRES', 'RENEWAL_DEADLINE']);

    await setStatus(ended.id, 'CLOSED');
    await setStatus(running.id, 'CLOSED');
    for (const query of ['limit=200', 'status=open&limit=200', 'status=upcoming&limit=200']) {
      const items = await list(query);
      expect(keysOf(items, ended.id), query).toEqual([]);
      expect(keysOf(items, running.id), query).toEqual([]);
    }
    expect(keysOf(await list('status=overdue&limit=200'), ended.id)).toEqual([]);
    // The record stays reachable.
    expect(keysOf(await list('status=all&limit=200'), running.id).length).toBeGreaterThan(0);

    await setStatus(ended.id, 'OPEN');
    await setStatus(running.id, 'OPEN');
    expect(keysOf(await list('limit=200'), ended.id)).toEqual(keysOf(before.open, ended.id));
    expect(keysOf(await list('limit=200'), running.id)).toEqual(keysOf(before.open, running.id));
    expect(keysOf(await list('status=overdue&limit=200'), ended.id)).toEqual(['RENEWAL_DEADLINE']);
  });
});

describe('statuses say what a date is', () => {
  it('only acts are overdue; a window is open or closed; an expiry is in force or ended', async () => {
    const expired = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'STATE-ENDED',
      events: [{ type: 'ORDER_AFTER_HEARING', date: '2024-05-03', expires: '2027-05-03' }],
    });
    const inWindow = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'STATE-WINDOW',
      events: [{ type: 'ORDER_AFTER_HEARING', date: '2024-06-25', expires: '2027-06-25' }],
    });
    const all = await list('status=all&limit=200');
    const of = (caseId: string, key: string) =>
      all.find((i) => i.caseId === caseId && i.key === key)!;

    // The order ended on May 3 without a renewal request: the act (filing) is overdue; the
    // window it belonged to has closed; the order itself has ended — neither is "overdue".
    expect(of(expired.id, 'RENEWAL_DEADLINE')).toMatchObject({
      nature: 'act',
      state: 'overdue',
      overdue: true,
    });
    expect(of(expired.id, 'RENEWAL_WINDOW_OPENS')).toMatchObject({
      nature: 'window',
      state: 'closed',
      overdue: false,
    });
    expect(of(expired.id, 'ORDER_EXPIRES')).toMatchObject({
      nature: 'expiry',
      state: 'ended',
      overdue: false,
    });
    // The window opened on March 25 and is open until the last day to file.
    expect(of(inWindow.id, 'RENEWAL_WINDOW_OPENS')).toMatchObject({
      nature: 'window',
      state: 'open',
      overdue: false,
    });
    expect(of(inWindow.id, 'RENEWAL_DEADLINE')).toMatchObject({ nature: 'act', state: 'due' });
    expect(of(inWindow.id, 'ORDER_EXPIRES')).toMatchObject({ nature: 'expiry', state: 'in_force' });

    // `overdue` lists acts only.
    const overdue = await list('status=overdue&limit=200');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((i) => i.nature === 'act' && i.state === 'overdue')).toBe(true);
    expect(keysOf(overdue, inWindow.id)).toEqual([]);
    // `overdue` with only non-act kinds asked for is empty, not a list of expiries.
    expect(await list('status=overdue&kind=ORDER_EXPIRES&kind=RENEWAL_WINDOW_OPENS')).toEqual([]);

    // The case's own deadlines carry the same words.
    const response = await tenant.request({
      method: 'GET',
      url: `/v1/cases/${inWindow.id}/deadlines`,
    });
    const deadlines = response.json<{ deadlines: ListItem[] }>().deadlines;
    expect(
      Object.fromEntries(deadlines.map((d) => [d.key, `${d.nature}:${d.state}`])),
    ).toMatchObject({
      RENEWAL_WINDOW_OPENS: 'window:open',
      RENEWAL_DEADLINE: 'act:due',
      ORDER_EXPIRES: 'expiry:in_force',
    });
  });

  it('met and superseded read as such whatever the date', async () => {
    const owner = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'STATE-MET',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2024-06-25', expires: '2027-06-25' },
        { type: 'RENEWAL_FILED', date: '2027-05-20' },
      ],
    });
    const items = (await list('status=all&limit=200')).filter((i) => i.caseId === owner.id);
    expect(items.find((i) => i.key === 'RENEWAL_DEADLINE')).toMatchObject({
      status: 'MET',
      state: 'met',
      overdue: false,
    });
  });
});

describe('date ranges', () => {
  it('a range that ends before it starts is a 400 naming query.to, not an empty list', async () => {
    const response = await tenant.request({
      method: 'GET',
      url: '/v1/deadlines?from=2027-01-01&to=2026-01-01',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      errors: [{ name: 'query.to', reason: expect.stringContaining('2027-01-01') }],
    });
    // A one-day range is fine.
    expect(
      (await tenant.request({ method: 'GET', url: '/v1/deadlines?from=2027-01-01&to=2027-01-01' }))
        .statusCode,
    ).toBe(200);
  });
});

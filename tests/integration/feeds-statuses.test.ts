// Met and superseded deadlines in calendars, through the real app and PostgreSQL (issue 13):
// `busy` feeds keep time only for what is still open; the other levels say what happened —
// a TRO replaced by the order after hearing reads so, not "(cancelled)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { parseWithIcalJs, parseWithPython, rfc5545Problems } from '../support/ical.js';

let api: TestApi;
let clinic: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  clinic = await createTenant(api);
});
afterAll(() => api.close());

async function post<T>(url: string, payload: object): Promise<T> {
  const response = await clinic.request({ method: 'POST', url, payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<T>();
}

async function feedText(caseId: string, privacy: 'busy' | 'neutral' | 'full') {
  const { token } = await post<{ token: string }>('/v1/feeds', {
    scope: 'CASE',
    caseId,
    privacy,
  });
  const response = await api.app.inject({ method: 'GET', url: `/feeds/${token}.ics` });
  expect(response.statusCode).toBe(200);
  expect(rfc5545Problems(response.body)).toEqual([]);
  expect(parseWithPython(response.body).errors).toEqual([]);
  return { token, text: response.body, calendar: parseWithIcalJs(response.body) };
}

type Deadline = { id: string; key: string; status: string };

describe('busy feeds', () => {
  it('leave met and superseded deadlines out, and keep the open ones', async () => {
    const created = await post<{ case: { id: string }; deadlines: Deadline[] }>('/v1/cases', {
      family: 'DV',
      court: 'CA',
      reference: 'BUSY-1',
      events: [
        { type: 'TRO_GRANTED', date: '2027-06-01' },
        { type: 'HEARING_SET', date: '2027-06-22', time: '08:30' },
      ],
    });
    const caseId = created.case.id;
    // Served in time: the service deadline is met.
    const served = await post<{ deadlines: Deadline[] }>(`/v1/cases/${caseId}/events`, {
      type: 'SERVED',
      date: '2027-06-10',
      method: 'PERSONAL',
    });
    const byStatus = (status: string) =>
      served.deadlines.filter((d) => d.status === status).map((d) => `${d.id}@orderly`);
    expect(byStatus('MET').length).toBeGreaterThan(0);
    // The neutral feed of the same case still lists the met ones, as done.
    const busy = await feedText(caseId, 'busy');
    const uids = busy.calendar.events.map((e) => e.uid);
    for (const met of byStatus('MET')) expect(uids).not.toContain(met);
    expect(uids.sort()).toEqual(byStatus('OPEN').sort());
    expect(new Set(busy.calendar.events.map((e) => e.summary))).toEqual(
      new Set(['Court deadline']),
    );

    const neutral = await feedText(caseId, 'neutral');
    const done = neutral.calendar.events.filter((e) => byStatus('MET').includes(e.uid));
    expect(done.length).toBe(byStatus('MET').length);
    expect(done.find((e) => e.summary.startsWith('Papers due'))!.summary).toBe(
      'Papers due — case BUSY-1 (done)',
    );
  });
});

describe('a TRO replaced by the order after hearing', () => {
  it('reads "replaced by the order after hearing" in neutral and full feeds, and leaves busy ones', async () => {
    const created = await post<{ case: { id: string }; deadlines: Deadline[] }>('/v1/cases', {
      family: 'CH',
      court: 'CA-los-angeles',
      reference: 'OAH-1',
      events: [
        { type: 'TRO_GRANTED', date: '2027-06-01' },
        { type: 'HEARING_SET', date: '2027-06-21', time: '08:30' },
      ],
    });
    const caseId = created.case.id;
    const tro = created.deadlines.find((d) => d.key === 'TRO_EXPIRES')!;
    const feeds = {
      busy: await feedText(caseId, 'busy'),
      neutral: await feedText(caseId, 'neutral'),
      full: await feedText(caseId, 'full'),
    };
    expect(feeds.busy.calendar.events.map((e) => e.uid)).toContain(`${tro.id}@orderly`);

    await post(`/v1/cases/${caseId}/events`, { type: 'ORDER_AFTER_HEARING', date: '2027-06-21' });
    for (const privacy of ['neutral', 'full'] as const) {
      const response = await api.app.inject({
        method: 'GET',
        url: `/feeds/${feeds[privacy].token}.ics`,
      });
      const event = parseWithIcalJs(response.body).events.find(
        (e) => e.uid === `${tro.id}@orderly`,
      )!;
      expect(event.status, privacy).toBe('CANCELLED');
      expect(event.summary, privacy).toMatch(
        / — case OAH-1.* \(replaced by the order after hearing\)$/,
      );
      expect(response.body, privacy).not.toContain('(cancelled)');
    }
    const busy = await api.app.inject({ method: 'GET', url: `/feeds/${feeds.busy.token}.ics` });
    expect(parseWithIcalJs(busy.body).events.map((e) => e.uid)).not.toContain(`${tro.id}@orderly`);
  });
});

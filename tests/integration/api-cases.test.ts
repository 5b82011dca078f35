// Cases and events through HTTP: every change to a case's events recomputes its deadlines
// in the same transaction, and a moved date keeps its history (what it was, what it is,
// which event moved it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let api: TestApi;
let clinic: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  clinic = await createTenant(api);
});
afterAll(() => api.close());

interface DeadlineJson {
  id: string;
  key: string;
  kind: string;
  date: string;
  at?: string;
  status: string;
  revision: number;
  ruleId: string;
  citation: string;
  explanation: string[];
  basedOn: string[];
  history: {
    revision: number;
    previousDate: string | null;
    date: string;
    status: string;
    cause: string;
    causedByEventId: string | null;
  }[];
}

const byKey = (deadlines: DeadlineJson[], key: string): DeadlineJson => {
  const found = deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no ${key} in ${deadlines.map((d) => d.key).join(', ')}`);
  return found;
};

async function newCase(events: object[] = [], extra: object = {}) {
  const response = await clinic.request({
    method: 'POST',
    url: '/v1/cases',
    payload: { family: 'DV', court: 'CA', reference: `R-${Math.random()}`, events, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{
    case: { id: string; version: number; warnings: unknown[] };
    deadlines: DeadlineJson[];
  }>();
}

async function recordEvent(caseId: string, event: object) {
  const response = await clinic.request({
    method: 'POST',
    url: `/v1/cases/${caseId}/events`,
    payload: event,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{
    event: { id: string; inForce: boolean };
    case: { version: number; warnings: { code: string }[] };
    deadlines: DeadlineJson[];
    changed: string[];
  }>();
}

describe('recording events recomputes deadlines', () => {
  it('creates a case with its events and every deadline, each naming rule, citation and explanation', async () => {
    const created = await newCase([{ type: 'TRO_GRANTED', date: '2025-11-03' }]);
    const latest = byKey(created.deadlines, 'HEARING_LATEST');
    expect(latest).toMatchObject({
      kind: 'HEARING_LATEST',
      date: '2025-11-24',
      status: 'OPEN',
      revision: 1,
    });
    expect(latest.ruleId).toMatch(/\S/);
    expect(latest.citation).toMatch(/Fam\. Code/);
    expect(latest.explanation.join(' ')).toContain('2025-11-24');
    // Goldens DVTRO-01: day 25 (Fri 11/28, day after Thanksgiving) rolls to Mon 12/01.
    expect(byKey(created.deadlines, 'HEARING_LATEST_GOOD_CAUSE').date).toBe('2025-12-01');
    expect(latest.history).toEqual([
      expect.objectContaining({
        revision: 1,
        previousDate: null,
        date: '2025-11-24',
        cause: 'CASE_CREATED',
      }),
    ]);
  });

  it("reads a case's deadlines in court order; a case with none answers an empty list, another clinic's case 404", async () => {
    const created = await newCase([{ type: 'TRO_GRANTED', date: '2025-11-03' }]);
    const caseId = created.case.id;
    const read = await clinic.request({ method: 'GET', url: `/v1/cases/${caseId}/deadlines` });
    expect(read.statusCode).toBe(200);
    const { deadlines } = read.json<{ deadlines: DeadlineJson[] }>();
    expect(deadlines.map((d) => d.key).sort()).toEqual(created.deadlines.map((d) => d.key).sort());
    const order = deadlines.map((d) => `${d.date} ${d.at ?? '~'} ${d.key}`);
    expect(order).toEqual([...order].sort());
    expect(byKey(deadlines, 'HEARING_LATEST')).toEqual(byKey(created.deadlines, 'HEARING_LATEST'));

    const empty = await newCase([]);
    expect(empty.deadlines).toEqual([]);
    const emptyId = empty.case.id;
    const none = await clinic.request({ method: 'GET', url: `/v1/cases/${emptyId}/deadlines` });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ deadlines: [] });

    const other = await createTenant(api);
    for (const id of [caseId, emptyId]) {
      const refused = await other.request({ method: 'GET', url: `/v1/cases/${id}/deadlines` });
      expect(refused.statusCode).toBe(404);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('a continuance moves the service deadline and the TRO end, keeping the old values as history', async () => {
    const { case: created } = await newCase([{ type: 'TRO_GRANTED', date: '2025-11-03' }]);
    const hearing = await recordEvent(created.id, {
      type: 'HEARING_SET',
      date: '2025-11-24',
      time: '08:30',
    });
    const service = byKey(hearing.deadlines, 'SERVICE_DEADLINE');
    expect(service).toMatchObject({ date: '2025-11-19', revision: 1 });
    expect(byKey(hearing.deadlines, 'HEARING')).toMatchObject({
      date: '2025-11-24',
      at: '2025-11-24T08:30:00-08:00',
    });

    const continuance = await recordEvent(created.id, {
      type: 'HEARING_CONTINUED',
      date: '2026-01-07',
    });
    expect(continuance.changed).toEqual(
      expect.arrayContaining(['SERVICE_DEADLINE', 'HEARING', 'TRO_EXPIRES']),
    );
    const moved = byKey(continuance.deadlines, 'SERVICE_DEADLINE');
    expect(moved.id).toBe(service.id); // same slot: subscribers see a move, not a new deadline
    expect(moved).toMatchObject({ date: '2026-01-02', revision: 2 });
    expect(moved.history).toEqual([
      expect.objectContaining({
        revision: 1,
        previousDate: null,
        date: '2025-11-19',
        cause: 'EVENT_RECORDED',
        causedByEventId: hearing.event.id,
      }),
      expect.objectContaining({
        revision: 2,
        previousDate: '2025-11-19',
        date: '2026-01-02',
        cause: 'EVENT_RECORDED',
        causedByEventId: continuance.event.id,
      }),
    ]);
    // CONT-01: the TRO stays in effect until the end of the continued hearing (Fam. Code 245(c)).
    const tro = byKey(continuance.deadlines, 'TRO_EXPIRES');
    expect(tro.date).toBe('2026-01-07');
    expect(tro.history.at(-1)).toMatchObject({
      previousDate: '2025-11-24',
      date: '2026-01-07',
      causedByEventId: continuance.event.id,
    });

    // The same history is what GET returns, and the case's version moved with each change.
    const listed = await clinic.request({
      method: 'GET',
      url: `/v1/cases/${created.id}/deadlines`,
    });
    expect(
      byKey(listed.json<{ deadlines: DeadlineJson[] }>().deadlines, 'SERVICE_DEADLINE').history,
    ).toEqual(moved.history);
    expect(continuance.case.version).toBeGreaterThan(hearing.case.version);
  });

  it('an order after hearing ends the TRO, and a renewal filed meets the renewal deadline', async () => {
    const { case: created } = await newCase([
      { type: 'TRO_GRANTED', date: '2025-11-03' },
      { type: 'HEARING_SET', date: '2025-11-24' },
      { type: 'SERVED', date: '2025-11-14', method: 'PERSONAL' },
    ]);
    const order = await recordEvent(created.id, {
      type: 'ORDER_AFTER_HEARING',
      date: '2025-11-24',
    });
    expect(byKey(order.deadlines, 'TRO_EXPIRES').status).not.toBe('OPEN');
    expect(byKey(order.deadlines, 'ORDER_EXPIRES')).toMatchObject({
      date: '2028-11-24',
      status: 'OPEN',
    });
    expect(byKey(order.deadlines, 'RENEWAL_WINDOW_OPENS').date).toBe('2028-08-24');
    const renewal = await recordEvent(created.id, { type: 'RENEWAL_FILED', date: '2028-09-01' });
    expect(byKey(renewal.deadlines, 'RENEWAL_DEADLINE').status).toBe('MET');
    const renewed = await recordEvent(created.id, {
      type: 'ORDER_RENEWED',
      date: '2028-10-15',
      expires: '2033-10-15',
    });
    const expiry = byKey(renewed.deadlines, 'ORDER_EXPIRES');
    expect(expiry.date).toBe('2033-10-15');
    expect(expiry.history.map((h) => h.date)).toEqual(['2028-11-24', '2033-10-15']);
  });

  it('contradictory facts come back as warnings on the case', async () => {
    const { case: created } = await newCase([
      { type: 'TRO_GRANTED', date: '2025-11-03' },
      { type: 'HEARING_SET', date: '2025-11-24' },
    ]);
    const late = await recordEvent(created.id, {
      type: 'SERVED',
      date: '2025-11-25',
      method: 'PERSONAL',
    });
    expect(late.case.warnings.length).toBeGreaterThan(0);
    const fetched = await clinic.request({ method: 'GET', url: `/v1/cases/${created.id}` });
    expect(fetched.json<{ warnings: { code: string; eventIds: string[] }[] }>().warnings).toEqual(
      late.case.warnings,
    );
  });
});

describe('corrections and voids are new facts, never silent edits', () => {
  it('a correction replaces the event it corrects and moves the deadlines; the original stays visible', async () => {
    const { case: created } = await newCase([{ type: 'TRO_GRANTED', date: '2025-11-03' }]);
    const hearing = await recordEvent(created.id, { type: 'HEARING_SET', date: '2025-11-24' });
    const corrected = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.id}/events/${hearing.event.id}/corrections`,
      payload: { type: 'HEARING_SET', date: '2025-11-21' },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const outcome = corrected.json<{
      event: { id: string; correctsId: string };
      deadlines: DeadlineJson[];
    }>();
    expect(outcome.event.correctsId).toBe(hearing.event.id);
    const service = byKey(outcome.deadlines, 'SERVICE_DEADLINE');
    expect(service.date).toBe('2025-11-16');
    expect(service.history.at(-1)).toMatchObject({
      previousDate: '2025-11-19',
      cause: 'EVENT_CORRECTED',
      causedByEventId: outcome.event.id,
    });

    const events = (
      await clinic.request({ method: 'GET', url: `/v1/cases/${created.id}/events` })
    ).json<{ events: { id: string; inForce: boolean; correctsId: string | null }[] }>().events;
    expect(events.map((e) => [e.id === hearing.event.id, e.inForce])).toContainEqual([true, false]);
    expect(events.find((e) => e.correctsId === hearing.event.id)?.inForce).toBe(true);

    // The corrected original cannot be corrected again: correct the correction.
    const again = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.id}/events/${hearing.event.id}/corrections`,
      payload: { type: 'HEARING_SET', date: '2025-11-20' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      status: 409,
      detail: expect.stringContaining(outcome.event.id),
    });
  });

  it('a void takes an event out of force: deadlines it produced are superseded, with the reason in history', async () => {
    const { case: created } = await newCase([{ type: 'TRO_GRANTED', date: '2025-11-03' }]);
    const hearing = await recordEvent(created.id, { type: 'HEARING_SET', date: '2025-11-24' });
    const voided = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.id}/events/${hearing.event.id}/void`,
      payload: { reason: 'recorded on the wrong case' },
    });
    expect(voided.statusCode, voided.body).toBe(200);
    const outcome = voided.json<{
      event: { voidedAt: string; voidReason: string; inForce: boolean };
      deadlines: DeadlineJson[];
    }>();
    expect(outcome.event).toMatchObject({
      voidReason: 'recorded on the wrong case',
      inForce: false,
    });
    const service = byKey(outcome.deadlines, 'SERVICE_DEADLINE');
    expect(service.status).toBe('SUPERSEDED');
    expect(service.history.at(-1)).toMatchObject({
      status: 'SUPERSEDED',
      cause: 'EVENT_VOIDED',
      causedByEventId: hearing.event.id,
    });
    const twice = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.id}/events/${hearing.event.id}/void`,
      payload: { reason: 'again' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it("changing the court recomputes with that court's calendar", async () => {
    const created = await newCase([{ type: 'EPO_ISSUED', date: '2025-10-11', time: '22:15' }]);
    expect(byKey(created.deadlines, 'EPO_EXPIRES').date).toBe('2025-10-17'); // EPO-06
    const current = await clinic.request({ method: 'GET', url: `/v1/cases/${created.case.id}` });
    const patched = await clinic.request({
      method: 'PATCH',
      url: `/v1/cases/${created.case.id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { court: 'CA-los-angeles' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const deadlines = (
      await clinic.request({ method: 'GET', url: `/v1/cases/${created.case.id}/deadlines` })
    ).json<{ deadlines: DeadlineJson[] }>().deadlines;
    expect(byKey(deadlines, 'EPO_EXPIRES').date).toBe('2025-10-17');
    expect(patched.json()).toMatchObject({ court: 'CA-los-angeles' });
  });
});

describe('POST /v1/compute', () => {
  it('is the engine, stateless: same answer as storing the case, nothing written', async () => {
    const before = await api.runtime.db.pool.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM "Case") + (SELECT count(*) FROM "Deadline") AS n',
    );
    const response = await clinic.request({
      method: 'POST',
      url: '/v1/compute',
      payload: {
        family: 'DV',
        court: 'CA',
        events: [{ id: 'e1', type: 'EPO_ISSUED', date: '2025-11-24' }],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      deadlines: { kind: string; date: string; at: string; basis: string; basedOn: string[] }[];
      warnings: unknown[];
    }>();
    // EPO-08: the 7th calendar day (Mon 12/01) beats the 5th court day (Wed 12/03); both limbs
    // end at the court's close of business (EPO.END_TIME), a reading the basis says.
    expect(body.deadlines.find((d) => d.kind === 'EPO_EXPIRES')).toMatchObject({
      date: '2025-12-01',
      at: '2025-12-01T16:00:00-08:00',
      basis: 'interpretation',
      basedOn: ['e1'],
    });
    const after = await api.runtime.db.pool.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM "Case") + (SELECT count(*) FROM "Deadline") AS n',
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});

// Issue 10 through HTTP and PostgreSQL: every deadline says how sure it is (`basis`) in
// GET /v1/cases/{id}/deadlines, GET /v1/deadlines and POST /v1/compute, and in a full-privacy
// calendar feed; the respondent's firearm deadlines are marked as the respondent's; a motion's
// fields are stored and read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { parseWithIcalJs } from '../support/ical.js';

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
  basis: string;
  dutyOf?: string;
  interpretation?: string;
}

async function newCase(events: object[], family = 'DV') {
  const response = await clinic.request({
    method: 'POST',
    url: '/v1/cases',
    payload: { family, court: 'CA', reference: `L-${Math.random()}`, events },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ case: { id: string }; deadlines: DeadlineJson[] }>();
}

const SERVED_CASE = [
  { type: 'TRO_GRANTED', date: '2027-02-01' },
  { type: 'HEARING_SET', date: '2027-02-22', time: '08:30' },
  { type: 'SERVED', date: '2027-02-03', time: '17:45', method: 'PERSONAL' },
];

describe('basis and whose act, through the API', () => {
  it('a case’s deadlines each carry a basis; the firearm duties are the respondent’s', async () => {
    const created = await newCase(SERVED_CASE);
    const response = await clinic.request({
      method: 'GET',
      url: `/v1/cases/${created.case.id}/deadlines`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const deadlines = response.json<{ deadlines: DeadlineJson[] }>().deadlines;
    for (const d of deadlines)
      expect(['statute', 'form', 'interpretation', 'unverified']).toContain(d.basis);
    expect(deadlines.find((d) => d.key === 'FIREARM_RELINQUISHMENT')).toMatchObject({
      kind: 'FIREARM_RELINQUISHMENT',
      at: '2027-02-04T17:45:00-08:00',
      basis: 'statute',
      dutyOf: 'RESPONDENT',
      status: 'OPEN',
    });
    expect(deadlines.find((d) => d.key === 'FIREARM_RECEIPT')).toMatchObject({
      at: '2027-02-05T17:45:00-08:00',
      dutyOf: 'RESPONDENT',
    });
    expect(deadlines.find((d) => d.key === 'HEARING_LATEST')).toMatchObject({ basis: 'statute' });
    expect(deadlines.find((d) => d.key === 'HEARING_LATEST')?.dutyOf).toBeUndefined();

    // Recording the receipt meets both.
    const recorded = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.case.id}/events`,
      payload: { type: 'FIREARMS_RECEIPT_FILED', date: '2027-02-04', time: '10:00' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const after = recorded.json<{ deadlines: DeadlineJson[] }>().deadlines;
    expect(after.filter((d) => d.kind.startsWith('FIREARM_')).map((d) => d.status)).toEqual([
      'MET',
      'MET',
    ]);
  });

  it('GET /v1/deadlines carries basis and whose act, and filters by the new kinds', async () => {
    await newCase(SERVED_CASE);
    const response = await clinic.request({
      method: 'GET',
      url: '/v1/deadlines?kind=FIREARM_RECEIPT&status=all&limit=200',
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ items: DeadlineJson[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    for (const d of items)
      expect(d).toMatchObject({ kind: 'FIREARM_RECEIPT', basis: 'statute', dutyOf: 'RESPONDENT' });
  });

  it('POST /v1/compute: a motion’s notice and opposition, each with its basis and party', async () => {
    const response = await clinic.request({
      method: 'POST',
      url: '/v1/compute',
      payload: {
        family: 'CH',
        court: 'CA',
        events: [
          { type: 'ORDER_AFTER_HEARING', date: '2024-06-03' },
          { type: 'MOTION_FILED', date: '2025-11-03', motion: 'TERMINATE', movedBy: 'RESPONDENT' },
          { type: 'HEARING_SET', date: '2025-12-08' },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const deadlines = response.json<{ deadlines: DeadlineJson[] }>().deadlines;
    expect(deadlines.find((d) => d.key === 'MOTION_SERVICE_DEADLINE')).toMatchObject({
      date: '2025-11-12',
      basis: 'statute',
      dutyOf: 'RESPONDENT',
    });
    expect(deadlines.find((d) => d.key === 'MOTION_OPPOSITION_DEADLINE')).toMatchObject({
      kind: 'OPPOSITION_DEADLINE',
      date: '2025-11-21',
      dutyOf: 'PETITIONER',
    });
  });

  it('a bad motion is a 400 naming the field, and writes nothing', async () => {
    const created = await newCase([{ type: 'ORDER_AFTER_HEARING', date: '2026-06-01' }], 'GV');
    const response = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.case.id}/events`,
      payload: { type: 'MOTION_FILED', date: '2026-07-01', motion: 'TERMINATE', movedBy: 'COURT' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toContain('movedBy');
    const events = await clinic.request({
      method: 'GET',
      url: `/v1/cases/${created.case.id}/events`,
    });
    expect(events.json<{ events: unknown[] }>().events).toHaveLength(1);
  });

  it('stores a motion and a court-ordered service, and reads them back', async () => {
    const created = await newCase([{ type: 'ORDER_AFTER_HEARING', date: '2026-06-01' }], 'GV');
    for (const payload of [
      { type: 'MOTION_FILED', date: '2026-07-01', motion: 'TERMINATE', movedBy: 'RESPONDENT' },
      { type: 'HEARING_SET', date: '2026-08-03' },
      { type: 'SERVED', date: '2026-07-06', method: 'ALTERNATIVE' },
    ]) {
      const r = await clinic.request({
        method: 'POST',
        url: `/v1/cases/${created.case.id}/events`,
        payload,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const events = await clinic.request({
      method: 'GET',
      url: `/v1/cases/${created.case.id}/events`,
    });
    expect(events.json<{ events: object[] }>().events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'MOTION_FILED',
          motion: 'TERMINATE',
          movedBy: 'RESPONDENT',
        }),
        expect.objectContaining({ type: 'SERVED', method: 'ALTERNATIVE' }),
      ]),
    );
    const deadlines = await clinic.request({
      method: 'GET',
      url: `/v1/cases/${created.case.id}/deadlines`,
    });
    expect(deadlines.json<{ deadlines: DeadlineJson[] }>().deadlines.map((d) => d.key)).toEqual(
      expect.arrayContaining([
        'MOTION_HEARING',
        'MOTION_SERVICE_DEADLINE',
        'MOTION_OPPOSITION_DEADLINE',
      ]),
    );
  });

  it('the basis is stored with the deadline (the column PostgreSQL keeps)', async () => {
    const created = await newCase([{ type: 'EPO_ISSUED', date: '2027-02-01' }]);
    const stored = await api.runtime.db.pool.query<{ key: string; basis: string }>(
      `SELECT key, basis::text AS basis FROM "Deadline" WHERE "caseId" = $1`,
      [created.case.id],
    );
    expect(stored.rows).toEqual([{ key: 'EPO_EXPIRES', basis: 'interpretation' }]);
    expect(created.deadlines[0]).toMatchObject({ key: 'EPO_EXPIRES', basis: 'interpretation' });
  });
});

describe('the calendar feed says how sure each date is (full privacy)', () => {
  it('Basis and whose act are in the description', async () => {
    const created = await newCase(SERVED_CASE);
    const feed = await clinic.request({
      method: 'POST',
      url: '/v1/feeds',
      payload: { scope: 'CASE', caseId: created.case.id, privacy: 'full' },
    });
    expect(feed.statusCode, feed.body).toBe(201);
    const token = feed.json<{ token: string }>().token;
    const response = await api.app.inject({ method: 'GET', url: `/feeds/${token}.ics` });
    expect(response.statusCode).toBe(200);
    const calendar = parseWithIcalJs(response.body);
    const byUid = (key: string) => {
      const id = created.deadlines.find((d) => d.key === key)?.id;
      return calendar.events.find((e) => e.uid === `${id}@orderly`);
    };
    const firearms = byUid('FIREARM_RELINQUISHMENT');
    expect(firearms?.summary).toContain('Firearms due (respondent)');
    expect(firearms?.description).toContain('Basis: statute (the statute says it) [statute]');
    expect(firearms?.description).toContain("Whose act: the respondent's");
    const tro = byUid('TRO_EXPIRES');
    expect(tro?.description).toMatch(/Basis: (statute|interpretation)/);
  });
});

// Bulk import and export (docs/IMPORT.md) through HTTP against a real PostgreSQL: a dry run
// writes nothing, bad rows are named by line and column and nothing is written, a real run
// computes deadlines and reminders exactly as creating the case through the API does, running
// it again creates nothing twice, new events for a stored case are recorded once, and a round
// trip through export gives the same text.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { post, remindersOf, TEST_SECRETS_KEY, TestClock } from '../support/reminders.js';

const clock = new TestClock(new Date('2026-02-20T18:00:00Z'));
let api: TestApi;
let example: string;
let exampleColumns: string;

beforeAll(async () => {
  api = await startTestApi({ clock, env: { SECRETS_KEY: TEST_SECRETS_KEY } });
  example = await readFile(path.join(PROJECT_ROOT, 'docs/import-example.csv'), 'utf8');
  exampleColumns = await readFile(
    path.join(PROJECT_ROOT, 'docs/import-example-columns.csv'),
    'utf8',
  );
});
afterAll(() => api.close());

interface Report {
  dryRun: boolean;
  layout: string;
  rows: number;
  cases: { total: number; created: number; updated: number; unchanged: number };
  events: { created: number; unchanged: number };
  deadlines: number;
  reminders: number;
  problems: unknown[];
}

const importFile = (tenant: Tenant, csv: string, dryRun = false) =>
  tenant.request({
    method: 'POST',
    url: `/v1/imports${dryRun ? '?dryRun=true' : ''}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });

async function imported(tenant: Tenant, csv: string): Promise<Report> {
  const response = await importFile(tenant, csv);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Report>();
}

async function exported(tenant: Tenant): Promise<string> {
  const response = await tenant.request({ method: 'GET', url: '/v1/export' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv/);
  return response.body;
}

async function counts(organizationId: string) {
  const { rows } = await api.runtime.db.pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM "Case" WHERE "organizationId" = $1) AS cases,
            (SELECT count(*) FROM "OrderEvent" WHERE "organizationId" = $1) AS events,
            (SELECT count(*) FROM "Deadline" WHERE "organizationId" = $1) AS deadlines,
            (SELECT count(*) FROM "DeadlineChange" WHERE "organizationId" = $1) AS changes,
            (SELECT count(*) FROM "Reminder" WHERE "organizationId" = $1) AS reminders,
            (SELECT count(*) FROM "AuditEvent" WHERE "organizationId" = $1 AND action LIKE 'case.%') AS audits`,
    [organizationId],
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

async function caseIdOf(tenant: Tenant, reference: string): Promise<string> {
  const response = await tenant.request({ method: 'GET', url: '/v1/cases?limit=100' });
  const items = response.json<{ items: { id: string; reference: string }[] }>().items;
  return items.find((c) => c.reference === reference)!.id;
}

interface DeadlineJson {
  key: string;
  kind: string;
  date: string;
  at: string | null;
  status: string;
  ruleId: string;
  citation: string;
  explanation: string[];
  basedOn: string[];
  revision: number;
  history: { cause: string; revision: number }[];
}

async function deadlinesOf(tenant: Tenant, caseId: string): Promise<DeadlineJson[]> {
  const response = await tenant.request({ method: 'GET', url: `/v1/cases/${caseId}/deadlines` });
  return response.json<{ deadlines: DeadlineJson[] }>().deadlines;
}

describe('POST /v1/imports', () => {
  it('a dry run reports what it would do and writes nothing', async () => {
    const tenant = await createTenant(api);
    const response = await importFile(tenant, example, true);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Report>()).toMatchObject({
      dryRun: true,
      layout: 'event-rows',
      rows: 14,
      cases: { total: 6, created: 6, updated: 0, unchanged: 0 },
      events: { created: 13, unchanged: 0 },
      problems: [],
    });
    expect(response.json<Report>().deadlines).toBeGreaterThan(10);
    expect(await counts(tenant.organizationId)).toMatchObject({ cases: 0, events: 0, audits: 0 });
  });

  it('names every bad row by line and column, and writes none of the good ones', async () => {
    const tenant = await createTenant(api);
    const bad = [
      'reference,family,court,event_type,event_date,event_method,event_days',
      'GOOD-1,DV,CA,PETITION_FILED,2026-03-02,,',
      'BAD-1,XX,CA,PETITION_FILED,2026-03-02,,',
      'BAD-2,DV,CA-atlantis,PETITION_FILED,2026-03-02,,',
      'BAD-3,DV,CA,PETITION_FILED,2026-02-30,,',
      'BAD-4,DV,CA,SERVED,2026-03-10,,',
      'BAD-4,DV,CA,SERVED,2026-03-11,BY PIGEON,',
      'BAD-5,DV,CA,SERVICE_TIME_SHORTENED,2026-03-02,,many',
      'BAD-5,CH,CA,HEARING_SET,2026-03-02,,',
      ',DV,CA,PETITION_FILED,2026-03-02,,',
      'BAD-7,DV,CA,,,PERSONAL,',
      'BAD-8,DV,CA,NOT_AN_EVENT,2026-03-02,,',
    ].join('\n');
    const response = await importFile(tenant, bad);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json<{
      detail: string;
      errors: { name: string; reason: string; line: number; column: string }[];
    }>();
    expect(problem.detail).toMatch(/nothing was imported/);
    const named = problem.errors.map((e) => `${e.line} ${e.column}`);
    expect(named).toEqual(
      expect.arrayContaining([
        '3 family',
        '4 court',
        '5 event_date',
        '6 event_method',
        '7 event_method',
        '8 event_days',
        '9 family',
        '10 reference',
        '11 event_type',
        '12 event_type',
      ]),
    );
    expect(problem.errors.find((e) => e.line === 5)!.reason).toMatch(/not a real calendar date/);
    expect(problem.errors.find((e) => e.line === 9)!.reason).toMatch(/differs from "DV" on line 8/);
    expect(problem.errors.find((e) => e.line === 2)).toBeUndefined();
    expect(await counts(tenant.organizationId)).toMatchObject({ cases: 0, events: 0 });

    // A header it cannot read is named too, before any row.
    const header = await importFile(tenant, 'reference,family,cour\nX,DV,CA\n');
    expect(header.statusCode).toBe(400);
    expect(header.json<{ errors: { name: string }[] }>().errors.map((e) => e.name)).toEqual([
      'line 1: cour',
      'line 1: court',
    ]);
  });

  it('computes deadlines and reminders as creating the case through the API does', async () => {
    const tenant = await createTenant(api);
    await post(tenant, '/v1/webhook-endpoints', { url: 'https://hooks.clinic.example/x' });
    const report = await imported(tenant, example);
    expect(report).toMatchObject({
      dryRun: false,
      cases: { total: 6, created: 6, updated: 0, unchanged: 0 },
      events: { created: 13, unchanged: 0 },
      problems: [],
    });
    expect(report.reminders).toBeGreaterThan(0);
    const stored = await counts(tenant.organizationId);
    expect(stored).toMatchObject({
      cases: 6,
      events: 13,
      deadlines: report.deadlines,
      changes: report.deadlines,
      reminders: report.reminders,
      audits: 6,
    });

    // The same case created through POST /v1/cases, in another organization with a webhook.
    const other = await createTenant(api);
    await post(other, '/v1/webhook-endpoints', { url: 'https://hooks.clinic.example/y' });
    const created = await post<{ case: { id: string } }>(other, '/v1/cases', {
      family: 'DV',
      court: 'CA-los-angeles',
      reference: 'VLA-2026-0141',
      courtCaseNumber: '26STRO01234',
      petitionerLabel: 'P.',
      respondentLabel: 'R.',
      events: [
        { type: 'PETITION_FILED', date: '2026-03-02' },
        { type: 'TRO_GRANTED', date: '2026-03-02' },
        { type: 'HEARING_SET', date: '2026-03-23', time: '08:30' },
        { type: 'SERVED', date: '2026-03-10', method: 'PERSONAL' },
      ],
    });
    const importedId = await caseIdOf(tenant, 'VLA-2026-0141');
    const shape = (list: DeadlineJson[]) =>
      list.map(
        ({ key, kind, date, at, status, ruleId, citation, explanation, revision, history }) => ({
          key,
          kind,
          date,
          at,
          status,
          ruleId,
          citation,
          explanation,
          revision,
          causes: history.map((h) => h.cause),
        }),
      );
    const viaImport = await deadlinesOf(tenant, importedId);
    expect(viaImport.length).toBeGreaterThan(3);
    expect(shape(viaImport)).toEqual(shape(await deadlinesOf(other, created.case.id)));
    const reminderShape = (list: Awaited<ReturnType<typeof remindersOf>>) =>
      list.map((r) => `${r.deadlineKey} ${r.occurrence} ${r.dueAt} ${r.status}`).sort();
    expect(reminderShape(await remindersOf(tenant, importedId))).toEqual(
      reminderShape(await remindersOf(other, created.case.id)),
    );

    // The case page's data: status, labels, warnings as the API shows them.
    const closed = await tenant.request({
      method: 'GET',
      url: `/v1/cases/${await caseIdOf(tenant, 'VLA-2024-0033')}`,
    });
    expect(closed.json()).toMatchObject({ status: 'CLOSED', family: 'EA' });
  });

  it('is idempotent: the same file again creates nothing; new events are recorded once', async () => {
    const tenant = await createTenant(api);
    await imported(tenant, example);
    const before = await counts(tenant.organizationId);
    const again = await imported(tenant, example);
    expect(again).toMatchObject({
      cases: { total: 6, created: 0, updated: 0, unchanged: 6 },
      events: { created: 0, unchanged: 13 },
      deadlines: 0,
    });
    expect(await counts(tenant.organizationId)).toEqual(before);

    // A later export of the clinic's system: one more event for a stored case.
    const later = `${example}VLA-2026-0141,DV,CA-los-angeles,OPEN,26STRO01234,P.,R.,HEARING_CONTINUED,2026-04-13,,,,,,,,\n`;
    const update = await imported(tenant, later);
    expect(update).toMatchObject({
      cases: { created: 0, updated: 1, unchanged: 5 },
      events: { created: 1, unchanged: 13 },
    });
    const caseId = await caseIdOf(tenant, 'VLA-2026-0141');
    const hearing = (await deadlinesOf(tenant, caseId)).find((d) => d.kind === 'HEARING')!;
    expect(hearing.date).toBe('2026-04-13');
    expect(hearing.history.map((h) => h.cause)).toEqual(['CASE_CREATED', 'EVENT_RECORDED']);
    expect((await imported(tenant, later)).events.created).toBe(0);
    expect((await counts(tenant.organizationId)).events).toBe(before.events! + 1);
  });

  it('refuses a row whose stored case has another family or court, naming it', async () => {
    const tenant = await createTenant(api);
    await imported(tenant, example);
    const clash = example.replace(
      'VLA-2026-0152,CH,CA,OPEN,,,,PETITION_FILED',
      'VLA-2026-0152,WV,CA,OPEN,,,,PETITION_FILED',
    );
    const response = await importFile(
      tenant,
      clash.replaceAll('VLA-2026-0152,CH,', 'VLA-2026-0152,WV,'),
    );
    expect(response.statusCode).toBe(400);
    expect(
      response.json<{ errors: { line: number; column: string; reason: string }[] }>().errors,
    ).toEqual([
      expect.objectContaining({
        line: 6,
        column: 'family',
        reason: expect.stringMatching(/stored case with this reference has family CH/),
      }),
    ]);
  });

  it('round trip: export gives back the imported file exactly', async () => {
    const tenant = await createTenant(api);
    await imported(tenant, example);
    expect(await exported(tenant)).toBe(example);
    // One row per case with event columns (a case-management export) reads as the same cases.
    const fromColumns = await createTenant(api);
    const report = await imported(fromColumns, exampleColumns);
    expect(report).toMatchObject({ layout: 'event-columns', cases: { created: 2 } });
    const text = await exported(fromColumns);
    const rowsOf = (csv: string, reference: string) =>
      csv
        .split('\n')
        .filter((line) => line.startsWith(`${reference},`))
        .map((line) => line.replace(/^([^,]*,[^,]*,[^,]*,[^,]*),[^,]*,[^,]*,[^,]*,/, '$1,,,,'))
        .sort();
    for (const reference of ['VLA-2026-0141', 'VLA-2025-0907'])
      expect(rowsOf(text, reference)).toEqual(rowsOf(example, reference));
  });
});

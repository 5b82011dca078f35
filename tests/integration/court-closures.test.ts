// Court closures recorded through the API (CCP § 12b): the organization's open cases in that
// court are recomputed in the background, through the same path as an event; the deadlines a
// closure moves carry history naming it; the assigned advocates and the clinic's webhooks are
// told, in words; another organization's cases are not touched; a withdrawal moves them back;
// bad input is a 4xx naming the field and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { recordClosure } from '../../src/services/court-closures.js';
import { runRecomputeBatch } from '../../src/services/recompute-jobs.js';
import { createReminderLoop, type ReminderLoop } from '../../src/workers/reminder-loop.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { post, TEST_SECRETS_KEY, TestClock } from '../support/reminders.js';
import { databaseFingerprint } from '../support/snapshot.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SF = 'CA-san-francisco';
// Wed 2026-01-28 is the closure day: a temporary order granted Wed 2026-01-07 must have its
// hearing by then (21 days), and an order ending that day must be renewed by then.
const CLOSED = '2026-01-28';
const troCase = (reference: string, court = SF) => ({
  family: 'DV',
  court,
  reference,
  events: [
    { type: 'PETITION_FILED', date: '2026-01-07' },
    { type: 'TRO_GRANTED', date: '2026-01-07' },
  ],
});
const renewalCase = (reference: string) => ({
  family: 'DV',
  court: SF,
  reference,
  events: [{ type: 'ORDER_AFTER_HEARING', date: '2025-01-28', expires: '2026-01-28' }],
});

interface HistoryJson {
  revision: number;
  previousDate: string | null;
  date: string;
  cause: string;
  causedByEventId: string | null;
  causedByClosureId: string | null;
  causedByJobId: string | null;
}
interface DeadlineJson {
  key: string;
  date: string;
  status: string;
  explanation: string[];
  advisory?: Record<string, unknown>;
  history: HistoryJson[];
}
interface JobJson {
  id: string;
  cause: string;
  closureId: string | null;
  court: string | null;
  status: string;
  progress: {
    total: number;
    processed: number;
    percent: number;
    changedCases: number;
    movedDeadlines: number;
    failedCases: number;
  };
}
interface ClosureJson {
  closure: {
    id: string;
    court: string;
    courtName: string;
    scope: string;
    withdrawnAt: string | null;
  };
  jobs: JobJson[];
}

let api: TestApi;
let clock: TestClock;
let smtp: SmtpSink;
let receiver: WebhookReceiver;
let reminders: ReminderLoop;
let alice: Tenant;
let bob: Tenant;
const ids: Record<string, string> = {};

async function deadlines(tenant: Tenant, caseId: string): Promise<Map<string, DeadlineJson>> {
  const response = await tenant.request({ method: 'GET', url: `/v1/cases/${caseId}/deadlines` });
  expect(response.statusCode).toBe(200);
  return new Map(response.json<{ deadlines: DeadlineJson[] }>().deadlines.map((d) => [d.key, d]));
}

/** Runs the background recomputations to the end, as the worker would, in small batches. */
async function runJobs(): Promise<number> {
  let batches = 0;
  while (
    (await runRecomputeBatch(api.runtime.db, {
      now: () => clock.now(),
      log: api.runtime.log,
      batchSize: 2,
    })) !== null
  ) {
    if (++batches > 100) throw new Error('the recomputation never finished');
  }
  return batches;
}

async function job(tenant: Tenant, id: string): Promise<JobJson> {
  const response = await tenant.request({ method: 'GET', url: `/v1/recompute-jobs/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<JobJson>();
}

beforeAll(async () => {
  // Mon 2026-01-05 09:00 in San Francisco.
  clock = new TestClock(new Date('2026-01-05T17:00:00Z'));
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver();
  api = await startTestApi({
    clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Clinic Reminders <reminders@clinic.example>',
      SECRETS_KEY: TEST_SECRETS_KEY,
      REMINDER_QUIET_HOURS: 'off',
    },
  });
  reminders = await createReminderLoop(api.runtime);
  alice = await createTenant(api, 'Alice Clinic');
  bob = await createTenant(api, 'Bob Clinic');
  const advocate = await post<{ id: string }>(alice, '/v1/advocates', {
    displayName: 'Ana Advocate',
    email: 'ana@alice.example',
  });
  await post(alice, '/v1/webhook-endpoints', { url: receiver.url });
  const create = async (tenant: Tenant, body: object) =>
    (await post<{ case: { id: string } }>(tenant, '/v1/cases', body)).case.id;
  ids.tro = await create(alice, { ...troCase('A-TRO'), advocateIds: [advocate.id] });
  ids.renewal = await create(alice, renewalCase('A-RENEW'));
  ids.closedCase = await create(alice, troCase('A-CLOSED'));
  ids.otherCourt = await create(alice, troCase('A-ALAMEDA', 'CA-alameda'));
  ids.bobs = await create(bob, troCase('B-TRO'));
  const closing = await alice.request({
    method: 'PATCH',
    url: `/v1/cases/${ids.closedCase}`,
    headers: { 'if-match': '"2"' },
    payload: { status: 'CLOSED' },
  });
  expect(closing.statusCode, closing.body).toBe(200);
});
afterAll(async () => {
  await reminders.stop();
  await api.close();
  await smtp.close();
  await receiver.close();
});

describe('a court closure recorded through the API', () => {
  let recorded: ClosureJson;

  it('is recorded with its court, dates and source, and queues a recomputation', async () => {
    const before = await deadlines(alice, ids.tro!);
    expect(before.get('HEARING_LATEST')).toMatchObject({ date: CLOSED, status: 'OPEN' });
    const response = await alice.request({
      method: 'POST',
      url: '/v1/court-closures',
      headers: { 'idempotency-key': 'closure-1' },
      payload: {
        court: SF,
        from: CLOSED,
        reason: 'power outage',
        source: 'https://sf.courts.ca.gov/news/closure-2026-01-28',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    recorded = response.json<ClosureJson>();
    expect(response.headers.location).toBe(`/v1/court-closures/${recorded.closure.id}`);
    expect(recorded.closure).toMatchObject({
      court: SF,
      courtName: 'Superior Court of California, County of San Francisco',
      scope: 'organization',
      withdrawnAt: null,
    });
    // Alice's three cases in that court (the closed one too: its dates stay true if reopened).
    expect(recorded.jobs).toHaveLength(1);
    expect(recorded.jobs[0]).toMatchObject({
      cause: 'COURT_CLOSURE_RECORDED',
      court: SF,
      status: 'QUEUED',
      progress: { total: 3, processed: 0 },
    });
    // Not yet: the request does not wait for the recomputation.
    expect((await deadlines(alice, ids.tro!)).get('HEARING_LATEST')?.date).toBe(CLOSED);
    // The same request again is a replay, not a second closure.
    const again = await alice.request({
      method: 'POST',
      url: '/v1/court-closures',
      headers: { 'idempotency-key': 'closure-1' },
      payload: {
        court: SF,
        from: CLOSED,
        reason: 'power outage',
        source: 'https://sf.courts.ca.gov/news/closure-2026-01-28',
      },
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<ClosureJson>().closure.id).toBe(recorded.closure.id);
  });

  it('moves the affected deadlines in the background, with history naming the closure', async () => {
    expect(await runJobs()).toBeGreaterThan(1);
    const done = await job(alice, recorded.jobs[0]!.id);
    expect(done).toMatchObject({
      status: 'DONE',
      progress: {
        total: 3,
        processed: 3,
        percent: 100,
        changedCases: 3,
        // The hearing limit and the temporary order that lasts until the hearing (twice: the
        // closed case too), and the last day to renew.
        movedDeadlines: 5,
        failedCases: 0,
      },
    });

    // An act due on the closure day rolls to the next court day (CCP §§ 12a, 12b).
    const tro = await deadlines(alice, ids.tro!);
    const latest = tro.get('HEARING_LATEST')!;
    expect(latest.date).toBe('2026-01-29');
    expect(latest.explanation.join(' ')).toContain(
      'court closed for the whole day: power outage (CCP 12b)',
    );
    expect(latest.history.at(-1)).toMatchObject({
      previousDate: CLOSED,
      date: '2026-01-29',
      cause: 'COURT_CLOSURE_RECORDED',
      causedByEventId: null,
      causedByClosureId: recorded.closure.id,
      causedByJobId: recorded.jobs[0]!.id,
    });
    // What the closure does not touch keeps its history as it was.
    expect(tro.get('HEARING_LATEST_GOOD_CAUSE')!.history).toHaveLength(1);

    // The last day to renew is the last court day on or before the expiry: now the day before.
    const renewal = await deadlines(alice, ids.renewal!);
    expect(renewal.get('RENEWAL_DEADLINE')).toMatchObject({ date: '2026-01-27' });
    expect(renewal.get('ORDER_EXPIRES')).toMatchObject({ date: CLOSED });
    expect(renewal.get('RENEWAL_DEADLINE')!.history.at(-1)).toMatchObject({
      cause: 'COURT_CLOSURE_RECORDED',
      causedByClosureId: recorded.closure.id,
    });
    expect((await deadlines(alice, ids.closedCase!)).get('HEARING_LATEST')?.date).toBe(
      '2026-01-29',
    );
  });

  it("leaves other courts' cases and other organizations' cases alone", async () => {
    for (const [tenant, id] of [
      [alice, ids.otherCourt!],
      [bob, ids.bobs!],
    ] as const) {
      const latest = (await deadlines(tenant, id)).get('HEARING_LATEST')!;
      expect(latest.date).toBe(CLOSED);
      expect(latest.history).toHaveLength(1);
    }
    // Bob sees neither the closure nor its job, exactly as ids that do not exist.
    for (const url of [
      `/v1/court-closures/${recorded.closure.id}`,
      `/v1/recompute-jobs/${recorded.jobs[0]!.id}`,
    ]) {
      expect((await bob.request({ method: 'GET', url })).statusCode).toBe(404);
    }
    const list = await bob.request({ method: 'GET', url: '/v1/court-closures?withdrawn=true' });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('tells the assigned advocate and the clinic webhook, in words, once', async () => {
    const outbox = await alice.request({
      method: 'GET',
      url: `/v1/reminders?caseId=${ids.tro}`,
    });
    const notices = outbox
      .json<{ items: { occurrence: string; recipient: { type: string } }[] }>()
      .items.filter((r) => r.occurrence === `change:${recorded.jobs[0]!.id}`);
    expect(notices.map((n) => n.recipient.type).sort()).toEqual(['ADVOCATE', 'WEBHOOK']);
    // The closed case tells nobody; the renewal case has no advocate: its webhook only.
    const closed = await alice.request({
      method: 'GET',
      url: `/v1/reminders?caseId=${ids.closedCase}`,
    });
    expect(closed.json<{ items: { occurrence: string }[] }>().items).toEqual([]);

    for (let i = 0; i < 20 && (await reminders.tick()).claimed > 0; i++);
    const emails = smtp.messages.filter((m) => m.subject.startsWith('[Orderly] Dates changed'));
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email.to).toEqual(['ana@alice.example']);
    expect(email.subject).toBe('[Orderly] Dates changed (case A-TRO)');
    expect(email.text).toContain(
      'Superior Court of California, County of San Francisco is closed on Wednesday, January 28, 2026 (power outage)',
    );
    expect(email.text).toContain(
      '- Latest date for the hearing: was Wednesday, January 28, 2026; now Thursday, January 29, 2026.',
    );
    expect(email.text).toContain('https://sf.courts.ca.gov/news/closure-2026-01-28');

    const hooks = receiver.received
      .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> })
      .filter((e) => e.type === 'deadlines.changed');
    expect(hooks).toHaveLength(2);
    const forTro = hooks.find((e) => (e.data.case as { reference: string }).reference === 'A-TRO')!;
    expect(forTro.data).toMatchObject({
      cause: 'COURT_CLOSURE_RECORDED',
      closure: { id: recorded.closure.id, court: SF, from: CLOSED, to: CLOSED },
      moved: [
        {
          key: 'HEARING_LATEST',
          title: 'Latest date for the hearing',
          previous: { date: CLOSED, status: 'OPEN' },
          current: { date: '2026-01-29', status: 'OPEN' },
        },
        { key: 'TRO_EXPIRES', previous: { date: CLOSED }, current: { date: '2026-01-29' } },
      ],
    });
  });

  it('a withdrawal moves them back, naming the closure again', async () => {
    const response = await alice.request({
      method: 'POST',
      url: `/v1/court-closures/${recorded.closure.id}/withdraw`,
      payload: { reason: 'recorded in error: the court was open' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const withdrawn = response.json<ClosureJson>();
    expect(withdrawn.closure.withdrawnAt).not.toBeNull();
    expect(withdrawn.jobs[0]).toMatchObject({ cause: 'COURT_CLOSURE_WITHDRAWN' });
    await runJobs();
    const latest = (await deadlines(alice, ids.tro!)).get('HEARING_LATEST')!;
    expect(latest.date).toBe(CLOSED);
    expect(latest.history.at(-1)).toMatchObject({
      previousDate: '2026-01-29',
      cause: 'COURT_CLOSURE_WITHDRAWN',
      causedByClosureId: recorded.closure.id,
      causedByJobId: withdrawn.jobs[0]!.id,
    });
    const again = await alice.request({
      method: 'POST',
      url: `/v1/court-closures/${recorded.closure.id}/withdraw`,
      payload: { reason: 'twice' },
    });
    expect(again.statusCode).toBe(409);
    // The closure shows with its jobs; the list of those in force no longer has it.
    const shown = await alice.request({
      method: 'GET',
      url: `/v1/court-closures/${recorded.closure.id}`,
    });
    expect(shown.json<ClosureJson>().jobs).toHaveLength(2);
    const inForce = await alice.request({ method: 'GET', url: '/v1/court-closures' });
    expect(inForce.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('an event recorded later computes with the closures in force', async () => {
    const second = await post<ClosureJson>(alice, '/v1/court-closures', {
      court: SF,
      from: '2026-02-10',
      to: '2026-02-11',
      reason: 'flooding',
      source: 'Presiding judge order 2026-02-09',
      authority: 'GOV_CODE_68115',
    });
    await runJobs();
    const created = await post<{ case: { id: string } }>(alice, '/v1/cases', {
      family: 'DV',
      court: SF,
      reference: 'A-LATER',
      events: [
        { type: 'PETITION_FILED', date: '2026-01-21' },
        { type: 'TRO_GRANTED', date: '2026-01-21' },
      ],
    });
    // Day 21 is Wed 2026-02-11, closed by the order; Thu 02-12 is Lincoln Day, a judicial
    // holiday: the next court day is Fri 2026-02-13.
    const latest = (await deadlines(alice, created.case.id)).get('HEARING_LATEST')!;
    expect(latest.date).toBe('2026-02-13');
    expect(latest.explanation.join(' ')).toContain('Gov. Code 68115');
    expect(second.closure.scope).toBe('organization');
  });
});

describe('shared closures (the operator, from the command line)', () => {
  it("apply to every organization's cases in that court, and only the operator withdraws them", async () => {
    const recorded = await inTransaction(api.runtime.db, (tx) =>
      recordClosure(tx, { kind: 'operator', now: clock.now(), label: 'cli' }, null, {
        court: SF,
        from: '2026-01-29',
        reason: 'statewide network outage',
        source: 'Judicial Council notice',
      }),
    );
    expect(recorded.jobs.map((j) => j.organizationId).sort()).toEqual(
      [alice.organizationId, bob.organizationId].sort(),
    );
    await runJobs();
    // Bob's hearing limit (Wed 01-28, open) is untouched by a closure on 01-29; Alice's A-TRO
    // too. But both see the shared closure, and can neither withdraw it.
    for (const tenant of [alice, bob]) {
      const shown = await tenant.request({
        method: 'GET',
        url: `/v1/court-closures/${recorded.closure.id}`,
      });
      expect(shown.statusCode).toBe(200);
      expect(shown.json<ClosureJson>().closure.scope).toBe('shared');
      expect(shown.json<ClosureJson>().jobs).toHaveLength(1);
      const withdraw = await tenant.request({
        method: 'POST',
        url: `/v1/court-closures/${recorded.closure.id}/withdraw`,
        payload: { reason: 'no' },
      });
      expect(withdraw.statusCode).toBe(403);
    }
    const bobsJob = recorded.jobs.find((j) => j.organizationId === bob.organizationId)!;
    expect(await job(bob, bobsJob.id)).toMatchObject({
      status: 'DONE',
      progress: { total: 1, processed: 1 },
    });
  });
});

describe('bad input', () => {
  const valid = { court: SF, from: '2026-03-02', reason: 'outage', source: 'notice' };
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown court', { ...valid, court: 'CA-atlantis' }, 'body.court'],
    ['a date that does not exist', { ...valid, from: '2026-02-30' }, 'body.from'],
    ['a date outside the calendar', { ...valid, from: '2050-01-03' }, 'body.from'],
    ['an end before the start', { ...valid, to: '2026-03-01' }, 'body.to'],
    ['more than 31 days', { ...valid, to: '2026-04-15' }, 'body.to'],
    ['an empty reason', { ...valid, reason: '   ' }, 'body.reason'],
    ['a control character', { ...valid, source: 'notice\u0007' }, 'body.source'],
    ['no source', { court: SF, from: '2026-03-02', reason: 'outage' }, 'body.source'],
    ['an unknown field', { ...valid, organizationId: null }, 'body.organizationId'],
    ['an unknown authority', { ...valid, authority: 'MAYOR' }, 'body.authority'],
    ['a malformed date', { ...valid, from: '03/02/2026' }, 'body.from'],
  ];
  it.each(cases)('%s is a 400 naming the field, and changes nothing', async (_, payload, field) => {
    const before = await databaseFingerprint(api.runtime.db.pool);
    const response = await alice.request({ method: 'POST', url: '/v1/court-closures', payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json<{ errors: { name: string }[] }>().errors.map((e) => e.name)).toContain(
      field,
    );
    expect(await databaseFingerprint(api.runtime.db.pool)).toEqual(before);
  });

  it('a key without the admin scope is refused; an overlapping closure is a 409', async () => {
    const reader = await post<{ key: string }>(alice, '/v1/api-keys', {
      name: 'writer',
      scopes: ['write'],
    });
    const before = await databaseFingerprint(api.runtime.db.pool);
    const forbidden = await alice.request({
      method: 'POST',
      url: '/v1/court-closures',
      key: reader.key,
      payload: valid,
    });
    expect(forbidden.statusCode).toBe(403);
    const overlapping = await alice.request({
      method: 'POST',
      url: '/v1/court-closures',
      payload: { ...valid, from: '2026-02-09', to: '2026-02-10' },
    });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json<{ errors: { name: string }[] }>().errors[0]!.name).toBe('body.from');
    expect(await databaseFingerprint(api.runtime.db.pool)).toEqual(before);
  });
});

describe('the court list', () => {
  it('names every court with its close of business, its source and the years covered', async () => {
    const response = await alice.request({ method: 'GET', url: '/v1/courts' });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: Record<string, unknown>[] }>().items;
    expect(items.length).toBe(59);
    expect(items.find((c) => c.id === 'CA-alameda')).toMatchObject({
      name: 'Superior Court of California, County of Alameda',
      county: 'Alameda',
      closeOfBusiness: '14:00',
      closeOfBusinessSource: { basis: 'court' },
      calendarYears: { from: 2010, to: 2045 },
    });
    expect(items.find((c) => c.id === 'CA')).toMatchObject({
      closeOfBusinessSource: { basis: 'default' },
    });
  });
});

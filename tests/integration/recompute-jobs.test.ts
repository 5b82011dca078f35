// Background recomputation (src/services/recompute-jobs.ts): resumable after a crash, each
// case recomputed once; a case that cannot be recomputed is counted and skipped, not fatal;
// requests go on while a batch runs; the start-up check recomputes cases computed under other
// rules than the engine's.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createCase } from '../../src/services/cases.js';
import { recordClosure } from '../../src/services/court-closures.js';
import {
  queueStaleRulesJobs,
  runRecomputeBatch,
  type BatchOptions,
} from '../../src/services/recompute-jobs.js';
import { rulesVersion } from '../../src/services/rules-version.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { TEST_SECRETS_KEY } from '../support/reminders.js';

const WORKER = path.join(PROJECT_ROOT, 'dist', 'src', 'worker-process.js');

let api: TestApi;
let tenant: Tenant;
const children: ChildProcess[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-recompute-'));
  api = await startTestApi();
  tenant = await createTenant(api);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await api.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Acting for the test clinic, as a CLI would. */
const testContext = () => ({
  actor: { organizationId: tenant.organizationId, apiKeyId: null, label: 'test', scopes: [] },
  requestId: null,
  now: new Date(),
});

/**
 * DV temporary orders granted `granted` (hearing limit, and end, 21 days later), ten to a
 * transaction: 90 in one outlasted the 20 s transaction timeout at load average 17.
 */
async function troCases(court: string, granted: string, n: number): Promise<string[]> {
  const ctx = testContext();
  const ids: string[] = [];
  for (let from = 0; from < n; from += 10) {
    await inTransaction(api.runtime.db, async (tx) => {
      for (let i = from; i < Math.min(n, from + 10); i++) {
        const created = await createCase(tx, ctx, {
          family: 'DV',
          court,
          reference: `${court}-${granted}-${i}`,
          events: [
            { type: 'PETITION_FILED', date: granted },
            { type: 'TRO_GRANTED', date: granted },
          ],
        });
        ids.push(created.case.id);
      }
    });
  }
  return ids;
}

async function closeCourt(court: string, date: string, organizationId: string | null) {
  return inTransaction(api.runtime.db, (tx) =>
    recordClosure(tx, { kind: 'operator', now: new Date(), label: 'cli' }, organizationId ?? null, {
      court,
      from: date,
      reason: 'test closure',
      source: 'test notice',
    }),
  );
}

const options = (extra: Partial<BatchOptions> = {}): BatchOptions => ({
  now: () => new Date(),
  log: api.runtime.log,
  batchSize: 3,
  ...extra,
});

async function drain(jobId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await runRecomputeBatch(api.runtime.db, options({ jobId }))) === null) return;
  }
  throw new Error('the job never finished');
}

async function jobRow(id: string) {
  const { rows } = await api.runtime.db.pool.query<{
    status: string;
    cursor: string | null;
    processed: number;
    changedCases: number;
    movedDeadlines: number;
    failedCases: number;
    failures: { caseId: string; error: string }[];
  }>(
    `SELECT status::text, cursor::text, processed, "changedCases", "movedDeadlines", "failedCases", failures
     FROM "RecomputeJob" WHERE id = $1`,
    [id],
  );
  return rows[0]!;
}

/** History rows the job wrote, and any slot it wrote twice. */
async function historyOf(jobId: string): Promise<{ rows: number; repeated: number }> {
  const { rows } = await api.runtime.db.pool.query<{ n: string; repeated: string }>(
    `SELECT count(*) AS n,
            count(*) - count(DISTINCT ("deadlineId", revision)) AS repeated
     FROM "DeadlineChange" WHERE "causedByJobId" = $1`,
    [jobId],
  );
  return { rows: Number(rows[0]!.n), repeated: Number(rows[0]!.repeated) };
}

describe('a recomputation that crashes', () => {
  it('loses only the batch in flight (its connection killed mid-batch) and resumes from the cursor, each case once', async () => {
    const cases = await troCases('CA-fresno', '2026-01-07', 8);
    const { jobs } = await closeCourt('CA-fresno', '2026-01-28', tenant.organizationId);
    const jobId = jobs[0]!.id;

    // First batch: cases 1-3, committed.
    expect(await runRecomputeBatch(api.runtime.db, options({ jobId }))).toMatchObject({
      processed: 3,
      done: false,
    });
    const afterFirst = await jobRow(jobId);
    expect(afterFirst).toMatchObject({ status: 'RUNNING', cursor: cases[2], processed: 3 });
    expect((await historyOf(jobId)).rows).toBe(6);

    // Second batch: the worker's connection dies after case 5 of 6.
    let seen = 0;
    await expect(
      runRecomputeBatch(
        api.runtime.db,
        options({
          jobId,
          afterCase: async (tx) => {
            if (++seen === 2) await tx.$executeRaw`SELECT pg_terminate_backend(pg_backend_pid())`;
          },
        }),
      ),
    ).rejects.toThrow();
    // Nothing of the batch in flight was written: not its deadlines, not the cursor.
    expect(await jobRow(jobId)).toMatchObject({ cursor: cases[2], processed: 3 });
    expect((await historyOf(jobId)).rows).toBe(6);

    // Another run resumes from the cursor and finishes: every case exactly once.
    await drain(jobId);
    expect(await jobRow(jobId)).toMatchObject({
      status: 'DONE',
      cursor: cases.at(-1),
      processed: 8,
      changedCases: 8,
      movedDeadlines: 16,
      failedCases: 0,
    });
    expect(await historyOf(jobId)).toEqual({ rows: 16, repeated: 0 });
  });

  it('a case that cannot be recomputed is counted and named; the others are done', async () => {
    const cases = await troCases('CA-kern', '2026-02-04', 4);
    // A court id a release no longer knows (data from an older version).
    await api.runtime.db.pool.query(`UPDATE "Case" SET court = 'CA-atlantis' WHERE id = $1`, [
      cases[1],
    ]);
    const { jobs } = await closeCourt('CA', '2026-02-25', null);
    const mine = jobs.find((j) => j.organizationId === tenant.organizationId)!;
    await drain(mine.id);
    const row = await jobRow(mine.id);
    expect(row.status).toBe('DONE');
    expect(row.failedCases).toBe(1);
    expect(row.failures).toEqual([{ caseId: cases[1], error: expect.stringMatching(/court/) }]);
    // Every other case of the organization (in every court: "CA" closes them all) was done.
    const { rows } = await api.runtime.db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM "Case" WHERE "organizationId" = $1`,
      [tenant.organizationId],
    );
    expect(row.processed).toBe(Number(rows[0]!.n) - 1);
    const kern = await tenant.request({ method: 'GET', url: `/v1/cases/${cases[0]}/deadlines` });
    expect(
      kern
        .json<{ deadlines: { key: string; date: string }[] }>()
        .deadlines.find((d) => d.key === 'HEARING_LATEST')?.date,
    ).toBe('2026-02-26');
    await api.runtime.db.pool.query(`UPDATE "Case" SET court = 'CA-kern' WHERE id = $1`, [
      cases[1],
    ]);
  });

  it('does not block requests: while a batch holds its cases, others are read and written', async () => {
    const [busy, free] = await troCases('CA-marin', '2026-03-02', 2);
    const { jobs } = await closeCourt('CA-marin', '2026-03-23', tenant.organizationId);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inBatch = new Promise<void>((resolve) => (started = resolve));
    const batch = runRecomputeBatch(
      api.runtime.db,
      options({
        jobId: jobs[0]!.id,
        batchSize: 1,
        afterCase: async () => {
          started();
          await held;
        },
      }),
    );
    await inBatch;
    // The batch holds `busy` locked: reading it, and recording an event on another case of
    // the same court, go on.
    const read = await tenant.request({ method: 'GET', url: `/v1/cases/${busy}/deadlines` });
    expect(read.statusCode).toBe(200);
    const event = await tenant.request({
      method: 'POST',
      url: `/v1/cases/${free}/events`,
      payload: { type: 'HEARING_SET', date: '2026-03-20' },
    });
    expect(event.statusCode, event.body).toBe(201);
    release();
    expect(await batch).toMatchObject({ processed: 1 });
    await drain(jobs[0]!.id);
  });
});

describe("a batch's petitioner links", () => {
  it('a link whose expiry follows the order moves with it through the batch path; a set one stays', async () => {
    // Granted Monday 2027-03-01: the temporary order lasts to the hearing, at most 21 days later
    // (Monday 2027-03-22). A closure that day moves it to Tuesday 2027-03-23.
    const [caseId] = await troCases('CA-shasta', '2027-03-01', 1);
    const make = async (payload: object) => {
      const made = await tenant.request({
        method: 'POST',
        url: `/v1/cases/${caseId}/petitioner-links`,
        payload,
      });
      expect(made.statusCode, made.body).toBe(201);
      return made.json<{ id: string; expiresAt: string }>();
    };
    const follows = await make({});
    const set = await make({ expiresAt: '2027-06-30' });
    const orderEnd = async () =>
      (await tenant.request({ method: 'GET', url: `/v1/cases/${caseId}/deadlines` }))
        .json<{ deadlines: { kind: string; date: string; status: string }[] }>()
        .deadlines.find((d) => d.kind === 'TRO_EXPIRES' && d.status !== 'SUPERSEDED')?.date;
    expect(await orderEnd()).toBe('2027-03-22');
    // 30 days after the order ends, at the end of that day in court time (PDT).
    expect(follows.expiresAt).toBe(new Date('2027-04-21T23:59:59-07:00').toISOString());

    const { jobs } = await closeCourt('CA-shasta', '2027-03-22', tenant.organizationId);
    await drain(jobs[0]!.id);
    expect(await orderEnd()).toBe('2027-03-23');
    const { rows } = await api.runtime.db.pool.query<{ id: string; expiresAt: Date }>(
      `SELECT id::text, "expiresAt" FROM "PetitionerLink" WHERE "caseId" = $1`,
      [caseId],
    );
    const expiry = new Map(rows.map((r) => [r.id, r.expiresAt.toISOString()]));
    expect(expiry.get(follows.id)).toBe(new Date('2027-04-22T23:59:59-07:00').toISOString());
    expect(expiry.get(set.id)).toBe(set.expiresAt);
  });
});

describe('the start-up check', () => {
  it("recomputes the cases computed under other rules than the engine's, once", async () => {
    const [stale, current] = await troCases('CA-napa', '2026-04-01', 2);
    const pool = api.runtime.db.pool;
    // As if computed by an older release whose rules put the hearing limit a day earlier.
    await pool.query(`UPDATE "Case" SET "rulesVersion" = 'older' WHERE id = $1`, [stale]);
    await pool.query(
      `UPDATE "Deadline" SET date = date - 1 WHERE "caseId" = $1 AND key = 'HEARING_LATEST'`,
      [stale],
    );
    const queued = await queueStaleRulesJobs(api.runtime.db);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      organizationId: tenant.organizationId,
      cause: 'RULES_CHANGED',
      rulesVersion: rulesVersion(),
      total: 1,
    });
    // A second process starting meanwhile queues nothing more.
    expect(await queueStaleRulesJobs(api.runtime.db)).toEqual([]);
    await drain(queued[0]!.id);
    expect(await jobRow(queued[0]!.id)).toMatchObject({
      status: 'DONE',
      processed: 1,
      changedCases: 1,
      movedDeadlines: 1,
    });
    const { rows } = await pool.query<{ id: string; rulesVersion: string }>(
      `SELECT id::text, "rulesVersion" FROM "Case" WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[stale, current]],
    );
    expect(rows.map((r) => r.rulesVersion)).toEqual([rulesVersion(), rulesVersion()]);
    const history = await tenant.request({ method: 'GET', url: `/v1/cases/${stale}/deadlines` });
    const latest = history
      .json<{ deadlines: { key: string; date: string; history: { cause: string }[] }[] }>()
      .deadlines.find((d) => d.key === 'HEARING_LATEST')!;
    expect(latest.date).toBe('2026-04-22');
    expect(latest.history.at(-1)?.cause).toBe('RULES_CHANGED');
    expect(await queueStaleRulesJobs(api.runtime.db)).toEqual([]);
  });
});

describe('a release that changes only how sure a date is, or whose act it is', () => {
  it('rewrites the basis and dutyOf of deadlines whose date did not move', async () => {
    const [stale] = await troCases('CA-marin', '2026-04-01', 1);
    const pool = api.runtime.db.pool;
    const read = async () =>
      (
        await pool.query<{ key: string; basis: string; dutyOf: string | null; revision: number }>(
          `SELECT key, basis::text, "dutyOf"::text, revision FROM "Deadline"
            WHERE "caseId" = $1 AND status <> 'SUPERSEDED' ORDER BY key`,
          [stale],
        )
      ).rows;
    const computed = await read();
    // As an older release stored them: every date the same, but each basis and each duty
    // different from what the engine says now.
    await pool.query(`UPDATE "Case" SET "rulesVersion" = 'older' WHERE id = $1`, [stale]);
    await pool.query(
      `UPDATE "Deadline"
          SET basis = CASE WHEN basis = 'unverified' THEN 'statute' ELSE 'unverified' END::"DeadlineBasis",
              "dutyOf" = CASE WHEN "dutyOf" IS NULL THEN 'RESPONDENT' END::"Party"
        WHERE "caseId" = $1`,
      [stale],
    );
    expect(await read()).not.toEqual(computed);
    const queued = await queueStaleRulesJobs(api.runtime.db);
    expect(queued).toHaveLength(1);
    await drain(queued[0]!.id);
    // Back as the engine says, with no new revision (no date moved, so no history either).
    expect(await read()).toEqual(computed);
  });
});

describe('a recomputation that changes nothing', () => {
  it('rewrites no deadline, though jsonb gives an advisory back with its keys in another order', async () => {
    const created = await inTransaction(api.runtime.db, (tx) =>
      createCase(tx, testContext(), {
        family: 'DV',
        // A court no other test here uses: a closure job's scope is its court.
        court: 'CA-yolo',
        reference: 'SAME-1',
        events: [
          { type: 'PETITION_FILED', date: '2026-04-01' },
          { type: 'TRO_GRANTED', date: '2026-04-01' },
          { type: 'HEARING_SET', date: '2026-04-22', time: '08:30' },
          { type: 'SERVED', date: '2026-04-10', method: 'PERSONAL' },
        ],
      }),
    );
    const caseId = created.case.id;
    const pool = api.runtime.db.pool;
    const rows = async () =>
      (
        await pool.query<{
          key: string;
          advisory: string | null;
          updatedAt: Date;
          revision: number;
        }>(
          `SELECT key, advisory::text, "updatedAt", revision FROM "Deadline"
            WHERE "caseId" = $1 ORDER BY key`,
          [caseId],
        )
      ).rows;
    const before = await rows();
    // The service deadline's advisory has keys that jsonb stores in another order than written.
    const service = before.find((r) => r.key === 'SERVICE_DEADLINE')!;
    expect(service.advisory).toMatch(/"courtDay".*"daysBeforeHearing"/);
    await pool.query(`UPDATE "Case" SET "rulesVersion" = 'older' WHERE id = $1`, [caseId]);
    const queued = await queueStaleRulesJobs(api.runtime.db);
    expect(queued).toHaveLength(1);
    await drain(queued[0]!.id);
    expect(await jobRow(queued[0]!.id)).toMatchObject({ status: 'DONE', changedCases: 0 });
    // Every slot as it was: not rewritten (updatedAt is what a feed's cache keys on).
    expect(await rows()).toEqual(before);
  });
});

describe('the worker process', () => {
  interface Worker {
    child: ChildProcess;
    exited: Promise<number | string>;
    output(): string;
  }
  function startWorker(): Worker {
    const child = spawn(process.execPath, [WORKER], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: api.database.url,
        // Required with DATABASE_URL (a worker must share the API's key).
        SECRETS_KEY: TEST_SECRETS_KEY,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        RECOMPUTE_BATCH_SIZE: '3',
        RECOMPUTE_POLL_MS: '50',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
    );
    return { child, exited, output: () => out };
  }
  async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string) {
    const started = Date.now();
    while (!(await condition())) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('killed with SIGKILL mid-job and replaced: the job finishes, each case recomputed once', async () => {
    const cases = await troCases('CA-sonoma', '2026-05-06', 90);
    const { jobs } = await closeCourt('CA-sonoma', '2026-05-27', tenant.organizationId);
    const jobId = jobs[0]!.id;

    const first = startWorker();
    await until(async () => (await jobRow(jobId)).processed >= 6, 60_000, 'two batches');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const atCrash = await jobRow(jobId);
    expect(atCrash.status).toBe('RUNNING');
    expect(atCrash.processed).toBeLessThan(cases.length);

    const second = startWorker();
    await until(async () => (await jobRow(jobId)).status === 'DONE', 120_000, 'the job to finish');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await jobRow(jobId)).toMatchObject({
      processed: cases.length,
      changedCases: cases.length,
      movedDeadlines: 2 * cases.length,
      failedCases: 0,
    });
    expect(await historyOf(jobId)).toEqual({ rows: 2 * cases.length, repeated: 0 });
  }, 240_000);
});

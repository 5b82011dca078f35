// Background recomputation: when a court closure is recorded or withdrawn, or a release's rules
// differ from those a case was computed with, the cases it may move are recomputed in the
// background, through the same transactional path as an event (recomputeDeadlines: deadlines,
// history, reminders), in batches, without blocking requests, and resumable after a crash.
//
// - A job belongs to one organization (a shared closure queues one per organization), so its
//   progress is that organization's to see, and nobody else's.
// - A batch is one transaction: the closures lock shared (before any case, as every
//   recomputation takes it), the job's row lock (FOR UPDATE SKIP LOCKED: one worker per job at a
//   time), then each case of the batch locked and recomputed as an event would, the advocates
//   told of what moved (src/services/change-notices.ts), and the cursor advanced. A crash
//   loses the batch in flight and nothing else; the next worker resumes from the cursor.
// - A batch that fails for a reason other than the database being away is done again case by
//   case, and a case that still fails is counted and named in the job (failedCases, failures),
//   so one bad case cannot stop the others.
// - The start-up check (queueStaleRulesJobs) compares each case's rules version with the
//   engine's (src/services/rules-version.ts) and queues a RULES_CHANGED job for each
//   organization with stale cases.
import type { Database } from '../db/client.js';
import { lockCase } from '../db/cases.js';
import { findClosure, lockClosuresShared } from '../db/court-closures.js';
import {
  countCasesInScope,
  finishJob,
  findJob,
  hasOpenRulesJob,
  insertJob,
  listJobs,
  lockNextJob,
  nextCaseIds,
  noteJobError,
  organizationsWithStaleCases,
  recordBatch,
  type CaseFailure,
  type JobScope,
  type JobViewer,
  type RecomputeCause,
  type RecomputeJobRecord,
  type RecomputeJobStatus,
} from '../db/recompute-jobs.js';
import { inTransaction, type Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { recomputeCasesTogether } from './batch-recompute.js';
import { queueChangeNotices, type NoticeCause } from './change-notices.js';
import { calendarsFor } from './closure-calendars.js';
import { courtName } from './courts.js';
import { recomputeDeadlines } from './deadlines.js';
import { isDatabaseUnavailable, notFound } from './errors.js';
import { decodeCursor, toPage, type Page } from './pagination.js';
import { rulesVersion } from './rules-version.js';

export type { JobViewer, RecomputeCause, RecomputeJobRecord, RecomputeJobStatus };
export { RECOMPUTE_CAUSES, RECOMPUTE_JOB_STATUSES } from '../db/recompute-jobs.js';

/** Queues a job over `scope`; its total is the number of cases in scope now. */
export async function queueRecompute(
  tx: Tx,
  job: JobScope & { cause: RecomputeCause; closureId: string | null },
): Promise<RecomputeJobRecord> {
  return insertJob(tx, { ...job, total: await countCasesInScope(tx, job) });
}

/**
 * Queues a RULES_CHANGED job for each organization with cases computed under other rules than
 * this engine's (the start-up check), unless one for this version is already waiting. Returns
 * the jobs queued.
 */
export async function queueStaleRulesJobs(db: Database): Promise<RecomputeJobRecord[]> {
  const version = rulesVersion();
  return inTransaction(db, async (tx) => {
    // Processes starting together queue each job once: one check at a time.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RULES_CHECK_LOCK})`;
    const queued: RecomputeJobRecord[] = [];
    for (const { organizationId } of await organizationsWithStaleCases(tx, version)) {
      if (await hasOpenRulesJob(tx, organizationId, version)) continue;
      queued.push(
        await queueRecompute(tx, {
          organizationId,
          cause: 'RULES_CHANGED',
          closureId: null,
          court: null,
          rulesVersion: version,
        }),
      );
    }
    return queued;
  });
}

/** pg_advisory_xact_lock key of the start-up rules check (an arbitrary constant, "rules"). */
const RULES_CHECK_LOCK = 0x72756c6573n;

export interface BatchOptions {
  now: () => Date;
  log: Logger;
  batchSize: number;
  /** Only this job (tests; the CLI's "wait for it"). */
  jobId?: string;
  /** Called inside the batch's transaction after each case (tests: a crash mid-batch). */
  afterCase?: (tx: Tx, caseId: string) => Promise<void>;
}

export interface BatchResult {
  jobId: string;
  processed: number;
  done: boolean;
}

interface CaseOutcome {
  changed: boolean;
  moved: number;
}

/** What a batch reads once for all its cases: the calendars, and the cause its notices state. */
interface BatchContext {
  job: RecomputeJobRecord;
  calendars: Awaited<ReturnType<typeof calendarsFor>>;
  cause: NoticeCause;
  now: Date;
}

async function batchContext(tx: Tx, job: RecomputeJobRecord, now: Date): Promise<BatchContext> {
  const [calendars, closure] = await Promise.all([
    calendarsFor(tx, job.organizationId, job.court === null ? 'every court' : [job.court]),
    job.closureId === null ? null : findClosure(tx, 'operator', job.closureId),
  ]);
  return {
    job,
    calendars,
    now,
    cause: {
      cause: job.cause,
      jobId: job.id,
      rulesVersion: job.rulesVersion,
      closure: closure && {
        id: closure.id,
        court: closure.court,
        courtName: courtName(closure.court),
        from: closure.from,
        to: closure.to,
        reason: closure.reason,
        source: closure.source,
        authority: closure.authority,
        withdrawnReason: job.cause === 'COURT_CLOSURE_WITHDRAWN' ? closure.withdrawnReason : null,
      },
    },
  };
}

/** Recomputes one case of the job inside the batch's transaction; null when it is gone. */
async function recomputeCase(
  tx: Tx,
  context: BatchContext,
  caseId: string,
): Promise<CaseOutcome | null> {
  const { job, calendars, now } = context;
  const owner = await lockCase(tx, job.organizationId, caseId);
  if (!owner) return null;
  const recomputation = await recomputeDeadlines(
    tx,
    owner,
    job.cause,
    null,
    // A background recomputation nobody asked for sends no catch-up reminders.
    { now, catchUp: false },
    {
      calendars,
      closureId: job.closureId,
      jobId: job.id,
    },
  );
  await queueChangeNotices(tx, owner, recomputation, job, context.cause, now);
  const moved = recomputation.changes.length;
  return { changed: moved > 0, moved };
}

/** A batch as one transaction; null when no job is waiting. Throws when the transaction fails. */
async function batchInOneTransaction(
  db: Database,
  options: BatchOptions,
): Promise<(BatchResult & { ids?: string[]; job?: RecomputeJobRecord }) | null> {
  return inTransaction(db, async (tx) => {
    await lockClosuresShared(tx);
    const job = await lockNextJob(tx, options.jobId);
    if (!job) return null;
    const now = options.now();
    // One more than a batch: whether the scope is exhausted, without another query.
    const ids = await nextCaseIds(tx, job, options.batchSize + 1);
    const batch = ids.slice(0, options.batchSize);
    const last = batch.at(-1);
    if (last === undefined) {
      await finishJob(tx, job, now);
      return { jobId: job.id, processed: 0, done: true };
    }
    const context = await batchContext(tx, job, now);
    // The whole batch in a few statements (src/services/batch-recompute.ts); the same rows as
    // recomputeCase writes one case at a time (the path a failed batch falls back to).
    const { processed, changedCases, movedDeadlines } = await recomputeCasesTogether(
      tx,
      context,
      batch,
    );
    for (const caseId of batch) await options.afterCase?.(tx, caseId);
    const done = ids.length <= options.batchSize;
    await recordBatch(tx, job, {
      cursor: last,
      processed,
      changedCases,
      movedDeadlines,
      failures: [],
      done,
      now,
    });
    return { jobId: job.id, processed, done };
  });
}

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);

/**
 * After a failed batch: the same cases one transaction each, so that a case that cannot be
 * recomputed is counted as failed and the others go on. Stops (throws) if the database goes away.
 */
async function batchCaseByCase(
  db: Database,
  options: BatchOptions,
  jobId: string,
): Promise<BatchResult | null> {
  let processed = 0;
  for (let i = 0; i < options.batchSize; i++) {
    const step = await inTransaction(db, async (tx) => {
      await lockClosuresShared(tx);
      const job = await lockNextJob(tx, jobId);
      if (!job) return null;
      const now = options.now();
      const ids = await nextCaseIds(tx, job, 2);
      const caseId = ids[0];
      if (caseId === undefined) {
        await finishJob(tx, job, now);
        return { done: true };
      }
      const outcome = await recomputeCase(tx, await batchContext(tx, job, now), caseId);
      await options.afterCase?.(tx, caseId);
      await recordBatch(tx, job, {
        cursor: caseId,
        processed: outcome ? 1 : 0,
        changedCases: outcome?.changed ? 1 : 0,
        movedDeadlines: outcome?.moved ?? 0,
        failures: [],
        done: ids.length < 2,
        now,
      });
      return { done: ids.length < 2 };
    }).catch(async (error: unknown) => {
      if (isDatabaseUnavailable(error)) throw error;
      return skipFailedCase(db, options, jobId, error);
    });
    if (step === null) return null;
    processed++;
    if (step.done) return { jobId, processed, done: true };
  }
  return { jobId, processed, done: false };
}

/** Records the job's next case as failed (with why) and moves the cursor past it. */
async function skipFailedCase(
  db: Database,
  options: BatchOptions,
  jobId: string,
  error: unknown,
): Promise<{ done: boolean } | null> {
  return inTransaction(db, async (tx) => {
    const job = await lockNextJob(tx, jobId);
    if (!job) return null;
    const ids = await nextCaseIds(tx, job, 2);
    const caseId = ids[0];
    if (caseId === undefined) return { done: true };
    const failure: CaseFailure = { caseId, error: messageOf(error) };
    options.log.error({ jobId, caseId, err: error }, 'a case could not be recomputed; skipped');
    await recordBatch(tx, job, {
      cursor: caseId,
      processed: 0,
      changedCases: 0,
      movedDeadlines: 0,
      failures: [failure],
      done: ids.length < 2,
      now: options.now(),
    });
    return { done: ids.length < 2 };
  });
}

/**
 * Runs one batch of the oldest waiting job (or of `options.jobId`): null when there is none.
 * A batch that fails is done again case by case (see batchCaseByCase); when the database is
 * away it throws, and the job stays where its last batch left it.
 */
export async function runRecomputeBatch(
  db: Database,
  options: BatchOptions,
): Promise<BatchResult | null> {
  let failed: { error: unknown; jobId: string } | undefined;
  try {
    return await batchInOneTransaction(db, options);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    const jobId = options.jobId ?? (await oldestWaitingJob(db));
    if (jobId === null) throw error;
    failed = { error, jobId };
  }
  options.log.warn(
    { jobId: failed.jobId, err: failed.error },
    'recompute batch failed; doing it case by case',
  );
  await inTransaction(db, (tx) => noteJobError(tx, failed.jobId, messageOf(failed.error)));
  return batchCaseByCase(db, options, failed.jobId);
}

async function oldestWaitingJob(db: Database): Promise<string | null> {
  return inTransaction(db, async (tx) => (await lockNextJob(tx))?.id ?? null);
}

// ---- Reading -------------------------------------------------------------------------------

export async function getRecomputeJob(
  tx: Tx,
  viewer: JobViewer,
  id: string,
): Promise<RecomputeJobRecord> {
  const found = await findJob(tx, viewer, id);
  if (!found) throw notFound('recompute job');
  return found;
}

export async function searchRecomputeJobs(
  tx: Tx,
  viewer: JobViewer,
  filters: { status?: RecomputeJobStatus; closureId?: string },
  page: { cursor?: string; limit: number },
): Promise<Page<RecomputeJobRecord>> {
  const beforeId = page.cursor === undefined ? undefined : decodeCursor(page.cursor, filters, 1)[0];
  const rows = await listJobs(tx, viewer, filters, {
    ...(beforeId && { beforeId }),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, (row) => [row.id], filters);
}

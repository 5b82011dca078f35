// Background recomputations (src/services/recompute-jobs.ts): one row per organization and cause,
// worked through in batches of cases in id order. A batch is one transaction that holds the job's
// row lock (FOR UPDATE SKIP LOCKED: one worker per job at a time; a dead worker's lock goes with
// its connection) and advances the cursor with the cases it recomputed, so a crash loses only the
// batch in flight and the next worker resumes from the cursor.
import type { Prisma } from './client.js';
import type { Tx } from './transaction.js';

export const RECOMPUTE_CAUSES = [
  'COURT_CLOSURE_RECORDED',
  'COURT_CLOSURE_WITHDRAWN',
  'RULES_CHANGED',
] as const;
export type RecomputeCause = (typeof RECOMPUTE_CAUSES)[number];
export const RECOMPUTE_JOB_STATUSES = ['QUEUED', 'RUNNING', 'DONE'] as const;
export type RecomputeJobStatus = (typeof RECOMPUTE_JOB_STATUSES)[number];

export interface CaseFailure {
  caseId: string;
  error: string;
}

/** Which cases a job recomputes: an organization's, in one court or all, maybe only stale ones. */
export interface JobScope {
  organizationId: string;
  /** Null: every court. */
  court: string | null;
  /** Only cases whose rules version differs from this one (RULES_CHANGED). */
  rulesVersion: string | null;
}

export interface RecomputeJobRecord extends JobScope {
  id: string;
  cause: RecomputeCause;
  closureId: string | null;
  status: RecomputeJobStatus;
  cursor: string | null;
  total: number;
  processed: number;
  changedCases: number;
  movedDeadlines: number;
  failedCases: number;
  failures: CaseFailure[];
  lastError: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

type Row = Prisma.RecomputeJobGetPayload<object>;

const toRecord = (row: Row): RecomputeJobRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  cause: row.cause,
  closureId: row.closureId,
  court: row.court,
  rulesVersion: row.rulesVersion,
  status: row.status,
  cursor: row.cursor,
  total: row.total,
  processed: row.processed,
  changedCases: row.changedCases,
  movedDeadlines: row.movedDeadlines,
  failedCases: row.failedCases,
  failures: row.failures as unknown as CaseFailure[],
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  finishedAt: row.finishedAt?.toISOString() ?? null,
  updatedAt: row.updatedAt.toISOString(),
});

const inScope = (scope: JobScope, afterId: string | null): Prisma.CaseWhereInput => ({
  organizationId: scope.organizationId,
  ...(scope.court !== null && { court: scope.court }),
  ...(scope.rulesVersion !== null && {
    OR: [{ rulesVersion: null }, { rulesVersion: { not: scope.rulesVersion } }],
  }),
  ...(afterId !== null && { id: { gt: afterId } }),
});

export function countCasesInScope(tx: Tx, scope: JobScope): Promise<number> {
  return tx.case.count({ where: inScope(scope, null) });
}

export async function insertJob(
  tx: Tx,
  job: JobScope & { cause: RecomputeCause; closureId: string | null; total: number },
): Promise<RecomputeJobRecord> {
  return toRecord(await tx.recomputeJob.create({ data: job }));
}

/**
 * Locks the oldest unfinished job no other worker holds, for the caller's transaction; null
 * when there is none. `jobId` asks for that job only.
 */
export async function lockNextJob(tx: Tx, jobId?: string): Promise<RecomputeJobRecord | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "RecomputeJob"
    WHERE status <> 'DONE' AND (${jobId ?? null}::uuid IS NULL OR id = ${jobId ?? null}::uuid)
    ORDER BY "createdAt", id
    LIMIT 1
    FOR UPDATE SKIP LOCKED`;
  const id = rows[0]?.id;
  if (id === undefined) return null;
  return toRecord(await tx.recomputeJob.findUniqueOrThrow({ where: { id } }));
}

/** The next `limit` case ids of the job's scope after its cursor, in id order. */
export async function nextCaseIds(
  tx: Tx,
  job: RecomputeJobRecord,
  limit: number,
  afterId: string | null = job.cursor,
): Promise<string[]> {
  const rows = await tx.case.findMany({
    where: inScope(job, afterId),
    select: { id: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map((row) => row.id);
}

/** Most failures a job keeps (their count is in failedCases). */
const MAX_FAILURES_KEPT = 20;

export interface BatchProgress {
  /** The last case of the batch (the new cursor). */
  cursor: string;
  processed: number;
  changedCases: number;
  movedDeadlines: number;
  failures: CaseFailure[];
  done: boolean;
  now: Date;
}

/** Records a batch on the (locked) job: cursor, counts, and DONE when the scope is exhausted. */
export async function recordBatch(
  tx: Tx,
  job: RecomputeJobRecord,
  batch: BatchProgress,
): Promise<void> {
  await tx.recomputeJob.update({
    where: { id: job.id },
    data: {
      cursor: batch.cursor,
      processed: { increment: batch.processed },
      changedCases: { increment: batch.changedCases },
      movedDeadlines: { increment: batch.movedDeadlines },
      failedCases: { increment: batch.failures.length },
      ...(batch.failures.length > 0 &&
        job.failures.length < MAX_FAILURES_KEPT && {
          failures: [...job.failures, ...batch.failures].slice(
            0,
            MAX_FAILURES_KEPT,
          ) as unknown as Prisma.InputJsonArray,
        }),
      lastError: null,
      status: batch.done ? 'DONE' : 'RUNNING',
      ...(job.startedAt === null && { startedAt: batch.now }),
      ...(batch.done && { finishedAt: batch.now }),
    },
  });
}

/** A job whose scope had nothing (left) to do. */
export async function finishJob(tx: Tx, job: RecomputeJobRecord, now: Date): Promise<void> {
  await tx.recomputeJob.update({
    where: { id: job.id },
    data: { status: 'DONE', finishedAt: now, ...(job.startedAt === null && { startedAt: now }) },
  });
}

/** Why the last batch failed (it is tried again); outside the failed batch's transaction. */
export async function noteJobError(tx: Tx, jobId: string, error: string): Promise<void> {
  await tx.recomputeJob.update({ where: { id: jobId }, data: { lastError: error.slice(0, 500) } });
}

/** Who may see which jobs: an organization its own, the operator (the CLI) all. */
export type JobViewer = { organizationId: string } | 'operator';

const jobsOf = (viewer: JobViewer): Prisma.RecomputeJobWhereInput =>
  viewer === 'operator' ? {} : { organizationId: viewer.organizationId };

export async function findJob(
  tx: Tx,
  viewer: JobViewer,
  id: string,
): Promise<RecomputeJobRecord | null> {
  const row = await tx.recomputeJob.findFirst({ where: { id, ...jobsOf(viewer) } });
  return row && toRecord(row);
}

export interface JobFilters {
  status?: RecomputeJobStatus;
  closureId?: string;
}

/** Newest first. */
export async function listJobs(
  tx: Tx,
  viewer: JobViewer,
  filters: JobFilters,
  page: { beforeId?: string; limit: number },
): Promise<RecomputeJobRecord[]> {
  const rows = await tx.recomputeJob.findMany({
    where: {
      ...jobsOf(viewer),
      ...(filters.status !== undefined && { status: filters.status }),
      ...(filters.closureId !== undefined && { closureId: filters.closureId }),
      ...(page.beforeId && { id: { lt: page.beforeId } }),
    },
    orderBy: { id: 'desc' },
    take: page.limit,
  });
  return rows.map(toRecord);
}

/** An unfinished job of this cause and rules version exists for the organization. */
export async function hasOpenRulesJob(
  tx: Tx,
  organizationId: string,
  rulesVersion: string,
): Promise<boolean> {
  const row = await tx.recomputeJob.findFirst({
    where: { organizationId, cause: 'RULES_CHANGED', rulesVersion, status: { not: 'DONE' } },
    select: { id: true },
  });
  return row !== null;
}

/** Organizations with cases computed under another rules version than `rulesVersion`, with how many. */
export async function organizationsWithStaleCases(
  tx: Tx,
  rulesVersion: string,
): Promise<{ organizationId: string; cases: number }[]> {
  const rows = await tx.$queryRaw<{ organizationId: string; cases: bigint }[]>`
    SELECT "organizationId"::text AS "organizationId", count(*) AS cases FROM "Case"
    WHERE "rulesVersion" IS DISTINCT FROM ${rulesVersion}
    GROUP BY "organizationId" ORDER BY "organizationId"`;
  return rows.map((row) => ({ organizationId: row.organizationId, cases: Number(row.cases) }));
}

// ---- Erasure -------------------------------------------------------------------------------
// A job names cases in its cursor (the last case it recomputed), in its failures and maybe in
// its last error. Erasing a case (src/services/erasure.ts) takes these out, in the erasure's
// transaction: first `lockJobsNamingCase`, before the case is locked (the order a batch takes:
// job, then cases; so no deadlock), then, once the case is deleted, `forgetCaseInJobs`.

/**
 * Locks the organization's jobs that name the case or may come to (every unfinished one: a
 * batch could otherwise advance its cursor onto the case before the erasure locks it); waits
 * for a batch in flight. Returns their ids.
 */
export async function lockJobsNamingCase(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "RecomputeJob"
    WHERE "organizationId" = ${organizationId}::uuid
      AND (status <> 'DONE'
           OR cursor = ${caseId}::uuid
           OR strpos(failures::text, ${caseId}) > 0
           OR strpos(coalesce("lastError", ''), ${caseId}) > 0)
    ORDER BY id
    FOR UPDATE`;
  return rows.map((row) => row.id);
}

/**
 * After the case is deleted: a cursor on it moves to the organization's case just before it (or
 * back to the start), which leaves the same cases after it; its failure entry goes (the count
 * stays); a last error naming it is cleared. Returns how many jobs named it.
 */
export async function forgetCaseInJobs(
  tx: Tx,
  jobIds: readonly string[],
  organizationId: string,
  caseId: string,
): Promise<number> {
  if (jobIds.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE "RecomputeJob" SET
      cursor = CASE WHEN cursor = ${caseId}::uuid
        THEN (SELECT c.id FROM "Case" c
              WHERE c."organizationId" = ${organizationId}::uuid AND c.id < ${caseId}::uuid
              ORDER BY c.id DESC LIMIT 1)
        ELSE cursor END,
      failures = CASE WHEN strpos(failures::text, ${caseId}) > 0
        THEN coalesce((SELECT jsonb_agg(f.value ORDER BY f.ordinality)
                       FROM jsonb_array_elements(failures) WITH ORDINALITY AS f
                       WHERE strpos(f.value::text, ${caseId}) = 0), '[]'::jsonb)
        ELSE failures END,
      "lastError" = CASE WHEN strpos(coalesce("lastError", ''), ${caseId}) > 0
        THEN NULL ELSE "lastError" END,
      "updatedAt" = now()
    WHERE id = ANY(${[...jobIds]}::uuid[])
      AND (cursor = ${caseId}::uuid
           OR strpos(failures::text, ${caseId}) > 0
           OR strpos(coalesce("lastError", ''), ${caseId}) > 0)`;
}

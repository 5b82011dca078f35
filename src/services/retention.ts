// Retention (README "Erasure and retention"): what an organization no longer needs is deleted on
// a schedule it sets — closed cases erased N days after closing (default 365, or never), SENT and
// CANCELLED reminders deleted after 90 days, audit rows after the configured days (or kept), and
// stored Idempotency-Key responses once their 24 hours are over. The purge runs in the worker
// loop (src/workers/retention-loop.ts) in batches, each in its own short transaction, so it never
// holds many locks for long; each run is recorded (RetentionRun) for admins to read.
import type { Database } from '../db/client.js';
import {
  allOrganizationIds,
  closedCasesDue,
  deleteAuditRowsBefore,
  deleteExpiredIdempotencyResponses,
  deleteFinishedReminders,
  finishRetentionRun,
  listRetentionRuns,
  retentionPolicyOf,
  setRetentionPolicy,
  startRetentionRun,
  type RetentionCounts,
  type RetentionPolicy,
  type RetentionRunRecord,
} from '../db/retention.js';
import { inTransaction, type Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { eraseCase } from './erasure.js';
import { invalidInput, notFound } from './errors.js';
import { decodeCursor, toPage, type Page } from './pagination.js';

export type { RetentionPolicy, RetentionRunRecord };

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest period an organization may set (100 years): longer is "keep", which is null. */
export const MAX_RETENTION_DAYS = 36_500;
/** Reminders are kept at least this long: long enough to answer "was she told?" within a term. */
export const MIN_REMINDER_RETENTION_DAYS = 1;

export async function getRetentionPolicy(tx: Tx, organizationId: string): Promise<RetentionPolicy> {
  const policy = await retentionPolicyOf(tx, organizationId);
  if (!policy) throw notFound('organization');
  return policy;
}

/** Replaces the organization's policy (admin); audited with the values, which are not party data. */
export async function changeRetentionPolicy(
  tx: Tx,
  ctx: RequestContext,
  policy: RetentionPolicy,
): Promise<RetentionPolicy> {
  const problems = [];
  const inRange = (value: number | null, min: number) =>
    value === null || (Number.isInteger(value) && value >= min && value <= MAX_RETENTION_DAYS);
  if (!inRange(policy.closedCaseDays, 1))
    problems.push({ name: 'body.closedCaseDays', reason: `1 to ${MAX_RETENTION_DAYS}, or "off"` });
  if (!inRange(policy.reminderDays, MIN_REMINDER_RETENTION_DAYS))
    problems.push({ name: 'body.reminderDays', reason: `1 to ${MAX_RETENTION_DAYS}` });
  if (!inRange(policy.auditDays, 1))
    problems.push({ name: 'body.auditDays', reason: `1 to ${MAX_RETENTION_DAYS}, or "off"` });
  if (problems.length > 0) throw invalidInput(problems);
  await setRetentionPolicy(tx, ctx.actor.organizationId, policy);
  await audit(
    tx,
    ctx,
    'retention.update',
    { type: 'organization', id: ctx.actor.organizationId },
    {
      ...policy,
    },
  );
  return policy;
}

export async function retentionRuns(
  tx: Tx,
  organizationId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<RetentionRunRecord>> {
  const filters = { retentionRuns: true };
  const beforeId = page.cursor === undefined ? undefined : decodeCursor(page.cursor, filters, 1)[0];
  const rows = await listRetentionRuns(tx, organizationId, {
    ...(beforeId && { beforeId }),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, (row) => [row.id], filters);
}

export interface PurgeDeps {
  db: Database;
  clock: { now(): Date };
  log: Logger;
}

export interface PurgeSettings {
  /** Rows per transaction. */
  batchSize: number;
  /** An organization is purged at most once in this long (by any number of workers). */
  everyMs: number;
}

/** The actor retention erases as: the audit log names it, and it is no key or person. */
const retentionContext = (organizationId: string, now: Date): RequestContext => ({
  actor: { organizationId, apiKeyId: null, label: 'retention', scopes: ['admin'] },
  requestId: null,
  now,
});

/** Repeats `batch` (each call its own transaction) until it deletes fewer than a full batch. */
async function inBatches(
  db: Database,
  batchSize: number,
  batch: (tx: Tx) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await inTransaction(db, batch);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** One organization's purge, recorded as a run; null when another worker ran it recently. */
export async function purgeOrganization(
  deps: PurgeDeps,
  settings: PurgeSettings,
  organizationId: string,
): Promise<RetentionCounts | null> {
  const { db, clock } = deps;
  const now = clock.now();
  const runId = await inTransaction(db, (tx) =>
    startRetentionRun(tx, organizationId, now, settings.everyMs),
  );
  if (!runId) return null;
  const counts: RetentionCounts = {
    casesErased: 0,
    remindersDeleted: 0,
    auditRowsDeleted: 0,
    idempotencyDeleted: 0,
  };
  let error: string | null = null;
  try {
    const policy = await getRetentionPolicy(db.prisma, organizationId);
    const limit = settings.batchSize;
    counts.idempotencyDeleted = await inBatches(db, limit, (tx) =>
      deleteExpiredIdempotencyResponses(tx, organizationId, now, limit),
    );
    if (policy.closedCaseDays !== null) {
      const closedBefore = new Date(now.getTime() - policy.closedCaseDays * DAY_MS);
      for (;;) {
        const due = await closedCasesDue(db.prisma, organizationId, closedBefore, limit);
        // One case per transaction: an erasure locks the case and what hangs from it only while
        // it runs, and a case reopened meanwhile is skipped (checked again under the lock).
        for (const caseId of due) {
          const erased = await inTransaction(db, async (tx) => {
            const still = await closedCasesDue(tx, organizationId, closedBefore, limit);
            if (!still.includes(caseId)) return false;
            await eraseCase(tx, retentionContext(organizationId, now), caseId);
            return true;
          });
          if (erased) counts.casesErased++;
        }
        if (due.length < limit) break;
      }
    }
    const remindersBefore = new Date(now.getTime() - policy.reminderDays * DAY_MS);
    counts.remindersDeleted = await inBatches(db, limit, (tx) =>
      deleteFinishedReminders(tx, organizationId, remindersBefore, limit),
    );
    if (policy.auditDays !== null) {
      const auditBefore = new Date(now.getTime() - policy.auditDays * DAY_MS);
      counts.auditRowsDeleted = await inBatches(db, limit, (tx) =>
        deleteAuditRowsBefore(tx, organizationId, auditBefore, limit),
      );
    }
  } catch (caught) {
    // Recorded in Orderly's words only: a database message could quote a row.
    error = 'the purge stopped early (see the worker log); it resumes at the next run';
    deps.log.error({ err: caught, organizationId }, 'retention purge failed');
  }
  await inTransaction(db, (tx) => finishRetentionRun(tx, runId, counts, error, clock.now()));
  return counts;
}

/** Purges every organization that is due; the totals. */
export async function purgeDue(deps: PurgeDeps, settings: PurgeSettings): Promise<RetentionCounts> {
  const totals: RetentionCounts = {
    casesErased: 0,
    remindersDeleted: 0,
    auditRowsDeleted: 0,
    idempotencyDeleted: 0,
  };
  for (const organizationId of await allOrganizationIds(deps.db.prisma)) {
    const counts = await purgeOrganization(deps, settings, organizationId);
    if (!counts) continue;
    for (const key of Object.keys(totals) as (keyof RetentionCounts)[]) totals[key] += counts[key];
  }
  return totals;
}

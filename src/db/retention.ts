// Retention: each organization's policy, the rows it makes due, and the record of each purge run.
// Every delete here takes at most `limit` rows, so the purge (src/services/retention.ts) runs in
// short transactions that never hold many row locks for long.
import { createHash } from 'node:crypto';
import type { Tx } from './transaction.js';

/** How long an organization keeps what it no longer needs; null: kept (no purge). */
export interface RetentionPolicy {
  /** Closed cases are erased this many days after closing; null: never. */
  closedCaseDays: number | null;
  /** SENT and CANCELLED reminders are deleted this many days after they were sent or cancelled. */
  reminderDays: number;
  /** Audit rows are deleted this many days after they were written; null: kept. */
  auditDays: number | null;
}

export interface RetentionCounts {
  casesErased: number;
  remindersDeleted: number;
  auditRowsDeleted: number;
  idempotencyDeleted: number;
}

export interface RetentionRunRecord extends RetentionCounts {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export async function retentionPolicyOf(
  tx: Tx,
  organizationId: string,
): Promise<RetentionPolicy | null> {
  const row = await tx.organization.findUnique({
    where: { id: organizationId },
    select: {
      closedCaseRetentionDays: true,
      reminderRetentionDays: true,
      auditRetentionDays: true,
    },
  });
  return (
    row && {
      closedCaseDays: row.closedCaseRetentionDays,
      reminderDays: row.reminderRetentionDays,
      auditDays: row.auditRetentionDays,
    }
  );
}

export async function setRetentionPolicy(
  tx: Tx,
  organizationId: string,
  policy: RetentionPolicy,
): Promise<void> {
  await tx.organization.update({
    where: { id: organizationId },
    data: {
      closedCaseRetentionDays: policy.closedCaseDays,
      reminderRetentionDays: policy.reminderDays,
      auditRetentionDays: policy.auditDays,
    },
  });
}

export async function allOrganizationIds(tx: Tx): Promise<string[]> {
  const rows = await tx.organization.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  return rows.map((row) => row.id);
}

/**
 * Starts a run for the organization unless one started less than `everyMs` ago (by any worker:
 * a transaction-scoped advisory lock makes the check and the insert one step). The run's id,
 * or null when it is not due.
 */
export async function startRetentionRun(
  tx: Tx,
  organizationId: string,
  now: Date,
  everyMs: number,
): Promise<string | null> {
  const lockKey = createHash('sha256')
    .update(`retention\0${organizationId}`)
    .digest()
    .readBigInt64BE(0);
  const [lock] = await tx.$queryRaw<
    { locked: boolean }[]
  >`SELECT pg_try_advisory_xact_lock(${lockKey}) AS locked`;
  if (!lock?.locked) return null;
  const recent = await tx.retentionRun.findFirst({
    where: { organizationId, startedAt: { gt: new Date(now.getTime() - everyMs) } },
    select: { id: true },
  });
  if (recent) return null;
  const run = await tx.retentionRun.create({
    data: { organizationId, startedAt: now },
    select: { id: true },
  });
  return run.id;
}

export async function finishRetentionRun(
  tx: Tx,
  runId: string,
  counts: RetentionCounts,
  error: string | null,
  finishedAt: Date,
): Promise<void> {
  await tx.retentionRun.update({ where: { id: runId }, data: { ...counts, error, finishedAt } });
}

/** Newest first, keyset by id (UUIDv7: time-ordered). */
export async function listRetentionRuns(
  tx: Tx,
  organizationId: string,
  page: { beforeId?: string; limit: number },
): Promise<RetentionRunRecord[]> {
  const rows = await tx.retentionRun.findMany({
    where: { organizationId, ...(page.beforeId && { id: { lt: page.beforeId } }) },
    orderBy: { id: 'desc' },
    take: page.limit,
  });
  return rows.map((row) => ({
    id: row.id,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    casesErased: row.casesErased,
    remindersDeleted: row.remindersDeleted,
    auditRowsDeleted: row.auditRowsDeleted,
    idempotencyDeleted: row.idempotencyDeleted,
    error: row.error,
  }));
}

/** Ids of the organization's cases closed on or before `closedBefore` (oldest first). */
export async function closedCasesDue(
  tx: Tx,
  organizationId: string,
  closedBefore: Date,
  limit: number,
): Promise<string[]> {
  const rows = await tx.case.findMany({
    where: { organizationId, status: 'CLOSED', closedAt: { lte: closedBefore } },
    select: { id: true },
    orderBy: { closedAt: 'asc' },
    take: limit,
  });
  return rows.map((row) => row.id);
}

/** Deletes up to `limit` SENT or CANCELLED reminders that went out or were cancelled on or before `before`. */
export function deleteFinishedReminders(
  tx: Tx,
  organizationId: string,
  before: Date,
  limit: number,
): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM "Reminder" WHERE id IN (
      SELECT id FROM "Reminder"
      WHERE "organizationId" = ${organizationId}::uuid
        AND status IN ('SENT', 'CANCELLED')
        AND COALESCE("sentAt", "cancelledAt", "updatedAt") <= ${before}
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)`;
}

/** Deletes up to `limit` audit rows written on or before `before`. */
export function deleteAuditRowsBefore(
  tx: Tx,
  organizationId: string,
  before: Date,
  limit: number,
): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM "AuditEvent" WHERE id IN (
      SELECT id FROM "AuditEvent"
      WHERE "organizationId" = ${organizationId}::uuid AND "at" <= ${before}
      LIMIT ${limit})`;
}

/** Deletes up to `limit` stored Idempotency-Key responses that expired on or before `now`. */
export function deleteExpiredIdempotencyResponses(
  tx: Tx,
  organizationId: string,
  now: Date,
  limit: number,
): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM "IdempotencyRecord" WHERE ("organizationId", key) IN (
      SELECT "organizationId", key FROM "IdempotencyRecord"
      WHERE "organizationId" = ${organizationId}::uuid AND "expiresAt" <= ${now}
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)`;
}

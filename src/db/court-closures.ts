// Court closures recorded without a release (CCP § 12b; Gov. Code § 68115): one organization's
// overlay (organizationId set) or the operator's shared closures (organizationId null).
//
// Every recomputation reads the closures in force for its case's court. So that a closure and a
// case being created (or moved to another court) at the same moment cannot miss each other,
// recording or withdrawing a closure takes CLOSURES_LOCK exclusively, and every transaction that
// recomputes takes it shared first, before it locks or writes any case: the closure then waits
// for the recomputations in flight (so the job it queues sees their cases), and later ones read
// it. Taking the shared lock before any case row keeps the lock order one way (no deadlock).
import type { Prisma } from './client.js';
import { fromCalendarDate, toCalendarDate } from './convert.js';
import type { Tx } from './transaction.js';

/** pg_advisory_xact_lock key of court closures (an arbitrary constant, "closures"). */
const CLOSURES_LOCK = 0x636c6f73757265n;

export const CLOSURE_AUTHORITIES = ['CCP_12B', 'GOV_CODE_68115'] as const;
export type ClosureAuthority = (typeof CLOSURE_AUTHORITIES)[number];

export interface ClosureFields {
  /** Null: a shared closure (every organization). */
  organizationId: string | null;
  court: string;
  from: string;
  to: string;
  reason: string;
  source: string;
  authority: ClosureAuthority;
  recordedBy: string;
}

export interface ClosureRecord extends ClosureFields {
  id: string;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawnReason: string | null;
}

type Row = Prisma.CourtClosureGetPayload<object>;

const toRecord = (row: Row): ClosureRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  court: row.court,
  from: toCalendarDate(row.firstDate),
  to: toCalendarDate(row.lastDate),
  reason: row.reason,
  source: row.source,
  authority: row.authority,
  recordedBy: row.recordedBy,
  createdAt: row.createdAt.toISOString(),
  withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  withdrawnBy: row.withdrawnBy,
  withdrawnReason: row.withdrawnReason,
});

/** Before reading closures to compute with, and before locking or writing any case. */
export async function lockClosuresShared(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${CLOSURES_LOCK})`;
}

/** Before recording or withdrawing a closure: waits for the recomputations in flight. */
export async function lockClosuresExclusive(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLOSURES_LOCK})`;
}

export async function insertClosure(tx: Tx, fields: ClosureFields): Promise<ClosureRecord> {
  const { from, to, ...rest } = fields;
  return toRecord(
    await tx.courtClosure.create({
      data: { ...rest, firstDate: fromCalendarDate(from), lastDate: fromCalendarDate(to) },
    }),
  );
}

/** Who may see which closures: an organization sees its own and the shared ones; the operator all. */
export type ClosureViewer = { organizationId: string } | 'operator';

const visibleTo = (viewer: ClosureViewer): Prisma.CourtClosureWhereInput =>
  viewer === 'operator'
    ? {}
    : { OR: [{ organizationId: viewer.organizationId }, { organizationId: null }] };

export async function findClosure(
  tx: Tx,
  viewer: ClosureViewer,
  id: string,
): Promise<ClosureRecord | null> {
  const row = await tx.courtClosure.findFirst({ where: { id, ...visibleTo(viewer) } });
  return row && toRecord(row);
}

export interface ClosureFilters {
  court?: string;
  /** Withdrawn closures too (default: only those in force). */
  withdrawn?: boolean;
}

/** One page in id order (creation order). */
export async function listClosures(
  tx: Tx,
  viewer: ClosureViewer,
  filters: ClosureFilters,
  page: { afterId?: string; limit: number },
): Promise<ClosureRecord[]> {
  const rows = await tx.courtClosure.findMany({
    where: {
      ...visibleTo(viewer),
      ...(filters.court !== undefined && { court: filters.court }),
      ...(filters.withdrawn !== true && { withdrawnAt: null }),
      ...(page.afterId && { id: { gt: page.afterId } }),
    },
    orderBy: { id: 'asc' },
    take: page.limit,
  });
  return rows.map(toRecord);
}

/** A closure in force in the same scope and court whose days overlap [from, to]. */
export async function overlappingClosure(
  tx: Tx,
  scope: { organizationId: string | null; court: string; from: string; to: string },
): Promise<ClosureRecord | null> {
  const row = await tx.courtClosure.findFirst({
    where: {
      organizationId: scope.organizationId,
      court: scope.court,
      withdrawnAt: null,
      firstDate: { lte: fromCalendarDate(scope.to) },
      lastDate: { gte: fromCalendarDate(scope.from) },
    },
    orderBy: { id: 'asc' },
  });
  return row && toRecord(row);
}

export async function markClosureWithdrawn(
  tx: Tx,
  id: string,
  withdrawal: { at: Date; by: string; reason: string },
): Promise<ClosureRecord> {
  return toRecord(
    await tx.courtClosure.update({
      where: { id },
      data: {
        withdrawnAt: withdrawal.at,
        withdrawnBy: withdrawal.by,
        withdrawnReason: withdrawal.reason,
      },
    }),
  );
}

/** What a computation needs of a closure in force. */
export interface ClosureInForce {
  id: string;
  court: string;
  from: string;
  to: string;
  reason: string;
  authority: ClosureAuthority;
}

/**
 * The closures in force for an organization's cases: its own and the shared ones, for the
 * given courts ("CA" closes every court, so callers include it), or for every court.
 */
export async function closuresInForce(
  tx: Tx,
  organizationId: string,
  courts: readonly string[] | 'every court',
): Promise<ClosureInForce[]> {
  const rows = await tx.courtClosure.findMany({
    where: {
      withdrawnAt: null,
      OR: [{ organizationId }, { organizationId: null }],
      ...(courts !== 'every court' && { court: { in: [...courts] } }),
    },
    select: {
      id: true,
      court: true,
      firstDate: true,
      lastDate: true,
      reason: true,
      authority: true,
    },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => ({
    id: row.id,
    court: row.court,
    from: toCalendarDate(row.firstDate),
    to: toCalendarDate(row.lastDate),
    reason: row.reason,
    authority: row.authority,
  }));
}

/** Organizations with at least one case in `court` (every court for "CA"). */
export async function organizationsWithCasesIn(tx: Tx, court: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT o.id::text FROM "Organization" o
    WHERE EXISTS (SELECT 1 FROM "Case" c WHERE c."organizationId" = o.id
                  AND (${court} = 'CA' OR c.court = ${court}))
    ORDER BY o.id`;
  return rows.map((row) => row.id);
}

import type {
  Advisory,
  Deadline,
  DeadlineBasis,
  DeadlineKind,
  DeadlineStatus,
  Party,
} from '../engine/index.js';
import { Prisma } from './client.js';
import {
  fromCalendarDate,
  fromInstant,
  toCalendarDate,
  toCalendarDateOrNull,
  toCourtInstantOrNull,
} from './convert.js';
import { rowsOf } from './json-rows.js';
import type { Tx } from './transaction.js';

export interface DeadlineRecord {
  id: string;
  caseId: string;
  key: string;
  kind: DeadlineKind;
  date: string;
  at: string | null;
  status: DeadlineStatus;
  ruleId: string;
  citation: string;
  basis: DeadlineBasis;
  dutyOf: Party | null;
  explanation: string[];
  advisory: Advisory | null;
  interpretation: string | null;
  basedOn: string[];
  revision: number;
  computedAt: string;
  updatedAt: string;
}

export const CHANGE_CAUSES = [
  'CASE_CREATED',
  'CASE_UPDATED',
  'EVENT_RECORDED',
  'EVENT_CORRECTED',
  'EVENT_VOIDED',
  'COURT_CLOSURE_RECORDED',
  'COURT_CLOSURE_WITHDRAWN',
  'RULES_CHANGED',
] as const;
/** What made a recomputation: a change to the case, or one outside it (a closure, the rules). */
export type ChangeCause = (typeof CHANGE_CAUSES)[number];

export interface DeadlineChangeRecord {
  revision: number;
  previousDate: string | null;
  previousAt: string | null;
  previousStatus: DeadlineStatus | null;
  date: string;
  at: string | null;
  status: DeadlineStatus;
  cause: ChangeCause;
  causedByEventId: string | null;
  /** The court closure recorded or withdrawn (COURT_CLOSURE_*). */
  causedByClosureId: string | null;
  /** The background recomputation that made the change (COURT_CLOSURE_*, RULES_CHANGED). */
  causedByJobId: string | null;
  changedAt: string;
}

type Row = Omit<Prisma.DeadlineGetPayload<object>, 'organizationId'>;

export function toDeadlineRecord(row: Row): DeadlineRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    key: row.key,
    kind: row.kind,
    date: toCalendarDate(row.date),
    at: toCourtInstantOrNull(row.at),
    status: row.status,
    ruleId: row.ruleId,
    citation: row.citation,
    basis: row.basis,
    dutyOf: row.dutyOf,
    explanation: row.explanation as string[],
    advisory: row.advisory as Advisory | null,
    interpretation: row.interpretation,
    basedOn: row.basedOn,
    revision: row.revision,
    computedAt: row.computedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A computed deadline's columns (what every recomputation writes). */
export function computedColumns(d: Deadline) {
  return {
    kind: d.kind,
    date: fromCalendarDate(d.date),
    at: d.at === undefined ? null : fromInstant(d.at),
    status: d.status,
    ruleId: d.ruleId,
    citation: d.citation,
    basis: d.basis,
    dutyOf: d.dutyOf ?? null,
    explanation: d.explanation,
    advisory: d.advisory === undefined ? Prisma.DbNull : (d.advisory as Prisma.InputJsonObject),
    interpretation: d.interpretation ?? null,
    basedOn: d.basedOn,
  };
}

const courtOrder: Prisma.DeadlineOrderByWithRelationInput[] = [
  { date: 'asc' },
  { at: 'asc' },
  { key: 'asc' },
];

/**
 * `courtOrder` in JavaScript (date, then time with none last, then key by code point), for lists
 * built in memory (a write's answer) and re-applied to lists read from a database whose collation
 * is not C, so both always agree.
 */
export function compareCourtOrder(
  a: Pick<DeadlineRecord, 'date' | 'at' | 'key'>,
  b: Pick<DeadlineRecord, 'date' | 'at' | 'key'>,
): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.at !== b.at) {
    if (a.at === null) return 1;
    if (b.at === null) return -1;
    const [x, y] = [Date.parse(a.at), Date.parse(b.at)];
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return 0;
}

export async function deadlinesOfCase(tx: Tx, caseId: string): Promise<DeadlineRecord[]> {
  const rows = await tx.deadline.findMany({ where: { caseId }, orderBy: courtOrder });
  return rows.map(toDeadlineRecord).sort(compareCourtOrder);
}

export type ChangeRow = Omit<
  Prisma.DeadlineChangeGetPayload<object>,
  'id' | 'organizationId' | 'caseId' | 'deadlineId'
>;

export function toChangeRecord(c: ChangeRow): DeadlineChangeRecord {
  return {
    revision: c.revision,
    previousDate: toCalendarDateOrNull(c.previousDate),
    previousAt: toCourtInstantOrNull(c.previousAt),
    previousStatus: c.previousStatus,
    date: toCalendarDate(c.date),
    at: toCourtInstantOrNull(c.at),
    status: c.status,
    cause: c.cause as ChangeCause,
    causedByEventId: c.causedByEventId,
    causedByClosureId: c.causedByClosureId,
    causedByJobId: c.causedByJobId,
    changedAt: c.changedAt.toISOString(),
  };
}

/** A deadline of this organization: its id and its case's, or null (another tenant's, or none). */
export async function findDeadlineOfTenant(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<{ id: string; caseId: string } | null> {
  return tx.deadline.findFirst({
    where: { id, organizationId },
    select: { id: true, caseId: true },
  });
}

/**
 * Up to `take` of a deadline's changes, newest first ((revision, id) descending), older than
 * the given position. The id breaks ties, so a page boundary never splits or repeats a row.
 */
export async function deadlineChangesBefore(
  tx: Tx,
  organizationId: string,
  deadlineId: string,
  before: { revision: number; id: string } | undefined,
  take: number,
): Promise<(DeadlineChangeRecord & { id: string })[]> {
  const rows = await tx.deadlineChange.findMany({
    where: {
      deadlineId,
      organizationId,
      ...(before && {
        OR: [
          { revision: { lt: before.revision } },
          { revision: before.revision, id: { lt: before.id } },
        ],
      }),
    },
    orderBy: [{ revision: 'desc' }, { id: 'desc' }],
    omit: { organizationId: true, caseId: true },
    take,
  });
  return rows.map((row) => ({ id: row.id, ...toChangeRecord(row) }));
}

/**
 * A case's deadlines with their history, for one tenant; null when the organization has no
 * such case. Each deadline keeps at most `historyLimit` changes, its newest, oldest first;
 * `historyTruncated` says when older ones were left out (they are paged by
 * `deadlineChangesBefore`).
 *
 * One statement, one round trip, every row as JSON: against the two flat findMany it replaced
 * (themselves twice as fast as Prisma's nested relation load), about a fifth less server CPU
 * per request (`npx tsx scripts/bench-api.ts`, GET /v1/cases/{id}/deadlines: 2.3–2.5 ms
 * against 2.8–3.0 ms, alternated in one hour). A fifth of the mixed load is this read.
 */
export async function deadlinesOfCaseWithHistory(
  tx: Tx,
  organizationId: string,
  caseId: string,
  historyLimit: number,
): Promise<
  { deadline: DeadlineRecord; history: DeadlineChangeRecord[]; historyTruncated: boolean }[] | null
> {
  // No row: no such case for this organization. A row whose deadline is null: a case without any.
  const rows = await tx.$queryRaw<{ deadline: unknown; history: unknown }[]>`
    SELECT to_jsonb(d) AS deadline,
      (SELECT coalesce(json_agg(c), '[]') FROM (
         SELECT c.* FROM "DeadlineChange" c
          WHERE c."deadlineId" = d.id AND c."organizationId" = ${organizationId}::uuid
          ORDER BY c.revision DESC, c.id DESC
          LIMIT ${historyLimit + 1}) c) AS history
      FROM "Case" k
      LEFT JOIN "Deadline" d ON d."caseId" = k.id AND d."organizationId" = k."organizationId"
     WHERE k.id = ${caseId}::uuid AND k."organizationId" = ${organizationId}::uuid`;
  if (rows.length === 0) return null;
  return rows
    .filter((row) => row.deadline !== null)
    .map((row) => {
      // Newest first, one more than kept: whether older ones were left out.
      const newest = rowsOf('DeadlineChange', row.history);
      const kept = newest.slice(0, historyLimit).reverse();
      return {
        deadline: toDeadlineRecord(rowsOf('Deadline', [row.deadline])[0]!),
        history: kept.map(toChangeRecord),
        historyTruncated: newest.length > historyLimit,
      };
    })
    .sort((a, b) => compareCourtOrder(a.deadline, b.deadline));
}

export interface DeadlineChangeInput {
  organizationId: string;
  caseId: string;
  deadlineId: string;
  revision: number;
  previous: { date: string; at: string | null; status: DeadlineStatus } | null;
  current: { date: string; at: string | null; status: DeadlineStatus };
  cause: ChangeCause;
  causedByEventId: string | null;
  causedByClosureId: string | null;
  causedByJobId: string | null;
}

/** A history row's columns. */
export const changeColumns = (data: DeadlineChangeInput) => ({
  organizationId: data.organizationId,
  caseId: data.caseId,
  deadlineId: data.deadlineId,
  revision: data.revision,
  previousDate: data.previous ? fromCalendarDate(data.previous.date) : null,
  previousAt: data.previous?.at ? fromInstant(data.previous.at) : null,
  previousStatus: data.previous?.status ?? null,
  date: fromCalendarDate(data.current.date),
  at: data.current.at ? fromInstant(data.current.at) : null,
  status: data.current.status,
  cause: data.cause,
  causedByEventId: data.causedByEventId,
  causedByClosureId: data.causedByClosureId,
  causedByJobId: data.causedByJobId,
});

export interface DeadlineQuery {
  from?: string;
  to?: string;
  kinds?: DeadlineKind[];
  statuses?: DeadlineStatus[];
  advocateId?: string;
  caseId?: string;
  /** Leave out closed cases' deadlines (what needs doing). */
  openCasesOnly?: boolean;
  /** Rows dated before `date` only when their kind is one of `kinds` (only acts can be overdue). */
  beforeOnlyKinds?: { date: string; kinds: readonly DeadlineKind[] };
}

export interface DeadlineListItem extends DeadlineRecord {
  caseReference: string;
}

/** One page of an organization's deadlines in (date, id) order, after the given key. */
export async function queryDeadlines(
  tx: Tx,
  organizationId: string,
  query: DeadlineQuery,
  page: { after?: { date: string; id: string }; limit: number },
): Promise<DeadlineListItem[]> {
  const dateRange = {
    ...(query.from && { gte: fromCalendarDate(query.from) }),
    ...(query.to && { lte: fromCalendarDate(query.to) }),
  };
  const after = page.after;
  const either: Prisma.DeadlineWhereInput[] = [];
  if (query.beforeOnlyKinds) {
    const { date, kinds } = query.beforeOnlyKinds;
    either.push({ OR: [{ date: { gte: fromCalendarDate(date) } }, { kind: { in: [...kinds] } }] });
  }
  if (after) {
    either.push({
      OR: [
        { date: { gt: fromCalendarDate(after.date) } },
        { date: fromCalendarDate(after.date), id: { gt: after.id } },
      ],
    });
  }
  const rows = await tx.deadline.findMany({
    where: {
      organizationId,
      ...(Object.keys(dateRange).length > 0 && { date: dateRange }),
      ...(query.kinds && { kind: { in: query.kinds } }),
      ...(query.statuses && { status: { in: query.statuses } }),
      ...(query.caseId && { caseId: query.caseId }),
      ...((query.advocateId || query.openCasesOnly) && {
        case: {
          ...(query.advocateId && { advocates: { some: { advocateId: query.advocateId } } }),
          ...(query.openCasesOnly && { status: 'OPEN' as const }),
        },
      }),
      ...(either.length > 0 && { AND: either }),
    },
    include: { case: { select: { reference: true } } },
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
    take: page.limit,
  });
  return rows.map(({ case: owner, ...row }) => ({
    ...toDeadlineRecord(row),
    caseReference: owner.reference,
  }));
}

/** Each case's next open deadline on or after `from` (the case list's "next" column). */
export async function nextOpenDeadlines(
  tx: Tx,
  organizationId: string,
  caseIds: string[],
  from: string,
): Promise<Map<string, { kind: DeadlineKind; date: string; at: string | null }>> {
  if (caseIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<
    { caseId: string; kind: DeadlineKind; date: Date; at: Date | null }[]
  >`
    SELECT DISTINCT ON ("caseId") "caseId"::text AS "caseId", kind::text AS kind, date, at
    FROM "Deadline"
    WHERE "organizationId" = ${organizationId}::uuid AND "caseId" = ANY(${caseIds}::uuid[])
      AND status = 'OPEN' AND date >= ${fromCalendarDate(from)}::date
    ORDER BY "caseId", date, at NULLS LAST`;
  return new Map(
    rows.map((r) => [
      r.caseId,
      { kind: r.kind, date: toCalendarDate(r.date), at: toCourtInstantOrNull(r.at) },
    ]),
  );
}

/** The date of one slot (`key`) in each of the given cases that has it. */
export async function slotDatesOfCases(
  tx: Tx,
  organizationId: string,
  caseIds: readonly string[],
  key: string,
): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await tx.deadline.findMany({
    where: { organizationId, caseId: { in: [...caseIds] }, key },
    select: { caseId: true, date: true },
  });
  return new Map(rows.map((row) => [row.caseId, toCalendarDate(row.date)]));
}

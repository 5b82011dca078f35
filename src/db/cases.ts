import type { Family, Warning } from '../engine/index.js';
import type { Prisma } from './client.js';
import { fromCalendarDate } from './convert.js';
import type { Tx } from './transaction.js';

export type CaseStatus = 'OPEN' | 'CLOSED';

export interface CaseFields {
  family: Family;
  court: string;
  reference: string;
  courtCaseNumber: string | null;
  petitionerLabel: string | null;
  respondentLabel: string | null;
  status: CaseStatus;
}

export interface CaseRecord extends CaseFields {
  id: string;
  organizationId: string;
  version: number;
  warnings: Warning[];
  advocateIds: string[];
  createdAt: string;
  updatedAt: string;
}

const withAdvocates = {
  advocates: { select: { advocateId: true }, orderBy: { assignedAt: 'asc' } },
} as const;
type Row = Prisma.CaseGetPayload<{ include: typeof withAdvocates }>;

const toRecord = (row: Row): CaseRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  family: row.family,
  court: row.court,
  reference: row.reference,
  courtCaseNumber: row.courtCaseNumber,
  petitionerLabel: row.petitionerLabel,
  respondentLabel: row.respondentLabel,
  status: row.status,
  version: row.version,
  warnings: row.warnings as unknown as Warning[],
  advocateIds: row.advocates.map((a) => a.advocateId),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function insertCase(
  tx: Tx,
  organizationId: string,
  fields: CaseFields,
): Promise<CaseRecord> {
  return toRecord(
    await tx.case.create({ data: { organizationId, ...fields }, include: withAdvocates }),
  );
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case row's columns as `LockedRow` reads them (`alias`: the row's alias in the query). */
export const caseColumns = (alias: string): string =>
  `${alias}.id::text AS id, ${alias}."organizationId"::text AS "organizationId",
   ${alias}.family::text AS family, ${alias}.court, ${alias}.reference, ${alias}."courtCaseNumber",
   ${alias}."petitionerLabel", ${alias}."respondentLabel", ${alias}.status::text AS status,
   ${alias}.version, ${alias}.warnings, ${alias}."createdAt", ${alias}."updatedAt"`;

/** The case's assignments in the order they were made (`caseId`: the case id's SQL, a uuid). */
export const advocateIds = (caseId: string): string =>
  `ARRAY(SELECT ca."advocateId"::text FROM "CaseAdvocate" ca
         WHERE ca."caseId" = ${caseId} ORDER BY ca."assignedAt") AS "advocateIds"`;

export const caseRecordOf = (row: LockedRow & { advocateIds: string[] }): CaseRecord => ({
  ...row,
  warnings: row.warnings as Warning[],
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The organization's case with its assignments, in one query (null: no such case). */
export async function findCase(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<CaseRecord | null> {
  // No case has an id that is not a UUID (and the cast below would refuse it).
  if (!UUID_SHAPE.test(id) || !UUID_SHAPE.test(organizationId)) return null;
  const rows = await tx.$queryRawUnsafe<(LockedRow & { advocateIds: string[] })[]>(
    `SELECT ${caseColumns('c')}, ${advocateIds('c.id')}
     FROM "Case" c WHERE c.id = $1::uuid AND c."organizationId" = $2::uuid`,
    id,
    organizationId,
  );
  const row = rows[0];
  return row ? caseRecordOf(row) : null;
}

/** A case without its assignments: what changes to its events need. */
export type CaseRow = Omit<CaseRecord, 'advocateIds'>;

/** The row as `SELECT … FOR UPDATE` returns it. */
export interface LockedRow extends CaseFields {
  id: string;
  organizationId: string;
  version: number;
  warnings: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Locks the case row until the transaction ends, so that changes to one case (events,
 * recomputation, edits) are applied one at a time, and returns it — one round trip.
 * Null when the organization has no such case.
 */
export async function lockCase(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<CaseRow | null> {
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT id::text, "organizationId"::text, family::text, court, reference, "courtCaseNumber",
           "petitionerLabel", "respondentLabel", status::text, version, warnings, "createdAt", "updatedAt"
    FROM "Case" WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) return null;
  return {
    ...row,
    warnings: row.warnings as Warning[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Serialises, until the transaction ends, the writes that give a case of the organization this
 * reference (compared as `sameReference` does), so two concurrent creations cannot both find
 * it free.
 */
export async function lockCaseReference(
  tx: Tx,
  organizationId: string,
  reference: string,
): Promise<void> {
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(
      hashtextextended('case-reference:' || ${organizationId} || ':' || lower(btrim(${reference})), 0))`;
}

/**
 * The organization's cases whose reference is the same as `reference` — ignoring letter case
 * and surrounding spaces — other than `exceptId`, oldest first.
 */
export async function casesWithReference(
  tx: Tx,
  organizationId: string,
  reference: string,
  exceptId: string | null,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "Case"
    WHERE "organizationId" = ${organizationId}::uuid
      AND lower(btrim(reference)) = lower(btrim(${reference}))
      AND (${exceptId}::uuid IS NULL OR id <> ${exceptId}::uuid)
    ORDER BY id LIMIT 5`;
  return rows.map((row) => row.id);
}

export interface CaseFilters {
  status?: CaseStatus;
  family?: Family;
  advocateId?: string;
  /** Part of the clinic's reference or the court's case number (any case). */
  text?: string;
  /** Cases with an open deadline in this range (YYYY-MM-DD, inclusive). */
  openDeadlineBetween?: { from: string; to: string };
}

/** Keyset page in creation order (ids are UUIDv7: time-ordered, immutable, unique). */
export async function listCases(
  tx: Tx,
  organizationId: string,
  filters: CaseFilters,
  page: { afterId?: string; limit: number },
): Promise<CaseRecord[]> {
  const rows = await tx.case.findMany({
    where: {
      organizationId,
      ...(filters.status && { status: filters.status }),
      ...(filters.family && { family: filters.family }),
      ...(filters.advocateId && { advocates: { some: { advocateId: filters.advocateId } } }),
      ...(filters.text && {
        OR: [
          { reference: { contains: filters.text, mode: 'insensitive' as const } },
          { courtCaseNumber: { contains: filters.text, mode: 'insensitive' as const } },
        ],
      }),
      ...(filters.openDeadlineBetween && {
        deadlines: {
          some: {
            status: 'OPEN' as const,
            date: {
              gte: fromCalendarDate(filters.openDeadlineBetween.from),
              lte: fromCalendarDate(filters.openDeadlineBetween.to),
            },
          },
        },
      }),
      ...(page.afterId && { id: { gt: page.afterId } }),
    },
    include: withAdvocates,
    orderBy: { id: 'asc' },
    take: page.limit,
  });
  return rows.map(toRecord);
}

/** Applies `fields` and bumps the version; the row must be locked by the caller. */
export async function updateCase(
  tx: Tx,
  id: string,
  fields: Partial<CaseFields> & { closedAt?: Date | null },
): Promise<void> {
  await tx.case.update({ where: { id }, data: { ...fields, version: { increment: 1 } } });
}

export async function setCaseAdvocates(
  tx: Tx,
  organizationId: string,
  caseId: string,
  advocateIds: string[],
): Promise<void> {
  await tx.caseAdvocate.deleteMany({ where: { caseId, advocateId: { notIn: advocateIds } } });
  if (advocateIds.length > 0) {
    await tx.caseAdvocate.createMany({
      data: advocateIds.map((advocateId) => ({ caseId, advocateId, organizationId })),
      skipDuplicates: true,
    });
  }
}

/** Open cases whose last recomputation warned with one of `codes` (one row per case and code). */
export async function casesWithWarnings(
  tx: Tx,
  organizationId: string,
  codes: string[],
  advocateId: string | null,
): Promise<{ caseId: string; reference: string; code: string }[]> {
  const rows = await tx.case.findMany({
    where: {
      organizationId,
      status: 'OPEN',
      OR: codes.map((code) => ({ warnings: { array_contains: [{ code }] } })),
      ...(advocateId !== null && { advocates: { some: { advocateId } } }),
    },
    select: { id: true, reference: true, warnings: true },
    orderBy: { id: 'asc' },
    take: 200,
  });
  return rows.flatMap((row) =>
    [...new Set((row.warnings as unknown as Warning[]).map((w) => w.code))]
      .filter((code) => codes.includes(code))
      .map((code) => ({ caseId: row.id, reference: row.reference, code })),
  );
}

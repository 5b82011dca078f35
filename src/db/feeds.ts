// Calendar feeds: their tokens, and the deadlines a feed shows. Every query names the
// organization, so a feed can never list another clinic's rows. What a feed is made of (scopes,
// privacy levels, entries) is defined here as plain values, for the rendering in src/feeds/.
import type { DeadlineBasis, DeadlineKind, DeadlineStatus, Party } from '../engine/index.js';
import { Prisma, type Database } from './client.js';
import { toCourtInstant } from './convert.js';
import type { Tx } from './transaction.js';

export const FEED_SCOPES = ['CASE', 'ADVOCATE', 'ORGANIZATION'] as const;
/** CASE: one case; ADVOCATE: the cases assigned to one advocate; ORGANIZATION: every case. */
export type FeedScope = (typeof FEED_SCOPES)[number];

export const FEED_PRIVACY_LEVELS = ['busy', 'neutral', 'full'] as const;
/**
 * busy: open deadlines only, each reading "Court deadline", nothing else. neutral (the default):
 * the kind of act in plain words ("Court date", "Papers due", "File by") and the clinic's case
 * reference; no order type, statute, form, names, addresses or court case number. full: the
 * legal names, court, court case number, party labels, rule, citation and explanation (for the
 * clinic's internal calendars).
 */
export type FeedPrivacy = (typeof FEED_PRIVACY_LEVELS)[number];

/** The case fields a feed may show (which ones depends on the privacy level). */
export interface FeedCase {
  reference: string;
  court: string;
  courtCaseNumber: string | null;
  petitionerLabel: string | null;
  respondentLabel: string | null;
}

/** One deadline as a feed lists it: what identifies its version, and what places it in time. */
export interface FeedEntry {
  /** The deadline row's id (a UUID): the event's UID, stable across recomputations. */
  id: string;
  caseId: string;
  kind: DeadlineKind;
  /** 'YYYY-MM-DD' (America/Los_Angeles). */
  date: string;
  /** ISO 8601 with the court-zone offset, '2025-10-17T17:00:00-07:00', where a time applies. */
  at: string | null;
  status: DeadlineStatus;
  /** Advances whenever date, time or status changes: the event's SEQUENCE. */
  revision: number;
  /** ISO 8601 (UTC): the event's LAST-MODIFIED and DTSTAMP. */
  updatedAt: string;
  case: FeedCase;
}

/** The rest of a deadline, read only for events not already rendered. */
export interface FeedEntryDetails {
  ruleId: string;
  citation: string;
  /** How sure the date is (statute, form, interpretation, unverified). */
  basis: DeadlineBasis;
  /** Whose act it is, where that is one party's (the respondent's firearm duties). */
  dutyOf: Party | null;
  explanation: string[];
  interpretation: string | null;
  /** For acts that need an open court: the last court day on or before the date. */
  lastCourtDayOnOrBefore: string | null;
  /** SUPERSEDED: the event that replaced it, where one did (the engine's advisory). */
  supersededBy: 'ORDER_AFTER_HEARING' | 'ORDER_RENEWED' | 'ORDER_TERMINATED' | null;
}

export interface FeedTokenRecord {
  id: string;
  organizationId: string;
  scope: FeedScope;
  caseId: string | null;
  advocateId: string | null;
  privacy: FeedPrivacy;
  label: string | null;
  prefix: string;
  createdAt: string;
  lastFetchedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
  createdByApiKeyId: string | null;
  createdByUserId: string | null;
}

/** What serving a feed needs: the record plus the stored hash. */
export interface FeedTokenCredential extends FeedTokenRecord {
  tokenHash: Buffer;
}

type Row = Prisma.FeedTokenGetPayload<object>;

const toRecord = (row: Row): FeedTokenRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  scope: row.scope,
  caseId: row.caseId,
  advocateId: row.advocateId,
  privacy: row.privacy,
  label: row.label,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastFetchedAt: row.lastFetchedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  createdByApiKeyId: row.createdByApiKeyId,
  createdByUserId: row.createdByUserId,
});

export async function insertFeedToken(
  tx: Tx,
  data: Pick<
    FeedTokenRecord,
    | 'organizationId'
    | 'scope'
    | 'caseId'
    | 'advocateId'
    | 'privacy'
    | 'label'
    | 'prefix'
    | 'createdByApiKeyId'
    | 'createdByUserId'
  > & { tokenHash: Buffer; expiresAt: Date | null },
): Promise<FeedTokenRecord> {
  const row = await tx.feedToken.create({
    data: { ...data, tokenHash: new Uint8Array(data.tokenHash) },
  });
  return toRecord(row);
}

export async function findFeedTokenByPrefix(
  tx: Tx,
  prefix: string,
): Promise<FeedTokenCredential | null> {
  const row = await tx.feedToken.findUnique({ where: { prefix } });
  return row && { ...toRecord(row), tokenHash: Buffer.from(row.tokenHash) };
}

export async function findFeedToken(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<FeedTokenRecord | null> {
  const row = await tx.feedToken.findFirst({ where: { id, organizationId } });
  return row && toRecord(row);
}

export interface FeedTokenFilters {
  scope?: FeedScope;
  caseId?: string;
  advocateId?: string;
}

/** Keyset page in creation order (UUIDv7 ids). */
export async function listFeedTokens(
  tx: Tx,
  organizationId: string,
  filters: FeedTokenFilters,
  page: { afterId?: string; limit: number },
): Promise<FeedTokenRecord[]> {
  const rows = await tx.feedToken.findMany({
    where: {
      organizationId,
      ...(filters.scope && { scope: filters.scope }),
      ...(filters.caseId && { caseId: filters.caseId }),
      ...(filters.advocateId && { advocateId: filters.advocateId }),
      ...(page.afterId && { id: { gt: page.afterId } }),
    },
    orderBy: { id: 'asc' },
    take: page.limit,
  });
  return rows.map(toRecord);
}

/** Revokes the organization's token; null when it has no such token. Revoking twice keeps the first time. */
export async function revokeFeedToken(
  tx: Tx,
  organizationId: string,
  id: string,
  at: Date,
): Promise<FeedTokenRecord | null> {
  await tx.feedToken.updateMany({
    where: { id, organizationId, revokedAt: null },
    data: { revokedAt: at },
  });
  return findFeedToken(tx, organizationId, id);
}

/**
 * Revokes the live tokens made by an API key or a person (those needing admin only, with
 * `adminLevelOnly`); their prefixes, for NOTIFY and eviction.
 */
export async function revokeFeedTokensCreatedBy(
  tx: Tx,
  organizationId: string,
  creator: { apiKeyId: string } | { userId: string },
  at: Date,
  adminLevelOnly = false,
): Promise<{ id: string; prefix: string }[]> {
  const where = {
    organizationId,
    revokedAt: null,
    ...('apiKeyId' in creator
      ? { createdByApiKeyId: creator.apiKeyId }
      : { createdByUserId: creator.userId }),
    ...(adminLevelOnly && {
      OR: [{ scope: 'ORGANIZATION' as const }, { privacy: 'full' as const }],
    }),
  };
  const rows = await tx.feedToken.findMany({ where, select: { id: true, prefix: true } });
  if (rows.length > 0)
    await tx.feedToken.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, revokedAt: null },
      data: { revokedAt: at },
    });
  return rows;
}

export async function touchFeedToken(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.feedToken.updateMany({ where: { id }, data: { lastFetchedAt: at } });
}

/** Channel on which revocations are announced to every Orderly process (delivered at commit). */
export const FEED_TOKEN_REVOKED_CHANNEL = 'orderly_feed_token_revoked';

export async function notifyFeedTokenRevoked(tx: Tx, prefix: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${FEED_TOKEN_REVOKED_CHANNEL}, ${prefix})`;
}

export async function caseBelongsTo(tx: Tx, organizationId: string, id: string): Promise<boolean> {
  return (await tx.case.count({ where: { id, organizationId } })) === 1;
}

export async function advocateBelongsTo(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<boolean> {
  return (await tx.advocate.count({ where: { id, organizationId } })) === 1;
}

// ---- What a feed shows ------------------------------------------------------------------

/** Runs the reads of one feed response in one snapshot (REPEATABLE READ), so they agree. */
export function readFeedSnapshot<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.prisma.$transaction(work, {
    maxWait: 10_000,
    timeout: 20_000,
    isolationLevel: 'RepeatableRead',
  });
}

/** The calendar a token opens. */
export interface FeedTarget {
  organizationId: string;
  scope: FeedScope;
  caseId: string | null;
  advocateId: string | null;
}

/**
 * Which deadlines are listed: those of open cases (a closed case's alarms would only be noise;
 * reopening brings its events back, same UIDs), dated on or after `from`, and superseded ones
 * only while recent, and only if they were ever something else (revision 1 and SUPERSEDED: it
 * was superseded when first computed, as when a case is recorded after its order after hearing;
 * no calendar ever showed it, so there is nothing to cancel). `busy` feeds list open ones only.
 */
export interface FeedWindow {
  /** 'YYYY-MM-DD': older deadlines are left out. */
  from: string;
  /** A SUPERSEDED deadline is listed (as cancelled) while its last change is this recent. */
  supersededSince: Date;
  /** Open deadlines only (`busy` feeds: a met or superseded one is nothing to keep time for). */
  openOnly: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOf(value: string | null, what: string): string {
  // Never let a missing id turn into a filter that matches more than it should.
  if (value === null || !UUID.test(value)) throw new Error(`feed target without a valid ${what}`);
  return value;
}

function feedRows(target: FeedTarget, window: FeedWindow): Prisma.Sql {
  const organizationId = uuidOf(target.organizationId, 'organization id');
  let scope: Prisma.Sql;
  switch (target.scope) {
    case 'CASE':
      scope = Prisma.sql`AND d."caseId" = ${uuidOf(target.caseId, 'case id')}::uuid`;
      break;
    case 'ADVOCATE':
      scope = Prisma.sql`AND EXISTS (SELECT 1 FROM "CaseAdvocate" ca WHERE ca."caseId" = d."caseId" AND ca."advocateId" = ${uuidOf(target.advocateId, 'advocate id')}::uuid)`;
      break;
    case 'ORGANIZATION':
      scope = Prisma.empty;
      break;
  }
  return Prisma.sql`FROM "Deadline" d JOIN "Case" c ON c.id = d."caseId" AND c."organizationId" = d."organizationId"
    WHERE d."organizationId" = ${organizationId}::uuid ${scope}
      AND c.status = 'OPEN'
      AND d.date >= ${window.from}::date
      AND (d.status <> 'SUPERSEDED' OR (d.revision > 1 AND d."updatedAt" >= ${window.supersededSince}))
      ${window.openOnly ? Prisma.sql`AND d.status = 'OPEN'` : Prisma.empty}`;
}

/**
 * One listed deadline's version: a digest of everything its event's text depends on (the row's
 * revision and last change, which moves with every update, and the case fields an event may
 * show). Computed by PostgreSQL, so deciding what changed needs no row sent.
 */
const ROW_FIELDS = Prisma.sql`json_build_array(d.id, d.revision, d."updatedAt", c.reference, c.court,
  c."courtCaseNumber", c."petitionerLabel", c."respondentLabel")`;
const ROW_VERSION = Prisma.sql`md5(${ROW_FIELDS}::text)`;

/**
 * A digest of the whole listing (which deadlines, and what each row's version is made of):
 * what the ETag is made from. One row comes back, however many deadlines.
 */
export async function feedDigest(
  tx: Tx,
  target: FeedTarget,
  window: FeedWindow,
): Promise<{ count: number; digest: string }> {
  const rows = await tx.$queryRaw<{ count: number; digest: string }[]>`
    SELECT count(*)::int AS "count",
           coalesce(md5(string_agg(${ROW_FIELDS}::text, E'\n' ORDER BY d.id)), '') AS "digest"
    ${feedRows(target, window)}`;
  return rows[0] ?? { count: 0, digest: '' };
}

/** The listed deadlines in calendar order: each one's id, version, kind, and whether it has a time. */
export async function feedListing(
  tx: Tx,
  target: FeedTarget,
  window: FeedWindow,
): Promise<{ id: string; version: string; kind: DeadlineKind; hasTime: boolean }[]> {
  return tx.$queryRaw<{ id: string; version: string; kind: DeadlineKind; hasTime: boolean }[]>`
    SELECT d.id::text AS "id", ${ROW_VERSION} AS "version", d.kind::text AS "kind",
           d.at IS NOT NULL AS "hasTime"
    ${feedRows(target, window)}
    ORDER BY d.date, d.at, d.id`;
}

interface EventRow {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  date: string;
  at: Date | null;
  status: DeadlineStatus;
  revision: number;
  updatedAt: Date;
  ruleId: string;
  citation: string;
  basis: DeadlineBasis;
  dutyOf: Party | null;
  explanation: string;
  interpretation: string | null;
  lastCourtDay: string | null;
  supersededBy: FeedEntryDetails['supersededBy'];
  reference: string;
  court: string;
  courtCaseNumber: string | null;
  petitionerLabel: string | null;
  respondentLabel: string | null;
}

export interface FeedEvent {
  entry: FeedEntry;
  details: FeedEntryDetails;
}

/** Everything needed to render the given deadlines (the organization's only; read in the listing's snapshot). */
export async function feedEvents(
  tx: Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<FeedEvent[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRaw<EventRow[]>`
    SELECT d.id::text AS "id", d."caseId"::text AS "caseId",
           d.kind::text AS "kind", d.date::text AS "date", d.at, d.status::text AS "status",
           d.revision, d."updatedAt", d."ruleId", d.citation, d.basis::text AS "basis",
           d."dutyOf"::text AS "dutyOf", d.explanation::text AS "explanation",
           d.interpretation, d.advisory->>'lastCourtDayOnOrBefore' AS "lastCourtDay",
           d.advisory->>'supersededBy' AS "supersededBy", c.reference, c.court, c."courtCaseNumber", c."petitionerLabel",
           c."respondentLabel"
    FROM "Deadline" d JOIN "Case" c ON c.id = d."caseId" AND c."organizationId" = d."organizationId"
    WHERE d."organizationId" = ${uuidOf(organizationId, 'organization id')}::uuid
      AND d.id = ANY(${[...ids]}::uuid[])`;
  return rows.map((row) => {
    return {
      entry: {
        id: row.id,
        caseId: row.caseId,
        kind: row.kind,
        date: row.date,
        at: row.at === null ? null : toCourtInstant(row.at),
        status: row.status,
        revision: row.revision,
        updatedAt: row.updatedAt.toISOString(),
        case: {
          reference: row.reference,
          court: row.court,
          courtCaseNumber: row.courtCaseNumber,
          petitionerLabel: row.petitionerLabel,
          respondentLabel: row.respondentLabel,
        },
      },
      details: {
        ruleId: row.ruleId,
        citation: row.citation,
        basis: row.basis,
        dutyOf: row.dutyOf,
        // As text: one JSON.parse here is cheaper than the driver's generic JSON handling.
        explanation: JSON.parse(row.explanation) as string[],
        interpretation: row.interpretation,
        lastCourtDayOnOrBefore: row.lastCourtDay,
        supersededBy: row.supersededBy,
      },
    };
  });
}

/**
 * The case reference a CASE feed's name shows; for an ADVOCATE feed, whether the advocate is
 * still active. Null when the feed's subject is gone or (advocate) no longer active.
 */
export async function feedSubject(
  tx: Tx,
  target: FeedTarget,
): Promise<{ caseReference: string | null } | null> {
  switch (target.scope) {
    case 'CASE': {
      const found = await tx.case.findFirst({
        where: { id: uuidOf(target.caseId, 'case id'), organizationId: target.organizationId },
        select: { reference: true },
      });
      return found && { caseReference: found.reference };
    }
    case 'ADVOCATE': {
      const found = await tx.advocate.findFirst({
        where: {
          id: uuidOf(target.advocateId, 'advocate id'),
          organizationId: target.organizationId,
          active: true,
        },
        select: { id: true },
      });
      return found && { caseReference: null };
    }
    case 'ORGANIZATION':
      return { caseReference: null };
  }
}

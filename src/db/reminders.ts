// The reminder outbox. Rows are written in the transaction that changes a deadline (see
// src/services/reminders.ts) and claimed by workers with FOR UPDATE SKIP LOCKED, so several
// workers never take the same row at once; a claim is a lease (`nextAttemptAt` is its end
// while SENDING), so a worker that dies leaves its rows to the next one.
//
// The reminder vocabulary (statuses, recipients, channels, locales, the stored payload) is
// defined here, with the rows that hold it; services re-export what the edges need.
import type { CalendarDate, DeadlineKind, Family } from '../engine/index.js';
import { Prisma } from './client.js';
import { insertStatement, type Statement } from './bulk-insert.js';
import { uuidv7 } from './ids.js';
import type { Tx } from './transaction.js';
import { toSecrets, type WebhookEndpointSecrets } from './webhooks.js';

// ---- The outbox's vocabulary (its columns, and the payload it stores) --------------------

export const REMINDER_STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'CANCELLED'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];
export const RECIPIENT_TYPES = ['CONTACT', 'ADVOCATE', 'WEBHOOK'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];
export type ReminderChannel = 'EMAIL' | 'WEBHOOK';
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** Why a reminder will not be sent (Reminder.cancelReason). */
export type CancelReason =
  | 'DEADLINE_MOVED'
  | 'DEADLINE_MET'
  | 'DEADLINE_SUPERSEDED'
  | 'DEADLINE_PASSED'
  | 'CASE_CLOSED'
  | 'OPTED_OUT'
  | 'RECIPIENT_REMOVED';

/**
 * The schedules a reminder comes from (src/reminders/schedule.ts), and CHANGE: a notice that a
 * closure or a release moved a case's dates (src/services/change-notices.ts), sent once.
 */
export type ScheduleName =
  'RENEWAL' | 'HEARING' | 'SERVICE' | 'EPO' | 'FIREARMS' | 'OPPOSITION' | 'CHANGE';

/** A deadline's date, time and status, as a notice states it. */
export interface NoticeMoment {
  date: CalendarDate;
  at: string | null;
  status: 'OPEN' | 'MET' | 'SUPERSEDED';
}

/** What a CHANGE notice says: why the dates moved, which moved, and what to check. */
export interface ChangeNotice {
  cause: 'COURT_CLOSURE_RECORDED' | 'COURT_CLOSURE_WITHDRAWN' | 'RULES_CHANGED';
  jobId: string;
  closure: {
    id: string;
    court: string;
    courtName: string;
    from: CalendarDate;
    to: CalendarDate;
    reason: string;
    source: string;
    authority: 'CCP_12B' | 'GOV_CODE_68115';
    withdrawnReason: string | null;
  } | null;
  /** RULES_CHANGED: the engine's rules version the case was recomputed with. */
  rulesVersion: string | null;
  moved: { key: string; kind: DeadlineKind; previous: NoticeMoment; current: NoticeMoment }[];
  /** Warnings the recomputation raised that the case did not have before. */
  warnings: { code: string; message: string }[];
}

/**
 * What a reminder says, fixed when it is enqueued: the deadline's facts and the clinic's
 * reference — never a party's name, address or the court's case number.
 */
export interface ReminderPayload {
  schedule: ScheduleName;
  deadline: {
    id: string;
    key: string;
    kind: DeadlineKind;
    date: CalendarDate;
    /** ISO 8601 with the court-zone offset, where a time of day applies (a hearing's time). */
    at: string | null;
  };
  case: { id: string; reference: string; family: Family; court: string };
  /** RENEWAL: when the order ends and when the renewal window opened. */
  orderExpires: CalendarDate | null;
  windowOpens: CalendarDate | null;
  /** The calendar day this occurrence is scheduled for; null for "immediately". */
  sendDate: CalendarDate | null;
  /** CHANGE only: what moved and why. */
  change?: ChangeNotice;
  /** A catch-up: the case (or event) was recorded after earlier reminders would have gone out. */
  catchUp?: true;
}

export interface ReminderRecord {
  id: string;
  organizationId: string;
  caseId: string;
  deadlineId: string;
  deadlineRevision: number;
  occurrence: string;
  recipientType: RecipientType;
  recipientId: string;
  channel: ReminderChannel;
  dueAt: string;
  expiresAt: string;
  status: ReminderStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  payload: ReminderPayload;
  sentAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Prisma.ReminderGetPayload<object>;

export const toReminderRecord = (row: Row): ReminderRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  caseId: row.caseId,
  deadlineId: row.deadlineId,
  deadlineRevision: row.deadlineRevision,
  occurrence: row.occurrence,
  recipientType: row.recipientType,
  recipientId: row.recipientId,
  channel: row.channel,
  dueAt: row.dueAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.nextAttemptAt.toISOString(),
  lastError: row.lastError,
  payload: row.payload as unknown as ReminderPayload,
  sentAt: row.sentAt?.toISOString() ?? null,
  cancelledAt: row.cancelledAt?.toISOString() ?? null,
  cancelReason: row.cancelReason,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

// ---- Synchronisation (inside the deadline's transaction) --------------------------------

export interface CaseRecipients {
  contacts: { id: string; locale: Locale }[];
  /** Assigned, active, with an email address. */
  advocates: { id: string }[];
  /** Enabled endpoints, with when they last changed (created, re-enabled, edited). */
  webhooks: { id: string; activeSince: Date }[];
}

/**
 * The recipients' three lists as JSON columns of a SELECT (`contacts`, `advocates`, `webhooks`).
 * `caseId`: the case's id, or an SQL expression naming it (a column, when a batch reads many).
 */
export const recipientColumns = (
  organizationId: string,
  caseId: string | Prisma.Sql,
): Prisma.Sql => {
  const theCase = typeof caseId === 'string' ? Prisma.sql`${caseId}::uuid` : caseId;
  return Prisma.sql`
      (SELECT coalesce(json_agg(json_build_object('id', c.id, 'locale', c.locale) ORDER BY c.id), '[]')
         FROM "Contact" c
        WHERE c."organizationId" = ${organizationId}::uuid AND c."caseId" = ${theCase}
          AND c."optedOutAt" IS NULL) AS contacts,
      (SELECT coalesce(json_agg(json_build_object('id', ca."advocateId") ORDER BY ca."advocateId"), '[]')
         FROM "CaseAdvocate" ca JOIN "Advocate" a ON a.id = ca."advocateId"
        WHERE ca."caseId" = ${theCase} AND ca."organizationId" = ${organizationId}::uuid
          AND a.active AND a.email IS NOT NULL) AS advocates,
      (SELECT coalesce(json_agg(json_build_object('id', w.id, 'activeSince', w."updatedAt") ORDER BY w.id), '[]')
         FROM "WebhookEndpoint" w
        WHERE w."organizationId" = ${organizationId}::uuid AND w."disabledAt" IS NULL) AS webhooks`;
};

/** `recipientColumns` as read. */
export interface RecipientColumns {
  contacts: CaseRecipients['contacts'];
  advocates: { id: string }[];
  webhooks: { id: string; activeSince: string }[];
}

export const toCaseRecipients = ({ contacts, advocates, webhooks }: RecipientColumns) => ({
  contacts,
  advocates,
  // json_build_object gives the timestamptz as ISO text with its offset.
  webhooks: webhooks.map((w) => ({ id: w.id, activeSince: new Date(w.activeSince) })),
});

/** Who the case's reminders go to, in one query (id order in each list). */
export async function caseRecipients(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<CaseRecipients> {
  const rows = await tx.$queryRaw<RecipientColumns[]>`
    SELECT ${recipientColumns(organizationId, caseId)}`;
  return toCaseRecipients(rows[0]!);
}

/** The case's reminders that synchronisation may still change or must not repeat. */
export async function remindersOfCase(tx: Tx, caseId: string): Promise<ReminderRecord[]> {
  const rows = await tx.reminder.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  return rows.map(toReminderRecord);
}

/** A reminder to enqueue: what identifies it and what it says, with its instants as Dates. */
export interface NewReminder extends Pick<
  ReminderRecord,
  | 'organizationId'
  | 'caseId'
  | 'deadlineId'
  | 'deadlineRevision'
  | 'occurrence'
  | 'recipientType'
  | 'recipientId'
  | 'channel'
  | 'payload'
> {
  dueAt: Date;
  expiresAt: Date;
}

export async function insertReminders(tx: Tx, reminders: NewReminder[]): Promise<number> {
  if (reminders.length === 0) return 0;
  const { count } = await tx.reminder.createMany({
    data: reminders.map((r) => ({
      ...r,
      nextAttemptAt: r.dueAt,
      payload: r.payload as unknown as Prisma.InputJsonObject,
    })),
    // The unique (deadline, revision, occurrence, recipient) key: enqueued once.
    skipDuplicates: true,
  });
  return count;
}

/**
 * A synchronisation's changes to a case's outbox as statements to send with the request's other
 * writes: the same as `cancelPendingReminders` (per reason), `reviveReminders` and
 * `insertReminders`. None touches a row another touches (a reminder is cancelled, revived or new).
 */
export function reminderChangeStatements(
  changes: { cancel: Map<CancelReason, string[]>; revive: string[]; insert: NewReminder[] },
  now: Date,
): Statement[] {
  const statements: (Statement | null)[] = [...changes.cancel].map(([reason, ids]) =>
    cancelStatement(ids, reason, now),
  );
  statements.push(
    reviveStatement(changes.revive, now),
    insertStatement(
      'Reminder',
      changes.insert.map((r) => ({
        id: uuidv7(),
        organizationId: r.organizationId,
        caseId: r.caseId,
        deadlineId: r.deadlineId,
        deadlineRevision: r.deadlineRevision,
        occurrence: r.occurrence,
        recipientType: r.recipientType,
        recipientId: r.recipientId,
        channel: r.channel,
        dueAt: r.dueAt,
        expiresAt: r.expiresAt,
        nextAttemptAt: r.dueAt,
        payload: r.payload,
        updatedAt: now,
      })),
      // The unique (deadline, revision, occurrence, recipient) key: enqueued once.
      { onConflictDoNothing: true },
    ),
  );
  return statements.filter((s): s is Statement => s !== null);
}

const cancelStatement = (ids: string[], reason: CancelReason, now: Date): Statement | null =>
  ids.length === 0
    ? null
    : {
        sql: `UPDATE "Reminder" SET status = 'CANCELLED', "cancelReason" = $2, "cancelledAt" = $3::timestamptz,
                "updatedAt" = $3::timestamptz
              WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`,
        params: [ids, reason, now.toISOString()],
      };

const reviveStatement = (ids: string[], now: Date): Statement | null =>
  ids.length === 0
    ? null
    : {
        sql: `UPDATE "Reminder"
              SET status = 'PENDING', attempts = 0, "nextAttemptAt" = "dueAt", "lastError" = NULL,
                  "cancelledAt" = NULL, "cancelReason" = NULL, "updatedAt" = $2::timestamptz
              WHERE id = ANY($1::uuid[]) AND status = 'CANCELLED'`,
        params: [ids, now.toISOString()],
      };

/** Cancels reminders that have not started; one that is being delivered finishes. */
export async function cancelPendingReminders(
  tx: Tx,
  ids: string[],
  reason: CancelReason,
  now: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await tx.reminder.updateMany({
    where: { id: { in: ids }, status: 'PENDING' },
    data: { status: 'CANCELLED', cancelReason: reason, cancelledAt: now },
  });
  return count;
}

/** Wanted again (a case reopened): same id, due at its own time. */
export async function reviveReminders(tx: Tx, ids: string[], now: Date): Promise<number> {
  const statement = reviveStatement(ids, now);
  return statement ? tx.$executeRawUnsafe(statement.sql, ...statement.params) : 0;
}

/** Cancels every pending reminder to one recipient (an opt-out, a disabled endpoint). */
export async function cancelRemindersTo(
  tx: Tx,
  organizationId: string,
  recipient: { type: RecipientType; id: string },
  reason: CancelReason,
  now: Date,
): Promise<number> {
  const { count } = await tx.reminder.updateMany({
    where: {
      organizationId,
      recipientType: recipient.type,
      recipientId: recipient.id,
      status: 'PENDING',
    },
    data: { status: 'CANCELLED', cancelReason: reason, cancelledAt: now },
  });
  return count;
}

/** Open cases of an organization (to schedule reminders for a new endpoint). */
export async function openCaseIds(tx: Tx, organizationId: string): Promise<string[]> {
  const rows = await tx.case.findMany({
    where: { organizationId, status: 'OPEN' },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => row.id);
}

// ---- Reading (API) ----------------------------------------------------------------------

export interface ReminderFilters {
  statuses?: ReminderStatus[];
  caseId?: string;
}

/** Keyset page in creation order (UUIDv7 ids). */
export async function queryReminders(
  tx: Tx,
  organizationId: string,
  filters: ReminderFilters,
  page: { afterId?: string; limit: number },
): Promise<ReminderRecord[]> {
  const rows = await tx.reminder.findMany({
    where: {
      organizationId,
      ...(filters.statuses && { status: { in: filters.statuses } }),
      ...(filters.caseId && { caseId: filters.caseId }),
      ...(page.afterId && { id: { gt: page.afterId } }),
    },
    orderBy: { id: 'asc' },
    take: page.limit,
  });
  return rows.map(toReminderRecord);
}

export async function findReminder(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<ReminderRecord | null> {
  const row = await tx.reminder.findFirst({ where: { id, organizationId } });
  return row && toReminderRecord(row);
}

export async function caseRemindersForTenant(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<ReminderRecord[]> {
  const rows = await tx.reminder.findMany({
    where: { organizationId, caseId },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toReminderRecord);
}

// ---- Delivery (worker) ------------------------------------------------------------------

/**
 * Takes up to `limit` reminders that are due (PENDING whose time has come, or SENDING whose
 * lease ran out: its worker died) and leases them to `workerId` until `leaseEnds`. A claim
 * counts as an attempt. SKIP LOCKED: concurrent workers take disjoint rows without waiting.
 */
export async function claimDueReminders(
  tx: Tx,
  claim: {
    workerId: string;
    now: Date;
    leaseEnds: Date;
    limit: number;
    channels: ReminderChannel[];
  },
): Promise<string[]> {
  if (claim.channels.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Reminder" AS r
    SET status = 'SENDING', attempts = r.attempts + 1, "lockedBy" = ${claim.workerId},
        "nextAttemptAt" = ${claim.leaseEnds}, "updatedAt" = ${claim.now}
    WHERE r.id IN (
      SELECT id FROM "Reminder"
      WHERE status IN ('PENDING', 'SENDING') AND "nextAttemptAt" <= ${claim.now}
        AND channel::text = ANY(${claim.channels}::text[])
      ORDER BY "nextAttemptAt", id
      LIMIT ${claim.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING r.id`;
  return rows.map((row) => row.id);
}

/**
 * Leases one PENDING or FAILED reminder of the organization to `workerId` at once, whatever its
 * due time (an admin's "send now"); a FAILED one starts its attempts over. False when it is in
 * neither state any more.
 */
export async function claimReminderNow(
  tx: Tx,
  claim: { organizationId: string; id: string; workerId: string; now: Date; leaseEnds: Date },
): Promise<boolean> {
  const count = await tx.$executeRaw`
    UPDATE "Reminder"
    SET status = 'SENDING',
        attempts = CASE WHEN status = 'FAILED' THEN 1 ELSE attempts + 1 END,
        "lockedBy" = ${claim.workerId}, "nextAttemptAt" = ${claim.leaseEnds},
        "updatedAt" = ${claim.now}
    WHERE id = ${claim.id}::uuid AND "organizationId" = ${claim.organizationId}::uuid
      AND status IN ('PENDING', 'FAILED')`;
  return count === 1;
}

export interface DeliveryRow {
  reminder: ReminderRecord;
  caseOpen: boolean;
  /** The deadline as it is now (a reminder for an older revision is stale). */
  deadline: { revision: number; status: string } | null;
  contact: {
    email: string;
    locale: Locale;
    optedOut: boolean;
    /** Discreet wording (src/reminders/messages.ts). */
    discreet: boolean;
    /** The newest unrevoked link to the petitioner's page made for this contact's emails. */
    link: { id: string; expiresAt: Date } | null;
  } | null;
  advocate: { email: string | null; active: boolean; assigned: boolean } | null;
  endpoint: WebhookEndpointSecrets | null;
}

/** Everything a worker needs to deliver the claimed reminders, as it is now. */
export async function loadDeliveries(tx: Tx, ids: string[]): Promise<DeliveryRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.reminder.findMany({
    where: { id: { in: ids } },
    include: { case: { select: { status: true } } },
    orderBy: { id: 'asc' },
  });
  const idsOf = (type: RecipientType) =>
    rows.filter((r) => r.recipientType === type).map((r) => r.recipientId);
  const [deadlines, contacts, advocates, assignments, endpoints] = await Promise.all([
    tx.deadline.findMany({
      where: { id: { in: rows.map((r) => r.deadlineId) } },
      select: { id: true, revision: true, status: true },
    }),
    tx.contact.findMany({
      where: { id: { in: idsOf('CONTACT') } },
      include: {
        petitionerLinks: {
          where: { revokedAt: null },
          orderBy: { id: 'desc' },
          take: 1,
          select: { id: true, expiresAt: true },
        },
      },
    }),
    tx.advocate.findMany({ where: { id: { in: idsOf('ADVOCATE') } } }),
    tx.caseAdvocate.findMany({
      where: { advocateId: { in: idsOf('ADVOCATE') }, caseId: { in: rows.map((r) => r.caseId) } },
      select: { advocateId: true, caseId: true },
    }),
    tx.webhookEndpoint.findMany({ where: { id: { in: idsOf('WEBHOOK') } } }),
  ]);
  const deadlineById = new Map(deadlines.map((d) => [d.id, d]));
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const advocateById = new Map(advocates.map((a) => [a.id, a]));
  const assigned = new Set(assignments.map((a) => `${a.caseId}/${a.advocateId}`));
  const endpointById = new Map(endpoints.map((e) => [e.id, e]));
  return rows.map(({ case: owner, ...row }) => {
    const contact = row.recipientType === 'CONTACT' ? contactById.get(row.recipientId) : undefined;
    const advocate =
      row.recipientType === 'ADVOCATE' ? advocateById.get(row.recipientId) : undefined;
    const endpoint =
      row.recipientType === 'WEBHOOK' ? endpointById.get(row.recipientId) : undefined;
    return {
      reminder: toReminderRecord(row),
      caseOpen: owner.status === 'OPEN',
      deadline: deadlineById.get(row.deadlineId) ?? null,
      contact: contact
        ? {
            email: contact.email,
            locale: contact.locale,
            optedOut: contact.optedOutAt !== null,
            discreet: contact.discreet,
            link: contact.petitionerLinks[0] ?? null,
          }
        : null,
      advocate: advocate
        ? {
            email: advocate.email,
            active: advocate.active,
            assigned: assigned.has(`${row.caseId}/${advocate.id}`),
          }
        : null,
      endpoint: endpoint ? toSecrets(endpoint) : null,
    };
  });
}

/**
 * Delivered: recorded as soon as the send succeeds, one reminder at a time. Whichever worker
 * finishes first wins (a lease taken over from a worker that stalled may deliver twice, same id).
 */
export async function markReminderSent(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.reminder.updateMany({
    where: { id, status: 'SENDING' },
    data: { status: 'SENT', sentAt: now, lockedBy: null, lastError: null },
  });
}

/**
 * Extends the lease on reminders `workerId` still holds (it is working on them) to `leaseEnds`.
 * Returns the ids it still holds: one missing was taken over (its lease had run out) or recorded.
 */
export async function extendReminderLease(
  tx: Tx,
  ids: string[],
  workerId: string,
  leaseEnds: Date,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Reminder" SET "nextAttemptAt" = ${leaseEnds}
    WHERE id = ANY(${ids}::uuid[]) AND status = 'SENDING' AND "lockedBy" = ${workerId}
    RETURNING id::text AS id`;
  return rows.map((row) => row.id);
}

/**
 * Gives back a claimed reminder that was not attempted (its batch stopped before the lease
 * could end mid-delivery, or the worker is stopping): due again at once, the claim not counted
 * as an attempt.
 */
export async function releaseClaimedReminder(
  tx: Tx,
  id: string,
  workerId: string,
  now: Date,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Reminder"
    SET status = 'PENDING', attempts = GREATEST(attempts - 1, 0), "lockedBy" = NULL,
        "nextAttemptAt" = ${now}, "updatedAt" = ${now}
    WHERE id = ${id}::uuid AND status = 'SENDING' AND "lockedBy" = ${workerId}`;
}

/** A failed attempt: retry at `retryAt`, or FAILED when `retryAt` is null. Only the lease holder may. */
export async function markReminderAttemptFailed(
  tx: Tx,
  id: string,
  workerId: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await tx.reminder.updateMany({
    where: { id, status: 'SENDING', lockedBy: workerId },
    data:
      retryAt === null
        ? { status: 'FAILED', lastError: error, lockedBy: null }
        : { status: 'PENDING', lastError: error, lockedBy: null, nextAttemptAt: retryAt },
  });
}

/** Found not worth sending when its turn came (opted out, deadline moved or passed...). */
export async function markClaimedReminderCancelled(
  tx: Tx,
  id: string,
  workerId: string,
  reason: CancelReason,
  now: Date,
): Promise<void> {
  await tx.reminder.updateMany({
    where: { id, status: 'SENDING', lockedBy: workerId },
    data: { status: 'CANCELLED', cancelReason: reason, cancelledAt: now, lockedBy: null },
  });
}

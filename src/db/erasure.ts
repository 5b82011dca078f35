// Erasure: removing a case (or one contact) and every row derived from it, in the caller's
// transaction. What is removed is listed in one place, so a new table that holds a case's
// data has one obvious place to be added (see CASE_ROWS below and docs in README "Erasure").
//
// Foreign keys cascade from "Case" to its events, deadlines (and their history), assignments,
// contacts, reminders and feed tokens; the rest (idempotency responses and audit rows that
// mention the case) is found here by the ids of what is erased.
import type { Tx } from './transaction.js';

/** How many rows of each kind an erasure removed (counts only: what a tombstone may say). */
export type ErasedCounts = Record<string, number>;

/** The ids of everything a case owns, read before it is removed. */
export interface CaseFootprint {
  caseId: string;
  eventIds: string[];
  deadlineIds: string[];
  contactIds: string[];
  reminderIds: string[];
  feedTokens: { id: string; prefix: string }[];
  /** The petitioner's pages (issue 12): links made to hand over and those reminder emails carry. */
  petitionerLinks: { id: string; prefix: string }[];
}

/** Locks the case row and reads the ids of what hangs from it; null when the organization has no such case. */
export async function caseFootprint(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<CaseFootprint | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "Case"
    WHERE id = ${caseId}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  const [events, deadlines, contacts, reminders, feedTokens, petitionerLinks] = await Promise.all([
    tx.orderEvent.findMany({ where: { caseId }, select: { id: true } }),
    tx.deadline.findMany({ where: { caseId }, select: { id: true } }),
    tx.contact.findMany({ where: { caseId }, select: { id: true } }),
    tx.reminder.findMany({ where: { caseId }, select: { id: true } }),
    tx.feedToken.findMany({ where: { caseId }, select: { id: true, prefix: true } }),
    tx.petitionerLink.findMany({ where: { caseId }, select: { id: true, prefix: true } }),
  ]);
  return {
    caseId,
    eventIds: ids(events),
    deadlineIds: ids(deadlines),
    contactIds: ids(contacts),
    reminderIds: ids(reminders),
    feedTokens,
    petitionerLinks,
  };
}

/**
 * Deletes the case and, by cascade, its events, deadlines and their history, assignments,
 * contacts, reminders, feed tokens and petitioner links. Counts what went.
 */
export async function deleteCaseRows(tx: Tx, footprint: CaseFootprint): Promise<ErasedCounts> {
  const { caseId } = footprint;
  const history = await tx.deadlineChange.count({ where: { caseId } });
  const assignments = await tx.caseAdvocate.count({ where: { caseId } });
  // A correction points at the event it corrects with ON DELETE RESTRICT (an event in use is
  // never deleted alone); the whole case goes, so the links go first.
  await tx.orderEvent.updateMany({
    where: { caseId, correctsId: { not: null } },
    data: { correctsId: null },
  });
  await tx.case.delete({ where: { id: caseId } });
  return {
    cases: 1,
    events: footprint.eventIds.length,
    deadlines: footprint.deadlineIds.length,
    deadlineHistory: history,
    assignments,
    contacts: footprint.contactIds.length,
    reminders: footprint.reminderIds.length,
    feedTokens: footprint.feedTokens.length,
    petitionerLinks: footprint.petitionerLinks.length,
  };
}

/**
 * Stored Idempotency-Key responses of the organization whose text contains any of `ids` (the
 * body of a created case, event, contact or feed names the case's id, and holds its labels or
 * an email): deleted, so no replay can bring the erased data back.
 */
export async function deleteIdempotencyResponsesMentioning(
  tx: Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  return tx.$executeRaw`
    DELETE FROM "IdempotencyRecord"
    WHERE "organizationId" = ${organizationId}::uuid
      AND EXISTS (SELECT 1 FROM unnest(${[...ids]}::text[]) AS id
                  WHERE strpos("responseBody", id) > 0 OR strpos("responseHeaders"::text, id) > 0)`;
}

/**
 * Audit rows of the organization about any of `ids` (their target, or an id named in their
 * details): deleted. They hold no party data, but they are a record of a survivor's case — when
 * each fact was recorded, by whom — which erasure must not leave behind. The tombstone stays.
 */
export async function deleteAuditRowsMentioning(
  tx: Tx,
  organizationId: string,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  return tx.$executeRaw`
    DELETE FROM "AuditEvent"
    WHERE "organizationId" = ${organizationId}::uuid
      AND ("targetId" = ANY(${[...ids]}::text[])
           OR EXISTS (SELECT 1 FROM unnest(${[...ids]}::text[]) AS id
                      WHERE strpos(details::text, id) > 0))`;
}

/** The contact, locked; null when the organization has no such contact. */
export async function lockContact(
  tx: Tx,
  organizationId: string,
  contactId: string,
): Promise<{ id: string; caseId: string } | null> {
  const rows = await tx.$queryRaw<{ id: string; caseId: string }[]>`
    SELECT id::text, "caseId"::text AS "caseId" FROM "Contact"
    WHERE id = ${contactId}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

/**
 * Deletes a contact, every reminder addressed to it and the petitioner links its emails carried;
 * returns the reminders' ids and the links' prefixes first.
 */
export async function deleteContactRows(
  tx: Tx,
  organizationId: string,
  contactId: string,
): Promise<{ reminderIds: string[]; linkPrefixes: string[]; counts: ErasedCounts }> {
  const links = await tx.petitionerLink.findMany({
    where: { organizationId, contactId },
    select: { prefix: true },
  });
  const reminders = await tx.reminder.findMany({
    where: { organizationId, recipientType: 'CONTACT', recipientId: contactId },
    select: { id: true },
  });
  await tx.reminder.deleteMany({
    where: { organizationId, recipientType: 'CONTACT', recipientId: contactId },
  });
  // Its links go by cascade.
  await tx.contact.delete({ where: { id: contactId } });
  return {
    reminderIds: reminders.map((r) => r.id),
    linkPrefixes: links.map((l) => l.prefix),
    counts: { contacts: 1, reminders: reminders.length, petitionerLinks: links.length },
  };
}

/** Channel on which erasures are announced, so every process drops what it rendered (feeds). */
export const CASE_ERASED_CHANNEL = 'orderly_case_erased';

export async function notifyCaseErased(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CASE_ERASED_CHANNEL}, '')`;
}

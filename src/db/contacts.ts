import type { Tx } from './transaction.js';

export type ReminderLocale = 'en' | 'es';

export interface ContactRecord {
  id: string;
  organizationId: string;
  caseId: string;
  email: string;
  locale: ReminderLocale;
  consentAt: string;
  /** How consent was given (in_person, phone, written, email); null when not recorded. */
  consentMethod: string | null;
  optedOutAt: string | null;
  /** Discreet reminders (a generic subject, no court words on the lock screen). */
  discreet: boolean;
  createdAt: string;
  updatedAt: string;
}

type Row = {
  id: string;
  organizationId: string;
  caseId: string;
  email: string;
  locale: ReminderLocale;
  consentAt: Date;
  consentMethod: string | null;
  optedOutAt: Date | null;
  discreet: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const toRecord = (row: Row): ContactRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  caseId: row.caseId,
  email: row.email,
  locale: row.locale,
  consentAt: row.consentAt.toISOString(),
  consentMethod: row.consentMethod,
  optedOutAt: row.optedOutAt?.toISOString() ?? null,
  discreet: row.discreet,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function insertContact(
  tx: Tx,
  data: {
    organizationId: string;
    caseId: string;
    email: string;
    locale: ReminderLocale;
    consentAt: Date;
    consentMethod?: string | null;
    discreet: boolean;
  },
): Promise<ContactRecord> {
  return toRecord(await tx.contact.create({ data }));
}

/** The case's contact at this address (already normalised), if any. */
export async function findContactByEmail(
  tx: Tx,
  caseId: string,
  email: string,
): Promise<ContactRecord | null> {
  const row = await tx.contact.findUnique({ where: { caseId_email: { caseId, email } } });
  return row && toRecord(row);
}

/** Reminders restart at this address with a fresh consent (recorded here, its time and how). */
export async function markContactResumed(
  tx: Tx,
  id: string,
  consent: { consentAt: Date; consentMethod: string },
): Promise<void> {
  await tx.contact.update({ where: { id }, data: { ...consent, optedOutAt: null } });
}

export async function setContactDiscreet(tx: Tx, id: string, discreet: boolean): Promise<void> {
  await tx.contact.update({ where: { id }, data: { discreet } });
}

/** The emails of the case's assigned, active advocates who have one. */
export async function assignedAdvocateEmails(tx: Tx, caseId: string): Promise<string[]> {
  const rows = await tx.caseAdvocate.findMany({
    where: { caseId, advocate: { active: true, email: { not: null } } },
    select: { advocate: { select: { email: true } } },
  });
  return rows.map((r) => r.advocate.email!);
}

export async function listContacts(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<ContactRecord[]> {
  const rows = await tx.contact.findMany({
    where: { organizationId, caseId },
    orderBy: { id: 'asc' },
  });
  return rows.map(toRecord);
}

export async function findContact(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<ContactRecord | null> {
  const row = await tx.contact.findFirst({ where: { id, organizationId } });
  return row && toRecord(row);
}

/** By id alone: only for a signed opt-out link, whose signature already proves the id. */
export async function findContactForOptOut(tx: Tx, id: string): Promise<ContactRecord | null> {
  const row = await tx.contact.findUnique({ where: { id } });
  return row && toRecord(row);
}

/** Marks the contact opted out (once: a second opt-out keeps the first time). */
export async function markContactOptedOut(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.contact.updateMany({ where: { id, optedOutAt: null }, data: { optedOutAt: at } });
}

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
  },
): Promise<ContactRecord> {
  return toRecord(await tx.contact.create({ data }));
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

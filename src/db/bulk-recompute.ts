// What a batch of cases' recomputation reads and writes, a statement per table for the whole
// batch (src/services/batch-recompute.ts): the cases locked, their events, deadlines, reminders
// and recipients read, their deadlines and rows updated.
import type { Warning } from '../engine/index.js';
import { updateRows } from './bulk-insert.js';
import type { CaseRow } from './cases.js';
import { computedColumns, toDeadlineRecord, type DeadlineRecord } from './deadlines.js';
import type { Deadline } from '../engine/index.js';
import { toEventRecord, type EventRecord } from './events.js';
import { toReminderRecord, type CaseRecipients, type ReminderRecord } from './reminders.js';
import type { Tx } from './transaction.js';

interface LockedRow extends Omit<CaseRow, 'warnings' | 'createdAt' | 'updatedAt'> {
  warnings: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** Locks the organization's cases among `ids`, in id order (the order a batch takes them). */
export async function lockCases(tx: Tx, organizationId: string, ids: string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT id::text, "organizationId"::text, family::text, court, reference, "courtCaseNumber",
           "petitionerLabel", "respondentLabel", status::text, version, warnings, "createdAt", "updatedAt"
    FROM "Case" WHERE id = ANY(${ids}::uuid[]) AND "organizationId" = ${organizationId}::uuid
    ORDER BY id FOR UPDATE`;
  return rows.map((row) => ({
    ...row,
    warnings: row.warnings as Warning[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

function byCase<T extends { caseId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.caseId);
    if (list) list.push(row);
    else out.set(row.caseId, [row]);
  }
  return out;
}

export interface CasesState {
  events: Map<string, EventRecord[]>;
  deadlines: Map<string, DeadlineRecord[]>;
  reminders: Map<string, ReminderRecord[]>;
  recipients: (caseId: string) => CaseRecipients;
}

/** Everything a recomputation of these (locked) cases reads, in five queries for all of them. */
export async function readCasesState(
  tx: Tx,
  organizationId: string,
  caseIds: string[],
): Promise<CasesState> {
  const [events, deadlines, reminders, contacts, assignments, webhooks] = await Promise.all([
    tx.orderEvent.findMany({
      where: { caseId: { in: caseIds } },
      orderBy: [{ caseId: 'asc' }, { sequence: 'asc' }],
    }),
    tx.deadline.findMany({
      where: { caseId: { in: caseIds } },
      orderBy: [{ caseId: 'asc' }, { date: 'asc' }, { at: 'asc' }, { key: 'asc' }],
    }),
    tx.reminder.findMany({ where: { caseId: { in: caseIds } }, orderBy: { id: 'asc' } }),
    tx.contact.findMany({
      where: { organizationId, caseId: { in: caseIds }, optedOutAt: null },
      select: { id: true, locale: true, caseId: true },
      orderBy: { id: 'asc' },
    }),
    tx.caseAdvocate.findMany({
      where: {
        caseId: { in: caseIds },
        organizationId,
        advocate: { active: true, email: { not: null } },
      },
      select: { advocateId: true, caseId: true },
      orderBy: { advocateId: 'asc' },
    }),
    tx.webhookEndpoint.findMany({
      where: { organizationId, disabledAt: null },
      select: { id: true, updatedAt: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  const contactsOf = byCase(contacts);
  const advocatesOf = byCase(assignments);
  return {
    events: byCase(events.map(toEventRecord)),
    deadlines: byCase(deadlines.map(toDeadlineRecord)),
    reminders: byCase(reminders.map(toReminderRecord)),
    recipients: (caseId) => ({
      contacts: (contactsOf.get(caseId) ?? []).map(({ id, locale }) => ({ id, locale })),
      advocates: (advocatesOf.get(caseId) ?? []).map((a) => ({ id: a.advocateId })),
      webhooks: webhooks.map((w) => ({ id: w.id, activeSince: w.updatedAt })),
    }),
  };
}

/** Rewrites slots with new computations, one statement for all. */
export async function updateDeadlineRows(
  tx: Tx,
  rows: { id: string; computed: Deadline; revision: number }[],
  now: Date,
): Promise<void> {
  await updateRows(
    tx,
    'Deadline',
    rows.map((row) => ({
      id: row.id,
      ...computedColumns(row.computed),
      revision: row.revision,
      computedAt: now,
      updatedAt: now,
    })),
  );
}

/** Marks slots the engine no longer produces, one statement for all. */
export async function supersedeDeadlineRows(
  tx: Tx,
  rows: { id: string; revision: number; explanation: string[] }[],
  now: Date,
): Promise<void> {
  await updateRows(
    tx,
    'Deadline',
    rows.map((row) => ({
      id: row.id,
      status: 'SUPERSEDED',
      revision: row.revision,
      explanation: row.explanation,
      computedAt: now,
      updatedAt: now,
    })),
  );
}

/** Saves recomputations' warnings and rules version, and bumps each case's version. */
export async function saveCasesWarnings(
  tx: Tx,
  rows: { id: string; warnings: Warning[] }[],
  rulesVersion: string,
  now: Date,
): Promise<void> {
  await updateRows(
    tx,
    'Case',
    rows.map((row) => ({ id: row.id, warnings: row.warnings, rulesVersion, updatedAt: now })),
    { bumpVersion: true },
  );
}

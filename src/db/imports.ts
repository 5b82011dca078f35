// Bulk reads and writes for imports and exports: many cases per statement, never one per row.
import type { Deadline, Family, Warning } from '../engine/index.js';
import type { AuditEntry } from './audit.js';
import { insertRows } from './bulk-insert.js';
import type { CaseFields, CaseStatus } from './cases.js';
import { changeColumns, computedColumns, type DeadlineChangeInput } from './deadlines.js';
import { eventColumns, toEventRecord, type EventFields, type EventRecord } from './events.js';
import { uuidv7 } from './ids.js';
import type { NewReminder } from './reminders.js';
import type { Tx } from './transaction.js';

/**
 * Serialises imports into one organization (a transaction-scoped advisory lock): two runs of
 * the same file at once cannot both find a case missing and both create it.
 */
export async function lockOrganizationImports(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`import:${organizationId}`}, 0))`;
}

export interface CaseByReference {
  id: string;
  reference: string;
  family: Family;
  court: string;
  status: CaseStatus;
  events: EventRecord[];
}

/** The organization's cases with these references, with all their events (in recording order). */
export async function casesByReference(
  tx: Tx,
  organizationId: string,
  references: string[],
): Promise<CaseByReference[]> {
  if (references.length === 0) return [];
  const rows = await tx.case.findMany({
    where: { organizationId, reference: { in: references } },
    select: {
      id: true,
      reference: true,
      family: true,
      court: true,
      status: true,
      events: { orderBy: { sequence: 'asc' } },
    },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => ({ ...row, events: row.events.map(toEventRecord) }));
}

export interface NewCaseRow {
  id: string;
  organizationId: string;
  fields: CaseFields;
  warnings: Warning[];
  /** The engine's rules version the deadlines were computed with. */
  rulesVersion: string;
}

export async function insertCases(tx: Tx, rows: NewCaseRow[], now: Date): Promise<void> {
  await insertRows(
    tx,
    'Case',
    rows.map((row) => ({
      id: row.id,
      organizationId: row.organizationId,
      ...row.fields,
      warnings: row.warnings,
      rulesVersion: row.rulesVersion,
      updatedAt: now,
    })),
  );
}

export interface NewEventRow {
  id: string;
  organizationId: string;
  caseId: string;
  sequence: number;
  fields: EventFields;
}

/** Events of many cases in one statement (new cases: nothing corrects or voids them yet). */
export async function insertEventRows(tx: Tx, rows: NewEventRow[]): Promise<void> {
  await insertRows(
    tx,
    'OrderEvent',
    rows.map((row) => ({
      id: row.id,
      organizationId: row.organizationId,
      caseId: row.caseId,
      sequence: row.sequence,
      correctsId: null,
      ...eventColumns(row.fields),
    })),
  );
}

/** New deadline slots of many cases in one statement (ids given: history rows point at them). */
export async function insertDeadlineRows(
  tx: Tx,
  rows: { id: string; organizationId: string; caseId: string; computed: Deadline }[],
  now: Date,
): Promise<void> {
  await insertRows(
    tx,
    'Deadline',
    rows.map((row) => ({
      id: row.id,
      organizationId: row.organizationId,
      caseId: row.caseId,
      key: row.computed.key,
      ...computedColumns(row.computed),
      updatedAt: now,
    })),
  );
}

export async function insertDeadlineChangeRows(tx: Tx, rows: DeadlineChangeInput[]): Promise<void> {
  await insertRows(
    tx,
    'DeadlineChange',
    rows.map((row) => ({ id: uuidv7(), ...changeColumns(row) })),
  );
}

/** Reminders in one statement; one already enqueued (same natural key) is skipped. */
export async function insertReminderRows(tx: Tx, rows: NewReminder[], now: Date): Promise<number> {
  return insertRows(
    tx,
    'Reminder',
    rows.map((r) => ({ id: uuidv7(), ...r, nextAttemptAt: r.dueAt, updatedAt: now })),
    { onConflictDoNothing: true },
  );
}

/** Audit rows in one statement. */
export async function insertAuditEvents(tx: Tx, entries: AuditEntry[]): Promise<void> {
  await insertRows(
    tx,
    'AuditEvent',
    entries.map((entry) => ({ id: uuidv7(), ...entry })),
  );
}

/** The organization's webhook endpoints that receive reminders (every case's, so read once). */
/** Enabled endpoints, with when they last changed (a newer one gets no backlog). */
export async function enabledWebhookIds(
  tx: Tx,
  organizationId: string,
): Promise<{ id: string; activeSince: Date }[]> {
  const rows = await tx.webhookEndpoint.findMany({
    where: { organizationId, disabledAt: null },
    select: { id: true, updatedAt: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((w) => ({ id: w.id, activeSince: w.updatedAt }));
}

export interface CaseForExport extends CaseFields {
  id: string;
  events: EventRecord[];
}

/** One page of the organization's cases in creation order, with all their events. */
export async function casesForExport(
  tx: Tx,
  organizationId: string,
  page: { afterId?: string; limit: number },
): Promise<CaseForExport[]> {
  const rows = await tx.case.findMany({
    where: { organizationId, ...(page.afterId && { id: { gt: page.afterId } }) },
    select: {
      id: true,
      family: true,
      court: true,
      reference: true,
      courtCaseNumber: true,
      petitionerLabel: true,
      respondentLabel: true,
      status: true,
      events: { orderBy: { sequence: 'asc' } },
    },
    orderBy: { id: 'asc' },
    take: page.limit,
  });
  return rows.map((row) => ({ ...row, events: row.events.map(toEventRecord) }));
}

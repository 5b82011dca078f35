// Bulk import and export of cases with their events (docs/IMPORT.md). An import checks the
// whole file first — every row, as the API checks a case (the engine's parser, the case's
// field limits) and against the cases already stored — and writes nothing if any row is bad.
// Then it writes in batches: each batch is one transaction of a few statements for hundreds
// of cases (cases, events, deadlines, history, reminders, audit), with the deadlines computed
// by the same engine and written in the same shape as `createCase` writes them.
//
// Idempotent per row: a case is known by its reference. A case already stored is not created
// again; the file's events it does not have yet are recorded through the same path as the
// API's (recomputed, audited), and the ones it has are skipped. Running a file twice, or
// again after an interruption, creates nothing twice.
import {
  computeDeadlines,
  EngineInputError,
  type CourtCalendars,
  type Deadline,
} from '../engine/index.js';
import type { AuditEntry } from '../db/audit.js';
import type { Database } from '../db/client.js';
import { lockCase } from '../db/cases.js';
import type { DeadlineChangeInput } from '../db/deadlines.js';
import { eventFieldsOf, insertEvent, type EventFields } from '../db/events.js';
import { uuidv7 } from '../db/ids.js';
import {
  casesByReference,
  casesForExport,
  enabledWebhookIds,
  insertAuditEvents,
  insertCases,
  insertDeadlineChangeRows,
  insertDeadlineRows,
  insertEventRows,
  insertReminderRows,
  lockOrganizationImports,
  type CaseByReference,
  type NewCaseRow,
  type NewEventRow,
} from '../db/imports.js';
import type { NewReminder } from '../db/reminders.js';
import { inTransaction, type Tx } from '../db/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { deadlineRecordOf, eventsInForce, recomputeDeadlines } from './deadlines.js';
import { DomainError } from './errors.js';
import {
  exportHeader,
  formatExportRows,
  parseImportFile,
  type ImportedCase,
  type Layout,
  type RowProblem,
} from './import-format.js';
import { calendarsFor, lockClosuresShared } from './closure-calendars.js';
import { plannedReminders, type ReminderTiming } from './reminders.js';
import { rulesVersion } from './rules-version.js';

export { describeProblem, type RowProblem } from './import-format.js';

/** Cases per transaction: a few statements each, small enough to keep locks and memory short. */
export const IMPORT_BATCH = 500;

export interface ImportProgress {
  /** check: reading the file against the stored cases; write: writing. */
  phase: 'check' | 'write';
  done: number;
  total: number;
}

export interface ImportOptions {
  dryRun: boolean;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportReport {
  dryRun: boolean;
  layout: Layout;
  /** Data rows read. */
  rows: number;
  cases: { total: number; created: number; updated: number; unchanged: number };
  events: { created: number; unchanged: number };
  /** Deadlines computed for the cases created or given new events. */
  deadlines: number;
  /** Reminders scheduled for the cases created. */
  reminders: number;
  /** Every bad row; when there is one, nothing was written. */
  problems: RowProblem[];
}

/** How the file's case stands against what is stored. */
type Plan =
  | { kind: 'create'; imported: ImportedCase }
  | { kind: 'append'; imported: ImportedCase; existing: CaseByReference; events: EventFields[] }
  | { kind: 'unchanged'; imported: ImportedCase; events: number };

const eventKey = (fields: EventFields): string => JSON.stringify(eventFieldsOf(fields));

function engineProblem(imported: ImportedCase, error: unknown): RowProblem {
  if (!(error instanceof EngineInputError)) throw error;
  const at = /^events\[(\d+)\]/.exec(error.field ?? '');
  const event = at ? imported.events[Number(at[1])] : undefined;
  return {
    line: event?.line ?? imported.line,
    column: event ? 'event_type' : 'reference',
    reason: error.message,
  };
}

/** Compares each case of a batch with the stored case of the same reference. */
function planBatch(
  batch: ImportedCase[],
  stored: CaseByReference[],
  problems: RowProblem[],
): Plan[] {
  const byReference = new Map<string, CaseByReference[]>();
  for (const found of stored)
    byReference.set(found.reference, [...(byReference.get(found.reference) ?? []), found]);
  const plans: Plan[] = [];
  for (const imported of batch) {
    const matches = byReference.get(imported.reference) ?? [];
    if (matches.length === 0) {
      plans.push({ kind: 'create', imported });
      continue;
    }
    if (matches.length > 1) {
      problems.push({
        line: imported.line,
        column: 'reference',
        reason: `${matches.length} stored cases have this reference: the import cannot tell which to add to`,
      });
      continue;
    }
    const existing = matches[0]!;
    let conflict = false;
    for (const [column, stored, given] of [
      ['family', existing.family, imported.family],
      ['court', existing.court, imported.court],
    ] as const) {
      if (stored !== given) {
        conflict = true;
        problems.push({
          line: imported.line,
          column,
          reason: `the stored case with this reference has ${column} ${stored}, not ${given} (change it in Orderly first, or use another reference)`,
        });
      }
    }
    if (conflict) continue;
    // The file's events the case has already (as many times as it has them) are skipped.
    const have = new Map<string, number>();
    for (const event of eventsInForce(existing.events)) {
      const key = eventKey(event);
      have.set(key, (have.get(key) ?? 0) + 1);
    }
    const fresh: EventFields[] = [];
    for (const { fields } of imported.events) {
      const key = eventKey(fields);
      const left = have.get(key) ?? 0;
      if (left > 0) have.set(key, left - 1);
      else fresh.push(eventFieldsOf(fields));
    }
    plans.push(
      fresh.length === 0
        ? { kind: 'unchanged', imported, events: imported.events.length }
        : { kind: 'append', imported, existing, events: fresh },
    );
  }
  return plans;
}

/** The engine's answer for a plan (what `createCase` or `recordEvent` would compute). */
function computePlan(plan: Plan, calendars: CourtCalendars): Deadline[] {
  if (plan.kind === 'unchanged') return [];
  const events =
    plan.kind === 'create'
      ? plan.imported.events.map((e, i) => ({
          id: `e${i}`,
          ...eventFieldsOf(e.fields),
        }))
      : [
          ...eventsInForce(plan.existing.events).map((e) => ({ id: e.id, ...eventFieldsOf(e) })),
          ...plan.events.map((fields, i) => ({ id: `new${i}`, ...fields })),
        ];
  return computeDeadlines(
    { family: plan.imported.family, court: plan.imported.court, events },
    { calendars },
  ).deadlines;
}

interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  eventsCreated: number;
  eventsUnchanged: number;
  deadlines: number;
  reminders: number;
}

const moment = (d: Deadline) => ({ date: d.date, at: d.at ?? null, status: d.status });

/** Writes a batch's new cases: a few statements for all of them. */
async function createCases(
  tx: Tx,
  ctx: RequestContext,
  plans: Extract<Plan, { kind: 'create' }>[],
  calendars: CourtCalendars,
): Promise<{ deadlines: number; reminders: number }> {
  const organizationId = ctx.actor.organizationId;
  const webhooks = await enabledWebhookIds(tx, organizationId);
  const stamp = ctx.now.toISOString();
  const cases: NewCaseRow[] = [];
  const events: NewEventRow[] = [];
  const deadlines: { id: string; organizationId: string; caseId: string; computed: Deadline }[] =
    [];
  const history: DeadlineChangeInput[] = [];
  const reminders: NewReminder[] = [];
  const audits: AuditEntry[] = [];
  for (const { imported } of plans) {
    const caseId = uuidv7();
    const eventIds = imported.events.map(() => uuidv7());
    imported.events.forEach((event, i) =>
      events.push({
        id: eventIds[i]!,
        organizationId,
        caseId,
        sequence: i + 1,
        fields: eventFieldsOf(event.fields),
      }),
    );
    const result = computeDeadlines(
      {
        family: imported.family,
        court: imported.court,
        events: imported.events.map((e, i) => ({ id: eventIds[i]!, ...eventFieldsOf(e.fields) })),
      },
      { calendars },
    );
    const fields = {
      family: imported.family,
      court: imported.court,
      reference: imported.reference,
      courtCaseNumber: imported.courtCaseNumber,
      petitionerLabel: imported.petitionerLabel,
      respondentLabel: imported.respondentLabel,
      status: imported.status,
    };
    cases.push({
      id: caseId,
      organizationId,
      fields,
      warnings: result.warnings,
      rulesVersion: rulesVersion(),
    });
    const records = result.deadlines.map((computed) => {
      const id = uuidv7();
      deadlines.push({ id, organizationId, caseId, computed });
      history.push({
        organizationId,
        caseId,
        deadlineId: id,
        revision: 1,
        previous: null,
        current: moment(computed),
        cause: 'CASE_CREATED',
        causedByEventId: null,
        causedByClosureId: null,
        causedByJobId: null,
      });
      return deadlineRecordOf(caseId, id, computed, 1, stamp);
    });
    const { wanted, upcoming } = plannedReminders(
      { id: caseId, organizationId, ...fields },
      records,
      { contacts: [], advocates: [], webhooks },
      IMPORT_TIMING(ctx.now),
    );
    for (const key of upcoming) reminders.push(wanted.get(key)!);
    audits.push({
      organizationId,
      apiKeyId: ctx.actor.apiKeyId,
      userId: ctx.actor.userId ?? null,
      actor: ctx.actor.label,
      action: 'case.import',
      targetType: 'case',
      targetId: caseId,
      requestId: ctx.requestId,
      details: {
        family: imported.family,
        court: imported.court,
        events: imported.events.length,
        line: imported.line,
      },
    });
  }
  // Parents before children; one statement per table.
  await insertCases(tx, cases, ctx.now);
  await insertEventRows(tx, events);
  await insertDeadlineRows(tx, deadlines, ctx.now);
  await insertDeadlineChangeRows(tx, history);
  await insertReminderRows(tx, reminders, ctx.now);
  await insertAuditEvents(tx, audits);
  return { deadlines: deadlines.length, reminders: reminders.length };
}

/**
 * An imported case is like a case recorded late, but an import brings in hundreds of cases at
 * once: catch-up reminders for all of them would reach advocates and webhooks as a flood, at the
 * same instant, for cases nobody is looking at yet. An import schedules only the regular
 * reminders still ahead (README "Catch-up reminders").
 */
const IMPORT_TIMING = (now: Date): ReminderTiming => ({ now, catchUp: false });

/** Records the file's new events on a stored case, as `recordEvent` does: one recomputation. */
async function appendEvents(
  tx: Tx,
  ctx: RequestContext,
  plan: Extract<Plan, { kind: 'append' }>,
): Promise<number> {
  const owner = await lockCase(tx, ctx.actor.organizationId, plan.existing.id);
  if (!owner) throw new DomainError('CONFLICT', 'a case changed during the import; run it again');
  let last = '';
  for (const fields of plan.events) {
    const event = await insertEvent(tx, {
      organizationId: owner.organizationId,
      caseId: owner.id,
      correctsId: null,
      fields,
    });
    last = event.id;
    await audit(
      tx,
      ctx,
      'event.record',
      { type: 'event', id: event.id },
      { caseId: owner.id, type: fields.type, import: true, line: plan.imported.line },
    );
  }
  const recomputation = await recomputeDeadlines(
    tx,
    owner,
    'EVENT_RECORDED',
    last,
    IMPORT_TIMING(ctx.now),
  );
  return recomputation.changed.length;
}

async function writeBatch(
  tx: Tx,
  ctx: RequestContext,
  batch: ImportedCase[],
): Promise<BatchOutcome> {
  // The closures lock before any case (as every recomputation takes it), then the import's.
  await lockClosuresShared(tx);
  await lockOrganizationImports(tx, ctx.actor.organizationId);
  const calendars = await calendarsFor(tx, ctx.actor.organizationId, courtsOf(batch));
  // Read again under the lock: another import may have created some of these meanwhile.
  const problems: RowProblem[] = [];
  const stored = await casesByReference(
    tx,
    ctx.actor.organizationId,
    batch.map((c) => c.reference),
  );
  const plans = planBatch(batch, stored, problems);
  if (problems.length > 0) {
    throw new DomainError(
      'CONFLICT',
      `stored cases changed during the import (${problems.map((p) => `line ${p.line}: ${p.reason}`).join('; ')}); run it again`,
    );
  }
  const creates = plans.filter((p): p is Extract<Plan, { kind: 'create' }> => p.kind === 'create');
  const written = await createCases(tx, ctx, creates, calendars);
  const outcome: BatchOutcome = {
    created: creates.length,
    updated: 0,
    unchanged: 0,
    eventsCreated: creates.reduce((n, p) => n + p.imported.events.length, 0),
    eventsUnchanged: 0,
    deadlines: written.deadlines,
    reminders: written.reminders,
  };
  for (const plan of plans) {
    if (plan.kind === 'append') {
      outcome.updated++;
      outcome.eventsCreated += plan.events.length;
      outcome.eventsUnchanged += plan.imported.events.length - plan.events.length;
      outcome.deadlines += await appendEvents(tx, ctx, plan);
    } else if (plan.kind === 'unchanged') {
      outcome.unchanged++;
      outcome.eventsUnchanged += plan.events;
    }
  }
  return outcome;
}

const courtsOf = (batch: ImportedCase[]): string[] => [...new Set(batch.map((c) => c.court))];

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Imports a CSV file of cases and their events into the actor's organization. With
 * `dryRun`, or when any row is bad, nothing is written; the report lists every bad row.
 */
export async function importCases(
  db: Database,
  ctx: RequestContext,
  text: string,
  options: ImportOptions,
): Promise<ImportReport> {
  const parsed = parseImportFile(text);
  const report: ImportReport = {
    dryRun: options.dryRun,
    layout: parsed.layout,
    rows: parsed.rows,
    cases: { total: parsed.cases.length, created: 0, updated: 0, unchanged: 0 },
    events: { created: 0, unchanged: 0 },
    deadlines: 0,
    reminders: 0,
    problems: parsed.problems,
  };
  if (parsed.problems.length > 0) return report;
  const size = options.batchSize ?? IMPORT_BATCH;
  const organizationId = ctx.actor.organizationId;
  const total = parsed.cases.length;

  // 1. Check every case against what is stored, and run the engine on it: the whole file
  //    is known good (or every problem is listed) before anything is written.
  const problems: RowProblem[] = [];
  /** Batches with something to write (one whose cases are all stored already has nothing). */
  const toWrite: ImportedCase[][] = [];
  let checked = 0;
  const webhooks = options.dryRun
    ? await inTransaction(db, (tx) => enabledWebhookIds(tx, organizationId))
    : [];
  for (const batch of batches(parsed.cases, size)) {
    const [stored, calendars] = await inTransaction(db, async (tx) => {
      await lockClosuresShared(tx);
      return Promise.all([
        casesByReference(
          tx,
          organizationId,
          batch.map((c) => c.reference),
        ),
        calendarsFor(tx, organizationId, courtsOf(batch)),
      ]);
    });
    const plans = planBatch(batch, stored, problems);
    if (plans.some((plan) => plan.kind !== 'unchanged')) toWrite.push(batch);
    for (const plan of plans) {
      let deadlines: Deadline[];
      try {
        deadlines = computePlan(plan, calendars);
      } catch (error) {
        problems.push(engineProblem(plan.imported, error));
        continue;
      }
      if (plan.kind === 'create') {
        report.cases.created++;
        report.events.created += plan.imported.events.length;
        report.deadlines += deadlines.length;
        if (options.dryRun) report.reminders += countReminders(plan, deadlines, webhooks, ctx.now);
      } else if (plan.kind === 'append') {
        report.cases.updated++;
        report.events.created += plan.events.length;
        report.events.unchanged += plan.imported.events.length - plan.events.length;
        report.deadlines += deadlines.length;
      } else {
        report.cases.unchanged++;
        report.events.unchanged += plan.events;
      }
    }
    checked += batch.length;
    options.onProgress?.({ phase: 'check', done: checked, total });
  }
  if (problems.length > 0) {
    report.problems = problems.sort((a, b) => a.line - b.line);
    return report;
  }
  if (options.dryRun) return report;

  // 2. Write, a batch per transaction. An interruption leaves whole batches; running the
  //    file again finishes the rest.
  const written: BatchOutcome = {
    created: 0,
    updated: 0,
    unchanged: 0,
    eventsCreated: 0,
    eventsUnchanged: 0,
    deadlines: 0,
    reminders: 0,
  };
  let done = total - toWrite.reduce((n, batch) => n + batch.length, 0);
  for (const batch of toWrite) {
    const outcome = await inTransaction(db, (tx) => writeBatch(tx, ctx, batch));
    for (const key of Object.keys(written) as (keyof BatchOutcome)[]) written[key] += outcome[key];
    done += batch.length;
    options.onProgress?.({ phase: 'write', done, total });
  }
  // Batches skipped as all stored count as they were checked.
  const skipped = total - written.created - written.updated - written.unchanged;
  report.cases = {
    total,
    created: written.created,
    updated: written.updated,
    unchanged: written.unchanged + skipped,
  };
  report.events = {
    created: written.eventsCreated,
    unchanged: report.events.created + report.events.unchanged - written.eventsCreated,
  };
  report.deadlines = written.deadlines;
  report.reminders = written.reminders;
  return report;
}

/** What a dry run says a new case's reminders would be (the same plan the write uses). */
function countReminders(
  plan: Extract<Plan, { kind: 'create' }>,
  deadlines: Deadline[],
  webhooks: { id: string; activeSince: Date }[],
  now: Date,
): number {
  const stamp = now.toISOString();
  const { imported } = plan;
  const records = deadlines.map((d, i) => deadlineRecordOf('dry-run', `d${i}`, d, 1, stamp));
  return plannedReminders(
    {
      id: 'dry-run',
      organizationId: 'dry-run',
      status: imported.status,
      court: imported.court,
      reference: imported.reference,
      family: imported.family,
    },
    records,
    { contacts: [], advocates: [], webhooks },
    IMPORT_TIMING(now),
  ).upcoming.size;
}

/**
 * Writes the organization's cases in the import format (event rows), a page at a time:
 * each case's events in force, in the order the engine reads them. Importing the output into
 * an organization and exporting it again gives the same text.
 */
export async function exportCases(
  db: Database,
  organizationId: string,
  write: (chunk: string) => void | Promise<void>,
  pageSize = IMPORT_BATCH,
): Promise<{ cases: number }> {
  await write(exportHeader());
  let afterId: string | undefined;
  let cases = 0;
  for (;;) {
    const page = await inTransaction(db, (tx) =>
      casesForExport(tx, organizationId, { ...(afterId && { afterId }), limit: pageSize }),
    );
    if (page.length === 0) break;
    cases += page.length;
    afterId = page[page.length - 1]!.id;
    await write(
      formatExportRows(
        page.map((c) => ({
          reference: c.reference,
          family: c.family,
          court: c.court,
          status: c.status,
          courtCaseNumber: c.courtCaseNumber,
          petitionerLabel: c.petitionerLabel,
          respondentLabel: c.respondentLabel,
          events: eventsInForce(c.events).map(eventFieldsOf),
        })),
      ),
    );
    if (page.length < pageSize) break;
  }
  return { cases };
}

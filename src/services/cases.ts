// Cases and the events of their orders. Every change to a case's events (and to the family
// or court its rules depend on) recomputes its deadlines in the same transaction, so a
// case never exists without the deadlines its events imply.
import {
  defaultCourtCalendars,
  EVENT_TYPES,
  FAMILY_LAW,
  MAX_EVENTS,
  parseComputeInput,
  type EventType,
  type Family,
  type Warning,
} from '../engine/index.js';
import { existingAdvocateIds } from '../db/advocates.js';
import {
  casesWithReference,
  findCase,
  insertCase,
  lockCaseReference,
  listCases,
  lockCase,
  setCaseAdvocates,
  updateCase,
  type CaseFields,
  type CaseFilters,
  type CaseRecord,
  type CaseRow,
  type CaseStatus,
} from '../db/cases.js';
import {
  correctedAmong,
  findEvent,
  insertEventStatement,
  insertFirstEvents,
  listEvents,
  listEventsAfter,
  voidEvent,
  type EventFields,
  type EventRecord,
} from '../db/events.js';
import { PendingWrites } from '../db/bulk-insert.js';
import { readCaseState } from '../db/case-state.js';
import type { Tx } from '../db/transaction.js';
import { audit, auditStatement } from './audit.js';
import { calendarsWith, lockClosuresShared } from './closure-calendars.js';
import type { RequestContext } from './context.js';
import {
  planRecomputation,
  queueRecomputation,
  recomputeCase,
  recomputeDeadlines,
  type CaseDeadline,
  type Recomputation,
} from './deadlines.js';
import { recordedNow, synchroniseCaseReminders } from './reminders.js';
import { DomainError, invalidInput, notFound, type FieldProblem } from './errors.js';
import { decodeCursor, toPage, wholeNumberOf, type Page } from './pagination.js';
import { atVersion, checkPrecondition, type Precondition } from './preconditions.js';
import { checkDisplayText, unsafeTextReason } from './text.js';

export type { CaseRecord, CaseStatus, EventFields, EventRecord };

export interface NewCase {
  family: Family;
  court: string;
  reference: string;
  courtCaseNumber?: string | null;
  petitionerLabel?: string | null;
  respondentLabel?: string | null;
  advocateIds?: string[];
  /** Facts already known, recorded with the case in one step. */
  events?: EventFields[];
  /** Keep this case even when another case of the organization has the same reference. */
  allowDuplicateReference?: boolean;
}

/**
 * The event types a case of this family can record: an emergency protective order exists only
 * where the law has one (Fam. Code § 6250: DV, elder abuse, and stalking through civil
 * harassment; Pen. Code § 18125 for gun violence). The web app offers only these.
 */
export function eventTypesFor(family: Family): EventType[] {
  return EVENT_TYPES.filter(
    (type) => type !== 'EPO_ISSUED' || FAMILY_LAW[family].emergencyOrder !== null,
  );
}

/** The courts a case can be in (their calendars decide which days count). */
export function courtsForCases(): { id: string; name: string }[] {
  return defaultCourtCalendars.courts.map((c) => ({ id: c.id, name: c.name }));
}

const PRINTABLE = /\S/;

/**
 * The checks the API's schema makes on a case's own fields, for callers without one (the web
 * app's forms): the same limits, named `body.<field>`.
 */
export function caseFieldProblems(fields: {
  reference?: string;
  courtCaseNumber?: string | null;
  petitionerLabel?: string | null;
  respondentLabel?: string | null;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (fields.reference !== undefined) {
    const unsafe = unsafeTextReason(fields.reference);
    if (unsafe && PRINTABLE.test(fields.reference))
      problems.push({ name: 'body.reference', reason: unsafe });
    else if (!PRINTABLE.test(fields.reference))
      problems.push({
        name: 'body.reference',
        reason: "enter the clinic's reference for the case",
      });
    else if (fields.reference.length > 64)
      problems.push({ name: 'body.reference', reason: 'at most 64 characters' });
  }
  if (fields.courtCaseNumber && fields.courtCaseNumber.length > 64)
    problems.push({ name: 'body.courtCaseNumber', reason: 'at most 64 characters' });
  for (const name of ['petitionerLabel', 'respondentLabel'] as const) {
    const value = fields[name];
    if (value && value.length > 40)
      problems.push({ name: `body.${name}`, reason: 'at most 40 characters' });
  }
  checkDisplayText(
    {
      courtCaseNumber: fields.courtCaseNumber,
      petitionerLabel: fields.petitionerLabel,
      respondentLabel: fields.respondentLabel,
    },
    problems,
  );
  return problems;
}

export interface CaseChanges {
  family?: Family;
  court?: string;
  reference?: string;
  courtCaseNumber?: string | null;
  petitionerLabel?: string | null;
  respondentLabel?: string | null;
  status?: CaseStatus;
  advocateIds?: string[];
  /** Allow a new reference another case of the organization already has. */
  allowDuplicateReference?: boolean;
}

/**
 * One reference, one case: people find cases by it, and feeds and reminders show it. A second
 * case with the same reference (letter case and surrounding spaces aside) is a conflict unless
 * the client says it means it. Holds a lock on the reference until the transaction ends.
 */
async function checkReferenceFree(
  tx: Tx,
  organizationId: string,
  reference: string,
  allowDuplicate: boolean,
  exceptId: string | null,
): Promise<void> {
  await lockCaseReference(tx, organizationId, reference);
  if (allowDuplicate) return;
  const [existing] = await casesWithReference(tx, organizationId, reference, exceptId);
  if (existing === undefined) return;
  throw new DomainError(
    'CONFLICT',
    `another case of this organization already has the reference ${JSON.stringify(reference.trim())}; choose another, or send allowDuplicateReference: true to keep both`,
    // The field's reason is shown beside the reference in the web app's forms too.
    [
      {
        name: 'body.reference',
        reason: `already the reference of case ${existing}; choose another`,
      },
    ],
  );
}

function checkCourt(court: string, problems: FieldProblem[]): void {
  if (!defaultCourtCalendars.has(court)) {
    problems.push({
      name: 'body.court',
      reason: `unknown court id ${JSON.stringify(court)} (use "CA" or "CA-<county>", e.g. "CA-los-angeles")`,
    });
  }
}

async function checkAdvocates(
  tx: Tx,
  organizationId: string,
  ids: string[],
  problems: FieldProblem[],
): Promise<void> {
  const known = await existingAdvocateIds(tx, organizationId, ids);
  ids.forEach((id, index) => {
    if (!known.has(id))
      problems.push({ name: `body.advocateIds[${index}]`, reason: 'no such advocate' });
  });
}

/**
 * The semantic checks the engine makes on events (real dates, the calendar's range, fields
 * that belong to the event type), reported under `prefix` (`body.events[2].date`, `body.date`).
 */
function checkEvents(
  family: Family,
  court: string,
  events: EventFields[],
  rename: (field: string) => string,
  problems: FieldProblem[],
): void {
  const parsed = parseComputeInput({ family, court, events });
  if (parsed.ok) return;
  for (const error of parsed.errors) {
    if (error.field === 'court') continue; // reported by checkCourt
    problems.push({ name: rename(error.field), reason: error.message });
  }
}

const fieldsOf = (input: NewCase): CaseFields => ({
  family: input.family,
  court: input.court,
  reference: input.reference,
  courtCaseNumber: input.courtCaseNumber ?? null,
  petitionerLabel: input.petitionerLabel ?? null,
  respondentLabel: input.respondentLabel ?? null,
  status: 'OPEN',
});

export interface CaseWithDeadlines {
  case: CaseRecord;
  recomputation: Recomputation;
}

export async function createCase(
  tx: Tx,
  ctx: RequestContext,
  input: NewCase,
): Promise<CaseWithDeadlines> {
  const organizationId = ctx.actor.organizationId;
  const problems: FieldProblem[] = caseFieldProblems(input);
  checkCourt(input.court, problems);
  const advocateIds = [...new Set(input.advocateIds ?? [])];
  await checkAdvocates(tx, organizationId, advocateIds, problems);
  const events = input.events ?? [];
  checkEvents(input.family, input.court, events, (field) => `body.${field}`, problems);
  if (problems.length > 0) throw invalidInput(problems);
  await checkReferenceFree(
    tx,
    organizationId,
    input.reference,
    input.allowDuplicateReference === true,
    null,
  );

  // Before the case exists: a closure recorded meanwhile waits for this case, or this reads it.
  await lockClosuresShared(tx);
  const created = await insertCase(tx, organizationId, fieldsOf(input));
  await setCaseAdvocates(tx, organizationId, created.id, advocateIds);
  await insertFirstEvents(tx, { organizationId, caseId: created.id, events });
  const { recomputation, saved } = await recomputeCase(
    tx,
    created,
    'CASE_CREATED',
    null,
    recordedNow(ctx),
  );
  await audit(
    tx,
    ctx,
    'case.create',
    { type: 'case', id: created.id },
    {
      family: input.family,
      court: input.court,
      events: events.length,
      advocates: advocateIds.length,
    },
  );
  return { case: saved ?? (await findCase(tx, organizationId, created.id))!, recomputation };
}

export async function getCase(tx: Tx, organizationId: string, id: string): Promise<CaseRecord> {
  const found = await findCase(tx, organizationId, id);
  if (!found) throw notFound('case');
  return found;
}

export async function searchCases(
  tx: Tx,
  organizationId: string,
  filters: CaseFilters,
  page: { cursor?: string; limit: number },
): Promise<Page<CaseRecord>> {
  const afterId = page.cursor === undefined ? undefined : decodeCursor(page.cursor, filters, 1)[0];
  const rows = await listCases(tx, organizationId, filters, {
    ...(afterId && { afterId }),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, (row) => [row.id], filters);
}

/** Applies `changes` when the case still satisfies `expected` (If-Match); recomputes when family or court change. */
export async function updateCaseFields(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  expected: Precondition | number,
  changes: CaseChanges,
): Promise<CaseRecord> {
  const organizationId = ctx.actor.organizationId;
  // A change of family or court recomputes: the closures lock comes before the case's.
  if (changes.family !== undefined || changes.court !== undefined) await lockClosuresShared(tx);
  const current = await lockCase(tx, organizationId, id);
  checkPrecondition(
    typeof expected === 'number' ? atVersion(expected) : expected,
    current?.version ?? null,
    'case',
  );
  if (!current) throw notFound('case');
  const problems: FieldProblem[] = caseFieldProblems(changes);
  if (changes.court !== undefined) checkCourt(changes.court, problems);
  const advocateIds = changes.advocateIds && [...new Set(changes.advocateIds)];
  if (advocateIds) await checkAdvocates(tx, organizationId, advocateIds, problems);
  if (problems.length > 0) throw invalidInput(problems);
  if (changes.reference !== undefined)
    await checkReferenceFree(
      tx,
      organizationId,
      changes.reference,
      changes.allowDuplicateReference === true,
      id,
    );

  const { advocateIds: _assignments, allowDuplicateReference: _allowed, ...fields } = changes;
  // Retention counts from the day a case was closed (README "Erasure and retention").
  const closing = changes.status === 'CLOSED' && current.status !== 'CLOSED';
  const reopening = changes.status === 'OPEN' && current.status !== 'OPEN';
  await updateCase(tx, id, {
    ...fields,
    ...(closing && { closedAt: ctx.now }),
    ...(reopening && { closedAt: null }),
  });
  if (advocateIds) await setCaseAdvocates(tx, organizationId, id, advocateIds);
  const rulesChanged =
    (changes.family !== undefined && changes.family !== current.family) ||
    (changes.court !== undefined && changes.court !== current.court);
  if (rulesChanged)
    await recomputeDeadlines(
      tx,
      (await findCase(tx, organizationId, id))!,
      'CASE_UPDATED',
      null,
      recordedNow(ctx),
    );
  // Assignments and the case's status decide who is reminded, and whether at all.
  await synchroniseCaseReminders(tx, organizationId, id, recordedNow(ctx));
  await audit(
    tx,
    ctx,
    'case.update',
    { type: 'case', id },
    { fields: Object.keys(changes).sort() },
  );
  return (await findCase(tx, organizationId, id))!;
}

export interface EventOutcome {
  event: EventRecord;
  case: CaseRecord;
  recomputation: Recomputation;
  /** The case's deadlines with their history as they read once written (when worked out). */
  deadlines?: CaseDeadline[];
}

/** Locks a case whose deadlines are about to be recomputed (the closures lock first: see closure-calendars.ts). */
async function lockedCase(tx: Tx, ctx: RequestContext, caseId: string): Promise<CaseRow> {
  await lockClosuresShared(tx);
  const found = await lockCase(tx, ctx.actor.organizationId, caseId);
  if (!found) throw notFound('case');
  return found;
}

/**
 * What is wrong with one event sent on its own (recorded or a correction), named under
 * `body` (`body.date`, `body.method`): the engine's own input checks, so the API words them
 * as `orderly compute` does. The HTTP layer runs it as the body validator; the services run
 * it again for every other caller.
 */
export function eventProblems(event: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (event !== null && typeof event === 'object' && !Array.isArray(event) && 'id' in event) {
    problems.push({ name: 'body.id', reason: 'unknown field (Orderly assigns event ids)' });
  }
  // The family and court do not change what a single event's fields may be.
  const parsed = parseComputeInput({ family: 'DV', court: 'CA', events: [event] });
  if (!parsed.ok) {
    for (const error of parsed.errors) {
      const name = error.field.replace(/^events\[0\]\.?/, 'body.').replace(/\.$/, '');
      problems.push({ name, reason: error.message });
    }
  }
  return problems;
}

function checkEvent(fields: EventFields): void {
  const problems = eventProblems(fields);
  if (problems.length > 0) throw invalidInput(problems);
}

export async function recordEvent(
  tx: Tx,
  ctx: RequestContext,
  caseId: string,
  fields: EventFields,
  /** Where to queue the writes, for a caller that sends them with its own (`runIdempotent`). */
  pending?: PendingWrites,
): Promise<EventOutcome> {
  const owner = await lockedCase(tx, ctx, caseId);
  return appendEvent(tx, ctx, owner, fields, null, null, pending);
}

/**
 * Appends a new fact to the (locked) case — a fresh event, or the corrected version of
 * `correctsId` — recomputes the deadlines and records who did it. Everything it needs is read in
 * one statement and everything it writes is queued in `pending` (or, without it, sent here in
 * one statement): the event, the deadlines and their history, the case, the reminders, the
 * petitioner links' expiry and the audit row (issue 15: round trips per write).
 */
async function appendEvent(
  tx: Tx,
  ctx: RequestContext,
  owner: CaseRow,
  fields: EventFields,
  correctsId: string | null,
  correctionReason: string | null = null,
  pending?: PendingWrites,
): Promise<EventOutcome> {
  checkEvent(fields);
  const caseId = owner.id;
  // Read once under the case's lock: counted here, numbered from, and recomputed with.
  const state = await readCaseState(tx, owner.organizationId, caseId, owner.court);
  const { events } = state;
  // The documented maximum holds for events appended one by one too, not only for a case
  // created with its events: every recomputation folds them all (the case row is locked).
  if (events.length >= MAX_EVENTS) {
    throw new DomainError(
      'CONFLICT',
      `the case already has ${MAX_EVENTS} events, the most a case may have (corrections count as events)`,
    );
  }
  const queue = pending ?? new PendingWrites();
  // One instant for every row written (what Prisma's @updatedAt would stamp): after the locks,
  // so a later writer of the case never stamps an earlier one (feeds' caches key on it).
  const writtenAt = new Date();
  const { event, statement } = insertEventStatement({
    organizationId: owner.organizationId,
    caseId,
    correctsId,
    fields,
    correctionReason,
    after: events,
    recordedAt: writtenAt,
  });
  queue.add(statement);
  const cause = correctsId === null ? 'EVENT_RECORDED' : 'EVENT_CORRECTED';
  const plan = planRecomputation(
    owner,
    [...events, event],
    state.deadlines,
    calendarsWith(state.closures),
    cause,
    event.id,
    writtenAt,
  );
  const { saved, deadlines } = queueRecomputation(queue, plan, recordedNow(ctx), state, writtenAt);
  queue.add(
    auditStatement(
      ctx,
      correctsId === null ? 'event.record' : 'event.correct',
      { type: 'event', id: event.id },
      { caseId, type: fields.type, ...(correctsId !== null && { corrects: correctsId }) },
    ),
  );
  if (!pending) await queue.flush(tx);
  return { event, case: saved, recomputation: plan.recomputation, deadlines };
}

async function eventInForce(tx: Tx, owner: CaseRow, eventId: string): Promise<EventRecord> {
  const target = await findEvent(tx, owner.organizationId, owner.id, eventId);
  if (!target) throw notFound('event');
  if (target.voidedAt !== null)
    throw new DomainError('CONFLICT', 'the event was voided; record a new event instead');
  const correction = (await listEvents(tx, owner.id)).find(
    (e) => e.correctsId === eventId && e.voidedAt === null,
  );
  if (correction) {
    throw new DomainError(
      'CONFLICT',
      `the event was already corrected by ${correction.id}; correct that one instead`,
    );
  }
  return target;
}

/** Records a corrected version of an event: a new record pointing at the one it replaces. */
export async function correctEvent(
  tx: Tx,
  ctx: RequestContext,
  caseId: string,
  eventId: string,
  fields: EventFields,
  /** Why (the web app asks; the API does not). */
  reason: string | null = null,
): Promise<EventOutcome> {
  const owner = await lockedCase(tx, ctx, caseId);
  await eventInForce(tx, owner, eventId);
  return appendEvent(tx, ctx, owner, fields, eventId, reason);
}

/** Marks an event as recorded in error; its deadlines are recomputed without it. */
export async function voidCaseEvent(
  tx: Tx,
  ctx: RequestContext,
  caseId: string,
  eventId: string,
  reason: string,
): Promise<EventOutcome> {
  const owner = await lockedCase(tx, ctx, caseId);
  const target = await findEvent(tx, owner.organizationId, caseId, eventId);
  if (!target) throw notFound('event');
  if (target.voidedAt !== null) throw new DomainError('CONFLICT', 'the event is already voided');
  await voidEvent(tx, eventId, ctx.now, reason);
  const { recomputation, saved } = await recomputeCase(
    tx,
    owner,
    'EVENT_VOIDED',
    eventId,
    recordedNow(ctx),
  );
  await audit(tx, ctx, 'event.void', { type: 'event', id: eventId }, { caseId });
  const event = (await findEvent(tx, owner.organizationId, caseId, eventId))!;
  return {
    event,
    case: saved ?? (await findCase(tx, owner.organizationId, caseId))!,
    recomputation,
  };
}

export async function eventsOfCase(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<EventRecord[]> {
  if (!(await findCase(tx, organizationId, caseId))) throw notFound('case');
  return listEvents(tx, caseId);
}

/**
 * One page of a case's events in recording order (oldest first, as a case's story reads),
 * keyed by sequence: events appended while a client pages land after its position, so pages
 * join with no repeat and no gap. `inForce` holds the page's events in force: not voided and
 * not replaced by a correction (itself not voided), which may sit on a later page.
 */
export async function eventsPageOfCase(
  tx: Tx,
  organizationId: string,
  caseId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<EventRecord> & { inForce: Set<string> }> {
  if (!(await findCase(tx, organizationId, caseId))) throw notFound('case');
  const filters = { list: 'case-events', caseId };
  const after =
    page.cursor === undefined ? undefined : wholeNumberOf(decodeCursor(page.cursor, filters, 1)[0]);
  const rows = await listEventsAfter(tx, caseId, after, page.limit + 1);
  const result = toPage(rows, page.limit, (row) => [String(row.sequence)], filters);
  const corrected = await correctedAmong(
    tx,
    caseId,
    result.items.map((e) => e.id),
  );
  const inForce = new Set(
    result.items.filter((e) => e.voidedAt === null && !corrected.has(e.id)).map((e) => e.id),
  );
  return { ...result, inForce };
}

export type { Warning };

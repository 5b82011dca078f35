// Recomputation: the engine's answer for a case's events in force, written over the
// stored deadlines in the caller's transaction. A slot whose date, time or status moves
// gets a new revision and a history row naming the event that moved it; a slot the
// engine no longer produces is kept as SUPERSEDED (subscribers see it cancelled).
import {
  ACT_KINDS,
  addCalendarDays,
  computeDeadlines,
  courtTimeOf,
  deadlineState,
  isCalendarDate,
  natureOf,
  EngineInputError,
  WINDOW_CLOSED_BY,
  type CaseEvent,
  type CourtCalendars,
  type Deadline,
  MAX_EVENTS,
  type DeadlineKind,
  type DeadlineNature,
  type DeadlineState,
  type DeadlineStatus,
  type StateInput,
  type Warning,
} from '../engine/index.js';
import type { CaseRecord, CaseRow } from '../db/cases.js';
import {
  compareCourtOrder,
  deadlineChangesBefore,
  deadlinesOfCase,
  deadlinesOfCaseWithHistory,
  findDeadlineOfTenant,
  nextOpenDeadlines,
  queryDeadlines,
  slotDatesOfCases,
  type ChangeCause,
  type DeadlineChangeInput,
  type DeadlineChangeRecord,
  type DeadlineListItem,
  type DeadlineRecord,
} from '../db/deadlines.js';
import type { PendingWrites } from '../db/bulk-insert.js';
import {
  caseRecomputationStatements,
  writeCaseRecomputation,
  type CaseRecomputationWrites,
} from '../db/bulk-recompute.js';
import type { CaseState } from '../db/case-state.js';
import { reminderChangeStatements } from '../db/reminders.js';
import { eventFieldsOf, listEvents, type EventRecord } from '../db/events.js';
import { uuidv7 } from '../db/ids.js';
import type { Tx } from '../db/transaction.js';
import { calendarsFor } from './closure-calendars.js';
import { invalidInput, notFound } from './errors.js';
import { followOrderStatement, followOrderWithLinks } from './petitioner-links.js';
import { reminderChanges, synchroniseCaseReminders, type ReminderTiming } from './reminders.js';
import { rulesVersion } from './rules-version.js';
import { decodeCursor, toPage, wholeNumberOf, type Page } from './pagination.js';

export type { ChangeCause, DeadlineChangeRecord, DeadlineListItem, DeadlineRecord, EventRecord };
export { CHANGE_CAUSES } from '../db/deadlines.js';
/** An event's recorded fields, without its id and bookkeeping. */
export { eventFieldsOf };

/**
 * The events in force, in the order the engine must read them: not voided, not replaced by
 * a correction in force; a correction takes the place of the event it corrects.
 */
export function eventsInForce(events: readonly EventRecord[]): EventRecord[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  const corrected = new Set(
    events.filter((e) => e.voidedAt === null && e.correctsId !== null).map((e) => e.correctsId),
  );
  const place = (event: EventRecord): number => {
    let root = event;
    while (root.correctsId !== null && byId.has(root.correctsId)) root = byId.get(root.correctsId)!;
    return root.sequence;
  };
  return events
    .filter((e) => e.voidedAt === null && !corrected.has(e.id))
    .map((e) => ({ event: e, place: place(e) }))
    .sort((a, b) => a.place - b.place || a.event.sequence - b.event.sequence)
    .map(({ event }) => event);
}

export function toEngineEvent(event: EventRecord): CaseEvent {
  return { id: event.id, ...eventFieldsOf(event) };
}

const moment = (d: { date: string; at?: string | null; status: DeadlineStatus }) => ({
  date: d.date,
  at: d.at ?? null,
  status: d.status,
});

/**
 * Whether two values hold the same JSON: objects compared key by key in any order (a jsonb
 * column gives its keys back sorted its own way), keys whose value is undefined as absent.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  const defined = (o: object) =>
    Object.entries(o).filter(([, value]) => value !== undefined) as [string, unknown][];
  const left = defined(a);
  const right = new Map(defined(b));
  return (
    left.length === right.size && left.every(([k, v]) => right.has(k) && sameJson(v, right.get(k)))
  );
}

/** Whether a slot's date, time and status are the same (as `moment` gives them). */
function sameMoment(a: Parameters<typeof moment>[0], b: Parameters<typeof moment>[0]): boolean {
  const [x, y] = [moment(a), moment(b)];
  return x.date === y.date && x.at === y.at && x.status === y.status;
}

/**
 * Whether a stored slot already says what the engine computes. Measured (a recompute of 2,000
 * cases): comparing the advisory as JSON text found every service deadline changed, because
 * jsonb gives its keys back in another order, so each recomputation rewrote it for nothing.
 */
function sameComputation(stored: DeadlineRecord, computed: Deadline): boolean {
  return (
    stored.kind === computed.kind &&
    stored.ruleId === computed.ruleId &&
    stored.citation === computed.citation &&
    stored.basis === computed.basis &&
    stored.dutyOf === (computed.dutyOf ?? null) &&
    stored.interpretation === (computed.interpretation ?? null) &&
    sameJson(stored.explanation, computed.explanation) &&
    sameJson(stored.advisory, computed.advisory ?? null) &&
    sameJson(stored.basedOn, computed.basedOn)
  );
}

/** A deadline's date, time and status. */
export type Moment = ReturnType<typeof moment>;

/** A slot whose date, time or status moved: what it was (null: new) and what it is. */
export interface DeadlineMove {
  key: string;
  kind: DeadlineKind;
  previous: Moment | null;
  current: Moment;
}

export interface Recomputation {
  warnings: Warning[];
  /** Keys whose date, time or status moved (or that appeared or went away). */
  changed: string[];
  /** The same slots, with what they were and are. */
  changes: DeadlineMove[];
  /** The case's deadlines as they are now. */
  deadlines: DeadlineRecord[];
}

/** What a recomputation comes from besides the case: its calendars, and a cause outside the case. */
export interface RecomputeVia {
  /**
   * The court calendars to compute with (a batch reads them once for many cases). Default: the
   * shipped calendars with the organization's closures in force, read here — the caller must
   * then hold the closures lock shared, taken before it locked or wrote the case
   * (`lockClosuresShared`, src/services/closure-calendars.ts).
   */
  calendars?: CourtCalendars;
  /** The court closure recorded or withdrawn that caused it. */
  closureId?: string | null;
  /** The background recomputation (src/services/recompute-jobs.ts) it is part of. */
  jobId?: string | null;
  /** The case's events, when the caller read them under the case's lock (saves a query). */
  events?: readonly EventRecord[];
}

/**
 * Every write a recomputation makes, planned from what is stored (pure): new slots, moved or
 * re-explained slots, slots no longer produced, their history, and whether the case is saved.
 * One case's plan is written by `applyRecomputation`; a batch's plans are written together
 * (src/services/batch-recompute.ts), in the same shapes.
 */
export interface RecomputationPlan {
  owner: CaseRow;
  recomputation: Recomputation;
  created: { id: string; organizationId: string; caseId: string; computed: Deadline }[];
  updated: { id: string; computed: Deadline; revision: number }[];
  superseded: { id: string; revision: number; explanation: string[] }[];
  history: DeadlineChangeInput[];
  /** A background recomputation that changed nothing leaves the case as it was (see below). */
  saveCase: boolean;
}

/** The engine's answer for the case, as a 4xx naming the field when its events cannot be read. */
export function computeForCase(
  owner: Pick<CaseRow, 'family' | 'court'>,
  events: readonly EventRecord[],
  calendars: CourtCalendars,
) {
  try {
    return computeDeadlines(
      {
        family: owner.family,
        court: owner.court,
        events: eventsInForce(events).map(toEngineEvent),
      },
      { calendars },
    );
  } catch (error) {
    if (error instanceof EngineInputError)
      throw invalidInput([{ name: `body.${error.field ?? 'events'}`, reason: error.message }]);
    throw error;
  }
}

export function planRecomputation(
  owner: CaseRow,
  events: readonly EventRecord[],
  storedDeadlines: readonly DeadlineRecord[],
  calendars: CourtCalendars,
  cause: ChangeCause,
  causedByEventId: string | null,
  now: Date,
  via: RecomputeVia = {},
): RecomputationPlan {
  const result = computeForCase(owner, events, calendars);
  const stored = new Map(storedDeadlines.map((d) => [d.key, d]));
  const changed: string[] = [];
  const changes: DeadlineMove[] = [];
  const created: RecomputationPlan['created'] = [];
  const updated: RecomputationPlan['updated'] = [];
  const superseded: RecomputationPlan['superseded'] = [];
  const history: DeadlineChangeInput[] = [];
  const record = (
    deadlineId: string,
    revision: number,
    previous: DeadlineRecord | null,
    current: ReturnType<typeof moment>,
  ) =>
    history.push({
      organizationId: owner.organizationId,
      caseId: owner.id,
      deadlineId,
      revision,
      previous: previous && moment(previous),
      current,
      cause,
      causedByEventId,
      causedByClosureId: via.closureId ?? null,
      causedByJobId: via.jobId ?? null,
    });

  // The case's deadlines as they will be once this transaction commits (for reminders).
  const after: DeadlineRecord[] = [];
  const stamp = now.toISOString();
  const asRecord = (id: string, computed: Deadline, revision: number): DeadlineRecord =>
    deadlineRecordOf(owner.id, id, computed, revision, stamp);

  for (const computed of result.deadlines) {
    const before = stored.get(computed.key);
    stored.delete(computed.key);
    if (!before) {
      const id = uuidv7();
      created.push({ id, organizationId: owner.organizationId, caseId: owner.id, computed });
      record(id, 1, null, moment(computed));
      changed.push(computed.key);
      changes.push({
        key: computed.key,
        kind: computed.kind,
        previous: null,
        current: moment(computed),
      });
      after.push(asRecord(id, computed, 1));
      continue;
    }
    const moved = !sameMoment(before, computed);
    if (!moved && sameComputation(before, computed)) {
      after.push(before);
      continue;
    }
    const revision = moved ? before.revision + 1 : before.revision;
    updated.push({ id: before.id, computed, revision });
    after.push(asRecord(before.id, computed, revision));
    if (moved) {
      record(before.id, revision, before, moment(computed));
      changed.push(computed.key);
      changes.push({
        key: computed.key,
        kind: computed.kind,
        previous: moment(before),
        current: moment(computed),
      });
    }
  }
  // Slots the engine no longer produces: their event was voided or corrected away.
  for (const gone of stored.values()) {
    if (gone.status === 'SUPERSEDED') {
      after.push(gone);
      continue;
    }
    const revision = gone.revision + 1;
    const explanation = [
      ...gone.explanation,
      'No longer follows from the case: the event it came from was corrected or voided.',
    ];
    after.push({
      ...gone,
      status: 'SUPERSEDED',
      revision,
      explanation,
      computedAt: stamp,
      updatedAt: stamp,
    });
    superseded.push({ id: gone.id, revision, explanation });
    const current = { date: gone.date, at: gone.at, status: 'SUPERSEDED' as const };
    record(gone.id, revision, gone, current);
    changed.push(gone.key);
    changes.push({ key: gone.key, kind: gone.kind, previous: moment(gone), current });
  }
  // A background recomputation (a closure, a release) that changed nothing leaves the case as
  // it was: same version (ETag), same reminders. Anything else is saved as an event's would be.
  const touched = created.length + updated.length + superseded.length;
  const unchanged =
    via.jobId != null &&
    cause !== 'RULES_CHANGED' &&
    touched === 0 &&
    sameJson(result.warnings, owner.warnings);
  return {
    owner,
    recomputation: { warnings: result.warnings, changed, changes, deadlines: after },
    created,
    updated,
    superseded,
    history,
    saveCase: !unchanged,
  };
}

/** The rows a plan writes. */
const writesOf = (plan: RecomputationPlan): CaseRecomputationWrites => ({
  updated: plan.updated,
  superseded: plan.superseded,
  created: plan.created,
  history: plan.history,
  saveCase: plan.saveCase
    ? { id: plan.owner.id, warnings: plan.recomputation.warnings, rulesVersion: rulesVersion() }
    : null,
});

/** Writes one case's plan in one statement, then synchronises its reminders; returns the case as saved (null: left as it was). */
export async function applyRecomputation(
  tx: Tx,
  plan: RecomputationPlan,
  /** When, and whether catch-up reminders may be sent (never for a background recomputation). */
  timing: ReminderTiming,
): Promise<CaseRecord | null> {
  const { owner } = plan;
  const saved = await writeCaseRecomputation(tx, writesOf(plan), new Date());
  if (plan.saveCase) {
    await synchroniseCaseReminders(tx, owner.organizationId, owner.id, timing, {
      owner,
      deadlines: plan.recomputation.deadlines,
    });
    await followOrderWithLinks(tx, owner.id, plan.recomputation.deadlines, timing.now);
  }
  return saved;
}

/**
 * `applyRecomputation` for a request that sends its writes together (`PendingWrites`): the plan's
 * rows, the reminders' synchronisation and the petitioner links' expiry are queued, worked out
 * from `state` (read under the case's lock), and the case and its deadlines are returned as they
 * will read once written — so the request need not read them again. `writtenAt` must be the
 * instant `plan` was made with.
 */
export function queueRecomputation(
  pending: PendingWrites,
  plan: RecomputationPlan,
  timing: ReminderTiming,
  state: Pick<CaseState, 'reminders' | 'recipients' | 'history' | 'advocateIds'>,
  writtenAt: Date,
): { saved: CaseRecord; deadlines: CaseDeadline[] } {
  const { owner } = plan;
  const stamp = writtenAt.toISOString();
  pending.add(...caseRecomputationStatements(writesOf(plan), writtenAt));
  if (plan.saveCase) {
    const { deadlines } = plan.recomputation;
    pending.add(
      ...reminderChangeStatements(
        reminderChanges(owner, deadlines, state.recipients, state.reminders, timing),
        timing.now,
      ),
      followOrderStatement(owner.id, deadlines, timing.now),
    );
  }
  const added = new Map<string, DeadlineChangeRecord[]>();
  for (const change of plan.history) {
    const list = added.get(change.deadlineId) ?? [];
    list.push({
      revision: change.revision,
      previousDate: change.previous?.date ?? null,
      previousAt: change.previous?.at ?? null,
      previousStatus: change.previous?.status ?? null,
      date: change.current.date,
      at: change.current.at,
      status: change.current.status,
      cause: change.cause,
      causedByEventId: change.causedByEventId,
      causedByClosureId: change.causedByClosureId,
      causedByJobId: change.causedByJobId,
      changedAt: stamp,
    });
    added.set(change.deadlineId, list);
  }
  const deadlines = plan.recomputation.deadlines
    .map((deadline) => {
      // A new change's revision is above every stored one of its deadline: oldest first holds.
      const all = [...(state.history.get(deadline.id) ?? []), ...(added.get(deadline.id) ?? [])];
      const kept = all.slice(Math.max(0, all.length - EMBEDDED_HISTORY_LIMIT));
      return { ...deadline, history: kept, historyTruncated: kept.length < all.length };
    })
    .sort(compareCourtOrder);
  const saved: CaseRecord = plan.saveCase
    ? {
        ...owner,
        version: owner.version + 1,
        warnings: plan.recomputation.warnings,
        updatedAt: stamp,
        advocateIds: state.advocateIds,
      }
    : { ...owner, advocateIds: state.advocateIds };
  return { saved, deadlines };
}

/**
 * Recomputes the (locked) case's deadlines from its events in force; `saved` is the case as
 * the recomputation saved it (null when a background one left it as it was), so a caller need
 * not read it again.
 */
export async function recomputeCase(
  tx: Tx,
  owner: CaseRow,
  cause: ChangeCause,
  causedByEventId: string | null,
  /**
   * The request's time (reminders due before it are not scheduled), its quiet hours, and
   * whether a case or event recorded late gets catch-up reminders (src/services/reminders.ts):
   * yes for a person's change, no for a background or batch recomputation (a court closure, a
   * rules change, an import) that nobody is waiting on.
   */
  timing: ReminderTiming,
  via: RecomputeVia = {},
): Promise<{ recomputation: Recomputation; saved: CaseRecord | null }> {
  const { now } = timing;
  const [events, calendars, stored] = await Promise.all([
    via.events ?? listEvents(tx, owner.id),
    via.calendars ?? calendarsFor(tx, owner.organizationId, [owner.court]),
    deadlinesOfCase(tx, owner.id),
  ]);
  const plan = planRecomputation(
    owner,
    events,
    stored,
    calendars,
    cause,
    causedByEventId,
    now,
    via,
  );
  const saved = await applyRecomputation(tx, plan, timing);
  return { recomputation: plan.recomputation, saved };
}

/** Recomputes the (locked) case's deadlines from its events in force. */
export async function recomputeDeadlines(
  tx: Tx,
  owner: CaseRow,
  cause: ChangeCause,
  causedByEventId: string | null,
  timing: ReminderTiming,
  via: RecomputeVia = {},
): Promise<Recomputation> {
  return (await recomputeCase(tx, owner, cause, causedByEventId, timing, via)).recomputation;
}

/** A computed deadline as its row will read once written (`stamp`: the write's instant, ISO). */
export function deadlineRecordOf(
  caseId: string,
  id: string,
  computed: Deadline,
  revision: number,
  stamp: string,
): DeadlineRecord {
  return {
    id,
    caseId,
    key: computed.key,
    kind: computed.kind,
    date: computed.date,
    at: computed.at ?? null,
    status: computed.status,
    ruleId: computed.ruleId,
    citation: computed.citation,
    basis: computed.basis,
    dutyOf: computed.dutyOf ?? null,
    explanation: computed.explanation,
    advisory: computed.advisory ?? null,
    interpretation: computed.interpretation ?? null,
    basedOn: computed.basedOn,
    revision,
    computedAt: stamp,
    updatedAt: stamp,
  };
}

export interface CaseDeadline extends DeadlineRecord {
  /** Its newest changes (at most EMBEDDED_HISTORY_LIMIT), oldest first. */
  history: DeadlineChangeRecord[];
  /** True when older changes were left out of `history` (page them with `historyOfDeadline`). */
  historyTruncated: boolean;
}

/**
 * How many changes each deadline carries in a case's deadlines list. A case holds at most
 * MAX_EVENTS events and each can move a deadline once, so within the documented caps the list
 * still shows every change, as it always did; past it (case edits, closures and rules changes
 * also move dates) the newest are kept and the rest are paged.
 */
export const EMBEDDED_HISTORY_LIMIT = MAX_EVENTS;

export async function deadlinesOfCaseForTenant(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<CaseDeadline[]> {
  const found = await deadlinesOfCaseWithHistory(
    tx,
    organizationId,
    caseId,
    EMBEDDED_HISTORY_LIMIT,
  );
  if (!found) throw notFound('case');
  return found.map(({ deadline, history, historyTruncated }) => ({
    ...deadline,
    history,
    historyTruncated,
  }));
}

/**
 * One page of a deadline's history, newest first: what a person asks first is what moved it
 * last. Keyed by (revision, id), so changes written while a client pages come before its
 * position and never repeat or shift a page; a 404 for another organization's deadline.
 */
export async function historyOfDeadline(
  tx: Tx,
  organizationId: string,
  deadlineId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<DeadlineChangeRecord> & { caseId: string }> {
  const found = await findDeadlineOfTenant(tx, organizationId, deadlineId);
  if (!found) throw notFound('deadline');
  const filters = { list: 'deadline-history', deadlineId };
  const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor, filters, 2);
  const rows = await deadlineChangesBefore(
    tx,
    organizationId,
    deadlineId,
    before && { revision: wholeNumberOf(before[0]), id: before[1]! },
    page.limit + 1,
  );
  const result = toPage(rows, page.limit, (row) => [String(row.revision), row.id], filters);
  return {
    caseId: found.caseId,
    items: result.items.map(({ id: _id, ...change }) => change),
    nextCursor: result.nextCursor,
  };
}

/** What a deadline is and where it stands (README "Deadline statuses"). */
export interface Standing {
  nature: DeadlineNature;
  state: DeadlineState;
}

/**
 * One case's deadlines, each with where it stands at `now`. A window closes with another slot
 * of the same case (the renewal window with the last day to file), found among `deadlines`.
 */
export function withStanding<T extends StateInput & { key: string }>(
  deadlines: readonly T[],
  now: Date,
): (T & Standing)[] {
  const dates = new Map(deadlines.map((d) => [d.key, d.date]));
  return deadlines.map((d) => {
    const closedBy = WINDOW_CLOSED_BY[d.kind];
    return {
      ...d,
      nature: natureOf(d.kind),
      state: deadlineState(d, now.getTime(), closedBy && dates.get(closedBy)),
    };
  });
}

/**
 * `open` (the default) = upcoming + overdue; `upcoming`/`overdue` are relative to today in the
 * court's zone, and only acts are ever overdue. These three list open cases only: a closed
 * case's deadlines come back when it is reopened. `met`, `superseded` and `all` are the record
 * and include closed cases.
 */
export type DeadlineStatusFilter = 'open' | 'upcoming' | 'overdue' | 'met' | 'superseded' | 'all';

export interface DeadlineSearch {
  from?: string;
  to?: string;
  kinds?: DeadlineKind[];
  advocateId?: string;
  status: DeadlineStatusFilter;
  cursor?: string;
  limit: number;
}

export interface DeadlineListEntry extends DeadlineListItem, Standing {
  /** The state is `overdue` (kept for clients written before `state`). */
  overdue: boolean;
}

const maxDate = (a: string | undefined, b: string): string => (a === undefined || a < b ? b : a);
const minDate = (a: string | undefined, b: string): string => (a === undefined || a > b ? b : a);

function checkRange(filters: { from?: string | undefined; to?: string | undefined }): void {
  const badDates = (['from', 'to'] as const).filter(
    (name) => filters[name] !== undefined && !isCalendarDate(filters[name]),
  );
  if (badDates.length > 0) {
    throw invalidInput(
      badDates.map((name) => ({
        name: `query.${name}`,
        reason: `not a real calendar date: ${filters[name]}`,
      })),
    );
  }
  if (filters.from !== undefined && filters.to !== undefined && filters.to < filters.from) {
    throw invalidInput([
      {
        name: 'query.to',
        reason: `${filters.to} is before from (${filters.from}); the range would be empty`,
      },
    ]);
  }
}

export async function searchDeadlines(
  tx: Tx,
  organizationId: string,
  search: DeadlineSearch,
  now: Date,
): Promise<Page<DeadlineListEntry>> {
  const today = courtTimeOf(now.getTime()).date;
  const { cursor, limit, ...filters } = search;
  checkRange(filters);
  let { from, to, kinds } = filters;
  let statuses: DeadlineStatus[] | undefined;
  let openCasesOnly = false;
  let beforeOnlyKinds: { date: string; kinds: readonly DeadlineKind[] } | undefined;
  switch (filters.status) {
    case 'open':
      statuses = ['OPEN'];
      openCasesOnly = true;
      // Upcoming, or an act whose day has passed: an ended expiry or a window that opened is neither.
      beforeOnlyKinds = { date: today, kinds: ACT_KINDS };
      break;
    case 'upcoming':
      statuses = ['OPEN'];
      openCasesOnly = true;
      from = maxDate(from, today);
      break;
    case 'overdue':
      statuses = ['OPEN'];
      openCasesOnly = true;
      to = minDate(to, addCalendarDays(today, -1));
      kinds = (kinds ?? ACT_KINDS).filter((kind) => ACT_KINDS.includes(kind));
      break;
    case 'met':
      statuses = ['MET'];
      break;
    case 'superseded':
      statuses = ['SUPERSEDED'];
      break;
    case 'all':
      statuses = undefined;
      break;
  }
  // `upcoming`/`overdue` depend on today, so the cursor binds the filters as given, not the derived range.
  const after = cursor === undefined ? undefined : decodeCursor(cursor, filters, 2);
  const rows =
    kinds !== undefined && kinds.length === 0
      ? []
      : await queryDeadlines(
          tx,
          organizationId,
          {
            ...(from !== undefined && { from }),
            ...(to !== undefined && { to }),
            ...(kinds && { kinds }),
            ...(statuses && { statuses }),
            ...(filters.advocateId && { advocateId: filters.advocateId }),
            ...(openCasesOnly && { openCasesOnly }),
            ...(beforeOnlyKinds && { beforeOnlyKinds }),
          },
          { ...(after && { after: { date: after[0]!, id: after[1]! } }), limit: limit + 1 },
        );
  const closing = await windowClosings(tx, organizationId, rows);
  const entries = rows.map((row) => {
    const closedBy = WINDOW_CLOSED_BY[row.kind];
    const state = deadlineState(
      row,
      now.getTime(),
      closedBy && closing.get(`${row.caseId}/${closedBy}`),
    );
    return { ...row, nature: natureOf(row.kind), state, overdue: state === 'overdue' };
  });
  return toPage(entries, limit, (row) => [row.date, row.id], filters);
}

/** Each case's next open deadline on or after `from`, for lists of cases. */
export function nextDeadlinesOfCases(
  tx: Tx,
  organizationId: string,
  caseIds: string[],
  from: string,
): ReturnType<typeof nextOpenDeadlines> {
  return nextOpenDeadlines(tx, organizationId, caseIds, from);
}

/** For the windows among `rows`: the date of the slot that closes each, by `caseId/key`. */
async function windowClosings(
  tx: Tx,
  organizationId: string,
  rows: readonly DeadlineListItem[],
): Promise<Map<string, string>> {
  const closings = new Map<string, string>();
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = WINDOW_CLOSED_BY[row.kind];
    if (key === undefined) continue;
    const cases = wanted.get(key) ?? new Set<string>();
    cases.add(row.caseId);
    wanted.set(key, cases);
  }
  for (const [key, cases] of wanted) {
    for (const [caseId, date] of await slotDatesOfCases(tx, organizationId, [...cases], key))
      closings.set(`${caseId}/${key}`, date);
  }
  return closings;
}

// One computation's sink: the deadlines the stages produce and the warnings they raise,
// in the order they arise. A stage's result becomes a deadline here, with the rule
// version's id, citation and caveat.

import type { CourtCalendar } from '../calendar.js';
import { formatDay, type DayNumber } from '../days.js';
import { CalendarRangeError } from '../errors.js';
import { weakerBasis, type FamilyLaw, type Version } from '../law/model.js';
import { epochOf, isoOf, resolveLocal } from '../time-zone.js';
import type { Advisory, Deadline, DeadlineKind, DeadlineStatus, Party, Warning } from '../types.js';
import type { WarningCode } from '../warnings.js';
import type { Ev } from './events.js';
import { warnings as say } from './narrator/warnings.js';

/** What every stage result says about the deadline it computed. */
export interface Computed {
  key: string;
  kind: DeadlineKind;
  day: DayNumber;
  /** Seconds after local midnight, where a time of day applies. */
  second: number | undefined;
  status: DeadlineStatus;
  /** The rule version in force on the triggering event's date. */
  version: Version<unknown>;
  advisory: Advisory | undefined;
  basedOn: readonly (Ev | undefined)[];
  /** Other rule versions the result rests on (a court-ordered alternative service): their basis and caveat count too. */
  also: readonly Version<unknown>[];
  /** Whose act it is, where not the petitioner's side's or the court's. */
  dutyOf: Party | undefined;
}

/**
 * Every Computed is made here, with its fields in one order, so the code that reads
 * them sees one object shape (the stages' own results differ; this part does not).
 */
export function computed(
  key: string,
  kind: DeadlineKind,
  day: DayNumber,
  second: number | undefined,
  status: DeadlineStatus,
  version: Version<unknown>,
  advisory: Advisory | undefined,
  basedOn: readonly (Ev | undefined)[],
  dutyOf?: Party,
): Computed {
  return { key, kind, day, second, status, version, advisory, basedOn, also: [], dutyOf };
}

/** A deadline ready to emit: the stage's result and the narrator's words for it. */
export interface Narrated {
  explanation: string[];
  /** Interpretation notes, in the order the readings were applied. */
  notes: readonly string[];
}

/** For explanations that rest on no reading. */
export const NO_NOTES: readonly string[] = [];

function joined(notes: readonly string[]): string {
  return notes.length === 0 ? '' : notes.length === 1 ? (notes[0] as string) : notes.join(' ');
}

export interface Out {
  deadline: Deadline;
  day: DayNumber;
  epoch: number;
}

export class Run {
  readonly out: Out[] = [];
  readonly warnings: Warning[] = [];

  constructor(
    readonly cal: CourtCalendar,
    readonly law: FamilyLaw,
  ) {}

  warn(code: WarningCode, message: string, events: readonly (Ev | undefined)[]): void {
    this.warnings.push({ code, message, eventIds: ids(events) });
  }

  emit(c: Computed, n: Narrated): void {
    const v = c.version;
    const notes = n.notes;
    // Basis: the weakest of the rule version's, the other versions' it rests on, and an
    // interpretation wherever a reading was applied (a note says which).
    let basis = v.basis;
    let interpretation = joined(notes);
    if (v.caveat !== undefined)
      interpretation = interpretation === '' ? v.caveat : `${interpretation} ${v.caveat}`;
    for (const x of c.also) {
      basis = weakerBasis(basis, x.basis);
      if (x.caveat !== undefined && !interpretation.includes(x.caveat))
        interpretation = interpretation === '' ? x.caveat : `${interpretation} ${x.caveat}`;
    }
    if (notes.length > 0) basis = weakerBasis(basis, 'interpretation');
    // Assigned in a fixed order so every deadline serialises its fields in the same
    // order (no object spread: this is the hot path of every recomputation).
    const deadline = { key: c.key, kind: c.kind, date: formatDay(c.day) } as Deadline;
    let epoch = Number.POSITIVE_INFINITY; // date-only deadlines sort after timed ones that day
    if (c.second !== undefined) {
      const local = resolveLocal(c.day, c.second);
      deadline.at = isoOf(local);
      epoch = epochOf(local);
    }
    deadline.status = c.status;
    deadline.ruleId = v.id;
    deadline.citation = v.citation;
    deadline.basis = basis;
    if (c.dutyOf !== undefined) deadline.dutyOf = c.dutyOf;
    deadline.explanation = n.explanation;
    if (c.advisory !== undefined) deadline.advisory = c.advisory;
    if (interpretation !== '') deadline.interpretation = interpretation;
    deadline.basedOn = ids(c.basedOn);
    this.out.push({ deadline, day: c.day, epoch });
  }

  /**
   * A derivation that needs the court calendar beyond its supported years becomes a
   * warning for that deadline, rather than a guess or a crash of the whole computation.
   * (try/catch at each call site, not a callback: no closure per deadline on the hot path.)
   */
  outOfRange(err: unknown, what: string, events: readonly (Ev | undefined)[]): void {
    if (!(err instanceof CalendarRangeError)) throw err;
    this.warn('OUTSIDE_CALENDAR_RANGE', say.outsideCalendar(what, err), events);
  }
}

function ids(events: readonly (Ev | undefined)[]): string[] {
  const out: string[] = [];
  for (const e of events) if (e?.id !== undefined && !out.includes(e.id)) out.push(e.id);
  return out;
}

// computeDeadlines: a case's events in, its deadlines and warnings out.
//
// Two passes. First the events are folded, in recording order, into the state of the
// case (the petition phase, the order, each renewal cycle, a termination); a later
// event of the same kind supersedes an earlier one. Then each deadline is derived from
// that state with the counting primitives, and given its status (OPEN, MET,
// SUPERSEDED) from the events that came after it. Contradictory facts become warnings,
// never exceptions: the advocate needs to see them next to the dates.

import {
  type CourtCalendar,
  courtDayInfoOf,
  defaultCourtCalendars,
  type CourtCalendars,
} from './calendar.js';
import {
  addCalendarDaysRollForwardDay,
  addCourtDaysDay,
  countBackFromHearingDay,
  firstCourtDayOnOrAfterDay,
  lastCourtDayOnOrBeforeDay,
  type ForwardRoll,
} from './counting.js';
import {
  addMonthsClampedDay,
  addYearsClampedDay,
  parseDay,
  formatDay,
  longLabel,
  MONTH_NAMES,
  ymdFromDay,
  type DayNumber,
} from './days.js';
import { CalendarRangeError, EngineInputError, InvalidDateError } from './errors.js';
import { countedList, plural, skippedList } from './explain.js';
import { FAMILY_LAW, type FamilyLaw } from './families.js';
import { FAMILY_RULE_IDS, ruleInForceOn, type FamilyRuleIds } from './rules.js';
import {
  END_OF_DAY_SECONDS,
  epochOf,
  isoOf,
  parseLocalTimeSeconds,
  resolveLocal,
} from './time-zone.js';
import type {
  Advisory,
  CaseEvent,
  ComputeInput,
  ComputeResult,
  Deadline,
  DeadlineKind,
  DeadlineStatus,
  EventType,
  Family,
  ServiceMethod,
  Warning,
} from './types.js';
import type { WarningCode } from './warnings.js';

export interface ComputeOptions {
  /** Court calendars to use (default: the data in calendars/). */
  calendars?: CourtCalendars;
}

// ---- events ------------------------------------------------------------------------

/**
 * An input event with its dates parsed. The fields every derivation needs are read
 * once; the rest are read from the input only where used (input objects come in many
 * shapes, and each read of one is a slow, megamorphic property access).
 */
class Ev {
  readonly id: string | undefined;
  readonly type: EventType;
  readonly day: DayNumber;
  readonly expiresDay: DayNumber | undefined;

  constructor(
    /** Position in the input. */
    readonly index: number,
    private readonly raw: CaseEvent,
  ) {
    this.id = raw.id;
    this.type = raw.type;
    this.day = eventDay(raw.date, index, 'date');
    const expires = raw.expires;
    this.expiresDay = expires === undefined ? undefined : eventDay(expires, index, 'expires');
  }

  get time(): string | undefined {
    return this.raw.time;
  }
  get days(): number | undefined {
    return this.raw.days;
  }
  get method(): ServiceMethod | undefined {
    return this.raw.method;
  }
  get expiresTime(): string | undefined {
    return this.raw.expiresTime;
  }
  get permanent(): boolean {
    return this.raw.permanent === true;
  }
}

function eventDay(value: string, index: number, name: string): DayNumber {
  const day = parseDay(value);
  if (Number.isNaN(day)) throw new InvalidDateError(value, `events[${index}].${name}`);
  return day;
}

/** "events[3] (SERVED, Wed 2025-12-03)". */
function evLabel(ev: Ev): string {
  return `events[${ev.index}] (${ev.type}, ${longLabel(ev.day)})`;
}

function atTime(ev: Ev): string {
  return ev.time === undefined ? '' : ` at ${ev.time}`;
}

// ---- case state --------------------------------------------------------------------

/** A hearing and the service for it: the petition's, or one renewal request's. */
interface HearingTrack {
  set: Ev | undefined;
  continuances: Ev[];
  shortened: Ev | undefined;
  served: Ev[];
}

interface PetitionPhase extends HearingTrack {
  petition: Ev | undefined;
  /** The latest TRO_GRANTED or TRO_DENIED. */
  decision: Ev | undefined;
}

interface RenewalCycle extends HearingTrack {
  filed: Ev | undefined;
  renewed: Ev | undefined;
}

interface CaseState {
  epo: Ev | undefined;
  petition: PetitionPhase;
  order: Ev | undefined;
  renewals: RenewalCycle[];
  terminated: Ev | undefined;
}

function newRenewalCycle(filed: Ev | undefined, renewed: Ev | undefined): RenewalCycle {
  return { set: undefined, continuances: [], shortened: undefined, served: [], filed, renewed };
}

function currentHearing(track: HearingTrack): Ev | undefined {
  return track.continuances.length > 0
    ? track.continuances[track.continuances.length - 1]
    : track.set;
}

// ---- the run: collects deadlines and warnings --------------------------------------

interface Emit {
  key: string;
  kind: DeadlineKind;
  day: DayNumber;
  /** Seconds after local midnight, where a time of day applies. */
  second?: number;
  status: DeadlineStatus;
  ruleId: string;
  /** The date that selects the rule's version. */
  ruleDay: DayNumber;
  explanation: string[];
  advisory?: Advisory;
  /** Interpretations this computation rests on (joined with the rule's caveat). */
  interpretations?: string[];
  basedOn: (Ev | undefined)[];
}

interface Out {
  deadline: Deadline;
  day: DayNumber;
  epoch: number;
}

class Run {
  readonly out: Out[] = [];
  readonly warnings: Warning[] = [];

  readonly rules: FamilyRuleIds;

  constructor(
    readonly cal: CourtCalendar,
    readonly family: Family,
    readonly law: FamilyLaw,
  ) {
    this.rules = FAMILY_RULE_IDS[family];
  }

  warn(code: WarningCode, message: string, events: readonly (Ev | undefined)[]): void {
    this.warnings.push({ code, message, eventIds: ids(events) });
  }

  emit(e: Emit): void {
    const rule = ruleInForceOn(e.ruleId, e.ruleDay);
    const notes = e.interpretations ?? [];
    const interpretation =
      rule.caveat === undefined
        ? notes.join(' ')
        : notes.length === 0
          ? rule.caveat
          : `${notes.join(' ')} ${rule.caveat}`;
    // Assigned in a fixed order so every deadline serialises its fields in the same
    // order (no object spread: this is the hot path of every recomputation).
    const deadline = { key: e.key, kind: e.kind, date: formatDay(e.day) } as Deadline;
    let epoch = Number.POSITIVE_INFINITY; // date-only deadlines sort after timed ones that day
    if (e.second !== undefined) {
      const local = resolveLocal(e.day, e.second);
      deadline.at = isoOf(local);
      epoch = epochOf(local);
    }
    deadline.status = e.status;
    deadline.ruleId = rule.id;
    deadline.citation = rule.citation;
    deadline.explanation = e.explanation;
    if (e.advisory !== undefined) deadline.advisory = e.advisory;
    if (interpretation !== '') deadline.interpretation = interpretation;
    deadline.basedOn = ids(e.basedOn);
    this.out.push({ deadline, day: e.day, epoch });
  }

  /**
   * A derivation that needs the court calendar beyond its supported years becomes a
   * warning for that deadline, rather than a guess or a crash of the whole computation.
   * (try/catch at each call site, not a callback: no closure per deadline on the hot path.)
   */
  outOfRange(err: unknown, what: string, events: readonly (Ev | undefined)[]): void {
    if (!(err instanceof CalendarRangeError)) throw err;
    this.warn(
      'OUTSIDE_CALENDAR_RANGE',
      `${what} was not computed: it needs the court calendar for ${err.date}, outside the supported years ${err.supported.from}-${err.supported.to}.`,
      events,
    );
  }
}

function ids(events: readonly (Ev | undefined)[]): string[] {
  const out: string[] = [];
  for (const e of events) if (e?.id !== undefined && !out.includes(e.id)) out.push(e.id);
  return out;
}

function courtClosedNote(cal: CourtCalendar, day: DayNumber): string {
  const info = courtDayInfoOf(cal, day);
  return info.courtDay ? 'a court day' : `not a court day (${info.reason ?? ''})`;
}

/** "2 skipped" explanation for a forward roll. */
function rollStep(cal: CourtCalendar, roll: ForwardRoll, n: number, what: string): string {
  if (roll.skipped.length === 0) {
    return `${n} calendar days later is ${longLabel(roll.raw)}, a court day: the ${what}.`;
  }
  return (
    `${n} calendar days later is ${longLabel(roll.raw)}, not a court day; extended past ` +
    `${skippedList(cal, roll.skipped)} to the next court day, ${longLabel(roll.date)} (CCP §§ 12a, 136): the ${what}. ` +
    'Weekends and holidays inside the period still count (calendar days).'
  );
}

function monthYear(day: DayNumber): string {
  const { year, month } = ymdFromDay(day);
  return `${MONTH_NAMES[month - 1] ?? ''} ${year}`;
}

// ---- 1. fold the events into the case state -----------------------------------------

/** The pending renewal request (filed or renewed-without-filing, not yet decided), if any. */
function openCycle(state: CaseState): RenewalCycle | undefined {
  const last = state.renewals[state.renewals.length - 1];
  return last !== undefined && last.renewed === undefined ? last : undefined;
}

/**
 * The hearing an event belongs to: the petition's until there is an order after
 * hearing, then the pending renewal request's (if any).
 */
function trackOf(state: CaseState): HearingTrack | undefined {
  return state.order === undefined ? state.petition : openCycle(state);
}

function notApplicable(run: Run, ev: Ev, why: string): void {
  run.warn('EVENT_NOT_APPLICABLE', `${evLabel(ev)} was not used: ${why}`, [ev]);
}

function fold(run: Run, events: readonly Ev[]): CaseState {
  const state: CaseState = {
    epo: undefined,
    petition: {
      set: undefined,
      continuances: [],
      shortened: undefined,
      served: [],
      petition: undefined,
      decision: undefined,
    },
    order: undefined,
    renewals: [],
    terminated: undefined,
  };
  for (const ev of events) {
    const term = state.terminated;
    if (term !== undefined && ev.day > term.day) {
      run.warn(
        'EVENT_AFTER_TERMINATION',
        `${evLabel(ev)} is dated after the order was terminated on ${longLabel(term.day)}.`,
        [ev, term],
      );
    }
    switch (ev.type) {
      case 'EPO_ISSUED':
        if (run.law.emergencyOrder === null) {
          notApplicable(
            run,
            ev,
            `there is no emergency protective order for a ${run.law.name} (Fam. Code § 6250 covers DV, elder abuse and, via Pen. Code § 646.91, stalking).`,
          );
        } else {
          state.epo = ev;
        }
        break;
      case 'PETITION_FILED':
        if (state.order !== undefined)
          notApplicable(run, ev, 'a petition after the order after hearing starts a new case.');
        else state.petition.petition = ev;
        break;
      case 'TRO_GRANTED':
      case 'TRO_DENIED':
        if (state.order !== undefined)
          notApplicable(
            run,
            ev,
            'a temporary order after the order after hearing starts a new case.',
          );
        else state.petition.decision = ev;
        break;
      case 'HEARING_SET': {
        const t = trackOf(state);
        if (t === undefined) {
          notApplicable(
            run,
            ev,
            'after the order after hearing, only a renewal request has a hearing here (motions to modify or terminate are not modeled).',
          );
        } else {
          t.set = ev;
          t.continuances = [];
        }
        break;
      }
      case 'HEARING_CONTINUED': {
        const t = trackOf(state);
        if (t === undefined) {
          notApplicable(run, ev, 'there is no pending hearing to continue.');
          break;
        }
        const current = currentHearing(t);
        if (current === undefined) {
          run.warn(
            'EVENT_WITHOUT_PREREQUISITE',
            `${evLabel(ev)} continues a hearing, but no HEARING_SET was recorded; its date is used as the hearing.`,
            [ev],
          );
        } else if (ev.day <= current.day) {
          run.warn(
            'CONTINUANCE_NOT_LATER',
            `${evLabel(ev)} moves the hearing to ${longLabel(ev.day)}, which is not after the hearing it continues (${longLabel(current.day)}). The later-recorded date is used.`,
            [current, ev],
          );
        }
        t.continuances.push(ev);
        break;
      }
      case 'SERVICE_TIME_SHORTENED': {
        const t = trackOf(state);
        if (t === undefined) notApplicable(run, ev, 'there is no pending hearing.');
        else t.shortened = ev;
        break;
      }
      case 'SERVED': {
        // After the order after hearing with no renewal pending, this is service of the
        // order itself (which may be by mail, Fam. Code § 6384): no deadline depends on it.
        const t = trackOf(state);
        if (t !== undefined) t.served.push(ev);
        break;
      }
      case 'ORDER_AFTER_HEARING':
        // A later order after hearing replaces the earlier one and its renewals.
        state.order = ev;
        state.renewals = [];
        break;
      case 'RENEWAL_FILED': {
        if (state.order === undefined) {
          run.warn(
            'EVENT_WITHOUT_PREREQUISITE',
            `${evLabel(ev)} requests renewal, but no ORDER_AFTER_HEARING was recorded; it was not used.`,
            [ev],
          );
          break;
        }
        const open = openCycle(state);
        if (open !== undefined && open.filed === undefined) open.filed = ev;
        else if (open !== undefined) open.filed = ev;
        else state.renewals.push(newRenewalCycle(ev, undefined));
        break;
      }
      case 'ORDER_RENEWED': {
        if (state.order === undefined) {
          run.warn(
            'EVENT_WITHOUT_PREREQUISITE',
            `${evLabel(ev)} renews an order, but no ORDER_AFTER_HEARING was recorded; it was not used.`,
            [ev],
          );
          break;
        }
        const open = openCycle(state);
        if (open !== undefined) {
          open.renewed = ev;
        } else {
          run.warn(
            'EVENT_WITHOUT_PREREQUISITE',
            `${evLabel(ev)} renews the order, but no RENEWAL_FILED was recorded before it.`,
            [ev],
          );
          state.renewals.push(newRenewalCycle(undefined, ev));
        }
        break;
      }
      case 'ORDER_TERMINATED':
        state.terminated ??= ev;
        break;
      default: {
        const unhandled: never = ev.type;
        throw new Error(`unhandled event type ${String(unhandled)}`);
      }
    }
  }
  return state;
}

// ---- 2. derive the deadlines ----------------------------------------------------------

/** The start of the hearing clock and how to describe it. */
interface Trigger {
  ev: Ev;
  what: string;
  ruleId: string;
  goodCauseRuleId: string | undefined;
}

function hearingTrigger(run: Run, state: CaseState): Trigger | undefined {
  const { decision, petition } = state.petition;
  if (run.law.emergencyOrder === 'GV_EMERGENCY') {
    // Pen. Code 18148 (emergency) and 18165 (ex parte): within 21 days after the date on
    // the order. The later order restarts the clock; a denial or a bare petition sets none.
    const exParte = decision?.type === 'TRO_GRANTED' ? decision : undefined;
    const epo = state.epo;
    if (exParte !== undefined && (epo === undefined || exParte.day >= epo.day)) {
      return {
        ev: exParte,
        what: `Ex parte GVRO issued ${longLabel(exParte.day)}`,
        ruleId: 'GV.HEARING.LATEST',
        goodCauseRuleId: undefined,
      };
    }
    if (epo !== undefined) {
      return {
        ev: epo,
        what: `Emergency GVRO issued ${longLabel(epo.day)}`,
        ruleId: 'GV.EMERGENCY.HEARING_LATEST',
        goodCauseRuleId: undefined,
      };
    }
    return undefined;
  }
  if (decision !== undefined && petition !== undefined && decision.day < petition.day) {
    run.warn('EVENT_OUT_OF_ORDER', `${evLabel(decision)} is dated before ${evLabel(petition)}.`, [
      petition,
      decision,
    ]);
  }
  const ev = decision ?? petition;
  if (ev === undefined) return undefined;
  const what =
    ev.type === 'TRO_GRANTED'
      ? `${run.law.tro} granted ${longLabel(ev.day)}`
      : ev.type === 'TRO_DENIED'
        ? `${run.law.tro} denied ${longLabel(ev.day)} (the petitioner keeps the right to a hearing)`
        : `Petition filed ${longLabel(ev.day)}; no ${run.law.tro} decision recorded, so the limit runs from filing (if a ${run.law.tro} is granted or denied later, it runs from that decision)`;
  return {
    ev,
    what,
    ruleId: run.rules.hearingLatest,
    goodCauseRuleId: run.rules.hearingLatestGoodCause ?? undefined,
  };
}

interface HearingLimits {
  trigger: Trigger;
  latest: ForwardRoll;
  goodCause: ForwardRoll | undefined;
}

function deriveEmergencyOrder(run: Run, state: CaseState, limits: HearingLimits | undefined): void {
  const epo = state.epo;
  if (epo === undefined || run.law.emergencyOrder === null) return;
  const { cal } = run;
  const cob = parseLocalTimeSeconds(cal.closeOfBusiness);
  const D = epo.day;
  const steps: string[] = [];
  const advisory: Advisory = {};
  const interpretations: string[] = [];
  let computedDay: DayNumber;
  let computedSecond: number;
  let ruleId: string;

  if (run.law.emergencyOrder === 'EPO') {
    ruleId = 'EPO.EXPIRY';
    // Fam. Code 6256: the earlier of (a) close of judicial business on the 5th court day
    // after the day of issuance and (b) the 7th calendar day after it. Neither rolls.
    const fifth = addCourtDaysDay(cal, D, 5);
    const seventh = D + 7;
    steps.push(
      `EPO issued ${longLabel(D)}${atTime(epo)}; the day of issuance is not counted (Fam. Code § 6256; CCP § 12).`,
    );
    steps.push(
      `(a) 5th court day after issuance: ${fifth.skipped.length > 0 ? `skipped ${skippedList(cal, fifth.skipped)}; ` : ''}` +
        `counted ${countedList(fifth.counted)} -> ${longLabel(fifth.date)}, at close of judicial business (${cal.closeOfBusiness}).`,
    );
    steps.push(
      `(b) 7th calendar day after issuance: ${longLabel(seventh)}, at the end of the day (23:59:59).`,
    );
    advisory.fifthCourtDay = formatDay(fifth.date);
    advisory.seventhCalendarDay = formatDay(seventh);
    if (fifth.date < seventh) {
      advisory.governing = 'fifth_court_day';
      computedDay = fifth.date;
      computedSecond = cob;
      steps.push(
        `(a) is earlier: the EPO expires ${longLabel(computedDay)} at close of judicial business (${cal.closeOfBusiness}). Expirations are not extended to a court day.`,
      );
    } else if (fifth.date > seventh) {
      advisory.governing = 'seventh_calendar_day';
      computedDay = seventh;
      computedSecond = END_OF_DAY_SECONDS;
      steps.push(
        `(b) is earlier: the EPO expires at the end of ${longLabel(computedDay)}. Expirations are not extended to a court day.`,
      );
      interpretations.push(
        'The statute does not say at what time on the 7th calendar day the EPO expires; the end of that day (23:59:59) is assumed. The date and time the judicial officer wrote on the EPO-001 control (Fam. Code § 6253(b)).',
      );
    } else {
      advisory.governing = 'tie_same_date';
      computedDay = fifth.date;
      computedSecond = cob;
      steps.push(
        `(a) and (b) fall on the same day, ${longLabel(computedDay)}; close of judicial business (${cal.closeOfBusiness}) comes first, so the EPO expires then.`,
      );
      interpretations.push(
        "'Close of judicial business' has no statutory clock time; this court's is taken as " +
          `${cal.closeOfBusiness}, before the end of the 7th calendar day. The date and time the judicial officer wrote on the EPO-001 control (Fam. Code § 6253(b)).`,
      );
    }
  } else {
    ruleId = 'GV.EMERGENCY.EXPIRY';
    computedDay = D + 21;
    computedSecond = END_OF_DAY_SECONDS;
    steps.push(
      `Emergency GVRO issued ${longLabel(D)}${atTime(epo)}; it expires 21 days from the date of issuance (Pen. Code § 18125(b)): ${longLabel(computedDay)}. Expirations are not extended to a court day.`,
    );
    interpretations.push(
      "'21 days from the date the order is issued' is read as the end of the 21st day after the issuance date; the date and time written on the order (Pen. Code § 18135) control.",
    );
  }

  let day = computedDay;
  let second = computedSecond;
  if (epo.expiresDay !== undefined) {
    day = epo.expiresDay;
    advisory.computedDate = formatDay(computedDay);
    if (epo.expiresTime !== undefined) {
      second = parseLocalTimeSeconds(epo.expiresTime);
    } else {
      second = cob;
      interpretations.push(
        `No expiration time was entered with the written date; close of judicial business (${cal.closeOfBusiness}) is assumed, the earlier reading.`,
      );
    }
    steps.push(
      `The order states its expiration: ${longLabel(day)} at ${epo.expiresTime ?? cal.closeOfBusiness}; the written date controls.`,
    );
    if (day < D) {
      run.warn(
        'EXPIRY_NOT_AFTER_ISSUANCE',
        `${evLabel(epo)}: the written expiration ${longLabel(day)} is before the order was issued.`,
        [epo],
      );
    }
    if (day > computedDay || (day === computedDay && second > computedSecond)) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        `${evLabel(epo)}: the written expiration ${longLabel(day)} is later than the statute allows (${longLabel(computedDay)}).`,
        [epo],
      );
    }
  }
  if (
    run.law.emergencyOrder === 'GV_EMERGENCY' &&
    limits !== undefined &&
    limits.trigger.ev === epo &&
    limits.latest.date > day
  ) {
    // ca-rules.md 3.8 [I] (golden GVRO-01): the rolled hearing deadline is after the order
    // has expired, which leaves the person unprotected in between.
    const lastBefore = lastCourtDayOnOrBeforeDay(run.cal, day);
    advisory.lastCourtDayBeforeExpiry = formatDay(lastBefore);
    steps.push(
      `The hearing deadline rolls to ${longLabel(limits.latest.date)}, after this order expires: set the hearing by ${longLabel(lastBefore)}, the last court day on or before expiry.`,
    );
    run.warn(
      'GV_EMERGENCY_EXPIRES_BEFORE_HEARING_DEADLINE',
      `The emergency GVRO expires ${longLabel(day)} (not a court day), but the hearing deadline rolls to ${longLabel(limits.latest.date)}. Set the hearing by ${longLabel(lastBefore)} to avoid a gap.`,
      [epo],
    );
  }
  advisory.lastCourtDayOnOrBefore = formatDay(lastCourtDayOnOrBeforeDay(cal, day));

  let status: DeadlineStatus = 'OPEN';
  const order = state.order;
  const tro = state.petition.decision?.type === 'TRO_GRANTED' ? state.petition.decision : undefined;
  if (order !== undefined && order.day <= day) {
    status = 'SUPERSEDED';
    steps.push(`Superseded: the order after hearing issued ${longLabel(order.day)} replaced it.`);
  } else if (tro !== undefined && tro.day >= D && tro.day <= day) {
    status = 'MET';
    steps.push(
      `Met: a ${run.law.tro} was granted ${longLabel(tro.day)}, before this order expired.`,
    );
  } else if (tro !== undefined && tro.day > day && run.law.emergencyOrder === 'EPO') {
    run.warn(
      'EPO_EXPIRED_BEFORE_TRO',
      `The EPO expired ${longLabel(day)}, before the ${run.law.tro} was granted ${longLabel(tro.day)}: no order was in effect in between.`,
      [epo, tro],
    );
  }
  run.emit({
    key: 'EPO_EXPIRES',
    kind: 'EPO_EXPIRES',
    day,
    second,
    status,
    ruleId,
    ruleDay: D,
    explanation: steps,
    advisory,
    interpretations,
    basedOn: [epo],
  });
}

function deriveHearingLimits(run: Run, state: CaseState, limits: HearingLimits): void {
  const { cal, law } = run;
  const { trigger, latest, goodCause } = limits;
  const set = state.petition.set;
  // The hearing held or set: the HEARING_SET date (continuances are lawful under Fam. Code
  // 245 / CCP 527.6(p) and do not count against the limit), else the order after hearing.
  const held = set ?? state.order;
  if (set !== undefined && set.day < trigger.ev.day) {
    run.warn(
      'EVENT_OUT_OF_ORDER',
      `${evLabel(set)}: the hearing date is before ${evLabel(trigger.ev)}.`,
      [trigger.ev, set],
    );
  }
  const beyondAll = held !== undefined && held.day > (goodCause ?? latest).date;
  if (beyondAll && held !== undefined) {
    run.warn(
      'HEARING_BEYOND_LIMIT',
      `${evLabel(held)}: the hearing is set beyond the ${goodCause === undefined ? `${law.hearingDays}-day` : `${law.goodCauseDays ?? ''}-day good-cause`} limit, ${longLabel((goodCause ?? latest).date)}.` +
        (run.family === 'DV' || run.family === 'EA'
          ? ` Unless extended, the ${law.tro} stops being enforceable (Fam. Code § 242(b)).`
          : ''),
      [trigger.ev, held],
    );
  } else if (held !== undefined && goodCause !== undefined && held.day > latest.date) {
    run.warn(
      'HEARING_NEEDS_GOOD_CAUSE',
      `${evLabel(held)}: the hearing is after the 21-day limit (${longLabel(latest.date)}) and within the 25-day limit (${longLabel(goodCause.date)}); that is lawful only if the court found good cause.`,
      [trigger.ev, held],
    );
  }

  const start = `${trigger.what}; that day is not counted (CCP § 12).`;
  // 21 days (or the GVRO's only limit).
  {
    const steps = [start, rollStep(cal, latest, law.hearingDays, `latest day for the hearing`)];
    let status: DeadlineStatus = 'OPEN';
    if (held !== undefined && held.day <= latest.date) {
      status = 'MET';
      steps.push(
        `Met: hearing ${held === set ? 'set for' : 'held'} ${longLabel(held.day)}, within the limit.`,
      );
    } else if (held !== undefined && goodCause !== undefined && held.day <= goodCause.date) {
      status = 'SUPERSEDED';
      steps.push(
        `Superseded: hearing set for ${longLabel(held.day)} under the 25-day good-cause limit.`,
      );
    } else if (held !== undefined) {
      steps.push(
        `Not met: the hearing is ${held === set ? 'set for' : 'held on'} ${longLabel(held.day)}.`,
      );
    }
    run.emit({
      key: 'HEARING_LATEST',
      kind: 'HEARING_LATEST',
      day: latest.date,
      status,
      ruleId: trigger.ruleId,
      ruleDay: trigger.ev.day,
      explanation: steps,
      advisory: { rawDate: formatDay(latest.raw) },
      basedOn: [trigger.ev, held],
    });
  }
  if (goodCause !== undefined && trigger.goodCauseRuleId !== undefined) {
    const steps = [
      start,
      rollStep(
        cal,
        goodCause,
        law.goodCauseDays ?? 25,
        'latest day for the hearing if the court finds good cause',
      ),
    ];
    let status: DeadlineStatus = 'OPEN';
    if (held !== undefined && held.day <= goodCause.date) {
      status = 'MET';
      steps.push(
        `Met: hearing ${held === set ? 'set for' : 'held'} ${longLabel(held.day)}, within the limit.`,
      );
    } else if (held !== undefined) {
      steps.push(
        `Not met: the hearing is ${held === set ? 'set for' : 'held on'} ${longLabel(held.day)}.`,
      );
    }
    run.emit({
      key: 'HEARING_LATEST_GOOD_CAUSE',
      kind: 'HEARING_LATEST_GOOD_CAUSE',
      day: goodCause.date,
      status,
      ruleId: trigger.goodCauseRuleId,
      ruleDay: trigger.ev.day,
      explanation: steps,
      advisory: { rawDate: formatDay(goodCause.raw) },
      basedOn: [trigger.ev, held],
    });
  }
}

/** HEARING + SERVICE_DEADLINE for one track (the petition's or a renewal request's). */
function deriveHearingAndService(
  run: Run,
  track: HearingTrack,
  opts: {
    renewal: boolean;
    /** The event that produced the papers to serve (petition or TRO; renewal request). */
    papers: Ev | undefined;
    /** The event that ends the hearing's relevance (order after hearing; renewal order). */
    held: Ev | undefined;
    defaultServiceDays: number | undefined;
  },
): void {
  const { cal, law, family } = run;
  const hearing = currentHearing(track);
  if (hearing === undefined) return;
  const prefix = opts.renewal ? 'RENEWAL_' : '';

  try {
    const steps: string[] = [];
    const first = track.set;
    if (first !== undefined) {
      steps.push(
        `${opts.renewal ? 'Renewal hearing' : 'Hearing'} set for ${longLabel(first.day)}${atTime(first)}${opts.renewal ? '' : ` (${law.forms.notice})`}.`,
      );
    }
    let from = first;
    for (const c of track.continuances) {
      steps.push(
        from === undefined
          ? `Hearing continued to ${longLabel(c.day)}${atTime(c)}.`
          : `Continued from ${longLabel(from.day)} to ${longLabel(c.day)}${atTime(c)}${family === 'DV' ? ' (Fam. Code § 245)' : ''}.`,
      );
      from = c;
    }
    const info = courtDayInfoOf(cal, hearing.day);
    if (!info.courtDay) {
      steps.push(
        `${longLabel(hearing.day)} is not a court day (${info.reason ?? ''}); a hearing on a judicial holiday is adjourned to the next day (CCP § 136).`,
      );
      run.warn(
        'HEARING_ON_NON_COURT_DAY',
        `${evLabel(hearing)}: the hearing date is not a court day (${info.reason ?? ''}).`,
        [hearing],
      );
    }
    if (!opts.renewal && law.response !== null) steps.push(law.response);
    let status: DeadlineStatus = 'OPEN';
    if (opts.held !== undefined) {
      status = 'MET';
      steps.push(
        `Met: ${opts.renewal ? 'the renewal order' : 'the order after hearing'} was issued ${longLabel(opts.held.day)}.`,
      );
      if (opts.held.day < hearing.day) {
        run.warn(
          'EVENT_OUT_OF_ORDER',
          `${evLabel(opts.held)} is dated before the hearing it follows (${longLabel(hearing.day)}).`,
          [hearing, opts.held],
        );
      }
    }
    const e: Emit = {
      key: `${prefix}HEARING`,
      kind: 'HEARING',
      day: hearing.day,
      status,
      ruleId: opts.renewal ? run.rules.renewalHearing : run.rules.hearing,
      ruleDay: hearing.day,
      explanation: steps,
      basedOn: [track.set, ...track.continuances, opts.held],
    };
    if (hearing.time !== undefined) e.second = parseLocalTimeSeconds(hearing.time);
    run.emit(e);
  } catch (err) {
    run.outOfRange(err, `The ${opts.renewal ? 'renewal ' : ''}hearing`, [hearing]);
  }

  const shortened = track.shortened;
  const days = shortened?.days ?? opts.defaultServiceDays;
  if (days === undefined) return;
  if (shortened !== undefined && !opts.renewal && days > law.serviceDays) {
    run.warn(
      'SERVICE_DAYS_NOT_SHORTENED',
      `${evLabel(shortened)} gives ${plural(days, 'day')} before the hearing, more than the statutory ${law.serviceDays}; the court's number is used.`,
      [shortened],
    );
  }
  try {
    const back = countBackFromHearingDay(cal, hearing.day, days);
    const steps: string[] = [];
    const interpretations: string[] = [];
    steps.push(`${opts.renewal ? 'Renewal hearing' : 'Hearing'} on ${longLabel(hearing.day)}.`);
    steps.push(
      shortened !== undefined
        ? `The court set the time for service at ${plural(days, 'day')} before the hearing (order of ${longLabel(shortened.day)}).`
        : `The respondent must be personally served at least ${plural(days, 'calendar day')} before the hearing.`,
    );
    steps.push(
      `Counting back ${plural(days, 'day')} from the hearing, which is not counted (CCP § 12c(a)): ${longLabel(back.date)}, ${courtClosedNote(cal, back.date)}.`,
    );
    const advisory: Advisory = {
      rawDate: formatDay(back.date),
      courtDay: back.courtDay,
      lastCourtDayOnOrBefore: formatDay(back.lastCourtDayOnOrBefore),
      daysBeforeHearing: days,
    };
    if (!back.courtDay && back.forwardRollRejected !== undefined) {
      advisory.forwardRollRejected = formatDay(back.forwardRollRejected);
      steps.push(
        `Personal service is not a court act and may still be made that day (CCP § 134(b)); for any step that needs an open court or sheriff's office, the last court day on or before it is ${longLabel(back.lastCourtDayOnOrBefore)} (skipping ${skippedList(cal, back.skipped)}). ` +
          `Moving the deadline forward to ${longLabel(back.forwardRollRejected)} would give less notice than required, so it is not done.`,
      );
      interpretations.push(
        'No California statute or case says how CCP 12a applies when a count-backward deadline lands on a weekend or holiday. Conservative rule: never move the deadline later; the preceding court day is flagged for acts that need an open court.',
      );
    }
    let status: DeadlineStatus = 'OPEN';
    let metBy: Ev | undefined;
    const papers = opts.papers;
    for (const s of track.served) {
      if (papers !== undefined && s.day < papers.day) {
        run.warn(
          'EVENT_OUT_OF_ORDER',
          `${evLabel(s)} is dated before ${evLabel(papers)}, which produced the papers to serve.`,
          [papers, s],
        );
      }
      if (s.method !== 'PERSONAL') {
        run.warn(
          'SERVICE_NOT_PERSONAL',
          `${evLabel(s)} was ${s.method === 'MAIL' ? 'by mail' : 'made electronically'}; ${opts.renewal ? 'renewal papers' : 'the petition, temporary order and notice of hearing'} must be personally served, and mail never lengthens the ${opts.renewal ? 'service' : `${law.serviceDays}-day`} requirement. It does not count as service here.`,
          [s],
        );
        continue;
      }
      if (s.day > hearing.day) {
        run.warn(
          'SERVED_AFTER_HEARING',
          `${evLabel(s)} is after the hearing on ${longLabel(hearing.day)}.`,
          [hearing, s],
        );
      } else if (s.day > back.date) {
        run.warn(
          'SERVED_LATE',
          `${evLabel(s)} is after the last day to serve, ${longLabel(back.date)}: less than ${plural(days, 'day')} before the hearing on ${longLabel(hearing.day)}.`,
          [hearing, s],
        );
      } else if (metBy === undefined) {
        metBy = s;
      }
    }
    if (metBy !== undefined) {
      status = 'MET';
      steps.push(`Met: personally served ${longLabel(metBy.day)}${atTime(metBy)}.`);
    } else if (opts.held !== undefined) {
      status = 'SUPERSEDED';
      steps.push(
        `Superseded: the hearing was held (${opts.renewal ? 'renewal order' : 'order after hearing'} issued ${longLabel(opts.held.day)}).`,
      );
    }
    run.emit({
      key: `${prefix}SERVICE_DEADLINE`,
      kind: 'SERVICE_DEADLINE',
      day: back.date,
      status,
      ruleId: opts.renewal ? run.rules.renewalService : run.rules.service,
      ruleDay: hearing.day,
      explanation: steps,
      advisory,
      interpretations,
      basedOn: [hearing, shortened, metBy],
    });
  } catch (err) {
    run.outOfRange(err, `The ${opts.renewal ? 'renewal ' : ''}service deadline`, [
      hearing,
      shortened,
    ]);
  }
}

/** Where each family's statute keeps a temporary order in effect through a continued hearing. */
const TRO_CONTINUED_CITATION: Readonly<Record<Family, string>> = {
  DV: 'Fam. Code § 245(c)',
  CH: 'CCP § 527.6(p)',
  WV: 'CCP § 527.8(q)',
  SV: 'CCP § 527.85',
  EA: 'Welf. & Inst. Code § 15657.03',
  GV: 'Pen. Code § 18155',
};

function lastWithWrittenExpiry(events: readonly Ev[]): Ev | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.expiresDay !== undefined) return e;
  }
  return undefined;
}

function deriveTroExpiry(run: Run, state: CaseState, limits: HearingLimits | undefined): void {
  const { law, family } = run;
  const tro = state.petition.decision;
  if (tro?.type !== 'TRO_GRANTED') return;
  const D = tro.day;
  const track = state.petition;
  const hearing = currentHearing(track);
  const continued = track.continuances.length > 0;
  const steps: string[] = [`${law.tro} granted ${longLabel(D)} (${law.forms.tro}).`];
  const interpretations: string[] = [];
  let day: DayNumber;
  let second: number | undefined;
  /** The latest expiry the statute allows, where it sets one. */
  let cap: DayNumber | undefined;

  switch (law.troLasts) {
    case 'UNTIL_HEARING': {
      const citation =
        family === 'DV' ? 'Fam. Code §§ 242(b), 245(c)' : 'Welf. & Inst. Code § 15657.03';
      if (hearing !== undefined && continued) {
        day = hearing.day;
        steps.push(
          `The hearing was continued to ${longLabel(day)}: the ${law.tro} stays in effect until the end of the continued hearing unless the court orders otherwise (${family === 'DV' ? 'Fam. Code § 245(c)' : citation}); the order on the continuance${family === 'DV' ? ' (DV-116)' : ''} must state the new expiration date${family === 'DV' ? ' (§ 245(d))' : ''}.`,
        );
      } else if (
        hearing !== undefined &&
        limits?.goodCause !== undefined &&
        hearing.day > limits.goodCause.date
      ) {
        day = limits.goodCause.date;
        steps.push(
          `The hearing is set for ${longLabel(hearing.day)}, beyond the 25-day limit: without an extension the ${law.tro} is no longer enforceable after ${longLabel(day)} (${citation}).`,
        );
      } else if (hearing !== undefined) {
        day = hearing.day;
        steps.push(
          `It lasts until the end of the hearing on ${longLabel(day)} (${law.forms.tro}; ${citation}).`,
        );
      } else if (limits !== undefined) {
        day = limits.latest.date;
        steps.push(
          `No hearing is set yet. The ${law.tro} lasts until the end of the hearing, which must be held by ${longLabel(day)} (25 days with good cause); without a timely hearing it stops being enforceable (${citation}).`,
        );
        interpretations.push(
          `No hearing is recorded; the 21-day hearing limit is shown as the ${law.tro}'s end until a hearing is set.`,
        );
      } else {
        return;
      }
      break;
    }
    case 'CAPPED': {
      // CCP 527.6(f),(p) and the parallel 527.8 / 527.85: at most 21 days, 25 if the
      // hearing was extended for good cause, unless continued (then to the continued hearing).
      const cap21 = D + 21;
      const cap25 = D + 25;
      if (hearing !== undefined && continued) {
        day = hearing.day;
        steps.push(
          `The hearing was continued to ${longLabel(day)}: the ${law.tro} remains in effect until the end of the continued hearing.`,
        );
      } else if (hearing !== undefined && hearing.day <= cap21) {
        day = hearing.day;
        cap = cap21;
        steps.push(
          `It lasts until the end of the hearing on ${longLabel(day)}, within its 21-day maximum (${longLabel(cap21)}).`,
        );
      } else if (hearing !== undefined && hearing.day <= cap25) {
        day = hearing.day;
        cap = cap25;
        steps.push(
          `The hearing on ${longLabel(day)} is after day 21; with the hearing extended for good cause the ${law.tro} may last up to 25 days (${longLabel(cap25)}), so it lasts until the end of the hearing.`,
        );
      } else if (hearing !== undefined) {
        day = cap25;
        second = END_OF_DAY_SECONDS;
        cap = cap25;
        steps.push(
          `It may last no more than 25 days, to the end of ${longLabel(cap25)}; the hearing on ${longLabel(hearing.day)} is later. Expirations are not extended to a court day.`,
        );
        run.warn(
          'TRO_EXPIRES_BEFORE_HEARING',
          `The ${law.tro} granted ${longLabel(D)} ends ${longLabel(cap25)}, before the hearing on ${longLabel(hearing.day)}: a gap in protection unless the hearing is continued or the order extended.`,
          [tro, hearing],
        );
      } else {
        day = cap21;
        second = END_OF_DAY_SECONDS;
        cap = cap25;
        steps.push(
          `No hearing is set yet. It may last no more than 21 days: to the end of ${longLabel(cap21)} (25 days, ${longLabel(cap25)}, if the court extends the hearing time for good cause).`,
        );
        interpretations.push(
          'No hearing is recorded; the 21-day maximum is shown until a hearing is set.',
        );
      }
      break;
    }
    case 'FIXED_21': {
      day = D + 21;
      second = END_OF_DAY_SECONDS;
      cap = day;
      steps.push(
        `It expires no later than 21 days after the date on the order: the end of ${longLabel(day)}. Expirations are not extended to a court day.`,
      );
      if (hearing !== undefined && hearing.day > day) {
        run.warn(
          'TRO_EXPIRES_BEFORE_HEARING',
          `The ${law.tro} issued ${longLabel(D)} expires ${longLabel(day)}, before the hearing on ${longLabel(hearing.day)}: a gap in protection.`,
          [tro, hearing],
        );
      }
      break;
    }
    default: {
      const unhandled: never = law.troLasts;
      throw new Error(`unhandled TRO model ${String(unhandled)}`);
    }
  }

  // A date the court wrote (on the TRO, or on the order continuing the hearing) controls. Once
  // the hearing is continued, the temporary order "shall remain in effect until the end of the
  // continued hearing, unless otherwise ordered" (Fam. Code § 245(c); CCP §§ 527.6(p), 527.8(q),
  // 527.85; W&I § 15657.03): only the latest continuance's own written date can say otherwise,
  // so a date written on the TRO or on an earlier continuance stops controlling. (The ex parte
  // GVRO's 21 days are not extended by a continuance, so there every written date still counts.)
  const latestContinuance = track.continuances[track.continuances.length - 1];
  const endFollowsContinuance = latestContinuance !== undefined && law.troLasts !== 'FIXED_21';
  const writtenBy = endFollowsContinuance
    ? latestContinuance.expiresDay !== undefined
      ? latestContinuance
      : undefined
    : (lastWithWrittenExpiry(track.continuances) ??
      (tro.expiresDay !== undefined ? tro : undefined));
  if (endFollowsContinuance && writtenBy === undefined) {
    const earlier = lastWithWrittenExpiry([tro, ...track.continuances]);
    if (earlier?.expiresDay !== undefined) {
      steps.push(
        `The expiration written earlier (${longLabel(earlier.expiresDay)}, ${evLabel(earlier)}) no longer controls: the hearing was continued afterwards (${evLabel(latestContinuance)}) without a new date, and the ${law.tro} remains in effect until the end of the continued hearing unless the court orders otherwise (${TRO_CONTINUED_CITATION[family]}).`,
      );
    }
  }
  const advisory: Advisory = {};
  if (writtenBy?.expiresDay !== undefined) {
    advisory.computedDate = formatDay(day);
    const written = writtenBy.expiresDay;
    steps.push(
      `The court wrote the expiration on the order (${evLabel(writtenBy)}): ${longLabel(written)}${writtenBy.expiresTime === undefined ? '' : ` at ${writtenBy.expiresTime}`}; the written date controls.`,
    );
    if (cap !== undefined && written > cap && !continued) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        `${evLabel(writtenBy)}: the written expiration ${longLabel(written)} is later than the statutory maximum ${longLabel(cap)}.`,
        [writtenBy],
      );
    }
    if (written < D) {
      run.warn(
        'EXPIRY_NOT_AFTER_ISSUANCE',
        `${evLabel(writtenBy)}: the written expiration ${longLabel(written)} is before the ${law.tro} was granted.`,
        [writtenBy],
      );
    }
    day = written;
    second =
      writtenBy.expiresTime === undefined
        ? END_OF_DAY_SECONDS
        : parseLocalTimeSeconds(writtenBy.expiresTime);
  }

  let status: DeadlineStatus = 'OPEN';
  const order = state.order;
  if (order !== undefined && order.day <= day) {
    status = 'SUPERSEDED';
    steps.push(
      `Superseded: the order after hearing issued ${longLabel(order.day)} replaced the ${law.tro}.`,
    );
  }
  const e: Emit = {
    key: 'TRO_EXPIRES',
    kind: 'TRO_EXPIRES',
    day,
    status,
    ruleId: run.rules.troExpiry,
    ruleDay: D,
    explanation: steps,
    interpretations,
    basedOn: [tro, track.set, ...track.continuances, order],
  };
  if (second !== undefined) e.second = second;
  if (Object.keys(advisory).length > 0) e.advisory = advisory;
  run.emit(e);
}

// ---- the order after hearing and its renewals -------------------------------------------

interface OrderTerm {
  /** The ORDER_AFTER_HEARING or ORDER_RENEWED that set it. */
  ev: Ev;
  /** null = permanent. */
  expires: DayNumber | null;
  second: number;
  ruleId: string;
  steps: string[];
  interpretations: string[];
  advisory: Advisory;
}

/** A term that has an expiry date (not permanent). */
type DatedTerm = OrderTerm & { expires: DayNumber };

function isDated(term: OrderTerm): term is DatedTerm {
  return term.expires !== null;
}

function initialOrderTerm(run: Run, order: Ev, state: CaseState): OrderTerm {
  const { law, family } = run;
  const issued = order.day;
  const steps: string[] = [];
  const interpretations: string[] = [];
  const advisory: Advisory = {};
  const petition = state.petition.petition ?? state.petition.decision;
  if (petition !== undefined && issued < petition.day) {
    run.warn('EVENT_OUT_OF_ORDER', `${evLabel(order)} is dated before ${evLabel(petition)}.`, [
      petition,
      order,
    ]);
  }
  const max = addYearsClampedDay(issued, law.orderMaxYears).day;
  advisory.statutoryMaximum = formatDay(max);
  if (order.permanent) {
    run.warn(
      'PERMANENT_NOT_AVAILABLE',
      `${evLabel(order)} is marked permanent, but an order after hearing for a ${law.name} lasts at most ${plural(law.orderMaxYears, 'year')}${law.permanentRenewal ? ' (only a renewal can be permanent)' : ''}; it is treated as not permanent.`,
      [order],
    );
  }
  let expires: DayNumber;
  let second = END_OF_DAY_SECONDS;
  steps.push(`Order after hearing issued ${longLabel(issued)} (${law.forms.order}).`);
  if (order.expiresDay !== undefined) {
    expires = order.expiresDay;
    steps.push(
      `The order states its expiration: ${longLabel(expires)}${order.expiresTime === undefined ? '' : ` at ${order.expiresTime}`}.`,
    );
    if (order.expiresTime !== undefined) second = parseLocalTimeSeconds(order.expiresTime);
    if (expires <= issued) {
      run.warn(
        'EXPIRY_NOT_AFTER_ISSUANCE',
        `${evLabel(order)}: the written expiration ${longLabel(expires)} is not after the order was issued.`,
        [order],
      );
    }
    if (expires > max) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        `${evLabel(order)}: the written expiration ${longLabel(expires)} is later than the ${plural(law.orderMaxYears, 'year')} the statute allows (${longLabel(max)}).`,
        [order],
      );
    }
    if (law.orderMinYears !== null && expires < addYearsClampedDay(issued, law.orderMinYears).day) {
      run.warn(
        'EXPIRY_BELOW_STATUTORY_MIN',
        `${evLabel(order)}: the written expiration ${longLabel(expires)} is less than the ${plural(law.orderMinYears, 'year')} minimum.`,
        [order],
      );
    }
    if (permanentAndExpiry(run, order))
      steps.push('Marked permanent but with an expiration date: the expiration date is used.');
  } else {
    const d = addYearsClampedDay(issued, law.orderDefaultYears);
    expires = d.day;
    if (law.orderDefaultIsStatutory) {
      steps.push(
        `No expiration date is written: ${plural(law.orderDefaultYears, 'year')} from issuance, ${longLabel(expires)}.`,
      );
    } else {
      steps.push(
        `No expiration date is written and the statute sets no default (the court sets 1 to 5 years): the shortest term, ${plural(law.orderDefaultYears, 'year')}, is assumed: ${longLabel(expires)}.`,
      );
      interpretations.push(
        `No default duration for a ${law.name} with no end date was found; the shortest lawful term is used so reminders come early. Enter the date written on the order.`,
      );
      run.warn(
        'EXPIRY_NOT_WRITTEN',
        `${evLabel(order)}: no expiration entered; ${longLabel(expires)} (the shortest term) is assumed until the written date is entered.`,
        [order],
      );
    }
    if (d.clamped)
      leapDayNote(expires, issued, law.orderDefaultYears, steps, interpretations, advisory);
  }
  if (order.expiresTime === undefined) {
    steps.push(
      `It ends at the end of ${longLabel(expires)}${family === 'DV' ? ' (DV-130: "If no time is written, the restraining order ends at midnight on the expiration date")' : ''}. Expirations are not extended to a court day.`,
    );
    interpretations.push(
      "'Midnight on' the expiration date is read as the end of that day (23:59:59), not its start.",
    );
  }
  return {
    ev: order,
    expires,
    second,
    ruleId: run.rules.orderExpiry,
    steps,
    interpretations,
    advisory,
  };
}

function permanentAndExpiry(run: Run, ev: Ev): boolean {
  if (!ev.permanent || ev.expiresDay === undefined) return false;
  run.warn(
    'PERMANENT_WITH_EXPIRY',
    `${evLabel(ev)} is marked permanent and also has an expiration date (${longLabel(ev.expiresDay)}); the expiration date is used.`,
    [ev],
  );
  return true;
}

function leapDayNote(
  expires: DayNumber,
  issued: DayNumber,
  years: number,
  steps: string[],
  interpretations: string[],
  advisory: Advisory,
): void {
  steps.push(
    `${longLabel(issued)} has no anniversary ${plural(years, 'year')} later (no Feb 29); the earlier date, Feb 28, is used.`,
  );
  advisory.alternativeDate = formatDay(expires + 1);
  interpretations.push(
    `Feb 29 + ${plural(years, 'year')}: no statute fixes the anniversary; ${formatDay(expires)} is used (the earlier, conservative date) rather than ${formatDay(expires + 1)}.`,
  );
}

/** The new term set by an ORDER_RENEWED, with the checks its statute imposes. */
function renewedTerm(run: Run, prev: DatedTerm, cycle: RenewalCycle, renewed: Ev): OrderTerm {
  const { law, family } = run;
  const r = renewed.day;
  const steps: string[] = [];
  const interpretations: string[] = [];
  const advisory: Advisory = {};
  const ruleId = run.rules.renewalTerm;
  const pre2023DV = family === 'DV' && formatDay(r) < '2023-01-01';
  if (cycle.filed !== undefined && r < cycle.filed.day) {
    run.warn(
      'EVENT_OUT_OF_ORDER',
      `${evLabel(renewed)} is dated before the renewal request ${evLabel(cycle.filed)}.`,
      [cycle.filed, renewed],
    );
  }
  steps.push(
    `Order renewed ${longLabel(r)} (${law.forms.renewal}); it replaced the expiration of ${longLabel(prev.expires)}.`,
  );
  let permanent = renewed.permanent;
  if (permanent && !law.permanentRenewal) {
    run.warn(
      'PERMANENT_NOT_AVAILABLE',
      `${evLabel(renewed)} is marked permanent, but a ${law.name} cannot be renewed permanently; it is treated as not permanent.`,
      [renewed],
    );
    permanent = false;
  }
  if (permanent && permanentAndExpiry(run, renewed)) permanent = false;
  if (permanent) {
    steps.push(`Renewed permanently (Fam. Code § 6345(a)): the order has no expiration date.`);
    return {
      ev: renewed,
      expires: null,
      second: END_OF_DAY_SECONDS,
      ruleId,
      steps,
      interpretations,
      advisory,
    };
  }
  // Whether a renewal term runs from the renewal order or from the old expiry is open
  // (ca-rules.md 3.3 [I]); the checks use whichever base avoids a false alarm.
  const earlyBase = Math.min(r, prev.expires);
  const lateBase = Math.max(r, prev.expires);
  let expires: DayNumber;
  let second = END_OF_DAY_SECONDS;
  if (renewed.expiresDay !== undefined) {
    expires = renewed.expiresDay;
    if (renewed.expiresTime !== undefined) second = parseLocalTimeSeconds(renewed.expiresTime);
    steps.push(
      `The renewal order states its expiration: ${longLabel(expires)}${renewed.expiresTime === undefined ? '' : ` at ${renewed.expiresTime}`}.`,
    );
    if (expires <= r) {
      run.warn(
        'EXPIRY_NOT_AFTER_ISSUANCE',
        `${evLabel(renewed)}: the written expiration ${longLabel(expires)} is not after the renewal.`,
        [renewed],
      );
    }
    const minYears = family === 'DV' ? 5 : law.renewalMinYears;
    const maxYears = pre2023DV ? 5 : law.renewalMaxYears;
    if (minYears !== null && expires < addYearsClampedDay(earlyBase, minYears).day) {
      if (family === 'DV') {
        run.warn(
          'DV_RENEWAL_UNDER_FIVE_YEARS',
          `${evLabel(renewed)}: renewed to ${longLabel(expires)}, less than 5 years; a DV order may be renewed only for five or more years or permanently (Fam. Code § 6345(a); Hart v. Hart (2025)).`,
          [renewed],
        );
      } else {
        run.warn(
          'EXPIRY_BELOW_STATUTORY_MIN',
          `${evLabel(renewed)}: renewed to ${longLabel(expires)}, less than the ${plural(minYears, 'year')} minimum.`,
          [renewed],
        );
      }
    }
    if (maxYears !== null && expires > addYearsClampedDay(lateBase, maxYears).day) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        `${evLabel(renewed)}: renewed to ${longLabel(expires)}, more than the ${plural(maxYears, 'year')} ${pre2023DV ? 'a renewal before 2023 allowed ("five years or permanently")' : 'the statute allows'}.`,
        [renewed],
      );
    }
  } else {
    // The no-date default for an order (Fam. Code 6345(c): 3 years; CCP 527.6(j)(2)...),
    // applied to the renewal order: the earliest plausible end, so reminders come early.
    const years = law.orderDefaultYears;
    const d = addYearsClampedDay(r, years);
    expires = d.day;
    steps.push(
      `No expiration date was entered for the renewal: ${plural(years, 'year')} from the renewal order is assumed, ${longLabel(expires)}.`,
    );
    interpretations.push(
      family === 'DV'
        ? 'No end date entered for the renewal: Fam. Code 6345(c) (no date stated = 3 years from issuance) is applied to the renewal order, the earliest reading; a DV renewal is normally for 5 or more years. Enter the date written on the DV-730.'
        : `No end date entered for the renewal: ${plural(years, 'year')} from the renewal order is assumed (the no-date default for an order, the earliest reading). Enter the date written on the renewal order.`,
    );
    run.warn(
      'EXPIRY_NOT_WRITTEN',
      `${evLabel(renewed)}: no expiration entered for the renewed order; ${longLabel(expires)} is assumed until the written date is entered.`,
      [renewed],
    );
    if (d.clamped) leapDayNote(expires, r, years, steps, interpretations, advisory);
  }
  if (renewed.expiresTime === undefined) {
    steps.push(
      `It ends at the end of ${longLabel(expires)}. Expirations are not extended to a court day.`,
    );
    interpretations.push(
      "'Midnight on' the expiration date is read as the end of that day (23:59:59), not its start.",
    );
  }
  return { ev: renewed, expires, second, ruleId, steps, interpretations, advisory };
}

interface FilingCheck {
  windowOpens: DayNumber;
  /** Filed inside the window and on or before expiry (counting a non-court filing day as the next court day). */
  timely: boolean;
}

function checkRenewalFiling(run: Run, term: DatedTerm, filed: Ev): FilingCheck {
  const { cal } = run;
  const windowOpens = addMonthsClampedDay(term.expires, -3).day;
  if (filed.day < term.ev.day) {
    run.warn(
      'EVENT_OUT_OF_ORDER',
      `${evLabel(filed)} is dated before the order it renews (${evLabel(term.ev)}).`,
      [term.ev, filed],
    );
  }
  // Papers lodged or e-filed on a non-court day are filed the next court day (CCP 134(d), 1010.6).
  const effective = firstCourtDayOnOrAfterDay(cal, filed.day);
  let timely = true;
  if (filed.day < windowOpens) {
    timely = false;
    run.warn(
      'RENEWAL_FILED_BEFORE_WINDOW',
      `${evLabel(filed)} is before the renewal window opened on ${longLabel(windowOpens)} (3 months before the expiration on ${longLabel(term.expires)}); the court may reject it as premature.`,
      [term.ev, filed],
    );
  }
  if (effective > term.expires) {
    timely = false;
    run.warn(
      'RENEWAL_FILED_AFTER_EXPIRY',
      `${evLabel(filed)} ${effective > filed.day ? `counts as filed on the next court day, ${longLabel(effective)}, which is` : 'is'} after the order expired on ${longLabel(term.expires)}: an expired order cannot be renewed; a new petition is needed.`,
      [term.ev, filed],
    );
  }
  return { windowOpens, timely };
}

function deriveOrder(run: Run, state: CaseState): void {
  const order = state.order;
  if (order === undefined) return;
  const { cal } = run;
  let term: OrderTerm;
  try {
    term = initialOrderTerm(run, order, state);
  } catch (err) {
    if (err instanceof CalendarRangeError) {
      run.warn(
        'OUTSIDE_CALENDAR_RANGE',
        `The order's expiration was not computed: ${err.message}.`,
        [order],
      );
      return;
    }
    throw err;
  }
  /** The last term with an expiry (what a permanent renewal replaced). */
  let lastDated: DatedTerm | undefined = isDated(term) ? term : undefined;
  let pending: { cycle: RenewalCycle; check: FilingCheck | undefined } | undefined;
  let hearingCycle: RenewalCycle | undefined;

  for (const cycle of state.renewals) {
    if (cycle.set !== undefined || cycle.continuances.length > 0) hearingCycle = cycle;
    if (!isDated(term)) {
      const ev = cycle.filed ?? cycle.renewed;
      if (ev !== undefined)
        run.warn(
          'EVENT_NOT_APPLICABLE',
          `${evLabel(ev)} was not used: the order is permanent and has nothing to renew.`,
          [ev],
        );
      continue;
    }
    const current = term;
    const check =
      cycle.filed === undefined ? undefined : checkRenewalFiling(run, current, cycle.filed);
    if (cycle.renewed === undefined) {
      pending = { cycle, check };
      continue;
    }
    term = renewedTerm(run, current, cycle, cycle.renewed);
    if (isDated(term)) lastDated = term;
  }

  if (!isDated(term)) {
    // Permanent: the expiry slots stay on subscribers' calendars, cancelled.
    if (lastDated !== undefined) {
      const replaced = lastDated.expires;
      const why = `Superseded: the order was renewed permanently on ${longLabel(term.ev.day)}; it has no expiration date.`;
      try {
        run.emit({
          key: 'ORDER_EXPIRES',
          kind: 'ORDER_EXPIRES',
          day: replaced,
          second: lastDated.second,
          status: 'SUPERSEDED',
          ruleId: term.ruleId,
          ruleDay: term.ev.day,
          explanation: [...term.steps, why],
          basedOn: [order, term.ev],
        });
        run.emit({
          key: 'RENEWAL_WINDOW_OPENS',
          kind: 'RENEWAL_WINDOW_OPENS',
          day: addMonthsClampedDay(replaced, -3).day,
          status: 'SUPERSEDED',
          ruleId: run.rules.renewalWindow,
          ruleDay: replaced,
          explanation: [why],
          basedOn: [order, term.ev],
        });
        run.emit({
          key: 'RENEWAL_DEADLINE',
          kind: 'RENEWAL_DEADLINE',
          day: lastCourtDayOnOrBeforeDay(cal, replaced),
          status: 'SUPERSEDED',
          ruleId: run.rules.renewalDeadline,
          ruleDay: replaced,
          explanation: [why],
          basedOn: [order, term.ev],
        });
      } catch (err) {
        run.outOfRange(err, 'The superseded renewal dates', [term.ev]);
      }
    }
  } else {
    const t: DatedTerm = term;
    const expires = t.expires;
    const filed = pending?.cycle.filed;
    const timely = pending?.check?.timely === true;

    // ORDER_EXPIRES: a timely renewal request keeps the order alive until the end of
    // the renewal hearing when that hearing is after the expiry (CH-710, EA-710; others parallel).
    const pendingHearing = pending !== undefined ? currentHearing(pending.cycle) : undefined;
    if (
      timely &&
      pendingHearing !== undefined &&
      pendingHearing.day > expires &&
      filed !== undefined
    ) {
      run.emit({
        key: 'ORDER_EXPIRES',
        kind: 'ORDER_EXPIRES',
        day: pendingHearing.day,
        status: 'OPEN',
        ruleId: run.rules.renewalPending,
        ruleDay: filed.day,
        explanation: [
          ...t.steps,
          `A renewal request was filed ${longLabel(filed.day)}, before the expiration of ${longLabel(expires)}; the order stays in effect until the end of the renewal hearing on ${longLabel(pendingHearing.day)}.`,
        ],
        advisory: { ...t.advisory, rawDate: formatDay(expires) },
        interpretations: t.interpretations,
        basedOn: [order, t.ev, filed, pendingHearing],
      });
    } else {
      const steps = [...t.steps];
      if (timely && filed !== undefined) {
        steps.push(
          `A renewal request was filed ${longLabel(filed.day)}; if the renewal hearing is set after ${longLabel(expires)}, the order stays in effect until that hearing.`,
        );
      }
      run.emit({
        key: 'ORDER_EXPIRES',
        kind: 'ORDER_EXPIRES',
        day: expires,
        second: t.second,
        status: 'OPEN',
        ruleId: t.ruleId,
        ruleDay: t.ev.day,
        explanation: steps,
        advisory: t.advisory,
        interpretations: t.interpretations,
        basedOn: [order, t.ev, pending?.cycle.filed],
      });
    }

    try {
      const w = addMonthsClampedDay(expires, -3);
      const first = firstCourtDayOnOrAfterDay(cal, w.day);
      const steps = [
        `The order expires ${longLabel(expires)}. A renewal may be requested any time within the 3 months before expiration.`,
        `${longLabel(expires)} minus 3 calendar months is ${longLabel(w.day)}${w.clamped ? ` (${monthYear(w.day)} has no day ${ymdFromDay(expires).day}; clamped to the end of the month)` : ''}; the window includes that day.`,
      ];
      if (first !== w.day) {
        steps.push(
          `${longLabel(w.day)} is not a court day (${courtDayInfoOf(cal, w.day).reason ?? ''}); the first day a clerk can accept a paper filing is ${longLabel(first)}.`,
        );
      }
      let status: DeadlineStatus = 'OPEN';
      if (timely && filed !== undefined) {
        status = 'MET';
        steps.push(`Met: renewal requested ${longLabel(filed.day)}.`);
      }
      run.emit({
        key: 'RENEWAL_WINDOW_OPENS',
        kind: 'RENEWAL_WINDOW_OPENS',
        day: w.day,
        status,
        ruleId: run.rules.renewalWindow,
        ruleDay: t.ev.day,
        explanation: steps,
        advisory: { firstCourtDayInWindow: formatDay(first), courtDay: first === w.day },
        interpretations: [
          "'Within the three months before the expiration' is computed as the expiration date minus 3 calendar months (day clamped to the month's end), inclusive; a conservative reading opens the window a day later.",
        ],
        basedOn: [t.ev, filed],
      });
    } catch (err) {
      run.outOfRange(err, 'The renewal window', [t.ev]);
    }

    try {
      const last = lastCourtDayOnOrBeforeDay(cal, expires);
      const steps = [
        `The renewal request must be filed before the order expires on ${longLabel(expires)}.`,
      ];
      if (last !== expires) {
        const skipped: DayNumber[] = [];
        for (let d = last + 1; d <= expires; d++) skipped.push(d);
        steps.push(
          `${longLabel(expires)} is not a court day; the last court day on or before it is ${longLabel(last)} (skipping ${skippedList(cal, skipped)}).`,
        );
      } else {
        steps.push(`${longLabel(expires)} is a court day: the last day to file.`);
      }
      steps.push(
        'No CCP § 12a extension applies: after the expiration there is no order left to renew, and a paper e-filed on a non-court day counts as filed the next court day.',
      );
      let status: DeadlineStatus = 'OPEN';
      if (timely && filed !== undefined) {
        status = 'MET';
        steps.push(`Met: renewal requested ${longLabel(filed.day)}.`);
      }
      run.emit({
        key: 'RENEWAL_DEADLINE',
        kind: 'RENEWAL_DEADLINE',
        day: last,
        status,
        ruleId: run.rules.renewalDeadline,
        ruleDay: t.ev.day,
        explanation: steps,
        advisory: { rawDate: formatDay(expires), lastCourtDayOnOrBefore: formatDay(last) },
        interpretations: [
          'No authority applies CCP 12a to extend a renewal filing past an expiration on a weekend or holiday; the last court day on or before the expiration is used.',
        ],
        basedOn: [t.ev, filed],
      });
    } catch (err) {
      run.outOfRange(err, 'The renewal deadline', [t.ev]);
    }
  }

  if (hearingCycle !== undefined) {
    deriveHearingAndService(run, hearingCycle, {
      renewal: true,
      papers: hearingCycle.filed,
      held: hearingCycle.renewed,
      defaultServiceDays: undefined,
    });
  }
}

function byDateThenInstantThenKey(a: Out, b: Out): number {
  if (a.day !== b.day) return a.day - b.day;
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return a.deadline.key < b.deadline.key ? -1 : a.deadline.key > b.deadline.key ? 1 : 0;
}

function applyTermination(run: Run, state: CaseState): void {
  const term = state.terminated;
  if (term === undefined) return;
  for (const o of run.out) {
    const d = o.deadline;
    if (d.status === 'OPEN' && o.day >= term.day) {
      d.status = 'SUPERSEDED';
      d.explanation.push(`Superseded: the order was terminated on ${longLabel(term.day)}.`);
      if (term.id !== undefined && !d.basedOn.includes(term.id)) d.basedOn.push(term.id);
    }
  }
}

/**
 * Computes a case's deadlines and warnings. Pure: plain values in, plain values out.
 * Throws EngineInputError (with `field`) only for input it cannot read: an unknown
 * court or a malformed date. Validate with parseComputeInput first to get every
 * problem at once.
 */
export function computeDeadlines(input: ComputeInput, options?: ComputeOptions): ComputeResult {
  const calendars = options?.calendars ?? defaultCourtCalendars;
  let cal: CourtCalendar;
  try {
    cal = calendars.get(input.court);
  } catch (err) {
    if (err instanceof EngineInputError) err.field = 'court';
    throw err;
  }
  const law = FAMILY_LAW[input.family];
  if (law === undefined)
    throw new EngineInputError(
      'INVALID_ARGUMENT',
      `unknown family: ${String(input.family)}`,
      'family',
    );
  const run = new Run(cal, input.family, law);
  const events: Ev[] = [];
  for (let i = 0; i < input.events.length; i++)
    events.push(new Ev(i, input.events[i] as CaseEvent));
  const state = fold(run, events);

  let limits: HearingLimits | undefined;
  const trigger = hearingTrigger(run, state);
  if (trigger !== undefined) {
    try {
      limits = {
        trigger,
        latest: addCalendarDaysRollForwardDay(cal, trigger.ev.day, law.hearingDays),
        goodCause:
          law.goodCauseDays === null
            ? undefined
            : addCalendarDaysRollForwardDay(cal, trigger.ev.day, law.goodCauseDays),
      };
    } catch (err) {
      run.outOfRange(err, 'The hearing limits', [trigger.ev]);
    }
  }
  try {
    deriveEmergencyOrder(run, state, limits);
  } catch (err) {
    run.outOfRange(err, 'The emergency order expiration', [state.epo]);
  }
  if (limits !== undefined) {
    try {
      deriveHearingLimits(run, state, limits);
    } catch (err) {
      run.outOfRange(err, 'The hearing limits', [trigger?.ev]);
    }
  }
  deriveHearingAndService(run, state.petition, {
    renewal: false,
    papers: state.petition.petition ?? state.petition.decision,
    held: state.order,
    defaultServiceDays: law.serviceDays,
  });
  try {
    deriveTroExpiry(run, state, limits);
  } catch (err) {
    run.outOfRange(err, 'The temporary order expiration', [state.petition.decision]);
  }
  deriveOrder(run, state);
  applyTermination(run, state);

  // Insertion sort: a case has about ten deadlines, and it is stable.
  const out = run.out;
  for (let i = 1; i < out.length; i++) {
    const item = out[i] as Out;
    let j = i - 1;
    while (j >= 0 && byDateThenInstantThenKey(out[j] as Out, item) > 0) {
      out[j + 1] = out[j] as Out;
      j--;
    }
    out[j + 1] = item;
  }
  const deadlines: Deadline[] = [];
  for (const o of out) deadlines.push(o.deadline);
  return { deadlines, warnings: run.warnings };
}

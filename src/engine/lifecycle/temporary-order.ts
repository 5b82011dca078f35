// Stage: the temporary order's end (TRO_EXPIRES).
//
// How long it lasts is the rule's `lasts` (law/<family>.ts): until the end of the
// hearing (DV, EA), at most `maxDays` or `maxDaysGoodCause` days unless the hearing is
// continued (CH, WV, SV), or a fixed number of days (an ex parte GVRO). A continued
// hearing keeps it in effect where the rule's `continuance` says so. A date the court
// wrote controls, except that once the hearing is continued only the latest
// continuance's own written date can say otherwise (Fam. Code § 245(c); CCP
// §§ 527.6(p), 527.8(q), 527.85; W&I § 15657.03).
//
// A cap is an expiration, never extended to a court day (TRO.CAP_NOT_EXTENDED), while the
// hearing limits are acts that are: when the extended hearing deadline, or a hearing set on
// it, falls after the cap, the order ends at the cap and the engine warns of the gap.

import { courtDayInfoOf } from '../calendar.js';
import { lastCourtDayOnOrBefore } from '../counting.js';
import { formatDay, type DayNumber } from '../days.js';
import type { InterpretationId } from '../law/interpretations.js';
import { versionOn, type TemporaryOrderNumbers } from '../law/model.js';
import { END_OF_DAY_SECONDS, parseLocalTimeSeconds } from '../time-zone.js';
import type { Advisory, DeadlineStatus } from '../types.js';
import { currentHearing, grantedTemporaryOrder, type CaseState, type Ev } from './events.js';
import type { HearingLimits } from './hearing-limits.js';
import { warnings as say } from './narrator/warnings.js';
import { computed, type Computed, type Run } from './run.js';

/** Which limb set the end, before any written date. */
export type TemporaryOrderLimb =
  /** The hearing was continued: to the end of the continued hearing. */
  | { by: 'continuedHearing'; hearing: Ev }
  /** To the end of the hearing set (within the cap, where there is one). */
  | { by: 'hearing'; hearing: Ev; cap: DayNumber | undefined }
  /** Capped: the hearing is after the plain cap but within the good-cause cap. */
  | { by: 'hearingWithinGoodCauseCap'; hearing: Ev; cap: DayNumber }
  /** Until the hearing, but the hearing is beyond the good-cause limit: unenforceable after it. */
  | { by: 'goodCauseLimit'; hearing: Ev; limit: DayNumber }
  /** Until the hearing, none set: the plain hearing limit is shown (and the good-cause one beside it). */
  | { by: 'hearingLimit'; limit: DayNumber; goodCauseLimit: DayNumber | undefined }
  /** Capped, and the hearing is later than the good-cause cap. */
  | { by: 'goodCauseCap'; hearing: Ev; cap: DayNumber }
  /**
   * Capped: the hearing is after the plain cap only because the hearing deadline was
   * extended past a non-court day; no good cause was needed, so the plain cap holds.
   */
  | { by: 'capBeforeRolledHearing'; hearing: Ev; cap: DayNumber }
  /** Capped, no hearing set: the plain cap is shown. */
  | { by: 'cap'; cap: DayNumber; goodCauseCap: DayNumber }
  /** A fixed term. */
  | { by: 'fixedDays'; end: DayNumber };

/** The readings a temporary order's end can rest on. */
export type TemporaryOrderReading = Extract<
  InterpretationId,
  'TRO.UNTIL_HEARING.NO_HEARING_SET' | 'TRO.CAPPED.NO_HEARING_SET' | 'TRO.CAP_NOT_EXTENDED'
>;

export interface TemporaryOrderResult {
  deadline: Computed;
  stage: 'temporaryOrder';
  granted: Ev;
  numbers: TemporaryOrderNumbers;
  /** The good-cause hearing limit in days, where the family has one. */
  goodCauseDays: number | undefined;
  hearingDays: number | undefined;
  limb: TemporaryOrderLimb;
  /** A date written on the TRO or an earlier continuance that a later continuance overrode. */
  overridden: { earlier: Ev; day: DayNumber; continuance: Ev } | undefined;
  written: { by: Ev; day: DayNumber; time: string | undefined } | undefined;
  /** The hearing deadline is extended past the order's end: set the hearing by this court day. */
  gap: { hearingDeadline: DayNumber; lastCourtDay: DayNumber } | undefined;
  /** The cap that governs, when it falls on a non-court day (TRO.CAP_NOT_EXTENDED). */
  capOnNonCourtDay: { days: number; day: DayNumber } | undefined;
  supersededBy: Ev | undefined;
  readings: TemporaryOrderReading[];
}

function lastWithWrittenExpiry(events: readonly Ev[]): Ev | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.expiresDay !== undefined) return e;
  }
  return undefined;
}

/** The limb before any written date, and the statutory cap where there is one. */
function limbOf(
  run: Run,
  n: TemporaryOrderNumbers,
  granted: Ev,
  hearing: Ev | undefined,
  continued: boolean,
  limits: HearingLimits | undefined,
  readings: TemporaryOrderReading[],
): TemporaryOrderLimb | undefined {
  const D = granted.day;
  switch (n.lasts) {
    case 'untilHearing': {
      if (hearing !== undefined && continued) return { by: 'continuedHearing', hearing };
      const goodCause = limits?.goodCause;
      if (hearing !== undefined && goodCause !== undefined && hearing.day > goodCause.roll.date)
        return { by: 'goodCauseLimit', hearing, limit: goodCause.roll.date };
      if (hearing !== undefined) return { by: 'hearing', hearing, cap: undefined };
      if (limits === undefined) return undefined;
      readings.push('TRO.UNTIL_HEARING.NO_HEARING_SET');
      return {
        by: 'hearingLimit',
        limit: limits.latest.date,
        goodCauseLimit: limits.goodCause?.roll.date,
      };
    }
    case 'capped': {
      const cap = D + n.maxDays;
      const goodCauseCap = D + n.maxDaysGoodCause;
      if (hearing !== undefined && continued) return { by: 'continuedHearing', hearing };
      if (hearing !== undefined && hearing.day <= cap) return { by: 'hearing', hearing, cap };
      // After the plain cap: lawful without good cause only when the hearing deadline was
      // extended past a non-court day, and then the plain cap holds (TRO.CAP_NOT_EXTENDED).
      const sameClock = limits !== undefined && limits.trigger.ev === granted;
      if (hearing !== undefined && sameClock && hearing.day <= limits.latest.date) {
        run.warn(
          'TRO_EXPIRES_BEFORE_HEARING',
          say.temporaryOrderCapBeforeRolledHearing(run.law.temporaryOrder, D, cap, hearing.day),
          [granted, hearing],
        );
        return { by: 'capBeforeRolledHearing', hearing, cap };
      }
      if (hearing !== undefined && hearing.day <= goodCauseCap)
        return { by: 'hearingWithinGoodCauseCap', hearing, cap: goodCauseCap };
      if (hearing !== undefined) {
        run.warn(
          'TRO_EXPIRES_BEFORE_HEARING',
          say.temporaryOrderCapBeforeHearing(run.law.temporaryOrder, D, goodCauseCap, hearing.day),
          [granted, hearing],
        );
        return { by: 'goodCauseCap', hearing, cap: goodCauseCap };
      }
      readings.push('TRO.CAPPED.NO_HEARING_SET');
      return { by: 'cap', cap, goodCauseCap };
    }
    case 'fixed': {
      const end = D + n.maxDays;
      if (hearing !== undefined && hearing.day > end) {
        run.warn(
          'TRO_EXPIRES_BEFORE_HEARING',
          say.temporaryOrderExpiresBeforeHearing(run.law.temporaryOrder, D, end, hearing.day),
          [granted, hearing],
        );
      }
      return { by: 'fixedDays', end };
    }
    default: {
      const unhandled: never = n;
      throw new Error(`unhandled temporary order term ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The end the limb gives: its day, its time where the end is a day's end, its cap. */
function endOf(limb: TemporaryOrderLimb): { day: DayNumber; second?: number; cap?: DayNumber } {
  switch (limb.by) {
    case 'continuedHearing':
      return { day: limb.hearing.day };
    case 'hearing':
      return limb.cap === undefined
        ? { day: limb.hearing.day }
        : { day: limb.hearing.day, cap: limb.cap };
    case 'hearingWithinGoodCauseCap':
      return { day: limb.hearing.day, cap: limb.cap };
    case 'goodCauseLimit':
      return { day: limb.limit };
    case 'hearingLimit':
      return { day: limb.limit };
    case 'goodCauseCap':
    case 'capBeforeRolledHearing':
      return { day: limb.cap, second: END_OF_DAY_SECONDS, cap: limb.cap };
    case 'cap':
      return { day: limb.cap, second: END_OF_DAY_SECONDS, cap: limb.goodCauseCap };
    case 'fixedDays':
      return { day: limb.end, second: END_OF_DAY_SECONDS, cap: limb.end };
    default: {
      const unhandled: never = limb;
      throw new Error(`unhandled limb ${JSON.stringify(unhandled)}`);
    }
  }
}

export function temporaryOrderExpiry(
  run: Run,
  state: CaseState,
  limits: HearingLimits | undefined,
): TemporaryOrderResult | undefined {
  const tro = grantedTemporaryOrder(state);
  if (tro === undefined) return undefined;
  const rule = run.law.rules.temporaryOrderExpiry;
  const version = versionOn(rule.versions, tro.day);
  const n = version.numbers;
  const track = state.petition;
  const hearing = currentHearing(track);
  const continued = track.continuances.length > 0;
  const readings: TemporaryOrderReading[] = [];
  const limb = limbOf(run, n, tro, hearing, continued, limits, readings);
  if (limb === undefined) return undefined;
  const end = endOf(limb);
  let day = end.day;
  let second = end.second;

  let advisory: Advisory | undefined;
  // Once the hearing is continued, only the latest continuance's own written date can
  // shorten it; where a continuance does not extend the order, every written date counts.
  const latestContinuance = track.continuances[track.continuances.length - 1];
  const endFollowsContinuance = latestContinuance !== undefined && rule.continuance !== null;
  const writtenBy = endFollowsContinuance
    ? latestContinuance.expiresDay !== undefined
      ? latestContinuance
      : undefined
    : (lastWithWrittenExpiry(track.continuances) ??
      (tro.expiresDay !== undefined ? tro : undefined));
  let overridden: TemporaryOrderResult['overridden'];
  if (endFollowsContinuance && writtenBy === undefined) {
    const earlier = lastWithWrittenExpiry([tro, ...track.continuances]);
    if (earlier?.expiresDay !== undefined)
      overridden = { earlier, day: earlier.expiresDay, continuance: latestContinuance };
  }
  let written: TemporaryOrderResult['written'];
  if (writtenBy?.expiresDay !== undefined) {
    advisory = { computedDate: formatDay(day) };
    const writtenDay = writtenBy.expiresDay;
    const time = writtenBy.expiresTime;
    written = { by: writtenBy, day: writtenDay, time };
    if (end.cap !== undefined && writtenDay > end.cap && !continued) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        say.temporaryOrderWrittenBeyondCap(writtenBy, writtenDay, end.cap),
        [writtenBy],
      );
    }
    if (writtenDay < tro.day) {
      run.warn(
        'EXPIRY_NOT_AFTER_ISSUANCE',
        say.temporaryOrderWrittenBeforeGranted(writtenBy, writtenDay, run.law.temporaryOrder),
        [writtenBy],
      );
    }
    day = writtenDay;
    second = time === undefined ? END_OF_DAY_SECONDS : parseLocalTimeSeconds(time);
  }

  // A cap or fixed term ending on a non-court day is not extended (TRO.CAP_NOT_EXTENDED)...
  let capOnNonCourtDay: TemporaryOrderResult['capOnNonCourtDay'];
  const capDays = written === undefined ? capDaysOf(limb, n) : undefined;
  if (capDays !== undefined && !courtDayInfoOf(run.cal, day).courtDay) {
    capOnNonCourtDay = { days: capDays, day };
    readings.push('TRO.CAP_NOT_EXTENDED');
  }
  // ...so with no hearing set, the extended hearing deadline can fall after it: the same gap
  // the emergency GVRO warns of (GAP.HEARING_AFTER_EXPIRY).
  let gap: TemporaryOrderResult['gap'];
  if (
    written === undefined &&
    (limb.by === 'cap' || limb.by === 'fixedDays') &&
    hearing === undefined &&
    limits !== undefined &&
    limits.trigger.ev === tro &&
    limits.latest.date > day
  ) {
    const lastCourtDay = lastCourtDayOnOrBefore(run.cal, day);
    gap = { hearingDeadline: limits.latest.date, lastCourtDay };
    advisory = { lastCourtDayBeforeExpiry: formatDay(lastCourtDay) };
    run.warn(
      'TRO_EXPIRES_BEFORE_HEARING_DEADLINE',
      say.emergencyGap(run.law.temporaryOrder, day, limits.latest.date, lastCourtDay),
      [tro],
    );
  }

  const order = state.order;
  const superseded = order !== undefined && order.day <= day;
  const status: DeadlineStatus = superseded ? 'SUPERSEDED' : 'OPEN';
  if (superseded) advisory = { ...advisory, supersededBy: 'ORDER_AFTER_HEARING' };
  const goodCause = limits?.goodCause;
  return {
    stage: 'temporaryOrder',
    deadline: computed('TRO_EXPIRES', 'TRO_EXPIRES', day, second, status, version, advisory, [
      tro,
      track.set,
      ...track.continuances,
      order,
    ]),
    granted: tro,
    numbers: n,
    goodCauseDays: goodCause?.days,
    hearingDays: limits?.days,
    limb,
    overridden,
    written,
    gap,
    capOnNonCourtDay,
    supersededBy: superseded ? order : undefined,
    readings,
  };
}

/** The days of the cap or fixed term that set the end, if one did. */
function capDaysOf(limb: TemporaryOrderLimb, n: TemporaryOrderNumbers): number | undefined {
  if (n.lasts === 'untilHearing') return undefined;
  switch (limb.by) {
    case 'cap':
    case 'capBeforeRolledHearing':
    case 'fixedDays':
      return n.maxDays;
    case 'goodCauseCap':
      return n.lasts === 'capped' ? n.maxDaysGoodCause : undefined;
    case 'continuedHearing':
    case 'hearing':
    case 'hearingWithinGoodCauseCap':
    case 'goodCauseLimit':
    case 'hearingLimit':
      return undefined;
  }
}

// The counting primitives of California time computation, on day numbers, each
// returning what it skipped so explanations can name every weekend, holiday and
// closure. Each exists once: the engine's public functions of the same names
// (index.ts) take and return 'YYYY-MM-DD' strings and call these. Names follow the law:
//
// - CCP 12: exclude the first day (the trigger), include the last.
// - CCP 12a: if the last day for an ACT is a holiday (Saturday, Sunday, CCP 135
//   holiday, CCP 12b closure), extend to the next court day. Expirations are not acts
//   and never roll (ca-rules.md 1.3 [I]).
// - CCP 12c: an act due N days before a hearing is counted back from the hearing,
//   excluding the hearing day. We never move that day later (ca-rules.md 1.4 [I]).

import { reasonIndexOf, type CourtCalendar } from './calendar.js';
import type { DayNumber } from './days.js';

export interface ForwardRoll {
  /** trigger + n calendar days. */
  raw: DayNumber;
  /** raw, or the next court day after it (CCP 12a). */
  date: DayNumber;
  /** The non-court days passed over by the roll (raw .. date-1). */
  skipped: DayNumber[];
}

/** N calendar days after the trigger; a non-court last day rolls to the next court day (CCP 12, 12a). */
export function addCalendarDaysRollForward(
  cal: CourtCalendar,
  trigger: DayNumber,
  n: number,
): ForwardRoll {
  const raw = trigger + n;
  const skipped: DayNumber[] = [];
  let d = raw;
  while (reasonIndexOf(cal, d) !== 0) {
    skipped.push(d);
    d++;
  }
  return { raw, date: d, skipped };
}

export interface CourtDayCount {
  date: DayNumber;
  /** The court days counted, in counting order (#1, #2, ...). */
  counted: DayNumber[];
  /** The non-court days passed over while counting. */
  skipped: DayNumber[];
}

/**
 * The nth court day after the trigger (n > 0), or before it (n < 0); the trigger day
 * itself is never counted (CCP 12). n = 0 returns the trigger unchanged.
 */
export function addCourtDays(cal: CourtCalendar, trigger: DayNumber, n: number): CourtDayCount {
  const step = n < 0 ? -1 : 1;
  const target = Math.abs(n);
  const counted: DayNumber[] = [];
  const skipped: DayNumber[] = [];
  let d = trigger;
  while (counted.length < target) {
    d += step;
    if (reasonIndexOf(cal, d) === 0) counted.push(d);
    else skipped.push(d);
  }
  return { date: d, counted, skipped };
}

export interface BackCount {
  /** hearing - n calendar days: the last day to do the act (never moved later). */
  date: DayNumber;
  courtDay: boolean;
  /** For acts that need an open court or sheriff: the last court day on or before `date`. */
  lastCourtDayOnOrBefore: DayNumber;
  /** The non-court days after lastCourtDayOnOrBefore up to and including date, in date order. */
  skipped: DayNumber[];
  /** What a forward CCP 12a roll would give; rejected because it shortens the notice. */
  forwardRollRejected: DayNumber | undefined;
}

/**
 * Last day for an act due at least n calendar days before a hearing (CCP 12c(a)):
 * count back n days from the hearing, which is excluded. The result is never moved
 * later (that would give less notice than the statute requires); when it is not a
 * court day, the last court day on or before it is reported beside it.
 */
export function countBackFromHearing(cal: CourtCalendar, hearing: DayNumber, n: number): BackCount {
  const date = hearing - n;
  const skipped: DayNumber[] = [];
  let d = date;
  while (reasonIndexOf(cal, d) !== 0) {
    skipped.push(d);
    d--;
  }
  const courtDay = skipped.length === 0;
  return {
    date,
    courtDay,
    lastCourtDayOnOrBefore: d,
    skipped: skipped.reverse(),
    forwardRollRejected: courtDay ? undefined : firstCourtDayOnOrAfter(cal, date),
  };
}

/** `day` itself if it is a court day, else the nearest earlier court day. */
export function lastCourtDayOnOrBefore(cal: CourtCalendar, day: DayNumber): DayNumber {
  let d = day;
  while (reasonIndexOf(cal, d) !== 0) d--;
  return d;
}

/** `day` itself if it is a court day, else the nearest later court day (CCP 12a's roll). */
export function firstCourtDayOnOrAfter(cal: CourtCalendar, day: DayNumber): DayNumber {
  let d = day;
  while (reasonIndexOf(cal, d) !== 0) d++;
  return d;
}

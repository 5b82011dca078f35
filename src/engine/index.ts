// Orderly's deadline engine: the public surface. Pure functions on plain values;
// no I/O, no clock, no machine time zone. The HTTP API, feeds, reminders and the CLI
// all call these.

import { courtDayInfoOf, defaultCourtCalendars, type CourtCalendars } from './calendar.js';
import { holidaysOfYear } from './calendar-data.js';
// The counting functions, on day numbers: each public function below of the same name
// parses its 'YYYY-MM-DD' input, calls it, and formats the answer.
import * as counting from './counting.js';
import * as days from './days.js';
import { dayFromYmd, dayOf, formatDay, parseDay } from './days.js';
import { EngineInputError } from './errors.js';
import type { CalendarDate, CourtDayInfo } from './types.js';

export * from './types.js';
export {
  CalendarRangeError,
  EngineInputError,
  InvalidDateError,
  UnknownCourtError,
  type EngineInputErrorCode,
} from './errors.js';
export { computeDeadlines, type ComputeOptions } from './lifecycle/index.js';
export {
  CalendarDateSchema,
  CaseEventSchema,
  ComputeInputSchema,
  EVENT_SCHEMAS,
  FamilySchema,
  LocalTimeSchema,
  MAX_EVENTS,
  MAX_SERVICE_DAYS,
  parseComputeInput,
  type FieldError,
  type ParseResult,
} from './schema.js';
export {
  ALL_RULES,
  FAMILY_LAW,
  LAW,
  RULES,
  RULE_IDS,
  ruleInForce,
  type RuleInForce,
} from './law/index.js';
export {
  BASES,
  type Basis,
  type EmergencyOrderLaw,
  type FamilyLaw,
  type FamilyRules,
  type Rule,
  type Version,
} from './law/model.js';
export {
  INTERPRETATIONS,
  type Interpretation,
  type InterpretationId,
} from './law/interpretations.js';
export { LawTableError, lawProblems, type LawTable } from './law/checks.js';
export { WARNING_CODES, type WarningCode } from './warnings.js';
export {
  ACT_KINDS,
  DEADLINE_NATURES,
  DEADLINE_STATES,
  WINDOW_CLOSED_BY,
  deadlineState,
  natureOf,
  type DeadlineNature,
  type DeadlineState,
  type StateInput,
} from './deadline-state.js';
export { courtTimeOf, instantAt, type CourtTime } from './time-zone.js';
export {
  createCourtCalendars,
  defaultCourtCalendars,
  withClosures,
  type ClosureDay,
  type CourtCalendar,
  type CourtCalendars,
  type CourtSummary,
} from './calendar.js';
export { DEFAULT_CALENDAR_SOURCE, type CalendarSource } from './calendar-data.js';

/** The years the court calendar covers (calendars/ca-judicial-holidays.json). */
export const SUPPORTED_YEARS: { readonly from: number; readonly to: number } =
  defaultCourtCalendars.supportedYears;

function calendarFor(court: string, calendars: CourtCalendars) {
  try {
    return calendars.get(court);
  } catch (err) {
    if (err instanceof EngineInputError) err.field = 'court';
    throw err;
  }
}

/** Whether `date` is a court day in `court`, and if not, why (null on a court day). Throws outside the supported years. */
export function courtDayInfo(
  date: CalendarDate,
  court = 'CA',
  calendars = defaultCourtCalendars,
): CourtDayInfo {
  const cal = calendarFor(court, calendars);
  return naming('date', () => courtDayInfoOf(cal, dayOf(date, 'date')));
}

/** Runs a lookup, naming `field` on a typed input error that has none (e.g. a date outside the calendar). */
function naming<T>(field: string, lookup: () => T): T {
  try {
    return lookup();
  } catch (err) {
    if (err instanceof EngineInputError && err.field === undefined) err.field = field;
    throw err;
  }
}

export function isCourtDay(
  date: CalendarDate,
  court = 'CA',
  calendars = defaultCourtCalendars,
): boolean {
  return courtDayInfo(date, court, calendars).courtDay;
}

/** `date` itself if it is a court day, else the nearest earlier court day. */
export function lastCourtDayOnOrBefore(
  date: CalendarDate,
  court = 'CA',
  calendars = defaultCourtCalendars,
): CalendarDate {
  const cal = calendarFor(court, calendars);
  return naming('date', () => formatDay(counting.lastCourtDayOnOrBefore(cal, dayOf(date, 'date'))));
}

/** `date` itself if it is a court day, else the nearest later court day. */
export function firstCourtDayOnOrAfter(
  date: CalendarDate,
  court = 'CA',
  calendars = defaultCourtCalendars,
): CalendarDate {
  const cal = calendarFor(court, calendars);
  return naming('date', () => formatDay(counting.firstCourtDayOnOrAfter(cal, dayOf(date, 'date'))));
}

/** The nth court day after `date` (before it when n < 0); `date` itself is not counted (CCP 12). */
export function addCourtDays(
  date: CalendarDate,
  n: number,
  court = 'CA',
  calendars = defaultCourtCalendars,
): CalendarDate {
  if (!Number.isInteger(n))
    throw new EngineInputError('INVALID_ARGUMENT', `not a whole number of court days: ${n}`, 'n');
  const cal = calendarFor(court, calendars);
  return naming('date', () => formatDay(counting.addCourtDays(cal, dayOf(date, 'date'), n).date));
}

/** n calendar days after `date`; a last day that is not a court day rolls to the next court day (CCP 12, 12a). */
export function addCalendarDaysRollForward(
  date: CalendarDate,
  n: number,
  court = 'CA',
  calendars = defaultCourtCalendars,
): { date: CalendarDate; rawDate: CalendarDate } {
  if (!Number.isInteger(n) || n < 0)
    throw new EngineInputError('INVALID_ARGUMENT', `not a whole number of days >= 0: ${n}`, 'n');
  const cal = calendarFor(court, calendars);
  const r = naming('date', () => counting.addCalendarDaysRollForward(cal, dayOf(date, 'date'), n));
  return { date: formatDay(r.date), rawDate: formatDay(r.raw) };
}

/**
 * The last day for an act due at least n calendar days before a hearing (CCP 12c):
 * never moved later; `lastCourtDayOnOrBefore` for acts that need an open court.
 */
export function countBackFromHearing(
  hearingDate: CalendarDate,
  n: number,
  court = 'CA',
  calendars = defaultCourtCalendars,
): { date: CalendarDate; courtDay: boolean; lastCourtDayOnOrBefore: CalendarDate } {
  if (!Number.isInteger(n) || n < 0)
    throw new EngineInputError('INVALID_ARGUMENT', `not a whole number of days >= 0: ${n}`, 'n');
  const cal = calendarFor(court, calendars);
  const r = naming('date', () => counting.countBackFromHearing(cal, dayOf(hearingDate, 'date'), n));
  return {
    date: formatDay(r.date),
    courtDay: r.courtDay,
    lastCourtDayOnOrBefore: formatDay(r.lastCourtDayOnOrBefore),
  };
}

/** `date` moved by n calendar days (earlier when n < 0); plain calendar arithmetic, no roll. */
export function addCalendarDays(date: CalendarDate, n: number): CalendarDate {
  return formatDay(dayOf(date, 'date') + n);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayOf(to, 'to') - dayOf(from, 'from');
}

/** Whether `text` is a real 'YYYY-MM-DD' calendar date (2025-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  return !Number.isNaN(parseDay(text));
}

/** Same day-of-month n months later (earlier if negative), clamped to the month's end. */
export function addMonthsClamped(
  date: CalendarDate,
  n: number,
): { date: CalendarDate; clamped: boolean } {
  const r = days.addMonthsClamped(dayOf(date, 'date'), n);
  return { date: formatDay(r.day), clamped: r.clamped };
}

/** Anniversary n years later; Feb 29 -> Feb 28 (clamped: true). */
export function addYearsClamped(
  date: CalendarDate,
  n: number,
): { date: CalendarDate; clamped: boolean } {
  const r = days.addYearsClamped(dayOf(date, 'date'), n);
  return { date: formatDay(r.day), clamped: r.clamped };
}

export interface JudicialHoliday {
  /** The day courts are closed. */
  date: CalendarDate;
  name: string;
  /** True when moved off a weekend (CRC 1.11). */
  observed: boolean;
  /** The holiday's own date. */
  actualDate: CalendarDate;
}

/** The statewide judicial holidays courts observe in `year` (by the observed date's year). */
export function judicialHolidays(
  year: number,
  calendars = defaultCourtCalendars,
): JudicialHoliday[] {
  const { from, to } = calendars.supportedYears;
  if (!Number.isInteger(year) || year < from || year > to) {
    throw new EngineInputError(
      'OUTSIDE_CALENDAR_RANGE',
      `${year} is outside the supported court calendar (${from}-${to})`,
      'year',
    );
  }
  const first = dayFromYmd(year, 1, 1);
  const last = dayFromYmd(year, 12, 31);
  const data = calendars.source.holidays;
  return [...holidaysOfYear(data, year), ...holidaysOfYear(data, year + 1)]
    .filter((h) => h.day >= first && h.day <= last)
    .sort((a, b) => a.day - b.day)
    .map((h) => ({
      date: formatDay(h.day),
      name: h.name,
      observed: h.observed,
      actualDate: formatDay(h.actualDay),
    }));
}

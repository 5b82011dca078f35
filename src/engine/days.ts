// Calendar arithmetic on integer day numbers (days since 1970-01-01), the engine's
// core representation. Pure integer math (Howard Hinnant's civil-date algorithms):
// no Date object, so no machine time zone can move a date.

import { InvalidDateError } from './errors.js';
import type { CalendarDate } from './types.js';

/** Days since 1970-01-01 (a Thursday). */
export type DayNumber = number;

export const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const WEEKDAY_LONG = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const SUNDAY = 0;
export const SATURDAY = 6;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The day number of a (proleptic Gregorian) year, month 1-12, day 1-31. */
export function dayFromYmd(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export function ymdFromDay(n: DayNumber): Ymd {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function yearOfDay(n: DayNumber): number {
  return ymdFromDay(n).year;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(n: DayNumber): number {
  return (((n + 4) % 7) + 7) % 7;
}

/**
 * Parses a strict 'YYYY-MM-DD' real calendar date; NaN when it is not one
 * (2025-02-30, 2025-2-3, ' 2025-02-03'...). Hand-rolled: it is on every hot path.
 */
export function parseDay(s: string): DayNumber {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  // Each c - 48 is a digit 0-9 exactly when it is unsigned-below 10.
  const y0 = s.charCodeAt(0) - 48;
  const y1 = s.charCodeAt(1) - 48;
  const y2 = s.charCodeAt(2) - 48;
  const y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48;
  const m1 = s.charCodeAt(6) - 48;
  const d0 = s.charCodeAt(8) - 48;
  const d1 = s.charCodeAt(9) - 48;
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    m0 >>> 0 > 9 ||
    m1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9
  ) {
    return NaN;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return dayFromYmd(year, month, day);
}

/** parseDay, throwing InvalidDateError (naming `field`) instead of returning NaN. */
export function dayOf(s: CalendarDate, field?: string): DayNumber {
  const n = parseDay(s);
  if (Number.isNaN(n)) throw new InvalidDateError(s, field);
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

// Formatting is on every explanation's hot path; a small cache of the strings for
// 2000-2099 makes it a single array read.
const CACHE_FIRST = dayFromYmd(2000, 1, 1);
const CACHE_LAST = dayFromYmd(2099, 12, 31);
// Pre-sized so V8 keeps them as fast arrays (a far index on an empty array would turn
// it into a slow dictionary).
const CACHE_SIZE = CACHE_LAST - CACHE_FIRST + 1;
const isoCache = new Array<string | undefined>(CACHE_SIZE).fill(undefined);
const shortCache = new Array<string | undefined>(CACHE_SIZE).fill(undefined);
const longCache = new Array<string | undefined>(CACHE_SIZE).fill(undefined);

function formatUncached(n: DayNumber): string {
  const { year, month, day } = ymdFromDay(n);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** 'YYYY-MM-DD'. */
export function formatDay(n: DayNumber): CalendarDate {
  if (n < CACHE_FIRST || n > CACHE_LAST) return formatUncached(n);
  const i = n - CACHE_FIRST;
  return (isoCache[i] ??= formatUncached(n));
}

/** 'Sat 2025-11-29': what explanations call a day. */
export function longLabel(n: DayNumber): string {
  if (n < CACHE_FIRST || n > CACHE_LAST) return `${WEEKDAY_SHORT[weekdayOf(n)]} ${formatDay(n)}`;
  const i = n - CACHE_FIRST;
  return (longCache[i] ??= `${WEEKDAY_SHORT[weekdayOf(n)]} ${formatDay(n)}`);
}

/** 'Sat 11/29': for lists of days inside one explanation step. */
export function shortLabel(n: DayNumber): string {
  if (n < CACHE_FIRST || n > CACHE_LAST) return shortUncached(n);
  const i = n - CACHE_FIRST;
  return (shortCache[i] ??= shortUncached(n));
}

function shortUncached(n: DayNumber): string {
  const { month, day } = ymdFromDay(n);
  return `${WEEKDAY_SHORT[weekdayOf(n)]} ${pad2(month)}/${pad2(day)}`;
}

export interface ClampedDay {
  day: DayNumber;
  /** True when the day of the month did not exist and was clamped to the month's end. */
  clamped: boolean;
}

/**
 * Same day-of-month `months` later (or earlier when negative), clamped to the end of
 * the target month: 2026-05-31 - 3 months = 2026-02-28 (ca-rules.md 3.3 [I]).
 */
export function addMonthsClamped(n: DayNumber, months: number): ClampedDay {
  const { year, month, day } = ymdFromDay(n);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const last = daysInMonth(y, m);
  return day > last
    ? { day: dayFromYmd(y, m, last), clamped: true }
    : { day: dayFromYmd(y, m, day), clamped: false };
}

/** Anniversary `years` later; Feb 29 -> Feb 28 in a common year (ca-rules.md 3.3 [I]). */
export function addYearsClamped(n: DayNumber, years: number): ClampedDay {
  return addMonthsClamped(n, years * 12);
}

// Instants in America/Los_Angeles without a zone library or the machine's TZ.
//
// Deadlines are calendar dates; some also have a time of day (close of judicial
// business, the end of the 7th day, a hearing at 08:30). Those are written as ISO 8601
// instants with the offset in force on that local date: '-08:00' (PST) or '-07:00'
// (PDT). The daylight-saving rule comes from calendars/time-zone-america-los-angeles.json
// (second Sunday of March 02:00 -> first Sunday of November 02:00 since 2007).

import { TIME_ZONE_DATA, type DstRule } from './calendar-data.js';
import { dayFromYmd, dayOf, formatDay, ymdFromDay, type DayNumber } from './days.js';
import { CalendarRangeError, EngineInputError } from './errors.js';
import { nthWeekdayOfMonth } from './rule-dates.js';
import type { CalendarDate } from './types.js';

const HOUR = 3600;

function offsetSeconds(offset: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  if (!m) throw new Error(`calendars/: invalid UTC offset ${offset}`);
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * HOUR + Number(m[3]) * 60);
}

const STANDARD = TIME_ZONE_DATA.standardOffset;
const DAYLIGHT = TIME_ZONE_DATA.daylightOffset;
const STANDARD_SECONDS = offsetSeconds(STANDARD);
const DAYLIGHT_SECONDS = offsetSeconds(DAYLIGHT);
const SHIFT = DAYLIGHT_SECONDS - STANDARD_SECONDS;

interface DstYear {
  firstDay: DayNumber;
  lastDay: DayNumber;
  startDay: DayNumber;
  startSecond: number;
  endDay: DayNumber;
  endSecond: number;
}

const dstCache = new Map<number, DstYear>();

function ruleFor(year: number): DstRule {
  const rule = TIME_ZONE_DATA.daylightSaving.find(
    (r) => year >= r.fromYear && (r.toYear === null || year <= r.toYear),
  );
  if (!rule) {
    const first = Math.min(...TIME_ZONE_DATA.daylightSaving.map((r) => r.fromYear));
    throw new CalendarRangeError(`${year}`, { from: first, to: 9999 });
  }
  return rule;
}

function dstYear(year: number): DstYear {
  const hit = dstCache.get(year);
  if (hit) return hit;
  const r = ruleFor(year);
  const v: DstYear = {
    firstDay: dayFromYmd(year, 1, 1),
    lastDay: dayFromYmd(year, 12, 31),
    startDay: nthWeekdayOfMonth(year, r.starts.month, r.starts.weekday, r.starts.nth),
    startSecond: parseLocalTimeSeconds(r.starts.localTime),
    endDay: nthWeekdayOfMonth(year, r.ends.month, r.ends.weekday, r.ends.nth),
    endSecond: parseLocalTimeSeconds(r.ends.localTime),
  };
  dstCache.set(year, v);
  return v;
}

/** 'HH:MM' or 'HH:MM:SS' -> seconds after midnight; NaN when malformed. */
export function parseLocalTimeSeconds(s: string): number {
  // Hand-rolled (no regex): it runs for every timed deadline.
  if ((s.length !== 5 && s.length !== 8) || s.charCodeAt(2) !== 58) return NaN;
  const h = twoDigits(s, 0);
  const m = twoDigits(s, 3);
  let sec = 0;
  if (s.length === 8) {
    if (s.charCodeAt(5) !== 58) return NaN;
    sec = twoDigits(s, 6);
  }
  if (!(h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 59)) return NaN;
  return h * HOUR + m * 60 + sec;
}

function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

export const END_OF_DAY_SECONDS = 23 * HOUR + 59 * 60 + 59;

export interface LocalInstant {
  /** The local date and wall time actually used (shifted out of a spring-forward gap). */
  day: DayNumber;
  second: number;
  daylight: boolean;
}

/**
 * Resolves a local wall time: a time in the spring-forward gap moves one hour later;
 * a time in the fall-back overlap takes the earlier (daylight) instant.
 */
let lastDst: DstYear | undefined;

export function resolveLocal(day: DayNumber, second: number): LocalInstant {
  // Consecutive deadlines are mostly in the same year: reuse its transitions.
  const dst =
    lastDst !== undefined && day >= lastDst.firstDay && day <= lastDst.lastDay
      ? lastDst
      : (lastDst = dstYear(ymdFromDay(day).year));
  if (day < dst.startDay || day > dst.endDay) return { day, second, daylight: false };
  if (day > dst.startDay && day < dst.endDay) return { day, second, daylight: true };
  if (day === dst.startDay) {
    if (second < dst.startSecond) return { day, second, daylight: false };
    if (second < dst.startSecond + SHIFT) return { day, second: second + SHIFT, daylight: true };
    return { day, second, daylight: true };
  }
  // day === dst.endDay: wall clock goes from endSecond (daylight) back by SHIFT.
  return { day, second, daylight: second < dst.endSecond };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** ISO 8601 with offset for a resolved local instant. */
export function isoOf(r: LocalInstant): string {
  const h = Math.floor(r.second / HOUR);
  const m = Math.floor((r.second % HOUR) / 60);
  const s = r.second % 60;
  return `${formatDay(r.day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}${r.daylight ? DAYLIGHT : STANDARD}`;
}

/** Seconds since the Unix epoch of a resolved local instant (for ordering). */
export function epochOf(r: LocalInstant): number {
  return r.day * 86400 + r.second - (r.daylight ? DAYLIGHT_SECONDS : STANDARD_SECONDS);
}

/** ISO 8601 with offset for a local date and second-of-day. */
export function instantAtDay(day: DayNumber, second: number): string {
  return isoOf(resolveLocal(day, second));
}

/**
 * The instant a local date and time ('HH:MM' or 'HH:MM:SS') in America/Los_Angeles
 * denote, as ISO 8601 with its offset: instantAt('2025-10-17', '17:00') ===
 * '2025-10-17T17:00:00-07:00'. DST-safe, machine-zone-free.
 */
export function instantAt(date: CalendarDate, localTime: string): string {
  const day = dayOf(date, 'date');
  const second = parseLocalTimeSeconds(localTime);
  if (Number.isNaN(second)) {
    throw new EngineInputError(
      'INVALID_ARGUMENT',
      `not a local time in HH:MM form: ${JSON.stringify(localTime)}`,
      'time',
    );
  }
  return instantAtDay(day, second);
}

/** An instant as the court's wall clock shows it (America/Los_Angeles). */
export interface CourtTime {
  /** The court-zone calendar date, 'YYYY-MM-DD'. */
  date: CalendarDate;
  /** Seconds after local midnight, 0-86399 (milliseconds dropped). */
  second: number;
  /** 'HH:MM:SS', 24-hour. */
  time: string;
  /** The UTC offset in force, '-08:00' or '-07:00'. */
  offset: string;
  /** ISO 8601 with that offset, '2025-10-17T17:00:00-07:00': the form the engine writes instants in. */
  iso: string;
}

/**
 * The one conversion of an instant (milliseconds since the Unix epoch) into court time, used
 * wherever Orderly asks "which day, what time is it at the court": today's date, stored
 * instants read back, quiet hours, alarm and message times. The inverse of `instantAt`, from
 * the same daylight-saving data; machine-zone-free.
 */
export function courtTimeOf(epochMs: number): CourtTime {
  const { day, second, daylight } = localOfEpoch(Math.floor(epochMs / 1000));
  const h = Math.floor(second / HOUR);
  const m = Math.floor((second % HOUR) / 60);
  const time = `${pad2(h)}:${pad2(m)}:${pad2(second % 60)}`;
  const date = formatDay(day);
  const offset = daylight ? DAYLIGHT : STANDARD;
  return { date, second, time, offset, iso: `${date}T${time}${offset}` };
}

/** The court's wall clock at an instant in whole seconds since the Unix epoch. */
function localOfEpoch(epoch: number): LocalInstant {
  // Daylight saving starts and ends in spring and autumn, so the year read in standard time
  // is the year of the instant.
  const dst = dstYear(ymdFromDay(Math.floor((epoch + STANDARD_SECONDS) / 86400)).year);
  const startsAt = dst.startDay * 86400 + dst.startSecond - STANDARD_SECONDS;
  const endsAt = dst.endDay * 86400 + dst.endSecond - DAYLIGHT_SECONDS;
  const daylight = epoch >= startsAt && epoch < endsAt;
  const local = epoch + (daylight ? DAYLIGHT_SECONDS : STANDARD_SECONDS);
  const day = Math.floor(local / 86400);
  return { day, second: local - day * 86400, daylight };
}

/**
 * The court's wall clock `hours` of elapsed time after a local instant: across a change to
 * or from daylight saving the wall clock moves an hour more or less than the hours counted.
 */
export function afterElapsedHours(from: LocalInstant, hours: number): LocalInstant {
  return localOfEpoch(epochOf(from) + hours * HOUR);
}

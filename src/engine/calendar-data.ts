// Reads the court-calendar data in calendars/ and expands the holiday rules into
// observed dates.
//
// Why expand here instead of calling date-holidays: the rules are plain data (fixed
// date or nth weekday, the years they apply, CRC 1.11 weekend observance) and expanding
// 20 years of them is a few hundred integer operations at module load (well under a
// millisecond), with no dependency on a library that gets the court calendar wrong in
// five ways (ca-rules.md 2.3) and costs hundreds of microseconds per call. date-holidays
// is used only by the tests, to cross-check this expansion (each rule also carries its
// date-holidays spelling) -- see tests/engine/calendar.test.ts.

import holidaysJson from '../../calendars/ca-judicial-holidays.json' with { type: 'json' };
import courtsJson from '../../calendars/ca-courts.json' with { type: 'json' };
import timeZoneJson from '../../calendars/time-zone-america-los-angeles.json' with { type: 'json' };
import { nthWeekdayOfMonth, WEEKDAY_NAMES, type WeekdayName } from './rule-dates.js';
import {
  dayFromYmd,
  daysInMonth,
  parseDay,
  SATURDAY,
  SUNDAY,
  weekdayOf,
  type DayNumber,
} from './days.js';

export interface HolidayDateRule {
  month: number;
  /** Fixed day of the month... */
  day?: number;
  /** ...or the nth weekday of the month (-1 = last). */
  weekday?: WeekdayName;
  nth?: number;
  /** Days after the nth weekday (the day after Thanksgiving). */
  offsetDays?: number;
}

export interface HolidayRule {
  id: string;
  name: string;
  date: HolidayDateRule;
  /** First and last holiday-years it applies (inclusive); absent = always. */
  fromYear?: number;
  toYear?: number;
  authority: string;
  note?: string;
  /** The same rule in date-holidays syntax, for the cross-check test. */
  dateHolidays: string;
}

export interface DatedSourcedDay {
  date: string;
  name: string;
  source: string;
}

export interface JudicialHolidayData {
  supportedYears: { from: number; to: number };
  observance: { saturdayMovesDays: number; sundayMovesDays: number };
  holidays: HolidayRule[];
  governorProclamations: { days: DatedSourcedDay[] };
  notJudicialHolidays: { days: { name: string; why: string; exampleDates: string[] }[] };
}

export interface CourtClosure {
  date: string;
  reason: string;
  source: string;
}

export interface CourtEntry {
  id: string;
  name: string;
  county?: string;
  slug?: string;
  closeOfBusiness: string;
  closures: CourtClosure[];
}

export interface CourtsData {
  courts: CourtEntry[];
}

export interface DstRule {
  fromYear: number;
  toYear: number | null;
  starts: { month: number; weekday: WeekdayName; nth: number; localTime: string };
  ends: { month: number; weekday: WeekdayName; nth: number; localTime: string };
}

export interface TimeZoneData {
  zone: string;
  standardOffset: string;
  daylightOffset: string;
  daylightSaving: DstRule[];
}

/** Everything a set of court calendars is built from. */
export interface CalendarSource {
  holidays: JudicialHolidayData;
  courts: CourtsData;
}

// The data is checked once at load so a typo in calendars/ fails loudly (and in CI),
// instead of silently making a holiday a court day.
function fail(what: string): never {
  throw new Error(`calendars/: invalid data: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDateRule(r: unknown, where: string): HolidayDateRule {
  if (!isRecord(r) || typeof r.month !== 'number' || r.month < 1 || r.month > 12)
    fail(`${where}.month`);
  const rule: HolidayDateRule = { month: r.month };
  if (typeof r.day === 'number') {
    if (r.day < 1 || r.day > daysInMonth(2024, r.month)) fail(`${where}.day`);
    rule.day = r.day;
  } else {
    if (typeof r.weekday !== 'string' || !(WEEKDAY_NAMES as readonly string[]).includes(r.weekday))
      fail(`${where}.weekday`);
    if (typeof r.nth !== 'number' || r.nth === 0 || r.nth < -1 || r.nth > 5) fail(`${where}.nth`);
    rule.weekday = r.weekday as WeekdayName;
    rule.nth = r.nth;
    if (r.offsetDays !== undefined) {
      if (typeof r.offsetDays !== 'number') fail(`${where}.offsetDays`);
      rule.offsetDays = r.offsetDays;
    }
  }
  return rule;
}

function checkSourcedDays(v: unknown, where: string): DatedSourcedDay[] {
  if (!Array.isArray(v)) fail(where);
  return v.map((d: unknown, i) => {
    if (!isRecord(d) || typeof d.date !== 'string' || Number.isNaN(parseDay(d.date)))
      fail(`${where}[${i}].date`);
    if (typeof d.name !== 'string' || typeof d.source !== 'string' || d.source.length === 0)
      fail(`${where}[${i}]: name and source are required`);
    return { date: d.date, name: d.name, source: d.source };
  });
}

export function readHolidayData(raw: unknown): JudicialHolidayData {
  if (!isRecord(raw)) fail('holidays');
  const years = raw.supportedYears;
  if (
    !isRecord(years) ||
    typeof years.from !== 'number' ||
    typeof years.to !== 'number' ||
    years.from > years.to
  )
    fail('supportedYears');
  const obs = raw.observance;
  if (!isRecord(obs) || obs.saturdayMovesDays !== -1 || obs.sundayMovesDays !== 1)
    fail('observance (CRC 1.11: Saturday -> Friday, Sunday -> Monday)');
  if (!Array.isArray(raw.holidays)) fail('holidays');
  const holidays = raw.holidays.map((h: unknown, i): HolidayRule => {
    const where = `holidays[${i}]`;
    if (!isRecord(h) || typeof h.id !== 'string' || typeof h.name !== 'string') fail(where);
    if (typeof h.authority !== 'string' || typeof h.dateHolidays !== 'string')
      fail(`${where}: authority`);
    const rule: HolidayRule = {
      id: h.id,
      name: h.name,
      date: checkDateRule(h.date, `${where}.date`),
      authority: h.authority,
      dateHolidays: h.dateHolidays,
    };
    if (typeof h.fromYear === 'number') rule.fromYear = h.fromYear;
    if (typeof h.toYear === 'number') rule.toYear = h.toYear;
    if (typeof h.note === 'string') rule.note = h.note;
    return rule;
  });
  const procs = raw.governorProclamations;
  if (!isRecord(procs)) fail('governorProclamations');
  const not = raw.notJudicialHolidays;
  if (!isRecord(not) || !Array.isArray(not.days)) fail('notJudicialHolidays');
  return {
    supportedYears: { from: years.from, to: years.to },
    observance: { saturdayMovesDays: -1, sundayMovesDays: 1 },
    holidays,
    governorProclamations: { days: checkSourcedDays(procs.days, 'governorProclamations.days') },
    notJudicialHolidays: {
      days: not.days.map((d: unknown, i) => {
        if (
          !isRecord(d) ||
          typeof d.name !== 'string' ||
          typeof d.why !== 'string' ||
          !Array.isArray(d.exampleDates)
        )
          fail(`notJudicialHolidays.days[${i}]`);
        return { name: d.name, why: d.why, exampleDates: d.exampleDates.map(String) };
      }),
    },
  };
}

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function readCourtsData(raw: unknown): CourtsData {
  if (!isRecord(raw) || !Array.isArray(raw.courts)) fail('courts');
  const seen = new Set<string>();
  const courts = raw.courts.map((c: unknown, i): CourtEntry => {
    const where = `courts[${i}]`;
    if (!isRecord(c) || typeof c.id !== 'string' || typeof c.name !== 'string') fail(where);
    if (!/^CA(-[a-z]+(-[a-z]+)*)?$/.test(c.id)) fail(`${where}.id ${c.id}`);
    if (seen.has(c.id)) fail(`${where}.id duplicated: ${c.id}`);
    seen.add(c.id);
    if (typeof c.closeOfBusiness !== 'string' || !LOCAL_TIME.test(c.closeOfBusiness))
      fail(`${where}.closeOfBusiness`);
    if (!Array.isArray(c.closures)) fail(`${where}.closures`);
    const closures = c.closures.map((x: unknown, j): CourtClosure => {
      if (!isRecord(x) || typeof x.date !== 'string' || Number.isNaN(parseDay(x.date)))
        fail(`${where}.closures[${j}].date`);
      if (typeof x.reason !== 'string' || typeof x.source !== 'string' || x.source.length === 0)
        fail(`${where}.closures[${j}]: reason and source are required`);
      return { date: x.date, reason: x.reason, source: x.source };
    });
    const entry: CourtEntry = {
      id: c.id,
      name: c.name,
      closeOfBusiness: c.closeOfBusiness,
      closures,
    };
    if (typeof c.county === 'string') entry.county = c.county;
    if (typeof c.slug === 'string') entry.slug = c.slug;
    return entry;
  });
  if (!seen.has('CA')) fail('courts: the statewide calendar "CA" is required');
  return { courts };
}

export function readTimeZoneData(raw: unknown): TimeZoneData {
  if (!isRecord(raw) || raw.zone !== 'America/Los_Angeles') fail('time zone');
  if (typeof raw.standardOffset !== 'string' || typeof raw.daylightOffset !== 'string')
    fail('time zone offsets');
  if (!Array.isArray(raw.daylightSaving)) fail('daylightSaving');
  const rules = raw.daylightSaving.map((r: unknown, i): DstRule => {
    if (!isRecord(r) || typeof r.fromYear !== 'number') fail(`daylightSaving[${i}]`);
    const edge = (e: unknown, w: string): DstRule['starts'] => {
      if (
        !isRecord(e) ||
        typeof e.month !== 'number' ||
        typeof e.nth !== 'number' ||
        typeof e.weekday !== 'string' ||
        !(WEEKDAY_NAMES as readonly string[]).includes(e.weekday) ||
        typeof e.localTime !== 'string' ||
        !LOCAL_TIME.test(e.localTime)
      )
        fail(`daylightSaving[${i}].${w}`);
      return {
        month: e.month,
        weekday: e.weekday as WeekdayName,
        nth: e.nth,
        localTime: e.localTime,
      };
    };
    return {
      fromYear: r.fromYear,
      toYear: typeof r.toYear === 'number' ? r.toYear : null,
      starts: edge(r.starts, 'starts'),
      ends: edge(r.ends, 'ends'),
    };
  });
  return {
    zone: raw.zone,
    standardOffset: raw.standardOffset,
    daylightOffset: raw.daylightOffset,
    daylightSaving: rules,
  };
}

/** The data shipped in calendars/. */
export const DEFAULT_CALENDAR_SOURCE: CalendarSource = {
  holidays: readHolidayData(holidaysJson),
  courts: readCourtsData(courtsJson),
};
export const TIME_ZONE_DATA: TimeZoneData = readTimeZoneData(timeZoneJson);

/** One holiday as courts observe it. */
export interface ObservedHoliday {
  id: string;
  name: string;
  /** The day courts close (CRC 1.11). */
  day: DayNumber;
  /** The holiday's own date (differs when it fell on a weekend). */
  actualDay: DayNumber;
  observed: boolean;
}

/** The rule's own date in `year` (before weekend observance). */
export function holidayActualDay(rule: HolidayDateRule, year: number): DayNumber {
  if (rule.day !== undefined) return dayFromYmd(year, rule.month, rule.day);
  // checkDateRule guarantees weekday and nth when day is absent.
  const n = nthWeekdayOfMonth(year, rule.month, rule.weekday ?? 'monday', rule.nth ?? 1);
  return n + (rule.offsetDays ?? 0);
}

/** CRC 1.11: Saturday -> preceding Friday, Sunday -> following Monday. */
export function observedDay(actual: DayNumber): DayNumber {
  const wd = weekdayOf(actual);
  return wd === SATURDAY ? actual - 1 : wd === SUNDAY ? actual + 1 : actual;
}

/** Every holiday of holiday-year `year` (its observed day may fall in year - 1: New Year on a Saturday). */
export function holidaysOfYear(data: JudicialHolidayData, year: number): ObservedHoliday[] {
  const out: ObservedHoliday[] = [];
  for (const rule of data.holidays) {
    if (rule.fromYear !== undefined && year < rule.fromYear) continue;
    if (rule.toYear !== undefined && year > rule.toYear) continue;
    const actualDay = holidayActualDay(rule.date, year);
    const day = observedDay(actualDay);
    out.push({ id: rule.id, name: rule.name, day, actualDay, observed: day !== actualDay });
  }
  return out;
}

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
import holidayYearsJson from '../../calendars/ca-judicial-holiday-years.json' with { type: 'json' };
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

/** A citation for a holiday, a rule change or a year's list (ca-rules.md status marks). */
export interface SourceRef {
  citation: string;
  url?: string;
  /** V: the text or the published list itself; S: a secondary report of it. */
  status?: 'V' | 'S' | 'U';
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
  sources?: SourceRef[];
  /** A reading the calendar chose where the law or the sources were unsettled. */
  interpretation?: string;
}

export interface DatedSourcedDay {
  date: string;
  name: string;
  source: string;
}

/** A day every superior court was closed by statewide order (CCP 12b), e.g. the 2010 budget closures. */
export interface StatewideClosure extends DatedSourcedDay {
  authority: string;
}

export interface JudicialHolidayData {
  supportedYears: { from: number; to: number };
  observance: { saturdayMovesDays: number; sundayMovesDays: number };
  holidays: HolidayRule[];
  governorProclamations: { days: DatedSourcedDay[] };
  statewideClosures: { days: StatewideClosure[] };
  notJudicialHolidays: { days: { name: string; why: string; exampleDates: string[] }[] };
}

export interface CourtClosure {
  date: string;
  reason: string;
  source: string;
}

/** Where a court's close of judicial business comes from. */
export interface CloseOfBusinessSource {
  /** court: the court's own page or notice; secondary: that notice as republished; default: nothing sourced. */
  basis: 'court' | 'secondary' | 'default';
  citation: string;
  url?: string;
  /** When the hours took effect or were published, as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD). */
  asOf?: string;
  /** The clerk's office hours as the source states them. */
  hours?: string;
}

export const WEEKDAY_CLOSE_KEYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
export type WeekdayCloseKey = (typeof WEEKDAY_CLOSE_KEYS)[number];

export interface CourtEntry {
  id: string;
  name: string;
  county?: string;
  slug?: string;
  /** The earliest regular close of the clerk's office (the safe reading), HH:MM local time. */
  closeOfBusiness: string;
  closeOfBusinessSource: CloseOfBusinessSource;
  /** Per-weekday closes, where they differ. */
  weekdayClose?: Partial<Record<WeekdayCloseKey, string>>;
  closures: CourtClosure[];
}

export interface CourtsData {
  /** The close used where no court hours were sourced. */
  defaultCloseOfBusiness?: string;
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

function checkSources(v: unknown, where: string): SourceRef[] {
  if (!Array.isArray(v) || v.length === 0) fail(`${where}: at least one source`);
  return v.map((x: unknown, i): SourceRef => {
    if (!isRecord(x) || typeof x.citation !== 'string' || x.citation.length === 0)
      fail(`${where}[${i}].citation`);
    const ref: SourceRef = { citation: x.citation };
    if (typeof x.url === 'string') ref.url = x.url;
    if (x.status === 'V' || x.status === 'S' || x.status === 'U') ref.status = x.status;
    else if (x.status !== undefined) fail(`${where}[${i}].status`);
    return ref;
  });
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
    if (h.sources !== undefined) rule.sources = checkSources(h.sources, `${where}.sources`);
    if (typeof h.interpretation === 'string') rule.interpretation = h.interpretation;
    return rule;
  });
  const procs = raw.governorProclamations;
  if (!isRecord(procs)) fail('governorProclamations');
  const statewide = raw.statewideClosures;
  if (!isRecord(statewide)) fail('statewideClosures');
  const statewideDays = checkSourcedDays(statewide.days, 'statewideClosures.days').map(
    (day, i): StatewideClosure => {
      const a = (statewide.days as Record<string, unknown>[])[i]?.authority;
      if (typeof a !== 'string' || a.length === 0)
        fail(`statewideClosures.days[${i}]: authority is required`);
      return { ...day, authority: a };
    },
  );
  const not = raw.notJudicialHolidays;
  if (!isRecord(not) || !Array.isArray(not.days)) fail('notJudicialHolidays');
  return {
    supportedYears: { from: years.from, to: years.to },
    observance: { saturdayMovesDays: -1, sundayMovesDays: 1 },
    holidays,
    governorProclamations: { days: checkSourcedDays(procs.days, 'governorProclamations.days') },
    statewideClosures: { days: statewideDays },
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
    const cob = checkCloseOfBusinessSource(
      c.closeOfBusinessSource,
      `${where}.closeOfBusinessSource`,
    );
    const weekdayClose = checkWeekdayClose(c.weekdayClose, c.closeOfBusiness, where);
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
      closeOfBusinessSource: cob,
      closures,
    };
    if (typeof c.county === 'string') entry.county = c.county;
    if (typeof c.slug === 'string') entry.slug = c.slug;
    if (weekdayClose !== undefined) entry.weekdayClose = weekdayClose;
    return entry;
  });
  if (!seen.has('CA')) fail('courts: the statewide calendar "CA" is required');
  const out: CourtsData = { courts };
  const def = raw.defaultCloseOfBusiness;
  if (def !== undefined) {
    if (!isRecord(def) || typeof def.time !== 'string' || !LOCAL_TIME.test(def.time))
      fail('defaultCloseOfBusiness.time');
    out.defaultCloseOfBusiness = def.time;
    for (const c of courts)
      if (c.closeOfBusinessSource.basis === 'default' && c.closeOfBusiness !== def.time)
        fail(`${c.id}: a court without sourced hours must use defaultCloseOfBusiness`);
  }
  return out;
}

function checkCloseOfBusinessSource(v: unknown, where: string): CloseOfBusinessSource {
  if (!isRecord(v)) fail(`${where} is required (basis and citation)`);
  if (v.basis !== 'court' && v.basis !== 'secondary' && v.basis !== 'default')
    fail(`${where}.basis: court, secondary or default`);
  if (typeof v.citation !== 'string' || v.citation.length === 0) fail(`${where}.citation`);
  // A court or secondary basis names where it was read; a default has nothing to link.
  if (v.basis !== 'default' && (typeof v.url !== 'string' || v.url.length === 0))
    fail(`${where}.url is required for a sourced close of business`);
  const out: CloseOfBusinessSource = { basis: v.basis, citation: v.citation };
  if (typeof v.url === 'string') out.url = v.url;
  if (typeof v.asOf === 'string') {
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v.asOf)) fail(`${where}.asOf`);
    out.asOf = v.asOf;
  }
  if (typeof v.hours === 'string') out.hours = v.hours;
  return out;
}

function checkWeekdayClose(
  v: unknown,
  earliest: string,
  where: string,
): Partial<Record<WeekdayCloseKey, string>> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) fail(`${where}.weekdayClose`);
  const out: Partial<Record<WeekdayCloseKey, string>> = {};
  let min: string | undefined;
  for (const [k, t] of Object.entries(v)) {
    if (!(WEEKDAY_CLOSE_KEYS as readonly string[]).includes(k) || typeof t !== 'string')
      fail(`${where}.weekdayClose.${k}`);
    if (!LOCAL_TIME.test(t)) fail(`${where}.weekdayClose.${k}`);
    out[k as WeekdayCloseKey] = t;
    if (min === undefined || t < min) min = t;
  }
  // closeOfBusiness is the earliest regular close: the safe reading for an EPO's expiry.
  if (min !== earliest) fail(`${where}.closeOfBusiness must be the earliest weekdayClose (${min})`);
  return out;
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

export type HolidayYearStatus = 'published' | 'published-with-errors' | 'computed';

export interface UnsettledPoint {
  scope: 'statewide' | 'per court';
  date?: string;
  question: string;
  reading: string;
  safety: string;
  source: string;
}

/** One supported year: the holidays the law in force gave it, and where that comes from. */
export interface HolidayYear {
  year: number;
  judicialHolidays: string[];
  status: HolidayYearStatus;
  sources: SourceRef[];
  unsettled: UnsettledPoint[];
  note?: string;
}

/** Reads ca-judicial-holiday-years.json: every supported year must be there, with a source. */
export function readHolidayYears(raw: unknown, holidays: JudicialHolidayData): HolidayYear[] {
  if (!isRecord(raw) || !Array.isArray(raw.years)) fail('holiday years');
  const names = new Set(holidays.holidays.map((h) => h.name));
  const years = raw.years.map((y: unknown, i): HolidayYear => {
    const where = `years[${i}]`;
    if (!isRecord(y) || typeof y.year !== 'number' || !Number.isInteger(y.year)) fail(where);
    if (y.status !== 'published' && y.status !== 'published-with-errors' && y.status !== 'computed')
      fail(`${where}.status`);
    if (!Array.isArray(y.judicialHolidays)) fail(`${where}.judicialHolidays`);
    const list = y.judicialHolidays.map(String);
    for (const n of list) if (!names.has(n)) fail(`${where}: unknown holiday ${n}`);
    const unsettled = (Array.isArray(y.unsettled) ? y.unsettled : []).map(
      (u: unknown, j): UnsettledPoint => {
        if (
          !isRecord(u) ||
          (u.scope !== 'statewide' && u.scope !== 'per court') ||
          typeof u.question !== 'string' ||
          typeof u.reading !== 'string' ||
          typeof u.safety !== 'string' ||
          typeof u.source !== 'string'
        )
          fail(`${where}.unsettled[${j}]: scope, question, reading, safety and source`);
        const point: UnsettledPoint = {
          scope: u.scope,
          question: u.question,
          reading: u.reading,
          safety: u.safety,
          source: u.source,
        };
        if (typeof u.date === 'string') point.date = u.date;
        return point;
      },
    );
    const entry: HolidayYear = {
      year: y.year,
      judicialHolidays: list,
      status: y.status,
      sources: checkSources(y.sources, `${where}.sources`),
      unsettled,
    };
    if (typeof y.note === 'string') entry.note = y.note;
    return entry;
  });
  const { from, to } = holidays.supportedYears;
  for (let year = from; year <= to; year++) {
    if (years.filter((y) => y.year === year).length !== 1)
      fail(`holiday years: ${year} needs exactly one entry with its sources`);
  }
  return years;
}

/** The data shipped in calendars/. */
export const DEFAULT_CALENDAR_SOURCE: CalendarSource = {
  holidays: readHolidayData(holidaysJson),
  courts: readCourtsData(courtsJson),
};
export const TIME_ZONE_DATA: TimeZoneData = readTimeZoneData(timeZoneJson);
/** Each supported year's law, status and sources (calendars/ca-judicial-holiday-years.json). */
export const HOLIDAY_YEARS: readonly HolidayYear[] = readHolidayYears(
  holidayYearsJson,
  DEFAULT_CALENDAR_SOURCE.holidays,
);

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

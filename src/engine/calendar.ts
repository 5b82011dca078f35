// Court calendars: which days are court days, and why the others are not.
//
// A calendar is precomputed once per court for the whole supported range: one Uint16
// per day, 0 for a court day, otherwise an index into a table of reasons ("Saturday",
// "Thanksgiving Day", a CCP 12b closure...). A lookup is an array read, so the hot
// paths never touch holiday rules, let alone date-holidays.
//
// Law: a court day is any day that is not a Saturday, a Sunday, a CCP 135 judicial
// holiday as observed under CRC 1.11, a day appointed by the Governor (Gov. Code 6700,
// CCP 135), a day every court was closed by statewide order (the 2010 budget closure
// days, Gov. Code 68106), or a day the court is closed for the whole day (CCP 12b). A court open for
// limited business on a holiday does not make it a court day (CCP 134(d)).

import {
  DEFAULT_CALENDAR_SOURCE,
  holidaysOfYear,
  type CalendarSource,
  type CloseOfBusinessSource,
  type CourtEntry,
  type WeekdayCloseKey,
} from './calendar-data.js';
import {
  dayFromYmd,
  formatDay,
  longLabel,
  parseDay,
  SATURDAY,
  SUNDAY,
  weekdayOf,
  type DayNumber,
} from './days.js';
import { CalendarRangeError, UnknownCourtError } from './errors.js';
import type { CalendarDate, LocalTime } from './types.js';

export interface NonCourtReason {
  /** For courtDayInfo: "Saturday", "New Year's Day (observed)", "Court closed: ...". */
  readonly text: string;
  /** For explanations: "Thanksgiving Day, a judicial holiday". */
  readonly explain: string;
}

export interface CourtCalendar {
  readonly id: string;
  readonly name: string;
  /** Close of judicial business, local time (Fam. Code 6256(a) gives no clock time). */
  readonly closeOfBusiness: LocalTime;
  readonly supportedYears: { readonly from: number; readonly to: number };
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
  /** Per day from firstDay: 0 = court day, else an index into `reasons`. */
  readonly dayReason: Uint16Array;
  /** Index 0 is unused (court day). */
  readonly reasons: readonly NonCourtReason[];
}

/** What a client needs to show a court (GET /v1/courts): id, name, close of business and its source, years covered. */
export interface CourtSummary {
  id: string;
  name: string;
  county: string | null;
  closeOfBusiness: LocalTime;
  closeOfBusinessSource: CloseOfBusinessSource;
  weekdayClose: Partial<Record<WeekdayCloseKey, LocalTime>> | null;
  /** The years this court's calendar covers (the statewide supported years). */
  calendarYears: { readonly from: number; readonly to: number };
  /** Whole-day closures recorded for this court (CCP 12b). */
  closures: number;
}

export interface CourtCalendars {
  /** The calendar for a court id; throws UnknownCourtError. */
  get(courtId: string): CourtCalendar;
  has(courtId: string): boolean;
  readonly courts: readonly CourtSummary[];
  readonly supportedYears: { readonly from: number; readonly to: number };
  readonly source: CalendarSource;
}

type Part = { order: number; text: string; explain: string };

function statewideParts(
  source: CalendarSource,
  firstDay: DayNumber,
  lastDay: DayNumber,
): Map<DayNumber, Part[]> {
  const { from, to } = source.holidays.supportedYears;
  const parts = new Map<DayNumber, Part[]>();
  const add = (day: DayNumber, part: Part): void => {
    if (day < firstDay || day > lastDay) return;
    const list = parts.get(day);
    if (list) list.push(part);
    else parts.set(day, [part]);
  };
  // Holiday-years from..to+1: New Year of to+1 on a Saturday closes courts on Dec 31 of `to`.
  for (let year = from; year <= to + 1; year++) {
    for (const h of holidaysOfYear(source.holidays, year)) {
      const text = h.observed ? `${h.name} (observed)` : h.name;
      add(h.day, { order: 1, text, explain: `${text}, a judicial holiday` });
      if (h.observed) {
        add(h.actualDay, {
          order: 2,
          text: `${h.name}; courts observe it on ${longLabel(h.day)}`,
          explain: `${h.name}, observed by courts on ${longLabel(h.day)}`,
        });
      }
    }
  }
  for (const p of source.holidays.governorProclamations.days) {
    add(parseDay(p.date), {
      order: 3,
      text: `${p.name} (proclaimed by the Governor)`,
      explain: `${p.name}, a holiday proclaimed by the Governor (Gov. Code 6700; CCP 135)`,
    });
  }
  for (const c of source.holidays.statewideClosures.days) {
    add(parseDay(c.date), {
      order: 3,
      text: `${c.name}: all courts closed`,
      explain: `${c.name}, all California courts closed for the whole day: a holiday for computing time under Gov. Code 68106 and CCP 12b`,
    });
  }
  return parts;
}

function buildCalendar(
  source: CalendarSource,
  court: CourtEntry,
  statewide: Map<DayNumber, Part[]>,
  firstDay: DayNumber,
  lastDay: DayNumber,
): CourtCalendar {
  const parts = new Map<DayNumber, Part[]>();
  for (const [day, list] of statewide) parts.set(day, [...list]);
  for (const c of court.closures) {
    const day = parseDay(c.date);
    if (day < firstDay || day > lastDay) continue;
    const part = {
      order: 4,
      text: `Court closed: ${c.reason}`,
      explain: `court closed for the whole day: ${c.reason} (CCP 12b)`,
    };
    const list = parts.get(day);
    if (list) list.push(part);
    else parts.set(day, [part]);
  }
  const dayReason = new Uint16Array(lastDay - firstDay + 1);
  const reasons: NonCourtReason[] = [
    { text: '', explain: '' },
    { text: 'Saturday', explain: 'Saturday' },
    { text: 'Sunday', explain: 'Sunday' },
  ];
  const saturday = 1;
  const sunday = 2;
  const index = new Map<string, number>([
    ['Saturday', saturday],
    ['Sunday', sunday],
  ]);
  for (let day = firstDay; day <= lastDay; day++) {
    const wd = weekdayOf(day);
    const weekend = wd === SATURDAY ? 'Saturday' : wd === SUNDAY ? 'Sunday' : null;
    const list = parts.get(day);
    if (list === undefined) {
      // The common cases: an ordinary court day, or a plain weekend day.
      if (weekend !== null) dayReason[day - firstDay] = weekend === 'Saturday' ? saturday : sunday;
      continue;
    }
    // Order-2 parts note that a weekend day is a holiday's own date (observed on
    // another day); they explain a weekend but never close a weekday.
    const closing = list.filter((p) => p.order !== 2).sort((a, b) => a.order - b.order);
    const notes = list.filter((p) => p.order === 2);
    if (weekend === null && closing.length === 0) continue;
    let text: string;
    let explain: string;
    if (weekend !== null) {
      const extra = [...closing, ...notes];
      text = extra.length === 0 ? weekend : `${weekend} (${extra.map((p) => p.text).join('; ')})`;
      explain =
        extra.length === 0 ? weekend : `${weekend}; ${extra.map((p) => p.explain).join('; ')}`;
    } else {
      text = closing.map((p) => p.text).join('; ');
      explain = closing.map((p) => p.explain).join('; ');
    }
    let i = index.get(text);
    if (i === undefined) {
      i = reasons.length;
      reasons.push({ text, explain });
      index.set(text, i);
    }
    dayReason[day - firstDay] = i;
  }
  return {
    id: court.id,
    name: court.name,
    closeOfBusiness: court.closeOfBusiness,
    supportedYears: source.holidays.supportedYears,
    firstDay,
    lastDay,
    dayReason,
    reasons,
  };
}

/** Builds the calendars for a calendar source (the shipped data, or test data). */
export function createCourtCalendars(source: CalendarSource): CourtCalendars {
  const { from, to } = source.holidays.supportedYears;
  const firstDay = dayFromYmd(from, 1, 1);
  const lastDay = dayFromYmd(to, 12, 31);
  const statewide = statewideParts(source, firstDay, lastDay);
  const entries = new Map(source.courts.courts.map((c) => [c.id, c]));
  const built = new Map<string, CourtCalendar>();
  // Most courts have no closures of their own: they share one statewide day table
  // (13,000+ days for 2010-2045) instead of each building a copy on first use.
  let shared: CourtCalendar | undefined;
  const build = (entry: CourtEntry): CourtCalendar => {
    if (entry.closures.length > 0)
      return buildCalendar(source, entry, statewide, firstDay, lastDay);
    shared ??= buildCalendar(source, { ...entry, closures: [] }, statewide, firstDay, lastDay);
    return {
      ...shared,
      id: entry.id,
      name: entry.name,
      closeOfBusiness: entry.closeOfBusiness,
    };
  };
  return {
    supportedYears: source.holidays.supportedYears,
    source,
    courts: source.courts.courts.map((c) => ({
      id: c.id,
      name: c.name,
      county: c.county ?? null,
      closeOfBusiness: c.closeOfBusiness,
      closeOfBusinessSource: c.closeOfBusinessSource,
      weekdayClose: c.weekdayClose ?? null,
      calendarYears: source.holidays.supportedYears,
      closures: c.closures.length,
    })),
    has: (courtId) => entries.has(courtId),
    get(courtId) {
      const hit = built.get(courtId);
      if (hit) return hit;
      const entry = entries.get(courtId);
      if (!entry) throw new UnknownCourtError(courtId);
      const cal = build(entry);
      built.set(courtId, cal);
      return cal;
    },
  };
}

export const defaultCourtCalendars: CourtCalendars = createCourtCalendars(DEFAULT_CALENDAR_SOURCE);

// ---- closures recorded outside the shipped data ------------------------------------

/**
 * One whole day a court is closed, recorded after the release (the database's court
 * closures): CCP 12b makes it a holiday for computing time, and a Gov. Code 68115 emergency
 * order may deem it one. Comes into the engine as data, like the shipped calendars.
 */
export interface ClosureDay {
  /** The court it closes; 'CA' closes every court. */
  court: string;
  date: CalendarDate;
  /** What happened, in words ("power outage"). No party data. */
  reason: string;
  /** What makes the day a holiday; default CCP 12b (the court closed for the whole day). */
  authority?: 'CCP 12b' | 'Gov. Code 68115';
}

function closureReason(c: ClosureDay): NonCourtReason {
  return c.authority === 'Gov. Code 68115'
    ? {
        text: `Court closed by emergency order: ${c.reason}`,
        explain: `deemed a holiday by an emergency order: ${c.reason} (Gov. Code 68115; CCP 12b)`,
      }
    : {
        text: `Court closed: ${c.reason}`,
        explain: `court closed for the whole day: ${c.reason} (CCP 12b)`,
      };
}

/** A court's calendar with extra closed days: a copy of its day table, never the shared one. */
function overlay(cal: CourtCalendar, closures: readonly ClosureDay[]): CourtCalendar {
  const dayReason = cal.dayReason.slice();
  const reasons = [...cal.reasons];
  const index = new Map(reasons.map((r, i) => [r.text, i]));
  for (const c of closures) {
    const day = parseDay(c.date);
    if (!(day >= cal.firstDay && day <= cal.lastDay)) continue;
    const extra = closureReason(c);
    const before = dayReason[day - cal.firstDay] as number;
    const was = before === 0 ? undefined : reasons[before];
    const reason =
      was === undefined
        ? extra
        : { text: `${was.text}; ${extra.text}`, explain: `${was.explain}; ${extra.explain}` };
    let i = index.get(reason.text);
    if (i === undefined) {
      i = reasons.length;
      reasons.push(reason);
      index.set(reason.text, i);
    }
    dayReason[day - cal.firstDay] = i;
  }
  return { ...cal, dayReason, reasons };
}

/**
 * `base` with recorded closures laid over it: a closure day is not a court day for its
 * court (for every court when it names 'CA'). Courts without closures keep their calendar
 * as it is; a court with some gets its own copy, built on first use. Days outside the
 * calendar's years are ignored (there is nothing to compute there).
 */
export function withClosures(
  base: CourtCalendars,
  closures: readonly ClosureDay[],
): CourtCalendars {
  if (closures.length === 0) return base;
  const built = new Map<string, CourtCalendar>();
  return {
    supportedYears: base.supportedYears,
    source: base.source,
    courts: base.courts,
    has: (courtId) => base.has(courtId),
    get(courtId) {
      const hit = built.get(courtId);
      if (hit) return hit;
      const cal = base.get(courtId);
      const own = closures.filter((c) => c.court === courtId || c.court === 'CA');
      const result = own.length === 0 ? cal : overlay(cal, own);
      built.set(courtId, result);
      return result;
    },
  };
}

// ---- numeric lookups (hot path) -------------------------------------------------

/** 0 for a court day, else the index of the reason; throws outside the supported range. */
export function reasonIndexOf(cal: CourtCalendar, day: DayNumber): number {
  if (!(day >= cal.firstDay && day <= cal.lastDay))
    throw new CalendarRangeError(formatDay(day), cal.supportedYears);
  // In range by the check above, so the read is defined.
  return cal.dayReason[day - cal.firstDay] as number;
}

export function isCourtDayNumber(cal: CourtCalendar, day: DayNumber): boolean {
  return reasonIndexOf(cal, day) === 0;
}

/** The explanation text of a non-court day ("Saturday", "Thanksgiving Day, a judicial holiday"). */
export function whyClosed(cal: CourtCalendar, day: DayNumber): string {
  return cal.reasons[reasonIndexOf(cal, day)]?.explain ?? '';
}

export function courtDayInfoOf(
  cal: CourtCalendar,
  day: DayNumber,
): { date: CalendarDate; courtDay: boolean; reason: string | null } {
  const i = reasonIndexOf(cal, day);
  return {
    date: formatDay(day),
    courtDay: i === 0,
    reason: i === 0 ? null : (cal.reasons[i]?.text ?? null),
  };
}

/** Every day courts are closed in `year` other than Saturdays and Sundays, with its reason. */
export function closedWeekdaysOf(
  cal: CourtCalendar,
  year: number,
): { date: CalendarDate; reason: string }[] {
  const out: { date: CalendarDate; reason: string }[] = [];
  const first = dayFromYmd(year, 1, 1);
  const last = dayFromYmd(year, 12, 31);
  for (let d = first; d <= last; d++) {
    const wd = weekdayOf(d);
    const i = reasonIndexOf(cal, d);
    if (i !== 0 && wd !== SATURDAY && wd !== SUNDAY)
      out.push({ date: formatDay(d), reason: cal.reasons[i]?.text ?? '' });
  }
  return out;
}

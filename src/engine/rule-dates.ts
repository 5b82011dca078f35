// Small date helpers shared by the holiday and daylight-saving rules in calendars/.

import { dayFromYmd, daysInMonth, weekdayOf, type DayNumber } from './days.js';

export const WEEKDAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** The nth (1-5, or -1 = last) given weekday of a month. */
export function nthWeekdayOfMonth(
  year: number,
  month: number,
  weekday: WeekdayName,
  nth: number,
): DayNumber {
  const target = WEEKDAY_NAMES.indexOf(weekday);
  if (nth === -1) {
    const last = dayFromYmd(year, month, daysInMonth(year, month));
    return last - ((weekdayOf(last) - target + 7) % 7);
  }
  const first = dayFromYmd(year, month, 1);
  return first + ((target - weekdayOf(first) + 7) % 7) + (nth - 1) * 7;
}

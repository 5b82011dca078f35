// Wording shared by explanations. Every day is named with its weekday, and every
// skipped day with the reason the court is closed, so a person can check each step
// against a paper calendar.

import { whyClosed, type CourtCalendar } from './calendar.js';
import { shortLabel, type DayNumber } from './days.js';

/** "Sat 11/29 (Saturday), Thu 11/27 (Thanksgiving Day, a judicial holiday)". */
export function skippedList(cal: CourtCalendar, days: readonly DayNumber[]): string {
  let s = '';
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as DayNumber;
    s += `${i === 0 ? '' : ', '}${shortLabel(d)} (${whyClosed(cal, d)})`;
  }
  return s;
}

/** "Mon 12/01 #1, Tue 12/02 #2". */
export function countedList(days: readonly DayNumber[]): string {
  let s = '';
  for (let i = 0; i < days.length; i++) {
    s += `${i === 0 ? '' : ', '}${shortLabel(days[i] as DayNumber)} #${i + 1}`;
  }
  return s;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// The narrator's vocabulary: how a day, an event, a count and a list of skipped days
// are written. Every day is named with its weekday, and every skipped day with the
// reason the court is closed, so a person can check each step against a paper calendar.

import { courtDayInfoOf, whyClosed, type CourtCalendar } from '../../calendar.js';
import { longLabel, MONTH_NAMES, shortLabel, ymdFromDay, type DayNumber } from '../../days.js';
import type { Ev } from '../events.js';

export { longLabel as day };

/**
 * "events[3] SERVED on Wed 2025-12-03": no parentheses of its own, so a label can stand
 * inside a parenthesis without nesting them.
 */
export function evLabel(ev: Ev): string {
  return `events[${ev.index}] ${ev.type} on ${longLabel(ev.day)}`;
}

/**
 * "an EPO", "a DV order", "an ex parte GVRO", "an elder ... order": the article a phrase
 * takes. Letters read as letters (EPO, SV) take "an" when their name starts with a vowel
 * sound; a word that starts with a vowel takes "an".
 */
export function withArticle(phrase: string): string {
  const first = phrase.split(' ')[0] ?? '';
  const initialism = first.length > 1 && first === first.toUpperCase();
  const an = initialism ? 'AEFHILMNORSX'.includes(first[0] ?? '') : /^[aeiou]/i.test(first);
  return `${an ? 'an' : 'a'} ${phrase}`;
}

/** " at 08:30", or nothing when the event has no time. */
export function atTime(ev: Ev): string {
  return ev.time === undefined ? '' : ` at ${ev.time}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 1st, 2nd, 3rd, 4th ... 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

const WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
];

/** 'three' for 3, as statutes write small numbers; digits above ten. */
export function numberWord(n: number): string {
  return WORDS[n] ?? String(n);
}

export function upperFirst(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
}

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

/** "a court day", or "not a court day (Saturday)". */
export function courtDayNote(cal: CourtCalendar, day: DayNumber): string {
  const info = courtDayInfoOf(cal, day);
  return info.courtDay ? 'a court day' : `not a court day (${info.reason ?? ''})`;
}

/** Why the court is closed that day ("Saturday"), for a day known not to be a court day. */
export function closedReason(cal: CourtCalendar, day: DayNumber): string {
  return courtDayInfoOf(cal, day).reason ?? '';
}

/** "February 2026". */
export function monthYear(day: DayNumber): string {
  const { year, month } = ymdFromDay(day);
  return `${MONTH_NAMES[month - 1] ?? ''} ${year}`;
}

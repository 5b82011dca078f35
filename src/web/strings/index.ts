import type { Catalogue, Locale } from './catalogue.js';
import { en } from './en.js';
import { es } from './es.js';

export type { Catalogue, Locale };
export { LOCALES } from './catalogue.js';

const CATALOGUES: Record<Locale, Catalogue> = { en, es };

export const strings = (locale: Locale): Catalogue => CATALOGUES[locale];

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per (kind, locale), made on first use. */
function formatter(
  kind: string,
  locale: Locale,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${kind}|${locale}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(CATALOGUES[locale].tag, options);
    formats.set(key, format);
  }
  return format;
}

// Calendar dates are formatted at UTC noon, so no zone can move them to another day.
const calendarDay = (date: string): Date => new Date(`${date}T12:00:00Z`);

/** 'YYYY-MM-DD' as a person reads it ("Friday, March 12, 2027"). */
export function longDate(date: string, locale: Locale = 'en'): string {
  return formatter('long', locale, {
    timeZone: 'UTC',
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(calendarDay(date));
}

/** 'YYYY-MM-DD' short ("Mar 12, 2027"). */
export function shortDate(date: string, locale: Locale = 'en'): string {
  return formatter('short', locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).format(calendarDay(date));
}

/** An instant's time of day in the court's zone ("8:30 AM"). */
export function courtTime(at: string, locale: Locale = 'en'): string {
  return formatter('time', locale, {
    timeZone: 'America/Los_Angeles',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(at));
}

/** An instant as date and time in the court's zone ("Mar 12, 2027, 8:30 AM"). */
export function courtDateTime(at: string | Date, locale: Locale = 'en'): string {
  return formatter('datetime', locale, {
    timeZone: 'America/Los_Angeles',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(typeof at === 'string' ? new Date(at) : at);
}

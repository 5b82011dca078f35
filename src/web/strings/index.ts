import type { Catalogue, Locale } from './catalogue.js';
import { en } from './en.js';
import { es } from './es.js';

export type { Catalogue, Locale };
export { LOCALES } from './catalogue.js';

const CATALOGUES: Record<Locale, Catalogue> = { en, es };

export const strings = (locale: Locale): Catalogue => CATALOGUES[locale];

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD' as a person reads it ("Friday, March 12, 2027"); the date is not shifted by any zone. */
export function longDate(date: string, locale: Locale = 'en'): string {
  const key = `long|${locale}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(CATALOGUES[locale].tag, {
      timeZone: 'UTC',
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    });
    dateFormats.set(key, format);
  }
  return format.format(new Date(`${date}T12:00:00Z`));
}

/** 'YYYY-MM-DD' short ("Mar 12, 2027"). */
export function shortDate(date: string, locale: Locale = 'en'): string {
  const key = `short|${locale}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(CATALOGUES[locale].tag, {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
    });
    dateFormats.set(key, format);
  }
  return format.format(new Date(`${date}T12:00:00Z`));
}

/** An instant's time of day in the court's zone ("8:30 AM"). */
export function courtTime(at: string, locale: Locale = 'en'): string {
  const key = `time|${locale}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(CATALOGUES[locale].tag, {
      timeZone: 'America/Los_Angeles',
      hour: 'numeric',
      minute: '2-digit',
    });
    dateFormats.set(key, format);
  }
  return format.format(new Date(at));
}

/** An instant as date and time in the court's zone ("Mar 12, 2027, 8:30 AM"). */
export function courtDateTime(at: string | Date, locale: Locale = 'en'): string {
  const key = `datetime|${locale}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(CATALOGUES[locale].tag, {
      timeZone: 'America/Los_Angeles',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    dateFormats.set(key, format);
  }
  return format.format(typeof at === 'string' ? new Date(at) : at);
}

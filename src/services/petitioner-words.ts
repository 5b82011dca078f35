// What the petitioner's side says (their page, its calendar file, discreet reminder emails),
// one catalogue per language in locales/<code>.json. A translator adds a language by copying
// en.json to <code>.json and translating the values: every file in locales/ is a language the
// page offers, with no code to change. Each catalogue is checked when this module loads —
// the same keys as English, the same {placeholders} in each string, a valid BCP 47 tag — so a
// broken file stops the server at start, not a petitioner's page.
import fs from 'node:fs';
import path from 'node:path';
import en from '../../locales/en.json' with { type: 'json' };
import { PROJECT_ROOT } from '../paths.js';

export type PetitionerWords = typeof en;

export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');
export const DEFAULT_LOCALE = 'en';

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;
const placeholdersOf = (text: string): string =>
  [...text.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .sort()
    .join(',');

/** What is wrong with a catalogue compared with English (empty: nothing). */
export function catalogueProblems(candidate: unknown, reference: unknown = en, at = ''): string[] {
  if (typeof reference === 'string') {
    if (typeof candidate !== 'string') return [`${at}: must be text`];
    if (candidate.trim() === '' && reference.trim() !== '') return [`${at}: is empty`];
    // The language block names the language itself; every other string keeps the placeholders.
    if (!at.startsWith('language.') && placeholdersOf(candidate) !== placeholdersOf(reference))
      return [`${at}: must use the placeholders {${placeholdersOf(reference)}}`];
    return [];
  }
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate))
    return [`${at || 'the catalogue'}: must be an object`];
  const ref = reference as Record<string, unknown>;
  const got = candidate as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(ref)) {
    const where = at ? `${at}.${key}` : key;
    if (!(key in got)) problems.push(`${where}: missing`);
    else problems.push(...catalogueProblems(got[key], ref[key], where));
  }
  for (const key of Object.keys(got))
    if (!(key in ref)) problems.push(`${at ? `${at}.${key}` : key}: not a key English has`);
  return problems;
}

function loadCatalogues(): Map<string, PetitionerWords> {
  const catalogues = new Map<string, PetitionerWords>([[DEFAULT_LOCALE, en]]);
  for (const file of fs.readdirSync(LOCALES_DIR).sort()) {
    if (!file.endsWith('.json') || file === `${DEFAULT_LOCALE}.json`) continue;
    const code = file.slice(0, -5);
    const where = `locales/${file}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, file), 'utf8'));
    } catch (error) {
      throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
    }
    const problems = catalogueProblems(parsed);
    const words = parsed as PetitionerWords;
    if (problems.length === 0 && words.language.code !== code)
      problems.push(`language.code: must be "${code}", the file's name`);
    if (problems.length === 0) {
      try {
        new Intl.DateTimeFormat(words.language.tag);
      } catch {
        problems.push(`language.tag: "${words.language.tag}" is not a BCP 47 language tag`);
      }
    }
    if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
    catalogues.set(code, words);
  }
  return catalogues;
}

const CATALOGUES = loadCatalogues();

/** Every language the petitioner's page offers (English first), by code. */
export const PETITIONER_LOCALES: readonly string[] = [...CATALOGUES.keys()];

export const isPetitionerLocale = (code: string): boolean => CATALOGUES.has(code);

/** The catalogue of `locale`; English for a code with none. */
export function petitionerWords(locale: string): PetitionerWords {
  return CATALOGUES.get(locale) ?? en;
}

/** A catalogue string with its {placeholders} filled in. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${whole} in "${template}"`);
    return String(value);
  });
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'time', tag: string): Intl.DateTimeFormat {
  const key = `${kind}|${tag}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      tag,
      kind === 'date'
        ? { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }
        : { timeZone: 'America/Los_Angeles', hour: 'numeric', minute: '2-digit' },
    );
    formats.set(key, format);
  }
  return format;
}

/** 'YYYY-MM-DD' as the language writes it ("Tuesday, March 16, 2027"; "martes, 16 de marzo de 2027"). */
export function wordsDate(date: string, words: PetitionerWords): string {
  // At UTC noon, so no zone moves it to another day.
  return formatter('date', words.language.tag).format(new Date(`${date}T12:00:00Z`));
}

/** An instant's time of day at the court ("8:30 AM"; "8:30 a.m."). */
export function wordsTime(at: string, words: PetitionerWords): string {
  return formatter('time', words.language.tag).format(new Date(at));
}

// The petitioner's catalogues (locales/*.json): every language has English's keys and
// placeholders, a broken catalogue is refused with the key named, and dates and times read
// as each language writes them (no doubled period after "a.m." in Spanish).
import { describe, expect, it } from 'vitest';
import {
  catalogueProblems,
  fill,
  PETITIONER_LOCALES,
  petitionerWords,
  wordsDate,
  wordsTime,
} from '../../src/services/petitioner-words.js';

describe('petitioner catalogues', () => {
  it('offers English and Spanish, each complete against English', () => {
    expect(PETITIONER_LOCALES).toEqual(expect.arrayContaining(['en', 'es']));
    expect(PETITIONER_LOCALES[0]).toBe('en');
    for (const code of PETITIONER_LOCALES)
      expect(catalogueProblems(petitionerWords(code)), code).toEqual([]);
  });

  it('names what is wrong with a translation: a missing key, an extra one, a lost placeholder, an empty string', () => {
    const en = petitionerWords('en');
    const broken = structuredClone(en) as unknown as Record<string, Record<string, unknown>>;
    delete broken.page!.heading;
    broken.page!.extra = 'x';
    (broken.dates!.renewal as Record<string, string>).todo = 'Presente el formulario pronto.';
    broken.page!.print = ' ';
    expect(catalogueProblems(broken)).toEqual([
      'page.heading: missing',
      'page.print: is empty',
      'page.extra: not a key English has',
      'dates.renewal.todo: must use the placeholders {date,form}',
    ]);
  });

  it('writes dates and court times for the language, and fills placeholders', () => {
    const en = petitionerWords('en');
    const es = petitionerWords('es');
    expect(wordsDate('2027-03-16', en)).toBe('Tuesday, March 16, 2027');
    expect(wordsDate('2027-03-16', es)).toBe('martes, 16 de marzo de 2027');
    // 8:30 at the court (PDT) is 15:30 UTC.
    expect(wordsTime('2027-03-16T15:30:00Z', en)).toMatch(/^8:30\sAM$/);
    const spanish = fill(es.page.dateAtTime, {
      date: wordsDate('2027-03-16', es),
      time: wordsTime('2027-03-16T15:30:00Z', es),
    });
    expect(spanish).toMatch(
      /^martes, 16 de marzo de 2027 a las 8:30\sa\.\sm\.$|a las 8:30\sa\.m\.$/,
    );
    expect(spanish).not.toContain('..');
    expect(() => fill('{date} and {time}', { date: 'x' })).toThrow(/\{time\}/);
  });
});

// The court calendar, proven rather than trusted: a golden table of every observed
// holiday 2021-2030 (written from CCP 135 + CRC 1.11 and checked against the published
// 2024-2026 lists), the exact number of court days per year, the cases the research
// notes call out, per-court closures and Governor's proclamations, and a cross-check
// against date-holidays (with the ca-rules.md 2.3 patch) that also shows the library
// is wrong for courts without it.

import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import examples from '../fixtures/ca-rules-examples.json' with { type: 'json' };
import closureFixture from '../fixtures/court-closures-example.json' with { type: 'json' };
import {
  CalendarRangeError,
  computeDeadlines,
  courtDayInfo,
  createCourtCalendars,
  DEFAULT_CALENDAR_SOURCE,
  defaultCourtCalendars,
  isCourtDay,
  judicialHolidays,
  SUPPORTED_YEARS,
  UnknownCourtError,
  type CalendarSource,
} from '../../src/engine/index.js';
import { datesOfYear, deadline, isWeekend, text } from './helpers.js';

/** Every day courts close other than weekends, with courtDayInfo's reason. */
const GOLDEN: Record<number, [string, string][]> = {
  2021: [
    ['2021-01-01', "New Year's Day"],
    ['2021-01-18', 'Martin Luther King, Jr. Day'],
    ['2021-02-12', 'Lincoln Day'],
    ['2021-02-15', "Presidents' Day (Washington)"],
    ['2021-03-31', 'Cesar Chavez Day'],
    ['2021-05-31', 'Memorial Day'],
    ['2021-07-05', 'Independence Day (observed)'],
    ['2021-09-06', 'Labor Day'],
    ['2021-10-11', 'Columbus Day'],
    ['2021-11-11', 'Veterans Day'],
    ['2021-11-25', 'Thanksgiving Day'],
    ['2021-11-26', 'Day after Thanksgiving'],
    ['2021-12-24', 'Christmas Day (observed)'],
    ['2021-12-31', "New Year's Day (observed)"],
  ],
  2022: [
    ['2022-01-17', 'Martin Luther King, Jr. Day'],
    ['2022-02-11', 'Lincoln Day (observed)'],
    ['2022-02-21', "Presidents' Day (Washington)"],
    ['2022-03-31', 'Cesar Chavez Day'],
    ['2022-05-30', 'Memorial Day'],
    ['2022-07-04', 'Independence Day'],
    ['2022-09-05', 'Labor Day'],
    ['2022-09-23', 'Native American Day'],
    ['2022-11-11', 'Veterans Day'],
    ['2022-11-24', 'Thanksgiving Day'],
    ['2022-11-25', 'Day after Thanksgiving'],
    ['2022-12-26', 'Christmas Day (observed)'],
  ],
  2023: [
    ['2023-01-02', "New Year's Day (observed)"],
    ['2023-01-16', 'Martin Luther King, Jr. Day'],
    ['2023-02-13', 'Lincoln Day (observed)'],
    ['2023-02-20', "Presidents' Day (Washington)"],
    ['2023-03-31', 'Cesar Chavez Day'],
    ['2023-05-29', 'Memorial Day'],
    ['2023-06-19', 'Juneteenth'],
    ['2023-07-04', 'Independence Day'],
    ['2023-09-04', 'Labor Day'],
    ['2023-09-22', 'Native American Day'],
    ['2023-11-10', 'Veterans Day (observed)'],
    ['2023-11-23', 'Thanksgiving Day'],
    ['2023-11-24', 'Day after Thanksgiving'],
    ['2023-12-25', 'Christmas Day'],
  ],
  2024: [
    ['2024-01-01', "New Year's Day"],
    ['2024-01-15', 'Martin Luther King, Jr. Day'],
    ['2024-02-12', 'Lincoln Day'],
    ['2024-02-19', "Presidents' Day (Washington)"],
    ['2024-04-01', 'Cesar Chavez Day (observed)'],
    ['2024-05-27', 'Memorial Day'],
    ['2024-06-19', 'Juneteenth'],
    ['2024-07-04', 'Independence Day'],
    ['2024-09-02', 'Labor Day'],
    ['2024-09-27', 'Native American Day'],
    ['2024-11-11', 'Veterans Day'],
    ['2024-11-28', 'Thanksgiving Day'],
    ['2024-11-29', 'Day after Thanksgiving'],
    ['2024-12-25', 'Christmas Day'],
  ],
  2025: [
    ['2025-01-01', "New Year's Day"],
    ['2025-01-20', 'Martin Luther King, Jr. Day'],
    ['2025-02-12', 'Lincoln Day'],
    ['2025-02-17', "Presidents' Day (Washington)"],
    ['2025-03-31', 'Cesar Chavez Day'],
    ['2025-05-26', 'Memorial Day'],
    ['2025-06-19', 'Juneteenth'],
    ['2025-07-04', 'Independence Day'],
    ['2025-09-01', 'Labor Day'],
    ['2025-09-26', 'Native American Day'],
    ['2025-11-11', 'Veterans Day'],
    ['2025-11-27', 'Thanksgiving Day'],
    ['2025-11-28', 'Day after Thanksgiving'],
    ['2025-12-25', 'Christmas Day'],
  ],
  2026: [
    ['2026-01-01', "New Year's Day"],
    ['2026-01-19', 'Martin Luther King, Jr. Day'],
    ['2026-02-12', 'Lincoln Day'],
    ['2026-02-16', "Presidents' Day (Washington)"],
    ['2026-03-31', 'Cesar Chavez Day'],
    ['2026-05-25', 'Memorial Day'],
    ['2026-06-19', 'Juneteenth'],
    ['2026-07-03', 'Independence Day (observed)'],
    ['2026-09-07', 'Labor Day'],
    ['2026-09-25', 'Native American Day'],
    ['2026-11-11', 'Veterans Day'],
    ['2026-11-26', 'Thanksgiving Day'],
    ['2026-11-27', 'Day after Thanksgiving'],
    ['2026-12-25', 'Christmas Day'],
  ],
  2027: [
    ['2027-01-01', "New Year's Day"],
    ['2027-01-18', 'Martin Luther King, Jr. Day'],
    ['2027-02-12', 'Lincoln Day'],
    ['2027-02-15', "Presidents' Day (Washington)"],
    ['2027-03-31', 'Cesar Chavez Day'],
    ['2027-05-31', 'Memorial Day'],
    ['2027-06-18', 'Juneteenth (observed)'],
    ['2027-07-05', 'Independence Day (observed)'],
    ['2027-09-06', 'Labor Day'],
    ['2027-09-24', 'Native American Day'],
    ['2027-11-11', 'Veterans Day'],
    ['2027-11-25', 'Thanksgiving Day'],
    ['2027-11-26', 'Day after Thanksgiving'],
    ['2027-12-24', 'Christmas Day (observed)'],
    ['2027-12-31', "New Year's Day (observed)"],
  ],
  2028: [
    ['2028-01-17', 'Martin Luther King, Jr. Day'],
    ['2028-02-11', 'Lincoln Day (observed)'],
    ['2028-02-21', "Presidents' Day (Washington)"],
    ['2028-03-31', 'Cesar Chavez Day'],
    ['2028-05-29', 'Memorial Day'],
    ['2028-06-19', 'Juneteenth'],
    ['2028-07-04', 'Independence Day'],
    ['2028-09-04', 'Labor Day'],
    ['2028-09-22', 'Native American Day'],
    ['2028-11-10', 'Veterans Day (observed)'],
    ['2028-11-23', 'Thanksgiving Day'],
    ['2028-11-24', 'Day after Thanksgiving'],
    ['2028-12-25', 'Christmas Day'],
  ],
  2029: [
    ['2029-01-01', "New Year's Day"],
    ['2029-01-15', 'Martin Luther King, Jr. Day'],
    ['2029-02-12', 'Lincoln Day'],
    ['2029-02-19', "Presidents' Day (Washington)"],
    ['2029-03-30', 'Cesar Chavez Day (observed)'],
    ['2029-05-28', 'Memorial Day'],
    ['2029-06-19', 'Juneteenth'],
    ['2029-07-04', 'Independence Day'],
    ['2029-09-03', 'Labor Day'],
    ['2029-09-28', 'Native American Day'],
    ['2029-11-12', 'Veterans Day (observed)'],
    ['2029-11-22', 'Thanksgiving Day'],
    ['2029-11-23', 'Day after Thanksgiving'],
    ['2029-12-25', 'Christmas Day'],
  ],
  2030: [
    ['2030-01-01', "New Year's Day"],
    ['2030-01-21', 'Martin Luther King, Jr. Day'],
    ['2030-02-12', 'Lincoln Day'],
    ['2030-02-18', "Presidents' Day (Washington)"],
    ['2030-04-01', 'Cesar Chavez Day (observed)'],
    ['2030-05-27', 'Memorial Day'],
    ['2030-06-19', 'Juneteenth'],
    ['2030-07-04', 'Independence Day'],
    ['2030-09-02', 'Labor Day'],
    ['2030-09-27', 'Native American Day'],
    ['2030-11-11', 'Veterans Day'],
    ['2030-11-28', 'Thanksgiving Day'],
    ['2030-11-29', 'Day after Thanksgiving'],
    ['2030-12-25', 'Christmas Day'],
  ],
};

/** Court days per year: weekdays minus the weekday holidays above (counted by hand, rechecked below). */
const COURT_DAYS: Record<number, number> = {
  2021: 247,
  2022: 248,
  2023: 246,
  2024: 248,
  2025: 247,
  2026: 247,
  2027: 246,
  2028: 247,
  2029: 247,
  2030: 247,
};

describe('golden court calendar 2021-2030 (statewide)', () => {
  it.each(Object.keys(GOLDEN).map(Number))('%i: every closed weekday, with its reason', (year) => {
    const closed = datesOfYear(year)
      .filter((d) => !isWeekend(d) && !isCourtDay(d))
      .map((d) => [d, courtDayInfo(d).reason]);
    expect(closed).toEqual(GOLDEN[year]);
  });

  it.each(Object.keys(COURT_DAYS).map(Number))('%i: the number of court days', (year) => {
    const weekdays = datesOfYear(year).filter((d) => !isWeekend(d)).length;
    const independent = weekdays - (GOLDEN[year] ?? []).length;
    const counted = datesOfYear(year).filter((d) => isCourtDay(d)).length;
    expect(independent).toBe(COURT_DAYS[year]);
    expect(counted).toBe(COURT_DAYS[year]);
  });

  it('judicialHolidays(year) lists the same days, with the holiday names', () => {
    for (const year of Object.keys(GOLDEN).map(Number)) {
      expect(
        judicialHolidays(year).map((h) => [h.date, h.observed ? `${h.name} (observed)` : h.name]),
      ).toEqual(GOLDEN[year]);
    }
  });

  it('matches the published 2024-2026 lists (and the computed 2027 list) in the fixture exactly', () => {
    const published = (
      examples as unknown as {
        meta: { judicial_holidays: Record<string, Record<string, string[]>> };
      }
    ).meta.judicial_holidays;
    expect(Object.keys(published).sort()).toEqual(['2024', '2025', '2026', '2027']);
    for (const [year, days] of Object.entries(published)) {
      const ours = Object.fromEntries(
        judicialHolidays(Number(year)).map((h) => [h.date, [h.name]]),
      );
      expect(ours).toEqual(days);
    }
  });

  it.each([
    ['2021-12-31', "New Year's Day (observed)", 'New Year 2022 is a Saturday'],
    ['2027-12-31', "New Year's Day (observed)", 'New Year 2028 is a Saturday'],
    ['2028-02-11', 'Lincoln Day (observed)', 'Lincoln Day on Saturday'],
    ['2028-11-10', 'Veterans Day (observed)', 'Veterans Day on Saturday'],
    [
      '2029-03-30',
      'Cesar Chavez Day (observed)',
      'Cesar Chavez Day on Saturday (also Good Friday)',
    ],
    ['2029-11-12', 'Veterans Day (observed)', 'Veterans Day on Sunday'],
    ['2022-09-23', 'Native American Day', 'a court holiday since 2022 (AB 855)'],
    ['2023-06-19', 'Juneteenth', 'first court closure for Juneteenth'],
    ['2021-10-11', 'Columbus Day', 'still a court holiday in 2021'],
    ['2027-06-18', 'Juneteenth (observed)', 'Juneteenth on Saturday'],
    ['2026-07-03', 'Independence Day (observed)', 'July 4 on Saturday'],
  ])('%s is closed: %s (%s)', (date, reason) => {
    expect(courtDayInfo(date)).toEqual({ date, courtDay: false, reason });
  });

  it.each([
    ['2022-06-20', 'Juneteenth was not a court holiday in 2022 (courts open Mon 6/20/2022)'],
    ['2021-06-18', 'nor in 2021'],
    ['2021-09-24', 'Native American Day was not a court holiday before 2022'],
    ['2022-10-10', 'Columbus Day is a court day from 2022'],
    ['2025-10-13', 'Columbus Day'],
    ['2026-04-03', 'Good Friday'],
    ['2025-09-09', 'Admission Day'],
    ['2026-02-17', 'Lunar New Year'],
    ['2025-04-24', 'Genocide Remembrance Day'],
  ])('%s is a court day (%s)', (date) => {
    expect(courtDayInfo(date)).toEqual({ date, courtDay: true, reason: null });
  });

  it('every example date of a day that is NOT a judicial holiday (calendars/) is a court day', () => {
    const examplesOfNot = DEFAULT_CALENDAR_SOURCE.holidays.notJudicialHolidays.days.flatMap(
      (d) => d.exampleDates,
    );
    expect(examplesOfNot.length).toBeGreaterThan(20);
    for (const date of examplesOfNot) expect(isCourtDay(date), date).toBe(true);
  });

  it('no holiday is named Diwali, Admission Day, Lunar New Year, Good Friday or Genocide Remembrance Day', () => {
    for (let year = SUPPORTED_YEARS.from; year <= SUPPORTED_YEARS.to; year++) {
      for (const h of judicialHolidays(year)) {
        expect(h.name).not.toMatch(/Diwali|Admission|Lunar|Good Friday|Genocide/);
      }
    }
  });

  it('names weekend days, and says where a weekend holiday is observed', () => {
    expect(courtDayInfo('2025-11-29')).toEqual({
      date: '2025-11-29',
      courtDay: false,
      reason: 'Saturday',
    });
    expect(courtDayInfo('2025-11-30')).toEqual({
      date: '2025-11-30',
      courtDay: false,
      reason: 'Sunday',
    });
    expect(courtDayInfo('2028-01-01').reason).toBe(
      "Saturday (New Year's Day; courts observe it on Fri 2027-12-31)",
    );
  });
});

describe('supported range and court ids', () => {
  it('covers 2010-2045 and refuses dates outside it with a typed error', () => {
    expect(SUPPORTED_YEARS).toEqual({ from: 2010, to: 2045 });
    expect(isCourtDay('2010-01-04')).toBe(true);
    expect(isCourtDay('2045-12-29')).toBe(true);
    for (const date of ['2009-12-31', '2046-01-01', '1999-06-01']) {
      let error: unknown;
      try {
        courtDayInfo(date);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CalendarRangeError);
      expect((error as CalendarRangeError).code).toBe('OUTSIDE_CALENDAR_RANGE');
      expect((error as CalendarRangeError).message).toBe(
        `${date} is outside the supported court calendar (2010-2045)`,
      );
    }
    expect(() => judicialHolidays(2046)).toThrow(/outside the supported court calendar/);
    expect(() => judicialHolidays(2009)).toThrow(/outside the supported court calendar/);
  });

  it('lists the statewide calendar and all 58 superior courts, each close of business with its source', () => {
    const courts = defaultCourtCalendars.courts;
    expect(courts).toHaveLength(59);
    expect(courts[0]).toMatchObject({
      id: 'CA',
      county: null,
      closeOfBusiness: '16:00',
      closeOfBusinessSource: { basis: 'default' },
      calendarYears: { from: 2010, to: 2045 },
      closures: 0,
    });
    const counties = courts.filter((c) => c.county !== null);
    expect(counties).toHaveLength(58);
    for (const c of counties) {
      const slug = (c.county ?? '').toLowerCase().replace(/ /g, '-');
      expect(c.id).toBe(`CA-${slug}`);
      expect(c.name).toBe(`Superior Court of California, County of ${c.county ?? ''}`);
      expect(c.closeOfBusiness).toMatch(/^(1[0-7]):[0-5]\d$/);
      const src = c.closeOfBusinessSource;
      expect(src.citation.length, c.id).toBeGreaterThan(10);
      if (src.basis === 'default') expect(c.closeOfBusiness).toBe('16:00');
      else {
        expect(src.url, c.id).toMatch(/^https?:\/\//);
        expect(src.hours, c.id).toBeDefined();
      }
      // closeOfBusiness is the earliest regular close (the safe reading for an EPO's expiry).
      if (c.weekdayClose !== null)
        expect(c.closeOfBusiness).toBe(Object.values(c.weekdayClose).sort()[0]);
    }
    const sourced = counties.filter((c) => c.closeOfBusinessSource.basis !== 'default');
    expect(sourced.map((c) => [c.id, c.closeOfBusiness])).toEqual([
      ['CA-alameda', '14:00'],
      ['CA-amador', '12:00'],
      ['CA-calaveras', '16:00'],
      ['CA-contra-costa', '14:00'],
      ['CA-del-norte', '17:00'],
      ['CA-glenn', '15:00'],
      ['CA-madera', '15:00'],
      ['CA-napa', '17:00'],
      ['CA-orange', '12:00'],
      ['CA-sacramento', '16:00'],
      ['CA-san-bernardino', '16:00'],
      ['CA-san-diego', '16:00'],
      ['CA-san-francisco', '14:00'],
      ['CA-san-mateo', '12:00'],
    ]);
    for (const id of [
      'CA-los-angeles',
      'CA-san-francisco',
      'CA-san-luis-obispo',
      'CA-del-norte',
      'CA-alpine',
      'CA-yuba',
    ]) {
      expect(defaultCourtCalendars.has(id), id).toBe(true);
    }
  });

  it("uses a court's own close of business for an EPO expiring at close of judicial business", () => {
    const events = [{ type: 'EPO_ISSUED' as const, date: '2025-11-29' }];
    const at = (court: string): string | undefined =>
      deadline(computeDeadlines({ family: 'DV', court, events }), 'EPO_EXPIRES').at;
    expect(at('CA')).toBe('2025-12-05T16:00:00-08:00');
    expect(at('CA-orange')).toBe('2025-12-05T12:00:00-08:00');
    expect(at('CA-napa')).toBe('2025-12-05T17:00:00-08:00');
  });

  it('refuses a court without a close-of-business source, a sourced one without a URL, and a default that is not the default', async () => {
    const { readCourtsData } = await import('../../src/engine/calendar-data.js');
    const raw = (): {
      defaultCloseOfBusiness: { time: string };
      courts: Record<string, unknown>[];
    } =>
      structuredClone({
        defaultCloseOfBusiness: { time: '16:00' },
        courts: DEFAULT_CALENDAR_SOURCE.courts.courts,
      }) as unknown as {
        defaultCloseOfBusiness: { time: string };
        courts: Record<string, unknown>[];
      };
    const a = raw();
    delete (a.courts[1] as Record<string, unknown>).closeOfBusinessSource;
    expect(() => readCourtsData(a)).toThrow(/closeOfBusinessSource is required/);
    const b = raw();
    (b.courts[1] as { closeOfBusinessSource: unknown }).closeOfBusinessSource = {
      basis: 'court',
      citation: 'a court page',
    };
    expect(() => readCourtsData(b)).toThrow(/url is required/);
    const c = raw();
    const lastDefault = c.courts.findLast(
      (x) => (x.closeOfBusinessSource as { basis: string }).basis === 'default',
    ) as { closeOfBusiness: string };
    lastDefault.closeOfBusiness = '17:00';
    expect(() => readCourtsData(c)).toThrow(/must use defaultCloseOfBusiness/);
  });

  it('has no closures recorded without a source, and none at all yet', () => {
    for (const c of DEFAULT_CALENDAR_SOURCE.courts.courts) expect(c.closures).toEqual([]);
    expect(DEFAULT_CALENDAR_SOURCE.holidays.governorProclamations.days).toEqual([]);
  });

  it('refuses an unknown court id with a typed error', () => {
    expect(() => courtDayInfo('2025-12-02', 'CA-nowhere')).toThrow(UnknownCourtError);
    expect(() => courtDayInfo('2025-12-02', 'ca')).toThrow(/unknown court id/);
  });

  it('a county calendar equals the statewide one when it has no closures', () => {
    for (const d of datesOfYear(2027))
      expect(courtDayInfo(d, 'CA-los-angeles')).toEqual(courtDayInfo(d));
  });
});

describe('per-court closures (CCP 12b) and Governor proclamations (fictional fixture)', () => {
  const fixture = closureFixture as {
    closures: Record<string, { date: string; reason: string; source: string }[]>;
    closeOfBusiness: Record<string, string>;
    governorProclamations: { date: string; name: string; source: string }[];
  };
  const source: CalendarSource = {
    holidays: {
      ...DEFAULT_CALENDAR_SOURCE.holidays,
      governorProclamations: { days: fixture.governorProclamations },
    },
    courts: {
      courts: DEFAULT_CALENDAR_SOURCE.courts.courts.map((c) => ({
        ...c,
        closures: fixture.closures[c.id] ?? [],
        closeOfBusiness: fixture.closeOfBusiness[c.id] ?? c.closeOfBusiness,
      })),
    },
  };
  const calendars = createCourtCalendars(source);

  it('a closure counts as a holiday for that court only', () => {
    expect(courtDayInfo('2025-12-02', 'CA-los-angeles', calendars)).toEqual({
      date: '2025-12-02',
      courtDay: false,
      reason: 'Court closed: EXAMPLE ONLY: fictional emergency closure',
    });
    expect(courtDayInfo('2025-12-02', 'CA', calendars).courtDay).toBe(true);
    expect(courtDayInfo('2025-12-02', 'CA-orange', calendars).courtDay).toBe(true);
    expect(courtDayInfo('2026-01-05', 'CA-san-francisco', calendars).courtDay).toBe(false);
  });

  it("a Governor's proclamation closes every court", () => {
    for (const court of ['CA', 'CA-los-angeles', 'CA-fresno']) {
      expect(courtDayInfo('2026-03-13', court, calendars)).toEqual({
        date: '2026-03-13',
        courtDay: false,
        reason: 'EXAMPLE ONLY: fictional day of mourning (proclaimed by the Governor)',
      });
    }
  });

  it('closures move court-day counts, are named in explanations, and close of business is per court', () => {
    const events = [{ type: 'EPO_ISSUED' as const, date: '2025-11-29' }];
    const statewide = deadline(
      computeDeadlines({ family: 'DV', court: 'CA', events }, { calendars }),
      'EPO_EXPIRES',
    );
    const la = deadline(
      computeDeadlines({ family: 'DV', court: 'CA-los-angeles', events }, { calendars }),
      'EPO_EXPIRES',
    );
    expect(statewide.date).toBe('2025-12-05');
    // The LA closure on Tue 12/02 pushes the 5th court day to Mon 12/08, so the 7th calendar day (Sat 12/06) governs.
    expect(la.advisory?.fifthCourtDay).toBe('2025-12-08');
    expect(la.date).toBe('2025-12-06');
    expect(text(la)).toContain(
      'Tue 12/02 (court closed for the whole day: EXAMPLE ONLY: fictional emergency closure (CCP 12b))',
    );
    const sf = deadline(
      computeDeadlines(
        {
          family: 'DV',
          court: 'CA-san-francisco',
          events: [{ type: 'EPO_ISSUED', date: '2025-10-11' }],
        },
        { calendars },
      ),
      'EPO_EXPIRES',
    );
    expect(sf.at).toBe('2025-10-17T16:00:00-07:00');
  });

  it('refuses closure data without a source', () => {
    const bad = structuredClone(DEFAULT_CALENDAR_SOURCE.courts) as unknown as {
      courts: { closures: unknown[] }[];
    };
    (bad.courts[1] as { closures: unknown[] }).closures = [
      { date: '2025-12-02', reason: 'x', source: '' },
    ];
    return import('../../src/engine/calendar-data.js').then(({ readCourtsData }) => {
      expect(() => readCourtsData(bad)).toThrow(/reason and source are required/);
    });
  });
});

describe('cross-check with date-holidays', () => {
  const weekdayDates = (hd: Holidays, year: number): string[] =>
    [
      ...new Set(
        [...hd.getHolidays(year), ...hd.getHolidays(year + 1)].map((h) => h.date.slice(0, 10)),
      ),
    ]
      .filter((d) => d.startsWith(`${year}-`) && !isWeekend(d))
      .sort();
  const ours = (year: number): string[] => judicialHolidays(year).map((h) => h.date);

  it('our rules, spelled in date-holidays syntax (calendars/), expand to the same days for 2010-2045', () => {
    const hd = new Holidays();
    for (const rule of DEFAULT_CALENDAR_SOURCE.holidays.holidays) {
      expect(
        hd.setHoliday(rule.dateHolidays, { name: rule.name, type: 'public' }),
        rule.dateHolidays,
      ).toBe(true);
    }
    for (let year = SUPPORTED_YEARS.from; year <= SUPPORTED_YEARS.to; year++) {
      expect(weekdayDates(hd, year), String(year)).toEqual(ours(year));
    }
  });

  // Holidays('US', 'CA') with the ca-rules.md 2.3 patch, year by year 2010-2045 with every
  // difference from the law in force named: tests/engine/calendar-years.test.ts.

  it("unpatched, Holidays('US', 'CA') is wrong for courts in the ways ca-rules.md 2.3 lists", () => {
    const hd = new Holidays('US', 'CA', { types: ['public'] });
    const has = (date: string): boolean =>
      weekdayDates(hd, Number(date.slice(0, 4))).includes(date);
    expect(has('2025-02-12')).toBe(false); // 1. Lincoln Day missing
    expect(has('2025-09-26')).toBe(false); // 2. Native American Day missing
    expect(has('2029-03-30')).toBe(false); // 3. Cesar Chavez Saturday -> Friday missing
    expect(has('2028-11-10')).toBe(false); // 4. Veterans Day substitute typed 'bank'
    expect(has('2022-06-20')).toBe(true); // 5. Juneteenth before 2023 (courts were open)
    expect(isCourtDay('2022-06-20')).toBe(true);
    expect(new Holidays('US', 'CA').isHoliday(new Date(Date.UTC(2025, 1, 14, 20)))).not.toBe(false); // 7. observances by default
  });
});

// The court calendar for every supported year, 2010-2045 (2021-2030 also in
// calendar.test.ts): a golden table per year produced independently of the engine,
// the published lists we found typed in by hand, each year's law and sources in
// calendars/, older orders computed through the engine, and date-holidays as an
// oracle with every place it disagrees with the law in force named.

import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import golden from '../fixtures/ca-court-holidays-golden.json' with { type: 'json' };
import {
  computeDeadlines,
  courtDayInfo,
  DEFAULT_CALENDAR_SOURCE,
  defaultCourtCalendars,
  isCourtDay,
  judicialHolidays,
  SUPPORTED_YEARS,
} from '../../src/engine/index.js';
import { HOLIDAY_YEARS, readHolidayYears } from '../../src/engine/calendar-data.js';
import { datesOfYear, deadline, isWeekend, text, weekdayShort } from './helpers.js';

const GOLDEN = (golden as unknown as { years: Record<string, [string, string][]> }).years;

/** Every closed weekday of `year`, with courtDayInfo's reason. */
function closedWeekdays(year: number): [string, string][] {
  return datesOfYear(year)
    .filter((d) => !isWeekend(d) && !isCourtDay(d))
    .map((d) => [d, courtDayInfo(d).reason ?? '']);
}

describe('golden court calendar 2010-2020 and 2031-2045 (statewide)', () => {
  const years = Object.keys(GOLDEN).map(Number);

  it('the golden fixture covers every supported year outside 2021-2030', () => {
    const expected: number[] = [];
    for (let y = SUPPORTED_YEARS.from; y <= SUPPORTED_YEARS.to; y++)
      if (y < 2021 || y > 2030) expected.push(y);
    expect(years).toEqual(expected);
  });

  it.each(years)('%i: every closed weekday, with its reason', (year) => {
    expect(closedWeekdays(year)).toEqual(GOLDEN[year]);
  });

  it('every golden row is a weekday (the table was checked by weekday, not only by date)', () => {
    for (const rows of Object.values(GOLDEN))
      for (const [date] of rows) expect(['Sat', 'Sun']).not.toContain(weekdayShort(date));
  });
});

/** Published lists, typed from the cited pages (calendars/ca-judicial-holiday-years.json). */
const PUBLISHED: { source: string; year: number; days: string[] }[] = [
  {
    source: 'Orange County Superior Court holiday schedule (occourts.org), 2012',
    year: 2012,
    days: [
      '2012-01-02',
      '2012-01-16',
      '2012-02-13',
      '2012-02-20',
      '2012-03-30',
      '2012-05-28',
      '2012-07-04',
      '2012-09-03',
      '2012-10-08',
      '2012-11-12',
      '2012-11-22',
      '2012-11-23',
      '2012-12-25',
    ],
  },
  {
    source: 'Orange County Superior Court holiday schedule (occourts.org), 2013',
    year: 2013,
    days: [
      '2013-01-01',
      '2013-01-21',
      '2013-02-12',
      '2013-02-18',
      '2013-04-01',
      '2013-05-27',
      '2013-07-04',
      '2013-09-02',
      '2013-10-14',
      '2013-11-11',
      '2013-11-28',
      '2013-11-29',
      '2013-12-25',
    ],
  },
  {
    source: 'Orange County Superior Court holiday schedule (occourts.org), 2014',
    year: 2014,
    days: [
      '2014-01-01',
      '2014-01-20',
      '2014-02-12',
      '2014-02-17',
      '2014-03-31',
      '2014-05-26',
      '2014-07-04',
      '2014-09-01',
      '2014-10-13',
      '2014-11-11',
      '2014-11-27',
      '2014-11-28',
      '2014-12-25',
    ],
  },
  {
    source: 'Glenn County Superior Court holiday schedule, 2016',
    year: 2016,
    days: [
      '2016-01-01',
      '2016-01-18',
      '2016-02-12',
      '2016-02-15',
      '2016-03-31',
      '2016-05-30',
      '2016-07-04',
      '2016-09-05',
      '2016-10-10',
      '2016-11-11',
      '2016-11-24',
      '2016-11-25',
      '2016-12-26',
    ],
  },
  {
    // The page repeats "Friday, November 11" for Veterans Day 2017, a Saturday: CRC 1.11 gives Fri 11-10.
    source: 'Glenn County Superior Court holiday schedule, 2017 (Veterans Day row corrected)',
    year: 2017,
    days: [
      '2017-01-02',
      '2017-01-16',
      '2017-02-13',
      '2017-02-20',
      '2017-03-31',
      '2017-05-29',
      '2017-07-04',
      '2017-09-04',
      '2017-10-09',
      '2017-11-10',
      '2017-11-23',
      '2017-11-24',
      '2017-12-25',
    ],
  },
  {
    // Veterans Day 2018 was a Sunday: courts closed Mon 11-12 (the page's "Friday, November 11" is an error).
    source: 'Glenn County Superior Court holiday schedule, 2018 (Veterans Day row corrected)',
    year: 2018,
    days: [
      '2018-01-01',
      '2018-01-15',
      '2018-02-12',
      '2018-02-19',
      '2018-03-30',
      '2018-05-28',
      '2018-07-04',
      '2018-09-03',
      '2018-10-08',
      '2018-11-12',
      '2018-11-22',
      '2018-11-23',
      '2018-12-25',
    ],
  },
  {
    source: 'Orange County Superior Court holiday schedule (copy), 2020; Judicial Council newsroom',
    year: 2020,
    days: [
      '2020-01-01',
      '2020-01-20',
      '2020-02-12',
      '2020-02-17',
      '2020-03-31',
      '2020-05-25',
      '2020-07-03',
      '2020-09-07',
      '2020-10-12',
      '2020-11-11',
      '2020-11-26',
      '2020-11-27',
      '2020-12-25',
    ],
  },
  {
    source: 'Orange County Superior Court holiday schedule (copy), 2021',
    year: 2021,
    days: [
      '2021-01-01',
      '2021-01-18',
      '2021-02-12',
      '2021-02-15',
      '2021-03-31',
      '2021-05-31',
      '2021-07-05',
      '2021-09-06',
      '2021-10-11',
      '2021-11-11',
      '2021-11-25',
      '2021-11-26',
      '2021-12-24',
      '2021-12-31',
    ],
  },
];

describe('published lists', () => {
  it.each(PUBLISHED.map((p) => [p.source, p] as const))('%s', (_source, p) => {
    expect(judicialHolidays(p.year).map((h) => h.date)).toEqual(p.days);
  });

  it('the 2010 statewide budget closure days (third Wednesdays, Jan-Jun 2010) are closed in every court, and are not judicial holidays', () => {
    const days = [
      '2010-01-20',
      '2010-02-17',
      '2010-03-17',
      '2010-04-21',
      '2010-05-19',
      '2010-06-16',
    ];
    expect(DEFAULT_CALENDAR_SOURCE.holidays.statewideClosures.days.map((d) => d.date)).toEqual(
      days,
    );
    for (const d of days) {
      expect(weekdayShort(d)).toBe('Wed');
      for (const court of ['CA', 'CA-los-angeles', 'CA-alpine'])
        expect(courtDayInfo(d, court).reason).toBe(
          'Statewide budget closure day: all courts closed',
        );
    }
    expect(judicialHolidays(2010).map((h) => h.date)).not.toContain('2010-01-20');
    // The closures ended in June 2010: the third Wednesday of July is a court day.
    expect(isCourtDay('2010-07-21')).toBe(true);
  });

  it.each([
    ['2015-09-25', 'Native American Day 2015: excluded by SB 85 before its first date'],
    ['2019-09-27', 'Native American Day 2019'],
    ['2020-06-19', 'Juneteenth was not a California holiday before 2023'],
    ['2019-12-24', 'federal closure by the President alone (CCP 135)'],
    ['2014-04-18', 'Good Friday'],
    [
      '2012-09-10',
      'Admission Day observed by nobody: Sept 9, 2012 was a Sunday, and it is no court holiday',
    ],
  ])('%s is a court day (%s)', (date) => {
    expect(courtDayInfo(date)).toEqual({ date, courtDay: true, reason: null });
  });
});

describe("each year's law and sources (calendars/ca-judicial-holiday-years.json)", () => {
  it('has one entry per supported year, each with a status and at least one source', () => {
    expect(HOLIDAY_YEARS.map((y) => y.year)).toEqual(
      Array.from(
        { length: SUPPORTED_YEARS.to - SUPPORTED_YEARS.from + 1 },
        (_, i) => SUPPORTED_YEARS.from + i,
      ),
    );
    for (const y of HOLIDAY_YEARS) {
      expect(y.sources.length, String(y.year)).toBeGreaterThan(0);
      expect(['published', 'published-with-errors', 'computed']).toContain(y.status);
    }
  });

  it("each year's list of holidays is exactly the holidays the engine observes that year", () => {
    for (const y of HOLIDAY_YEARS) {
      const observed = [
        ...new Set(
          [
            ...judicialHolidays(y.year),
            ...(y.year > SUPPORTED_YEARS.from ? judicialHolidays(y.year - 1) : []),
          ]
            .filter((h) => h.actualDate.startsWith(`${y.year}-`))
            .map((h) => h.name),
        ),
      ];
      expect(observed.sort(), String(y.year)).toEqual([...y.judicialHolidays].sort());
    }
  });

  it('names the law changes in the years they took effect', () => {
    const has = (year: number, name: string): boolean =>
      (HOLIDAY_YEARS.find((y) => y.year === year)?.judicialHolidays ?? []).includes(name);
    expect(has(2021, 'Columbus Day')).toBe(true);
    expect(has(2022, 'Columbus Day')).toBe(false);
    expect(has(2021, 'Native American Day')).toBe(false);
    expect(has(2022, 'Native American Day')).toBe(true);
    expect(has(2022, 'Juneteenth')).toBe(false);
    expect(has(2023, 'Juneteenth')).toBe(true);
    for (let y = SUPPORTED_YEARS.from; y <= SUPPORTED_YEARS.to; y++) {
      expect(has(y, 'Lincoln Day'), String(y)).toBe(true);
      expect(has(y, 'Cesar Chavez Day'), String(y)).toBe(true);
      expect(has(y, 'Day after Thanksgiving'), String(y)).toBe(true);
    }
  });

  it('every unsettled point states the reading chosen and why it is safe or not, with a source', () => {
    const points = HOLIDAY_YEARS.flatMap((y) => y.unsettled.map((u) => ({ year: y.year, ...u })));
    expect(points.map((p) => p.year)).toEqual([
      2010, 2011, 2012, 2013, 2014, 2015, 2020, 2021, 2021,
    ]);
    for (const p of points) {
      expect(p.reading.length).toBeGreaterThan(10);
      expect(p.safety).toMatch(/roll-forward|count-back/);
      expect(p.source).toMatch(/^https?:\/\//);
    }
  });

  it('refuses a supported year without an entry, or an entry without a source', () => {
    const raw = {
      years: HOLIDAY_YEARS.filter((y) => y.year !== 2016),
    };
    expect(() => readHolidayYears(raw, DEFAULT_CALENDAR_SOURCE.holidays)).toThrow(
      /2016 needs exactly one entry/,
    );
    const noSource = {
      years: HOLIDAY_YEARS.map((y) => (y.year === 2016 ? { ...y, sources: [] } : y)),
    };
    expect(() => readHolidayYears(noSource, DEFAULT_CALENDAR_SOURCE.holidays)).toThrow(
      /at least one source/,
    );
  });

  it('every holiday rule carries its sources', () => {
    for (const h of DEFAULT_CALENDAR_SOURCE.holidays.holidays)
      expect(h.sources?.length ?? 0, h.id).toBeGreaterThan(0);
  });
});

describe('older and later orders compute through the whole range', () => {
  it('a DV order after hearing in 2019, renewed permanently in 2024', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA-los-angeles',
      events: [
        { id: 'oah', type: 'ORDER_AFTER_HEARING', date: '2019-05-06', expires: '2024-05-06' },
        { id: 'filed', type: 'RENEWAL_FILED', date: '2024-03-01' },
        { id: 'hearing', type: 'HEARING_SET', date: '2024-03-25', time: '08:30' },
        { id: 'renewed', type: 'ORDER_RENEWED', date: '2024-03-25', permanent: true },
      ],
    });
    expect(r.warnings).toEqual([]);
    expect(deadline(r, 'RENEWAL_WINDOW_OPENS').date).toBe('2024-02-06');
    expect(deadline(r, 'ORDER_EXPIRES').date).toBe('2024-05-06');
    expect(deadline(r, 'ORDER_EXPIRES').status).toBe('SUPERSEDED');
    expect(deadline(r, 'RENEWAL_HEARING').status).toBe('MET');
  });

  it('a DV order after hearing in 2019 with no end date written lasts 3 years (Fam. Code 6345(c))', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [{ id: 'oah', type: 'ORDER_AFTER_HEARING', date: '2019-05-06' }],
    });
    expect(deadline(r, 'ORDER_EXPIRES').date).toBe('2022-05-06');
    // 2022-02-06 is a Sunday: the first court day in the renewal window is Mon 02-07.
    expect(deadline(r, 'RENEWAL_WINDOW_OPENS').advisory?.firstCourtDayInWindow).toBe('2022-02-07');
  });

  it('an EPO issued in 2010 counts past a statewide budget closure day, and names it', () => {
    const d = deadline(
      computeDeadlines({
        family: 'DV',
        court: 'CA',
        events: [{ type: 'EPO_ISSUED', date: '2010-06-12' }],
      }),
      'EPO_EXPIRES',
    );
    expect(d.advisory?.fifthCourtDay).toBe('2010-06-21');
    expect(d.date).toBe('2010-06-19');
    expect(text(d)).toContain(
      'Wed 06/16 (Statewide budget closure day, all California courts closed',
    );
  });

  it('a 5-year DV order issued in 2040 and renewed in 2045 stays inside the calendar', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2040-12-03', expires: '2045-12-01' },
        { type: 'RENEWAL_FILED', date: '2045-10-02' },
      ],
    });
    expect(r.warnings).toEqual([]);
    expect(deadline(r, 'RENEWAL_WINDOW_OPENS').date).toBe('2045-09-01');
  });

  it('every court calendar covers 2010-2045', () => {
    for (const c of defaultCourtCalendars.courts)
      expect(c.calendarYears).toEqual({ from: 2010, to: 2045 });
  });
});

describe('date-holidays as an oracle, 2010-2045', () => {
  const weekdayDates = (hd: Holidays, year: number): string[] =>
    [
      ...new Set(
        [...hd.getHolidays(year), ...hd.getHolidays(year + 1)].map((h) => h.date.slice(0, 10)),
      ),
    ]
      .filter((d) => d.startsWith(`${year}-`) && !isWeekend(d))
      .sort();
  const ours = (year: number): string[] => judicialHolidays(year).map((h) => h.date);

  // Holidays('US', 'CA') with the ca-rules.md 2.3 patch (Lincoln Day, Native American Day
  // from 2022, Cesar Chavez Saturday -> Friday, Veterans Day substitutes typed public).
  const hd = new Holidays('US', 'CA', { types: ['public'] });
  hd.setHoliday('02-12 and if saturday then previous friday if sunday then next monday', {
    name: 'Lincoln Day',
    type: 'public',
  });
  hd.setHoliday('4th friday in September since 2022', {
    name: 'Native American Day',
    type: 'public',
  });
  hd.setHoliday('03-31 and if saturday then previous friday if sunday then next monday', {
    name: 'César Chávez Day',
    type: 'public',
  });
  hd.setHoliday('substitutes 11-11 if sunday then next monday if saturday then previous friday', {
    name: 'Veterans Day (observed)',
    type: 'public',
  });

  /**
   * Where the patched oracle and the law in force disagree, and why:
   * - Columbus Day, a court holiday through 2021 (CCP 135 before AB 855): date-holidays'
   *   CA block drops it in every year, so it is missing from the oracle 2010-2021.
   * - Juneteenth: date-holidays has it from 2021 (federal), California courts from 2023
   *   (AB 1655): extra oracle days 2021-06-18 and 2022-06-20.
   */
  function knownDifferences(year: number): { missing: string[]; extra: string[] } {
    const missing =
      year <= 2021
        ? judicialHolidays(year)
            .filter((h) => h.name === 'Columbus Day')
            .map((h) => h.date)
        : [];
    const extra = year === 2021 ? ['2021-06-18'] : year === 2022 ? ['2022-06-20'] : [];
    return { missing, extra };
  }

  it.each(Array.from({ length: 36 }, (_, i) => 2010 + i))(
    '%i: agrees with the law in force except where documented',
    (year) => {
      const oracle = weekdayDates(hd, year);
      const mine = ours(year);
      const { missing, extra } = knownDifferences(year);
      expect(
        mine.filter((d) => !oracle.includes(d)),
        'ours, not the oracle',
      ).toEqual(missing);
      expect(
        oracle.filter((d) => !mine.includes(d)),
        'the oracle, not ours',
      ).toEqual(extra);
    },
  );
});

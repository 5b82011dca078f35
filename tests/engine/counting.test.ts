// The counting primitives, by example and by property (fast-check): forward counts
// land on court days, backward counts never move later, the EPO never outlives its 7th
// day, everything is monotonic in the trigger, and month/year arithmetic clamps.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDaysRollForward,
  addCourtDays,
  addMonthsClamped,
  addYearsClamped,
  computeDeadlines,
  countBackFromHearing,
  firstCourtDayOnOrAfter,
  isCourtDay,
  lastCourtDayOnOrBefore,
  type Deadline,
} from '../../src/engine/index.js';
import { deadline, plusDays, weekdayName } from './helpers.js';

// Dates well inside the calendar so every count stays in range: the properties add up to 60
// days and then roll to a court day, which from 2045-10-31 could land in 2046 (outside it).
const FIRST = Date.UTC(2010, 2, 1);
const LAST = Date.UTC(2045, 9, 15);
const dateArb = fc
  .integer({ min: 0, max: (LAST - FIRST) / 86_400_000 })
  .map((n) => new Date(FIRST + n * 86_400_000).toISOString().slice(0, 10));
const datePair = fc
  .tuple(dateArb, dateArb)
  .map(([a, b]): [string, string] => (a <= b ? [a, b] : [b, a]));

function epo(date: string): Deadline {
  return deadline(
    computeDeadlines({ family: 'DV', court: 'CA', events: [{ type: 'EPO_ISSUED', date }] }),
    'EPO_EXPIRES',
  );
}

describe('primitives by example', () => {
  it('addCourtDays skips weekends and holidays, both directions', () => {
    expect(addCourtDays('2025-11-24', 5)).toBe('2025-12-03');
    expect(addCourtDays('2025-12-03', -5)).toBe('2025-11-24');
    expect(addCourtDays('2025-11-26', 1)).toBe('2025-12-01');
    expect(addCourtDays('2025-11-26', 0)).toBe('2025-11-26');
  });

  it('addCalendarDaysRollForward rolls a non-court last day to the next court day', () => {
    expect(addCalendarDaysRollForward('2025-11-03', 25)).toEqual({
      date: '2025-12-01',
      rawDate: '2025-11-28',
    });
    expect(addCalendarDaysRollForward('2025-11-03', 21)).toEqual({
      date: '2025-11-24',
      rawDate: '2025-11-24',
    });
  });

  it('countBackFromHearing never moves later and reports the last court day', () => {
    expect(countBackFromHearing('2025-12-03', 5)).toEqual({
      date: '2025-11-28',
      courtDay: false,
      lastCourtDayOnOrBefore: '2025-11-26',
    });
  });

  it('lastCourtDayOnOrBefore / firstCourtDayOnOrAfter', () => {
    expect(lastCourtDayOnOrBefore('2028-01-02')).toBe('2027-12-30');
    expect(firstCourtDayOnOrAfter('2027-12-31')).toBe('2028-01-03');
    expect(lastCourtDayOnOrBefore('2025-12-03')).toBe('2025-12-03');
  });

  it('addMonthsClamped / addYearsClamped clamp to the end of the month', () => {
    expect(addMonthsClamped('2026-05-31', -3)).toEqual({ date: '2026-02-28', clamped: true });
    expect(addMonthsClamped('2028-05-31', -3)).toEqual({ date: '2028-02-29', clamped: true });
    expect(addMonthsClamped('2025-01-31', 1)).toEqual({ date: '2025-02-28', clamped: true });
    expect(addMonthsClamped('2025-12-15', 2)).toEqual({ date: '2026-02-15', clamped: false });
    expect(addYearsClamped('2024-02-29', 3)).toEqual({ date: '2027-02-28', clamped: true });
    expect(addYearsClamped('2024-02-29', 4)).toEqual({ date: '2028-02-29', clamped: false });
  });
});

describe('properties', () => {
  it('forward court-day counts land on court days, after the trigger, counting exactly n court days', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), (d, n) => {
        const r = addCourtDays(d, n);
        expect(isCourtDay(r)).toBe(true);
        expect(r > d).toBe(true);
        let count = 0;
        for (let x = plusDays(d, 1); x <= r; x = plusDays(x, 1)) if (isCourtDay(x)) count++;
        expect(count).toBe(n);
      }),
    );
  });

  it('calendar-day counts with roll land on the first court day on or after the raw day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const r = addCalendarDaysRollForward(d, n);
        expect(r.rawDate).toBe(plusDays(d, n));
        expect(isCourtDay(r.date)).toBe(true);
        expect(r.date >= r.rawDate).toBe(true);
        for (let x = r.rawDate; x < r.date; x = plusDays(x, 1)) expect(isCourtDay(x)).toBe(false);
      }),
    );
  });

  it('backward counts are never later than the raw count, and the last court day is not later either', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 30 }), (hearing, n) => {
        const r = countBackFromHearing(hearing, n);
        expect(r.date).toBe(plusDays(hearing, -n));
        expect(r.lastCourtDayOnOrBefore <= r.date).toBe(true);
        expect(isCourtDay(r.lastCourtDayOnOrBefore)).toBe(true);
        expect(r.courtDay).toBe(isCourtDay(r.date));
        for (let x = plusDays(r.lastCourtDayOnOrBefore, 1); x <= r.date; x = plusDays(x, 1)) {
          expect(isCourtDay(x)).toBe(false);
        }
        // The SERVICE_DEADLINE the engine derives obeys the same bound.
        const s = deadline(
          computeDeadlines({
            family: 'DV',
            court: 'CA',
            events: [{ type: 'HEARING_SET', date: hearing }],
          }),
          'SERVICE_DEADLINE',
        );
        expect(s.date <= plusDays(hearing, -5)).toBe(true);
        expect((s.advisory?.lastCourtDayOnOrBefore ?? '') <= s.date).toBe(true);
      }),
    );
  });

  it('the EPO never expires after the 7th calendar day; the 5th court day governs only on weekend issuance', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        const e = epo(d);
        expect(e.date <= plusDays(d, 7)).toBe(true);
        expect(e.date > d).toBe(true);
        const weekend = ['Saturday', 'Sunday'].includes(weekdayName(d));
        if (!weekend) expect(e.advisory?.governing).not.toBe('fifth_court_day');
        // Both limbs end at the statewide close of business (ca-courts.json; EPO.END_TIME).
        expect(e.at).toMatch(/T16:00:00-0[78]:00$/);
        expect(e.basis).toBe('interpretation');
      }),
    );
  });

  it('results are monotonic (non-decreasing) in the trigger date', () => {
    fc.assert(
      fc.property(datePair, fc.integer({ min: 1, max: 25 }), ([a, b], n) => {
        expect(addCourtDays(a, n) <= addCourtDays(b, n)).toBe(true);
        expect(addCalendarDaysRollForward(a, n).date <= addCalendarDaysRollForward(b, n).date).toBe(
          true,
        );
        expect(countBackFromHearing(a, n).date <= countBackFromHearing(b, n).date).toBe(true);
        expect(
          countBackFromHearing(a, n).lastCourtDayOnOrBefore <=
            countBackFromHearing(b, n).lastCourtDayOnOrBefore,
        ).toBe(true);
        expect(lastCourtDayOnOrBefore(a) <= lastCourtDayOnOrBefore(b)).toBe(true);
        expect(firstCourtDayOnOrAfter(a) <= firstCourtDayOnOrAfter(b)).toBe(true);
        const ea = epo(a);
        const eb = epo(b);
        expect(Date.parse(ea.at ?? '') <= Date.parse(eb.at ?? '')).toBe(true);
        expect(addMonthsClamped(a, n).date <= addMonthsClamped(b, n).date).toBe(true);
      }),
    );
  });

  it('month arithmetic: same day of month, clamped to the month end, matching Date.UTC', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -60, max: 60 }), (d, n) => {
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        const target = new Date(Date.UTC(y, m - 1 + n, 1));
        const lastDay = new Date(
          Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
        ).getUTCDate();
        const expected = new Date(
          Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(day, lastDay)),
        );
        const r = addMonthsClamped(d, n);
        expect(r.date).toBe(expected.toISOString().slice(0, 10));
        expect(r.clamped).toBe(day > lastDay);
        if (!r.clamped) expect(addMonthsClamped(r.date, -n).date).toBe(d);
      }),
    );
  });

  it('year arithmetic: the anniversary, with Feb 29 -> Feb 28 only in common years', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -10, max: 10 }), (d, n) => {
        const r = addYearsClamped(d, n);
        const year = Number(d.slice(0, 4)) + n;
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        if (d.endsWith('-02-29') && !leap) {
          expect(r).toEqual({ date: `${year}-02-28`, clamped: true });
        } else {
          expect(r).toEqual({ date: `${year}${d.slice(4)}`, clamped: false });
        }
      }),
    );
  });
});

// Court closures recorded after a release (CCP 12b; Gov. Code 68115) come into the engine as
// data, laid over the shipped calendars with withClosures(). A closure day is not a court
// day for its court: acts due on it roll to the next court day (CCP 12a), counts of court
// days pass over it, and a date counted back from a hearing or "the last court day on or
// before" an expiry is never moved later by it (the safe reading: more notice, never less).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  courtDayInfo,
  defaultCourtCalendars,
  withClosures,
  type CaseEvent,
  type ClosureDay,
} from '../../src/engine/index.js';
import { deadline, plusDays, text } from './helpers.js';

const SF = 'CA-san-francisco';
const closed = (date: string, reason = 'power outage', court = SF): ClosureDay => ({
  court,
  date,
  reason,
});
const compute = (events: CaseEvent[], closures: ClosureDay[] = [], court = SF) =>
  computeDeadlines(
    { family: 'DV', court, events },
    { calendars: withClosures(defaultCourtCalendars, closures) },
  );

// A TRO granted Mon 2026-01-05; hearing Mon 2026-01-26 (day 21), service due Wed 2026-01-21.
const tro: CaseEvent[] = [
  { type: 'PETITION_FILED', date: '2026-01-05' },
  { type: 'TRO_GRANTED', date: '2026-01-05' },
];
const withHearing: CaseEvent[] = [...tro, { type: 'HEARING_SET', date: '2026-01-26' }];

describe('withClosures: the calendar', () => {
  it('closes the day for that court only; "CA" closes every court; the shipped calendars are untouched', () => {
    const calendars = withClosures(defaultCourtCalendars, [closed('2026-01-21')]);
    expect(courtDayInfo('2026-01-21', SF, calendars)).toEqual({
      date: '2026-01-21',
      courtDay: false,
      reason: 'Court closed: power outage',
    });
    expect(courtDayInfo('2026-01-21', 'CA-alameda', calendars).courtDay).toBe(true);
    expect(courtDayInfo('2026-01-21', SF).courtDay).toBe(true);
    const statewide = withClosures(defaultCourtCalendars, [closed('2026-01-21', 'storm', 'CA')]);
    for (const court of ['CA', SF, 'CA-fresno'])
      expect(courtDayInfo('2026-01-21', court, statewide).courtDay).toBe(false);
  });

  it('a closure on a day already closed adds its reason; an emergency order says so', () => {
    const calendars = withClosures(defaultCourtCalendars, [
      closed('2026-01-24', 'flood'), // a Saturday
      { court: SF, date: '2026-01-23', reason: 'wildfire', authority: 'Gov. Code 68115' },
    ]);
    expect(courtDayInfo('2026-01-24', SF, calendars).reason).toBe('Saturday; Court closed: flood');
    expect(courtDayInfo('2026-01-23', SF, calendars).reason).toBe(
      'Court closed by emergency order: wildfire',
    );
  });

  it('an unknown court is still refused, and no closures give back the same calendars', () => {
    expect(withClosures(defaultCourtCalendars, [])).toBe(defaultCourtCalendars);
    expect(() => compute(tro, [closed('2026-01-21')], 'CA-atlantis')).toThrow(/court/);
  });
});

describe('what a closure does to deadlines', () => {
  it('an act due on a closure day rolls to the next court day, naming the closure (CCP 12a, 12b)', () => {
    const before = deadline(compute(tro), 'HEARING_LATEST');
    expect(before.date).toBe('2026-01-26');
    const after = deadline(compute(tro, [closed('2026-01-26')]), 'HEARING_LATEST');
    expect(after.date).toBe('2026-01-27');
    expect(text(after)).toContain('court closed for the whole day: power outage (CCP 12b)');
  });

  it('service counted back from the hearing is never moved later; the last court day before it moves earlier', () => {
    const before = deadline(compute(withHearing), 'SERVICE_DEADLINE');
    expect(before.date).toBe('2026-01-21');
    const after = deadline(compute(withHearing, [closed('2026-01-21')]), 'SERVICE_DEADLINE');
    // Personal service needs no open court: the statute's day stands, not the next court day.
    expect(after.date).toBe('2026-01-21');
    expect(after.advisory).toMatchObject({
      courtDay: false,
      lastCourtDayOnOrBefore: '2026-01-20',
      forwardRollRejected: '2026-01-22',
    });
    expect(text(after)).toContain('power outage');
  });

  it('the last day to request renewal moves to the court day before a closure on the expiry', () => {
    const order: CaseEvent[] = [
      { type: 'ORDER_AFTER_HEARING', date: '2024-03-04', expires: '2027-03-04' },
    ];
    expect(deadline(compute(order), 'RENEWAL_DEADLINE').date).toBe('2027-03-04');
    const after = compute(order, [closed('2027-03-04')]);
    expect(deadline(after, 'RENEWAL_DEADLINE').date).toBe('2027-03-03');
    // The order's own end is not an act: it does not move.
    expect(deadline(after, 'ORDER_EXPIRES').date).toBe('2027-03-04');
  });

  it("an EPO's court-day limb passes over a closure, and the 7th calendar day still caps it", () => {
    const epo: CaseEvent[] = [{ type: 'EPO_ISSUED', date: '2026-01-08' }];
    const before = deadline(compute(epo), 'EPO_EXPIRES');
    expect(before.advisory?.fifthCourtDay).toBe('2026-01-15');
    const after = deadline(compute(epo, [closed('2026-01-13')]), 'EPO_EXPIRES');
    expect(after.advisory?.fifthCourtDay).toBe('2026-01-16');
    expect(after.advisory?.seventhCalendarDay).toBe('2026-01-15');
    expect(after.date).toBe('2026-01-15');
  });

  it('a hearing set on a closure day is flagged for the advocate', () => {
    const r = compute(withHearing, [closed('2026-01-26')]);
    expect(r.warnings.map((w) => w.code)).toContain('HEARING_ON_NON_COURT_DAY');
    expect(deadline(r, 'HEARING').date).toBe('2026-01-26');
  });
});

describe('closures never make a deadline less safe (property)', () => {
  const day = (offset: number) => plusDays('2026-01-05', offset);
  it('acts counted forward never move earlier; count-backs and expiries never move later', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 5, max: 25 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 90 }), { maxLength: 6 }),
        (start, hearingAfter, closureOffsets) => {
          const events: CaseEvent[] = [
            { type: 'EPO_ISSUED', date: day(start) },
            { type: 'PETITION_FILED', date: day(start + 1) },
            { type: 'TRO_GRANTED', date: day(start + 1) },
            { type: 'HEARING_SET', date: day(start + 1 + hearingAfter) },
            // Served: the respondent's firearm duties (elapsed hours, never a court day).
            { type: 'SERVED', date: day(start + 2), method: 'PERSONAL' },
            {
              type: 'ORDER_AFTER_HEARING',
              date: day(start + 1 + hearingAfter),
              expires: day(start + 400),
            },
          ];
          const closures = closureOffsets.map((o) => closed(day(start + o)));
          const plain = compute(events);
          const overlaid = compute(events, closures);
          expect(overlaid.deadlines.map((d) => d.kind)).toContain('FIREARM_RELINQUISHMENT');
          for (const d of overlaid.deadlines) {
            const was = deadline(plain, d.key);
            switch (d.kind) {
              case 'HEARING_LATEST':
              case 'HEARING_LATEST_GOOD_CAUSE':
                expect(d.date >= was.date, d.key).toBe(true);
                break;
              case 'SERVICE_DEADLINE':
                expect(d.date).toBe(was.date);
                expect(
                  d.advisory!.lastCourtDayOnOrBefore! <= was.advisory!.lastCourtDayOnOrBefore!,
                ).toBe(true);
                break;
              case 'RENEWAL_DEADLINE':
              case 'OPPOSITION_DEADLINE':
                expect(d.date <= was.date, d.key).toBe(true);
                break;
              case 'EPO_EXPIRES':
                expect(d.date <= d.advisory!.seventhCalendarDay!).toBe(true);
                break;
              case 'ORDER_EXPIRES':
              case 'HEARING':
              case 'TRO_EXPIRES':
              case 'RENEWAL_WINDOW_OPENS':
              case 'FIREARM_RELINQUISHMENT':
              case 'FIREARM_RECEIPT':
                expect(d.date).toBe(was.date);
                break;
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

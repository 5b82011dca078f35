// Every warning code, triggered at least once by the contradiction it names. Warnings
// are output, never exceptions: each case also still produces its deadlines.

import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  WARNING_CODES,
  type CaseEvent,
  type Family,
  type WarningCode,
} from '../../src/engine/index.js';
import { codes, deadline } from './helpers.js';

interface Case {
  family: Family;
  events: CaseEvent[];
  /** Ids the warning must name. */
  eventIds: string[];
  message: RegExp;
}

const CASES: Record<WarningCode, Case> = {
  EVENT_OUT_OF_ORDER: {
    family: 'DV',
    events: [
      { id: 'p', type: 'PETITION_FILED', date: '2025-11-03' },
      { id: 'h', type: 'HEARING_SET', date: '2025-11-20' },
      { id: 's', type: 'SERVED', date: '2025-11-01', method: 'PERSONAL' },
    ],
    eventIds: ['p', 's'],
    message: /is dated before events\[0\] PETITION_FILED on Mon 2025-11-03/,
  },
  EVENT_WITHOUT_PREREQUISITE: {
    family: 'DV',
    events: [{ id: 'c', type: 'HEARING_CONTINUED', date: '2025-12-10' }],
    eventIds: ['c'],
    message: /no HEARING_SET was recorded/,
  },
  EVENT_NOT_APPLICABLE: {
    family: 'WV',
    events: [
      { id: 'e', type: 'EPO_ISSUED', date: '2025-10-06' },
      { id: 'p', type: 'PETITION_FILED', date: '2025-10-07' },
    ],
    eventIds: ['e'],
    message: /no emergency protective order for a workplace violence restraining order/,
  },
  EVENT_AFTER_TERMINATION: {
    family: 'DV',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2025-06-20' },
      { id: 't', type: 'ORDER_TERMINATED', date: '2026-01-05' },
      { id: 'r', type: 'RENEWAL_FILED', date: '2028-04-01' },
    ],
    eventIds: ['r', 't'],
    message: /dated after the order was terminated on Mon 2026-01-05/,
  },
  ORDER_AFTER_HEARING_TWICE: {
    family: 'DV',
    events: [
      { id: 'o1', type: 'ORDER_AFTER_HEARING', date: '2026-03-10' },
      { id: 'o2', type: 'ORDER_AFTER_HEARING', date: '2026-09-14' },
    ],
    eventIds: ['o1', 'o2'],
    message:
      /follows events\[0\] ORDER_AFTER_HEARING on Tue 2026-03-10 with no renewal between them/,
  },
  HEARING_BEYOND_LIMIT: {
    family: 'DV',
    events: [
      { id: 't', type: 'TRO_GRANTED', date: '2025-11-03' },
      { id: 'h', type: 'HEARING_SET', date: '2025-12-05' },
    ],
    eventIds: ['t', 'h'],
    message: /beyond the 25-day good-cause limit, Mon 2025-12-01.*242\(b\)/,
  },
  HEARING_NEEDS_GOOD_CAUSE: {
    family: 'DV',
    events: [
      { id: 't', type: 'TRO_GRANTED', date: '2025-11-03' },
      { id: 'h', type: 'HEARING_SET', date: '2025-11-26' },
    ],
    eventIds: ['t', 'h'],
    message:
      /after the 21-day limit \(Mon 2025-11-24\) and within the 25-day limit \(Mon 2025-12-01\)/,
  },
  HEARING_ON_NON_COURT_DAY: {
    family: 'DV',
    events: [{ id: 'h', type: 'HEARING_SET', date: '2025-11-27' }],
    eventIds: ['h'],
    message: /not a court day \(Thanksgiving Day\)/,
  },
  CONTINUANCE_NOT_LATER: {
    family: 'DV',
    events: [
      { id: 'h', type: 'HEARING_SET', date: '2025-12-10' },
      { id: 'c', type: 'HEARING_CONTINUED', date: '2025-12-09' },
    ],
    eventIds: ['h', 'c'],
    message: /not after the hearing it continues/,
  },
  SERVED_LATE: {
    family: 'DV',
    events: [
      { id: 'h', type: 'HEARING_SET', date: '2025-12-03' },
      { id: 's', type: 'SERVED', date: '2025-11-30', method: 'PERSONAL' },
    ],
    eventIds: ['h', 's'],
    message: /after the last day to serve, Fri 2025-11-28/,
  },
  SERVED_AFTER_HEARING: {
    family: 'CH',
    events: [
      { id: 'h', type: 'HEARING_SET', date: '2025-12-03' },
      { id: 's', type: 'SERVED', date: '2025-12-04', method: 'PERSONAL' },
    ],
    eventIds: ['h', 's'],
    message: /after the hearing on Wed 2025-12-03/,
  },
  SERVICE_NOT_PERSONAL: {
    family: 'DV',
    events: [
      { id: 'h', type: 'HEARING_SET', date: '2025-12-10' },
      { id: 's', type: 'SERVED', date: '2025-12-01', method: 'MAIL' },
    ],
    eventIds: ['s'],
    message:
      /was by mail; .*must be personally served, and mail never lengthens the 5-day requirement/,
  },
  SERVICE_DAYS_NOT_SHORTENED: {
    family: 'DV',
    events: [
      { id: 'h', type: 'HEARING_SET', date: '2025-12-10' },
      { id: 'x', type: 'SERVICE_TIME_SHORTENED', date: '2025-11-20', days: 10 },
    ],
    eventIds: ['x'],
    message: /more than the statutory 5/,
  },
  TRO_EXPIRES_BEFORE_HEARING: {
    family: 'CH',
    events: [
      { id: 't', type: 'TRO_GRANTED', date: '2025-11-03' },
      { id: 'h', type: 'HEARING_SET', date: '2025-12-01' },
    ],
    eventIds: ['t', 'h'],
    message: /ends Fri 2025-11-28, before the hearing on Mon 2025-12-01/,
  },
  GV_EMERGENCY_EXPIRES_BEFORE_HEARING_DEADLINE: {
    family: 'GV',
    events: [{ id: 'g', type: 'EPO_ISSUED', date: '2025-10-11' }],
    eventIds: ['g'],
    message: /expires Sat 2025-11-01 .*rolls to Mon 2025-11-03\. Set the hearing by Fri 2025-10-31/,
  },
  EPO_EXPIRED_BEFORE_TRO: {
    family: 'DV',
    events: [
      { id: 'e', type: 'EPO_ISSUED', date: '2025-10-06' },
      { id: 't', type: 'TRO_GRANTED', date: '2025-10-20' },
    ],
    eventIds: ['e', 't'],
    message: /The EPO expired Mon 2025-10-13, before the TRO was granted Mon 2025-10-20/,
  },
  EXPIRY_BEYOND_STATUTORY_MAX: {
    family: 'WV',
    events: [{ id: 'o', type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2029-06-20' }],
    eventIds: ['o'],
    message: /later than the 3 years the statute allows \(Tue 2028-06-20\)/,
  },
  EXPIRY_BELOW_STATUTORY_MIN: {
    family: 'GV',
    events: [{ id: 'o', type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2026-01-20' }],
    eventIds: ['o'],
    message: /less than the 1 year minimum/,
  },
  EXPIRY_NOT_AFTER_ISSUANCE: {
    family: 'CH',
    events: [{ id: 'o', type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2025-06-19' }],
    eventIds: ['o'],
    message: /not after the order was issued/,
  },
  EXPIRY_NOT_WRITTEN: {
    family: 'GV',
    events: [{ id: 'o', type: 'ORDER_AFTER_HEARING', date: '2025-06-20' }],
    eventIds: ['o'],
    message: /no expiration entered; Sat 2026-06-20 \(the shortest term\) is assumed/,
  },
  DV_RENEWAL_UNDER_FIVE_YEARS: {
    family: 'DV',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
      { id: 'f', type: 'RENEWAL_FILED', date: '2026-01-05' },
      { id: 'r', type: 'ORDER_RENEWED', date: '2026-02-20', expires: '2029-03-01' },
    ],
    eventIds: ['r'],
    message: /less than 5 years.*Hart v\. Hart/,
  },
  PERMANENT_NOT_AVAILABLE: {
    family: 'CH',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
      { id: 'f', type: 'RENEWAL_FILED', date: '2026-01-05' },
      { id: 'r', type: 'ORDER_RENEWED', date: '2026-02-20', permanent: true },
    ],
    eventIds: ['r'],
    message: /civil harassment restraining order cannot be renewed permanently/,
  },
  PERMANENT_WITH_EXPIRY: {
    family: 'DV',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
      { id: 'f', type: 'RENEWAL_FILED', date: '2026-01-05' },
      {
        id: 'r',
        type: 'ORDER_RENEWED',
        date: '2026-02-20',
        permanent: true,
        expires: '2036-02-20',
      },
    ],
    eventIds: ['r'],
    message: /marked permanent and also has an expiration date/,
  },
  RENEWAL_FILED_BEFORE_WINDOW: {
    family: 'DV',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
      { id: 'f', type: 'RENEWAL_FILED', date: '2025-10-01' },
    ],
    eventIds: ['o', 'f'],
    message: /before the renewal window opened on Mon 2025-12-01/,
  },
  RENEWAL_FILED_AFTER_EXPIRY: {
    family: 'DV',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
      { id: 'f', type: 'RENEWAL_FILED', date: '2026-03-02' },
    ],
    eventIds: ['o', 'f'],
    message: /after the order expired on Sun 2026-03-01: an expired order cannot be renewed/,
  },
  TRO_EXPIRES_BEFORE_HEARING_DEADLINE: {
    // Granted Sat 2025-11-01: day 21 is Sat 11/22, the hearing deadline rolls to Mon 11/24.
    family: 'CH',
    events: [{ id: 't', type: 'TRO_GRANTED', date: '2025-11-01' }],
    eventIds: ['t'],
    message:
      /The TRO expires Sat 2025-11-22 \(not a court day\), but the hearing deadline rolls to Mon 2025-11-24\. Set the hearing by Fri 2025-11-21 to avoid a gap\./,
  },
  RENEWAL_HEARING_AFTER_EXPIRY: {
    family: 'SV',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2022-12-12' },
      { id: 'f', type: 'RENEWAL_FILED', date: '2025-11-03' },
      { id: 'h', type: 'HEARING_SET', date: '2026-01-08' },
    ],
    eventIds: ['f', 'h'],
    message: /may lapse on Fri 2025-12-12 unless the court extends it/,
  },
  ALTERNATIVE_SERVICE_NOT_AVAILABLE: {
    // Civil harassment alternative service begins 2022-01-01 (CCP 527.6(m)(2)).
    family: 'CH',
    events: [
      { id: 't', type: 'TRO_GRANTED', date: '2021-11-01' },
      { id: 'h', type: 'HEARING_SET', date: '2021-11-19' },
      { id: 's', type: 'SERVED', date: '2021-11-08', method: 'ALTERNATIVE' },
    ],
    eventIds: ['s'],
    message: /CCP § 527.6\(m\)\) is not known to allow on that date \(from 2022-01-01\)/,
  },
  FIREARMS_LATE: {
    family: 'DV',
    events: [
      { id: 't', type: 'TRO_GRANTED', date: '2025-11-03' },
      { id: 's', type: 'SERVED', date: '2025-11-04', time: '10:00', method: 'PERSONAL' },
      { id: 'r', type: 'FIREARMS_RECEIPT_FILED', date: '2025-11-07', time: '09:00' },
    ],
    eventIds: ['s', 'r'],
    message: /the receipt was after the deadline, 2025-11-06T10:00:00-08:00/,
  },
  TERMINATION_REQUEST_TOO_SOON: {
    family: 'GV',
    events: [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2024-12-12', expires: '2029-12-12' },
      {
        id: 'a',
        type: 'MOTION_FILED',
        date: '2025-03-03',
        motion: 'TERMINATE',
        movedBy: 'RESPONDENT',
      },
      { id: 'd', type: 'MOTION_DECIDED', date: '2025-04-01' },
      {
        id: 'b',
        type: 'MOTION_FILED',
        date: '2025-11-03',
        motion: 'TERMINATE',
        movedBy: 'RESPONDENT',
      },
    ],
    eventIds: ['a', 'b'],
    message: /within 12 months of the previous one .*one written request per year/,
  },
  OUTSIDE_CALENDAR_RANGE: {
    family: 'DV',
    events: [{ id: 'o', type: 'ORDER_AFTER_HEARING', date: '2044-06-01' }],
    eventIds: ['o'],
    message: /needs the court calendar for 2047-.*outside the supported years 2010-2045/,
  },
};

describe('warnings', () => {
  it('the table covers every warning code', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(WARNING_CODES).sort());
  });

  it.each(Object.entries(CASES))('%s', (code, c) => {
    const result = computeDeadlines({ family: c.family, court: 'CA', events: c.events });
    const hits = result.warnings.filter((w) => w.code === code);
    expect(hits.length, `${code} in ${JSON.stringify(result.warnings)}`).toBeGreaterThan(0);
    const w = hits[0];
    expect(w?.message).toMatch(c.message);
    expect(w?.eventIds).toEqual(c.eventIds);
    expect(result.deadlines.length).toBeGreaterThan(0);
  });

  it('a filing on a non-court expiry day counts as filed the next court day', () => {
    // Expires Sun 2026-03-01; a Sunday e-filing counts as filed Mon 03/02, after expiry.
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
        { type: 'RENEWAL_FILED', date: '2026-03-01' },
      ],
    });
    expect(codes(r)).toEqual(['RENEWAL_FILED_AFTER_EXPIRY']);
    expect(r.warnings[0]?.message).toContain(
      'counts as filed on the next court day, Mon 2026-03-02',
    );
    expect(deadline(r, 'RENEWAL_DEADLINE')).toMatchObject({ date: '2026-02-27', status: 'OPEN' });
  });

  it('mail service of the order after hearing is fine (Fam. Code 6384): no warning', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2025-06-20' },
        { type: 'SERVED', date: '2025-06-23', method: 'MAIL' },
      ],
    });
    expect(r.warnings).toEqual([]);
  });

  it('an unserved case whose hearing was held: service deadline superseded, not silently met', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'HEARING_SET', date: '2025-12-10' },
        { type: 'SERVED', date: '2025-12-09', method: 'PERSONAL' },
        { type: 'ORDER_AFTER_HEARING', date: '2025-12-10' },
      ],
    });
    expect(codes(r)).toEqual(['SERVED_LATE']);
    expect(deadline(r, 'SERVICE_DEADLINE').status).toBe('SUPERSEDED');
  });
});

describe('two orders after hearing', () => {
  it('with a renewal between them (filed, or renewed) are not a warning', () => {
    for (const between of [
      { type: 'RENEWAL_FILED', date: '2024-01-10' },
      { type: 'ORDER_RENEWED', date: '2024-02-14' },
    ] as const) {
      const r = computeDeadlines({
        family: 'DV',
        court: 'CA',
        events: [
          { type: 'ORDER_AFTER_HEARING', date: '2021-03-10', expires: '2024-03-10' },
          between,
          { type: 'ORDER_AFTER_HEARING', date: '2024-03-01' },
        ],
      });
      expect(codes(r)).not.toContain('ORDER_AFTER_HEARING_TWICE');
    }
  });
});

// Issue 10's new deadlines, each as a golden table: the respondent's firearm duties
// (FIREARM_RELINQUISHMENT, FIREARM_RECEIPT), service by a method the court ordered (SERVICE
// .ALTERNATIVE, one version per effective date), and motions to modify or terminate an order
// (a motion's HEARING, SERVICE_DEADLINE and OPPOSITION_DEADLINE; the GVRO's termination
// requests). Expected instants are computed independently (Intl, via laOffset).

import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  FAMILIES,
  type CaseEvent,
  type Deadline,
  type Family,
} from '../../src/engine/index.js';
import { codes, deadline, laOffset, text } from './helpers.js';

function run(family: Family, events: CaseEvent[]) {
  return computeDeadlines({ family, court: 'CA', events });
}

const at = (date: string, time: string): string => `${date}T${time}${laOffset(date, time)}`;

describe('firearm relinquishment and receipt: the respondent’s duties, in hours from service', () => {
  // family, served (date, time), relinquish by, receipt by, citation of the receipt, basis
  const rows: [Family, string, string | undefined, string, string, string, string][] = [
    // Fam. Code § 6389(c)(2): 24 and 48 hours.
    [
      'DV',
      '2025-11-07',
      '18:30',
      at('2025-11-08', '18:30:00'),
      at('2025-11-09', '18:30:00'),
      'Fam. Code § 6389(c)(2) (receipt)',
      'statute',
    ],
    // CCP § 527.9: before and after SB 899 (operative 2026-01-01), the same hours.
    [
      'CH',
      '2025-11-07',
      '09:05',
      at('2025-11-08', '09:05:00'),
      at('2025-11-09', '09:05:00'),
      'CCP § 527.9(b) (text before SB 899) (receipt)',
      'interpretation',
    ],
    [
      'WV',
      '2026-03-03',
      '14:00',
      at('2026-03-04', '14:00:00'),
      at('2026-03-05', '14:00:00'),
      'CCP § 527.9(b), as rewritten by SB 899 (Stats. 2024, ch. 544), operative 2026-01-01 (receipt)',
      'interpretation',
    ],
    [
      'SV',
      '2024-05-06',
      '10:00',
      at('2024-05-07', '10:00:00'),
      at('2024-05-08', '10:00:00'),
      'CCP § 527.9(b) (text before SB 899) (receipt)',
      'interpretation',
    ],
    [
      'EA',
      '2026-02-02',
      '08:00',
      at('2026-02-03', '08:00:00'),
      at('2026-02-04', '08:00:00'),
      'CCP § 527.9(b), as rewritten by SB 899 (Stats. 2024, ch. 544), operative 2026-01-01 (receipt)',
      'interpretation',
    ],
    [
      'GV',
      '2025-11-07',
      '18:30',
      at('2025-11-08', '18:30:00'),
      at('2025-11-09', '18:30:00'),
      'Pen. Code § 18120(b) (receipt)',
      'unverified',
    ],
    // Across the end of daylight saving (Sun 2025-11-02 02:00): 24 elapsed hours after 20:00 PDT
    // is 19:00 PST the next day, 48 hours 19:00 PST the day after.
    [
      'DV',
      '2025-11-01',
      '20:00',
      at('2025-11-02', '19:00:00'),
      at('2025-11-03', '19:00:00'),
      'Fam. Code § 6389(c)(2) (receipt)',
      'statute',
    ],
    // Across its start (Sun 2026-03-08 02:00): 21:30 PST + 24 h = 22:30 PDT.
    [
      'DV',
      '2026-03-07',
      '21:30',
      at('2026-03-08', '22:30:00'),
      at('2026-03-09', '22:30:00'),
      'Fam. Code § 6389(c)(2) (receipt)',
      'statute',
    ],
    // No time recorded: from the start of the day of service, so by the end of that day and the next.
    [
      'DV',
      '2025-11-12',
      undefined,
      at('2025-11-12', '23:59:59'),
      at('2025-11-13', '23:59:59'),
      'Fam. Code § 6389(c)(2) (receipt)',
      'interpretation',
    ],
  ];

  it.each(rows)(
    '%s served %s %s: relinquish by %s, receipt by %s',
    (family, date, time, relinquish, receipt, citation, basis) => {
      const served: CaseEvent = { id: 's', type: 'SERVED', date, method: 'PERSONAL' };
      if (time !== undefined) served.time = time;
      const r = run(family, [{ type: 'TRO_GRANTED', date }, served]);
      const a = deadline(r, 'FIREARM_RELINQUISHMENT');
      const b = deadline(r, 'FIREARM_RECEIPT');
      expect(a.at).toBe(relinquish);
      expect(b.at).toBe(receipt);
      expect(a.date).toBe(relinquish.slice(0, 10));
      expect([a.dutyOf, b.dutyOf]).toEqual(['RESPONDENT', 'RESPONDENT']);
      expect([a.status, b.status]).toEqual(['OPEN', 'OPEN']);
      expect(a.ruleId).toBe(`${family}.FIREARMS.RELINQUISHMENT`);
      expect(b.citation).toBe(citation);
      expect(b.basis).toBe(basis);
      expect(a.basedOn).toEqual(['s']);
      expect(text(a)).toContain("This is the respondent's duty, not the protected person's");
      if (time === undefined) expect(a.interpretation).toContain('No time of service was recorded');
    },
  );

  it('met by the receipt or a relinquishment in time; a late receipt is flagged and stays open', () => {
    const base: CaseEvent[] = [
      { type: 'TRO_GRANTED', date: '2025-11-03' },
      { type: 'SERVED', date: '2025-11-04', time: '10:00', method: 'PERSONAL' },
    ];
    const onTime = run('DV', [
      ...base,
      { id: 'g', type: 'FIREARMS_RELINQUISHED', date: '2025-11-04', time: '16:00' },
      { id: 'r', type: 'FIREARMS_RECEIPT_FILED', date: '2025-11-05', time: '11:00' },
    ]);
    expect(deadline(onTime, 'FIREARM_RELINQUISHMENT')).toMatchObject({
      status: 'MET',
      basedOn: ['g'],
    });
    expect(deadline(onTime, 'FIREARM_RECEIPT').status).toBe('MET');
    expect(onTime.warnings).toEqual([]);
    const late = run('DV', [
      ...base,
      { type: 'FIREARMS_RECEIPT_FILED', date: '2025-11-06', time: '10:01' },
    ]);
    expect(codes(late)).toEqual(['FIREARMS_LATE']);
    expect(deadline(late, 'FIREARM_RECEIPT').status).toBe('OPEN');
    // A receipt with no time on the due day is taken at the end of that day: late, not early.
    const untimed = run('DV', [...base, { type: 'FIREARMS_RECEIPT_FILED', date: '2025-11-06' }]);
    expect(codes(untimed)).toEqual(['FIREARMS_LATE']);
  });

  it('what starts the clock: a served temporary order, an emergency GVRO, else the order after hearing', () => {
    // Served before any order (papers only): no duty yet.
    const petitionOnly = run('DV', [
      { type: 'PETITION_FILED', date: '2025-11-03' },
      { type: 'HEARING_SET', date: '2025-11-24' },
      { type: 'SERVED', date: '2025-11-05', method: 'PERSONAL' },
    ]);
    expect(petitionOnly.deadlines.filter((d) => d.kind.startsWith('FIREARM_'))).toEqual([]);
    // A DV EPO is not served for this duty (law enforcement takes firearms at the scene).
    const epo = run('DV', [
      { type: 'EPO_ISSUED', date: '2025-11-03' },
      { type: 'SERVED', date: '2025-11-03', method: 'PERSONAL' },
    ]);
    expect(epo.deadlines.filter((d) => d.kind.startsWith('FIREARM_'))).toEqual([]);
    // An emergency GVRO is a GVRO: served, the 24 hours run.
    const gv = run('GV', [
      { type: 'EPO_ISSUED', date: '2025-11-03', time: '21:00' },
      { type: 'SERVED', date: '2025-11-03', time: '21:30', method: 'PERSONAL' },
    ]);
    expect(deadline(gv, 'FIREARM_RELINQUISHMENT').at).toBe(at('2025-11-04', '21:30:00'));
    expect(text(deadline(gv, 'FIREARM_RELINQUISHMENT'))).toContain(
      'served with the emergency order',
    );
    // No temporary order: the order after hearing, even mailed (Fam. Code § 6384).
    const oah = run('DV', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-11-24' },
      { type: 'SERVED', date: '2025-11-26', time: '12:00', method: 'MAIL' },
    ]);
    expect(deadline(oah, 'FIREARM_RECEIPT').at).toBe(at('2025-11-28', '12:00:00'));
    expect(text(deadline(oah, 'FIREARM_RECEIPT'))).toContain('the order after hearing');
  });

  it('a receipt due when the clerk’s office is closed says when it can be filed on paper', () => {
    // Served Thu 11/20 09:00: 48 hours end Sat 11/22 09:00; the last court day before is Fri 11/21.
    const before = run('CH', [
      { type: 'TRO_GRANTED', date: '2025-11-20' },
      { type: 'SERVED', date: '2025-11-20', time: '09:00', method: 'PERSONAL' },
    ]);
    expect(deadline(before, 'FIREARM_RECEIPT').advisory?.lastCourtDayOnOrBefore).toBe('2025-11-21');
    // Served Fri 11/07 18:30: 48 hours end Sun 11/09 18:30 with no court day between.
    const after = run('CH', [
      { type: 'TRO_GRANTED', date: '2025-11-06' },
      { type: 'SERVED', date: '2025-11-07', time: '18:30', method: 'PERSONAL' },
    ]);
    const r = deadline(after, 'FIREARM_RECEIPT');
    expect(r.advisory?.firstCourtDayOnOrAfter).toBe('2025-11-10');
    expect(text(r)).toContain('the first day it can be filed on paper is Mon 2025-11-10');
  });

  it('ends with the order: a termination before the deadline supersedes it', () => {
    const r = run('DV', [
      { type: 'TRO_GRANTED', date: '2025-11-03' },
      { type: 'SERVED', date: '2025-11-04', method: 'PERSONAL' },
      { type: 'ORDER_TERMINATED', date: '2025-11-04' },
    ]);
    expect(deadline(r, 'FIREARM_RECEIPT').status).toBe('SUPERSEDED');
  });
});

describe('service by a method the court ordered: counted from each family’s effective date', () => {
  // family, served on, hearing (its 5th day before is a court day), counted?, rule, basis
  const rows: [Family, string, string, boolean, string, string][] = [
    ['CH', '2021-11-08', '2021-11-22', false, 'CH.SERVICE', 'statute'],
    ['CH', '2022-01-10', '2022-01-24', true, 'CH.SERVICE.ALTERNATIVE', 'statute'],
    ['CH', '2025-11-12', '2025-11-24', true, 'CH.SERVICE.ALTERNATIVE', 'statute'],
    ['DV', '2025-11-12', '2025-11-24', true, 'DV.SERVICE.ALTERNATIVE', 'form'],
    // AB 561 (Stats. 2025): its operative date is taken as 2027-01-01 (unverified).
    ['WV', '2026-11-09', '2026-11-23', false, 'WV.SERVICE', 'statute'],
    ['WV', '2027-03-08', '2027-03-22', true, 'WV.SERVICE.ALTERNATIVE', 'unverified'],
    ['SV', '2027-03-08', '2027-03-22', true, 'SV.SERVICE.ALTERNATIVE', 'unverified'],
    ['EA', '2026-11-09', '2026-11-23', false, 'EA.SERVICE', 'unverified'],
    ['EA', '2027-03-08', '2027-03-22', true, 'EA.SERVICE.ALTERNATIVE', 'unverified'],
    ['GV', '2027-03-08', '2027-03-22', true, 'GV.SERVICE.ALTERNATIVE', 'unverified'],
  ];

  it.each(rows)(
    '%s served %s (hearing %s) by a court-ordered method: counted %s',
    (family, served, hearing, counted, ruleId, basis) => {
      const r = run(family, [
        { type: 'TRO_GRANTED', date: served },
        { type: 'HEARING_SET', date: hearing },
        { id: 's', type: 'SERVED', date: served, method: 'ALTERNATIVE' },
      ]);
      const d = deadline(r, 'SERVICE_DEADLINE');
      expect(d.ruleId).toBe(ruleId);
      expect(d.basis).toBe(basis);
      if (counted) {
        expect(d.status).toBe('MET');
        expect(d.basedOn).toContain('s');
        expect(text(d)).toContain(
          'served by the method the court ordered when personal service failed',
        );
        expect(codes(r)).not.toContain('ALTERNATIVE_SERVICE_NOT_AVAILABLE');
      } else {
        expect(d.status).toBe('OPEN');
        expect(codes(r)).toContain('ALTERNATIVE_SERVICE_NOT_AVAILABLE');
      }
    },
  );

  it('mail and e-service of the initial papers still do not count', () => {
    const r = run('CH', [
      { type: 'HEARING_SET', date: '2025-11-24' },
      { type: 'SERVED', date: '2025-11-10', method: 'MAIL' },
    ]);
    expect(codes(r)).toEqual(['SERVICE_NOT_PERSONAL']);
    expect(deadline(r, 'SERVICE_DEADLINE').status).toBe('OPEN');
  });
});

describe('motions to modify or terminate an order after hearing', () => {
  const order: CaseEvent = { type: 'ORDER_AFTER_HEARING', date: '2024-06-03' };

  // family, moved by, hearing, notice (16 court days), by mail, electronically, opposition (9 court days), basis
  const rows: [
    Family,
    'PETITIONER' | 'RESPONDENT',
    string,
    string,
    string | undefined,
    string | undefined,
    string,
    string,
  ][] = [
    // CCP § 527.6(j)(3): personal service only; Thanksgiving and the day after are skipped.
    ['CH', 'RESPONDENT', '2025-12-08', '2025-11-12', undefined, undefined, '2025-11-21', 'statute'],
    // The general rule of CCP § 1005(b): 5 calendar days earlier by mail, 2 court days
    // electronically (Tue 11/11 is Veterans Day: the two court days before Wed 11/12 are
    // Mon 11/10 and Fri 11/07).
    [
      'DV',
      'RESPONDENT',
      '2025-12-08',
      '2025-11-12',
      '2025-11-07',
      '2025-11-07',
      '2025-11-21',
      'unverified',
    ],
    // Lincoln's Birthday (Thu 2/12) and Presidents' Day (Mon 2/16) are skipped.
    [
      'WV',
      'PETITIONER',
      '2026-03-02',
      '2026-02-04',
      '2026-01-30',
      '2026-02-02',
      '2026-02-17',
      'unverified',
    ],
    // Independence Day observed (Fri 7/3) and Juneteenth (Fri 6/19) are skipped.
    [
      'GV',
      'RESPONDENT',
      '2026-07-06',
      '2026-06-10',
      '2026-06-05',
      '2026-06-08',
      '2026-06-22',
      'unverified',
    ],
  ];

  it.each(rows)(
    '%s moved by %s, hearing %s: notice by %s',
    (family, movedBy, hearing, notice, byMail, electronically, opposition, basis) => {
      const r = run(family, [
        order,
        { id: 'm', type: 'MOTION_FILED', date: '2025-11-03', motion: 'TERMINATE', movedBy },
        { id: 'h', type: 'HEARING_SET', date: hearing, time: '09:00' },
      ]);
      const n = deadline(r, 'MOTION_SERVICE_DEADLINE');
      expect(n).toMatchObject({
        kind: 'SERVICE_DEADLINE',
        date: notice,
        dutyOf: movedBy,
        basis,
        status: 'OPEN',
      });
      expect(n.advisory?.byMail).toBe(byMail);
      expect(n.advisory?.electronically).toBe(electronically);
      const o = deadline(r, 'MOTION_OPPOSITION_DEADLINE');
      expect(o).toMatchObject({
        kind: 'OPPOSITION_DEADLINE',
        date: opposition,
        dutyOf: movedBy === 'RESPONDENT' ? 'PETITIONER' : 'RESPONDENT',
        basis,
      });
      expect(deadline(r, 'MOTION_HEARING')).toMatchObject({
        kind: 'HEARING',
        date: hearing,
        ruleId: `${family}.MOTION.HEARING`,
      });
      expect(n.basedOn).toEqual(['m', 'h']);
      if (basis === 'unverified')
        expect(n.interpretation).toContain(
          'the general rule for noticed motions (CCP § 1005(b)) is used',
        );
    },
  );

  it('CH: notice must be personally served (CCP § 527.6(j)(3)); a timely personal service meets it', () => {
    const events: CaseEvent[] = [
      order,
      { type: 'MOTION_FILED', date: '2025-11-03', motion: 'MODIFY', movedBy: 'RESPONDENT' },
      { type: 'HEARING_SET', date: '2025-12-08' },
    ];
    const mailed = run('CH', [...events, { type: 'SERVED', date: '2025-11-05', method: 'MAIL' }]);
    expect(codes(mailed)).toEqual(['SERVICE_NOT_PERSONAL']);
    expect(mailed.warnings[0]?.message).toContain(
      'notice of this motion must be personally served',
    );
    const served = run('CH', [
      ...events,
      { type: 'SERVED', date: '2025-11-12', method: 'PERSONAL' },
    ]);
    expect(deadline(served, 'MOTION_SERVICE_DEADLINE').status).toBe('MET');
    const late = run('CH', [...events, { type: 'SERVED', date: '2025-11-13', method: 'PERSONAL' }]);
    expect(codes(late)).toEqual(['SERVED_LATE']);
  });

  it('DV: mailed notice counts against the mail date; a decided motion supersedes what is open', () => {
    const events: CaseEvent[] = [
      order,
      { type: 'MOTION_FILED', date: '2025-11-03', motion: 'TERMINATE', movedBy: 'RESPONDENT' },
      { type: 'HEARING_SET', date: '2025-12-08' },
    ];
    const mailedLate = run('DV', [
      ...events,
      { type: 'SERVED', date: '2025-11-10', method: 'MAIL' },
    ]);
    expect(codes(mailedLate)).toEqual(['SERVED_LATE']);
    const mailed = run('DV', [...events, { type: 'SERVED', date: '2025-11-07', method: 'MAIL' }]);
    expect(deadline(mailed, 'MOTION_SERVICE_DEADLINE').status).toBe('MET');
    const decided = run('DV', [...events, { type: 'MOTION_DECIDED', date: '2025-12-08' }]);
    expect(deadline(decided, 'MOTION_SERVICE_DEADLINE').status).toBe('SUPERSEDED');
    expect(deadline(decided, 'MOTION_OPPOSITION_DEADLINE').status).toBe('SUPERSEDED');
    expect(deadline(decided, 'MOTION_HEARING').status).toBe('MET');
  });

  it('a motion before any order after hearing is not used, and says so', () => {
    const r = run('DV', [
      {
        id: 'm',
        type: 'MOTION_FILED',
        date: '2025-11-03',
        motion: 'MODIFY',
        movedBy: 'PETITIONER',
      },
    ]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'EVENT_WITHOUT_PREREQUISITE', eventIds: ['m'] }),
    ]);
  });

  it('a renewal and a motion pending together: a hearing belongs to the one filed last', () => {
    const r = run('DV', [
      { type: 'ORDER_AFTER_HEARING', date: '2023-01-09' },
      { type: 'RENEWAL_FILED', date: '2025-11-03' },
      { type: 'HEARING_SET', date: '2025-12-15' },
      { type: 'MOTION_FILED', date: '2025-11-05', motion: 'MODIFY', movedBy: 'RESPONDENT' },
      { type: 'HEARING_SET', date: '2025-12-22' },
    ]);
    expect(deadline(r, 'RENEWAL_HEARING').date).toBe('2025-12-15');
    expect(deadline(r, 'MOTION_HEARING').date).toBe('2025-12-22');
  });

  describe('GVRO: how often the restrained person may ask to terminate (Pen. Code § 18185)', () => {
    const gvOrder: CaseEvent = {
      type: 'ORDER_AFTER_HEARING',
      date: '2019-06-03',
      expires: '2020-06-03',
    };
    const later: CaseEvent = {
      type: 'ORDER_AFTER_HEARING',
      date: '2021-02-01',
      expires: '2026-02-01',
    };
    const request = (date: string): CaseEvent => ({
      type: 'MOTION_FILED',
      date,
      motion: 'TERMINATE',
      movedBy: 'RESPONDENT',
    });
    const rows: [string, CaseEvent, string[], boolean][] = [
      // Before September 2020: one request during the order.
      ['a second request under the 2016 text', gvOrder, ['2019-08-01', '2020-03-02'], true],
      // Since: one per year, read as one in any 12 months.
      ['two requests 11 months apart', later, ['2021-05-03', '2022-04-04'], true],
      ['two requests 12 months apart', later, ['2021-05-03', '2022-05-03'], false],
      ['a petitioner’s motion does not count', later, ['2021-05-03'], false],
    ];
    it.each(rows)('%s: flagged %s', (_label, o, dates, flagged) => {
      const events: CaseEvent[] = [o, ...dates.map(request)];
      if (dates.length === 1)
        events.push({
          type: 'MOTION_FILED',
          date: '2021-06-01',
          motion: 'MODIFY',
          movedBy: 'PETITIONER',
        });
      expect(codes(run('GV', events)).includes('TERMINATION_REQUEST_TOO_SOON')).toBe(flagged);
    });

    it('other families set no limit', () => {
      for (const family of FAMILIES.filter((f) => f !== 'GV')) {
        const r = run(family, [later, request('2021-05-03'), request('2021-06-01')]);
        expect(codes(r), family).not.toContain('TERMINATION_REQUEST_TOO_SOON');
      }
    });
  });
});

describe('every new deadline carries its kind, rule and basis', () => {
  it('no deadline lacks a basis or names a rule that does not produce its kind', () => {
    const all: Deadline[] = [];
    for (const family of FAMILIES) {
      all.push(
        ...run(family, [
          { type: 'TRO_GRANTED', date: '2027-03-01' },
          { type: 'HEARING_SET', date: '2027-03-18' },
          { type: 'SERVED', date: '2027-03-08', time: '11:00', method: 'ALTERNATIVE' },
          { type: 'ORDER_AFTER_HEARING', date: '2027-03-18' },
          { type: 'MOTION_FILED', date: '2027-06-01', motion: 'TERMINATE', movedBy: 'RESPONDENT' },
          { type: 'HEARING_SET', date: '2027-07-06' },
        ]).deadlines,
      );
    }
    for (const d of all) {
      expect(['statute', 'form', 'interpretation', 'unverified'], d.key).toContain(d.basis);
      expect(d.ruleId.startsWith(d.ruleId.split('.')[0] ?? '')).toBe(true);
    }
    expect(new Set(all.map((d) => d.kind))).toEqual(
      new Set([
        'FIREARM_RELINQUISHMENT',
        'FIREARM_RECEIPT',
        'OPPOSITION_DEADLINE',
        'SERVICE_DEADLINE',
        'HEARING',
        'HEARING_LATEST',
        'HEARING_LATEST_GOOD_CAUSE',
        'TRO_EXPIRES',
        'ORDER_EXPIRES',
        'RENEWAL_WINDOW_OPENS',
        'RENEWAL_DEADLINE',
      ]),
    );
  });
});

// What differs by family: CH/WV/SV temporary orders are capped at 21/25 days unless the
// hearing is continued; WV/SV orders last at most 3 years; CH has no permanent renewal;
// EA keeps the order alive until the renewal hearing; GV has no 25-day extension, an
// emergency order that expires 21 days out without rolling, and 1-5 year orders.

import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  type CaseEvent,
  type ComputeResult,
  type Family,
} from '../../src/engine/index.js';
import { codes, deadline, text } from './helpers.js';

function run(family: Family, events: CaseEvent[]): ComputeResult {
  return computeDeadlines({ family, court: 'CA', events });
}

describe('CH (CCP 527.6)', () => {
  it('CHTRO from filing when no TRO is requested', () => {
    const r = run('CH', [{ type: 'PETITION_FILED', date: '2026-01-28' }]);
    expect(deadline(r, 'HEARING_LATEST').date).toBe('2026-02-18');
    expect(deadline(r, 'HEARING_LATEST_GOOD_CAUSE').date).toBe('2026-02-23');
    expect(deadline(r, 'HEARING_LATEST').citation).toBe('CCP § 527.6(g); CCP §§ 12, 12a, 136');
    expect(r.deadlines.find((d) => d.key === 'TRO_EXPIRES')).toBeUndefined();
  });

  it('TRO with no hearing set: at most 21 days, to the end of day 21 (not rolled)', () => {
    const r = run('CH', [{ type: 'TRO_GRANTED', date: '2025-11-03' }]);
    const tro = deadline(r, 'TRO_EXPIRES');
    expect(tro.date).toBe('2025-11-24');
    expect(tro.at).toBe('2025-11-24T23:59:59-08:00');
    expect(tro.ruleId).toBe('CH.TRO.EXPIRY');
  });

  it('TRO lasts to the hearing within 21 days, or within 25 with good cause', () => {
    expect(
      deadline(
        run('CH', [
          { type: 'TRO_GRANTED', date: '2025-11-03' },
          { type: 'HEARING_SET', date: '2025-11-20' },
        ]),
        'TRO_EXPIRES',
      ).date,
    ).toBe('2025-11-20');
    const late = run('CH', [
      { type: 'TRO_GRANTED', date: '2025-11-03' },
      { type: 'HEARING_SET', date: '2025-11-26' },
    ]);
    expect(deadline(late, 'TRO_EXPIRES').date).toBe('2025-11-26');
    expect(codes(late)).toEqual(['HEARING_NEEDS_GOOD_CAUSE']);
  });

  it('a continuance carries the TRO to the continued hearing (527.6(p)) and a written date controls', () => {
    const r = run('CH', [
      { type: 'TRO_GRANTED', date: '2025-11-03' },
      { type: 'HEARING_SET', date: '2025-11-20' },
      {
        type: 'HEARING_CONTINUED',
        date: '2025-12-18',
        expires: '2025-12-18',
        expiresTime: '12:00',
      },
    ]);
    const tro = deadline(r, 'TRO_EXPIRES');
    expect(tro.date).toBe('2025-12-18');
    expect(tro.at).toBe('2025-12-18T12:00:00-08:00');
    expect(r.warnings).toEqual([]);
  });

  it('order: 5-year max, 3-year default; renewal up to 5 more years and never permanent', () => {
    const r = run('CH', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20' },
      { type: 'RENEWAL_FILED', date: '2028-05-01' },
      { type: 'ORDER_RENEWED', date: '2028-06-01', expires: '2033-06-21' },
    ]);
    expect(codes(r)).toEqual(['EXPIRY_BEYOND_STATUTORY_MAX']);
    expect(deadline(r, 'ORDER_EXPIRES').date).toBe('2033-06-21');
    const ok = run('CH', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2030-06-20' },
    ]);
    expect(ok.warnings).toEqual([]);
    const permanent = run('CH', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20', permanent: true },
    ]);
    expect(codes(permanent)).toEqual(['PERMANENT_NOT_AVAILABLE']);
    expect(deadline(permanent, 'ORDER_EXPIRES').date).toBe('2028-06-20');
  });

  it('a timely renewal request keeps the order until the renewal hearing (CH-710, verified)', () => {
    const r = run('CH', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20' },
      { type: 'RENEWAL_FILED', date: '2028-05-01' },
      { type: 'HEARING_SET', date: '2028-07-10' },
    ]);
    const order = deadline(r, 'ORDER_EXPIRES');
    expect(order).toMatchObject({ date: '2028-07-10', ruleId: 'CH.RENEWAL.PENDING' });
    expect(order.interpretation ?? '').not.toContain('Unverified');
  });
});

describe('WV (CCP 527.8) and SV (CCP 527.85)', () => {
  it('WV: at most 3 years; citations follow the version in force (letters moved on 2025-01-01)', () => {
    const before = run('WV', [{ type: 'ORDER_AFTER_HEARING', date: '2024-06-20' }]);
    const after = run('WV', [{ type: 'ORDER_AFTER_HEARING', date: '2025-06-20' }]);
    expect(deadline(before, 'ORDER_EXPIRES').citation).toBe('CCP § 527.8(k)');
    expect(deadline(after, 'ORDER_EXPIRES').citation).toBe('CCP § 527.8(l)(1),(2)');
    expect(deadline(after, 'ORDER_EXPIRES').advisory?.statutoryMaximum).toBe('2028-06-20');
    const tro = run('WV', [{ type: 'TRO_GRANTED', date: '2025-03-03' }]);
    expect(deadline(tro, 'HEARING_LATEST').citation).toContain('527.8(i)');
    expect(deadline(tro, 'TRO_EXPIRES').date).toBe('2025-03-24');
  });

  it('WV renewal: at most 3 years', () => {
    const r = run('WV', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20' },
      { type: 'RENEWAL_FILED', date: '2028-05-01' },
      { type: 'ORDER_RENEWED', date: '2028-06-01', expires: '2031-07-01' },
    ]);
    expect(codes(r)).toEqual(['EXPIRY_BEYOND_STATUTORY_MAX']);
  });

  it('SV: 3-year orders; from 2026 the AB 2096 text is cited and flagged as secondary', () => {
    const r = run('SV', [{ type: 'ORDER_AFTER_HEARING', date: '2026-02-02' }]);
    const order = deadline(r, 'ORDER_EXPIRES');
    expect(order.date).toBe('2029-02-02');
    expect(order.citation).toContain('AB 2096');
    expect(order.interpretation).toContain('AB 2096');
    expect(
      deadline(run('SV', [{ type: 'ORDER_AFTER_HEARING', date: '2025-02-03' }]), 'ORDER_EXPIRES')
        .citation,
    ).toBe('CCP § 527.85 (2024 text)');
  });
});

describe('EA (Welf. & Inst. Code 15657.03)', () => {
  it('an EPO is available; the temporary order lasts to the hearing; service uses the parallel 5 days, flagged', () => {
    const r = run('EA', [
      { type: 'EPO_ISSUED', date: '2025-10-11' },
      { type: 'TRO_GRANTED', date: '2025-10-14' },
      { type: 'HEARING_SET', date: '2025-11-04' },
    ]);
    expect(deadline(r, 'EPO_EXPIRES')).toMatchObject({ date: '2025-10-17', status: 'MET' });
    expect(deadline(r, 'TRO_EXPIRES').date).toBe('2025-11-04');
    expect(deadline(r, 'SERVICE_DEADLINE').date).toBe('2025-10-30');
    expect(deadline(r, 'SERVICE_DEADLINE').interpretation).toContain('Unverified');
  });

  it('filing the renewal extends the order until the renewal hearing (EA-710)', () => {
    const r = run('EA', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2027-06-20' },
      { type: 'RENEWAL_FILED', date: '2027-05-03' },
      { type: 'HEARING_SET', date: '2027-07-06' },
    ]);
    expect(deadline(r, 'ORDER_EXPIRES')).toMatchObject({
      date: '2027-07-06',
      ruleId: 'EA.RENEWAL.PENDING',
      status: 'OPEN',
    });
    expect(text(deadline(r, 'ORDER_EXPIRES'))).toContain(
      'stays in effect until the end of the renewal hearing on Tue 2027-07-06',
    );
    expect(deadline(r, 'RENEWAL_HEARING').date).toBe('2027-07-06');
  });

  it('order: 5-year max; the 3-year default is flagged unverified', () => {
    const r = run('EA', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2031-06-20' },
    ]);
    expect(codes(r)).toEqual(['EXPIRY_BEYOND_STATUTORY_MAX']);
    expect(
      deadline(run('EA', [{ type: 'ORDER_AFTER_HEARING', date: '2025-06-20' }]), 'ORDER_EXPIRES')
        .interpretation,
    ).toContain('unverified');
  });
});

describe('GV (Pen. Code 18100-18205)', () => {
  it('emergency GVRO issued on a Saturday: expires 21 days later (a Saturday, not rolled); hearing deadline rolls; warned', () => {
    const r = run('GV', [{ id: 'g', type: 'EPO_ISSUED', date: '2025-10-11' }]);
    const expiry = deadline(r, 'EPO_EXPIRES');
    expect(expiry).toMatchObject({
      date: '2025-11-01',
      ruleId: 'GV.EMERGENCY.EXPIRY',
      at: '2025-11-01T23:59:59-07:00',
    });
    expect(expiry.advisory?.lastCourtDayBeforeExpiry).toBe('2025-10-31');
    const hearing = deadline(r, 'HEARING_LATEST');
    expect(hearing).toMatchObject({ date: '2025-11-03', ruleId: 'GV.EMERGENCY.HEARING_LATEST' });
    expect(r.deadlines.find((d) => d.kind === 'HEARING_LATEST_GOOD_CAUSE')).toBeUndefined();
    expect(codes(r)).toEqual(['GV_EMERGENCY_EXPIRES_BEFORE_HEARING_DEADLINE']);
  });

  it('emergency GVRO issued on a weekday: no gap, no warning', () => {
    const r = run('GV', [{ type: 'EPO_ISSUED', date: '2025-10-08' }]);
    expect(deadline(r, 'EPO_EXPIRES').date).toBe('2025-10-29');
    expect(deadline(r, 'HEARING_LATEST').date).toBe('2025-10-29');
    expect(r.warnings).toEqual([]);
  });

  it('ex parte GVRO: hearing within 21 days, no good-cause extension; the order lasts 21 days (flagged unverified)', () => {
    const r = run('GV', [
      { type: 'TRO_GRANTED', date: '2025-10-08' },
      { type: 'HEARING_SET', date: '2025-10-30' },
    ]);
    expect(codes(r)).toEqual(['HEARING_BEYOND_LIMIT', 'TRO_EXPIRES_BEFORE_HEARING']);
    expect(deadline(r, 'HEARING_LATEST').ruleId).toBe('GV.HEARING.LATEST');
    expect(deadline(r, 'TRO_EXPIRES')).toMatchObject({
      date: '2025-10-29',
      ruleId: 'GV.TRO.EXPIRY',
    });
    expect(deadline(r, 'TRO_EXPIRES').interpretation).toContain('Unverified');
  });

  it('order after hearing: 1 to 5 years; with none written, 1 year assumed and warned', () => {
    const blank = run('GV', [{ type: 'ORDER_AFTER_HEARING', date: '2025-06-20' }]);
    expect(deadline(blank, 'ORDER_EXPIRES').date).toBe('2026-06-20');
    expect(codes(blank)).toEqual(['EXPIRY_NOT_WRITTEN']);
    const five = run('GV', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2030-06-20' },
    ]);
    expect(five.warnings).toEqual([]);
    expect(
      codes(
        run('GV', [{ type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2030-06-21' }]),
      ),
    ).toEqual(['EXPIRY_BEYOND_STATUTORY_MAX']);
  });
});

describe('events that do not fit', () => {
  it('a hearing set after the order with no renewal pending is not used, and says so', () => {
    const r = run('DV', [
      { id: 'o', type: 'ORDER_AFTER_HEARING', date: '2025-06-20' },
      { id: 'h', type: 'HEARING_SET', date: '2025-09-01' },
    ]);
    expect(r.warnings).toEqual([
      {
        code: 'EVENT_NOT_APPLICABLE',
        message: expect.stringContaining('record RENEWAL_FILED or MOTION_FILED first') as string,
        eventIds: ['h'],
      },
    ]);
  });

  it('renewing a permanent order is not applicable', () => {
    const r = run('DV', [
      { type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
      { type: 'RENEWAL_FILED', date: '2026-01-05' },
      { type: 'ORDER_RENEWED', date: '2026-02-20', permanent: true },
      { type: 'RENEWAL_FILED', date: '2027-01-05' },
    ]);
    expect(codes(r)).toEqual(['EVENT_NOT_APPLICABLE']);
  });

  it('an unknown court or a malformed date is a typed input error naming the field', () => {
    expect(() => computeDeadlines({ family: 'DV', court: 'CA-atlantis', events: [] })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_COURT', field: 'court' }) as Error,
    );
    expect(() =>
      computeDeadlines({
        family: 'DV',
        court: 'CA',
        events: [{ type: 'HEARING_SET', date: '2025-02-30' }],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATE', field: 'events[0].date' }) as Error);
  });
});

// A full DV timeline, recomputed after every event the way the service will: EPO ->
// TRO -> hearing set -> served -> continuance -> order after hearing -> renewal filed
// -> renewal hearing -> renewed -> terminated. Keys stay stable so a subscriber's
// calendar entry moves instead of duplicating.

import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  DEADLINE_KINDS,
  RULES,
  type CaseEvent,
  type ComputeResult,
  type DeadlineStatus,
} from '../../src/engine/index.js';
import { deadline, text } from './helpers.js';

const TIMELINE: CaseEvent[] = [
  { id: 'epo', type: 'EPO_ISSUED', date: '2025-11-29', time: '22:15' },
  { id: 'petition', type: 'PETITION_FILED', date: '2025-12-01' },
  { id: 'tro', type: 'TRO_GRANTED', date: '2025-12-01' },
  { id: 'hearing', type: 'HEARING_SET', date: '2025-12-19', time: '08:30' },
  { id: 'served', type: 'SERVED', date: '2025-12-10', method: 'PERSONAL' },
  { id: 'continued', type: 'HEARING_CONTINUED', date: '2026-01-09', time: '08:30' },
  { id: 'oah', type: 'ORDER_AFTER_HEARING', date: '2026-01-09' },
  { id: 'renewal-filed', type: 'RENEWAL_FILED', date: '2028-11-01' },
  { id: 'renewal-hearing', type: 'HEARING_SET', date: '2028-12-05', time: '09:00' },
  { id: 'renewed', type: 'ORDER_RENEWED', date: '2028-12-05', expires: '2033-12-05' },
  { id: 'terminated', type: 'ORDER_TERMINATED', date: '2030-06-01' },
];

function upTo(id: string): ComputeResult {
  const n = TIMELINE.findIndex((e) => e.id === id);
  expect(n).toBeGreaterThanOrEqual(0);
  return computeDeadlines({ family: 'DV', court: 'CA', events: TIMELINE.slice(0, n + 1) });
}

function summary(r: ComputeResult): Record<string, [string, DeadlineStatus]> {
  return Object.fromEntries(r.deadlines.map((d) => [d.key, [d.date, d.status]]));
}

describe('DV lifecycle, recomputed after each event', () => {
  it('EPO issued on a Saturday: expires at close of business on the 5th court day', () => {
    const r = upTo('epo');
    expect(summary(r)).toEqual({ EPO_EXPIRES: ['2025-12-05', 'OPEN'] });
    const epo = deadline(r, 'EPO_EXPIRES');
    // Close of judicial business of the statewide calendar (calendars/ca-courts.json default).
    expect(epo.at).toBe('2025-12-05T16:00:00-08:00');
    expect(epo.advisory?.lastCourtDayOnOrBefore).toBe('2025-12-05');
    expect(epo.basedOn).toEqual(['epo']);
    expect(text(epo)).toContain('EPO issued Sat 2025-11-29 at 22:15');
    expect(r.warnings).toEqual([]);
  });

  it('TRO granted: the EPO is met, the hearing limits run from the grant, the TRO runs to the hearing', () => {
    const r = upTo('tro');
    expect(summary(r)).toEqual({
      EPO_EXPIRES: ['2025-12-05', 'MET'],
      HEARING_LATEST: ['2025-12-22', 'OPEN'],
      HEARING_LATEST_GOOD_CAUSE: ['2025-12-26', 'OPEN'],
      TRO_EXPIRES: ['2025-12-22', 'OPEN'],
    });
    expect(deadline(r, 'TRO_EXPIRES').interpretation).toContain('No hearing is recorded');
    expect(deadline(r, 'HEARING_LATEST').basedOn).toEqual(['tro']);
  });

  it('hearing set: HEARING at its time, service 5 days before (a Sunday: never moved later), TRO to the hearing', () => {
    const r = upTo('hearing');
    expect(summary(r)).toMatchObject({
      HEARING_LATEST: ['2025-12-22', 'MET'],
      HEARING_LATEST_GOOD_CAUSE: ['2025-12-26', 'MET'],
      HEARING: ['2025-12-19', 'OPEN'],
      SERVICE_DEADLINE: ['2025-12-14', 'OPEN'],
      TRO_EXPIRES: ['2025-12-19', 'OPEN'],
    });
    expect(deadline(r, 'HEARING').at).toBe('2025-12-19T08:30:00-08:00');
    const service = deadline(r, 'SERVICE_DEADLINE');
    expect(service.advisory).toMatchObject({
      courtDay: false,
      lastCourtDayOnOrBefore: '2025-12-12',
      forwardRollRejected: '2025-12-15',
    });
    expect(text(service)).toContain('Sun 12/14 (Sunday)');
  });

  it('served personally in time: the service deadline is met', () => {
    const r = upTo('served');
    expect(deadline(r, 'SERVICE_DEADLINE').status).toBe('MET');
    expect(deadline(r, 'SERVICE_DEADLINE').basedOn).toEqual(['hearing', 'served']);
  });

  it('continuance: the same keys move (HEARING, SERVICE_DEADLINE, TRO_EXPIRES)', () => {
    const before = upTo('served');
    const r = upTo('continued');
    expect(Object.keys(summary(r)).sort()).toEqual(Object.keys(summary(before)).sort());
    expect(summary(r)).toMatchObject({
      HEARING: ['2026-01-09', 'OPEN'],
      SERVICE_DEADLINE: ['2026-01-04', 'MET'],
      TRO_EXPIRES: ['2026-01-09', 'OPEN'],
    });
    expect(text(deadline(r, 'TRO_EXPIRES'))).toContain('Fam. Code § 245(c)');
    expect(text(deadline(r, 'HEARING'))).toContain(
      'Continued from Fri 2025-12-19 to Fri 2026-01-09 at 08:30',
    );
    expect(r.warnings).toEqual([]);
  });

  it('order after hearing: the TRO is superseded, the order expires in 3 years, the renewal window opens 3 months before', () => {
    const r = upTo('oah');
    expect(summary(r)).toMatchObject({
      HEARING: ['2026-01-09', 'MET'],
      TRO_EXPIRES: ['2026-01-09', 'SUPERSEDED'],
      ORDER_EXPIRES: ['2029-01-09', 'OPEN'],
      RENEWAL_WINDOW_OPENS: ['2028-10-09', 'OPEN'],
      RENEWAL_DEADLINE: ['2029-01-09', 'OPEN'],
    });
    expect(text(deadline(r, 'TRO_EXPIRES'))).toContain(
      'Superseded: the order after hearing issued Fri 2026-01-09',
    );
    expect(deadline(r, 'ORDER_EXPIRES').at).toBe('2029-01-09T23:59:59-08:00');
    expect(deadline(r, 'ORDER_EXPIRES').ruleId).toBe('DV.ORDER.EXPIRY');
  });

  it('renewal filed inside the window: the renewal deadline is met', () => {
    const r = upTo('renewal-filed');
    expect(summary(r)).toMatchObject({
      RENEWAL_WINDOW_OPENS: ['2028-10-09', 'MET'],
      RENEWAL_DEADLINE: ['2029-01-09', 'MET'],
      ORDER_EXPIRES: ['2029-01-09', 'OPEN'],
    });
    expect(r.warnings).toEqual([]);
  });

  it('renewal hearing set: its own slot, RENEWAL_HEARING', () => {
    const r = upTo('renewal-hearing');
    expect(summary(r)).toMatchObject({ RENEWAL_HEARING: ['2028-12-05', 'OPEN'] });
    expect(deadline(r, 'RENEWAL_HEARING').kind).toBe('HEARING');
    expect(deadline(r, 'RENEWAL_HEARING').ruleId).toBe('DV.RENEWAL.HEARING');
  });

  it('renewed: ORDER_EXPIRES moves (same key) and a new renewal window opens for the new expiry', () => {
    const r = upTo('renewed');
    expect(summary(r)).toMatchObject({
      RENEWAL_HEARING: ['2028-12-05', 'MET'],
      ORDER_EXPIRES: ['2033-12-05', 'OPEN'],
      RENEWAL_WINDOW_OPENS: ['2033-09-05', 'OPEN'],
      RENEWAL_DEADLINE: ['2033-12-05', 'OPEN'],
    });
    const order = deadline(r, 'ORDER_EXPIRES');
    expect(order.ruleId).toBe('DV.RENEWAL.TERM');
    expect(order.citation).toContain('SB 935');
    expect(order.basedOn).toContain('renewed');
    expect(r.warnings).toEqual([]);
  });

  it('terminated: everything still pending is superseded; what was met stays met', () => {
    const r = upTo('terminated');
    const s = summary(r);
    expect(s).toMatchObject({
      ORDER_EXPIRES: ['2033-12-05', 'SUPERSEDED'],
      RENEWAL_WINDOW_OPENS: ['2033-09-05', 'SUPERSEDED'],
      RENEWAL_DEADLINE: ['2033-12-05', 'SUPERSEDED'],
      RENEWAL_HEARING: ['2028-12-05', 'MET'],
      HEARING: ['2026-01-09', 'MET'],
      SERVICE_DEADLINE: ['2026-01-04', 'MET'],
      EPO_EXPIRES: ['2025-12-05', 'MET'],
    });
    // Only the respondent's firearm duties of 2025 stay open: no receipt was ever recorded.
    expect(
      Object.entries(s)
        .filter(([, [, status]]) => status === 'OPEN')
        .map(([key]) => key),
    ).toEqual(['FIREARM_RELINQUISHMENT', 'FIREARM_RECEIPT']);
    expect(text(deadline(r, 'ORDER_EXPIRES'))).toContain(
      'Superseded: the order was terminated on Sat 2030-06-01.',
    );
    expect(deadline(r, 'ORDER_EXPIRES').basedOn).toContain('terminated');
    expect(r.warnings).toEqual([]);
  });

  it('every slot across the timeline has one stable key and kind', () => {
    const kinds = new Map<string, string>();
    for (let n = 1; n <= TIMELINE.length; n++) {
      const r = computeDeadlines({ family: 'DV', court: 'CA', events: TIMELINE.slice(0, n) });
      const keys = r.deadlines.map((d) => d.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const d of r.deadlines) {
        expect(kinds.get(d.key) ?? d.kind).toBe(d.kind);
        kinds.set(d.key, d.kind);
        expect(DEADLINE_KINDS).toContain(d.kind);
        expect(
          RULES.some(
            (rule) => rule.id === d.ruleId && rule.citation === d.citation && rule.kind === d.kind,
          ),
        ).toBe(true);
        expect(d.explanation.length).toBeGreaterThan(0);
      }
    }
    expect([...kinds.keys()].sort()).toEqual([
      'EPO_EXPIRES',
      'FIREARM_RECEIPT',
      'FIREARM_RELINQUISHMENT',
      'HEARING',
      'HEARING_LATEST',
      'HEARING_LATEST_GOOD_CAUSE',
      'ORDER_EXPIRES',
      'RENEWAL_DEADLINE',
      'RENEWAL_HEARING',
      'RENEWAL_WINDOW_OPENS',
      'SERVICE_DEADLINE',
      'TRO_EXPIRES',
    ]);
  });

  it('output is sorted by date, then instant, then key, and deterministic', () => {
    const a = upTo('renewed');
    const b = upTo('renewed');
    expect(a).toEqual(b);
    const dates = a.deadlines.map((d) => d.date);
    expect([...dates].sort()).toEqual(dates);
    // Same day: the timed HEARING (2026-01-09 08:30) sorts before the date-only TRO_EXPIRES.
    const sameDay = a.deadlines.filter((d) => d.date === '2026-01-09').map((d) => d.key);
    expect(sameDay).toEqual(['HEARING', 'TRO_EXPIRES']);
  });

  it('events without ids give empty basedOn and eventIds', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: TIMELINE.map(({ id: _id, ...e }) => e),
    });
    for (const d of r.deadlines) expect(d.basedOn).toEqual([]);
  });

  it('a permanent renewal cancels the expiry slots (kept on the calendar as SUPERSEDED)', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2026-01-09' },
        { type: 'RENEWAL_FILED', date: '2028-11-01' },
        { type: 'ORDER_RENEWED', date: '2028-12-05', permanent: true },
      ],
    });
    expect(summary(r)).toEqual({
      RENEWAL_WINDOW_OPENS: ['2028-10-09', 'SUPERSEDED'],
      RENEWAL_DEADLINE: ['2029-01-09', 'SUPERSEDED'],
      ORDER_EXPIRES: ['2029-01-09', 'SUPERSEDED'],
    });
    expect(text(deadline(r, 'ORDER_EXPIRES'))).toContain('renewed permanently');
    expect(r.warnings).toEqual([]);
  });

  it('a renewal hearing after the expiry keeps the order in effect until that hearing (DV-720: obey it "until the hearing")', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2026-01-09' },
        { type: 'RENEWAL_FILED', date: '2028-12-01' },
        { type: 'HEARING_SET', date: '2029-01-23' },
      ],
    });
    const order = deadline(r, 'ORDER_EXPIRES');
    expect(order.date).toBe('2029-01-23');
    expect(order.ruleId).toBe('DV.RENEWAL.PENDING');
    expect(order.advisory?.rawDate).toBe('2029-01-09');
    expect(order.basis).toBe('form');
    expect(order.citation).toBe('Fam. Code § 6345(a); DV-710; DV-720');
    expect(order.interpretation).toBeUndefined();
    expect(r.warnings).toEqual([]);
    expect(deadline(r, 'RENEWAL_DEADLINE').status).toBe('MET');
  });

  it('a written EPO expiration controls, and a later one than the statute allows is flagged', () => {
    const written = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        {
          id: 'e',
          type: 'EPO_ISSUED',
          date: '2025-10-06',
          expires: '2025-10-13',
          // Before the statewide close of judicial business (16:00, calendars/ca-courts.json).
          expiresTime: '15:30',
        },
      ],
    });
    expect(deadline(written, 'EPO_EXPIRES').at).toBe('2025-10-13T15:30:00-07:00');
    expect(deadline(written, 'EPO_EXPIRES').advisory?.computedDate).toBe('2025-10-13');
    expect(written.warnings).toEqual([]);
    const late = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [{ id: 'e', type: 'EPO_ISSUED', date: '2025-10-06', expires: '2025-10-14' }],
    });
    expect(late.warnings).toEqual([
      {
        code: 'EXPIRY_BEYOND_STATUTORY_MAX',
        message: expect.stringContaining('later than the statute allows') as string,
        eventIds: ['e'],
      },
    ]);
  });

  it('a 2022 renewal follows the pre-SB 935 text ("five years or permanently")', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2021-03-01', expires: '2022-03-01' },
        { type: 'RENEWAL_FILED', date: '2022-01-10' },
        { type: 'ORDER_RENEWED', date: '2022-02-15', expires: '2029-03-01' },
      ],
    });
    expect(deadline(r, 'ORDER_EXPIRES').citation).toContain('before SB 935');
    expect(r.warnings.map((w) => w.code)).toEqual(['EXPIRY_BEYOND_STATUTORY_MAX']);
  });

  it('a TRO denial still starts the 21/25-day hearing clock (Fam. Code 6320.5(b)) but no TRO expiry', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'PETITION_FILED', date: '2025-11-03' },
        { type: 'TRO_DENIED', date: '2025-11-03' },
      ],
    });
    expect(summary(r)).toEqual({
      HEARING_LATEST: ['2025-11-24', 'OPEN'],
      HEARING_LATEST_GOOD_CAUSE: ['2025-12-01', 'OPEN'],
    });
    expect(text(deadline(r, 'HEARING_LATEST'))).toContain('denied');
  });

  it('a shortened service time sets the days before the hearing', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'TRO_GRANTED', date: '2025-11-03' },
        { type: 'HEARING_SET', date: '2025-11-20' },
        { type: 'SERVICE_TIME_SHORTENED', date: '2025-11-03', days: 2 },
      ],
    });
    const s = deadline(r, 'SERVICE_DEADLINE');
    expect(s.date).toBe('2025-11-18');
    expect(s.advisory?.daysBeforeHearing).toBe(2);
    expect(text(s)).toContain('The court set the time for service at 2 days before the hearing');
  });

  it('a renewal with no end date entered: 3 years from the renewal order (Fam. Code 6345(c), earliest reading), warned', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
        { type: 'RENEWAL_FILED', date: '2026-01-05' },
        { id: 'r', type: 'ORDER_RENEWED', date: '2026-02-20' },
      ],
    });
    expect(deadline(r, 'ORDER_EXPIRES').date).toBe('2029-02-20');
    expect(deadline(r, 'ORDER_EXPIRES').interpretation).toContain('6345(c)');
    expect(r.warnings.map((w) => w.code)).toEqual(['EXPIRY_NOT_WRITTEN']);
  });

  it('a TRO dated before its petition is out of order', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { id: 'p', type: 'PETITION_FILED', date: '2025-11-04' },
        { id: 't', type: 'TRO_GRANTED', date: '2025-11-03' },
      ],
    });
    expect(r.warnings).toEqual([
      {
        code: 'EVENT_OUT_OF_ORDER',
        message: expect.stringContaining('is dated before') as string,
        eventIds: ['p', 't'],
      },
    ]);
  });

  it('a premature renewal request meets neither the window nor the deadline', () => {
    const r = computeDeadlines({
      family: 'DV',
      court: 'CA',
      events: [
        { type: 'ORDER_AFTER_HEARING', date: '2023-03-01' },
        { type: 'RENEWAL_FILED', date: '2025-10-01' },
      ],
    });
    expect(deadline(r, 'RENEWAL_WINDOW_OPENS').status).toBe('OPEN');
    expect(deadline(r, 'RENEWAL_DEADLINE').status).toBe('OPEN');
  });
});

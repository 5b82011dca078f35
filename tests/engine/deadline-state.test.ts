// Where a deadline stands (issue 13): only acts are overdue; a window is not yet open, open or
// closed; an expiry is in force or ended. Runs in every engine time zone: "today" is the
// court's, never the machine's.
import { describe, expect, it } from 'vitest';
import {
  ACT_KINDS,
  DEADLINE_KINDS,
  deadlineState,
  natureOf,
  type DeadlineKind,
} from '../../src/engine/index.js';

// 2027-06-01 00:30 in Los Angeles (07:30 UTC): still May 31 nowhere else in the engine's eyes.
const now = Date.parse('2027-06-01T07:30:00Z');
const open = (kind: DeadlineKind, date: string, at: string | null = null) =>
  ({ kind, date, at, status: 'OPEN' }) as const;

describe('nature', () => {
  it('sorts every kind into act, window or expiry', () => {
    expect(Object.fromEntries(DEADLINE_KINDS.map((k) => [k, natureOf(k)]))).toEqual({
      EPO_EXPIRES: 'expiry',
      HEARING_LATEST: 'act',
      HEARING_LATEST_GOOD_CAUSE: 'act',
      HEARING: 'act',
      TRO_EXPIRES: 'expiry',
      SERVICE_DEADLINE: 'act',
      ORDER_EXPIRES: 'expiry',
      RENEWAL_WINDOW_OPENS: 'window',
      RENEWAL_DEADLINE: 'act',
      FIREARM_RELINQUISHMENT: 'act',
      FIREARM_RECEIPT: 'act',
      OPPOSITION_DEADLINE: 'act',
    });
    expect([...ACT_KINDS].sort()).toEqual(
      DEADLINE_KINDS.filter((k) => natureOf(k) === 'act').sort(),
    );
  });
});

describe('state', () => {
  it.each([
    [open('SERVICE_DEADLINE', '2027-05-31'), 'overdue'],
    [open('SERVICE_DEADLINE', '2027-06-01'), 'due'],
    [open('RENEWAL_DEADLINE', '2027-05-31'), 'overdue'],
    [open('HEARING', '2027-05-31', '2027-05-31T08:30:00-07:00'), 'overdue'],
    [open('ORDER_EXPIRES', '2027-05-31'), 'ended'],
    [open('ORDER_EXPIRES', '2027-06-01'), 'in_force'],
    // An expiry with a time ends at that instant: 00:30 is after midnight of the 31st...
    [open('EPO_EXPIRES', '2027-05-31', '2027-05-31T23:59:59-07:00'), 'ended'],
    // ...and before 16:00 today.
    [open('EPO_EXPIRES', '2027-06-01', '2027-06-01T16:00:00-07:00'), 'in_force'],
    [open('RENEWAL_WINDOW_OPENS', '2027-06-02'), 'not_yet_open'],
    [open('RENEWAL_WINDOW_OPENS', '2027-06-01'), 'open'],
    [{ ...open('SERVICE_DEADLINE', '2027-05-01'), status: 'MET' as const }, 'met'],
    [{ ...open('TRO_EXPIRES', '2027-05-01'), status: 'SUPERSEDED' as const }, 'superseded'],
  ])('%o is %s', (deadline, state) => {
    expect(deadlineState(deadline, now)).toBe(state);
  });

  it('a window is open through the day that closes it, closed after', () => {
    const window = open('RENEWAL_WINDOW_OPENS', '2027-03-01');
    expect(deadlineState(window, now, '2027-06-01')).toBe('open');
    expect(deadlineState(window, now, '2027-05-31')).toBe('closed');
    expect(deadlineState(window, now, null)).toBe('open');
  });
});

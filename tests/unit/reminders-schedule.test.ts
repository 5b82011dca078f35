// The reminder schedules, retry policy and secrets: pure functions, checked under several
// machine time zones (nothing may depend on the machine's zone).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { inQuietHours, retryDelayMs } from '../../src/reminders/retry.js';
import {
  allOccurrences,
  catchUpOccurrence,
  deadlinePassesAt,
  scheduleFor,
  upcomingOccurrences,
} from '../../src/reminders/schedule.js';
import { SecretBox } from '../../src/adapters/secret-box.js';

const ZONES = ['America/Los_Angeles', 'UTC', 'Pacific/Kiritimati', 'Asia/Kolkata'];
const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const at = (occurrences: { occurrence: string; dueAt: Date }[]) =>
  occurrences.map((o) => `${o.occurrence} ${o.dueAt.toISOString()}`);
const courtHour = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'America/Los_Angeles',
  hour: '2-digit',
  minute: '2-digit',
});

describe.each(ZONES)('schedules (machine zone %s)', (zone) => {
  process.env.TZ = zone;
  const early = new Date('2020-01-01T00:00:00Z');

  it('renewal: window opens, every 2 weeks, weekly in the last month through the last day', () => {
    process.env.TZ = zone;
    const schedule = scheduleFor({
      kind: 'RENEWAL_DEADLINE',
      date: '2027-06-15',
      court: 'CA',
      renewalWindowOpens: '2027-03-15',
    })!;
    expect(schedule.audiences).toEqual(['PETITIONER', 'ADVOCATE', 'WEBHOOK']);
    expect(at(allOccurrences(schedule, '2027-06-15', early))).toEqual([
      '92d-before 2027-03-15T16:00:00.000Z',
      '78d-before 2027-03-29T16:00:00.000Z',
      '64d-before 2027-04-12T16:00:00.000Z',
      '50d-before 2027-04-26T16:00:00.000Z',
      '36d-before 2027-05-10T16:00:00.000Z',
      '28d-before 2027-05-18T16:00:00.000Z',
      '21d-before 2027-05-25T16:00:00.000Z',
      '14d-before 2027-06-01T16:00:00.000Z',
      '7d-before 2027-06-08T16:00:00.000Z',
      '0d-before 2027-06-15T16:00:00.000Z',
    ]);
  });

  it('hearing 7 and 1 days before; service 3 and 1 days before, to the clinic only', () => {
    process.env.TZ = zone;
    const hearing = scheduleFor({ kind: 'HEARING', date: '2027-03-16', court: 'CA' })!;
    expect(at(allOccurrences(hearing, '2027-03-16', early))).toEqual([
      '7d-before 2027-03-09T17:00:00.000Z', // PST
      '1d-before 2027-03-15T16:00:00.000Z', // PDT (DST began 2027-03-14)
    ]);
    const service = scheduleFor({ kind: 'SERVICE_DEADLINE', date: '2026-11-03', court: 'CA' })!;
    expect(service.audiences).toEqual(['ADVOCATE', 'WEBHOOK']);
    expect(at(allOccurrences(service, '2026-11-03', early))).toEqual([
      '3d-before 2026-10-31T16:00:00.000Z', // PDT
      '1d-before 2026-11-02T17:00:00.000Z', // PST (DST ended 2026-11-01)
    ]);
  });

  it('EPO: immediately, and 09:00 on the last court day before it expires (skipping a holiday weekend)', () => {
    process.env.TZ = zone;
    const epo = scheduleFor({ kind: 'EPO_EXPIRES', date: '2027-01-19', court: 'CA' })!;
    const now = new Date('2027-01-14T20:00:00Z');
    expect(at(allOccurrences(epo, '2027-01-19', now))).toEqual([
      'immediately 2027-01-14T20:00:00.000Z',
      // Monday 2027-01-18 is Martin Luther King Jr. Day: the court day before is Friday.
      '4d-before 2027-01-15T17:00:00.000Z',
    ]);
  });

  it('kinds without a schedule of their own', () => {
    process.env.TZ = zone;
    for (const kind of [
      'HEARING_LATEST',
      'HEARING_LATEST_GOOD_CAUSE',
      'TRO_EXPIRES',
      'ORDER_EXPIRES',
      'RENEWAL_WINDOW_OPENS',
      'FIREARM_RECEIPT',
    ] as const)
      expect(scheduleFor({ kind, date: '2027-01-19', court: 'CA' })).toBeNull();
  });

  it("the respondent's firearm duties: the clinic at once, never the petitioner; an opposition 7 and 2 days before", () => {
    process.env.TZ = zone;
    const now = new Date('2027-01-18T20:00:00Z');
    const firearms = scheduleFor({
      kind: 'FIREARM_RELINQUISHMENT',
      date: '2027-01-19',
      court: 'CA',
    })!;
    expect(firearms).toMatchObject({ name: 'FIREARMS', audiences: ['ADVOCATE', 'WEBHOOK'] });
    expect(at(allOccurrences(firearms, '2027-01-19', now))).toEqual([
      `immediately ${now.toISOString()}`,
    ]);
    const opposition = scheduleFor({
      kind: 'OPPOSITION_DEADLINE',
      date: '2027-03-16',
      court: 'CA',
    })!;
    expect(opposition.audiences).toEqual(['ADVOCATE', 'WEBHOOK']);
    expect(at(allOccurrences(opposition, '2027-03-16', early))).toEqual([
      '7d-before 2027-03-09T17:00:00.000Z',
      '2d-before 2027-03-14T16:00:00.000Z',
    ]);
  });

  it('past occurrences are dropped, "immediately" is kept, nothing at or after the deadline passes', () => {
    process.env.TZ = zone;
    const hearing = scheduleFor({ kind: 'HEARING', date: '2027-03-16', court: 'CA' })!;
    const passes = deadlinePassesAt({ date: '2027-03-16', at: '2027-03-16T08:30:00-07:00' });
    expect(
      at(upcomingOccurrences(hearing, '2027-03-16', passes, new Date('2027-03-10T00:00:00Z'))),
    ).toEqual(['1d-before 2027-03-15T16:00:00.000Z']);
    const epo = scheduleFor({ kind: 'EPO_EXPIRES', date: '2027-01-19', court: 'CA' })!;
    const late = new Date('2027-01-20T08:00:00Z'); // midnight after the expiry day, court time
    expect(
      upcomingOccurrences(
        epo,
        '2027-01-19',
        deadlinePassesAt({ date: '2027-01-19', at: null }),
        late,
      ),
    ).toEqual([]);
  });

  it('every scheduled reminder is at 09:00 court time, never at night, whatever the date', () => {
    process.env.TZ = zone;
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2022-01-01'), max: new Date('2029-12-31'), noInvalidDate: true }),
        (day) => {
          const date = day.toISOString().slice(0, 10);
          for (const kind of [
            'RENEWAL_DEADLINE',
            'HEARING',
            'SERVICE_DEADLINE',
            'EPO_EXPIRES',
          ] as const) {
            const schedule = scheduleFor({ kind, date, court: 'CA' })!;
            for (const o of allOccurrences(schedule, date, early))
              if (o.date !== null) expect(courtHour.format(o.dueAt)).toBe('09:00');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('catch-up', () => {
  // A motion recorded late: the opposition's 7-days-before reminder has passed. Every act with
  // reminders of its own catches up once; the EPO's and the firearms' go at once anyway.
  it.each([
    ['OPPOSITION_DEADLINE', true],
    ['HEARING', true],
    ['EPO_EXPIRES', false],
    ['FIREARM_RELINQUISHMENT', false],
  ] as const)('%s recorded after a reminder passed: catch-up %s', (kind, expected) => {
    const date = '2027-03-16';
    const now = new Date('2027-03-12T18:00:00Z'); // Fri 11:00 court time, 4 days before
    const schedule = scheduleFor({ kind, date, court: 'CA' })!;
    const got = catchUpOccurrence(
      schedule,
      date,
      deadlinePassesAt({ date, at: null }),
      now,
      new Date(now.getTime() + 60_000),
    );
    expect(got !== null).toBe(expected);
    if (got) expect(got).toMatchObject({ occurrence: 'catch-up', date: '2027-03-12' });
  });
});

describe('retries', () => {
  const policy = { maxAttempts: 5, baseMs: 1000, maxMs: 6000 };
  it('back off exponentially with jitter, capped, and stop after the last attempt', () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, () => 1)).toBe(1000);
    expect(retryDelayMs(3, policy, () => 1)).toBe(4000);
    expect(retryDelayMs(4, policy, () => 1)).toBe(6000);
    expect(retryDelayMs(4, policy, () => 0)).toBe(3000);
    expect(retryDelayMs(5, policy)).toBeNull();
  });

  it('quiet hours wrap midnight in court time', () => {
    const quiet = { from: '21:00', to: '08:00' };
    expect(inQuietHours(new Date('2027-01-05T04:59:00Z'), quiet)).toBe(false); // 20:59 PST
    expect(inQuietHours(new Date('2027-01-05T05:00:00Z'), quiet)).toBe(true); // 21:00
    expect(inQuietHours(new Date('2027-07-05T14:59:00Z'), quiet)).toBe(true); // 07:59 PDT
    expect(inQuietHours(new Date('2027-07-05T15:00:00Z'), quiet)).toBe(false); // 08:00 PDT
    expect(inQuietHours(new Date('2027-07-05T10:00:00Z'), null)).toBe(false);
  });
});

describe('secrets', () => {
  it('encrypt bound to their endpoint, and opt-out tokens that only this key makes', () => {
    const box = new SecretBox(randomBytes(32));
    const other = new SecretBox(randomBytes(32));
    const sealed = box.encrypt('whsec_abc', 'endpoint-1');
    expect(box.decrypt(sealed, 'endpoint-1')).toBe('whsec_abc');
    expect(() => box.decrypt(sealed, 'endpoint-2')).toThrow();
    expect(() => other.decrypt(sealed, 'endpoint-1')).toThrow();
    const id = '0192f1e4-1234-7abc-8def-0123456789ab';
    const token = box.optOutToken(id);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(box.contactOfOptOutToken(token)).toBe(id);
    expect(other.contactOfOptOutToken(token)).toBeNull();
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect(box.contactOfOptOutToken(flipped)).toBeNull();
    expect(box.contactOfOptOutToken('not a token')).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPIRY_MAX_DAYS, parseExpiry } from '../../src/services/expiry.js';

// 2026-11-30 10:00 in Los Angeles (18:00 UTC).
const NOW = new Date('2026-11-30T18:00:00Z');

function reasonOf(value: string): string | undefined {
  const parsed = parseExpiry(value, NOW, 'body.expiresAt');
  return 'problem' in parsed ? parsed.problem.reason : undefined;
}

describe('parseExpiry', () => {
  it('takes a date as the end of that day at the court, and an instant as given', () => {
    expect(parseExpiry('2027-01-31', NOW, 'f')).toEqual({ at: new Date('2027-02-01T07:59:59Z') });
    expect(parseExpiry('2027-07-04', NOW, 'f')).toEqual({ at: new Date('2027-07-05T06:59:59Z') });
    expect(parseExpiry('2027-03-01T17:59:59Z', NOW, 'f')).toEqual({
      at: new Date('2027-03-01T17:59:59Z'),
    });
    // Today is still in the future until its last second at the court.
    expect(parseExpiry('2026-11-30', NOW, 'f')).toEqual({ at: new Date('2026-12-01T07:59:59Z') });
  });

  it.each([
    ['2026-11-29', 'must be in the future'],
    ['2007-01-01', 'must be in the future'],
    // Before the court calendar's first year (2007): refused as past, never thrown (was a 500).
    ['1999-12-31', 'must be in the future'],
    ['0001-01-01', 'must be in the future'],
    ['2026-11-30T17:59:59Z', 'must be in the future'],
    ['2025-13-01', 'a date (YYYY-MM-DD) or an instant'],
    ['1999-02-30', 'a date (YYYY-MM-DD) or an instant'],
    ['next week', 'a date (YYYY-MM-DD) or an instant'],
    ['2040-01-01', 'at most 6 years from now'],
    ['9999-12-31', 'at most 6 years from now'],
  ])('refuses %s: %s, naming the field', (value, reason) => {
    expect(parseExpiry(value, NOW, 'body.expiresAt')).toEqual({
      problem: { name: 'body.expiresAt', reason },
    });
  });

  it('answers every YYYY-MM-DD string without throwing; a valid one is accepted exactly when it is today or later and within the limit', () => {
    const digits = (n: number) =>
      fc
        .array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n })
        .map((d) => d.join(''));
    fc.assert(
      fc.property(digits(4), digits(2), digits(2), (y, m, d) => {
        const value = `${y}-${m}-${d}`;
        const reason = reasonOf(value);
        const real =
          Number(m) >= 1 &&
          Number(m) <= 12 &&
          Number(d) >= 1 &&
          new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDate() === Number(d);
        if (!real) return reason === 'a date (YYYY-MM-DD) or an instant';
        if (value < '2026-11-30') return reason === 'must be in the future';
        const days =
          (Date.UTC(Number(y), Number(m) - 1, Number(d)) - Date.UTC(2026, 10, 30)) / 864e5;
        return days < EXPIRY_MAX_DAYS ? reason === undefined : reason !== undefined;
      }),
      { numRuns: 5_000 },
    );
  });
});

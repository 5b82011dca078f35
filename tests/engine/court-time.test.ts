// courtTimeOf: the one conversion of an instant into court time (America/Los_Angeles), used
// for today's date, stored instants, quiet hours, alarm and message times. It must agree with
// the platform's IANA database at every instant, whatever the machine's zone (this file runs
// under four TZ values), and be the inverse of instantAt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { courtTimeOf, instantAt, SUPPORTED_YEARS } from '../../src/engine/index.js';
import { laWallClock } from './helpers.js';

const laOffsetAt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  timeZoneName: 'longOffset',
});
const offsetByIntl = (ms: number): string =>
  (laOffsetAt.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '').replace(
    'GMT',
    '',
  );

const first = Date.UTC(SUPPORTED_YEARS.from, 0, 1);
const last = Date.UTC(SUPPORTED_YEARS.to + 1, 0, 1) - 1;

describe('courtTimeOf', () => {
  it('reads the wall clock and offset in force', () => {
    expect(courtTimeOf(Date.parse('2025-10-18T00:00:00Z'))).toEqual({
      date: '2025-10-17',
      second: 17 * 3600,
      time: '17:00:00',
      offset: '-07:00',
      iso: '2025-10-17T17:00:00-07:00',
    });
    expect(courtTimeOf(Date.parse('2025-12-05T08:00:00.999Z')).iso).toBe(
      '2025-12-05T00:00:00-08:00',
    );
  });

  it('changes offset exactly at the transitions (02:00 local)', () => {
    expect(courtTimeOf(Date.parse('2025-03-09T09:59:59.999Z')).iso).toBe(
      '2025-03-09T01:59:59-08:00',
    );
    expect(courtTimeOf(Date.parse('2025-03-09T10:00:00Z')).iso).toBe('2025-03-09T03:00:00-07:00');
    expect(courtTimeOf(Date.parse('2025-11-02T08:59:59Z')).iso).toBe('2025-11-02T01:59:59-07:00');
    // The repeated hour: the same wall time again, now in standard time.
    expect(courtTimeOf(Date.parse('2025-11-02T09:00:00Z')).iso).toBe('2025-11-02T01:00:00-08:00');
  });

  it('agrees with the IANA database at any instant of the supported years', () => {
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (ms) => {
        const court = courtTimeOf(ms);
        expect(`${court.date}T${court.time}`).toBe(laWallClock(new Date(ms)));
        expect(court.offset).toBe(offsetByIntl(ms));
        expect(Date.parse(court.iso)).toBe(Math.floor(ms / 1000) * 1000);
      }),
      { numRuns: 5_000 },
    );
  });

  it('is the inverse of instantAt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: first, max: last }),
        fc.integer({ min: 0, max: 86_399 }),
        (ms, second) => {
          const { date } = courtTimeOf(ms);
          const hms = [second / 3600, (second % 3600) / 60, second % 60]
            .map((n) => String(Math.floor(n)).padStart(2, '0'))
            .join(':');
          const iso = instantAt(date, hms);
          expect(courtTimeOf(Date.parse(iso)).iso).toBe(iso);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

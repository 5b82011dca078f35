// Instants must carry the America/Los_Angeles offset of their own local date, across
// DST, whatever the machine's zone (this file runs under four TZ values). Checked
// against the platform's IANA database (Intl) for every day of the supported range.

import { describe, expect, it } from 'vitest';
import { instantAt, SUPPORTED_YEARS } from '../../src/engine/index.js';
import { datesOfYear, laWallClock } from './helpers.js';

describe('instantAt', () => {
  it('gives the offset in force on that date', () => {
    expect(instantAt('2025-10-17', '17:00')).toBe('2025-10-17T17:00:00-07:00');
    expect(instantAt('2025-12-05', '17:00')).toBe('2025-12-05T17:00:00-08:00');
    expect(instantAt('2027-04-15', '23:59:59')).toBe('2027-04-15T23:59:59-07:00');
  });

  it('handles the spring-forward day (2nd Sunday of March): the missing hour moves one hour later', () => {
    expect(instantAt('2025-03-09', '01:59')).toBe('2025-03-09T01:59:00-08:00');
    expect(instantAt('2025-03-09', '02:00')).toBe('2025-03-09T03:00:00-07:00');
    expect(instantAt('2025-03-09', '02:30')).toBe('2025-03-09T03:30:00-07:00');
    expect(instantAt('2025-03-09', '03:00')).toBe('2025-03-09T03:00:00-07:00');
    expect(instantAt('2025-03-09', '17:00')).toBe('2025-03-09T17:00:00-07:00');
    expect(instantAt('2025-03-08', '23:59:59')).toBe('2025-03-08T23:59:59-08:00');
  });

  it('handles the fall-back day (1st Sunday of November): the repeated hour takes the earlier instant', () => {
    expect(instantAt('2025-11-02', '00:59')).toBe('2025-11-02T00:59:00-07:00');
    expect(instantAt('2025-11-02', '01:30')).toBe('2025-11-02T01:30:00-07:00');
    expect(instantAt('2025-11-02', '02:00')).toBe('2025-11-02T02:00:00-08:00');
    expect(instantAt('2025-11-02', '17:00')).toBe('2025-11-02T17:00:00-08:00');
    expect(instantAt('2025-11-01', '23:59:59')).toBe('2025-11-01T23:59:59-07:00');
  });

  it(`agrees with the IANA database for every day ${SUPPORTED_YEARS.from}-${SUPPORTED_YEARS.to}`, () => {
    const times = ['00:00', '01:30', '02:30', '03:00', '08:30', '17:00', '23:59:59'];
    let checked = 0;
    for (let year = SUPPORTED_YEARS.from; year <= SUPPORTED_YEARS.to; year++) {
      for (const date of datesOfYear(year)) {
        for (const time of times) {
          const iso = instantAt(date, time);
          const wall = laWallClock(iso);
          const hms = time.length === 5 ? `${time}:00` : time;
          if (wall !== `${date}T${hms}`) {
            // Only the spring-forward gap may differ, and then by exactly one hour later.
            expect(time, `${date} ${time} -> ${iso} (${wall})`).toBe('02:30');
            expect(wall).toBe(`${date}T03:30:00`);
          }
          // The string states the wall clock it denotes.
          expect(iso.slice(0, 19)).toBe(wall);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50_000);
  });

  it('refuses a malformed time or date', () => {
    expect(() => instantAt('2025-10-17', '5pm')).toThrow(/HH:MM/);
    expect(() => instantAt('2025-10-17', '24:00')).toThrow(/HH:MM/);
    expect(() => instantAt('2025-02-30', '17:00')).toThrow(/not a real calendar date/);
  });
});

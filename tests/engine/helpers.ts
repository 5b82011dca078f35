// Test helpers computed independently of the engine (Date.UTC + Intl), so a bug in
// the engine's own date arithmetic cannot make a test agree with it.

import { expect } from 'vitest';
import type { ComputeResult, Deadline, DeadlineKind } from '../../src/engine/index.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function utc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** 'Monday' for '2025-10-06', computed with Date.UTC (machine-zone independent). */
export function weekdayName(date: string): string {
  return WEEKDAYS[utc(date).getUTCDay()] as string;
}

export function weekdayShort(date: string): string {
  return weekdayName(date).slice(0, 3);
}

/** 'YYYY-MM-DD' n days after `date`, via Date.UTC. */
export function plusDays(date: string, n: number): string {
  return new Date(utc(date).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

export function isWeekend(date: string): boolean {
  const wd = utc(date).getUTCDay();
  return wd === 0 || wd === 6;
}

/** Every date of a year, via Date.UTC. */
export function datesOfYear(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(`${year}`); d = plusDays(d, 1)) out.push(d);
  return out;
}

const laParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The America/Los_Angeles wall clock of an instant, 'YYYY-MM-DDTHH:MM:SS', via the IANA database. */
export function laWallClock(instant: string | Date): string {
  const parts = Object.fromEntries(
    laParts
      .formatToParts(typeof instant === 'string' ? new Date(instant) : instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The offset ('-07:00' / '-08:00') America/Los_Angeles uses at a (non-gap) local wall time, via Intl. */
export function laOffset(date: string, time: string): string {
  const hms = time.length === 5 ? `${time}:00` : time;
  for (const off of ['-07:00', '-08:00']) {
    if (laWallClock(`${date}T${hms}${off}`) === `${date}T${hms}`) return off;
  }
  throw new Error(`no offset for ${date} ${time}`);
}

export function deadline(result: ComputeResult, key: string): Deadline {
  const d = result.deadlines.find((x) => x.key === key);
  expect(d, `deadline ${key} in ${result.deadlines.map((x) => x.key).join(', ')}`).toBeDefined();
  return d as Deadline;
}

export function byKind(result: ComputeResult, kind: DeadlineKind): Deadline[] {
  return result.deadlines.filter((d) => d.kind === kind);
}

export function codes(result: ComputeResult): string[] {
  return result.warnings.map((w) => w.code);
}

export function text(d: Deadline): string {
  return d.explanation.join(' ');
}

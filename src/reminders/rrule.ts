// The one file that imports `rrule`. The package is CommonJS-shaped: under Node's own ESM
// loader (`npm start`, `npm run worker`, tsx) its named exports sit on the default export,
// while Vite (vitest) resolves its ESM build with real named exports. Reading both shapes
// here keeps every other module on plain, typed functions.
//
// rrule works in "floating" UTC dates: we give it calendar dates at UTC midnight and read
// calendar dates back, so no machine or DST offset can shift a day. The local hour a
// reminder is sent at is applied afterwards, by the engine's DST-safe `instantAt`.
import * as rruleModule from 'rrule';
import type { CalendarDate } from '../engine/index.js';

type RRuleModule = typeof rruleModule;
const lib: RRuleModule =
  'RRule' in rruleModule && typeof rruleModule.RRule === 'function'
    ? rruleModule
    : (rruleModule as unknown as { default: RRuleModule }).default;
const { RRule, RRuleSet } = lib;

/** A recurrence in calendar days (RFC 5545 RRULE), or fixed dates (RDATE). */
export type Recurrence =
  | {
      rule: 'DAILY' | 'WEEKLY';
      /** Every `interval` days or weeks, from `start` through `until` (both included when they fall on the rule). */
      interval: number;
      start: CalendarDate;
      until: CalendarDate;
    }
  | { dates: CalendarDate[] };

const toFloating = (date: CalendarDate): Date => new Date(`${date}T00:00:00.000Z`);
const fromFloating = (value: Date): CalendarDate => value.toISOString().slice(0, 10);

/** Every date the recurrences produce, ascending and without repeats. */
export function expandRecurrences(recurrences: readonly Recurrence[]): CalendarDate[] {
  const set = new RRuleSet();
  for (const recurrence of recurrences) {
    if ('dates' in recurrence) {
      for (const date of recurrence.dates) set.rdate(toFloating(date));
      continue;
    }
    if (recurrence.until < recurrence.start) continue;
    set.rrule(
      new RRule({
        freq: recurrence.rule === 'DAILY' ? RRule.DAILY : RRule.WEEKLY,
        interval: recurrence.interval,
        dtstart: toFloating(recurrence.start),
        until: toFloating(recurrence.until),
        tzid: null,
      }),
    );
  }
  return [...new Set(set.all().map(fromFloating))].sort();
}

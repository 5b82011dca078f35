// When a subscriber's calendar reminds them of a deadline (VALARM, ACTION:DISPLAY). Only OPEN
// deadlines carry alarms: a met or cancelled one must not nag anyone.
//
// | kind                                  | alarms (local time)                                        |
// |---------------------------------------|------------------------------------------------------------|
// | EPO_EXPIRES                           | 09:00 on the last court day on or before expiry, and 09:00 |
// |                                       | the calendar day before that (a TRO must be sought while   |
// |                                       | the court is open; the EPO often ends on a weekend)        |
// | HEARING with a time                   | 1 day before (same time), 2 hours before                   |
// | HEARING without a time                | 09:00 7 days before, 09:00 the day before                  |
// | HEARING_LATEST(_GOOD_CAUSE)           | 09:00 7 and 2 days before (the hearing must be set by then)|
// | SERVICE_DEADLINE, TRO_EXPIRES         | 09:00 3 days and 1 day before                              |
// | ORDER_EXPIRES                         | 09:00 30 and 7 days before                                 |
// | RENEWAL_WINDOW_OPENS                  | 09:00 on the day                                           |
// | RENEWAL_DEADLINE                      | 09:00 30, 7 and 1 days before                              |
//
// Triggers are durations relative to the event's start (RFC 5545 §3.8.6.3), never absolute
// times: an absolute TRIGGER must be in UTC, and ical-generator writes it in the event's zone.
// Days are nominal ("-P2DT15H" from an all-day date is 09:00 two days before in the
// subscriber's own zone); for timed events the hours part is counted from the event's wall time
// in America/Los_Angeles, so "09:00" holds across DST changes (which happen at 02:00). Expiries
// are all-day events on their last day (src/feeds/render.ts), so theirs count from that day.
import { calendarDaysBetween, courtTimeOf, natureOf, type DeadlineKind } from '../engine/index.js';
import type { FeedEntry, FeedEntryDetails } from '../db/feeds.js';

const DAY = 86_400;
const HOUR = 3_600;
const NINE_AM = 9 * HOUR;

export type AlarmRule =
  /** 09:00 on the day `days` calendar days before the deadline's date. */
  | { type: 'daysBefore'; days: number }
  /** A fixed time before a timed event (1 day = the same wall time the day before). */
  | { type: 'hoursBefore'; hours: number }
  /** 09:00 on the last court day on or before the date, `daysEarlier` calendar days earlier. */
  | { type: 'lastCourtDay'; daysEarlier: number };

export function alarmRules(kind: DeadlineKind, timed: boolean): AlarmRule[] {
  switch (kind) {
    case 'EPO_EXPIRES':
      return [
        { type: 'lastCourtDay', daysEarlier: 1 },
        { type: 'lastCourtDay', daysEarlier: 0 },
      ];
    case 'HEARING':
      return timed
        ? [
            { type: 'hoursBefore', hours: 24 },
            { type: 'hoursBefore', hours: 2 },
          ]
        : [
            { type: 'daysBefore', days: 7 },
            { type: 'daysBefore', days: 1 },
          ];
    case 'FIREARM_RELINQUISHMENT':
    case 'FIREARM_RECEIPT':
      return timed ? [{ type: 'hoursBefore', hours: 2 }] : [{ type: 'daysBefore', days: 0 }];
    case 'OPPOSITION_DEADLINE':
      return [
        { type: 'daysBefore', days: 7 },
        { type: 'daysBefore', days: 2 },
      ];
    case 'HEARING_LATEST':
    case 'HEARING_LATEST_GOOD_CAUSE':
      return [
        { type: 'daysBefore', days: 7 },
        { type: 'daysBefore', days: 2 },
      ];
    case 'SERVICE_DEADLINE':
    case 'TRO_EXPIRES':
      return [
        { type: 'daysBefore', days: 3 },
        { type: 'daysBefore', days: 1 },
      ];
    case 'ORDER_EXPIRES':
      return [
        { type: 'daysBefore', days: 30 },
        { type: 'daysBefore', days: 7 },
      ];
    case 'RENEWAL_WINDOW_OPENS':
      return [{ type: 'daysBefore', days: 0 }];
    case 'RENEWAL_DEADLINE':
      return [
        { type: 'daysBefore', days: 30 },
        { type: 'daysBefore', days: 7 },
        { type: 'daysBefore', days: 1 },
      ];
  }
}

/** Seconds after the court's local midnight of an instant '2025-10-17T17:00:00-07:00'. */
const wallSeconds = (at: string): number => courtTimeOf(Date.parse(at)).second;

export interface Alarm {
  /** Seconds before the event's start (negative: after it). */
  secondsBefore: number;
  /** How far ahead, in words, for the alarm's text ("in 3 days"). */
  when: string;
}

const inDays = (days: number): string =>
  days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;

/**
 * The alarms of an OPEN deadline, earliest first. A timed event (a hearing with a time) rings
 * before it starts. An expiry is an all-day event on its last day: its alarms count from that
 * day's start, and one that would ring at or after the instant it ends is dropped.
 */
export function alarmsFor(entry: FeedEntry, details: FeedEntryDetails): Alarm[] {
  const timed = entry.at !== null && natureOf(entry.kind) !== 'expiry';
  const wall = timed ? wallSeconds(entry.at!) : 0;
  const alarms: Alarm[] = [];
  for (const rule of alarmRules(entry.kind, timed)) {
    switch (rule.type) {
      case 'daysBefore':
        alarms.push({
          secondsBefore: rule.days * DAY + wall - NINE_AM,
          when: inDays(rule.days),
        });
        break;
      case 'hoursBefore':
        alarms.push({
          secondsBefore: rule.hours * HOUR,
          when: rule.hours % 24 === 0 ? inDays(rule.hours / 24) : `in ${rule.hours} hours`,
        });
        break;
      case 'lastCourtDay': {
        const lastCourtDay = details.lastCourtDayOnOrBefore ?? entry.date;
        const days = Math.max(0, calendarDaysBetween(lastCourtDay, entry.date)) + rule.daysEarlier;
        alarms.push({
          secondsBefore: days * DAY + wall - NINE_AM,
          when:
            rule.daysEarlier === 0
              ? 'last court day before it ends'
              : 'the day before the last court day',
        });
        break;
      }
    }
  }
  if (timed) return alarms.filter((a) => a.secondsBefore > 0);
  // An all-day event may ring on its own day (09:00 is after the day's start), but an expiry
  // with a time must not ring once it has ended.
  const endsAfter = entry.at === null ? Number.POSITIVE_INFINITY : wallSeconds(entry.at);
  return alarms.filter((a) => -a.secondsBefore < endsAfter);
}

// When reminders are sent: one schedule per deadline kind, as recurrences over calendar
// days (expanded by `rrule`), sent at a fixed local hour in the court's time zone.
// Pure: plain values in, plain values out; "now" is the caller's.
//
// | deadline kind      | when (calendar days, 09:00 America/Los_Angeles)                    | who                      |
// |--------------------|--------------------------------------------------------------------|--------------------------|
// | RENEWAL_DEADLINE   | the day the renewal window opens, then every 2 weeks, then weekly  | petitioner, advocates,   |
// |                    | in the last month (anchored on the deadline, which is included),   | webhooks                 |
// |                    | until the renewal is filed (MET) or the order ends (SUPERSEDED)    |                          |
// | HEARING            | 7 days and 1 day before (also the renewal hearing)                 | petitioner, advocates,   |
// |                    |                                                                    | webhooks                 |
// | SERVICE_DEADLINE   | 3 days and 1 day before (also the renewal service deadline)        | advocates, webhooks      |
// | EPO_EXPIRES        | immediately (not before 08:00 local: quiet hours) and on the last  | advocates, webhooks      |
// |                    | court day before the expiry                                        |                          |
// | FIREARM_RELINQUISH-| immediately: the respondent's duty runs in hours from service       | advocates, webhooks      |
// | MENT               | (the receipt's 48 hours are in the same message's calendar entry)   | (never the petitioner)   |
// | OPPOSITION_DEADLINE| 7 days and 2 days before (opposing a motion to modify or terminate) | advocates, webhooks      |
// | other kinds        | none: ORDER_EXPIRES and RENEWAL_WINDOW_OPENS are told by the       |                          |
// |                    | renewal schedule; TRO_EXPIRES by the hearing's; the hearing limits  |                          |
// |                    | are the clerk's to meet when setting the hearing; FIREARM_RECEIPT  |                          |
// |                    | by the relinquishment's message                                    |                          |
//
// Petitioners get the dates they act on themselves — renewing and going to a hearing (a
// motion's hearing too). The respondent's firearm duties are not the petitioner's acts, and
// a reminder about them could tell someone nearby that a case exists: advocates only.
// Service is arranged through the clinic, and an EPO lasts days and is handled at intake, so
// those go to advocates (and the clinic's systems) only: fewer messages to a petitioner's
// inbox is also less to be seen by someone else.
import {
  addCalendarDays,
  addMonthsClamped,
  calendarDaysBetween,
  courtTimeOf,
  instantAt,
  lastCourtDayOnOrBefore,
  type CalendarDate,
  type DeadlineKind,
} from '../engine/index.js';
import type { ScheduleName } from '../db/reminders.js';
import { expandRecurrences, type Recurrence } from './rrule.js';

/** The local hour scheduled reminders go out, in the court's time zone. */
export const SEND_LOCAL_TIME = '09:00';

export type Audience = 'PETITIONER' | 'ADVOCATE' | 'WEBHOOK';

export interface Schedule {
  name: ScheduleName;
  audiences: readonly Audience[];
  /** Also sent once at once when the deadline first appears (or moves). */
  immediately: boolean;
  recurrences: Recurrence[];
}

export interface ScheduleInput {
  kind: DeadlineKind;
  date: CalendarDate;
  court: string;
  /** The case's renewal window opening (RENEWAL_WINDOW_OPENS), for the renewal schedule. */
  renewalWindowOpens?: CalendarDate | undefined;
}

const EVERYONE: readonly Audience[] = ['PETITIONER', 'ADVOCATE', 'WEBHOOK'];
const CLINIC: readonly Audience[] = ['ADVOCATE', 'WEBHOOK'];

/**
 * Renewal: the window opens 3 months before the order ends; remind then and every two weeks,
 * then weekly through the last month, on the deadline's own weekday so each says "N weeks
 * left", and on the last day to file itself.
 */
function renewalRecurrences(deadline: CalendarDate, windowOpens: CalendarDate): Recurrence[] {
  const lastMonth = addMonthsClamped(deadline, -1).date;
  const firstWeekly = addCalendarDays(
    deadline,
    -7 *
      Math.floor(
        calendarDaysBetween(windowOpens > lastMonth ? windowOpens : lastMonth, deadline) / 7,
      ),
  );
  return [
    // Stops a week before the weekly run, so two reminders are never days apart.
    { rule: 'WEEKLY', interval: 2, start: windowOpens, until: addCalendarDays(firstWeekly, -7) },
    { rule: 'WEEKLY', interval: 1, start: firstWeekly, until: deadline },
  ];
}

function lastCourtDayBefore(date: CalendarDate, court: string): CalendarDate[] {
  try {
    return [lastCourtDayOnOrBefore(addCalendarDays(date, -1), court)];
  } catch {
    // Outside the court calendar's years: no court-day reminder rather than a wrong one.
    return [];
  }
}

/** The schedule for a deadline kind; null when the kind has no reminders of its own. */
export function scheduleFor(input: ScheduleInput): Schedule | null {
  const { date } = input;
  switch (input.kind) {
    case 'RENEWAL_DEADLINE':
      return {
        name: 'RENEWAL',
        audiences: EVERYONE,
        immediately: false,
        recurrences: renewalRecurrences(
          date,
          input.renewalWindowOpens ?? addMonthsClamped(date, -3).date,
        ),
      };
    case 'HEARING':
      return {
        name: 'HEARING',
        audiences: EVERYONE,
        immediately: false,
        recurrences: [{ dates: [addCalendarDays(date, -7), addCalendarDays(date, -1)] }],
      };
    case 'SERVICE_DEADLINE':
      return {
        name: 'SERVICE',
        audiences: CLINIC,
        immediately: false,
        recurrences: [{ dates: [addCalendarDays(date, -3), addCalendarDays(date, -1)] }],
      };
    case 'EPO_EXPIRES':
      return {
        name: 'EPO',
        audiences: CLINIC,
        immediately: true,
        recurrences: [{ dates: lastCourtDayBefore(date, input.court) }],
      };
    case 'FIREARM_RELINQUISHMENT':
      return { name: 'FIREARMS', audiences: CLINIC, immediately: true, recurrences: [] };
    case 'OPPOSITION_DEADLINE':
      return {
        name: 'OPPOSITION',
        audiences: CLINIC,
        immediately: false,
        recurrences: [{ dates: [addCalendarDays(date, -7), addCalendarDays(date, -2)] }],
      };
    case 'FIREARM_RECEIPT':
    case 'HEARING_LATEST':
    case 'HEARING_LATEST_GOOD_CAUSE':
    case 'TRO_EXPIRES':
    case 'ORDER_EXPIRES':
    case 'RENEWAL_WINDOW_OPENS':
      return null;
  }
}

export interface Occurrence {
  /** "immediately" or "<n>d-before": unique within a deadline's revision. */
  occurrence: string;
  /** The instant it is due (ISO 8601 with offset); `now` for "immediately". */
  dueAt: Date;
  /** The calendar date it is sent on (court zone); null for "immediately". */
  date: CalendarDate | null;
}

export const occurrenceName = (date: CalendarDate, deadline: CalendarDate): string =>
  `${calendarDaysBetween(date, deadline)}d-before`;

/**
 * The occurrences of a deadline's schedule that are still to be sent: scheduled ones at
 * 09:00 court time from `now` on (a past occurrence is not sent late), "immediately" at
 * `now`, and none at or after `expiresAt` (the deadline itself).
 */
export function upcomingOccurrences(
  schedule: Schedule,
  deadline: CalendarDate,
  expiresAt: Date,
  now: Date,
): Occurrence[] {
  const all = allOccurrences(schedule, deadline, now);
  return all.filter(
    (o) => (o.date === null || o.dueAt.getTime() >= now.getTime()) && o.dueAt < expiresAt,
  );
}

/** Every occurrence of the schedule, past ones included ("immediately" at `now`). */
export function allOccurrences(
  schedule: Schedule,
  deadline: CalendarDate,
  now: Date,
): Occurrence[] {
  const dated = expandRecurrences(schedule.recurrences)
    .filter((date) => date <= deadline)
    .map((date) => ({
      occurrence: occurrenceName(date, deadline),
      dueAt: new Date(instantAt(date, SEND_LOCAL_TIME)),
      date,
    }));
  return schedule.immediately
    ? [{ occurrence: 'immediately', dueAt: now, date: null }, ...dated]
    : dated;
}

/** The occurrence name of a catch-up reminder (one per deadline revision and recipient). */
export const CATCH_UP = 'catch-up';

/**
 * The acts' schedules, which a case recorded late catches up on (an opposition too: a motion
 * recorded late). Not the EPO's nor the firearms': their reminders go "immediately" anyway.
 */
const CATCHES_UP: ReadonlySet<ScheduleName> = new Set([
  'RENEWAL',
  'HEARING',
  'SERVICE',
  'OPPOSITION',
]);

/**
 * One reminder at `sendAt` (the next time outside the quiet hours) for an act whose schedule
 * already had occurrences before `now` — the case or event was recorded late — unless the act
 * is past by then, or a regular occurrence goes out on the same court day anyway. Null when
 * there is nothing to catch up on.
 */
export function catchUpOccurrence(
  schedule: Schedule,
  deadline: CalendarDate,
  expiresAt: Date,
  now: Date,
  sendAt: Date,
): Occurrence | null {
  if (!CATCHES_UP.has(schedule.name) || sendAt >= expiresAt) return null;
  const dated = allOccurrences(schedule, deadline, now).filter((o) => o.date !== null);
  if (!dated.some((o) => o.dueAt < now)) return null;
  const day = courtTimeOf(sendAt.getTime()).date;
  if (dated.some((o) => o.dueAt >= now && o.date === day)) return null;
  return { occurrence: CATCH_UP, dueAt: sendAt, date: day };
}

/** After this instant a reminder about the deadline is pointless: its time, or the end of its day. */
export function deadlinePassesAt(deadline: { date: CalendarDate; at: string | null }): Date {
  return new Date(deadline.at ?? instantAt(deadline.date, '23:59:59'));
}

// Turning the engine's codes into words people use: a deadline's status, an event's facts,
// a warning's message. Shared by the case page, the dashboard and the lists.
import type { DeadlineKind, DeadlineStatus, EventType } from '../engine/index.js';
import type { EventRecord } from '../services/cases.js';
import { html, type Html } from './html.js';
import { courtTime, longDate, shortDate, strings, type Locale } from './strings/index.js';

const EXPIRY_KINDS: ReadonlySet<DeadlineKind> = new Set([
  'EPO_EXPIRES',
  'TRO_EXPIRES',
  'ORDER_EXPIRES',
]);
const ACT_KINDS: ReadonlySet<DeadlineKind> = new Set([
  'SERVICE_DEADLINE',
  'HEARING',
  'HEARING_LATEST',
  'HEARING_LATEST_GOOD_CAUSE',
  'RENEWAL_DEADLINE',
]);

export type StatusWord = 'open' | 'overdue' | 'met' | 'superseded' | 'inForce' | 'ended';

/** Only acts can be overdue; an expiry is in force or has ended. */
export function statusWord(
  d: { kind: DeadlineKind; date: string; status: DeadlineStatus },
  today: string,
): StatusWord {
  if (d.status === 'MET') return 'met';
  if (d.status === 'SUPERSEDED') return 'superseded';
  if (EXPIRY_KINDS.has(d.kind)) return d.date < today ? 'ended' : 'inForce';
  if (ACT_KINDS.has(d.kind) && d.date < today) return 'overdue';
  return 'open';
}

const TAG_CLASS: Record<StatusWord, string> = {
  open: 'orderly-tag orderly-tag--open',
  overdue: 'orderly-tag orderly-tag--overdue',
  met: 'orderly-tag orderly-tag--met',
  superseded: 'orderly-tag orderly-tag--superseded',
  inForce: 'orderly-tag orderly-tag--open',
  ended: 'orderly-tag orderly-tag--superseded',
};

export function statusTag(word: StatusWord, locale: Locale = 'en'): Html {
  return html`<span class="${TAG_CLASS[word]}">${strings(locale).status[word]}</span>`;
}

/** "Papers must be served by Friday, March 12, 2027" (with the time where it matters). */
export function deadlineSentence(
  d: { kind: DeadlineKind; date: string; at: string | null },
  locale: Locale = 'en',
): string {
  const t = strings(locale);
  const when = `${longDate(d.date, locale)}${d.at && d.kind !== 'ORDER_EXPIRES' ? ` ${t.at(courtTime(d.at, locale))}` : ''}`;
  return t.deadline[d.kind](when);
}

export function eventLabel(type: EventType, locale: Locale = 'en'): string {
  return strings(locale).events[type];
}

const METHODS: Record<string, string> = {
  PERSONAL: 'in person',
  MAIL: 'by mail',
  ELECTRONIC: 'electronically',
};

/** An event's facts beside its date ("at 8:30 · in person · ends Apr 1, 2026"). */
export function eventDetails(e: EventRecord): string {
  const parts: string[] = [];
  if (e.time) parts.push(`at ${e.time}`);
  if (e.method) parts.push(METHODS[e.method] ?? e.method);
  if (e.days !== undefined) parts.push(`${e.days} days before the hearing`);
  if (e.expires)
    parts.push(
      `ends ${shortDate(e.expires)}${e.expiresTime ? ` at ${e.expiresTime}` : ''} (written on the order)`,
    );
  if (e.permanent) parts.push('permanent');
  return parts.join(' · ');
}

const WARNING_TITLES: Record<string, string> = {
  EVENT_OUT_OF_ORDER: 'Dates out of order',
  EVENT_WITHOUT_PREREQUISITE: 'Something is missing before this event',
  EVENT_NOT_APPLICABLE: 'An event was not used',
  EVENT_AFTER_TERMINATION: 'An event after the order ended',
  HEARING_BEYOND_LIMIT: 'The hearing is later than the law allows',
  HEARING_NEEDS_GOOD_CAUSE: 'The hearing needs good cause',
  HEARING_ON_NON_COURT_DAY: 'The hearing is on a day the court is closed',
  CONTINUANCE_NOT_LATER: 'The continuance does not move the hearing later',
  SERVED_LATE: 'Served too late',
  SERVED_AFTER_HEARING: 'Served after the hearing',
  SERVICE_NOT_PERSONAL: 'Papers must be served in person',
  SERVICE_DAYS_NOT_SHORTENED: 'The time for service was not shortened',
  TRO_EXPIRES_BEFORE_HEARING: 'Gap in protection: the temporary order ends before the hearing',
  GV_EMERGENCY_EXPIRES_BEFORE_HEARING_DEADLINE: 'Set the hearing before the emergency order ends',
  EPO_EXPIRED_BEFORE_TRO: 'Gap in protection: the emergency order ended before the temporary order',
  EXPIRY_BEYOND_STATUTORY_MAX: 'The end date is later than the law allows',
  EXPIRY_BELOW_STATUTORY_MIN: 'The end date is earlier than the law allows',
  EXPIRY_NOT_AFTER_ISSUANCE: 'The end date is not after the order was made',
  EXPIRY_NOT_WRITTEN: 'No end date was entered',
  DV_RENEWAL_UNDER_FIVE_YEARS: 'A renewal shorter than the law allows',
  PERMANENT_NOT_AVAILABLE: 'A permanent order is not available here',
  PERMANENT_WITH_EXPIRY: 'Marked permanent but with an end date',
  RENEWAL_FILED_BEFORE_WINDOW: 'Renewal filed before the window opened',
  RENEWAL_FILED_AFTER_EXPIRY: 'Renewal filed after the order ended',
  OUTSIDE_CALENDAR_RANGE: 'A date is outside the court calendar',
};

export function warningTitle(code: string): string {
  return WARNING_TITLES[code] ?? 'Check this case';
}

/**
 * The engine's message with its references to events ("events[4] (ORDER_RENEWED, Sat
 * 2029-02-10)") said as a person would ("the order renewed on Feb 10, 2029").
 */
export function plainWarning(message: string): string {
  return message
    .replace(
      /events\[\d+\] \(([A-Z_]+), (?:[A-Z][a-z]{2} )?(\d{4}-\d{2}-\d{2})\)/g,
      (_m, type: string, date: string) => {
        const label = strings('en').events[type as EventType];
        return label ? `“${label}” of ${shortDate(date)}` : `the event of ${shortDate(date)}`;
      },
    )
    .replace(/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4}-\d{2}-\d{2})\b/g, (_m, date: string) =>
      shortDate(date),
    )
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (_m, date: string) => shortDate(date));
}

// The reminder vocabulary shared by the schedule, the outbox (src/db/reminders.ts), the
// messages and the worker. Plain types only.
import type { CalendarDate, DeadlineKind, Family } from '../engine/index.js';
import type { ScheduleName } from './schedule.js';

export const REMINDER_STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'CANCELLED'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];
export const RECIPIENT_TYPES = ['CONTACT', 'ADVOCATE', 'WEBHOOK'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];
export type ReminderChannel = 'EMAIL' | 'WEBHOOK';
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** Why a reminder will not be sent (Reminder.cancelReason). */
export type CancelReason =
  | 'DEADLINE_MOVED'
  | 'DEADLINE_MET'
  | 'DEADLINE_SUPERSEDED'
  | 'DEADLINE_PASSED'
  | 'CASE_CLOSED'
  | 'OPTED_OUT'
  | 'RECIPIENT_REMOVED';

/**
 * What a reminder says, fixed when it is enqueued: the deadline's facts and the clinic's
 * reference — never a party's name, address or the court's case number.
 */
export interface ReminderPayload {
  schedule: ScheduleName;
  deadline: {
    id: string;
    key: string;
    kind: DeadlineKind;
    date: CalendarDate;
    /** ISO 8601 with the court-zone offset, where a time of day applies (a hearing's time). */
    at: string | null;
  };
  case: { id: string; reference: string; family: Family; court: string };
  /** RENEWAL: when the order ends and when the renewal window opened. */
  orderExpires: CalendarDate | null;
  windowOpens: CalendarDate | null;
  /** The calendar day this occurrence is scheduled for; null for "immediately". */
  sendDate: CalendarDate | null;
}

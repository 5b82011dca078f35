// The engine's vocabulary. Plain values only: calendar dates travel as 'YYYY-MM-DD'
// strings (America/Los_Angeles calendar dates), never as JS Date objects, so nothing
// here can slide a day when the machine's time zone changes.

/** 'YYYY-MM-DD': a calendar date in America/Los_Angeles. */
export type CalendarDate = string;
/** 'HH:MM' (24-hour) in the court's local time. */
export type LocalTime = string;

export const FAMILIES = ['DV', 'CH', 'WV', 'SV', 'EA', 'GV'] as const;
/**
 * DV domestic violence (Fam. Code 6200 ff.), CH civil harassment (CCP 527.6),
 * WV workplace violence (CCP 527.8), SV postsecondary school violence (CCP 527.85),
 * EA elder or dependent adult abuse (Welf. & Inst. Code 15657.03), GV gun violence
 * (Pen. Code 18100 ff.).
 */
export type Family = (typeof FAMILIES)[number];

export const EVENT_TYPES = [
  'EPO_ISSUED',
  'PETITION_FILED',
  'TRO_GRANTED',
  'TRO_DENIED',
  'HEARING_SET',
  'HEARING_CONTINUED',
  'SERVICE_TIME_SHORTENED',
  'SERVED',
  'ORDER_AFTER_HEARING',
  'RENEWAL_FILED',
  'ORDER_RENEWED',
  'ORDER_TERMINATED',
  'FIREARMS_RELINQUISHED',
  'FIREARMS_RECEIPT_FILED',
  'MOTION_FILED',
  'MOTION_DECIDED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * PERSONAL: handed to the person. MAIL, ELECTRONIC: by mail or electronically. ALTERNATIVE: by
 * another method the court ordered after personal service failed (CH-117, DV-205-INFO); the
 * event's date is the day the order deems service complete.
 */
export const SERVICE_METHODS = ['PERSONAL', 'MAIL', 'ELECTRONIC', 'ALTERNATIVE'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

/** MOTION_FILED: what the motion asks for an order after hearing. */
export const MOTIONS = ['MODIFY', 'TERMINATE'] as const;
export type Motion = (typeof MOTIONS)[number];

export const PARTIES = ['PETITIONER', 'RESPONDENT'] as const;
/** A party to the case: who moved, whose act a deadline is. */
export type Party = (typeof PARTIES)[number];

/** Exactly the Postgres enum `DeadlineKind` (prisma/schema.prisma). */
export const DEADLINE_KINDS = [
  'EPO_EXPIRES',
  'HEARING_LATEST',
  'HEARING_LATEST_GOOD_CAUSE',
  'HEARING',
  'TRO_EXPIRES',
  'SERVICE_DEADLINE',
  'ORDER_EXPIRES',
  'RENEWAL_WINDOW_OPENS',
  'RENEWAL_DEADLINE',
  'FIREARM_RELINQUISHMENT',
  'FIREARM_RECEIPT',
  'OPPOSITION_DEADLINE',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['OPEN', 'MET', 'SUPERSEDED'] as const;
/**
 * OPEN: still ahead, or not done. MET: the act it asks for was done (served in time,
 * hearing held, renewal filed, follow-on order obtained). SUPERSEDED: a later event
 * took it away (an order after hearing ends the TRO; termination ends everything).
 */
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** One fact of a case, as recorded. */
export interface CaseEvent {
  /** The caller's id; echoed in deadlines' `basedOn` and warnings' `eventIds`. */
  id?: string;
  type: EventType;
  /** The day it happened; for HEARING_SET / HEARING_CONTINUED, the hearing's date. */
  date: CalendarDate;
  /** EPO issuance time, hearing time, service time... */
  time?: LocalTime;
  /** SERVICE_TIME_SHORTENED: days before the hearing the court allows for service. */
  days?: number;
  /** SERVED only. */
  method?: ServiceMethod;
  /** A date the court wrote on the order (EPO-001, DV-110, DV-116, DV-130, DV-730...). Overrides the computed one. */
  expires?: CalendarDate;
  expiresTime?: LocalTime;
  /** ORDER_AFTER_HEARING / ORDER_RENEWED: the order has no end date. */
  permanent?: boolean;
  /** MOTION_FILED: what it asks. */
  motion?: Motion;
  /** MOTION_FILED: who filed it. */
  movedBy?: Party;
}

export interface ComputeInput {
  family: Family;
  /** 'CA' (statewide) or 'CA-<county-slug>'. */
  court: string;
  /** In recording order; later events supersede earlier ones. */
  events: CaseEvent[];
}

/** Which limb of Fam. Code 6256 governs an EPO's expiry (same tokens as the golden cases). */
export type EpoGoverning = 'fifth_court_day' | 'seventh_calendar_day' | 'tie_same_date';

/** Side facts a person may need beside the date itself. */
export interface Advisory {
  /** The count's result before any roll or override. */
  rawDate?: CalendarDate;
  /** For acts that need an open clerk's office: the last court day on or before `date`. */
  lastCourtDayOnOrBefore?: CalendarDate;
  firstCourtDayOnOrAfter?: CalendarDate;
  /** RENEWAL_WINDOW_OPENS: the first day a clerk can accept a paper filing. */
  firstCourtDayInWindow?: CalendarDate;
  /** Whether `date` is a court day. */
  courtDay?: boolean;
  /** SERVICE_DEADLINE: the date a forward (CCP 12a) roll would give; rejected because it shortens notice. */
  forwardRollRejected?: CalendarDate;
  /** SERVICE_DEADLINE: the days-before-hearing used. */
  daysBeforeHearing?: number;
  /** EPO_EXPIRES: both limbs of Fam. Code 6256 and which one governs. */
  fifthCourtDay?: CalendarDate;
  seventhCalendarDay?: CalendarDate;
  governing?: EpoGoverning;
  /** ORDER_EXPIRES: the latest expiry the statute allows for this order. */
  statutoryMaximum?: CalendarDate;
  /** ORDER_EXPIRES: the other reading when Feb 29 was clamped (e.g. Mar 1). */
  alternativeDate?: CalendarDate;
  /** The computed date, when a date written on the order was used instead. */
  computedDate?: CalendarDate;
  /** An order that expires before the rolled hearing deadline: set the hearing by this court day so no gap opens. */
  lastCourtDayBeforeExpiry?: CalendarDate;
  /** FIREARM_*: the instant of service the hours run from (the start of the service day when no time was recorded). */
  servedAt?: string;
  /** SERVICE_DEADLINE of a motion: the last day when the notice is mailed (in California) or served electronically. */
  byMail?: CalendarDate;
  electronically?: CalendarDate;
  /**
   * SUPERSEDED: the event that replaced it, where one did — the order after hearing replaces
   * the EPO and the TRO; a renewal without an end date replaces the expiry and its renewal
   * dates; a termination ends everything still pending.
   */
  supersededBy?: 'ORDER_AFTER_HEARING' | 'ORDER_RENEWED' | 'ORDER_TERMINATED';
}

/**
 * How sure a date is. statute: the statute's text says it; form: a Judicial Council form says
 * it; interpretation: the engine chose a reading where the law is open (the deadline's
 * `interpretation` says which and why); unverified: only a secondary source, or the value of
 * the parallel statutes (the `interpretation` says so).
 */
export type DeadlineBasis = 'statute' | 'form' | 'interpretation' | 'unverified';

export interface Deadline {
  /** Stable identity of this slot within the case across recomputations. */
  key: string;
  kind: DeadlineKind;
  date: CalendarDate;
  /** ISO 8601 instant with the America/Los_Angeles offset, where a time of day applies. */
  at?: string;
  status: DeadlineStatus;
  /** Stable rule id from RULES (src/engine/law/). */
  ruleId: string;
  citation: string;
  /** The weakest of the rule version's basis and the readings the date rests on. */
  basis: DeadlineBasis;
  /**
   * Whose act it is, where that is not the petitioner's side or the court: the respondent's
   * firearm deadlines, a motion's service and opposition. Advocates watch them; nobody
   * reminds the respondent.
   */
  dutyOf?: Party;
  /** Steps a person can check. */
  explanation: string[];
  advisory?: Advisory;
  /** Present when the date rests on an interpretation ([I]) or an unverified rule ([U]). */
  interpretation?: string;
  /** Ids of the events it derives from (only events that were given ids). */
  basedOn: string[];
}

export interface Warning {
  /** Stable code from WARNING_CODES (src/engine/warnings.ts). */
  code: string;
  message: string;
  /** Ids of the events involved (only events that were given ids). */
  eventIds: string[];
}

export interface ComputeResult {
  deadlines: Deadline[];
  warnings: Warning[];
}

export interface CourtDayInfo {
  date: CalendarDate;
  courtDay: boolean;
  /** Why the court is closed; null on a court day. */
  reason: string | null;
}

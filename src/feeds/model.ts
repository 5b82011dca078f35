// What a calendar feed is made of, as plain values (src/db turns rows into these).
import type { DeadlineKind, DeadlineStatus } from '../engine/index.js';

export const FEED_SCOPES = ['CASE', 'ADVOCATE', 'ORGANIZATION'] as const;
/** CASE: one case; ADVOCATE: the cases assigned to one advocate; ORGANIZATION: every case. */
export type FeedScope = (typeof FEED_SCOPES)[number];

export const FEED_PRIVACY_LEVELS = ['busy', 'neutral', 'full'] as const;
/**
 * busy: every event reads "Court deadline", nothing else. neutral (the default): the kind of
 * deadline and the clinic's case reference, with the rule, citation and explanation; no names,
 * addresses or court case number. full: adds the court case number, court and party labels
 * (for the clinic's internal calendars).
 */
export type FeedPrivacy = (typeof FEED_PRIVACY_LEVELS)[number];

/** The case fields a feed may show (which ones depends on the privacy level). */
export interface FeedCase {
  reference: string;
  court: string;
  courtCaseNumber: string | null;
  petitionerLabel: string | null;
  respondentLabel: string | null;
}

/** One deadline as a feed lists it: what identifies its version, and what places it in time. */
export interface FeedEntry {
  /** The deadline row's id (a UUID): the event's UID, stable across recomputations. */
  id: string;
  caseId: string;
  kind: DeadlineKind;
  /** 'YYYY-MM-DD' (America/Los_Angeles). */
  date: string;
  /** ISO 8601 with the court-zone offset, '2025-10-17T17:00:00-07:00', where a time applies. */
  at: string | null;
  status: DeadlineStatus;
  /** Advances whenever date, time or status changes: the event's SEQUENCE. */
  revision: number;
  /** ISO 8601 (UTC): the event's LAST-MODIFIED and DTSTAMP. */
  updatedAt: string;
  case: FeedCase;
}

/** The rest of a deadline, read only for events not already rendered. */
export interface FeedEntryDetails {
  ruleId: string;
  citation: string;
  explanation: string[];
  interpretation: string | null;
  /** For acts that need an open court: the last court day on or before the date. */
  lastCourtDayOnOrBefore: string | null;
}

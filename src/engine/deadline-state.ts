// What a deadline is, and where it stands on a given day. Only acts (file, serve, hold a
// hearing) can be overdue; a window is not yet open, open or closed; an expiry is in force
// or has ended. The API's `nature` and `state`, the feeds' and the reminders' wording all
// come from here (README "Deadline statuses").
import { courtTimeOf } from './time-zone.js';
import type { CalendarDate, DeadlineKind, DeadlineStatus } from './types.js';

export const DEADLINE_NATURES = ['act', 'window', 'expiry'] as const;
/**
 * act: something a person must do by the date (serve the papers, hold the hearing, file the
 * renewal request). window: a period that opens on the date (the renewal window). expiry: the
 * moment an order ends; nobody has to do anything for it to happen.
 */
export type DeadlineNature = (typeof DEADLINE_NATURES)[number];

const NATURES: Readonly<Record<DeadlineKind, DeadlineNature>> = {
  EPO_EXPIRES: 'expiry',
  HEARING_LATEST: 'act',
  HEARING_LATEST_GOOD_CAUSE: 'act',
  HEARING: 'act',
  TRO_EXPIRES: 'expiry',
  SERVICE_DEADLINE: 'act',
  ORDER_EXPIRES: 'expiry',
  RENEWAL_WINDOW_OPENS: 'window',
  RENEWAL_DEADLINE: 'act',
  // The respondent's acts: overdue like any other (a missing receipt is raised with the court).
  FIREARM_RELINQUISHMENT: 'act',
  FIREARM_RECEIPT: 'act',
  OPPOSITION_DEADLINE: 'act',
};

export function natureOf(kind: DeadlineKind): DeadlineNature {
  return NATURES[kind];
}

/** The kinds that are acts: the only ones that can be overdue. */
export const ACT_KINDS: readonly DeadlineKind[] = (Object.keys(NATURES) as DeadlineKind[]).filter(
  (kind) => NATURES[kind] === 'act',
);

export const DEADLINE_STATES = [
  'due',
  'overdue',
  'not_yet_open',
  'open',
  'closed',
  'in_force',
  'ended',
  'met',
  'superseded',
] as const;
/**
 * Where a deadline stands. Acts: `due` (today or later), `overdue` (its day has passed and it
 * was not done). Windows: `not_yet_open`, `open`, `closed` (after its last day). Expiries:
 * `in_force`, `ended`. Any nature: `met` (done; for an expiry, the next order came in time),
 * `superseded` (a later event took it away).
 */
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export interface StateInput {
  kind: DeadlineKind;
  date: CalendarDate;
  /** The instant, where a time of day applies: an expiry ends at it. */
  at: string | null;
  status: DeadlineStatus;
}

/**
 * Where `deadline` stands at `nowMs`. Acts are overdue from the day after their date (court
 * time); an expiry with a time ends at that instant, one without at the end of its day. A
 * window needs the last day it is open (`windowCloses`: for the renewal window, the last day to
 * file); without one it is read as open from its first day on.
 */
export function deadlineState(
  deadline: StateInput,
  nowMs: number,
  windowCloses?: CalendarDate | null,
): DeadlineState {
  if (deadline.status === 'MET') return 'met';
  if (deadline.status === 'SUPERSEDED') return 'superseded';
  const today = courtTimeOf(nowMs).date;
  switch (NATURES[deadline.kind]) {
    case 'act':
      return deadline.date < today ? 'overdue' : 'due';
    case 'window':
      if (today < deadline.date) return 'not_yet_open';
      return windowCloses != null && windowCloses < today ? 'closed' : 'open';
    case 'expiry':
      if (deadline.at !== null) return nowMs >= Date.parse(deadline.at) ? 'ended' : 'in_force';
      return deadline.date < today ? 'ended' : 'in_force';
  }
}

/** The slot whose date closes a window of the case (the renewal window closes with the last day to file). */
export const WINDOW_CLOSED_BY: Readonly<Partial<Record<DeadlineKind, string>>> = {
  RENEWAL_WINDOW_OPENS: 'RENEWAL_DEADLINE',
};

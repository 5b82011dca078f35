// What needs doing today, for an advocate's cases (or the whole clinic's): this week's
// deadlines, acts that are overdue, and warnings of a gap in protection. Open cases only.
import { addCalendarDays, courtTimeOf, type DeadlineKind } from '../engine/index.js';
import { casesWithWarnings } from '../db/cases.js';
import { queryDeadlines, type DeadlineListItem } from '../db/deadlines.js';
import type { Tx } from './transaction.js';

/** Kinds that ask someone to do something by a date (only these can be overdue). */
export const ACT_KINDS: DeadlineKind[] = [
  'SERVICE_DEADLINE',
  'HEARING',
  'HEARING_LATEST',
  'HEARING_LATEST_GOOD_CAUSE',
  'RENEWAL_DEADLINE',
];

export type GapKind =
  | 'EPO_ENDING_WITHOUT_TRO'
  | 'TRO_LAPSES_BEFORE_HEARING'
  | 'EPO_EXPIRED_BEFORE_TRO'
  | 'SERVICE_NOT_DONE'
  | 'RENEWAL_WINDOW_OPEN';

export interface GapWarning {
  kind: GapKind;
  caseId: string;
  caseReference: string;
  /** The date the warning is about (the deadline's), when there is one. */
  date: string | null;
  /** The deadline slot to link to on the case page, when there is one. */
  deadlineKey: string | null;
}

export interface TodaysWork {
  today: string;
  thisWeek: DeadlineListItem[];
  overdue: DeadlineListItem[];
  gaps: GapWarning[];
}

const LIMIT = 200;

export async function todaysWork(
  tx: Tx,
  organizationId: string,
  /** The advocate whose cases to show; null for the whole organization. */
  advocateId: string | null,
  now: Date,
): Promise<TodaysWork> {
  const today = courtTimeOf(now.getTime()).date;
  const scope = { openCasesOnly: true, ...(advocateId !== null && { advocateId }) };
  const page = { limit: LIMIT };
  const [thisWeek, overdue, epoEnding, serviceDue, windowsOpen, warned] = await Promise.all([
    queryDeadlines(
      tx,
      organizationId,
      { ...scope, statuses: ['OPEN'], from: today, to: addCalendarDays(today, 7) },
      page,
    ),
    queryDeadlines(
      tx,
      organizationId,
      { ...scope, statuses: ['OPEN'], kinds: ACT_KINDS, to: addCalendarDays(today, -1) },
      page,
    ),
    // An EPO still open has no temporary order after it (the engine marks it met when one is granted).
    queryDeadlines(
      tx,
      organizationId,
      {
        ...scope,
        statuses: ['OPEN'],
        kinds: ['EPO_EXPIRES'],
        from: addCalendarDays(today, -30),
        to: addCalendarDays(today, 7),
      },
      page,
    ),
    queryDeadlines(
      tx,
      organizationId,
      { ...scope, statuses: ['OPEN'], kinds: ['SERVICE_DEADLINE'], to: addCalendarDays(today, 2) },
      page,
    ),
    queryDeadlines(
      tx,
      organizationId,
      { ...scope, statuses: ['OPEN'], kinds: ['RENEWAL_WINDOW_OPENS'], to: today },
      page,
    ),
    casesWithWarnings(
      tx,
      organizationId,
      ['TRO_EXPIRES_BEFORE_HEARING', 'EPO_EXPIRED_BEFORE_TRO'],
      advocateId,
    ),
  ]);
  const gap = (kind: GapKind, d: DeadlineListItem): GapWarning => ({
    kind,
    caseId: d.caseId,
    caseReference: d.caseReference,
    date: d.date,
    deadlineKey: d.key,
  });
  const gaps: GapWarning[] = [
    ...epoEnding.map((d) => gap('EPO_ENDING_WITHOUT_TRO', d)),
    ...serviceDue.map((d) => gap('SERVICE_NOT_DONE', d)),
    ...windowsOpen.map((d) => gap('RENEWAL_WINDOW_OPEN', d)),
    ...warned.map((c) => ({
      kind: c.code as GapKind,
      caseId: c.caseId,
      caseReference: c.reference,
      date: null,
      deadlineKey: null,
    })),
  ];
  return { today, thisWeek, overdue, gaps };
}

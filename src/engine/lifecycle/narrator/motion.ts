// The words of a motion to modify or terminate the order after hearing.

import type { CourtCalendar } from '../../calendar.js';
import type { MotionNoticeResult, MotionOppositionResult } from '../motion.js';
import { NO_NOTES, type Narrated } from '../run.js';
import { atTime, countedList, day, plural, skippedList } from './words.js';

const MOVED_BY = { PETITIONER: 'the petitioner', RESPONDENT: 'the respondent' } as const;
const ASKS = { MODIFY: 'to modify', TERMINATE: 'to terminate' } as const;

function motionStep(r: MotionNoticeResult | MotionOppositionResult): string {
  const f = r.cycle.filed;
  const who = f.movedBy === undefined ? 'A party' : MOVED_BY[f.movedBy].replace(/^t/, 'T');
  const what = f.motion === undefined ? 'to modify or terminate' : ASKS[f.motion];
  return `${who} filed a motion ${what} the order after hearing ${day(f.day)}; the hearing is on ${day(r.hearing.day)}${atTime(r.hearing)}.`;
}

function countStep(
  cal: CourtCalendar,
  n: number,
  r: { count: { counted: number[]; skipped: number[]; date: number } },
): string {
  const c = r.count;
  return (
    `Counting back ${plural(n, 'court day')} from the hearing, which is not counted (CCP § 12c(a)): ` +
    `${c.skipped.length > 0 ? `skipped ${skippedList(cal, c.skipped)}; ` : ''}counted ${countedList(c.counted)} -> ${day(c.date)}.`
  );
}

export function narrateMotionNotice(cal: CourtCalendar, r: MotionNoticeResult): Narrated {
  const steps = [motionStep(r)];
  const n = r.numbers;
  if (r.shortened !== undefined && r.count === undefined) {
    steps.push(
      `The court set the time for notice at ${plural(r.shortened.days ?? 0, 'day')} before the hearing (order of ${day(r.shortened.day)}): ${day(r.deadline.day)}.`,
    );
  } else if (r.count !== undefined) {
    steps.push(
      `The moving party must serve and file the motion at least ${plural(n.courtDaysBeforeHearing, 'court day')} before the hearing${r.personalServiceOnly ? ', by personal service on the protected party' : ''}.`,
      countStep(cal, n.courtDaysBeforeHearing, { count: r.count }),
    );
  }
  if (r.byMail !== undefined && r.electronically !== undefined) {
    steps.push(
      `Served by mail within California: ${plural(n.mailCalendarDays, 'calendar day')} earlier, ${day(r.byMail)}; served electronically: ${plural(n.electronicCourtDays, 'court day')} earlier, ${day(r.electronically.date)} (counted back from that day, CCP § 12c(b)).`,
    );
  }
  if (r.metBy !== undefined) {
    steps.push(
      `Met: served ${day(r.metBy.day)}${atTime(r.metBy)} (${(r.metBy.method ?? '').toLowerCase()}).`,
    );
  } else if (r.deadline.status === 'SUPERSEDED') {
    steps.push('Superseded: the motion was decided.');
  }
  return { explanation: steps, notes: NO_NOTES };
}

export function narrateMotionOpposition(cal: CourtCalendar, r: MotionOppositionResult): Narrated {
  const f = r.cycle.filed;
  const other =
    f.movedBy === 'PETITIONER'
      ? 'The respondent'
      : f.movedBy === 'RESPONDENT'
        ? 'The petitioner'
        : 'The other party';
  const steps = [
    motionStep(r),
    `${other} may oppose it: the opposition is filed and served at least ${plural(r.count.counted.length, 'court day')} before the hearing (optional, but a late one may not be considered).`,
    countStep(cal, r.count.counted.length, r),
  ];
  if (r.deadline.status === 'SUPERSEDED') steps.push('Superseded: the motion was decided.');
  return { explanation: steps, notes: NO_NOTES };
}

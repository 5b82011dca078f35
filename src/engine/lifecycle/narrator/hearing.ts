// The words of the hearing stages: the hearing limits, the hearing, and the service
// counted back from it.

import type { CourtCalendar } from '../../calendar.js';
import type { ForwardRoll } from '../../counting.js';
import { noteOf } from '../../law/interpretations.js';
import type { FamilyLaw, ResponseLaw } from '../../law/model.js';
import type { HearingResult, ServiceResult } from '../hearing-and-service.js';
import type { HearingLimitResult, Trigger } from '../hearing-limits.js';
import { NO_NOTES, type Narrated } from '../run.js';
import {
  atTime,
  courtDayNote,
  day,
  plural,
  skippedList,
  upperFirst,
  withArticle,
} from './words.js';

function triggerText(law: FamilyLaw, t: Trigger): string {
  const on = day(t.ev.day);
  const order = law.temporaryOrder;
  switch (t.by) {
    case 'emergencyOrder':
      return `${upperFirst(law.emergencyOrder?.name ?? '')} issued ${on}`;
    case 'orderIssued':
      return `${upperFirst(order)} issued ${on}`;
    case 'granted':
      return `${upperFirst(order)} granted ${on}`;
    case 'denied':
      return `${upperFirst(order)} denied ${on} (the petitioner keeps the right to a hearing)`;
    case 'filed':
      return `Petition filed ${on}; no ${order} decision recorded, so the limit runs from filing (if ${withArticle(order)} is granted or denied later, it runs from that decision)`;
    default: {
      const unhandled: never = t.by;
      throw new Error(`unhandled trigger ${String(unhandled)}`);
    }
  }
}

/** n calendar days from the trigger, and the roll past non-court days if any. */
function rollStep(cal: CourtCalendar, roll: ForwardRoll, n: number, what: string): string {
  if (roll.skipped.length === 0) {
    return `${n} calendar days later is ${day(roll.raw)}, a court day: the ${what}.`;
  }
  return (
    `${n} calendar days later is ${day(roll.raw)}, not a court day; extended past ` +
    `${skippedList(cal, roll.skipped)} to the next court day, ${day(roll.date)} (CCP §§ 12a, 136): the ${what}. ` +
    'Weekends and holidays inside the period still count (calendar days).'
  );
}

export function narrateHearingLimit(
  cal: CourtCalendar,
  law: FamilyLaw,
  r: HearingLimitResult,
): Narrated {
  const steps = [
    `${triggerText(law, r.limits.trigger)}; that day is not counted (CCP § 12).`,
    rollStep(
      cal,
      r.roll,
      r.days,
      r.limit === 'latest'
        ? 'latest day for the hearing'
        : 'latest day for the hearing if the court finds good cause',
    ),
  ];
  const held = r.held;
  if (held !== undefined) {
    if (r.deadline.status === 'MET') {
      steps.push(
        `Met: hearing ${r.heldIsSet ? 'set for' : 'held'} ${day(held.day)}, within the limit.`,
      );
    } else if (r.deadline.status === 'SUPERSEDED') {
      steps.push(
        `Superseded: hearing set for ${day(held.day)} under the ${r.limits.goodCause?.days ?? ''}-day good-cause limit.`,
      );
    } else {
      steps.push(
        `Not met: the hearing is ${r.heldIsSet ? 'set for' : 'held on'} ${day(held.day)}.`,
      );
    }
  }
  return { explanation: steps, notes: NO_NOTES };
}

function responseText(r: ResponseLaw): string {
  return r.noDeadline === 'statute'
    ? `A written response (${r.form}) is optional and has no statutory deadline (${r.citation ?? ''}).`
    : `A written response (${r.form}) is optional; no statutory deadline was found${r.citation === null ? '' : ` (${r.citation})`}.`;
}

/** What each track's hearing is called, and what its decision is. */
const HEARING_NAME = {
  petition: { hearing: 'Hearing', held: 'the order after hearing' },
  renewal: { hearing: 'Renewal hearing', held: 'the renewal order' },
  motion: { hearing: 'Hearing on the motion to modify or terminate the order', held: 'the motion' },
} as const;

export function narrateHearing(r: HearingResult): Narrated {
  const steps: string[] = [];
  const first = r.track.set;
  const name = HEARING_NAME[r.kind];
  if (first !== undefined) {
    steps.push(
      `${name.hearing} set for ${day(first.day)}${atTime(first)}${r.notice === undefined ? '' : ` (${r.notice})`}.`,
    );
  }
  let from = first;
  const cited = r.continuanceCitation === null ? '' : ` (${r.continuanceCitation})`;
  for (const c of r.track.continuances) {
    steps.push(
      from === undefined
        ? `Hearing continued to ${day(c.day)}${atTime(c)}.`
        : `Continued from ${day(from.day)} to ${day(c.day)}${atTime(c)}${cited}.`,
    );
    from = c;
  }
  if (r.closedReason !== null) {
    steps.push(
      `${day(r.hearing.day)} is not a court day (${r.closedReason}); a hearing on a judicial holiday is adjourned to the next day (CCP § 136).`,
    );
  }
  if (r.response !== null) steps.push(responseText(r.response));
  if (r.held !== undefined) {
    steps.push(
      r.kind === 'motion'
        ? `Met: the motion was decided ${day(r.held.day)}.`
        : `Met: ${name.held} was issued ${day(r.held.day)}.`,
    );
  }
  return { explanation: steps, notes: NO_NOTES };
}

export function narrateService(cal: CourtCalendar, r: ServiceResult): Narrated {
  const { back, days, hearing, shortened } = r;
  const steps = [
    `${r.renewal ? 'Renewal hearing' : 'Hearing'} on ${day(hearing.day)}.`,
    shortened !== undefined
      ? `The court set the time for service at ${plural(days, 'day')} before the hearing (order of ${day(shortened.day)}).`
      : `The respondent must be personally served at least ${plural(days, 'calendar day')} before the hearing.`,
    `Counting back ${plural(days, 'day')} from the hearing, which is not counted (CCP § 12c(a)): ${day(back.date)}, ${courtDayNote(cal, back.date)}.`,
  ];
  const notes: string[] = [];
  if (r.forwardRollRejected !== undefined) {
    steps.push(
      `Personal service is not a court act and may still be made that day (CCP § 134(b)); for any step that needs an open court or sheriff's office, the last court day on or before it is ${day(back.lastCourtDayOnOrBefore)} (skipping ${skippedList(cal, back.skipped)}). ` +
        `Moving the deadline forward to ${day(r.forwardRollRejected)} would give less notice than required, so it is not done.`,
    );
    notes.push(noteOf('SERVICE.NOT_MOVED_LATER'));
  }
  if (r.deadline.status === 'MET' && r.metBy !== undefined) {
    steps.push(
      r.alternative === undefined
        ? `Met: personally served ${day(r.metBy.day)}${atTime(r.metBy)}.`
        : `Met: served by the method the court ordered when personal service failed (${r.alternative.citation}), complete ${day(r.metBy.day)}.`,
    );
  } else if (r.deadline.status === 'SUPERSEDED' && r.held !== undefined) {
    steps.push(
      `Superseded: the hearing was held (${r.renewal ? 'renewal order' : 'order after hearing'} issued ${day(r.held.day)}).`,
    );
  }
  return { explanation: steps, notes };
}

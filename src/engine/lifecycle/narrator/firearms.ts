// The words of the firearm duties.

import type { CourtCalendar } from '../../calendar.js';
import { formatDay } from '../../days.js';
import { noteOf } from '../../law/interpretations.js';
import type { FirearmResult } from '../firearms.js';
import type { Narrated } from '../run.js';
import { atTime, closedReason, day } from './words.js';

const SERVED_WITH: Readonly<Record<FirearmResult['servedWith'], string>> = {
  temporaryOrder: 'the temporary order',
  emergencyOrder: 'the emergency order',
  order: 'the order after hearing',
};

function clock(second: number): string {
  const h = Math.floor(second / 3600);
  const m = Math.floor((second % 3600) / 60);
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

export function narrateFirearms(cal: CourtCalendar, r: FirearmResult): Narrated {
  const served = r.served;
  const due = r.due;
  const when = due.endOfDay
    ? `by the end of ${day(due.day)}`
    : `by ${day(due.day)} at ${clock(due.second)}`;
  const steps = [
    `The respondent was served with ${SERVED_WITH[r.servedWith]} ${day(served.day)}${atTime(served)}${r.from.timeKnown ? '' : ' (no time recorded: counted from the start of that day)'}.`,
    r.duty === 'relinquishment'
      ? `Within ${r.hours} hours of being served the respondent must surrender any firearms and ammunition to law enforcement, or sell or store them with a licensed gun dealer (at once if an officer asks): ${when}.`
      : `Within ${r.hours} hours of being served the respondent must file with the court the receipt for them (or say they have none): ${when}.`,
    "This is the respondent's duty, not the protected person's: advocates watch it, and the court reviews compliance. The hours are elapsed time from service and are not extended to a court day.",
  ];
  const paper = r.paperFiling;
  if (paper !== undefined) {
    steps.push(
      paper.by === 'lastCourtDayBefore'
        ? `${day(due.day)} is not a court day (${closedReason(cal, due.day)}): filed on paper, the receipt is due by ${day(paper.day)}, the last court day before it, unless the court accepts it electronically.`
        : `${day(due.day)} is not a court day (${closedReason(cal, due.day)}) and the clerk's office does not open again within the ${r.hours} hours: unless the court accepts the receipt electronically, the first day it can be filed on paper is ${day(paper.day)}.`,
    );
  }
  const met = r.metBy;
  if (met !== undefined) {
    steps.push(
      met.type === 'FIREARMS_RECEIPT_FILED'
        ? `Met: the receipt was filed ${day(met.day)}${atTime(met)}.`
        : `Met: firearms relinquished ${day(met.day)}${atTime(met)}.`,
    );
  }
  const notes: string[] = [];
  for (const id of r.readings) {
    notes.push(
      id === 'FIREARMS.SERVICE_TIME_UNKNOWN'
        ? noteOf(id, { hours: String(r.hours), served: `${formatDay(served.day)} 00:00` })
        : noteOf(id),
    );
  }
  return { explanation: steps, notes };
}

// The words of the emergency order stage.

import type { CourtCalendar } from '../../calendar.js';
import { noteOf } from '../../law/interpretations.js';
import type { EmergencyOrderResult } from '../emergency-order.js';
import type { Narrated } from '../run.js';
import {
  atTime,
  countedList,
  day,
  ordinal,
  skippedList,
  upperFirst,
  withArticle,
} from './words.js';

const NOT_EXTENDED = 'Expirations are not extended to a court day.';

export function narrateEmergencyOrder(
  cal: CourtCalendar,
  temporaryOrder: string,
  r: EmergencyOrderResult,
): Narrated {
  const steps: string[] = [];
  const cob = r.closeOfBusiness;
  const limb = r.limb;
  const issued = r.issued;
  if (limb.expires === 'earlierOf') {
    const { courtDayLimb, calendarDayLimb } = limb;
    steps.push(
      `${r.law.name} issued ${day(issued.day)}${atTime(issued)}; the day of issuance is not counted (Fam. Code § 6256; CCP § 12).`,
    );
    steps.push(
      `(a) ${ordinal(limb.courtDays)} court day after issuance: ${courtDayLimb.skipped.length > 0 ? `skipped ${skippedList(cal, courtDayLimb.skipped)}; ` : ''}` +
        `counted ${countedList(courtDayLimb.counted)} -> ${day(courtDayLimb.date)}, at close of judicial business (${cob}).`,
    );
    steps.push(
      `(b) ${ordinal(limb.calendarDays)} calendar day after issuance: ${day(calendarDayLimb)}, read as ending at the same hour (${cob}), not at midnight.`,
    );
    const on = day(r.computed);
    if (limb.governing === 'fifth_court_day') {
      steps.push(`(a) is earlier: the ${r.law.name} expires ${on} at ${cob}. ${NOT_EXTENDED}`);
    } else if (limb.governing === 'seventh_calendar_day') {
      steps.push(`(b) is earlier: the ${r.law.name} expires ${on} at ${cob}. ${NOT_EXTENDED}`);
    } else {
      steps.push(
        `(a) and (b) fall on the same day: the ${r.law.name} expires ${on} at ${cob}. ${NOT_EXTENDED}`,
      );
    }
  } else {
    steps.push(
      `${upperFirst(r.law.name)} issued ${day(issued.day)}${atTime(issued)}; it expires ${limb.calendarDays} days from the date of issuance (Pen. Code § 18125(b)): ${day(r.computed)}. ${NOT_EXTENDED}`,
    );
  }
  const written = r.written;
  if (written !== undefined) {
    steps.push(
      `The order states its expiration: ${day(written.day)} at ${written.time ?? cob}; the written date controls.`,
    );
  }
  if (r.gap !== undefined) {
    steps.push(
      `The hearing deadline rolls to ${day(r.gap.hearingDeadline)}, after this order expires: set the hearing by ${day(r.gap.lastCourtDay)}, the last court day on or before expiry.`,
    );
  }
  if (r.by !== undefined && r.deadline.status === 'SUPERSEDED') {
    steps.push(`Superseded: the order after hearing issued ${day(r.by.day)} replaced it.`);
  } else if (r.by !== undefined && r.deadline.status === 'MET') {
    steps.push(
      `Met: ${withArticle(temporaryOrder)} was granted ${day(r.by.day)}, before this order expired.`,
    );
  }

  const notes: string[] = [];
  for (const id of r.readings) {
    switch (id) {
      case 'EPO.END_TIME':
        notes.push(
          noteOf(id, {
            closeOfBusiness: cob,
            nth: limb.expires === 'earlierOf' ? ordinal(limb.calendarDays) : '',
          }),
        );
        break;
      case 'GV.EMERGENCY.END_OF_DAY':
        notes.push(
          noteOf(id, { days: String(limb.calendarDays), nth: ordinal(limb.calendarDays) }),
        );
        break;
      case 'EXPIRY.WRITTEN_WITHOUT_TIME':
        notes.push(noteOf(id, { closeOfBusiness: cob }));
        break;
    }
  }
  return { explanation: steps, notes };
}

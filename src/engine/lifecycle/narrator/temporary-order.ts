// The words of the temporary order stage.

import { noteOf } from '../../law/interpretations.js';
import type { FamilyLaw } from '../../law/model.js';
import type { Narrated } from '../run.js';
import type { TemporaryOrderResult } from '../temporary-order.js';
import { day, evLabel, upperFirst } from './words.js';

const NOT_EXTENDED = 'Expirations are not extended to a court day.';

export function narrateTemporaryOrder(law: FamilyLaw, r: TemporaryOrderResult): Narrated {
  const rule = law.rules.temporaryOrderExpiry;
  const order = law.temporaryOrder;
  const form = rule.forms.order ?? '';
  const lastsCitation = rule.lastsUntilHearingCitation ?? '';
  const continuance = rule.continuance;
  const n = r.numbers;
  const maxDays = n.lasts === 'untilHearing' ? 0 : n.maxDays;
  const goodCauseCapDays = n.lasts === 'capped' ? n.maxDaysGoodCause : 0;
  const steps = [`${upperFirst(order)} granted ${day(r.granted.day)} (${form}).`];
  const limb = r.limb;
  switch (limb.by) {
    case 'continuedHearing':
      steps.push(
        n.lasts === 'untilHearing'
          ? `The hearing was continued to ${day(limb.hearing.day)}: the ${order} stays in effect until the end of the continued hearing unless the court orders otherwise (${continuance?.citation ?? ''}); the order on the continuance${continuance?.form == null ? '' : ` (${continuance.form})`} must state the new expiration date${continuance?.newDateRequiredBy == null ? '' : ` (${continuance.newDateRequiredBy})`}.`
          : `The hearing was continued to ${day(limb.hearing.day)}: the ${order} remains in effect until the end of the continued hearing.`,
      );
      break;
    case 'hearing':
      steps.push(
        limb.cap === undefined
          ? `It lasts until the end of the hearing on ${day(limb.hearing.day)} (${form}; ${lastsCitation}).`
          : `It lasts until the end of the hearing on ${day(limb.hearing.day)}, within its ${maxDays}-day maximum (${day(limb.cap)}).`,
      );
      break;
    case 'hearingWithinGoodCauseCap':
      steps.push(
        `The hearing on ${day(limb.hearing.day)} is after day ${maxDays}; with the hearing extended for good cause the ${order} may last up to ${goodCauseCapDays} days (${day(limb.cap)}), so it lasts until the end of the hearing.`,
      );
      break;
    case 'goodCauseLimit':
      steps.push(
        `The hearing is set for ${day(limb.hearing.day)}, beyond the ${r.goodCauseDays ?? ''}-day limit: without an extension the ${order} is no longer enforceable after ${day(limb.limit)} (${lastsCitation}).`,
      );
      break;
    case 'hearingLimit':
      steps.push(
        `No hearing is set yet. The ${order} lasts until the end of the hearing, which must be held by ${day(limb.limit)}` +
          (limb.goodCauseLimit === undefined
            ? ''
            : ` (by ${day(limb.goodCauseLimit)} if the court finds good cause for ${r.goodCauseDays ?? ''} days)`) +
          `; without a timely hearing it stops being enforceable (${lastsCitation}).`,
      );
      break;
    case 'goodCauseCap':
      steps.push(
        `It may last no more than ${goodCauseCapDays} days, to the end of ${day(limb.cap)}; the hearing on ${day(limb.hearing.day)} is later. ${NOT_EXTENDED}`,
      );
      break;
    case 'capBeforeRolledHearing':
      steps.push(
        `It may last no more than ${maxDays} days, to the end of ${day(limb.cap)}. The hearing is on ${day(limb.hearing.day)}: day ${maxDays} is not a court day, so the time to hold the hearing runs to the next court day (CCP §§ 12a, 136), but the ${order} is not extended with it; the longer ${goodCauseCapDays}-day maximum applies only if the court extended the time for hearing for good cause. ${NOT_EXTENDED}`,
      );
      break;
    case 'cap':
      steps.push(
        `No hearing is set yet. It may last no more than ${maxDays} days: to the end of ${day(limb.cap)} (${goodCauseCapDays} days, ${day(limb.goodCauseCap)}, if the court extends the hearing time for good cause).`,
      );
      break;
    case 'fixedDays':
      steps.push(
        `It expires no later than ${maxDays} days after the date on the order: the end of ${day(limb.end)}. ${NOT_EXTENDED}`,
      );
      break;
    default: {
      const unhandled: never = limb;
      throw new Error(`unhandled limb ${JSON.stringify(unhandled)}`);
    }
  }
  const overridden = r.overridden;
  if (overridden !== undefined) {
    steps.push(
      `The expiration written earlier (${day(overridden.day)}, ${evLabel(overridden.earlier)}) no longer controls: the hearing was continued afterwards (${evLabel(overridden.continuance)}) without a new date, and the ${order} remains in effect until the end of the continued hearing unless the court orders otherwise (${continuance?.citation ?? ''}).`,
    );
  }
  const written = r.written;
  if (written !== undefined) {
    steps.push(
      `The court wrote the expiration on the order (${evLabel(written.by)}): ${day(written.day)}${written.time === undefined ? '' : ` at ${written.time}`}; the written date controls.`,
    );
  }
  if (r.gap !== undefined) {
    steps.push(
      `The hearing deadline rolls to ${day(r.gap.hearingDeadline)}, after this order ends: set the hearing by ${day(r.gap.lastCourtDay)}, the last court day on or before it ends.`,
    );
  }
  if (r.supersededBy !== undefined) {
    steps.push(
      `Superseded: the order after hearing issued ${day(r.supersededBy.day)} replaced the ${order}.`,
    );
  }
  const notes: string[] = [];
  for (const id of r.readings) {
    switch (id) {
      case 'TRO.UNTIL_HEARING.NO_HEARING_SET':
        notes.push(noteOf(id, { days: String(r.hearingDays ?? ''), order }));
        break;
      case 'TRO.CAPPED.NO_HEARING_SET':
        notes.push(noteOf(id, { days: String(maxDays) }));
        break;
      case 'TRO.CAP_NOT_EXTENDED': {
        const cap = r.capOnNonCourtDay;
        notes.push(
          noteOf(id, { cap: String(cap?.days ?? ''), date: cap === undefined ? '' : day(cap.day) }),
        );
        break;
      }
    }
  }
  return { explanation: steps, notes };
}

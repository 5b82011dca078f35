// The words of the order stages: the order after hearing's term, each renewal's, and
// the renewal window and deadline.

import type { CourtCalendar } from '../../calendar.js';
import { formatDay, ymdFromDay } from '../../days.js';
import { noteOf } from '../../law/interpretations.js';
import type { FamilyLaw } from '../../law/model.js';
import type { OrderTerm } from '../order-term.js';
import type { OrderExpiryResult, RenewalDeadlineResult, RenewalWindowResult } from '../renewal.js';
import { NO_NOTES, type Narrated } from '../run.js';
import {
  closedReason,
  day,
  monthYear,
  numberWord,
  plural,
  skippedList,
  withArticle,
} from './words.js';

const NOT_EXTENDED = 'Expirations are not extended to a court day.';

/** The steps that state a term, and the notes of the readings it rests on. */
function narrateTerm(law: FamilyLaw, t: OrderTerm): Narrated {
  const steps: string[] = [];
  const issued = t.ev.day;
  const expires = t.expires;
  steps.push(
    t.renewal
      ? `Order renewed ${day(issued)} (${t.form}); it replaced the expiration of ${day(t.replaced ?? issued)}.`
      : `Order after hearing issued ${day(issued)} (${t.form}).`,
  );
  if (expires === null) {
    steps.push(
      `Renewed permanently (${law.rules.renewalTerm.permanentCitation ?? ''}): the order has no expiration date.`,
    );
    return { explanation: steps, notes: NO_NOTES };
  }
  const written = t.written;
  const assumed = t.assumed;
  if (written !== undefined) {
    steps.push(
      `The ${t.renewal ? 'renewal order' : 'order'} states its expiration: ${day(expires)}${written.time === undefined ? '' : ` at ${written.time}`}.`,
    );
    if (t.permanentWithExpiry)
      steps.push('Marked permanent but with an expiration date: the expiration date is used.');
  } else if (assumed !== undefined) {
    const years = plural(assumed.years, 'year');
    const n = assumed.numbers;
    if (t.renewal) {
      steps.push(
        `No expiration date was entered for the renewal: ${years} from the renewal order is assumed, ${day(expires)}.`,
      );
    } else if (n?.defaultYearsFrom === 'shortestTerm') {
      steps.push(
        `No expiration date is written and the statute sets no default (the court sets ${n.minYears ?? ''} to ${n.maxYears} years): the shortest term, ${years}, is assumed: ${day(expires)}.`,
      );
    } else {
      steps.push(`No expiration date is written: ${years} from issuance, ${day(expires)}.`);
    }
    if (assumed.clamped) {
      steps.push(
        `${day(issued)} has no anniversary ${years} later (no Feb 29); the earlier date, Feb 28, is used.`,
      );
    }
  }
  if (t.endOfDay) {
    const quote = t.renewal ? null : law.rules.orderExpiry.noTimeWritten;
    steps.push(
      `It ends at the end of ${day(expires)}${quote === null ? '' : ` (${quote.form}: "${quote.text}")`}. ${NOT_EXTENDED}`,
    );
  }
  const notes: string[] = [];
  for (const id of t.readings) {
    switch (id) {
      case 'ORDER.SHORTEST_TERM':
        notes.push(noteOf(id, { name: law.name }));
        break;
      case 'ANNIVERSARY.FEB_29':
        notes.push(
          noteOf(id, {
            years: plural(assumed?.years ?? 0, 'year'),
            date: formatDay(expires),
            alternative: formatDay(expires + 1),
          }),
        );
        break;
      case 'RENEWAL.NO_DATE':
        notes.push(noteOf(id, { years: plural(assumed?.years ?? 0, 'year') }));
        break;
      case 'DV.RENEWAL.NO_DATE':
      case 'EXPIRY.MIDNIGHT':
        notes.push(noteOf(id));
        break;
    }
  }
  return { explanation: steps, notes };
}

function permanentStep(permanent: OrderTerm): string {
  return `Superseded: the order was renewed permanently on ${day(permanent.ev.day)}; it has no expiration date.`;
}

export function narrateOrderExpiry(law: FamilyLaw, r: OrderExpiryResult): Narrated {
  const term = narrateTerm(law, r.term);
  const steps = term.explanation;
  const expires = r.term.expires ?? r.deadline.day;
  switch (r.how) {
    case 'permanent':
      steps.push(permanentStep(r.term));
      return { explanation: steps, notes: NO_NOTES };
    case 'pending':
      steps.push(
        `A renewal request was filed ${day(r.filed?.day ?? r.deadline.day)}, before the expiration of ${day(expires)}; the order stays in effect until the end of the renewal hearing on ${day(r.deadline.day)}.`,
      );
      // The date is the renewal hearing's: the readings of the replaced expiration (its
      // time of day, its anniversary) do not reach it.
      return { explanation: steps, notes: NO_NOTES };
    case 'notKept':
      steps.push(
        `A renewal request was filed ${day(r.filed?.day ?? r.deadline.day)}, but the renewal hearing is on ${day(r.renewalHearing?.day ?? r.deadline.day)}, after the expiration. No statute or form found says ${withArticle(law.name)} stays in effect until the renewal hearing (${law.rules.renewalPending.versions[0]?.citation ?? ''}): it may lapse on ${day(expires)} unless the court extends it.`,
      );
      return term;
    case 'term':
      if (r.filed !== undefined) {
        steps.push(
          law.rules.renewalPending.keepsOrderInForce
            ? `A renewal request was filed ${day(r.filed.day)}; if the renewal hearing is set after ${day(expires)}, the order stays in effect until that hearing.`
            : `A renewal request was filed ${day(r.filed.day)}; no statute or form found keeps ${withArticle(law.name)} in effect past ${day(expires)} until the renewal hearing, so the hearing should be set before then or the order extended by the court.`,
        );
      }
      return term;
    default: {
      const unhandled: never = r.how;
      throw new Error(`unhandled order expiry ${String(unhandled)}`);
    }
  }
}

function metStep(filed: { day: number } | undefined, steps: string[]): void {
  if (filed !== undefined) steps.push(`Met: renewal requested ${day(filed.day)}.`);
}

export function narrateRenewalWindow(cal: CourtCalendar, r: RenewalWindowResult): Narrated {
  if (r.permanent !== undefined)
    return { explanation: [permanentStep(r.permanent)], notes: NO_NOTES };
  const w = r.opens;
  const steps = [
    `The order expires ${day(r.expires)}. A renewal may be requested any time within the ${r.months} months before expiration.`,
    `${day(r.expires)} minus ${r.months} calendar months is ${day(w.day)}${w.clamped ? ` (${monthYear(w.day)} has no day ${ymdFromDay(r.expires).day}; clamped to the end of the month)` : ''}; the window includes that day.`,
  ];
  if (r.firstCourtDay !== w.day) {
    steps.push(
      `${day(w.day)} is not a court day (${closedReason(cal, w.day)}); the first day a clerk can accept a paper filing is ${day(r.firstCourtDay)}.`,
    );
  }
  metStep(r.filed, steps);
  return {
    explanation: steps,
    notes: [
      noteOf('RENEWAL.WINDOW_OPENS', { months: numberWord(r.months), count: String(r.months) }),
    ],
  };
}

export function narrateRenewalDeadline(cal: CourtCalendar, r: RenewalDeadlineResult): Narrated {
  if (r.permanent !== undefined)
    return { explanation: [permanentStep(r.permanent)], notes: NO_NOTES };
  const expires = day(r.expires);
  const steps = [`The renewal request must be filed before the order expires on ${expires}.`];
  steps.push(
    r.skipped.length > 0
      ? `${expires} is not a court day; the last court day on or before it is ${day(r.deadline.day)} (skipping ${skippedList(cal, r.skipped)}).`
      : `${expires} is a court day: the last day to file.`,
  );
  steps.push(
    'No CCP § 12a extension applies: after the expiration there is no order left to renew, and a paper e-filed on a non-court day counts as filed the next court day.',
  );
  metStep(r.filed, steps);
  return { explanation: steps, notes: [noteOf('RENEWAL.DEADLINE_NOT_EXTENDED')] };
}

// Stage: the order after hearing's term, and each renewal's. The term runs to the date
// written on the order, or, with none written, the rule's default number of years from
// issuance (ORDER.SHORTEST_TERM where the statute sets none). It ends at the end of its
// last day (EXPIRY.MIDNIGHT) and is never extended to a court day (EXPIRY.NOT_ROLLED).
// A written date outside the rule's minimum and maximum is used, with a warning.

import { addYearsClamped, formatDay, type ClampedDay, type DayNumber } from '../days.js';
import type { InterpretationId } from '../law/interpretations.js';
import {
  versionOn,
  type OrderTermNumbers,
  type RenewalTermSpec,
  type Version,
} from '../law/model.js';
import { END_OF_DAY_SECONDS, parseLocalTimeSeconds } from '../time-zone.js';
import type { Advisory } from '../types.js';
import type { CaseState, Ev, RenewalCycle } from './events.js';
import { warnings as say } from './narrator/warnings.js';
import type { Run } from './run.js';

/** The readings a term can rest on. */
export type TermReading =
  | Extract<InterpretationId, 'ORDER.SHORTEST_TERM' | 'ANNIVERSARY.FEB_29' | 'EXPIRY.MIDNIGHT'>
  | RenewalTermSpec['noDateReading'];

export interface OrderTerm {
  /** The ORDER_AFTER_HEARING or ORDER_RENEWED that set it. */
  ev: Ev;
  renewal: boolean;
  /** null = permanent. */
  expires: DayNumber | null;
  second: number;
  /** The rule version the term rests on (ORDER.EXPIRY, or RENEWAL.TERM for a renewal). */
  version: Version<unknown>;
  advisory: Advisory;
  /** A renewal: the expiry it replaced. */
  replaced: DayNumber | undefined;
  /** The order's own form (DV-130, DV-730...), as explanations name it. */
  form: string;
  written: { day: DayNumber; time: string | undefined } | undefined;
  /** Marked permanent and also given an end date: the date is used. */
  permanentWithExpiry: boolean;
  /** No time written: it ends at the end of its last day (EXPIRY.MIDNIGHT). */
  endOfDay: boolean;
  /** No date written: the default term assumed. */
  assumed: { years: number; numbers: OrderTermNumbers | undefined; clamped: boolean } | undefined;
  readings: TermReading[];
}

/** A term that has an expiry date (not permanent). */
export type DatedTerm = OrderTerm & { expires: DayNumber };

export function isDated(term: OrderTerm): term is DatedTerm {
  return term.expires !== null;
}

function newTerm(
  ev: Ev,
  renewal: boolean,
  version: Version<unknown>,
  advisory: Advisory,
  replaced: DayNumber | undefined,
  form: string | undefined,
): OrderTerm {
  return {
    ev,
    renewal,
    expires: null,
    second: END_OF_DAY_SECONDS,
    version,
    advisory,
    replaced,
    form: form ?? '',
    written: undefined,
    permanentWithExpiry: false,
    endOfDay: false,
    assumed: undefined,
    readings: [],
  };
}

/** The date written on the order (and its time, which sets the term's second). */
function writtenEnd(term: OrderTerm, ev: Ev, day: DayNumber): DayNumber {
  const time = ev.expiresTime;
  term.written = { day, time };
  if (time !== undefined) term.second = parseLocalTimeSeconds(time);
  return day;
}

/** No date written: `years` from `from`, clamped on Feb 29 (ANNIVERSARY.FEB_29). */
function assumedEnd(
  term: OrderTerm,
  from: DayNumber,
  years: number,
  numbers: OrderTermNumbers | undefined,
): ClampedDay {
  const d = addYearsClamped(from, years);
  term.assumed = { years, numbers, clamped: d.clamped };
  return d;
}

/** The term ends at `expires`; with no time written, at the end of that day (EXPIRY.MIDNIGHT). */
function ended(term: OrderTerm, ev: Ev, expires: DayNumber): OrderTerm {
  if (ev.expiresTime === undefined) {
    term.endOfDay = true;
    term.readings.push('EXPIRY.MIDNIGHT');
  }
  term.expires = expires;
  return term;
}

function permanentAndExpiry(run: Run, ev: Ev): boolean {
  if (!ev.permanent || ev.expiresDay === undefined) return false;
  run.warn('PERMANENT_WITH_EXPIRY', say.permanentWithExpiry(ev, ev.expiresDay), [ev]);
  return true;
}

function leapDay(term: OrderTerm, expires: DayNumber): void {
  term.advisory.alternativeDate = formatDay(expires + 1);
  term.readings.push('ANNIVERSARY.FEB_29');
}

/** ORDER_AFTER_HEARING's term under the family's ORDER.EXPIRY rule. */
export function initialOrderTerm(run: Run, order: Ev, state: CaseState): OrderTerm {
  const { law } = run;
  const rule = law.rules.orderExpiry;
  const version = versionOn(rule.versions, order.day);
  const n = version.numbers;
  const issued = order.day;
  const petition = state.petition.petition ?? state.petition.decision;
  if (petition !== undefined && issued < petition.day) {
    run.warn('EVENT_OUT_OF_ORDER', say.datedBefore(order, petition), [petition, order]);
  }
  const max = addYearsClamped(issued, n.maxYears).day;
  const term = newTerm(
    order,
    false,
    version,
    { statutoryMaximum: formatDay(max) },
    undefined,
    rule.forms.order,
  );
  if (order.permanent) {
    const renewalMayBe = versionOn(law.rules.renewalTerm.versions, issued).numbers.permanentAllowed;
    run.warn(
      'PERMANENT_NOT_AVAILABLE',
      say.orderNotPermanent(order, law.name, n.maxYears, renewalMayBe),
      [order],
    );
  }
  let expires: DayNumber;
  if (order.expiresDay !== undefined) {
    expires = writtenEnd(term, order, order.expiresDay);
    if (expires <= issued) {
      run.warn('EXPIRY_NOT_AFTER_ISSUANCE', say.orderWrittenNotAfterIssued(order, expires), [
        order,
      ]);
    }
    if (expires > max) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        say.orderWrittenBeyondMax(order, expires, n.maxYears, max),
        [order],
      );
    }
    if (n.minYears !== null && expires < addYearsClamped(issued, n.minYears).day) {
      run.warn('EXPIRY_BELOW_STATUTORY_MIN', say.orderWrittenBelowMin(order, expires, n.minYears), [
        order,
      ]);
    }
    term.permanentWithExpiry = permanentAndExpiry(run, order);
  } else {
    const d = assumedEnd(term, issued, n.defaultYears, n);
    expires = d.day;
    if (n.defaultYearsFrom === 'shortestTerm') {
      term.readings.push('ORDER.SHORTEST_TERM');
      run.warn('EXPIRY_NOT_WRITTEN', say.orderNotWritten(order, expires), [order]);
    }
    if (d.clamped) leapDay(term, expires);
  }
  return ended(term, order, expires);
}

/** The new term set by an ORDER_RENEWED, with the checks its RENEWAL.TERM rule imposes. */
export function renewedTerm(
  run: Run,
  prev: DatedTerm,
  cycle: RenewalCycle,
  renewed: Ev,
): OrderTerm {
  const { law } = run;
  const rule = law.rules.renewalTerm;
  const version = versionOn(rule.versions, renewed.day);
  const n = version.numbers;
  const r = renewed.day;
  if (cycle.filed !== undefined && r < cycle.filed.day) {
    run.warn('EVENT_OUT_OF_ORDER', say.renewedBeforeRequest(renewed, cycle.filed), [
      cycle.filed,
      renewed,
    ]);
  }
  const term = newTerm(renewed, true, version, {}, prev.expires, rule.forms.order);
  let permanent = renewed.permanent;
  if (permanent && !n.permanentAllowed) {
    run.warn('PERMANENT_NOT_AVAILABLE', say.renewalNotPermanent(renewed, law.name), [renewed]);
    permanent = false;
  }
  if (permanent && permanentAndExpiry(run, renewed)) permanent = false;
  if (permanent) return term;

  // Whether a renewal term runs from the renewal order or from the old expiry is open
  // (RENEWAL.TERM_BASE); the checks use whichever base avoids a false alarm.
  const earlyBase = Math.min(r, prev.expires);
  const lateBase = Math.max(r, prev.expires);
  let expires: DayNumber;
  if (renewed.expiresDay !== undefined) {
    expires = writtenEnd(term, renewed, renewed.expiresDay);
    if (expires <= r) {
      run.warn('EXPIRY_NOT_AFTER_ISSUANCE', say.renewalWrittenNotAfterRenewal(renewed, expires), [
        renewed,
      ]);
    }
    const { minYears, maxYears } = n;
    if (minYears !== null && expires < addYearsClamped(earlyBase, minYears).day) {
      const below = rule.belowMinimum;
      if (below !== null) {
        run.warn(
          below.warning,
          say.renewalBelowFamilyMinimum(
            renewed,
            expires,
            law.family,
            minYears,
            n.permanentAllowed,
            below.authority,
          ),
          [renewed],
        );
      } else {
        run.warn('EXPIRY_BELOW_STATUTORY_MIN', say.renewalBelowMin(renewed, expires, minYears), [
          renewed,
        ]);
      }
    }
    if (maxYears !== null && expires > addYearsClamped(lateBase, maxYears).day) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        say.renewalBeyondMax(renewed, expires, maxYears, rule.versions, version),
        [renewed],
      );
    }
  } else {
    // The no-date default for an order (e.g. Fam. Code § 6345(c): 3 years), applied to the
    // renewal order: the earliest plausible end, so reminders come early.
    const years = versionOn(law.rules.orderExpiry.versions, r).numbers.defaultYears;
    const d = assumedEnd(term, r, years, undefined);
    expires = d.day;
    term.readings.push(rule.noDateReading);
    run.warn('EXPIRY_NOT_WRITTEN', say.renewalNotWritten(renewed, expires), [renewed]);
    if (d.clamped) leapDay(term, expires);
  }
  return ended(term, renewed, expires);
}

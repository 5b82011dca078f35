// Stage: renewal. Walks the renewal cycles over the order's term, then derives what a
// person must do and when: the order's expiry (kept in effect until the renewal hearing
// by a timely request, where the RENEWAL.PENDING rule says so), the window that opens
// the RENEWAL.WINDOW rule's months before it, and the last court day to file. A
// permanent renewal leaves those slots on calendars, superseded.

import { firstCourtDayOnOrAfter, lastCourtDayOnOrBefore } from '../counting.js';
import { addMonthsClamped, formatDay, type ClampedDay, type DayNumber } from '../days.js';
import { versionOn } from '../law/model.js';
import type { DeadlineStatus } from '../types.js';
import { currentHearing, type CaseState, type Ev, type RenewalCycle } from './events.js';
import { notApplicable, warnings as say } from './narrator/warnings.js';
import {
  initialOrderTerm,
  isDated,
  renewedTerm,
  type DatedTerm,
  type OrderTerm,
} from './order-term.js';
import { computed, type Computed, type Run } from './run.js';

/** The order after hearing as its renewals left it. */
export interface OrderOutcome {
  order: Ev;
  /** The term in force: the order's, or the latest renewal's. */
  term: OrderTerm;
  /** The last term with an expiry (what a permanent renewal replaced). */
  lastDated: DatedTerm | undefined;
  /** A renewal request not yet decided, and whether it was timely. */
  pending: { cycle: RenewalCycle; timely: boolean } | undefined;
  /** The latest renewal cycle with a hearing set or continued. */
  hearingCycle: RenewalCycle | undefined;
}

export interface OrderExpiryResult {
  deadline: Computed;
  stage: 'orderExpiry';
  /** The term whose steps the explanation starts with. */
  term: OrderTerm;
  /**
   * 'term': as the term sets it; 'pending': kept until the renewal hearing; 'notKept': a
   * renewal hearing after the expiration, with no verified text keeping the order in force;
   * 'permanent': superseded.
   */
  how: 'term' | 'pending' | 'notKept' | 'permanent';
  /** A timely renewal request. */
  filed: Ev | undefined;
  renewalHearing: Ev | undefined;
}

export interface RenewalWindowResult {
  deadline: Computed;
  stage: 'renewalWindow';
  expires: DayNumber;
  months: number;
  opens: ClampedDay;
  firstCourtDay: DayNumber;
  filed: Ev | undefined;
  /** The permanent renewal that took the window away. */
  permanent: OrderTerm | undefined;
}

export interface RenewalDeadlineResult {
  deadline: Computed;
  stage: 'renewalDeadline';
  expires: DayNumber;
  /** The non-court days from the deadline to the expiry. */
  skipped: DayNumber[];
  filed: Ev | undefined;
  permanent: OrderTerm | undefined;
}

function windowMonths(run: Run, term: DatedTerm): number {
  return versionOn(run.law.rules.renewalWindow.versions, term.ev.day).numbers.monthsBeforeExpiry;
}

/** Whether a renewal request was filed inside the window and before the order expired. */
function timelyFiling(run: Run, term: DatedTerm, filed: Ev): boolean {
  const months = windowMonths(run, term);
  const windowOpens = addMonthsClamped(term.expires, -months).day;
  if (filed.day < term.ev.day) {
    run.warn('EVENT_OUT_OF_ORDER', say.requestBeforeOrder(filed, term.ev), [term.ev, filed]);
  }
  // Papers lodged or e-filed on a non-court day are filed the next court day (CCP 134(d), 1010.6).
  const effective = firstCourtDayOnOrAfter(run.cal, filed.day);
  let timely = true;
  if (filed.day < windowOpens) {
    timely = false;
    run.warn(
      'RENEWAL_FILED_BEFORE_WINDOW',
      say.renewalBeforeWindow(filed, windowOpens, months, term.expires),
      [term.ev, filed],
    );
  }
  if (effective > term.expires) {
    timely = false;
    run.warn('RENEWAL_FILED_AFTER_EXPIRY', say.renewalAfterExpiry(filed, effective, term.expires), [
      term.ev,
      filed,
    ]);
  }
  return timely;
}

/** The order's term after every renewal cycle; undefined when there is no order (or it cannot be computed). */
export function orderOutcome(run: Run, state: CaseState): OrderOutcome | undefined {
  const order = state.order;
  if (order === undefined) return undefined;
  const term0 = initialOrderTerm(run, order, state);
  let term: OrderTerm = term0;
  let lastDated = isDated(term0) ? term0 : undefined;
  let pending: OrderOutcome['pending'];
  let hearingCycle: RenewalCycle | undefined;
  for (const cycle of state.renewals) {
    if (cycle.set !== undefined || cycle.continuances.length > 0) hearingCycle = cycle;
    if (!isDated(term)) {
      const ev = cycle.filed ?? cycle.renewed;
      if (ev !== undefined) notApplicable(run, ev, 'permanentNothingToRenew', run.law);
      continue;
    }
    const current = term;
    const timely = cycle.filed === undefined ? false : timelyFiling(run, current, cycle.filed);
    if (cycle.renewed === undefined) {
      pending = { cycle, timely };
      continue;
    }
    term = renewedTerm(run, current, cycle, cycle.renewed);
    if (isDated(term)) lastDated = term;
  }
  return { order, term, lastDated, pending, hearingCycle };
}

export function expiryResult(
  deadline: Computed,
  term: OrderTerm,
  how: OrderExpiryResult['how'],
  filed: Ev | undefined,
  renewalHearing: Ev | undefined,
): OrderExpiryResult {
  return { stage: 'orderExpiry', deadline, term, how, filed, renewalHearing };
}

export function windowResult(
  deadline: Computed,
  expires: DayNumber,
  months: number,
  opens: ClampedDay,
  firstCourtDay: DayNumber,
  filed: Ev | undefined,
  permanent: OrderTerm | undefined,
): RenewalWindowResult {
  return {
    stage: 'renewalWindow',
    deadline,
    expires,
    months,
    opens,
    firstCourtDay,
    filed,
    permanent,
  };
}

/** ORDER_EXPIRES for a dated term: the term's expiry, or the renewal hearing a timely request reaches. */
export function orderExpiry(o: OrderOutcome, t: DatedTerm, run: Run): OrderExpiryResult {
  const filed = o.pending?.cycle.filed;
  const timely = o.pending?.timely === true;
  const renewalHearing = o.pending !== undefined ? currentHearing(o.pending.cycle) : undefined;
  const pendingRule = run.law.rules.renewalPending;
  if (
    timely &&
    renewalHearing !== undefined &&
    renewalHearing.day > t.expires &&
    filed !== undefined &&
    !pendingRule.keepsOrderInForce
  ) {
    // No statute or form found keeps this order in force pending renewal: keep the
    // expiration, and say the order may lapse (issue 10, item 2).
    run.warn(
      'RENEWAL_HEARING_AFTER_EXPIRY',
      say.renewalHearingAfterExpiry(
        run.law.name,
        t.expires,
        renewalHearing.day,
        versionOn(pendingRule.versions, filed.day).citation,
      ),
      [filed, renewalHearing],
    );
    return expiryResult(
      computed(
        'ORDER_EXPIRES',
        'ORDER_EXPIRES',
        t.expires,
        t.second,
        'OPEN',
        t.version,
        t.advisory,
        [o.order, t.ev, filed, renewalHearing],
      ),
      t,
      'notKept',
      filed,
      renewalHearing,
    );
  }
  if (
    timely &&
    renewalHearing !== undefined &&
    renewalHearing.day > t.expires &&
    filed !== undefined
  ) {
    return expiryResult(
      computed(
        'ORDER_EXPIRES',
        'ORDER_EXPIRES',
        renewalHearing.day,
        undefined,
        'OPEN',
        versionOn(run.law.rules.renewalPending.versions, filed.day),
        { ...t.advisory, rawDate: formatDay(t.expires) },
        [o.order, t.ev, filed, renewalHearing],
      ),
      t,
      'pending',
      filed,
      renewalHearing,
    );
  }
  return expiryResult(
    computed('ORDER_EXPIRES', 'ORDER_EXPIRES', t.expires, t.second, 'OPEN', t.version, t.advisory, [
      o.order,
      t.ev,
      filed,
    ]),
    t,
    'term',
    timely ? filed : undefined,
    undefined,
  );
}

/** RENEWAL_WINDOW_OPENS (throws CalendarRangeError past the calendar). */
export function renewalWindow(run: Run, o: OrderOutcome, t: DatedTerm): RenewalWindowResult {
  const months = windowMonths(run, t);
  const opens = addMonthsClamped(t.expires, -months);
  const first = firstCourtDayOnOrAfter(run.cal, opens.day);
  const filed = o.pending?.timely === true ? o.pending.cycle.filed : undefined;
  const status: DeadlineStatus = filed !== undefined ? 'MET' : 'OPEN';
  return windowResult(
    computed(
      'RENEWAL_WINDOW_OPENS',
      'RENEWAL_WINDOW_OPENS',
      opens.day,
      undefined,
      status,
      versionOn(run.law.rules.renewalWindow.versions, t.ev.day),
      { firstCourtDayInWindow: formatDay(first), courtDay: first === opens.day },
      [t.ev, o.pending?.cycle.filed],
    ),
    t.expires,
    months,
    opens,
    first,
    filed,
    undefined,
  );
}

/** RENEWAL_DEADLINE: the last court day on or before the expiry (throws past the calendar). */
export function renewalDeadline(run: Run, o: OrderOutcome, t: DatedTerm): RenewalDeadlineResult {
  const last = lastCourtDayOnOrBefore(run.cal, t.expires);
  const skipped: DayNumber[] = [];
  for (let d = last + 1; d <= t.expires; d++) skipped.push(d);
  const filed = o.pending?.timely === true ? o.pending.cycle.filed : undefined;
  const status: DeadlineStatus = filed !== undefined ? 'MET' : 'OPEN';
  return {
    stage: 'renewalDeadline',
    deadline: computed(
      'RENEWAL_DEADLINE',
      'RENEWAL_DEADLINE',
      last,
      undefined,
      status,
      versionOn(run.law.rules.renewalDeadline.versions, t.ev.day),
      { rawDate: formatDay(t.expires), lastCourtDayOnOrBefore: formatDay(last) },
      [t.ev, o.pending?.cycle.filed],
    ),
    expires: t.expires,
    skipped,
    filed,
    permanent: undefined,
  };
}

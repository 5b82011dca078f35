// The words of every warning. The stages decide that a warning applies and with which
// facts; what it says is written here, next to the explanations, so all wording lives
// in the narrator.

import type { CalendarRangeError } from '../../errors.js';
import type { FamilyLaw, Version } from '../../law/model.js';
import type { DayNumber } from '../../days.js';
import type { Ev } from '../events.js';
import type { Run } from '../run.js';
import { day, evLabel, numberWord, plural, withArticle } from './words.js';

/** Why an event was not used (EVENT_NOT_APPLICABLE). */
export type NotApplicable =
  | 'noEmergencyOrder'
  | 'petitionAfterOrder'
  | 'temporaryOrderAfterOrder'
  | 'hearingAfterOrder'
  | 'noHearingToContinue'
  | 'noPendingHearing'
  | 'noPendingMotion'
  | 'permanentNothingToRenew';

function whyNotApplicable(why: NotApplicable, law: FamilyLaw): string {
  switch (why) {
    case 'noEmergencyOrder':
      return `there is no emergency protective order for ${withArticle(law.name)} (Fam. Code § 6250 covers DV, elder abuse and, via Pen. Code § 646.91, stalking).`;
    case 'petitionAfterOrder':
      return 'a petition after the order after hearing starts a new case.';
    case 'temporaryOrderAfterOrder':
      return 'a temporary order after the order after hearing starts a new case.';
    case 'hearingAfterOrder':
      return 'after the order after hearing, a hearing belongs to a renewal request or a motion to modify or terminate: record RENEWAL_FILED or MOTION_FILED first.';
    case 'noHearingToContinue':
      return 'there is no pending hearing to continue.';
    case 'noPendingHearing':
      return 'there is no pending hearing.';
    case 'noPendingMotion':
      return 'there is no pending motion (MOTION_FILED) to decide.';
    case 'permanentNothingToRenew':
      return 'the order is permanent and has nothing to renew.';
    default: {
      const unhandled: never = why;
      throw new Error(`unhandled reason ${String(unhandled)}`);
    }
  }
}

export function notApplicable(run: Run, ev: Ev, why: NotApplicable, law: FamilyLaw): void {
  run.warn('EVENT_NOT_APPLICABLE', `${evLabel(ev)} was not used: ${whyNotApplicable(why, law)}`, [
    ev,
  ]);
}

/** "the statute allows", or what an older text allowed ('a renewal before 2023 allowed ("...")'). */
function maximumAllowedBy(
  versions: readonly Version<unknown>[],
  version: Version<unknown>,
): string {
  if (version.quote === undefined) return 'the statute allows';
  const next = versions[versions.indexOf(version) + 1];
  return next?.from == null
    ? `the statute allows ("${version.quote}")`
    : `a renewal before ${next.from.slice(0, 4)} allowed ("${version.quote}")`;
}

export const warnings = {
  outsideCalendar: (what: string, err: CalendarRangeError): string =>
    `${what} was not computed: it needs the court calendar for ${err.date}, outside the supported years ${err.supported.from}-${err.supported.to}.`,

  // ---- the events themselves
  afterTermination: (ev: Ev, term: Ev): string =>
    `${evLabel(ev)} is dated after the order was terminated on ${day(term.day)}.`,
  continuanceWithoutHearing: (ev: Ev): string =>
    `${evLabel(ev)} continues a hearing, but no HEARING_SET was recorded; its date is used as the hearing.`,
  continuanceNotLater: (ev: Ev, current: Ev): string =>
    `${evLabel(ev)} moves the hearing to ${day(ev.day)}, which is not after the hearing it continues (${day(current.day)}). The later-recorded date is used.`,
  orderAfterHearingTwice: (ev: Ev, earlier: Ev): string =>
    `${evLabel(ev)} follows ${evLabel(earlier)} with no renewal between them; the later order replaces the earlier one. If the order was renewed, record RENEWAL_FILED and ORDER_RENEWED instead; if one of them was recorded in error, correct or void it.`,
  renewalRequestWithoutOrder: (ev: Ev): string =>
    `${evLabel(ev)} requests renewal, but no ORDER_AFTER_HEARING was recorded; it was not used.`,
  renewalWithoutOrder: (ev: Ev): string =>
    `${evLabel(ev)} renews an order, but no ORDER_AFTER_HEARING was recorded; it was not used.`,
  renewalWithoutRequest: (ev: Ev): string =>
    `${evLabel(ev)} renews the order, but no RENEWAL_FILED was recorded before it.`,
  datedBefore: (later: Ev, earlier: Ev): string =>
    `${evLabel(later)} is dated before ${evLabel(earlier)}.`,
  hearingBeforeTrigger: (set: Ev, trigger: Ev): string =>
    `${evLabel(set)}: the hearing date is before ${evLabel(trigger)}.`,
  orderBeforeHearing: (held: Ev, hearing: DayNumber): string =>
    `${evLabel(held)} is dated before the hearing it follows (${day(hearing)}).`,
  servedBeforePapers: (served: Ev, papers: Ev): string =>
    `${evLabel(served)} is dated before ${evLabel(papers)}, which produced the papers to serve.`,
  renewedBeforeRequest: (renewed: Ev, filed: Ev): string =>
    `${evLabel(renewed)} is dated before the renewal request ${evLabel(filed)}.`,
  requestBeforeOrder: (filed: Ev, order: Ev): string =>
    `${evLabel(filed)} is dated before the order it renews (${evLabel(order)}).`,

  // ---- emergency orders
  emergencyWrittenBeforeIssued: (order: Ev, written: DayNumber): string =>
    `${evLabel(order)}: the written expiration ${day(written)} is before the order was issued.`,
  emergencyWrittenBeyondStatute: (order: Ev, written: DayNumber, computed: DayNumber): string =>
    `${evLabel(order)}: the written expiration ${day(written)} is later than the statute allows (${day(computed)}).`,
  emergencyGap: (
    name: string,
    expires: DayNumber,
    deadline: DayNumber,
    lastCourtDay: DayNumber,
  ): string =>
    `The ${name} expires ${day(expires)} (not a court day), but the hearing deadline rolls to ${day(deadline)}. Set the hearing by ${day(lastCourtDay)} to avoid a gap.`,
  emergencyExpiredBeforeTemporaryOrder: (
    name: string,
    expired: DayNumber,
    order: string,
    granted: DayNumber,
  ): string =>
    `The ${name} expired ${day(expired)}, before the ${order} was granted ${day(granted)}: no order was in effect in between.`,

  // ---- hearings
  hearingBeyondLimit: (
    held: Ev,
    limit: string,
    last: DayNumber,
    unenforceable: { order: string; citation: string } | null,
  ): string =>
    `${evLabel(held)}: the hearing is set beyond the ${limit} limit, ${day(last)}.` +
    (unenforceable === null
      ? ''
      : ` Unless extended, the ${unenforceable.order} stops being enforceable (${unenforceable.citation}).`),
  hearingNeedsGoodCause: (
    held: Ev,
    days: number,
    latest: DayNumber,
    goodCauseDays: number,
    goodCause: DayNumber,
  ): string =>
    `${evLabel(held)}: the hearing is after the ${days}-day limit (${day(latest)}) and within the ${goodCauseDays}-day limit (${day(goodCause)}); that is lawful only if the court found good cause.`,
  hearingOnNonCourtDay: (hearing: Ev, reason: string): string =>
    `${evLabel(hearing)}: the hearing date is not a court day (${reason}).`,

  // ---- service
  serviceDaysNotShortened: (shortened: Ev, days: number, statutory: number): string =>
    `${evLabel(shortened)} gives ${plural(days, 'day')} before the hearing, more than the statutory ${statutory}; the court's number is used.`,
  serviceNotPersonal: (served: Ev, renewal: boolean, statutoryDays: number | undefined): string =>
    `${evLabel(served)} was ${served.method === 'MAIL' ? 'by mail' : 'made electronically'}; ${renewal ? 'renewal papers' : 'the petition, temporary order and notice of hearing'} must be personally served, and mail never lengthens the ${statutoryDays === undefined ? 'service' : `${statutoryDays}-day`} requirement. It does not count as service here.`,
  servedAfterHearing: (served: Ev, hearing: DayNumber): string =>
    `${evLabel(served)} is after the hearing on ${day(hearing)}.`,
  servedLate: (served: Ev, last: DayNumber, days: number, hearing: DayNumber): string =>
    `${evLabel(served)} is after the last day to serve, ${day(last)}: less than ${plural(days, 'day')} before the hearing on ${day(hearing)}.`,

  // ---- temporary orders
  temporaryOrderCapBeforeHearing: (
    order: string,
    granted: DayNumber,
    ends: DayNumber,
    hearing: DayNumber,
  ): string =>
    `The ${order} granted ${day(granted)} ends ${day(ends)}, before the hearing on ${day(hearing)}: a gap in protection unless the hearing is continued or the order extended.`,
  temporaryOrderCapBeforeRolledHearing: (
    order: string,
    granted: DayNumber,
    ends: DayNumber,
    hearing: DayNumber,
  ): string =>
    `The ${order} granted ${day(granted)} may last to ${day(ends)}, but the hearing is on ${day(hearing)}, the next court day: extending the time to hold the hearing does not extend the order. A gap in protection unless the court extended the time for hearing for good cause, continued the hearing, or wrote a later expiration on the order.`,
  temporaryOrderExpiresBeforeHearing: (
    order: string,
    issued: DayNumber,
    expires: DayNumber,
    hearing: DayNumber,
  ): string =>
    `The ${order} issued ${day(issued)} expires ${day(expires)}, before the hearing on ${day(hearing)}: a gap in protection.`,
  temporaryOrderWrittenBeyondCap: (by: Ev, written: DayNumber, cap: DayNumber): string =>
    `${evLabel(by)}: the written expiration ${day(written)} is later than the statutory maximum ${day(cap)}.`,
  temporaryOrderWrittenBeforeGranted: (by: Ev, written: DayNumber, order: string): string =>
    `${evLabel(by)}: the written expiration ${day(written)} is before the ${order} was granted.`,

  // ---- orders after hearing and renewals
  orderNotPermanent: (order: Ev, name: string, maxYears: number, renewalMayBe: boolean): string =>
    `${evLabel(order)} is marked permanent, but an order after hearing for ${withArticle(name)} lasts at most ${plural(maxYears, 'year')}${renewalMayBe ? ' (only a renewal can be permanent)' : ''}; it is treated as not permanent.`,
  renewalNotPermanent: (renewed: Ev, name: string): string =>
    `${evLabel(renewed)} is marked permanent, but ${withArticle(name)} cannot be renewed permanently; it is treated as not permanent.`,
  permanentWithExpiry: (ev: Ev, expires: DayNumber): string =>
    `${evLabel(ev)} is marked permanent and also has an expiration date (${day(expires)}); the expiration date is used.`,
  orderWrittenNotAfterIssued: (order: Ev, expires: DayNumber): string =>
    `${evLabel(order)}: the written expiration ${day(expires)} is not after the order was issued.`,
  orderWrittenBeyondMax: (
    order: Ev,
    expires: DayNumber,
    maxYears: number,
    max: DayNumber,
  ): string =>
    `${evLabel(order)}: the written expiration ${day(expires)} is later than the ${plural(maxYears, 'year')} the statute allows (${day(max)}).`,
  orderWrittenBelowMin: (order: Ev, expires: DayNumber, minYears: number): string =>
    `${evLabel(order)}: the written expiration ${day(expires)} is less than the ${plural(minYears, 'year')} minimum.`,
  orderNotWritten: (order: Ev, expires: DayNumber): string =>
    `${evLabel(order)}: no expiration entered; ${day(expires)} (the shortest term) is assumed until the written date is entered.`,
  renewalWrittenNotAfterRenewal: (renewed: Ev, expires: DayNumber): string =>
    `${evLabel(renewed)}: the written expiration ${day(expires)} is not after the renewal.`,
  renewalBelowMin: (renewed: Ev, expires: DayNumber, minYears: number): string =>
    `${evLabel(renewed)}: renewed to ${day(expires)}, less than the ${plural(minYears, 'year')} minimum.`,
  renewalBelowFamilyMinimum: (
    renewed: Ev,
    expires: DayNumber,
    family: string,
    minYears: number,
    permanentAllowed: boolean,
    authority: string,
  ): string =>
    `${evLabel(renewed)}: renewed to ${day(expires)}, less than ${plural(minYears, 'year')}; ${withArticle(`${family} order`)} may be renewed only for ${numberWord(minYears)} or more years${permanentAllowed ? ' or permanently' : ''} (${authority}).`,
  renewalBeyondMax: (
    renewed: Ev,
    expires: DayNumber,
    maxYears: number,
    versions: readonly Version<unknown>[],
    version: Version<unknown>,
  ): string =>
    `${evLabel(renewed)}: renewed to ${day(expires)}, more than the ${plural(maxYears, 'year')} ${maximumAllowedBy(versions, version)}.`,
  renewalNotWritten: (renewed: Ev, expires: DayNumber): string =>
    `${evLabel(renewed)}: no expiration entered for the renewed order; ${day(expires)} is assumed until the written date is entered.`,
  renewalBeforeWindow: (filed: Ev, opens: DayNumber, months: number, expires: DayNumber): string =>
    `${evLabel(filed)} is before the renewal window opened on ${day(opens)} (${months} months before the expiration on ${day(expires)}); the court may reject it as premature.`,
  renewalHearingAfterExpiry: (
    name: string,
    expires: DayNumber,
    hearing: DayNumber,
    looked: string,
  ): string =>
    `The renewal hearing on ${day(hearing)} is after the order expires on ${day(expires)}. No statute or form found says ${withArticle(name)} stays in effect until the renewal hearing (${looked}): the order may lapse on ${day(expires)} unless the court extends it. Ask the court to set the hearing earlier or to extend the order.`,
  motionWithoutOrder: (ev: Ev): string =>
    `${evLabel(ev)} asks to modify or terminate an order after hearing, but no ORDER_AFTER_HEARING was recorded; it was not used.`,
  alternativeServiceNotAvailable: (served: Ev, citation: string, from: string | null): string =>
    `${evLabel(served)} was by a court-ordered alternative method, which the law for this order (${citation}) is not known to allow on that date${from === null ? '' : ` (from ${from})`}; it is not counted toward the service deadline. If the court ordered it, its order controls: check the order and the law.`,
  firearmsLate: (ev: Ev, what: string, due: string): string =>
    `${evLabel(ev)}: the ${what} was after the deadline, ${due}.`,
  firearmsBeforeService: (ev: Ev, served: string): string =>
    `${evLabel(ev)} is dated before the respondent was served (${served}).`,
  terminationRequestTooSoon: (
    ev: Ev,
    previous: Ev,
    citation: string,
    allows: string,
    perYears: number | null,
  ): string =>
    perYears === null
      ? `${evLabel(ev)}: a second request to terminate the order (the first: ${evLabel(previous)}); ${citation} allowed ${allows}. The court decides whether to hear it.`
      : `${evLabel(ev)}: a request to terminate the order within 12 months of the previous one (${evLabel(previous)}); ${citation} allows ${allows}, read as one in any 12 months. The court decides whether to hear it.`,
  motionServedLate: (served: Ev, last: DayNumber, hearing: DayNumber): string =>
    `${evLabel(served)} is after the last day to serve notice of the motion by that method, ${day(last)}, for the hearing on ${day(hearing)}.`,
  motionNotPersonal: (served: Ev, citation: string): string =>
    `${evLabel(served)} was ${served.method === 'MAIL' ? 'by mail' : 'made electronically'}; notice of this motion must be personally served (${citation}). It does not count as service here.`,
  renewalAfterExpiry: (filed: Ev, effective: DayNumber, expires: DayNumber): string =>
    `${evLabel(filed)} ${effective > filed.day ? `counts as filed on the next court day, ${day(effective)}, which is` : 'is'} after the order expired on ${day(expires)}: an expired order cannot be renewed; a new petition is needed.`,
};

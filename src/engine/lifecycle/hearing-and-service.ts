// Stage: the hearing and the service for it, for the petition and for a renewal
// request (a motion's hearing too; its notice is in motion.ts). The hearing is the latest
// date set or continued to; a hearing on a non-court day is adjourned to the next day (CCP
// § 136). Personal service is due at least n calendar days before it, counted back with the
// hearing day excluded (CCP § 12c), and never moved later (SERVICE.NOT_MOVED_LATER). Service
// by a method the court ordered counts where the family's SERVICE.ALTERNATIVE rule allowed
// it on the day of service.

import { courtDayInfoOf } from '../calendar.js';
import { countBackFromHearing, type BackCount } from '../counting.js';
import { formatDay, type DayNumber } from '../days.js';
import {
  versionOn,
  type AlternativeServiceNumbers,
  type ResponseLaw,
  type Version,
} from '../law/model.js';
import { parseLocalTimeSeconds } from '../time-zone.js';
import type { Advisory, DeadlineStatus } from '../types.js';
import { currentHearing, type Ev, type HearingTrack } from './events.js';
import { warnings as say } from './narrator/warnings.js';
import { computed, type Computed, type Run } from './run.js';

/** Whose hearing: the petition's, a renewal request's, or a motion's to modify or terminate. */
export type TrackKind = 'petition' | 'renewal' | 'motion';

/** The slot keys of each track's hearing (the petition's keep their original names). */
const HEARING_KEY: Readonly<Record<TrackKind, string>> = {
  petition: 'HEARING',
  renewal: 'RENEWAL_HEARING',
  motion: 'MOTION_HEARING',
};

export interface HearingTrackContext {
  track: TrackKind;
  /** The event that produced the papers to serve (petition or TRO; renewal request). */
  papers: Ev | undefined;
  /** The event that ends the hearing's relevance (order after hearing; renewal order). */
  held: Ev | undefined;
}

export interface HearingResult {
  deadline: Computed;
  stage: 'hearing';
  kind: TrackKind;
  track: HearingTrack;
  hearing: Ev;
  /** The notice form named beside the hearing set (the petition's hearing only). */
  notice: string | undefined;
  continuanceCitation: string | null;
  /** Why the court is closed on the hearing date; null on a court day. */
  closedReason: string | null;
  response: ResponseLaw | null;
  held: Ev | undefined;
}

export interface ServiceResult {
  deadline: Computed;
  stage: 'service';
  renewal: boolean;
  hearing: Ev;
  days: number;
  shortened: Ev | undefined;
  back: BackCount;
  /** What a forward CCP § 12a roll would give, rejected because it shortens notice. */
  forwardRollRejected: DayNumber | undefined;
  metBy: Ev | undefined;
  /** The SERVICE.ALTERNATIVE version that allowed the court-ordered method that met it. */
  alternative: Version<AlternativeServiceNumbers> | undefined;
  held: Ev | undefined;
}

/**
 * For a SERVED by a court-ordered alternative method, the SERVICE.ALTERNATIVE version that
 * allowed it on that day; undefined (with a warning) for any other method but personal
 * service, or where the family's law did not allow it that day.
 */
export function allowedAlternative(
  run: Run,
  s: Ev,
  renewal = false,
  statutoryDays?: number,
): Version<AlternativeServiceNumbers> | undefined {
  if (s.method === 'PERSONAL') return undefined;
  if (s.method !== 'ALTERNATIVE') {
    run.warn('SERVICE_NOT_PERSONAL', say.serviceNotPersonal(s, renewal, statutoryDays), [s]);
    return undefined;
  }
  const rule = run.law.rules.alternativeService;
  const v = versionOn(rule.versions, s.day);
  if (v.numbers.courtMayOrder) return v;
  const from = rule.versions.find((x) => x.fromDay > s.day && x.numbers.courtMayOrder)?.from;
  run.warn(
    'ALTERNATIVE_SERVICE_NOT_AVAILABLE',
    say.alternativeServiceNotAvailable(s, v.citation, from ?? null),
    [s],
  );
  return undefined;
}

/** HEARING (or RENEWAL_HEARING). Throws CalendarRangeError past the calendar. */
export function hearingDeadline(
  run: Run,
  track: HearingTrack,
  ctx: HearingTrackContext,
): HearingResult | undefined {
  const hearing = currentHearing(track);
  if (hearing === undefined) return undefined;
  const rules = run.law.rules;
  const rule =
    ctx.track === 'petition'
      ? rules.hearing
      : ctx.track === 'renewal'
        ? rules.renewalHearing
        : rules.motionHearing;
  const info = courtDayInfoOf(run.cal, hearing.day);
  if (!info.courtDay) {
    run.warn('HEARING_ON_NON_COURT_DAY', say.hearingOnNonCourtDay(hearing, info.reason ?? ''), [
      hearing,
    ]);
  }
  let status: DeadlineStatus = 'OPEN';
  const held = ctx.held;
  if (held !== undefined) {
    status = 'MET';
    if (held.day < hearing.day) {
      run.warn('EVENT_OUT_OF_ORDER', say.orderBeforeHearing(held, hearing.day), [hearing, held]);
    }
  }
  const time = hearing.time;
  return {
    stage: 'hearing',
    deadline: computed(
      HEARING_KEY[ctx.track],
      'HEARING',
      hearing.day,
      time === undefined ? undefined : parseLocalTimeSeconds(time),
      status,
      versionOn(rule.versions, hearing.day),
      undefined,
      [track.set, ...track.continuances, held],
    ),
    kind: ctx.track,
    track,
    hearing,
    notice: ctx.track === 'petition' ? rules.hearing.forms.notice : undefined,
    continuanceCitation: rule.continuanceCitation,
    closedReason: info.courtDay ? null : (info.reason ?? ''),
    response: rule.response,
    held,
  };
}

/** SERVICE_DEADLINE (or RENEWAL_SERVICE_DEADLINE), when there is a hearing and a number of days. */
export function serviceDeadline(
  run: Run,
  track: HearingTrack,
  ctx: HearingTrackContext,
): ServiceResult | undefined {
  const hearing = currentHearing(track);
  if (hearing === undefined) return undefined;
  const rules = run.law.rules;
  const renewal = ctx.track === 'renewal';
  // Initial papers: the statute's days. Renewal papers: only the days the court sets.
  const statutoryDays = renewal
    ? undefined
    : versionOn(rules.service.versions, hearing.day).numbers.calendarDaysBeforeHearing;
  const shortened = track.shortened;
  const days = shortened?.days ?? statutoryDays;
  if (days === undefined) return undefined;
  if (shortened !== undefined && statutoryDays !== undefined && days > statutoryDays) {
    run.warn(
      'SERVICE_DAYS_NOT_SHORTENED',
      say.serviceDaysNotShortened(shortened, days, statutoryDays),
      [shortened],
    );
  }
  let back: BackCount;
  try {
    back = countBackFromHearing(run.cal, hearing.day, days);
  } catch (err) {
    run.outOfRange(err, `The ${renewal ? 'renewal ' : ''}service deadline`, [hearing, shortened]);
    return undefined;
  }
  const advisory: Advisory = {
    rawDate: formatDay(back.date),
    courtDay: back.courtDay,
    lastCourtDayOnOrBefore: formatDay(back.lastCourtDayOnOrBefore),
    daysBeforeHearing: days,
  };
  const forwardRollRejected = back.courtDay ? undefined : back.forwardRollRejected;
  if (forwardRollRejected !== undefined)
    advisory.forwardRollRejected = formatDay(forwardRollRejected);

  let metBy: Ev | undefined;
  let alternative: Version<AlternativeServiceNumbers> | undefined;
  const papers = ctx.papers;
  for (const s of track.served) {
    if (papers !== undefined && s.day < papers.day) {
      run.warn('EVENT_OUT_OF_ORDER', say.servedBeforePapers(s, papers), [papers, s]);
    }
    const allowed = allowedAlternative(run, s, renewal, statutoryDays);
    if (s.method !== 'PERSONAL' && allowed === undefined) continue;
    if (s.day > hearing.day) {
      run.warn('SERVED_AFTER_HEARING', say.servedAfterHearing(s, hearing.day), [hearing, s]);
    } else if (s.day > back.date) {
      run.warn('SERVED_LATE', say.servedLate(s, back.date, days, hearing.day), [hearing, s]);
    } else if (metBy === undefined) {
      metBy = s;
      alternative = allowed;
    }
  }
  const status: DeadlineStatus =
    metBy !== undefined ? 'MET' : ctx.held !== undefined ? 'SUPERSEDED' : 'OPEN';
  const versions: readonly Version<unknown>[] = renewal
    ? rules.renewalService.versions
    : rules.service.versions;
  const serviceVersion = versionOn(versions, hearing.day);
  // Met by a court-ordered method: the deadline rests on the rule that allowed it too.
  const deadline = computed(
    renewal ? 'RENEWAL_SERVICE_DEADLINE' : 'SERVICE_DEADLINE',
    'SERVICE_DEADLINE',
    back.date,
    undefined,
    status,
    alternative ?? serviceVersion,
    advisory,
    [hearing, shortened, metBy],
  );
  if (alternative !== undefined) deadline.also = [serviceVersion];
  return {
    stage: 'service',
    deadline,
    renewal,
    alternative,
    hearing,
    days,
    shortened,
    back,
    forwardRollRejected,
    metBy,
    held: ctx.held,
  };
}

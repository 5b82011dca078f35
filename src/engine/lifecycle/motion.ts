// Stage: a motion to modify or terminate the order after hearing (MOTION_FILED). Its
// hearing is the motion track's (hearing-and-service.ts); here the moving party's notice,
// due n court days before the hearing counted back from it (CCP §§ 1005(b), 12c), earlier by
// the days a method of service adds, and the other party's opposition, due m court days
// before. For a GVRO, a restrained person's requests to terminate are limited in number
// (Pen. Code § 18185), read as one in any 12 months (TERMINATION.PER_YEAR).

import { addCourtDays, countBackFromHearing, type CourtDayCount } from '../counting.js';
import { addYearsClamped, formatDay, type DayNumber } from '../days.js';
import { versionOn, type MotionNoticeNumbers, type Version } from '../law/model.js';
import type { Advisory, DeadlineStatus, Party } from '../types.js';
import { currentHearing, type CaseState, type Ev, type MotionCycle } from './events.js';
import { allowedAlternative } from './hearing-and-service.js';
import { warnings as say } from './narrator/warnings.js';
import { computed, type Computed, type Run } from './run.js';

export interface MotionNoticeResult {
  deadline: Computed;
  stage: 'motionNotice';
  cycle: MotionCycle;
  hearing: Ev;
  numbers: MotionNoticeNumbers;
  personalServiceOnly: boolean;
  /** The court's shorter time, where it set one (calendar days). */
  shortened: Ev | undefined;
  /** The count back from the hearing in court days (absent when the court set the time). */
  count: CourtDayCount | undefined;
  byMail: DayNumber | undefined;
  electronically: CourtDayCount | undefined;
  metBy: Ev | undefined;
}

export interface MotionOppositionResult {
  deadline: Computed;
  stage: 'motionOpposition';
  cycle: MotionCycle;
  hearing: Ev;
  count: CourtDayCount;
}

/** The latest motion with a hearing set or continued. */
export function motionWithHearing(state: CaseState): MotionCycle | undefined {
  for (let i = state.motions.length - 1; i >= 0; i--) {
    const m = state.motions[i] as MotionCycle;
    if (m.set !== undefined || m.continuances.length > 0) return m;
  }
  return undefined;
}

function otherParty(p: Party | undefined): Party | undefined {
  return p === 'PETITIONER' ? 'RESPONDENT' : p === 'RESPONDENT' ? 'PETITIONER' : undefined;
}

/** MOTION_SERVICE_DEADLINE (throws CalendarRangeError past the calendar). */
export function motionNotice(run: Run, cycle: MotionCycle): MotionNoticeResult | undefined {
  const hearing = currentHearing(cycle);
  if (hearing === undefined) return undefined;
  const rule = run.law.rules.motionNotice;
  const version = versionOn(rule.versions, cycle.filed.day);
  const n = version.numbers;
  const shortened = cycle.shortened;
  let last: DayNumber;
  let count: CourtDayCount | undefined;
  let byMail: DayNumber | undefined;
  let electronically: CourtDayCount | undefined;
  if (shortened?.days !== undefined) {
    last = countBackFromHearing(run.cal, hearing.day, shortened.days).date;
  } else {
    count = addCourtDays(run.cal, hearing.day, -n.courtDaysBeforeHearing);
    last = count.date;
    if (!rule.personalServiceOnly) {
      // Counted further back from the day the court days give (CCP § 12c(b)).
      byMail = last - n.mailCalendarDays;
      electronically = addCourtDays(run.cal, last, -n.electronicCourtDays);
    }
  }
  let metBy: Ev | undefined;
  let alternative: Version<unknown> | undefined;
  for (const s of cycle.served) {
    let due = last;
    let allowed: Version<unknown> | undefined;
    if (s.method === 'MAIL' || s.method === 'ELECTRONIC') {
      if (rule.personalServiceOnly) {
        run.warn('SERVICE_NOT_PERSONAL', say.motionNotPersonal(s, version.citation), [s]);
        continue;
      }
      if (s.method === 'MAIL' && byMail !== undefined) due = byMail;
      if (s.method === 'ELECTRONIC' && electronically !== undefined) due = electronically.date;
    } else if (s.method === 'ALTERNATIVE') {
      allowed = allowedAlternative(run, s);
      if (allowed === undefined) continue;
    }
    if (s.day > hearing.day) {
      run.warn('SERVED_AFTER_HEARING', say.servedAfterHearing(s, hearing.day), [hearing, s]);
    } else if (s.day > due) {
      run.warn('SERVED_LATE', say.motionServedLate(s, due, hearing.day), [hearing, s]);
    } else if (metBy === undefined) {
      metBy = s;
      alternative = allowed;
    }
  }
  const status: DeadlineStatus =
    metBy !== undefined ? 'MET' : cycle.decided !== undefined ? 'SUPERSEDED' : 'OPEN';
  const advisory: Advisory = { lastCourtDayOnOrBefore: formatDay(last) };
  if (byMail !== undefined) advisory.byMail = formatDay(byMail);
  if (electronically !== undefined) advisory.electronically = formatDay(electronically.date);
  const deadline = computed(
    'MOTION_SERVICE_DEADLINE',
    'SERVICE_DEADLINE',
    last,
    undefined,
    status,
    version,
    advisory,
    [cycle.filed, hearing, shortened, metBy],
    cycle.filed.movedBy,
  );
  if (alternative !== undefined) deadline.also = [alternative];
  return {
    stage: 'motionNotice',
    deadline,
    cycle,
    hearing,
    numbers: n,
    personalServiceOnly: rule.personalServiceOnly,
    shortened,
    count,
    byMail,
    electronically,
    metBy,
  };
}

/** MOTION_OPPOSITION_DEADLINE (throws CalendarRangeError past the calendar). */
export function motionOpposition(run: Run, cycle: MotionCycle): MotionOppositionResult | undefined {
  const hearing = currentHearing(cycle);
  if (hearing === undefined) return undefined;
  const version = versionOn(run.law.rules.motionOpposition.versions, cycle.filed.day);
  const count = addCourtDays(run.cal, hearing.day, -version.numbers.courtDaysBeforeHearing);
  const status: DeadlineStatus = cycle.decided !== undefined ? 'SUPERSEDED' : 'OPEN';
  return {
    stage: 'motionOpposition',
    deadline: computed(
      'MOTION_OPPOSITION_DEADLINE',
      'OPPOSITION_DEADLINE',
      count.date,
      undefined,
      status,
      version,
      undefined,
      [cycle.filed, hearing],
      otherParty(cycle.filed.movedBy),
    ),
    cycle,
    hearing,
    count,
  };
}

/**
 * Pen. Code § 18185: a restrained person's request to terminate within 12 months of the
 * previous one (or, before September 2020, any second request during the order) is flagged.
 */
export function checkTerminationRequests(run: Run, state: CaseState): void {
  const rule = run.law.rules.terminationRequests;
  const order = state.order;
  if (rule === null || order === undefined) return;
  const requests = state.motions
    .map((m) => m.filed)
    .filter((f) => f.motion === 'TERMINATE' && f.movedBy === 'RESPONDENT' && f.day >= order.day);
  for (let i = 1; i < requests.length; i++) {
    const request = requests[i] as Ev;
    const previous = requests[i - 1] as Ev;
    const v = versionOn(rule.versions, request.day);
    const perYears = v.numbers.perYears;
    const tooSoon = perYears === null || previous.day > addYearsClamped(request.day, -perYears).day;
    if (tooSoon) {
      run.warn(
        'TERMINATION_REQUEST_TOO_SOON',
        say.terminationRequestTooSoon(request, previous, v.citation, v.description, perYears),
        [previous, request],
      );
    }
  }
}

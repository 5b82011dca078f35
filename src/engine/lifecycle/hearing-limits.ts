// Stage: the hearing limits. The hearing must be held within n calendar days of the
// trigger (the temporary order's grant or denial, the filing, or for a GVRO the order
// issued), and within the longer good-cause limit where the statute has one. The
// trigger day is not counted (CCP § 12); a last day that is not a court day rolls
// forward (CCP §§ 12a, 136).

import type { CourtCalendar } from '../calendar.js';
import { addCalendarDaysRollForward, type ForwardRoll } from '../counting.js';
import { formatDay } from '../days.js';
import { versionOn, type HearingLimitSpec, type Rule } from '../law/model.js';
import type { DeadlineStatus } from '../types.js';
import type { CaseState, Ev } from './events.js';
import { warnings as say } from './narrator/warnings.js';
import { computed, type Computed, type Run } from './run.js';

/** What started the hearing clock, and under which rule. */
export interface Trigger {
  ev: Ev;
  by: 'emergencyOrder' | 'orderIssued' | 'granted' | 'denied' | 'filed';
  rule: Rule<HearingLimitSpec>;
  goodCauseRule: Rule<HearingLimitSpec> | null;
}

export interface HearingLimits {
  trigger: Trigger;
  days: number;
  latest: ForwardRoll;
  /** Only where the statute allows a good-cause extension. */
  goodCause: { days: number; roll: ForwardRoll } | undefined;
}

export function hearingTrigger(run: Run, state: CaseState): Trigger | undefined {
  const { law } = run;
  const { decision, petition } = state.petition;
  const { hearingLatest, hearingLatestGoodCause } = law.rules;
  if (hearingLatest.runsFrom === 'orderIssued') {
    // Pen. Code §§ 18148 (emergency), 18165 (ex parte): within 21 days after the date on
    // the order. The later order restarts the clock; a denial or a bare petition sets none.
    const exParte = decision?.type === 'TRO_GRANTED' ? decision : undefined;
    const epo = state.epo;
    if (exParte !== undefined && (epo === undefined || exParte.day >= epo.day)) {
      return { ev: exParte, by: 'orderIssued', rule: hearingLatest, goodCauseRule: null };
    }
    const emergencyRule = law.emergencyOrder?.hearingLatest ?? null;
    if (epo !== undefined && emergencyRule !== null) {
      return { ev: epo, by: 'emergencyOrder', rule: emergencyRule, goodCauseRule: null };
    }
    return undefined;
  }
  if (decision !== undefined && petition !== undefined && decision.day < petition.day) {
    run.warn('EVENT_OUT_OF_ORDER', say.datedBefore(decision, petition), [petition, decision]);
  }
  const ev = decision ?? petition;
  if (ev === undefined) return undefined;
  return {
    ev,
    by: ev.type === 'TRO_GRANTED' ? 'granted' : ev.type === 'TRO_DENIED' ? 'denied' : 'filed',
    rule: hearingLatest,
    goodCauseRule: hearingLatestGoodCause,
  };
}

/** Counts the limits from the trigger (throws CalendarRangeError past the calendar). */
export function hearingLimits(cal: CourtCalendar, trigger: Trigger): HearingLimits {
  const from = trigger.ev.day;
  const days = versionOn(trigger.rule.versions, from).numbers.calendarDays;
  const latest = addCalendarDaysRollForward(cal, from, days);
  const goodCauseRule = trigger.goodCauseRule;
  let goodCause: HearingLimits['goodCause'];
  if (goodCauseRule !== null) {
    const goodCauseDays = versionOn(goodCauseRule.versions, from).numbers.calendarDays;
    goodCause = { days: goodCauseDays, roll: addCalendarDaysRollForward(cal, from, goodCauseDays) };
  }
  return { trigger, days, latest, goodCause };
}

/** One hearing limit, and whether the hearing held or set meets it. */
export interface HearingLimitResult {
  deadline: Computed;
  stage: 'hearingLimit';
  limits: HearingLimits;
  limit: 'latest' | 'goodCause';
  days: number;
  roll: ForwardRoll;
  /** The hearing set (HEARING_SET), else the order after hearing (it was held). */
  held: Ev | undefined;
  heldIsSet: boolean;
}

export function hearingLimitDeadlines(
  run: Run,
  state: CaseState,
  limits: HearingLimits,
): HearingLimitResult[] {
  const { law } = run;
  const { trigger, latest, goodCause } = limits;
  const set = state.petition.set;
  // The hearing held or set: the HEARING_SET date (continuances are lawful under Fam. Code
  // 245 / CCP 527.6(p) and do not count against the limit), else the order after hearing.
  const held = set ?? state.order;
  if (set !== undefined && set.day < trigger.ev.day) {
    run.warn('EVENT_OUT_OF_ORDER', say.hearingBeforeTrigger(set, trigger.ev), [trigger.ev, set]);
  }
  const outer = goodCause?.roll ?? latest;
  if (held !== undefined && held.day > outer.date) {
    const citation = law.rules.temporaryOrderExpiry.unenforceableCitation;
    run.warn(
      'HEARING_BEYOND_LIMIT',
      say.hearingBeyondLimit(
        held,
        goodCause === undefined ? `${limits.days}-day` : `${goodCause.days}-day good-cause`,
        outer.date,
        citation === null ? null : { order: law.temporaryOrder, citation },
      ),
      [trigger.ev, held],
    );
  } else if (held !== undefined && goodCause !== undefined && held.day > latest.date) {
    run.warn(
      'HEARING_NEEDS_GOOD_CAUSE',
      say.hearingNeedsGoodCause(
        held,
        limits.days,
        latest.date,
        goodCause.days,
        goodCause.roll.date,
      ),
      [trigger.ev, held],
    );
  }

  const out: HearingLimitResult[] = [];
  {
    let status: DeadlineStatus = 'OPEN';
    if (held !== undefined && held.day <= latest.date) status = 'MET';
    else if (held !== undefined && goodCause !== undefined && held.day <= goodCause.roll.date)
      status = 'SUPERSEDED';
    out.push(limitResult(limits, 'latest', limits.days, latest, status, held, held === set));
  }
  if (goodCause !== undefined && trigger.goodCauseRule !== null) {
    const status: DeadlineStatus =
      held !== undefined && held.day <= goodCause.roll.date ? 'MET' : 'OPEN';
    out.push(
      limitResult(limits, 'goodCause', goodCause.days, goodCause.roll, status, held, held === set),
    );
  }
  return out;
}

function limitResult(
  limits: HearingLimits,
  limit: 'latest' | 'goodCause',
  days: number,
  roll: ForwardRoll,
  status: DeadlineStatus,
  held: Ev | undefined,
  heldIsSet: boolean,
): HearingLimitResult {
  const { trigger } = limits;
  const rule =
    limit === 'latest' ? trigger.rule : (trigger.goodCauseRule as Rule<HearingLimitSpec>);
  const key = limit === 'latest' ? 'HEARING_LATEST' : 'HEARING_LATEST_GOOD_CAUSE';
  return {
    stage: 'hearingLimit',
    deadline: computed(
      key,
      key,
      roll.date,
      undefined,
      status,
      versionOn(rule.versions, trigger.ev.day),
      { rawDate: formatDay(roll.raw) },
      [trigger.ev, held],
    ),
    limits,
    limit,
    days,
    roll,
    held,
    heldIsSet,
  };
}

// Stage: the emergency order's expiry (EPO_EXPIRES).
//
// An EPO (Fam. Code § 6256) expires at the earlier of (a) close of judicial business on
// the nth court day after the day of issuance and (b) the mth calendar day after it: n and
// m are the rule's numbers (law/emergency.ts). The statute gives neither limb a clock time;
// both are read as the court's close of business (EPO.END_TIME), the earlier reading. An emergency GVRO
// (Pen. Code § 18125) expires a fixed number of days after issuance. Neither is ever
// extended to a court day (EXPIRY.NOT_ROLLED). A date written on the order controls.

import { addCourtDays, lastCourtDayOnOrBefore, type CourtDayCount } from '../counting.js';
import { formatDay, type DayNumber } from '../days.js';
import type { InterpretationId } from '../law/interpretations.js';
import { versionOn, type EmergencyOrderLaw } from '../law/model.js';
import { END_OF_DAY_SECONDS, parseLocalTimeSeconds } from '../time-zone.js';
import type { Advisory, DeadlineStatus, EpoGoverning } from '../types.js';
import { grantedTemporaryOrder, type CaseState, type Ev } from './events.js';
import type { HearingLimits } from './hearing-limits.js';
import { warnings as say } from './narrator/warnings.js';
import { computed, type Computed, type Run } from './run.js';

/** Which limb set the computed expiry. */
export type EmergencyLimb =
  | {
      expires: 'earlierOf';
      courtDays: number;
      calendarDays: number;
      /** Limb (a): close of business on the nth court day, with the days counted and skipped. */
      courtDayLimb: CourtDayCount;
      /** Limb (b): the mth calendar day, at the court's close of business (EPO.END_TIME). */
      calendarDayLimb: DayNumber;
      governing: EpoGoverning;
    }
  | { expires: 'afterDays'; calendarDays: number };

/** The readings an emergency order's expiry can rest on. */
export type EmergencyOrderReading = Extract<
  InterpretationId,
  'EPO.END_TIME' | 'GV.EMERGENCY.END_OF_DAY' | 'EXPIRY.WRITTEN_WITHOUT_TIME'
>;

export interface EmergencyOrderResult {
  deadline: Computed;
  stage: 'emergencyOrder';
  law: EmergencyOrderLaw;
  issued: Ev;
  limb: EmergencyLimb;
  computed: DayNumber;
  closeOfBusiness: string;
  /** The expiration written on the order, which controls. */
  written: { day: DayNumber; time: string | undefined } | undefined;
  /** The hearing deadline rolls past the expiry: set the hearing by this court day. */
  gap: { hearingDeadline: DayNumber; lastCourtDay: DayNumber } | undefined;
  /** The order after hearing that superseded it, or the temporary order that met it. */
  by: Ev | undefined;
  readings: EmergencyOrderReading[];
}

export function emergencyOrderExpiry(
  run: Run,
  state: CaseState,
  limits: HearingLimits | undefined,
): EmergencyOrderResult | undefined {
  const epo = state.epo;
  const law = run.law.emergencyOrder;
  if (epo === undefined || law === null) return undefined;
  const { cal } = run;
  const cob = parseLocalTimeSeconds(cal.closeOfBusiness);
  const D = epo.day;
  const advisory: Advisory = {};
  const readings: EmergencyOrderReading[] = [];
  let limb: EmergencyLimb;
  let computedDay: DayNumber;
  let computedSecond: number;

  if (law.expires === 'earlierOf') {
    const { courtDays, calendarDays } = versionOn(law.expiry.versions, D).numbers;
    const courtDayLimb = addCourtDays(cal, D, courtDays);
    const calendarDayLimb = D + calendarDays;
    advisory.fifthCourtDay = formatDay(courtDayLimb.date);
    advisory.seventhCalendarDay = formatDay(calendarDayLimb);
    // Both limbs end at the court's close of business (EPO.END_TIME): the earlier date governs.
    const governing: EpoGoverning =
      courtDayLimb.date < calendarDayLimb
        ? 'fifth_court_day'
        : courtDayLimb.date > calendarDayLimb
          ? 'seventh_calendar_day'
          : 'tie_same_date';
    computedDay = Math.min(courtDayLimb.date, calendarDayLimb);
    computedSecond = cob;
    readings.push('EPO.END_TIME');
    advisory.governing = governing;
    limb = {
      expires: 'earlierOf',
      courtDays,
      calendarDays,
      courtDayLimb,
      calendarDayLimb,
      governing,
    };
  } else {
    const { calendarDays } = versionOn(law.expiry.versions, D).numbers;
    computedDay = D + calendarDays;
    computedSecond = END_OF_DAY_SECONDS;
    readings.push('GV.EMERGENCY.END_OF_DAY');
    limb = { expires: 'afterDays', calendarDays };
  }

  let day = computedDay;
  let second = computedSecond;
  let written: EmergencyOrderResult['written'];
  if (epo.expiresDay !== undefined) {
    day = epo.expiresDay;
    advisory.computedDate = formatDay(computedDay);
    const time = epo.expiresTime;
    if (time !== undefined) {
      second = parseLocalTimeSeconds(time);
    } else {
      second = cob;
      readings.push('EXPIRY.WRITTEN_WITHOUT_TIME');
    }
    written = { day, time };
    if (day < D) {
      run.warn('EXPIRY_NOT_AFTER_ISSUANCE', say.emergencyWrittenBeforeIssued(epo, day), [epo]);
    }
    if (day > computedDay || (day === computedDay && second > computedSecond)) {
      run.warn(
        'EXPIRY_BEYOND_STATUTORY_MAX',
        say.emergencyWrittenBeyondStatute(epo, day, computedDay),
        [epo],
      );
    }
  }
  let gap: EmergencyOrderResult['gap'];
  if (limits !== undefined && limits.trigger.ev === epo && limits.latest.date > day) {
    // The emergency order started the hearing clock, and the rolled hearing deadline is
    // after the order has expired, which leaves the person unprotected in between
    // (GAP.HEARING_AFTER_EXPIRY).
    const lastCourtDay = lastCourtDayOnOrBefore(cal, day);
    advisory.lastCourtDayBeforeExpiry = formatDay(lastCourtDay);
    gap = { hearingDeadline: limits.latest.date, lastCourtDay };
    run.warn(
      'GV_EMERGENCY_EXPIRES_BEFORE_HEARING_DEADLINE',
      say.emergencyGap(law.name, day, limits.latest.date, lastCourtDay),
      [epo],
    );
  }
  advisory.lastCourtDayOnOrBefore = formatDay(lastCourtDayOnOrBefore(cal, day));

  let status: DeadlineStatus = 'OPEN';
  let by: Ev | undefined;
  const order = state.order;
  const tro = grantedTemporaryOrder(state);
  if (order !== undefined && order.day <= day) {
    status = 'SUPERSEDED';
    by = order;
    advisory.supersededBy = 'ORDER_AFTER_HEARING';
  } else if (tro !== undefined && tro.day >= D && tro.day <= day) {
    status = 'MET';
    by = tro;
  } else if (tro !== undefined && tro.day > day && law.expires === 'earlierOf') {
    run.warn(
      'EPO_EXPIRED_BEFORE_TRO',
      say.emergencyExpiredBeforeTemporaryOrder(law.name, day, run.law.temporaryOrder, tro.day),
      [epo, tro],
    );
  }
  return {
    stage: 'emergencyOrder',
    deadline: computed(
      'EPO_EXPIRES',
      'EPO_EXPIRES',
      day,
      second,
      status,
      versionOn(law.expiry.versions, D),
      advisory,
      [epo],
    ),
    law,
    issued: epo,
    limb,
    computed: computedDay,
    closeOfBusiness: cal.closeOfBusiness,
    written,
    gap,
    by,
    readings,
  };
}

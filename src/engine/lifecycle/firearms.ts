// Stage: the respondent's firearm duties once served with an order (FIREARM_RELINQUISHMENT,
// FIREARM_RECEIPT). Surrender within n hours of being served, and file the receipt within m
// hours (Fam. Code § 6389(c)(2); CCP § 527.9(b); Pen. Code § 18120): n and m are the rule's
// numbers. Hours are elapsed time from the instant of service, never extended to a court day
// (FIREARMS.HOURS_NOT_EXTENDED); with no time of service recorded, from the start of the day
// (FIREARMS.SERVICE_TIME_UNKNOWN). The duty is the respondent's: advocates watch it.
//
// What starts the clock: the first personal (or court-ordered) service made once a temporary
// order was granted, or an emergency order that carries the duty was issued; failing that, the
// first service of the order after hearing (which may be by mail, Fam. Code § 6384).

import { courtDayInfoOf } from '../calendar.js';
import { firstCourtDayOnOrAfter, lastCourtDayOnOrBefore } from '../counting.js';
import { formatDay, type DayNumber } from '../days.js';
import { matchesRulePattern } from '../law/checks.js';
import { INTERPRETATIONS, type InterpretationId } from '../law/interpretations.js';
import { versionOn, type FirearmSpec, type Rule } from '../law/model.js';
import {
  afterElapsedHours,
  END_OF_DAY_SECONDS,
  epochOf,
  isoOf,
  parseLocalTimeSeconds,
  resolveLocal,
} from '../time-zone.js';
import type { Advisory, DeadlineStatus } from '../types.js';
import { grantedTemporaryOrder, type CaseState, type Ev } from './events.js';
import { warnings as say } from './narrator/warnings.js';
import { computed, type Computed, type Run } from './run.js';

export type FirearmReading = Extract<
  InterpretationId,
  'FIREARMS.SERVICE_TIME_UNKNOWN' | 'FIREARMS.RECEIVING_IS_SERVICE'
>;

export interface FirearmResult {
  deadline: Computed;
  stage: 'firearms';
  duty: 'relinquishment' | 'receipt';
  hours: number;
  served: Ev;
  /** What was served: the temporary order, the emergency order, or the order after hearing. */
  servedWith: 'temporaryOrder' | 'emergencyOrder' | 'order';
  /** The instant counted from (the start of the day when no time was recorded). */
  from: { day: DayNumber; second: number; iso: string; timeKnown: boolean };
  due: { day: DayNumber; second: number; endOfDay: boolean };
  /**
   * The receipt, due when the clerk's office is closed: the last court day before it, or,
   * when none falls after the service, the next court day (paper filing).
   */
  paperFiling: { by: 'lastCourtDayBefore' | 'nextCourtDay'; day: DayNumber } | undefined;
  metBy: Ev | undefined;
  readings: FirearmReading[];
}

interface Service {
  ev: Ev;
  servedWith: FirearmResult['servedWith'];
}

/** Seconds after local midnight an event happened at: its time, else the given default. */
function secondOf(ev: Ev, otherwise: number): number {
  return ev.time === undefined ? otherwise : parseLocalTimeSeconds(ev.time);
}

function before(a: Ev, b: Ev): boolean {
  return a.day !== b.day ? a.day < b.day : secondOf(a, 0) < secondOf(b, 0);
}

/** The service that starts the firearm duties, if one is recorded. */
function firstService(run: Run, state: CaseState): Service | undefined {
  const tro = grantedTemporaryOrder(state);
  const emergency = run.law.emergencyOrder?.firearmsOnService === true ? state.epo : undefined;
  let first: Service | undefined;
  for (const s of state.petition.served) {
    if (s.method !== 'PERSONAL' && s.method !== 'ALTERNATIVE') continue;
    const servedWith =
      tro !== undefined && s.day >= tro.day
        ? 'temporaryOrder'
        : emergency !== undefined && s.day >= emergency.day
          ? 'emergencyOrder'
          : undefined;
    if (servedWith !== undefined && (first === undefined || before(s, first.ev)))
      first = { ev: s, servedWith };
  }
  if (first !== undefined) return first;
  const order = state.order;
  if (order === undefined) return undefined;
  for (const s of state.orderServed) {
    if (s.day >= order.day && (first === undefined || before(s, first.ev)))
      first = { ev: s, servedWith: 'order' };
  }
  return first;
}

/** FIREARM_RELINQUISHMENT and FIREARM_RECEIPT, once the respondent was served. */
export function firearmDeadlines(run: Run, state: CaseState): FirearmResult[] {
  const service = firstService(run, state);
  if (service === undefined) return [];
  const { relinquished, receipts } = state.firearms;
  const { firearmRelinquishment, firearmReceipt } = run.law.rules;
  return [
    duty(run, service, 'relinquishment', firearmRelinquishment, [...relinquished, ...receipts]),
    duty(run, service, 'receipt', firearmReceipt, receipts),
  ];
}

function duty(
  run: Run,
  service: Service,
  which: FirearmResult['duty'],
  rule: Rule<FirearmSpec>,
  doneBy: readonly Ev[],
): FirearmResult {
  const served = service.ev;
  const version = versionOn(rule.versions, served.day);
  const hours = version.numbers.hours;
  const readings: FirearmReading[] = [];
  const timeKnown = served.time !== undefined;
  if (!timeKnown) readings.push('FIREARMS.SERVICE_TIME_UNKNOWN');
  if (which === 'receipt' && appliesTo('FIREARMS.RECEIVING_IS_SERVICE', rule.id))
    readings.push('FIREARMS.RECEIVING_IS_SERVICE');
  const fromLocal = resolveLocal(served.day, secondOf(served, 0));
  const dueAt = afterElapsedHours(fromLocal, hours);
  let dueDay = dueAt.day;
  let dueSecond = dueAt.second;
  // Midnight that ends a day is shown as the end of that day, not the start of the next.
  const endOfDay = dueSecond === 0;
  if (endOfDay) {
    dueDay -= 1;
    dueSecond = END_OF_DAY_SECONDS;
  }
  const dueEpoch = epochOf(resolveLocal(dueDay, dueSecond));

  let metBy: Ev | undefined;
  for (const e of doneBy) {
    if (e.day < served.day) {
      run.warn('EVENT_OUT_OF_ORDER', say.firearmsBeforeService(e, evDate(served)), [served, e]);
    }
    // An act recorded without a time is taken at the end of its day: late rather than early.
    const at = epochOf(resolveLocal(e.day, secondOf(e, END_OF_DAY_SECONDS)));
    if (at <= dueEpoch) {
      metBy ??= e;
    } else if (
      e.type === (which === 'receipt' ? 'FIREARMS_RECEIPT_FILED' : 'FIREARMS_RELINQUISHED')
    ) {
      run.warn(
        'FIREARMS_LATE',
        say.firearmsLate(
          e,
          which === 'receipt' ? 'receipt' : 'relinquishment',
          isoOf(resolveLocal(dueDay, dueSecond)),
        ),
        [served, e],
      );
    }
  }
  const status: DeadlineStatus = metBy !== undefined ? 'MET' : 'OPEN';
  const advisory: Advisory = { servedAt: isoOf(fromLocal) };
  let paperFiling: FirearmResult['paperFiling'];
  if (which === 'receipt' && !courtDayInfoOf(run.cal, dueDay).courtDay) {
    const last = lastCourtDayOnOrBefore(run.cal, dueDay);
    if (last > served.day) {
      paperFiling = { by: 'lastCourtDayBefore', day: last };
      advisory.lastCourtDayOnOrBefore = formatDay(last);
    } else {
      paperFiling = { by: 'nextCourtDay', day: firstCourtDayOnOrAfter(run.cal, dueDay) };
      advisory.firstCourtDayOnOrAfter = formatDay(paperFiling.day);
    }
  }
  const key = which === 'receipt' ? 'FIREARM_RECEIPT' : 'FIREARM_RELINQUISHMENT';
  return {
    stage: 'firearms',
    deadline: computed(
      key,
      key,
      dueDay,
      dueSecond,
      status,
      version,
      advisory,
      [served, metBy],
      'RESPONDENT',
    ),
    duty: which,
    hours,
    served,
    servedWith: service.servedWith,
    from: { day: fromLocal.day, second: fromLocal.second, iso: isoOf(fromLocal), timeKnown },
    due: { day: dueDay, second: dueSecond, endOfDay },
    paperFiling,
    metBy,
    readings,
  };
}

function evDate(ev: Ev): string {
  return ev.time === undefined ? formatDay(ev.day) : `${formatDay(ev.day)} ${ev.time}`;
}

/** Whether a reading lists the rule (the CCP § 527.9 families' receipt, not DV's or GV's). */
function appliesTo(id: InterpretationId, ruleId: string): boolean {
  return INTERPRETATIONS[id].rules.some((p) => matchesRulePattern(p, ruleId));
}

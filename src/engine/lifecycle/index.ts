// computeDeadlines: a case's events in, its deadlines and warnings out.
//
// The events are folded into the state of the case (events.ts); then each stage derives
// its deadlines from that state as structured results (which rule version, which limb
// governed, the days counted and skipped); the narrator writes each result's
// explanation; and each becomes a deadline with its rule's id, citation and caveat.
// Stages, in the order of a case's life:
//   hearing-limits      HEARING_LATEST, HEARING_LATEST_GOOD_CAUSE
//   emergency-order     EPO_EXPIRES
//   hearing-and-service HEARING, SERVICE_DEADLINE (and the renewal hearing's)
//   temporary-order     TRO_EXPIRES
//   order-term, renewal ORDER_EXPIRES, RENEWAL_WINDOW_OPENS, RENEWAL_DEADLINE
//   firearms            FIREARM_RELINQUISHMENT, FIREARM_RECEIPT (the respondent's)
//   motion              a motion's HEARING, SERVICE_DEADLINE, OPPOSITION_DEADLINE

import { defaultCourtCalendars, type CourtCalendar, type CourtCalendars } from '../calendar.js';
import { EngineInputError } from '../errors.js';
import { assertLawAgrees, type LawTable } from '../law/checks.js';
import { LAW } from '../law/index.js';
import type { CaseEvent, ComputeInput, ComputeResult, Deadline } from '../types.js';
import { emergencyOrderExpiry } from './emergency-order.js';
import { currentHearing, Ev, fold, type CaseState, type HearingTrack } from './events.js';
import {
  hearingDeadline,
  serviceDeadline,
  type HearingTrackContext,
} from './hearing-and-service.js';
import {
  hearingLimitDeadlines,
  hearingLimits,
  hearingTrigger,
  type HearingLimits,
} from './hearing-limits.js';
import { narrateEmergencyOrder } from './narrator/emergency-order.js';
import { narrateHearing, narrateHearingLimit, narrateService } from './narrator/hearing.js';
import { narrate, terminatedStep } from './narrator/index.js';
import {
  narrateOrderExpiry,
  narrateRenewalDeadline,
  narrateRenewalWindow,
} from './narrator/order.js';
import { narrateTemporaryOrder } from './narrator/temporary-order.js';
import { isDated } from './order-term.js';
import { orderExpiry, orderOutcome, renewalDeadline, renewalWindow } from './renewal.js';
import { supersededByPermanent } from './permanent-renewal.js';
import { Run, type Out } from './run.js';
import { temporaryOrderExpiry } from './temporary-order.js';
import { firearmDeadlines } from './firearms.js';
import {
  checkTerminationRequests,
  motionNotice,
  motionOpposition,
  motionWithHearing,
} from './motion.js';
import { narrateFirearms } from './narrator/firearms.js';
import { narrateMotionNotice, narrateMotionOpposition } from './narrator/motion.js';

export interface ComputeOptions {
  /** Court calendars to use (default: the data in calendars/). */
  calendars?: CourtCalendars;
  /**
   * The law to compute under (default: the table in law/, checked when it loaded). Another
   * table is checked the same way before its first use; tests use it to prove that every
   * number the engine uses comes from the table.
   */
  law?: LawTable;
}

const checkedTables = new WeakSet<LawTable>([LAW]);

function lawTable(table: LawTable | undefined): LawTable {
  if (table === undefined) return LAW;
  if (!checkedTables.has(table)) {
    assertLawAgrees(table);
    checkedTables.add(table);
  }
  return table;
}

/** HEARING and SERVICE_DEADLINE for one track (the petition's or a renewal request's). */
function hearingAndService(run: Run, track: HearingTrack, ctx: HearingTrackContext): void {
  hearingOf(run, track, ctx);
  const service = serviceDeadline(run, track, ctx);
  if (service !== undefined) run.emit(service.deadline, narrateService(run.cal, service));
}

function hearingOf(run: Run, track: HearingTrack, ctx: HearingTrackContext): void {
  try {
    const hearing = hearingDeadline(run, track, ctx);
    if (hearing !== undefined) run.emit(hearing.deadline, narrateHearing(hearing));
  } catch (err) {
    const what = {
      petition: 'The hearing',
      renewal: 'The renewal hearing',
      motion: "The motion's hearing",
    };
    run.outOfRange(err, what[ctx.track], [currentHearing(track)]);
  }
}

/** A motion to modify or terminate: its hearing, the notice and the opposition. */
function motion(run: Run, state: CaseState): void {
  checkTerminationRequests(run, state);
  const cycle = motionWithHearing(state);
  if (cycle === undefined) return;
  hearingOf(run, cycle, { track: 'motion', papers: cycle.filed, held: cycle.decided });
  try {
    const notice = motionNotice(run, cycle);
    if (notice !== undefined) run.emit(notice.deadline, narrateMotionNotice(run.cal, notice));
    const opposition = motionOpposition(run, cycle);
    if (opposition !== undefined)
      run.emit(opposition.deadline, narrateMotionOpposition(run.cal, opposition));
  } catch (err) {
    run.outOfRange(err, "The motion's notice and opposition", [currentHearing(cycle)]);
  }
}

function firearms(run: Run, state: CaseState): void {
  try {
    for (const r of firearmDeadlines(run, state)) run.emit(r.deadline, narrateFirearms(run.cal, r));
  } catch (err) {
    run.outOfRange(err, 'The firearm deadlines', []);
  }
}

function orderAndRenewal(run: Run, state: CaseState): void {
  const o = orderOutcome(run, state);
  if (o === undefined) return;
  const term = o.term;
  if (!isDated(term)) {
    if (o.lastDated !== undefined) {
      try {
        for (const r of supersededByPermanent(run, o, term, o.lastDated))
          run.emit(r.deadline, narrate(run.cal, run.law, r));
      } catch (err) {
        run.outOfRange(err, 'The superseded renewal dates', [term.ev]);
      }
    }
  } else {
    const expiry = orderExpiry(o, term, run);
    run.emit(expiry.deadline, narrateOrderExpiry(run.law, expiry));
    try {
      const window = renewalWindow(run, o, term);
      run.emit(window.deadline, narrateRenewalWindow(run.cal, window));
    } catch (err) {
      run.outOfRange(err, 'The renewal window', [term.ev]);
    }
    try {
      const deadline = renewalDeadline(run, o, term);
      run.emit(deadline.deadline, narrateRenewalDeadline(run.cal, deadline));
    } catch (err) {
      run.outOfRange(err, 'The renewal deadline', [term.ev]);
    }
  }
  const cycle = o.hearingCycle;
  if (cycle !== undefined) {
    hearingAndService(run, cycle, { track: 'renewal', papers: cycle.filed, held: cycle.renewed });
  }
}

function applyTermination(run: Run, state: CaseState): void {
  const term = state.terminated;
  if (term === undefined) return;
  for (const o of run.out) {
    const d = o.deadline;
    if (d.status === 'OPEN' && o.day >= term.day) {
      d.status = 'SUPERSEDED';
      d.advisory = { ...d.advisory, supersededBy: 'ORDER_TERMINATED' };
      d.explanation.push(terminatedStep(term.day));
      if (term.id !== undefined && !d.basedOn.includes(term.id)) d.basedOn.push(term.id);
    }
  }
}

function byDateThenInstantThenKey(a: Out, b: Out): number {
  if (a.day !== b.day) return a.day - b.day;
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return a.deadline.key < b.deadline.key ? -1 : a.deadline.key > b.deadline.key ? 1 : 0;
}

/**
 * Computes a case's deadlines and warnings. Pure: plain values in, plain values out.
 * Throws EngineInputError (with `field`) only for input it cannot read: an unknown
 * court or a malformed date. Validate with parseComputeInput first to get every
 * problem at once.
 */
export function computeDeadlines(input: ComputeInput, options?: ComputeOptions): ComputeResult {
  const calendars = options?.calendars ?? defaultCourtCalendars;
  let cal: CourtCalendar;
  try {
    cal = calendars.get(input.court);
  } catch (err) {
    if (err instanceof EngineInputError) err.field = 'court';
    throw err;
  }
  const law = lawTable(options?.law).families[input.family];
  if (law === undefined)
    throw new EngineInputError(
      'INVALID_ARGUMENT',
      `unknown family: ${String(input.family)}`,
      'family',
    );
  const run = new Run(cal, law);
  const events: Ev[] = [];
  for (let i = 0; i < input.events.length; i++)
    events.push(new Ev(i, input.events[i] as CaseEvent));
  const state = fold(run, law, events);

  let limits: HearingLimits | undefined;
  const trigger = hearingTrigger(run, state);
  if (trigger !== undefined) {
    try {
      limits = hearingLimits(cal, trigger);
    } catch (err) {
      run.outOfRange(err, 'The hearing limits', [trigger.ev]);
    }
  }
  try {
    const epo = emergencyOrderExpiry(run, state, limits);
    if (epo !== undefined)
      run.emit(epo.deadline, narrateEmergencyOrder(cal, law.temporaryOrder, epo));
  } catch (err) {
    run.outOfRange(err, 'The emergency order expiration', [state.epo]);
  }
  if (limits !== undefined) {
    try {
      for (const r of hearingLimitDeadlines(run, state, limits))
        run.emit(r.deadline, narrateHearingLimit(cal, law, r));
    } catch (err) {
      run.outOfRange(err, 'The hearing limits', [trigger?.ev]);
    }
  }
  const petition = state.petition;
  hearingAndService(run, petition, {
    track: 'petition',
    papers: petition.petition ?? petition.decision,
    held: state.order,
  });
  try {
    const tro = temporaryOrderExpiry(run, state, limits);
    if (tro !== undefined) run.emit(tro.deadline, narrateTemporaryOrder(law, tro));
  } catch (err) {
    run.outOfRange(err, 'The temporary order expiration', [petition.decision]);
  }
  orderAndRenewal(run, state);
  motion(run, state);
  firearms(run, state);
  applyTermination(run, state);

  // Insertion sort: a case has about ten deadlines, and it is stable.
  const out = run.out;
  for (let i = 1; i < out.length; i++) {
    const item = out[i] as Out;
    let j = i - 1;
    while (j >= 0 && byDateThenInstantThenKey(out[j] as Out, item) > 0) {
      out[j + 1] = out[j] as Out;
      j--;
    }
    out[j + 1] = item;
  }
  const deadlines: Deadline[] = [];
  for (const o of out) deadlines.push(o.deadline);
  return { deadlines, warnings: run.warnings };
}

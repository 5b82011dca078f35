// The case's events folded, in recording order, into its state: the emergency order,
// the petition phase, the order after hearing, each renewal cycle, a termination. A
// later event of the same kind supersedes an earlier one. Facts that do not fit become
// warnings, never exceptions: the advocate needs to see them next to the dates.

import { parseDay, type DayNumber } from '../days.js';
import { InvalidDateError } from '../errors.js';
import type { FamilyLaw } from '../law/model.js';
import type { CaseEvent, EventType, Motion, Party, ServiceMethod } from '../types.js';
import { notApplicable, warnings as say } from './narrator/warnings.js';
import type { Run } from './run.js';

/**
 * An input event with its dates parsed. The fields every derivation needs are read
 * once; the rest are read from the input only where used (input objects come in many
 * shapes, and each read of one is a slow, megamorphic property access).
 */
export class Ev {
  readonly id: string | undefined;
  readonly type: EventType;
  readonly day: DayNumber;
  readonly expiresDay: DayNumber | undefined;

  constructor(
    /** Position in the input. */
    readonly index: number,
    private readonly raw: CaseEvent,
  ) {
    this.id = raw.id;
    this.type = raw.type;
    this.day = eventDay(raw.date, index, 'date');
    const expires = raw.expires;
    this.expiresDay = expires === undefined ? undefined : eventDay(expires, index, 'expires');
  }

  get time(): string | undefined {
    return this.raw.time;
  }
  get days(): number | undefined {
    return this.raw.days;
  }
  get method(): ServiceMethod | undefined {
    return this.raw.method;
  }
  get expiresTime(): string | undefined {
    return this.raw.expiresTime;
  }
  get permanent(): boolean {
    return this.raw.permanent === true;
  }
  get motion(): Motion | undefined {
    return this.raw.motion;
  }
  get movedBy(): Party | undefined {
    return this.raw.movedBy;
  }
}

function eventDay(value: string, index: number, name: string): DayNumber {
  const day = parseDay(value);
  if (Number.isNaN(day)) throw new InvalidDateError(value, `events[${index}].${name}`);
  return day;
}

/** A hearing and the service for it: the petition's, or one renewal request's. */
export interface HearingTrack {
  set: Ev | undefined;
  continuances: Ev[];
  shortened: Ev | undefined;
  served: Ev[];
}

export interface PetitionPhase extends HearingTrack {
  petition: Ev | undefined;
  /** The latest TRO_GRANTED or TRO_DENIED. */
  decision: Ev | undefined;
}

export interface RenewalCycle extends HearingTrack {
  filed: Ev | undefined;
  renewed: Ev | undefined;
}

/** A motion to modify or terminate the order after hearing, and its hearing. */
export interface MotionCycle extends HearingTrack {
  filed: Ev;
  decided: Ev | undefined;
}

export interface CaseState {
  epo: Ev | undefined;
  petition: PetitionPhase;
  order: Ev | undefined;
  renewals: RenewalCycle[];
  motions: MotionCycle[];
  /** Service of the order after hearing itself (no hearing pending): starts the firearm duties when nothing was served before. */
  orderServed: Ev[];
  /** FIREARMS_RELINQUISHED and FIREARMS_RECEIPT_FILED, in recording order. */
  firearms: { relinquished: Ev[]; receipts: Ev[] };
  terminated: Ev | undefined;
}

function newRenewalCycle(filed: Ev | undefined, renewed: Ev | undefined): RenewalCycle {
  return { set: undefined, continuances: [], shortened: undefined, served: [], filed, renewed };
}

function newMotionCycle(filed: Ev): MotionCycle {
  return {
    set: undefined,
    continuances: [],
    shortened: undefined,
    served: [],
    filed,
    decided: undefined,
  };
}

/** The motion not yet decided, if any. */
function openMotion(state: CaseState): MotionCycle | undefined {
  const last = state.motions[state.motions.length - 1];
  return last !== undefined && last.decided === undefined ? last : undefined;
}

/** The hearing as it now stands: the latest continuance, else the hearing set. */
export function currentHearing(track: HearingTrack): Ev | undefined {
  return track.continuances.length > 0
    ? track.continuances[track.continuances.length - 1]
    : track.set;
}

/** The temporary order, if one was granted (the latest decision). */
export function grantedTemporaryOrder(state: CaseState): Ev | undefined {
  const decision = state.petition.decision;
  return decision?.type === 'TRO_GRANTED' ? decision : undefined;
}

/** The pending renewal request (filed or renewed-without-filing, not yet decided), if any. */
function openCycle(state: CaseState): RenewalCycle | undefined {
  const last = state.renewals[state.renewals.length - 1];
  return last !== undefined && last.renewed === undefined ? last : undefined;
}

/**
 * The hearing an event belongs to: the petition's until there is an order after hearing;
 * then the pending renewal request's or motion's, the one filed last when both are pending.
 */
function trackOf(state: CaseState): HearingTrack | undefined {
  if (state.order === undefined) return state.petition;
  const renewal = openCycle(state);
  const motion = openMotion(state);
  if (renewal === undefined || motion === undefined) return renewal ?? motion;
  const renewalFiled = renewal.filed?.index ?? -1;
  return motion.filed.index > renewalFiled ? motion : renewal;
}

export function fold(run: Run, law: FamilyLaw, events: readonly Ev[]): CaseState {
  const state: CaseState = {
    epo: undefined,
    petition: {
      set: undefined,
      continuances: [],
      shortened: undefined,
      served: [],
      petition: undefined,
      decision: undefined,
    },
    order: undefined,
    renewals: [],
    motions: [],
    orderServed: [],
    firearms: { relinquished: [], receipts: [] },
    terminated: undefined,
  };
  for (const ev of events) {
    const term = state.terminated;
    if (term !== undefined && ev.day > term.day) {
      run.warn('EVENT_AFTER_TERMINATION', say.afterTermination(ev, term), [ev, term]);
    }
    switch (ev.type) {
      case 'EPO_ISSUED':
        if (law.emergencyOrder === null) notApplicable(run, ev, 'noEmergencyOrder', law);
        else state.epo = ev;
        break;
      case 'PETITION_FILED':
        if (state.order !== undefined) notApplicable(run, ev, 'petitionAfterOrder', law);
        else state.petition.petition = ev;
        break;
      case 'TRO_GRANTED':
      case 'TRO_DENIED':
        if (state.order !== undefined) notApplicable(run, ev, 'temporaryOrderAfterOrder', law);
        else state.petition.decision = ev;
        break;
      case 'HEARING_SET': {
        const t = trackOf(state);
        if (t === undefined) {
          notApplicable(run, ev, 'hearingAfterOrder', law);
        } else {
          t.set = ev;
          t.continuances = [];
        }
        break;
      }
      case 'HEARING_CONTINUED': {
        const t = trackOf(state);
        if (t === undefined) {
          notApplicable(run, ev, 'noHearingToContinue', law);
          break;
        }
        const current = currentHearing(t);
        if (current === undefined) {
          run.warn('EVENT_WITHOUT_PREREQUISITE', say.continuanceWithoutHearing(ev), [ev]);
        } else if (ev.day <= current.day) {
          run.warn('CONTINUANCE_NOT_LATER', say.continuanceNotLater(ev, current), [current, ev]);
        }
        t.continuances.push(ev);
        break;
      }
      case 'SERVICE_TIME_SHORTENED': {
        const t = trackOf(state);
        if (t === undefined) notApplicable(run, ev, 'noPendingHearing', law);
        else t.shortened = ev;
        break;
      }
      case 'SERVED': {
        // After the order after hearing with no renewal pending, this is service of the
        // order itself (which may be by mail, Fam. Code § 6384): no deadline depends on it.
        const t = trackOf(state);
        if (t !== undefined) t.served.push(ev);
        else state.orderServed.push(ev);
        break;
      }
      case 'ORDER_AFTER_HEARING':
        // A later order after hearing replaces the earlier one and its renewals. Without a
        // renewal between them, the second is more likely a renewal (or a duplicate) recorded
        // as a new order: the advocate must look.
        if (state.order !== undefined && state.renewals.length === 0)
          run.warn('ORDER_AFTER_HEARING_TWICE', say.orderAfterHearingTwice(ev, state.order), [
            state.order,
            ev,
          ]);
        state.order = ev;
        state.renewals = [];
        break;
      case 'RENEWAL_FILED': {
        if (state.order === undefined) {
          run.warn('EVENT_WITHOUT_PREREQUISITE', say.renewalRequestWithoutOrder(ev), [ev]);
          break;
        }
        const open = openCycle(state);
        if (open !== undefined) open.filed = ev;
        else state.renewals.push(newRenewalCycle(ev, undefined));
        break;
      }
      case 'ORDER_RENEWED': {
        if (state.order === undefined) {
          run.warn('EVENT_WITHOUT_PREREQUISITE', say.renewalWithoutOrder(ev), [ev]);
          break;
        }
        const open = openCycle(state);
        if (open !== undefined) {
          open.renewed = ev;
        } else {
          run.warn('EVENT_WITHOUT_PREREQUISITE', say.renewalWithoutRequest(ev), [ev]);
          state.renewals.push(newRenewalCycle(undefined, ev));
        }
        break;
      }
      case 'ORDER_TERMINATED':
        state.terminated ??= ev;
        break;
      case 'FIREARMS_RELINQUISHED':
        state.firearms.relinquished.push(ev);
        break;
      case 'FIREARMS_RECEIPT_FILED':
        state.firearms.receipts.push(ev);
        break;
      case 'MOTION_FILED':
        if (state.order === undefined) {
          run.warn('EVENT_WITHOUT_PREREQUISITE', say.motionWithoutOrder(ev), [ev]);
        } else {
          state.motions.push(newMotionCycle(ev));
        }
        break;
      case 'MOTION_DECIDED': {
        const open = openMotion(state);
        if (open === undefined) notApplicable(run, ev, 'noPendingMotion', law);
        else open.decided = ev;
        break;
      }
      default: {
        const unhandled: never = ev.type;
        throw new Error(`unhandled event type ${String(unhandled)}`);
      }
    }
  }
  return state;
}

// One worked example per rule, for the law book: the events of a small case that makes
// the engine apply that rule. The dates are chosen to show the counting at work:
// Thanksgiving 2025 (Thu 11/27) and the day after fall inside or at the end of most
// periods, so the book shows rolls, skipped days and their reasons.

import type { CaseEvent, Family } from '../types.js';
import type { FamilyLaw, RuleRole } from './model.js';

export interface LawExample {
  family: Family;
  court: string;
  events: CaseEvent[];
}

/** A temporary order granted on Thu 2025-11-06: day 21 is Thanksgiving. */
function petition(law: FamilyLaw): CaseEvent[] {
  return petitionOn(law, '2025-11-06');
}

function petitionOn(law: FamilyLaw, date: string): CaseEvent[] {
  const granted: CaseEvent = { type: 'TRO_GRANTED', date };
  // A GVRO's clock runs from the ex parte order; no petition event is needed to show it.
  return law.rules.hearingLatest.runsFrom === 'orderIssued'
    ? [granted]
    : [{ type: 'PETITION_FILED', date }, granted];
}

const HEARING: CaseEvent = { type: 'HEARING_SET', date: '2025-11-26', time: '08:30' };
const ORDER: CaseEvent = { type: 'ORDER_AFTER_HEARING', date: '2025-12-01' };

/** An order issued Mon 2022-12-12, expiring (with no date written) on its default anniversary. */
function oldOrder(law: FamilyLaw): CaseEvent {
  const years = law.rules.orderExpiry.versions.at(-1)?.numbers.defaultYears ?? 3;
  return { type: 'ORDER_AFTER_HEARING', date: `${2025 - years}-12-12` };
}

function renewalYears(law: FamilyLaw): number {
  const n = law.rules.renewalTerm.versions.at(-1)?.numbers;
  return n?.minYears ?? n?.maxYears ?? 5;
}

/** The events that make the engine apply a family's rule. */
export function exampleFor(law: FamilyLaw, role: RuleRole): LawExample {
  const family = law.family;
  const order = oldOrder(law);
  const filed: CaseEvent = { type: 'RENEWAL_FILED', date: '2025-11-03' };
  let events: CaseEvent[];
  switch (role) {
    case 'hearingLatest':
    case 'hearingLatestGoodCause':
      events = petition(law);
      break;
    case 'hearing':
    case 'service':
    case 'temporaryOrderExpiry':
      events = [...petition(law), HEARING];
      break;
    case 'orderExpiry':
    case 'renewalWindow':
    case 'renewalDeadline':
      events = [...petition(law), HEARING, ORDER];
      break;
    case 'renewalHearing':
      events = [order, filed, { type: 'HEARING_SET', date: '2025-12-08', time: '09:00' }];
      break;
    case 'renewalService':
      events = [
        order,
        filed,
        { type: 'HEARING_SET', date: '2025-12-08', time: '09:00' },
        { type: 'SERVICE_TIME_SHORTENED', date: '2025-11-10', days: 10 },
      ];
      break;
    case 'renewalPending':
      events = [order, filed, { type: 'HEARING_SET', date: '2026-01-08', time: '09:00' }];
      break;
    case 'renewalTerm':
      events = [
        order,
        filed,
        {
          type: 'ORDER_RENEWED',
          date: '2025-12-01',
          expires: `${2025 + renewalYears(law)}-12-01`,
        },
      ];
      break;
    case 'alternativeService':
      // A date on which every family's law allows a court-ordered method (see each rule).
      events = [
        ...petitionOn(law, '2027-03-01'),
        { type: 'HEARING_SET', date: '2027-03-18', time: '08:30' },
        { type: 'SERVED', date: '2027-03-08', method: 'ALTERNATIVE' },
      ];
      break;
    case 'firearmRelinquishment':
    case 'firearmReceipt':
      // Served Friday evening: the 24 hours end Saturday, the 48 Sunday (court closed).
      events = [
        ...petition(law),
        HEARING,
        { type: 'SERVED', date: '2025-11-07', time: '18:30', method: 'PERSONAL' },
      ];
      break;
    case 'motionHearing':
    case 'motionNotice':
    case 'motionOpposition':
      events = [
        order,
        { type: 'MOTION_FILED', date: '2025-11-03', motion: 'TERMINATE', movedBy: 'RESPONDENT' },
        { type: 'HEARING_SET', date: '2025-12-08', time: '09:00' },
      ];
      break;
    case 'terminationRequests':
      events = [
        order,
        { type: 'MOTION_FILED', date: '2025-03-03', motion: 'TERMINATE', movedBy: 'RESPONDENT' },
        { type: 'MOTION_DECIDED', date: '2025-04-01' },
        { type: 'MOTION_FILED', date: '2025-11-03', motion: 'TERMINATE', movedBy: 'RESPONDENT' },
      ];
      break;
    default: {
      const unhandled: never = role;
      throw new Error(`no example for ${String(unhandled)}`);
    }
  }
  return { family, court: 'CA', events };
}

/** An emergency order issued the evening before Thanksgiving 2025. */
export function emergencyExample(family: Family): LawExample {
  return {
    family,
    court: 'CA',
    events: [{ type: 'EPO_ISSUED', date: '2025-11-26', time: '22:15' }],
  };
}

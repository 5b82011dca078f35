// The narrator: every word of an explanation is written here, from the stages'
// structured results, so the wording lives in one place (and can be translated in one
// place). The stages decide; the narrator says.

import type { CourtCalendar } from '../../calendar.js';
import type { FamilyLaw } from '../../law/model.js';
import type { EmergencyOrderResult } from '../emergency-order.js';
import type { HearingResult, ServiceResult } from '../hearing-and-service.js';
import type { HearingLimitResult } from '../hearing-limits.js';
import type { OrderExpiryResult, RenewalDeadlineResult, RenewalWindowResult } from '../renewal.js';
import type { Narrated } from '../run.js';
import type { TemporaryOrderResult } from '../temporary-order.js';
import type { FirearmResult } from '../firearms.js';
import type { MotionNoticeResult, MotionOppositionResult } from '../motion.js';
import { narrateFirearms } from './firearms.js';
import { narrateMotionNotice, narrateMotionOpposition } from './motion.js';
import { narrateEmergencyOrder } from './emergency-order.js';
import { narrateHearing, narrateHearingLimit, narrateService } from './hearing.js';
import { narrateOrderExpiry, narrateRenewalDeadline, narrateRenewalWindow } from './order.js';
import { narrateTemporaryOrder } from './temporary-order.js';
import { day } from './words.js';

/** What any stage returns for one deadline. */
export type StageResult =
  | EmergencyOrderResult
  | HearingLimitResult
  | HearingResult
  | ServiceResult
  | TemporaryOrderResult
  | OrderExpiryResult
  | RenewalWindowResult
  | RenewalDeadlineResult
  | FirearmResult
  | MotionNoticeResult
  | MotionOppositionResult;

export function narrate(cal: CourtCalendar, law: FamilyLaw, r: StageResult): Narrated {
  switch (r.stage) {
    case 'emergencyOrder':
      return narrateEmergencyOrder(cal, law.temporaryOrder, r);
    case 'hearingLimit':
      return narrateHearingLimit(cal, law, r);
    case 'hearing':
      return narrateHearing(r);
    case 'service':
      return narrateService(cal, r);
    case 'temporaryOrder':
      return narrateTemporaryOrder(law, r);
    case 'orderExpiry':
      return narrateOrderExpiry(law, r);
    case 'renewalWindow':
      return narrateRenewalWindow(cal, r);
    case 'renewalDeadline':
      return narrateRenewalDeadline(cal, r);
    case 'firearms':
      return narrateFirearms(cal, r);
    case 'motionNotice':
      return narrateMotionNotice(cal, r);
    case 'motionOpposition':
      return narrateMotionOpposition(cal, r);
    default: {
      const unhandled: never = r;
      throw new Error(`unhandled stage ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The step a termination adds to every deadline still open on or after it. */
export function terminatedStep(terminated: number): string {
  return `Superseded: the order was terminated on ${day(terminated)}.`;
}

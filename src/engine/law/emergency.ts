// Emergency orders: issued at a law enforcement officer's request, at any hour, before
// any petition can be heard. An EPO protects a DV, CH (stalking) or EA petitioner; the
// GV family's emergency order is the temporary emergency GVRO.

import { rule, type EmergencyOrderLaw, type HearingLimitSpec, type RuleSpec } from './model.js';
import type { CalendarDaysNumbers, EarlierOfNumbers } from './model.js';

/** Fam. Code § 6256; Pen. Code § 646.91(g) applies it to stalking (CH) EPOs. */
export const EPO: EmergencyOrderLaw = {
  expires: 'earlierOf',
  name: 'EPO',
  // Law enforcement takes firearms at the scene (Pen. Code § 18250); the 24-hour duty of
  // Fam. Code § 6389 and CCP § 527.9 attaches to the protective orders that follow.
  firearmsOnService: false,
  expiry: rule<RuleSpec<EarlierOfNumbers>>({
    id: 'EPO.EXPIRY',
    kind: 'EPO_EXPIRES',
    families: ['DV', 'CH', 'EA'],
    description:
      'An EPO expires at the earlier of close of judicial business on the 5th court day after the day of issuance, or the 7th calendar day after it. Not rolled.',
    basis: 'statute',
    numbers: { courtDays: 5, calendarDays: 7 },
    forms: { order: 'EPO-001' },
    versions: [{ from: null, citation: 'Fam. Code § 6256(a),(b); Pen. Code § 646.91(g)' }],
  }),
  hearingLatest: null,
};

/** Pen. Code §§ 18125, 18135, 18148. */
export const GV_EMERGENCY: EmergencyOrderLaw = {
  expires: 'afterDays',
  name: 'emergency GVRO',
  // A GVRO of any kind: the restrained person surrenders firearms once served (Pen. Code § 18120).
  firearmsOnService: true,
  expiry: rule<RuleSpec<CalendarDaysNumbers>>({
    id: 'GV.EMERGENCY.EXPIRY',
    kind: 'EPO_EXPIRES',
    families: ['GV'],
    description:
      'A temporary emergency GVRO expires 21 days from the date it is issued. Not rolled.',
    basis: 'statute',
    numbers: { calendarDays: 21 },
    forms: {},
    versions: [{ from: null, citation: 'Pen. Code §§ 18125(b), 18135' }],
  }),
  hearingLatest: rule<HearingLimitSpec>({
    id: 'GV.EMERGENCY.HEARING_LATEST',
    kind: 'HEARING_LATEST',
    families: ['GV'],
    description:
      'Hearing within 21 days after the date on the emergency order; no 25-day extension.',
    basis: 'statute',
    runsFrom: 'orderIssued',
    numbers: { calendarDays: 21 },
    forms: {},
    versions: [{ from: null, citation: 'Pen. Code § 18148; CCP §§ 12, 12a, 136' }],
  }),
};

// The numbers each order family's statute sets, in one table. Citations and
// verification marks live in rules.ts; this is only the arithmetic.

import type { Family } from './types.js';

export interface FamilyLaw {
  readonly name: string;
  /** What the temporary order is called in explanations. */
  readonly tro: string;
  /** What EPO_ISSUED means for this family (null: not available). */
  readonly emergencyOrder: 'EPO' | 'GV_EMERGENCY' | null;
  /** Calendar days from the trigger to the hearing (21 in every family). */
  readonly hearingDays: number;
  /** With good cause (25), or null where the statute has no extension (GVRO). */
  readonly goodCauseDays: number | null;
  /** Calendar days before the hearing for personal service of the initial papers. */
  readonly serviceDays: number;
  /**
   * How long the temporary order lasts: UNTIL_HEARING (DV, EA: to the end of the
   * hearing or a continued one), CAPPED (CH, WV, SV: at most 21/25 days unless the
   * hearing is continued), FIXED_21 (GV ex parte: 21 days).
   */
  readonly troLasts: 'UNTIL_HEARING' | 'CAPPED' | 'FIXED_21';
  readonly orderMaxYears: number;
  readonly orderMinYears: number | null;
  /** Duration when no end date is written on the order after hearing. */
  readonly orderDefaultYears: number;
  /** Whether that default is statutory (false: our conservative choice, flagged with a warning). */
  readonly orderDefaultIsStatutory: boolean;
  /** Renewal term limits in years (DV: at least 5 since 2023; CH/EA/GV at most 5; WV/SV at most 3). */
  readonly renewalMaxYears: number | null;
  readonly renewalMinYears: number | null;
  readonly permanentRenewal: boolean;
  /** The statute on the optional written response (none sets a deadline). */
  readonly response: string | null;
  readonly forms: {
    readonly notice: string;
    readonly tro: string;
    readonly order: string;
    readonly renewal: string;
  };
}

export const FAMILY_LAW: Readonly<Record<Family, FamilyLaw>> = {
  DV: {
    name: 'domestic violence restraining order',
    tro: 'TRO',
    emergencyOrder: 'EPO',
    hearingDays: 21,
    goodCauseDays: 25,
    serviceDays: 5,
    troLasts: 'UNTIL_HEARING',
    orderMaxYears: 5,
    orderMinYears: null,
    orderDefaultYears: 3,
    orderDefaultIsStatutory: true,
    renewalMaxYears: null,
    renewalMinYears: 5,
    permanentRenewal: true,
    response:
      'A written response (DV-120) is optional and has no statutory deadline (Fam. Code § 243(c)).',
    forms: { notice: 'DV-109', tro: 'DV-110', order: 'DV-130', renewal: 'DV-730' },
  },
  CH: {
    name: 'civil harassment restraining order',
    tro: 'TRO',
    emergencyOrder: 'EPO',
    hearingDays: 21,
    goodCauseDays: 25,
    serviceDays: 5,
    troLasts: 'CAPPED',
    orderMaxYears: 5,
    orderMinYears: null,
    orderDefaultYears: 3,
    orderDefaultIsStatutory: true,
    renewalMaxYears: 5,
    renewalMinYears: null,
    permanentRenewal: false,
    response:
      'A written response (CH-120) is optional and has no statutory deadline (CCP § 527.6(h)).',
    forms: { notice: 'CH-109', tro: 'CH-110', order: 'CH-130', renewal: 'CH-730' },
  },
  WV: {
    name: 'workplace violence restraining order',
    tro: 'TRO',
    emergencyOrder: null,
    hearingDays: 21,
    goodCauseDays: 25,
    serviceDays: 5,
    troLasts: 'CAPPED',
    orderMaxYears: 3,
    orderMinYears: null,
    orderDefaultYears: 3,
    orderDefaultIsStatutory: true,
    renewalMaxYears: 3,
    renewalMinYears: null,
    permanentRenewal: false,
    response:
      'A written response (WV-120) is optional; no statutory deadline was found (CCP § 527.8).',
    forms: { notice: 'WV-109', tro: 'WV-110', order: 'WV-130', renewal: 'WV-730' },
  },
  SV: {
    name: 'postsecondary school violence restraining order',
    tro: 'TRO',
    emergencyOrder: null,
    hearingDays: 21,
    goodCauseDays: 25,
    serviceDays: 5,
    troLasts: 'CAPPED',
    orderMaxYears: 3,
    orderMinYears: null,
    orderDefaultYears: 3,
    orderDefaultIsStatutory: true,
    renewalMaxYears: 3,
    renewalMinYears: null,
    permanentRenewal: false,
    response:
      'A written response (SV-120) is optional; no statutory deadline was found (CCP § 527.85).',
    forms: { notice: 'SV-109', tro: 'SV-110', order: 'SV-130', renewal: 'SV-730' },
  },
  EA: {
    name: 'elder or dependent adult abuse restraining order',
    tro: 'temporary restraining order',
    emergencyOrder: 'EPO',
    hearingDays: 21,
    goodCauseDays: 25,
    serviceDays: 5,
    troLasts: 'UNTIL_HEARING',
    orderMaxYears: 5,
    orderMinYears: null,
    orderDefaultYears: 3,
    orderDefaultIsStatutory: true,
    renewalMaxYears: 5,
    renewalMinYears: null,
    permanentRenewal: false,
    response: 'A written response (EA-120) is optional; no statutory deadline was found.',
    forms: { notice: 'EA-109', tro: 'EA-110', order: 'EA-130', renewal: 'EA-730' },
  },
  GV: {
    name: 'gun violence restraining order',
    tro: 'ex parte GVRO',
    emergencyOrder: 'GV_EMERGENCY',
    hearingDays: 21,
    goodCauseDays: null,
    serviceDays: 5,
    troLasts: 'FIXED_21',
    orderMaxYears: 5,
    orderMinYears: 1,
    orderDefaultYears: 1,
    orderDefaultIsStatutory: false,
    renewalMaxYears: 5,
    renewalMinYears: 1,
    permanentRenewal: false,
    response: null,
    forms: { notice: 'GV-109', tro: 'GV-110', order: 'GV-030', renewal: 'GV-730' },
  },
};

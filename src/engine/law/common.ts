// Words and entries several families' laws share, written once.

import type { Family } from '../types.js';
import type {
  AlternativeServiceSpec,
  FirearmSpec,
  FormId,
  HearingSpec,
  MotionNoticeSpec,
  OppositionSpec,
  PlainSpec,
  RenewalPendingSpec,
} from './model.js';

/** Counting a period to an act: trigger day excluded, a non-court last day rolled forward, a hearing on a holiday adjourned. */
export const ROLL = 'CCP §§ 12, 12a, 136';

/**
 * RENEWAL.SERVICE: no statute sets how long before the renewal hearing the papers must be
 * served; the engine uses the days the court sets (SERVICE_TIME_SHORTENED), and none without.
 */
export function renewalServiceSetByCourt(
  family: Family,
  citation: string,
  forms: Readonly<Record<string, FormId>> = {},
  description = 'Service of the renewal papers by the number of days before the hearing the court set.',
): PlainSpec {
  return {
    id: `${family}.RENEWAL.SERVICE`,
    kind: 'SERVICE_DEADLINE',
    families: [family],
    description,
    basis: 'unverified',
    caveat:
      'Unverified: no statutory number of days for serving renewal papers was found; the days are the ones the court set.',
    numbers: {},
    forms,
    versions: [{ from: null, citation }],
  };
}

// ---- renewal pending -------------------------------------------------------------------

/**
 * RENEWAL.PENDING where no statute or form was found saying a timely renewal request keeps
 * the order in effect until the renewal hearing: the expiration is kept, and the engine
 * warns that the order may lapse before the renewal hearing unless the court extends it.
 */
export function renewalPendingNotVerified(
  family: Family,
  citation: string,
  looked: string,
): RenewalPendingSpec {
  return {
    id: `${family}.RENEWAL.PENDING`,
    kind: 'ORDER_EXPIRES',
    families: [family],
    description:
      'No statute or form found says a timely renewal request keeps the order in effect until the renewal hearing: the order keeps its expiration, and a renewal hearing set after it gets a warning that the order may lapse unless the court extends it.',
    basis: 'unverified',
    caveat: `Not verified: ${looked} was not found to say that the order stays in effect until the renewal hearing (CH-710, EA-710 and DV-720 say so for their orders). The expiration is kept.`,
    keepsOrderInForce: false,
    numbers: {},
    forms: {},
    versions: [{ from: null, citation }],
  };
}

// ---- alternative service -------------------------------------------------------------------

/** Operative date assumed for AB 561's alternative service (see ALTERNATIVE_SERVICE_AB561). */
const AB_561_ASSUMED = '2027-01-01';

/**
 * SERVICE.ALTERNATIVE for the families AB 561 (Stats. 2025) is reported to reach: personal
 * service only until the date assumed for it, then a method the court orders.
 */
export function alternativeServiceByAb561(
  family: Family,
  personalCitation: string,
  personalBasis: 'statute' | 'unverified',
): AlternativeServiceSpec {
  return {
    id: `${family}.SERVICE.ALTERNATIVE`,
    kind: 'SERVICE_DEADLINE',
    families: [family],
    description:
      'Service by a method the court orders when the respondent evades personal service or cannot be located: only from the date AB 561 (Stats. 2025) is taken to be operative; before it, the papers must be personally served.',
    basis: 'statute',
    numbers: { courtMayOrder: false },
    forms: {},
    versions: [
      {
        from: null,
        citation: personalCitation,
        description: 'Personal service only: no provision for a court-ordered alternative method.',
        basis: personalBasis,
        ...(personalBasis === 'unverified' && {
          caveat:
            'Unverified: the statute text was not retrieved; personal service, as in the parallel statutes, is assumed.',
        }),
      },
      {
        from: AB_561_ASSUMED,
        citation: `${personalCitation}; AB 561 (Stats. 2025; approved 2025-10-03)`,
        description:
          'The court may order another method of service when the petitioner cannot personally serve the respondent after a diligent effort.',
        basis: 'unverified',
        caveat:
          "Unverified: AB 561 (Stats. 2025) extends court-ordered alternative service to other protective orders, but its chaptered text was not retrieved, so which orders it reaches and from when is taken from secondary summaries; the latest operative date they name (2027-01-01) is used, so an earlier alternative service is not counted. A court's order for alternative service controls: check it.",
        numbers: { courtMayOrder: true },
      },
    ],
  };
}

// ---- firearms ------------------------------------------------------------------------------

/**
 * The 24- and 48-hour duties of CCP § 527.9 (CH, WV, SV, EA): the section has covered orders
 * under §§ 527.6, 527.8, 527.85 and W&I § 15657.03 before SB 899 rewrote it from 2026, with
 * the same hours.
 */
export function firearmsByCcp5279(
  family: Family,
  forms: Readonly<Record<string, FormId>>,
): { firearmRelinquishment: FirearmSpec; firearmReceipt: FirearmSpec } {
  const before2026 = { citation: 'CCP § 527.9(b) (text before SB 899)', basis: 'statute' } as const;
  const sb899 = {
    from: '2026-01-01',
    citation: 'CCP § 527.9(b), as rewritten by SB 899 (Stats. 2024, ch. 544), operative 2026-01-01',
    basis: 'statute',
  } as const;
  const earlier = { from: null, ...before2026 };
  return {
    firearmRelinquishment: {
      id: `${family}.FIREARMS.RELINQUISHMENT`,
      kind: 'FIREARM_RELINQUISHMENT',
      families: [family],
      description:
        'The respondent surrenders firearms and ammunition to law enforcement, or sells or stores them with a licensed dealer, within 24 hours of being served with the order (at once if an officer asks). A duty of the respondent, counted in hours from service; not extended to a court day.',
      basis: 'statute',
      numbers: { hours: 24 },
      forms,
      versions: [earlier, sb899],
    },
    firearmReceipt: {
      id: `${family}.FIREARMS.RECEIPT`,
      kind: 'FIREARM_RECEIPT',
      families: [family],
      description:
        'The respondent files with the court the receipt (or a declaration that they have none) within 48 hours after receiving the order. A duty of the respondent, counted in hours from service.',
      basis: 'statute',
      numbers: { hours: 48 },
      forms,
      versions: [
        { ...earlier, citation: `${before2026.citation} (receipt)` },
        { ...sb899, citation: `${sb899.citation} (receipt)` },
      ],
    },
  };
}

// ---- motions to modify or terminate --------------------------------------------------------

/** What a family's statute says about a motion to modify or terminate its order after hearing. */
export interface MotionLaw {
  /** The provision allowing the motion. */
  readonly citation: string;
  /** Whether that provision fixes the notice (CCP § 527.6(j)(3)) or the general rule of CCP § 1005(b) is taken. */
  readonly notice: 'statute' | 'general';
  readonly personalServiceOnly: boolean;
  readonly forms: Readonly<Record<string, FormId>>;
}

const GENERAL_NOTICE_CAVEAT =
  'The statute for this order sets no notice period for a motion to modify or terminate it that was verified; the general rule for noticed motions (CCP § 1005(b)) is used. The court may set another time: its order controls.';

/** MOTION.HEARING, MOTION.NOTICE and MOTION.OPPOSITION of a family. */
export function motionRules(
  family: Family,
  law: MotionLaw,
): {
  motionHearing: HearingSpec;
  motionNotice: MotionNoticeSpec;
  motionOpposition: OppositionSpec;
} {
  const general = law.notice === 'general';
  const basis = general ? 'unverified' : 'statute';
  const notice = general ? `${law.citation}; CCP § 1005(b)` : law.citation;
  return {
    motionHearing: {
      id: `${family}.MOTION.HEARING`,
      kind: 'HEARING',
      families: [family],
      description: 'The hearing on a motion to modify or terminate the order after hearing.',
      basis: 'statute',
      response: null,
      continuanceCitation: null,
      numbers: {},
      forms: law.forms,
      versions: [{ from: null, citation: `${law.citation}; CCP § 136` }],
    },
    motionNotice: {
      id: `${family}.MOTION.NOTICE`,
      kind: 'SERVICE_DEADLINE',
      families: [family],
      description: law.personalServiceOnly
        ? 'The moving party serves (personally) and files the motion at least 16 court days before the hearing.'
        : 'The moving party serves and files the motion at least 16 court days before the hearing; 5 calendar days earlier when mailed within California, 2 court days earlier when served electronically.',
      basis,
      ...(general && { caveat: GENERAL_NOTICE_CAVEAT }),
      personalServiceOnly: law.personalServiceOnly,
      numbers: { courtDaysBeforeHearing: 16, mailCalendarDays: 5, electronicCourtDays: 2 },
      forms: law.forms,
      versions: [
        {
          from: null,
          citation: law.personalServiceOnly
            ? `${notice}; CCP § 12c`
            : `${notice}; CCP §§ 12c, 1010.6(a)(3)(B)`,
        },
      ],
    },
    motionOpposition: {
      id: `${family}.MOTION.OPPOSITION`,
      kind: 'OPPOSITION_DEADLINE',
      families: [family],
      description:
        'The other party files and serves any opposition at least 9 court days before the hearing.',
      basis,
      ...(general && { caveat: GENERAL_NOTICE_CAVEAT }),
      numbers: { courtDaysBeforeHearing: 9 },
      forms: law.forms,
      versions: [{ from: null, citation: `${notice}` }],
    },
  };
}

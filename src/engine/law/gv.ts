// Gun violence restraining orders: Penal Code §§ 18100-18205. The emergency GVRO is in
// emergency.ts; here the ex parte GVRO (the family's temporary order) and the order
// after hearing.

import {
  alternativeServiceByAb561,
  motionRules,
  renewalPendingNotVerified,
  renewalServiceSetByCourt,
  ROLL,
} from './common.js';
import { GV_EMERGENCY } from './emergency.js';
import { familyLaw } from './model.js';

const SECONDARY = 'From a secondary source; the text of Pen. Code § 18190 was not retrieved.';

export const GV = familyLaw({
  family: 'GV',
  name: 'gun violence restraining order',
  statute: 'Pen. Code §§ 18100-18205',
  temporaryOrder: 'ex parte GVRO',
  emergencyOrder: GV_EMERGENCY,
  rules: {
    hearingLatest: {
      id: 'GV.HEARING.LATEST',
      kind: 'HEARING_LATEST',
      families: ['GV'],
      description:
        'Hearing within 21 days after the date on the ex parte order; no 25-day extension.',
      basis: 'statute',
      runsFrom: 'orderIssued',
      numbers: { calendarDays: 21 },
      forms: { notice: 'GV-109' },
      versions: [{ from: null, citation: `Pen. Code § 18165; ${ROLL}` }],
    },
    hearingLatestGoodCause: null,
    hearing: {
      id: 'GV.HEARING',
      kind: 'HEARING',
      families: ['GV'],
      description: 'The hearing as set or continued.',
      basis: 'statute',
      response: null,
      continuanceCitation: null,
      numbers: {},
      forms: { notice: 'GV-109' },
      versions: [{ from: null, citation: 'Pen. Code §§ 18148, 18160(a), 18165; CCP § 136' }],
    },
    service: {
      id: 'GV.SERVICE',
      kind: 'SERVICE_DEADLINE',
      families: ['GV'],
      description:
        'Personal service (law enforcement or a CCP 414.10 server) at least 5 days before the hearing (parallel statutes).',
      basis: 'unverified',
      caveat:
        'Unverified: no GVRO period for serving the papers before the hearing was found; the 5 days of the parallel statutes are used.',
      numbers: { calendarDaysBeforeHearing: 5 },
      forms: { notice: 'GV-109' },
      versions: [{ from: null, citation: 'Pen. Code § 18160(b); CCP § 12c' }],
    },
    temporaryOrderExpiry: {
      id: 'GV.TRO.EXPIRY',
      kind: 'TRO_EXPIRES',
      families: ['GV'],
      description: 'An ex parte GVRO expires no later than 21 days after the date on the order.',
      basis: 'unverified',
      caveat:
        'Unverified: the 21-day duration of an ex parte GVRO (Pen. Code § 18155) was not checked against the statute text.',
      numbers: { lasts: 'fixed', maxDays: 21 },
      lastsUntilHearingCitation: null,
      unenforceableCitation: null,
      // A continuance does not extend the ex parte GVRO's 21 days.
      continuance: null,
      forms: { order: 'GV-110' },
      versions: [{ from: null, citation: 'Pen. Code §§ 18155, 18160(a)' }],
    },
    orderExpiry: {
      id: 'GV.ORDER.EXPIRY',
      kind: 'ORDER_EXPIRES',
      families: ['GV'],
      description: 'A GVRO after hearing lasts 1 to 5 years, as the court sets.',
      basis: 'statute',
      numbers: { maxYears: 5, minYears: 1, defaultYears: 1, defaultYearsFrom: 'shortestTerm' },
      noTimeWritten: null,
      forms: { order: 'GV-030' },
      versions: [
        {
          from: '2020-09-01',
          citation: 'Pen. Code § 18175 (AB 12, Stats. 2019, ch. 724, operative 2020-09-01)',
        },
      ],
    },
    renewalWindow: {
      id: 'GV.RENEWAL.WINDOW',
      kind: 'RENEWAL_WINDOW_OPENS',
      families: ['GV'],
      description: 'Renewal within the 3 months before expiry.',
      basis: 'unverified',
      caveat: SECONDARY,
      numbers: { monthsBeforeExpiry: 3 },
      forms: {},
      versions: [{ from: null, citation: 'Pen. Code § 18190' }],
    },
    renewalDeadline: {
      id: 'GV.RENEWAL.DEADLINE',
      kind: 'RENEWAL_DEADLINE',
      families: ['GV'],
      description: 'The request must be filed before the order expires.',
      basis: 'unverified',
      caveat: SECONDARY,
      numbers: {},
      forms: {},
      versions: [{ from: null, citation: 'Pen. Code § 18190' }],
    },
    renewalHearing: {
      id: 'GV.RENEWAL.HEARING',
      kind: 'HEARING',
      families: ['GV'],
      description: 'The hearing on the request to renew.',
      basis: 'unverified',
      source: 'A secondary source; the date itself is the one the court set.',
      response: null,
      continuanceCitation: null,
      numbers: {},
      forms: {},
      versions: [{ from: null, citation: 'Pen. Code § 18190' }],
    },
    renewalService: renewalServiceSetByCourt('GV', 'Pen. Code § 18190; CCP § 12c'),
    renewalPending: renewalPendingNotVerified(
      'GV',
      'Pen. Code § 18190',
      'Pen. Code § 18190 (and the GV-700/GV-710 renewal forms, not retrieved)',
    ),
    renewalTerm: {
      id: 'GV.RENEWAL.TERM',
      kind: 'ORDER_EXPIRES',
      families: ['GV'],
      description: 'Renewed for 1 to 5 years.',
      basis: 'unverified',
      caveat: SECONDARY,
      numbers: { minYears: 1, maxYears: 5, permanentAllowed: false },
      permanentCitation: null,
      belowMinimum: null,
      noDateReading: 'RENEWAL.NO_DATE',
      forms: { order: 'GV-730' },
      versions: [{ from: null, citation: 'Pen. Code § 18190' }],
    },
    alternativeService: alternativeServiceByAb561('GV', 'Pen. Code § 18160(b)', 'statute'),
    firearmRelinquishment: {
      id: 'GV.FIREARMS.RELINQUISHMENT',
      kind: 'FIREARM_RELINQUISHMENT',
      families: ['GV'],
      description:
        'The restrained person surrenders all firearms and ammunition to law enforcement, or sells or stores them with a licensed dealer, within 24 hours of being served (at once if an officer asks). A duty of the restrained person, counted in hours from service.',
      basis: 'unverified',
      caveat:
        "Unverified: the 24 hours of Pen. Code § 18120(b) are from the Legislative Counsel's account of the section (AB 950, 2015); its current text (amended by SB 899, Stats. 2024) was not retrieved.",
      numbers: { hours: 24 },
      forms: { proof: 'GV-800' },
      versions: [{ from: null, citation: 'Pen. Code § 18120(b)' }],
    },
    firearmReceipt: {
      id: 'GV.FIREARMS.RECEIPT',
      kind: 'FIREARM_RECEIPT',
      families: ['GV'],
      description:
        'The restrained person files the receipt with the court within 48 hours of being served (the value of the parallel statutes).',
      basis: 'unverified',
      caveat:
        'Unverified: the 48-hour receipt of Pen. Code § 18120 was not retrieved; the 48 hours of Fam. Code § 6389 and CCP § 527.9 are used.',
      numbers: { hours: 48 },
      forms: { proof: 'GV-800' },
      versions: [{ from: null, citation: 'Pen. Code § 18120(b) (receipt)' }],
    },
    ...motionRules('GV', {
      citation: 'Pen. Code § 18185',
      notice: 'general',
      personalServiceOnly: false,
      forms: { request: 'GV-600' },
    }),
    terminationRequests: {
      id: 'GV.MOTION.TERMINATION_REQUESTS',
      kind: 'HEARING',
      families: ['GV'],
      description:
        'The restrained person may ask for a hearing to terminate the order: once during the order before September 2020, once a year since.',
      basis: 'statute',
      numbers: { requests: 1, perYears: 1 },
      forms: { request: 'GV-600' },
      versions: [
        {
          from: null,
          citation: 'Pen. Code § 18185(a) (AB 1014, Stats. 2014, ch. 872)',
          description:
            '"one written request at any time during the effective period of the order for a hearing to terminate the order"',
          numbers: { perYears: null },
        },
        {
          from: '2020-09-01',
          citation: 'Pen. Code § 18185(a) (AB 12, Stats. 2019, ch. 724, operative 2020-09-01)',
          description:
            '"one written request per year during the effective period of the order for a hearing to terminate the order"',
        },
      ],
    },
  },
});

// Civil harassment restraining orders: Code of Civil Procedure § 527.6.

import { firearmsByCcp5279, motionRules, renewalServiceSetByCourt, ROLL } from './common.js';
import { EPO } from './emergency.js';
import { familyLaw } from './model.js';

export const CH = familyLaw({
  family: 'CH',
  name: 'civil harassment restraining order',
  statute: 'CCP § 527.6',
  temporaryOrder: 'TRO',
  // Pen. Code § 646.91: an EPO for stalking.
  emergencyOrder: EPO,
  rules: {
    hearingLatest: {
      id: 'CH.HEARING.LATEST',
      kind: 'HEARING_LATEST',
      families: ['CH'],
      description:
        'Hearing within 21 days of the TRO being granted or denied, or of filing if no TRO is requested.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 21 },
      forms: { notice: 'CH-109' },
      versions: [{ from: null, citation: `CCP § 527.6(g); ${ROLL}` }],
    },
    hearingLatestGoodCause: {
      id: 'CH.HEARING.LATEST_GOOD_CAUSE',
      kind: 'HEARING_LATEST_GOOD_CAUSE',
      families: ['CH'],
      description: 'With good cause, within 25 days.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 25 },
      forms: { notice: 'CH-109' },
      versions: [{ from: null, citation: `CCP § 527.6(g); ${ROLL}` }],
    },
    hearing: {
      id: 'CH.HEARING',
      kind: 'HEARING',
      families: ['CH'],
      description: 'The hearing as set (CH-109) or continued (CH-116).',
      basis: 'statute',
      response: { form: 'CH-120', noDeadline: 'statute', citation: 'CCP § 527.6(h)' },
      continuanceCitation: null,
      numbers: {},
      forms: { notice: 'CH-109', continuance: 'CH-116', response: 'CH-120' },
      versions: [{ from: null, citation: 'CCP § 527.6(g),(h),(o),(p); CCP § 136' }],
    },
    service: {
      id: 'CH.SERVICE',
      kind: 'SERVICE_DEADLINE',
      families: ['CH'],
      description:
        'Personal service at least 5 days before the hearing, unless the court shortens the time for good cause.',
      basis: 'statute',
      numbers: { calendarDaysBeforeHearing: 5 },
      forms: { notice: 'CH-109' },
      versions: [{ from: null, citation: 'CCP § 527.6(m)(1); CCP § 12c' }],
    },
    temporaryOrderExpiry: {
      id: 'CH.TRO.EXPIRY',
      kind: 'TRO_EXPIRES',
      families: ['CH'],
      description:
        'The TRO lasts no more than 21 days, or 25 if the hearing time was extended for good cause, unless the hearing is continued; then until the end of the continued hearing.',
      basis: 'statute',
      numbers: { lasts: 'capped', maxDays: 21, maxDaysGoodCause: 25 },
      lastsUntilHearingCitation: null,
      unenforceableCitation: null,
      continuance: { citation: 'CCP § 527.6(p)', form: null, newDateRequiredBy: null },
      forms: { order: 'CH-110', continuance: 'CH-116' },
      versions: [{ from: null, citation: 'CCP § 527.6(f),(p)' }],
    },
    orderExpiry: {
      id: 'CH.ORDER.EXPIRY',
      kind: 'ORDER_EXPIRES',
      families: ['CH'],
      description:
        'An order after hearing lasts at most 5 years (AB 499, from 2014); with no date written, 3 years.',
      basis: 'statute',
      numbers: { maxYears: 5, minYears: null, defaultYears: 3, defaultYearsFrom: 'statute' },
      noTimeWritten: null,
      forms: { order: 'CH-130' },
      versions: [{ from: '2014-01-01', citation: 'CCP § 527.6(j)(1),(2)' }],
    },
    renewalWindow: {
      id: 'CH.RENEWAL.WINDOW',
      kind: 'RENEWAL_WINDOW_OPENS',
      families: ['CH'],
      description: 'Renewal may be requested within the 3 months before the order expires.',
      basis: 'statute',
      numbers: { monthsBeforeExpiry: 3 },
      forms: {},
      versions: [{ from: null, citation: 'CCP § 527.6(j)(1)' }],
    },
    renewalDeadline: {
      id: 'CH.RENEWAL.DEADLINE',
      kind: 'RENEWAL_DEADLINE',
      families: ['CH'],
      description: 'The request must be filed before the order expires.',
      basis: 'statute',
      numbers: {},
      forms: {},
      versions: [{ from: null, citation: 'CCP § 527.6(j)(1)' }],
    },
    renewalHearing: {
      id: 'CH.RENEWAL.HEARING',
      kind: 'HEARING',
      families: ['CH'],
      description: 'The hearing on the request to renew.',
      basis: 'statute',
      response: null,
      continuanceCitation: null,
      numbers: {},
      forms: { notice: 'CH-710' },
      versions: [{ from: null, citation: 'CCP § 527.6(j)(1); CH-710' }],
    },
    renewalService: renewalServiceSetByCourt('CH', 'CCP § 527.6(j)(1); CCP § 12c; CH-710', {
      notice: 'CH-710',
    }),
    renewalPending: {
      id: 'CH.RENEWAL.PENDING',
      kind: 'ORDER_EXPIRES',
      families: ['CH'],
      description:
        'The current order stays in effect until the end of the renewal hearing (CH-710).',
      // CH-710 item 3: "The current restraining order stays in effect until the end of the hearing."
      basis: 'form',
      keepsOrderInForce: true,
      numbers: {},
      forms: { notice: 'CH-710' },
      versions: [{ from: null, citation: 'CCP § 527.6(j)(1); CH-710 item 3' }],
    },
    renewalTerm: {
      id: 'CH.RENEWAL.TERM',
      kind: 'ORDER_EXPIRES',
      families: ['CH'],
      description: 'Renewed for no more than five additional years; there is no permanent option.',
      basis: 'statute',
      numbers: { minYears: null, maxYears: 5, permanentAllowed: false },
      permanentCitation: null,
      belowMinimum: null,
      noDateReading: 'RENEWAL.NO_DATE',
      forms: { order: 'CH-730' },
      versions: [{ from: '2014-01-01', citation: 'CCP § 527.6(j)(1)' }],
    },
    alternativeService: {
      id: 'CH.SERVICE.ALTERNATIVE',
      kind: 'SERVICE_DEADLINE',
      families: ['CH'],
      description:
        'Since 2022, when the petitioner cannot personally serve the respondent after a diligent effort and the respondent is evading service or cannot be located, the court may order another method of service (CH-117).',
      basis: 'statute',
      numbers: { courtMayOrder: true },
      forms: { order: 'CH-117', information: 'CH-205-INFO' },
      versions: [
        {
          from: null,
          citation: 'CCP § 527.6(m)',
          description: 'Before 2022: personal service only.',
          numbers: { courtMayOrder: false },
        },
        { from: '2022-01-01', citation: 'CCP § 527.6(m)(1),(2) (AB 1143, Stats. 2021); CCP § 12c' },
      ],
    },
    ...firearmsByCcp5279('CH', { proof: 'CH-800' }),
    ...motionRules('CH', {
      // (j)(3): notice "pursuant to subdivision (b) of Section 1005", by personal service on the
      // protected party (or on the Secretary of State for a Safe at Home participant).
      citation: 'CCP §§ 527.6(j)(3), 1005(b)',
      notice: 'statute',
      personalServiceOnly: true,
      forms: {},
    }),
    terminationRequests: null,
  },
});

// Elder or dependent adult abuse restraining orders: Welfare and Institutions Code
// § 15657.03. Much of it is known only from secondary sources or the parallel statutes;
// each such rule says so in its caveat.

import {
  alternativeServiceByAb561,
  firearmsByCcp5279,
  motionRules,
  renewalServiceSetByCourt,
  ROLL,
} from './common.js';
import { EPO } from './emergency.js';
import { familyLaw } from './model.js';

const WIC = 'Welf. & Inst. Code § 15657.03';
const SECONDARY = 'From a secondary source (womenslaw.org); the statute text was not retrieved.';

export const EA = familyLaw({
  family: 'EA',
  name: 'elder or dependent adult abuse restraining order',
  statute: WIC,
  temporaryOrder: 'temporary restraining order',
  emergencyOrder: EPO,
  rules: {
    hearingLatest: {
      id: 'EA.HEARING.LATEST',
      kind: 'HEARING_LATEST',
      families: ['EA'],
      description: 'Hearing within 21 days of the TRO being granted or denied.',
      basis: 'unverified',
      caveat: SECONDARY,
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 21 },
      forms: { notice: 'EA-109' },
      versions: [{ from: null, citation: `${WIC}(f); ${ROLL}` }],
    },
    hearingLatestGoodCause: {
      id: 'EA.HEARING.LATEST_GOOD_CAUSE',
      kind: 'HEARING_LATEST_GOOD_CAUSE',
      families: ['EA'],
      description: 'With good cause, within 25 days.',
      basis: 'unverified',
      caveat: SECONDARY,
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 25 },
      forms: { notice: 'EA-109' },
      versions: [{ from: null, citation: `${WIC}(f); ${ROLL}` }],
    },
    hearing: {
      id: 'EA.HEARING',
      kind: 'HEARING',
      families: ['EA'],
      description: 'The hearing as set or continued.',
      basis: 'unverified',
      source: 'Secondary sources; the date itself is the one the court set.',
      response: { form: 'EA-120', noDeadline: 'notFound', citation: null },
      continuanceCitation: null,
      numbers: {},
      forms: { notice: 'EA-109', response: 'EA-120' },
      versions: [{ from: null, citation: `${WIC}; CCP § 136` }],
    },
    service: {
      id: 'EA.SERVICE',
      kind: 'SERVICE_DEADLINE',
      families: ['EA'],
      description:
        'Personal service at least 5 days before the hearing (the value of the parallel statutes).',
      basis: 'unverified',
      caveat:
        'Unverified: the EA service period was not retrieved; the 5 days of the parallel statutes (Fam. Code 243, CCP 527.6(m)) are used.',
      numbers: { calendarDaysBeforeHearing: 5 },
      forms: { notice: 'EA-109' },
      versions: [{ from: null, citation: `${WIC}; CCP § 12c` }],
    },
    temporaryOrderExpiry: {
      id: 'EA.TRO.EXPIRY',
      kind: 'TRO_EXPIRES',
      families: ['EA'],
      description: 'The temporary order lasts until the hearing (or a continued hearing).',
      basis: 'unverified',
      caveat:
        'Unverified: EA temporary orders are read to last until the end of the hearing or a continued hearing, like Fam. Code 245(c); the statute text was not retrieved.',
      numbers: { lasts: 'untilHearing' },
      lastsUntilHearingCitation: WIC,
      unenforceableCitation: WIC,
      continuance: { citation: WIC, form: null, newDateRequiredBy: null },
      forms: { order: 'EA-110' },
      versions: [{ from: null, citation: WIC }],
    },
    orderExpiry: {
      id: 'EA.ORDER.EXPIRY',
      kind: 'ORDER_EXPIRES',
      families: ['EA'],
      description:
        'An order after hearing lasts at most 5 years; with no date written, 3 years (parallel statutes).',
      basis: 'unverified',
      caveat:
        'The 5-year maximum is from a secondary source; the 3-year default for an order with no end date is unverified (the value of the parallel statutes is used).',
      numbers: { maxYears: 5, minYears: null, defaultYears: 3, defaultYearsFrom: 'statute' },
      noTimeWritten: null,
      forms: { order: 'EA-130' },
      versions: [{ from: null, citation: `${WIC}(i)(1)` }],
    },
    renewalWindow: {
      id: 'EA.RENEWAL.WINDOW',
      kind: 'RENEWAL_WINDOW_OPENS',
      families: ['EA'],
      description: 'Renewal within the 3 months before expiry (parallel statutes).',
      basis: 'unverified',
      caveat:
        'Unverified: the 3-month renewal window is the value of the parallel statutes; the EA text was not retrieved.',
      numbers: { monthsBeforeExpiry: 3 },
      forms: {},
      versions: [{ from: null, citation: `${WIC}(i)(1)` }],
    },
    renewalDeadline: {
      id: 'EA.RENEWAL.DEADLINE',
      kind: 'RENEWAL_DEADLINE',
      families: ['EA'],
      description: 'The request must be filed before the order expires.',
      basis: 'unverified',
      source: 'The self-help guide for EA renewals (selfhelp.courts.ca.gov).',
      numbers: {},
      forms: {},
      versions: [{ from: null, citation: `${WIC}(i)(1); selfhelp.courts.ca.gov (EA renewal)` }],
    },
    renewalHearing: {
      id: 'EA.RENEWAL.HEARING',
      kind: 'HEARING',
      families: ['EA'],
      description: 'The hearing on the request to renew.',
      basis: 'form',
      response: null,
      continuanceCitation: null,
      numbers: {},
      forms: { notice: 'EA-710' },
      versions: [{ from: null, citation: `${WIC}; EA-710` }],
    },
    renewalService: renewalServiceSetByCourt('EA', `${WIC}; CCP § 12c; EA-710`, {
      notice: 'EA-710',
    }),
    renewalPending: {
      id: 'EA.RENEWAL.PENDING',
      kind: 'ORDER_EXPIRES',
      families: ['EA'],
      description:
        'Filing the renewal request extends the order until the renewal hearing (EA-710; selfhelp.courts.ca.gov).',
      basis: 'form',
      keepsOrderInForce: true,
      numbers: {},
      forms: { notice: 'EA-710' },
      versions: [{ from: null, citation: `${WIC}; EA-710` }],
    },
    renewalTerm: {
      id: 'EA.RENEWAL.TERM',
      kind: 'ORDER_EXPIRES',
      families: ['EA'],
      description: 'Renewed for up to 5 additional years (parallel statutes).',
      basis: 'unverified',
      caveat:
        'Unverified: the 5-additional-year renewal term is the value of the parallel statutes.',
      numbers: { minYears: null, maxYears: 5, permanentAllowed: false },
      permanentCitation: null,
      belowMinimum: null,
      noDateReading: 'RENEWAL.NO_DATE',
      forms: { order: 'EA-730' },
      versions: [{ from: null, citation: `${WIC}(i)(1)` }],
    },
    alternativeService: alternativeServiceByAb561('EA', `${WIC} (personal service)`, 'unverified'),
    ...firearmsByCcp5279('EA', { proof: 'EA-800' }),
    ...motionRules('EA', {
      citation: WIC,
      notice: 'general',
      personalServiceOnly: false,
      forms: {},
    }),
    terminationRequests: null,
  },
});

// Postsecondary school violence restraining orders: Code of Civil Procedure § 527.85.
// AB 2096 (Stats. 2024, ch. 947) amended, repealed and re-added the section from 2026
// with, as far as secondary sources say, the same timings: each rule has a 2024-text
// version and an AB 2096 version, the latter unverified until the new text is read.

import {
  alternativeServiceByAb561,
  firearmsByCcp5279,
  motionRules,
  renewalPendingNotVerified,
  renewalServiceSetByCourt,
  ROLL,
} from './common.js';
import { familyLaw } from './model.js';

const TEXT_2024 = 'CCP § 527.85 (2024 text)';
const TEXT_2026 = 'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)';
const AB_2096 = {
  from: '2026-01-01',
  basis: 'unverified',
  caveat:
    'AB 2096 (eff. 2026-01-01) amended, repealed and re-added CCP 527.85; the timings are believed unchanged but the new text was not retrieved (secondary sources only).',
} as const;

export const SV = familyLaw({
  family: 'SV',
  name: 'postsecondary school violence restraining order',
  statute: 'CCP § 527.85',
  temporaryOrder: 'TRO',
  emergencyOrder: null,
  rules: {
    hearingLatest: {
      id: 'SV.HEARING.LATEST',
      kind: 'HEARING_LATEST',
      families: ['SV'],
      description: 'Hearing within 21 days of the TRO being granted or denied.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 21 },
      forms: { notice: 'SV-109' },
      versions: [
        { from: null, citation: `${TEXT_2024}; ${ROLL}` },
        { ...AB_2096, citation: `${TEXT_2026}; ${ROLL}` },
      ],
    },
    hearingLatestGoodCause: {
      id: 'SV.HEARING.LATEST_GOOD_CAUSE',
      kind: 'HEARING_LATEST_GOOD_CAUSE',
      families: ['SV'],
      description: 'With good cause, within 25 days.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 25 },
      forms: { notice: 'SV-109' },
      versions: [
        { from: null, citation: `${TEXT_2024}; ${ROLL}` },
        { ...AB_2096, citation: `${TEXT_2026}; ${ROLL}` },
      ],
    },
    hearing: {
      id: 'SV.HEARING',
      kind: 'HEARING',
      families: ['SV'],
      description: 'The hearing as set or continued.',
      basis: 'statute',
      response: { form: 'SV-120', noDeadline: 'notFound', citation: 'CCP § 527.85' },
      continuanceCitation: null,
      numbers: {},
      forms: { notice: 'SV-109', response: 'SV-120' },
      versions: [
        { from: null, citation: TEXT_2024 },
        { ...AB_2096, citation: TEXT_2026 },
      ],
    },
    service: {
      id: 'SV.SERVICE',
      kind: 'SERVICE_DEADLINE',
      families: ['SV'],
      description: 'Personal service at least 5 days before the hearing, unless shortened.',
      basis: 'statute',
      numbers: { calendarDaysBeforeHearing: 5 },
      forms: { notice: 'SV-109' },
      versions: [
        { from: null, citation: `${TEXT_2024}; CCP § 12c` },
        { ...AB_2096, citation: `${TEXT_2026}; CCP § 12c` },
      ],
    },
    temporaryOrderExpiry: {
      id: 'SV.TRO.EXPIRY',
      kind: 'TRO_EXPIRES',
      families: ['SV'],
      description:
        'The TRO lasts no more than 21 days (25 with good cause) unless the hearing is continued.',
      basis: 'statute',
      numbers: { lasts: 'capped', maxDays: 21, maxDaysGoodCause: 25 },
      lastsUntilHearingCitation: null,
      unenforceableCitation: null,
      continuance: { citation: 'CCP § 527.85', form: null, newDateRequiredBy: null },
      forms: { order: 'SV-110' },
      versions: [
        { from: null, citation: TEXT_2024 },
        { ...AB_2096, citation: TEXT_2026 },
      ],
    },
    orderExpiry: {
      id: 'SV.ORDER.EXPIRY',
      kind: 'ORDER_EXPIRES',
      families: ['SV'],
      description: 'An order after hearing lasts at most 3 years; with no date written, 3 years.',
      basis: 'statute',
      numbers: { maxYears: 3, minYears: null, defaultYears: 3, defaultYearsFrom: 'statute' },
      noTimeWritten: null,
      forms: { order: 'SV-130' },
      versions: [
        { from: null, citation: TEXT_2024 },
        { ...AB_2096, citation: TEXT_2026 },
      ],
    },
    renewalWindow: {
      id: 'SV.RENEWAL.WINDOW',
      kind: 'RENEWAL_WINDOW_OPENS',
      families: ['SV'],
      description: 'Renewal within the 3 months before expiry.',
      basis: 'statute',
      numbers: { monthsBeforeExpiry: 3 },
      forms: {},
      versions: [
        { from: null, citation: TEXT_2024 },
        { ...AB_2096, citation: TEXT_2026 },
      ],
    },
    renewalDeadline: {
      id: 'SV.RENEWAL.DEADLINE',
      kind: 'RENEWAL_DEADLINE',
      families: ['SV'],
      description: 'The request must be filed before the order expires.',
      basis: 'statute',
      numbers: {},
      forms: {},
      versions: [
        { from: null, citation: TEXT_2024 },
        { ...AB_2096, citation: TEXT_2026 },
      ],
    },
    renewalHearing: {
      id: 'SV.RENEWAL.HEARING',
      kind: 'HEARING',
      families: ['SV'],
      description: 'The hearing on the request to renew.',
      basis: 'statute',
      response: null,
      continuanceCitation: null,
      numbers: {},
      forms: {},
      versions: [
        { from: null, citation: TEXT_2024 },
        { ...AB_2096, citation: TEXT_2026 },
      ],
    },
    renewalService: renewalServiceSetByCourt('SV', 'CCP § 527.85; CCP § 12c'),
    renewalPending: renewalPendingNotVerified(
      'SV',
      'CCP § 527.85',
      'CCP § 527.85 (and its SV-700/SV-710 renewal forms, not retrieved)',
    ),
    renewalTerm: {
      id: 'SV.RENEWAL.TERM',
      kind: 'ORDER_EXPIRES',
      families: ['SV'],
      description: 'Renewed for no more than 3 years.',
      basis: 'statute',
      numbers: { minYears: null, maxYears: 3, permanentAllowed: false },
      permanentCitation: null,
      belowMinimum: null,
      noDateReading: 'RENEWAL.NO_DATE',
      forms: { order: 'SV-730' },
      versions: [
        { from: null, citation: TEXT_2024 },
        { ...AB_2096, citation: TEXT_2026 },
      ],
    },
    alternativeService: alternativeServiceByAb561(
      'SV',
      'CCP § 527.85 (personal service)',
      'statute',
    ),
    ...firearmsByCcp5279('SV', { proof: 'SV-800' }),
    ...motionRules('SV', {
      citation: 'CCP § 527.85',
      notice: 'general',
      personalServiceOnly: false,
      forms: {},
    }),
    terminationRequests: null,
  },
});

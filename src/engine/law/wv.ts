// Workplace violence restraining orders: Code of Civil Procedure § 527.8. The section
// was renumbered from 2025 (same timings, new subdivision letters): each rule has two
// versions, cited by the letters in force on the triggering event's date.

import {
  alternativeServiceByAb561,
  firearmsByCcp5279,
  motionRules,
  renewalPendingNotVerified,
  renewalServiceSetByCourt,
  ROLL,
} from './common.js';
import { familyLaw } from './model.js';

/** The day the renumbered text of § 527.8 came into force. */
const RENUMBERED = '2025-01-01';

export const WV = familyLaw({
  family: 'WV',
  name: 'workplace violence restraining order',
  statute: 'CCP § 527.8',
  temporaryOrder: 'TRO',
  emergencyOrder: null,
  rules: {
    hearingLatest: {
      id: 'WV.HEARING.LATEST',
      kind: 'HEARING_LATEST',
      families: ['WV'],
      description: 'Hearing within 21 days of the TRO being granted or denied.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 21 },
      forms: { notice: 'WV-109' },
      versions: [
        { from: null, citation: `CCP § 527.8(h); ${ROLL}` },
        { from: RENUMBERED, citation: `CCP § 527.8(i); ${ROLL}` },
      ],
    },
    hearingLatestGoodCause: {
      id: 'WV.HEARING.LATEST_GOOD_CAUSE',
      kind: 'HEARING_LATEST_GOOD_CAUSE',
      families: ['WV'],
      description: 'With good cause, within 25 days.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 25 },
      forms: { notice: 'WV-109' },
      versions: [
        { from: null, citation: `CCP § 527.8(h); ${ROLL}` },
        { from: RENUMBERED, citation: `CCP § 527.8(i); ${ROLL}` },
      ],
    },
    hearing: {
      id: 'WV.HEARING',
      kind: 'HEARING',
      families: ['WV'],
      description: 'The hearing as set or continued.',
      basis: 'statute',
      response: { form: 'WV-120', noDeadline: 'notFound', citation: 'CCP § 527.8' },
      continuanceCitation: null,
      numbers: {},
      forms: { notice: 'WV-109', response: 'WV-120' },
      versions: [
        { from: null, citation: 'CCP § 527.8' },
        { from: RENUMBERED, citation: 'CCP § 527.8(i),(p),(q)' },
      ],
    },
    service: {
      id: 'WV.SERVICE',
      kind: 'SERVICE_DEADLINE',
      families: ['WV'],
      description: 'Personal service at least 5 days before the hearing, unless shortened.',
      basis: 'statute',
      numbers: { calendarDaysBeforeHearing: 5 },
      forms: { notice: 'WV-109' },
      versions: [
        { from: null, citation: 'CCP § 527.8(m)' },
        { from: RENUMBERED, citation: 'CCP § 527.8(n)' },
      ],
    },
    temporaryOrderExpiry: {
      id: 'WV.TRO.EXPIRY',
      kind: 'TRO_EXPIRES',
      families: ['WV'],
      description:
        'The TRO lasts no more than 21 days (25 with good cause) unless the hearing is continued.',
      basis: 'statute',
      numbers: { lasts: 'capped', maxDays: 21, maxDaysGoodCause: 25 },
      lastsUntilHearingCitation: null,
      unenforceableCitation: null,
      continuance: { citation: 'CCP § 527.8(q)', form: null, newDateRequiredBy: null },
      forms: { order: 'WV-110' },
      versions: [
        { from: null, citation: 'CCP § 527.8(g)' },
        { from: RENUMBERED, citation: 'CCP § 527.8(h),(q)' },
      ],
    },
    orderExpiry: {
      id: 'WV.ORDER.EXPIRY',
      kind: 'ORDER_EXPIRES',
      families: ['WV'],
      description: 'An order after hearing lasts at most 3 years; with no date written, 3 years.',
      basis: 'statute',
      numbers: { maxYears: 3, minYears: null, defaultYears: 3, defaultYearsFrom: 'statute' },
      noTimeWritten: null,
      forms: { order: 'WV-130' },
      versions: [
        { from: null, citation: 'CCP § 527.8(k)' },
        { from: RENUMBERED, citation: 'CCP § 527.8(l)(1),(2)' },
      ],
    },
    renewalWindow: {
      id: 'WV.RENEWAL.WINDOW',
      kind: 'RENEWAL_WINDOW_OPENS',
      families: ['WV'],
      description: 'Renewal within the 3 months before expiry.',
      basis: 'statute',
      numbers: { monthsBeforeExpiry: 3 },
      forms: {},
      versions: [
        { from: null, citation: 'CCP § 527.8(k)' },
        { from: RENUMBERED, citation: 'CCP § 527.8(l)(1)' },
      ],
    },
    renewalDeadline: {
      id: 'WV.RENEWAL.DEADLINE',
      kind: 'RENEWAL_DEADLINE',
      families: ['WV'],
      description: 'The request must be filed before the order expires.',
      basis: 'statute',
      numbers: {},
      forms: {},
      versions: [
        { from: null, citation: 'CCP § 527.8(k)' },
        { from: RENUMBERED, citation: 'CCP § 527.8(l)(1)' },
      ],
    },
    renewalHearing: {
      id: 'WV.RENEWAL.HEARING',
      kind: 'HEARING',
      families: ['WV'],
      description: 'The hearing on the request to renew.',
      basis: 'statute',
      response: null,
      continuanceCitation: null,
      numbers: {},
      forms: {},
      versions: [
        { from: null, citation: 'CCP § 527.8(k)' },
        { from: RENUMBERED, citation: 'CCP § 527.8(l)(1)' },
      ],
    },
    renewalService: renewalServiceSetByCourt('WV', 'CCP § 527.8; CCP § 12c'),
    renewalPending: renewalPendingNotVerified(
      'WV',
      'CCP § 527.8',
      'CCP § 527.8 (and its WV-700/WV-710 renewal forms, not retrieved)',
    ),
    renewalTerm: {
      id: 'WV.RENEWAL.TERM',
      kind: 'ORDER_EXPIRES',
      families: ['WV'],
      description: 'Renewed for no more than 3 years.',
      basis: 'statute',
      numbers: { minYears: null, maxYears: 3, permanentAllowed: false },
      permanentCitation: null,
      belowMinimum: null,
      noDateReading: 'RENEWAL.NO_DATE',
      forms: { order: 'WV-730' },
      versions: [
        { from: null, citation: 'CCP § 527.8(k)' },
        { from: RENUMBERED, citation: 'CCP § 527.8(l)(1)' },
      ],
    },
    alternativeService: alternativeServiceByAb561(
      'WV',
      'CCP § 527.8 (personal service)',
      'statute',
    ),
    ...firearmsByCcp5279('WV', { proof: 'WV-800' }),
    ...motionRules('WV', {
      citation: 'CCP § 527.8',
      notice: 'general',
      personalServiceOnly: false,
      forms: {},
    }),
    terminationRequests: null,
  },
});

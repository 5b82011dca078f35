// Gun violence restraining orders: Penal Code §§ 18100-18205. The emergency GVRO is in
// emergency.ts; here the ex parte GVRO (the family's temporary order) and the order
// after hearing.

import { renewalPendingByParallel, renewalServiceSetByCourt, ROLL } from './common.js';
import { GV_EMERGENCY } from './emergency.js';
import { familyLaw } from './model.js';

const SECONDARY = 'From a secondary source; Pen. Code 18190 text not retrieved.';

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
        'Unverified: a GVRO days-before-hearing service period was not found (ca-rules.md 7.5); the 5 days of the parallel statutes are used.',
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
        'Unverified: the 21-day duration of an ex parte GVRO (Pen. Code 18155) was not checked against the statute text (ca-rules.md 7.5).',
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
    renewalPending: renewalPendingByParallel('GV', 'Pen. Code § 18190'),
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
  },
});

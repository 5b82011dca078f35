// Domestic violence restraining orders: Family Code §§ 240-246, 6320-6327, 6340-6347.

import { motionRules, renewalServiceSetByCourt, ROLL } from './common.js';
import { EPO } from './emergency.js';
import { familyLaw } from './model.js';

export const DV = familyLaw({
  family: 'DV',
  name: 'domestic violence restraining order',
  statute: 'Fam. Code §§ 6200 ff.',
  temporaryOrder: 'TRO',
  emergencyOrder: EPO,
  rules: {
    hearingLatest: {
      id: 'DV.HEARING.LATEST',
      kind: 'HEARING_LATEST',
      families: ['DV'],
      description:
        'Hearing within 21 days of the TRO being granted or denied, or of filing if no TRO is requested; a non-court last day rolls forward.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 21 },
      forms: { notice: 'DV-109' },
      versions: [{ from: null, citation: `Fam. Code §§ 242(a), 6320.5(b); ${ROLL}` }],
    },
    hearingLatestGoodCause: {
      id: 'DV.HEARING.LATEST_GOOD_CAUSE',
      kind: 'HEARING_LATEST_GOOD_CAUSE',
      families: ['DV'],
      description: 'With good cause, within 25 days; rolled like the 21-day limit.',
      basis: 'statute',
      runsFrom: 'decisionOrFiling',
      numbers: { calendarDays: 25 },
      forms: { notice: 'DV-109' },
      versions: [{ from: null, citation: `Fam. Code §§ 242(a), 6320.5(b); ${ROLL}` }],
    },
    hearing: {
      id: 'DV.HEARING',
      kind: 'HEARING',
      families: ['DV'],
      description: 'The hearing as set (DV-109) or continued (DV-116).',
      basis: 'statute',
      response: { form: 'DV-120', noDeadline: 'statute', citation: 'Fam. Code § 243(c)' },
      continuanceCitation: 'Fam. Code § 245',
      numbers: {},
      forms: { notice: 'DV-109', continuance: 'DV-116', response: 'DV-120' },
      versions: [{ from: null, citation: 'Fam. Code §§ 242, 243(c), 245; CCP § 136' }],
    },
    service: {
      id: 'DV.SERVICE',
      kind: 'SERVICE_DEADLINE',
      families: ['DV'],
      description:
        'Personal service at least 5 calendar days before the hearing (or the shorter time the court sets), counted back from the hearing; never moved later.',
      basis: 'statute',
      numbers: { calendarDaysBeforeHearing: 5 },
      forms: { notice: 'DV-109' },
      versions: [{ from: null, citation: 'Fam. Code § 243(a),(b); CCP § 12c' }],
    },
    temporaryOrderExpiry: {
      id: 'DV.TRO.EXPIRY',
      kind: 'TRO_EXPIRES',
      families: ['DV'],
      description:
        'The TRO lasts until the end of the hearing, or of a continued hearing; unenforceable if no hearing is held within the 21/25-day limit unless extended under § 245.',
      basis: 'statute',
      numbers: { lasts: 'untilHearing' },
      lastsUntilHearingCitation: 'Fam. Code §§ 242(b), 245(c)',
      unenforceableCitation: 'Fam. Code § 242(b)',
      continuance: {
        citation: 'Fam. Code § 245(c)',
        form: 'DV-116',
        newDateRequiredBy: '§ 245(d)',
      },
      forms: { order: 'DV-110', continuance: 'DV-116' },
      versions: [{ from: null, citation: 'Fam. Code §§ 242(b), 245(c),(d)' }],
    },
    orderExpiry: {
      id: 'DV.ORDER.EXPIRY',
      kind: 'ORDER_EXPIRES',
      families: ['DV'],
      description:
        'An order after hearing lasts at most 5 years; with no date written, 3 years from issuance, ending at the end of that day (DV-130: "midnight on"). Not rolled.',
      basis: 'statute',
      numbers: { maxYears: 5, minYears: null, defaultYears: 3, defaultYearsFrom: 'statute' },
      noTimeWritten: {
        form: 'DV-130',
        text: 'If no time is written, the restraining order ends at midnight on the expiration date',
      },
      forms: { order: 'DV-130' },
      versions: [{ from: null, citation: 'Fam. Code § 6345(a),(c)' }],
    },
    renewalWindow: {
      id: 'DV.RENEWAL.WINDOW',
      kind: 'RENEWAL_WINDOW_OPENS',
      families: ['DV'],
      description:
        'Renewal may be requested within the 3 months before expiry: expiry minus 3 months, clamped, inclusive.',
      basis: 'statute',
      numbers: { monthsBeforeExpiry: 3 },
      forms: { request: 'DV-700' },
      versions: [{ from: null, citation: 'Fam. Code § 6345(a)' }],
    },
    renewalDeadline: {
      id: 'DV.RENEWAL.DEADLINE',
      kind: 'RENEWAL_DEADLINE',
      families: ['DV'],
      description:
        'The request must be filed before the order expires: the last court day on or before expiry.',
      basis: 'statute',
      numbers: {},
      forms: { request: 'DV-700' },
      versions: [{ from: null, citation: 'Fam. Code § 6345(a)' }],
    },
    renewalHearing: {
      id: 'DV.RENEWAL.HEARING',
      kind: 'HEARING',
      families: ['DV'],
      description: 'The hearing on the request to renew (DV-710).',
      basis: 'statute',
      response: null,
      // As for the petition's hearing; whether § 245 reaches a renewal hearing is not verified.
      continuanceCitation: 'Fam. Code § 245',
      numbers: {},
      forms: { notice: 'DV-710' },
      versions: [{ from: null, citation: 'Fam. Code § 6345(a)' }],
    },
    renewalService: renewalServiceSetByCourt(
      'DV',
      'Fam. Code § 6345(a); CCP § 12c',
      { notice: 'DV-710' },
      'Service of the renewal papers by the number of days before the hearing the court set (DV-710).',
    ),
    renewalPending: {
      id: 'DV.RENEWAL.PENDING',
      kind: 'ORDER_EXPIRES',
      families: ['DV'],
      description:
        'A timely renewal request keeps the order in effect until the end of the renewal hearing: the restrained person "must continue to obey the current restraining order ... until the hearing" (DV-720).',
      // DV-720 (Response to Request to Renew Restraining Order, mandatory form): "You must
      // continue to obey the current restraining order on Form DV-130 ... until the hearing."
      basis: 'form',
      keepsOrderInForce: true,
      numbers: {},
      forms: { notice: 'DV-710', response: 'DV-720' },
      versions: [{ from: null, citation: 'Fam. Code § 6345(a); DV-710; DV-720' }],
    },
    renewalTerm: {
      id: 'DV.RENEWAL.TERM',
      kind: 'ORDER_EXPIRES',
      families: ['DV'],
      description:
        'Since 2023 a renewal is for five or more years, or permanent, and may be renewed again; less than 5 years is not allowed (Hart v. Hart).',
      basis: 'statute',
      numbers: { minYears: 5, maxYears: null, permanentAllowed: true },
      permanentCitation: 'Fam. Code § 6345(a)',
      belowMinimum: {
        warning: 'DV_RENEWAL_UNDER_FIVE_YEARS',
        authority: 'Fam. Code § 6345(a); Hart v. Hart (2025)',
      },
      noDateReading: 'DV.RENEWAL.NO_DATE',
      forms: { order: 'DV-730' },
      versions: [
        {
          from: null,
          citation: 'Fam. Code § 6345(a) (before SB 935: "for five years or permanently")',
          description: 'A renewal before 2023 was for five years or permanent.',
          numbers: { maxYears: 5 },
          quote: 'five years or permanently',
        },
        {
          from: '2023-01-01',
          citation:
            'Fam. Code § 6345(a) as amended by SB 935 (Stats. 2022, ch. 88); Hart v. Hart (2025)',
        },
      ],
    },
    alternativeService: {
      id: 'DV.SERVICE.ALTERNATIVE',
      kind: 'SERVICE_DEADLINE',
      families: ['DV'],
      description:
        'When the respondent evades personal service, the judge may order the papers served another way (DV-205-INFO: "a judge may allow you to give, or serve, the restraining order papers another way"). The form names no start date; the statute behind it was not retrieved.',
      basis: 'form',
      numbers: { courtMayOrder: true },
      forms: { information: 'DV-205-INFO' },
      versions: [{ from: null, citation: 'Fam. Code § 243(a),(b); CCP § 12c; DV-205-INFO' }],
    },
    firearmRelinquishment: {
      id: 'DV.FIREARMS.RELINQUISHMENT',
      kind: 'FIREARM_RELINQUISHMENT',
      families: ['DV'],
      description:
        'The respondent surrenders firearms and ammunition to law enforcement, or sells or stores them with a licensed dealer, within 24 hours of being served with the protective order (at once if an officer asks). A duty of the respondent, counted in hours from service; not extended to a court day.',
      basis: 'statute',
      numbers: { hours: 24 },
      forms: { proof: 'DV-800' },
      versions: [{ from: null, citation: 'Fam. Code § 6389(c)(2)' }],
    },
    firearmReceipt: {
      id: 'DV.FIREARMS.RECEIPT',
      kind: 'FIREARM_RECEIPT',
      families: ['DV'],
      description:
        'The respondent files the receipt with the court within 48 hours of being served with the order (DV-800). A duty of the respondent, counted in hours from service.',
      basis: 'statute',
      numbers: { hours: 48 },
      forms: { proof: 'DV-800' },
      versions: [{ from: null, citation: 'Fam. Code § 6389(c)(2) (receipt)' }],
    },
    ...motionRules('DV', {
      citation: 'Fam. Code § 6345(a)',
      notice: 'general',
      personalServiceOnly: false,
      forms: {},
    }),
    terminationRequests: null,
  },
});

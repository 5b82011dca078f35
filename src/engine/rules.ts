// The rules table: every computation the engine performs, with its stable id, the
// citation a person can look up, the dates it is in force, and how sure we are of it
// (ca-rules.md status marks: V verified, S secondary source, U unverified,
// I interpretation). A rule whose text changed keeps its id and gets one row per
// version; the version in force on the triggering event's date is used.
//
// Deadlines carry `ruleId` and the version's `citation`. Rules marked U or S carry a
// `caveat` that becomes the deadline's `interpretation`, so nobody mistakes an
// unverified timing for settled law.

import { parseDay, type DayNumber } from './days.js';
import { FAMILIES, type CalendarDate, type DeadlineKind, type Family } from './types.js';

export type Verification = 'V' | 'S' | 'U' | 'I';

export interface Rule {
  id: string;
  families: readonly Family[];
  kind: DeadlineKind;
  citation: string;
  /** Inclusive dates the version applies to (by the triggering event's date); null = open. */
  inForce: { from: CalendarDate | null; until: CalendarDate | null };
  description: string;
  verification: Verification;
  /** Shown as the deadline's interpretation when the rule is not verified. */
  caveat?: string;
}

const ALWAYS = { from: null, until: null } as const;
const ROLL = 'CCP §§ 12, 12a, 136';

export const RULES: readonly Rule[] = [
  // ---- Emergency orders ---------------------------------------------------------
  {
    id: 'EPO.EXPIRY',
    families: ['DV', 'CH', 'EA'],
    kind: 'EPO_EXPIRES',
    citation: 'Fam. Code § 6256(a),(b); Pen. Code § 646.91(g)',
    inForce: ALWAYS,
    description:
      'An EPO expires at the earlier of close of judicial business on the 5th court day after the day of issuance, or the 7th calendar day after it. Not rolled.',
    verification: 'V',
  },
  {
    id: 'GV.EMERGENCY.EXPIRY',
    families: ['GV'],
    kind: 'EPO_EXPIRES',
    citation: 'Pen. Code §§ 18125(b), 18135',
    inForce: ALWAYS,
    description:
      'A temporary emergency GVRO expires 21 days from the date it is issued. Not rolled.',
    verification: 'V',
  },
  {
    id: 'GV.EMERGENCY.HEARING_LATEST',
    families: ['GV'],
    kind: 'HEARING_LATEST',
    citation: `Pen. Code § 18148; ${ROLL}`,
    inForce: ALWAYS,
    description:
      'Hearing within 21 days after the date on the emergency order; no 25-day extension.',
    verification: 'V',
  },

  // ---- DV: Family Code 240-246, 6320-6327, 6340-6347 -----------------------------
  {
    id: 'DV.HEARING.LATEST',
    families: ['DV'],
    kind: 'HEARING_LATEST',
    citation: `Fam. Code §§ 242(a), 6320.5(b); ${ROLL}`,
    inForce: ALWAYS,
    description:
      'Hearing within 21 days of the TRO being granted or denied, or of filing if no TRO is requested; a non-court last day rolls forward.',
    verification: 'V',
  },
  {
    id: 'DV.HEARING.LATEST_GOOD_CAUSE',
    families: ['DV'],
    kind: 'HEARING_LATEST_GOOD_CAUSE',
    citation: `Fam. Code §§ 242(a), 6320.5(b); ${ROLL}`,
    inForce: ALWAYS,
    description: 'With good cause, within 25 days; rolled like the 21-day limit.',
    verification: 'V',
  },
  {
    id: 'DV.HEARING',
    families: ['DV'],
    kind: 'HEARING',
    citation: 'Fam. Code §§ 242, 243(c), 245; CCP § 136',
    inForce: ALWAYS,
    description: 'The hearing as set (DV-109) or continued (DV-116).',
    verification: 'V',
  },
  {
    id: 'DV.SERVICE',
    families: ['DV'],
    kind: 'SERVICE_DEADLINE',
    citation: 'Fam. Code § 243(a),(b); CCP § 12c',
    inForce: ALWAYS,
    description:
      'Personal service at least 5 calendar days before the hearing (or the shorter time the court sets), counted back from the hearing; never moved later.',
    verification: 'V',
  },
  {
    id: 'DV.TRO.EXPIRY',
    families: ['DV'],
    kind: 'TRO_EXPIRES',
    citation: 'Fam. Code §§ 242(b), 245(c),(d)',
    inForce: ALWAYS,
    description:
      'The TRO lasts until the end of the hearing, or of a continued hearing; unenforceable if no hearing is held within the 21/25-day limit unless extended under § 245.',
    verification: 'V',
  },
  {
    id: 'DV.ORDER.EXPIRY',
    families: ['DV'],
    kind: 'ORDER_EXPIRES',
    citation: 'Fam. Code § 6345(a),(c)',
    inForce: ALWAYS,
    description:
      'An order after hearing lasts at most 5 years; with no date written, 3 years from issuance, ending at the end of that day (DV-130: "midnight on"). Not rolled.',
    verification: 'V',
  },
  {
    id: 'DV.RENEWAL.WINDOW',
    families: ['DV'],
    kind: 'RENEWAL_WINDOW_OPENS',
    citation: 'Fam. Code § 6345(a)',
    inForce: ALWAYS,
    description:
      'Renewal may be requested within the 3 months before expiry: expiry minus 3 months, clamped, inclusive.',
    verification: 'V',
  },
  {
    id: 'DV.RENEWAL.DEADLINE',
    families: ['DV'],
    kind: 'RENEWAL_DEADLINE',
    citation: 'Fam. Code § 6345(a)',
    inForce: ALWAYS,
    description:
      'The request must be filed before the order expires: the last court day on or before expiry.',
    verification: 'V',
  },
  {
    id: 'DV.RENEWAL.HEARING',
    families: ['DV'],
    kind: 'HEARING',
    citation: 'Fam. Code § 6345(a)',
    inForce: ALWAYS,
    description: 'The hearing on the request to renew (DV-710).',
    verification: 'V',
  },
  {
    id: 'DV.RENEWAL.SERVICE',
    families: ['DV'],
    kind: 'SERVICE_DEADLINE',
    citation: 'Fam. Code § 6345(a); CCP § 12c',
    inForce: ALWAYS,
    description:
      'Service of the renewal papers by the number of days before the hearing the court set (DV-710).',
    verification: 'U',
    caveat:
      'Unverified: no statutory number of days for serving renewal papers was found; the days are the ones the court set.',
  },
  {
    id: 'DV.RENEWAL.PENDING',
    families: ['DV'],
    kind: 'ORDER_EXPIRES',
    citation: 'Fam. Code § 6345(a); DV-710',
    inForce: ALWAYS,
    description:
      'A timely renewal request keeps the order in effect until the end of the renewal hearing.',
    verification: 'U',
    caveat:
      'Unverified for DV: the DV-710 wording was not retrieved (ca-rules.md 7.6). The parallel CH-710 and EA-710 say the order stays in effect until the hearing; that value is used.',
  },
  {
    id: 'DV.RENEWAL.TERM',
    families: ['DV'],
    kind: 'ORDER_EXPIRES',
    citation: 'Fam. Code § 6345(a) (before SB 935: "for five years or permanently")',
    inForce: { from: null, until: '2022-12-31' },
    description: 'A renewal before 2023 was for five years or permanent.',
    verification: 'V',
  },
  {
    id: 'DV.RENEWAL.TERM',
    families: ['DV'],
    kind: 'ORDER_EXPIRES',
    citation: 'Fam. Code § 6345(a) as amended by SB 935 (Stats. 2022, ch. 88); Hart v. Hart (2025)',
    inForce: { from: '2023-01-01', until: null },
    description:
      'Since 2023 a renewal is for five or more years, or permanent, and may be renewed again; less than 5 years is not allowed (Hart v. Hart).',
    verification: 'V',
  },

  // ---- CH: CCP 527.6 -------------------------------------------------------------
  {
    id: 'CH.HEARING.LATEST',
    families: ['CH'],
    kind: 'HEARING_LATEST',
    citation: `CCP § 527.6(g); ${ROLL}`,
    inForce: ALWAYS,
    description:
      'Hearing within 21 days of the TRO being granted or denied, or of filing if no TRO is requested.',
    verification: 'V',
  },
  {
    id: 'CH.HEARING.LATEST_GOOD_CAUSE',
    families: ['CH'],
    kind: 'HEARING_LATEST_GOOD_CAUSE',
    citation: `CCP § 527.6(g); ${ROLL}`,
    inForce: ALWAYS,
    description: 'With good cause, within 25 days.',
    verification: 'V',
  },
  {
    id: 'CH.HEARING',
    families: ['CH'],
    kind: 'HEARING',
    citation: 'CCP § 527.6(g),(h),(o),(p); CCP § 136',
    inForce: ALWAYS,
    description: 'The hearing as set (CH-109) or continued (CH-116).',
    verification: 'V',
  },
  {
    id: 'CH.SERVICE',
    families: ['CH'],
    kind: 'SERVICE_DEADLINE',
    citation: 'CCP § 527.6(m)(1); CCP § 12c',
    inForce: ALWAYS,
    description:
      'Personal service at least 5 days before the hearing, unless the court shortens the time for good cause.',
    verification: 'V',
  },
  {
    id: 'CH.TRO.EXPIRY',
    families: ['CH'],
    kind: 'TRO_EXPIRES',
    citation: 'CCP § 527.6(f),(p)',
    inForce: ALWAYS,
    description:
      'The TRO lasts no more than 21 days, or 25 if the hearing time was extended for good cause, unless the hearing is continued; then until the end of the continued hearing.',
    verification: 'V',
  },
  {
    id: 'CH.ORDER.EXPIRY',
    families: ['CH'],
    kind: 'ORDER_EXPIRES',
    citation: 'CCP § 527.6(j)(1),(2)',
    inForce: { from: '2014-01-01', until: null },
    description:
      'An order after hearing lasts at most 5 years (AB 499, from 2014); with no date written, 3 years.',
    verification: 'V',
  },
  {
    id: 'CH.RENEWAL.WINDOW',
    families: ['CH'],
    kind: 'RENEWAL_WINDOW_OPENS',
    citation: 'CCP § 527.6(j)(1)',
    inForce: ALWAYS,
    description: 'Renewal may be requested within the 3 months before the order expires.',
    verification: 'V',
  },
  {
    id: 'CH.RENEWAL.DEADLINE',
    families: ['CH'],
    kind: 'RENEWAL_DEADLINE',
    citation: 'CCP § 527.6(j)(1)',
    inForce: ALWAYS,
    description: 'The request must be filed before the order expires.',
    verification: 'V',
  },
  {
    id: 'CH.RENEWAL.HEARING',
    families: ['CH'],
    kind: 'HEARING',
    citation: 'CCP § 527.6(j)(1); CH-710',
    inForce: ALWAYS,
    description: 'The hearing on the request to renew.',
    verification: 'V',
  },
  {
    id: 'CH.RENEWAL.SERVICE',
    families: ['CH'],
    kind: 'SERVICE_DEADLINE',
    citation: 'CCP § 527.6(j)(1); CCP § 12c; CH-710',
    inForce: ALWAYS,
    description:
      'Service of the renewal papers by the number of days before the hearing the court set.',
    verification: 'U',
    caveat:
      'Unverified: no statutory number of days for serving renewal papers was found; the days are the ones the court set.',
  },
  {
    id: 'CH.RENEWAL.PENDING',
    families: ['CH'],
    kind: 'ORDER_EXPIRES',
    citation: 'CCP § 527.6(j)(1); CH-710 item 3',
    inForce: ALWAYS,
    description: 'The current order stays in effect until the end of the renewal hearing (CH-710).',
    verification: 'V',
  },
  {
    id: 'CH.RENEWAL.TERM',
    families: ['CH'],
    kind: 'ORDER_EXPIRES',
    citation: 'CCP § 527.6(j)(1)',
    inForce: { from: '2014-01-01', until: null },
    description: 'Renewed for no more than five additional years; there is no permanent option.',
    verification: 'V',
  },

  // ---- WV: CCP 527.8 (two versions; same timings, different subdivision letters) --
  ...versions('WV', '2024-12-31', '2025-01-01', {
    'HEARING.LATEST': [
      'HEARING_LATEST',
      'CCP § 527.8(h)',
      'CCP § 527.8(i)',
      'Hearing within 21 days of the TRO being granted or denied.',
    ],
    'HEARING.LATEST_GOOD_CAUSE': [
      'HEARING_LATEST_GOOD_CAUSE',
      'CCP § 527.8(h)',
      'CCP § 527.8(i)',
      'With good cause, within 25 days.',
    ],
    HEARING: [
      'HEARING',
      'CCP § 527.8',
      'CCP § 527.8(i),(p),(q)',
      'The hearing as set or continued.',
    ],
    SERVICE: [
      'SERVICE_DEADLINE',
      'CCP § 527.8(m)',
      'CCP § 527.8(n)',
      'Personal service at least 5 days before the hearing, unless shortened.',
    ],
    'TRO.EXPIRY': [
      'TRO_EXPIRES',
      'CCP § 527.8(g)',
      'CCP § 527.8(h),(q)',
      'The TRO lasts no more than 21 days (25 with good cause) unless the hearing is continued.',
    ],
    'ORDER.EXPIRY': [
      'ORDER_EXPIRES',
      'CCP § 527.8(k)',
      'CCP § 527.8(l)(1),(2)',
      'An order after hearing lasts at most 3 years; with no date written, 3 years.',
    ],
    'RENEWAL.WINDOW': [
      'RENEWAL_WINDOW_OPENS',
      'CCP § 527.8(k)',
      'CCP § 527.8(l)(1)',
      'Renewal within the 3 months before expiry.',
    ],
    'RENEWAL.DEADLINE': [
      'RENEWAL_DEADLINE',
      'CCP § 527.8(k)',
      'CCP § 527.8(l)(1)',
      'The request must be filed before the order expires.',
    ],
    'RENEWAL.HEARING': [
      'HEARING',
      'CCP § 527.8(k)',
      'CCP § 527.8(l)(1)',
      'The hearing on the request to renew.',
    ],
    'RENEWAL.TERM': [
      'ORDER_EXPIRES',
      'CCP § 527.8(k)',
      'CCP § 527.8(l)(1)',
      'Renewed for no more than 3 years.',
    ],
  }),
  ...unverifiedRenewalExtras('WV', 'CCP § 527.8'),

  // ---- SV: CCP 527.85 -------------------------------------------------------------
  ...versions('SV', '2025-12-31', '2026-01-01', {
    'HEARING.LATEST': [
      'HEARING_LATEST',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'Hearing within 21 days of the TRO being granted or denied.',
    ],
    'HEARING.LATEST_GOOD_CAUSE': [
      'HEARING_LATEST_GOOD_CAUSE',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'With good cause, within 25 days.',
    ],
    HEARING: [
      'HEARING',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'The hearing as set or continued.',
    ],
    SERVICE: [
      'SERVICE_DEADLINE',
      'CCP § 527.85 (2024 text); CCP § 12c',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947); CCP § 12c',
      'Personal service at least 5 days before the hearing, unless shortened.',
    ],
    'TRO.EXPIRY': [
      'TRO_EXPIRES',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'The TRO lasts no more than 21 days (25 with good cause) unless the hearing is continued.',
    ],
    'ORDER.EXPIRY': [
      'ORDER_EXPIRES',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'An order after hearing lasts at most 3 years; with no date written, 3 years.',
    ],
    'RENEWAL.WINDOW': [
      'RENEWAL_WINDOW_OPENS',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'Renewal within the 3 months before expiry.',
    ],
    'RENEWAL.DEADLINE': [
      'RENEWAL_DEADLINE',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'The request must be filed before the order expires.',
    ],
    'RENEWAL.HEARING': [
      'HEARING',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'The hearing on the request to renew.',
    ],
    'RENEWAL.TERM': [
      'ORDER_EXPIRES',
      'CCP § 527.85 (2024 text)',
      'CCP § 527.85 as amended by AB 2096 (Stats. 2024, ch. 947)',
      'Renewed for no more than 3 years.',
    ],
  }).map((r) =>
    r.inForce.from === '2026-01-01'
      ? {
          ...r,
          verification: 'S' as const,
          caveat:
            'AB 2096 (eff. 2026-01-01) amended, repealed and re-added CCP 527.85; the timings are believed unchanged but the new text was not retrieved (secondary sources only).',
        }
      : r,
  ),
  ...unverifiedRenewalExtras('SV', 'CCP § 527.85'),

  // ---- EA: Welf. & Inst. Code 15657.03 --------------------------------------------
  {
    id: 'EA.HEARING.LATEST',
    families: ['EA'],
    kind: 'HEARING_LATEST',
    citation: `Welf. & Inst. Code § 15657.03(f); ${ROLL}`,
    inForce: ALWAYS,
    description: 'Hearing within 21 days of the TRO being granted or denied.',
    verification: 'S',
    caveat: 'From a secondary source (womenslaw.org); the statute text was not retrieved.',
  },
  {
    id: 'EA.HEARING.LATEST_GOOD_CAUSE',
    families: ['EA'],
    kind: 'HEARING_LATEST_GOOD_CAUSE',
    citation: `Welf. & Inst. Code § 15657.03(f); ${ROLL}`,
    inForce: ALWAYS,
    description: 'With good cause, within 25 days.',
    verification: 'S',
    caveat: 'From a secondary source (womenslaw.org); the statute text was not retrieved.',
  },
  {
    id: 'EA.HEARING',
    families: ['EA'],
    kind: 'HEARING',
    citation: 'Welf. & Inst. Code § 15657.03; CCP § 136',
    inForce: ALWAYS,
    description: 'The hearing as set or continued.',
    verification: 'S',
  },
  {
    id: 'EA.SERVICE',
    families: ['EA'],
    kind: 'SERVICE_DEADLINE',
    citation: 'Welf. & Inst. Code § 15657.03; CCP § 12c',
    inForce: ALWAYS,
    description:
      'Personal service at least 5 days before the hearing (the value of the parallel statutes).',
    verification: 'U',
    caveat:
      'Unverified: the EA service period was not retrieved; the 5 days of the parallel statutes (Fam. Code 243, CCP 527.6(m)) are used.',
  },
  {
    id: 'EA.TRO.EXPIRY',
    families: ['EA'],
    kind: 'TRO_EXPIRES',
    citation: 'Welf. & Inst. Code § 15657.03',
    inForce: ALWAYS,
    description: 'The temporary order lasts until the hearing (or a continued hearing).',
    verification: 'U',
    caveat:
      'Unverified: EA temporary orders are read to last until the end of the hearing or a continued hearing, like Fam. Code 245(c); the statute text was not retrieved.',
  },
  {
    id: 'EA.ORDER.EXPIRY',
    families: ['EA'],
    kind: 'ORDER_EXPIRES',
    citation: 'Welf. & Inst. Code § 15657.03(i)(1)',
    inForce: ALWAYS,
    description:
      'An order after hearing lasts at most 5 years; with no date written, 3 years (parallel statutes).',
    verification: 'U',
    caveat:
      'The 5-year maximum is from a secondary source; the 3-year default for an order with no end date is unverified (the value of the parallel statutes is used).',
  },
  {
    id: 'EA.RENEWAL.WINDOW',
    families: ['EA'],
    kind: 'RENEWAL_WINDOW_OPENS',
    citation: 'Welf. & Inst. Code § 15657.03(i)(1)',
    inForce: ALWAYS,
    description: 'Renewal within the 3 months before expiry (parallel statutes).',
    verification: 'U',
    caveat:
      'Unverified: the 3-month renewal window is the value of the parallel statutes; the EA text was not retrieved.',
  },
  {
    id: 'EA.RENEWAL.DEADLINE',
    families: ['EA'],
    kind: 'RENEWAL_DEADLINE',
    citation: 'Welf. & Inst. Code § 15657.03(i)(1); selfhelp.courts.ca.gov (EA renewal)',
    inForce: ALWAYS,
    description: 'The request must be filed before the order expires.',
    verification: 'S',
  },
  {
    id: 'EA.RENEWAL.HEARING',
    families: ['EA'],
    kind: 'HEARING',
    citation: 'Welf. & Inst. Code § 15657.03; EA-710',
    inForce: ALWAYS,
    description: 'The hearing on the request to renew.',
    verification: 'V',
  },
  {
    id: 'EA.RENEWAL.SERVICE',
    families: ['EA'],
    kind: 'SERVICE_DEADLINE',
    citation: 'Welf. & Inst. Code § 15657.03; CCP § 12c; EA-710',
    inForce: ALWAYS,
    description:
      'Service of the renewal papers by the number of days before the hearing the court set.',
    verification: 'U',
    caveat:
      'Unverified: no statutory number of days for serving renewal papers was found; the days are the ones the court set.',
  },
  {
    id: 'EA.RENEWAL.PENDING',
    families: ['EA'],
    kind: 'ORDER_EXPIRES',
    citation: 'Welf. & Inst. Code § 15657.03; EA-710',
    inForce: ALWAYS,
    description:
      'Filing the renewal request extends the order until the renewal hearing (EA-710; selfhelp.courts.ca.gov).',
    verification: 'V',
  },
  {
    id: 'EA.RENEWAL.TERM',
    families: ['EA'],
    kind: 'ORDER_EXPIRES',
    citation: 'Welf. & Inst. Code § 15657.03(i)(1)',
    inForce: ALWAYS,
    description: 'Renewed for up to 5 additional years (parallel statutes).',
    verification: 'U',
    caveat: 'Unverified: the 5-additional-year renewal term is the value of the parallel statutes.',
  },

  // ---- GV: Penal Code 18100-18205 ----------------------------------------------------
  {
    id: 'GV.HEARING.LATEST',
    families: ['GV'],
    kind: 'HEARING_LATEST',
    citation: `Pen. Code § 18165; ${ROLL}`,
    inForce: ALWAYS,
    description:
      'Hearing within 21 days after the date on the ex parte order; no 25-day extension.',
    verification: 'V',
  },
  {
    id: 'GV.HEARING',
    families: ['GV'],
    kind: 'HEARING',
    citation: 'Pen. Code §§ 18148, 18160(a), 18165; CCP § 136',
    inForce: ALWAYS,
    description: 'The hearing as set or continued.',
    verification: 'V',
  },
  {
    id: 'GV.SERVICE',
    families: ['GV'],
    kind: 'SERVICE_DEADLINE',
    citation: 'Pen. Code § 18160(b); CCP § 12c',
    inForce: ALWAYS,
    description:
      'Personal service (law enforcement or a CCP 414.10 server) at least 5 days before the hearing (parallel statutes).',
    verification: 'U',
    caveat:
      'Unverified: a GVRO days-before-hearing service period was not found (ca-rules.md 7.5); the 5 days of the parallel statutes are used.',
  },
  {
    id: 'GV.TRO.EXPIRY',
    families: ['GV'],
    kind: 'TRO_EXPIRES',
    citation: 'Pen. Code §§ 18155, 18160(a)',
    inForce: ALWAYS,
    description: 'An ex parte GVRO expires no later than 21 days after the date on the order.',
    verification: 'U',
    caveat:
      'Unverified: the 21-day duration of an ex parte GVRO (Pen. Code 18155) was not checked against the statute text (ca-rules.md 7.5).',
  },
  {
    id: 'GV.ORDER.EXPIRY',
    families: ['GV'],
    kind: 'ORDER_EXPIRES',
    citation: 'Pen. Code § 18175 (AB 12, Stats. 2019, ch. 724, operative 2020-09-01)',
    inForce: { from: '2020-09-01', until: null },
    description: 'A GVRO after hearing lasts 1 to 5 years, as the court sets.',
    verification: 'V',
  },
  {
    id: 'GV.RENEWAL.WINDOW',
    families: ['GV'],
    kind: 'RENEWAL_WINDOW_OPENS',
    citation: 'Pen. Code § 18190',
    inForce: ALWAYS,
    description: 'Renewal within the 3 months before expiry.',
    verification: 'S',
    caveat: 'From a secondary source; Pen. Code 18190 text not retrieved.',
  },
  {
    id: 'GV.RENEWAL.DEADLINE',
    families: ['GV'],
    kind: 'RENEWAL_DEADLINE',
    citation: 'Pen. Code § 18190',
    inForce: ALWAYS,
    description: 'The request must be filed before the order expires.',
    verification: 'S',
    caveat: 'From a secondary source; Pen. Code 18190 text not retrieved.',
  },
  {
    id: 'GV.RENEWAL.HEARING',
    families: ['GV'],
    kind: 'HEARING',
    citation: 'Pen. Code § 18190',
    inForce: ALWAYS,
    description: 'The hearing on the request to renew.',
    verification: 'S',
  },
  {
    id: 'GV.RENEWAL.TERM',
    families: ['GV'],
    kind: 'ORDER_EXPIRES',
    citation: 'Pen. Code § 18190',
    inForce: ALWAYS,
    description: 'Renewed for 1 to 5 years.',
    verification: 'S',
    caveat: 'From a secondary source; Pen. Code 18190 text not retrieved.',
  },
  ...unverifiedRenewalExtras('GV', 'Pen. Code § 18190'),
];

type VersionRow = [DeadlineKind, string, string, string];

// WV and SV each changed text once with the timings unchanged: one row per version.
function versions(
  family: Family,
  oldUntil: CalendarDate,
  newFrom: CalendarDate,
  rows: Record<string, VersionRow>,
): Rule[] {
  const out: Rule[] = [];
  for (const [suffix, [kind, oldCitation, newCitation, description]] of Object.entries(rows)) {
    const withRoll = (c: string): string =>
      kind.startsWith('HEARING_LATEST') ? `${c}; ${ROLL}` : c;
    const base = {
      id: `${family}.${suffix}`,
      families: [family],
      kind,
      description,
      verification: 'V' as const,
    };
    out.push({
      ...base,
      citation: withRoll(oldCitation),
      inForce: { from: null, until: oldUntil },
    });
    out.push({ ...base, citation: withRoll(newCitation), inForce: { from: newFrom, until: null } });
  }
  return out;
}

// Renewal service and the order's survival until the renewal hearing are verified only
// for CH (CH-710) and EA (EA-710); WV, SV and GV take the parallel value, flagged.
function unverifiedRenewalExtras(family: Family, citation: string): Rule[] {
  const rules: Rule[] = [
    {
      id: `${family}.RENEWAL.PENDING`,
      families: [family],
      kind: 'ORDER_EXPIRES',
      citation,
      inForce: ALWAYS,
      description:
        'A timely renewal request keeps the order in effect until the end of the renewal hearing (parallel CH-710, EA-710).',
      verification: 'U',
      caveat:
        'Unverified: that a timely renewal request keeps the order in effect until the renewal hearing is verified only for CH (CH-710) and EA (EA-710); the parallel value is used.',
    },
  ];
  rules.push({
    id: `${family}.RENEWAL.SERVICE`,
    families: [family],
    kind: 'SERVICE_DEADLINE',
    citation: `${citation}; CCP § 12c`,
    inForce: ALWAYS,
    description:
      'Service of the renewal papers by the number of days before the hearing the court set.',
    verification: 'U',
    caveat:
      'Unverified: no statutory number of days for serving renewal papers was found; the days are the ones the court set.',
  });
  return rules;
}

const byId = new Map<string, Rule[]>();
for (const r of RULES) {
  const list = byId.get(r.id);
  if (list) list.push(r);
  else byId.set(r.id, [r]);
}

/** Every rule id, sorted. */
export const RULE_IDS: readonly string[] = [...byId.keys()].sort();

/** The version of rule `id` in force on `date` ('YYYY-MM-DD'). */
export function ruleInForce(id: string, date: CalendarDate): Rule {
  const list = byId.get(id);
  if (!list) throw new Error(`unknown rule id ${id}`);
  for (const r of list) {
    if (
      (r.inForce.from === null || date >= r.inForce.from) &&
      (r.inForce.until === null || date <= r.inForce.until)
    )
      return r;
  }
  // Before a rule's first version (e.g. CH before 2014, outside the supported range):
  // the earliest version is the best statement we have.
  return list[0] as Rule;
}

// The same lookup on day numbers, for the engine's hot path: versions as numeric ranges.
const byIdOnDay = new Map<string, { from: number; until: number; rule: Rule }[]>();
for (const [id, list] of byId) {
  byIdOnDay.set(
    id,
    list.map((rule) => ({
      from: rule.inForce.from === null ? -Infinity : parseDay(rule.inForce.from),
      until: rule.inForce.until === null ? Infinity : parseDay(rule.inForce.until),
      rule,
    })),
  );
}

/** ruleInForce for a day number. */
export function ruleInForceOn(id: string, day: DayNumber): Rule {
  const list = byIdOnDay.get(id);
  if (!list) throw new Error(`unknown rule id ${id}`);
  for (const v of list) if (day >= v.from && day <= v.until) return v.rule;
  return (list[0] as { rule: Rule }).rule;
}

/** The rule ids each family's deadlines use, built once (the hot path does no string building). */
export interface FamilyRuleIds {
  hearingLatest: string;
  /** null where the statute has no good-cause extension (GV). */
  hearingLatestGoodCause: string | null;
  hearing: string;
  service: string;
  troExpiry: string;
  orderExpiry: string;
  renewalWindow: string;
  renewalDeadline: string;
  renewalHearing: string;
  renewalService: string;
  renewalPending: string;
  renewalTerm: string;
}

function familyRuleIds(f: Family): FamilyRuleIds {
  const ids: FamilyRuleIds = {
    hearingLatest: `${f}.HEARING.LATEST`,
    hearingLatestGoodCause: byId.has(`${f}.HEARING.LATEST_GOOD_CAUSE`)
      ? `${f}.HEARING.LATEST_GOOD_CAUSE`
      : null,
    hearing: `${f}.HEARING`,
    service: `${f}.SERVICE`,
    troExpiry: `${f}.TRO.EXPIRY`,
    orderExpiry: `${f}.ORDER.EXPIRY`,
    renewalWindow: `${f}.RENEWAL.WINDOW`,
    renewalDeadline: `${f}.RENEWAL.DEADLINE`,
    renewalHearing: `${f}.RENEWAL.HEARING`,
    renewalService: `${f}.RENEWAL.SERVICE`,
    renewalPending: `${f}.RENEWAL.PENDING`,
    renewalTerm: `${f}.RENEWAL.TERM`,
  };
  for (const id of Object.values(ids) as (string | null)[]) {
    if (id !== null && !byId.has(id)) throw new Error(`rules table: missing rule ${id}`);
  }
  return ids;
}

export const FAMILY_RULE_IDS: Readonly<Record<Family, FamilyRuleIds>> = Object.fromEntries(
  FAMILIES.map((f) => [f, familyRuleIds(f)]),
) as Record<Family, FamilyRuleIds>;

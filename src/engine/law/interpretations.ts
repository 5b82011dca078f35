// Where the law does not answer and the engine chose a reading: one table, each reading
// with a stable id, the rules it applies to, and the reason for it. The reading chosen
// is always the safer one for the person protected (a date too early, never too late).
//
// `note` is what a deadline resting on the reading says, in its `interpretation`
// (placeholders in braces are filled from the computation). A reading with no note is
// applied silently in the arithmetic, and explained in the steps and in the law book.
// `rules` names rule ids; '*.SUFFIX' means that rule of every family.

export interface Interpretation {
  readonly rules: readonly string[];
  /** The question the law leaves open. */
  readonly question: string;
  /** The reading chosen and why. */
  readonly reason: string;
  readonly note?: string;
}

export const INTERPRETATIONS = {
  'EXPIRY.NOT_ROLLED': {
    rules: [
      'EPO.EXPIRY',
      'GV.EMERGENCY.EXPIRY',
      '*.TRO.EXPIRY',
      '*.ORDER.EXPIRY',
      '*.RENEWAL.TERM',
      '*.RENEWAL.PENDING',
    ],
    question: 'Does an order that expires on a weekend or holiday last until the next court day?',
    reason:
      'No. CCP § 12a extends the last day for performing an act; an expiration is not an act, so it is never extended (the later date would overstate protection).',
  },
  'EPO.END_TIME': {
    rules: ['EPO.EXPIRY'],
    question:
      "At what clock time does an EPO expire: 'close of judicial business' on the 5th court day, and what instant of the 7th calendar day?",
    reason:
      "Fam. Code § 6256 gives no clock time for either limb. Close of judicial business is each court's close of business (calendars/ca-courts.json: its clerk's office close where sourced, else the default). The 7th calendar day is read to end at the same hour, the earlier of the readings (not midnight), as the engine reads a date written on an emergency order without a time; so an EPO always expires at close of business on the earlier limb's date. Flagged on every EPO expiry, whichever limb governs.",
    note: "Fam. Code § 6256 gives no clock time: 'close of judicial business' is taken as this court's close of business, {closeOfBusiness}, and the {nth} calendar day is read to end at that hour too, the earlier reading (as for a date written without a time), not at midnight. The date and time the judicial officer wrote on the EPO-001 control (Fam. Code § 6253(b)).",
  },
  'GV.EMERGENCY.END_OF_DAY': {
    rules: ['GV.EMERGENCY.EXPIRY'],
    question: "What instant is '21 days from the date the order is issued'?",
    reason:
      'Pen. Code § 18125(b) counts days, not hours; the end of the last day is read, and the date and time written on the order control.',
    note: "'{days} days from the date the order is issued' is read as the end of the {nth} day after the issuance date; the date and time written on the order (Pen. Code § 18135) control.",
  },
  'EXPIRY.WRITTEN_WITHOUT_TIME': {
    rules: ['EPO.EXPIRY', 'GV.EMERGENCY.EXPIRY'],
    question: 'An emergency order states its expiration date but no time: when does it end?',
    reason: 'At close of judicial business on that date: the earlier of the two possible readings.',
    note: 'No expiration time was entered with the written date; close of judicial business ({closeOfBusiness}) is assumed, the earlier reading.',
  },
  'GAP.HEARING_AFTER_EXPIRY': {
    rules: [
      'GV.EMERGENCY.EXPIRY',
      'GV.EMERGENCY.HEARING_LATEST',
      'CH.TRO.EXPIRY',
      'WV.TRO.EXPIRY',
      'SV.TRO.EXPIRY',
      'GV.TRO.EXPIRY',
    ],
    question:
      'The hearing deadline rolls past a weekend or holiday, but the order (an emergency GVRO, a capped temporary order, an ex parte GVRO) expires before it: when must the hearing be?',
    reason:
      'By the last court day on or before the expiry, so no gap in protection opens; the engine warns and advises that date.',
  },
  'TRO.CAP_NOT_EXTENDED': {
    rules: ['CH.TRO.EXPIRY', 'WV.TRO.EXPIRY', 'SV.TRO.EXPIRY', 'GV.TRO.EXPIRY'],
    question:
      'A temporary order may last no more than 21 days (25 if the court extends the time for hearing for good cause): when the 21st or 25th day is a weekend or holiday, does CCP § 12a extend the order to the next court day, as it extends the time to hold the hearing?',
    reason:
      'No, for both caps alike. CCP § 12a extends the time to perform an act; the caps of CCP §§ 527.6(f), 527.8, 527.85 limit how long an order remains in effect, an expiration, which is not extended (EXPIRY.NOT_ROLLED). The hearing limits of §§ 527.6(g) etc. are acts and are extended (CCP §§ 12a, 136). So a hearing held on the extended day may come after the order has ended: the engine shows the cap as the end and warns, and the 25-day cap applies only where the hearing itself needed the good-cause extension (a hearing lawful without it by the roll alone does not extend the order). No case decides this; the earlier reading is chosen. The expiration the court wrote on the order (CH-110, WV-110, SV-110: "This Order expires at the end of the hearing scheduled for the date and time below") controls when it is entered.',
    note: "The {cap}-day maximum ends on {date}, which is not a court day; an order's maximum is not extended to the next court day the way the time to hold the hearing is (CCP § 12a extends acts, not expirations). Enter the expiration written on the order if it says otherwise.",
  },
  'SERVICE.NOT_MOVED_LATER': {
    rules: ['*.SERVICE', '*.RENEWAL.SERVICE'],
    question:
      'Service due n days before a hearing lands on a weekend or holiday: does CCP § 12a move it?',
    reason:
      'No authority says. Moving it later would shorten the notice the statute requires, so it is never moved; the preceding court day is reported for acts that need an open court.',
    note: 'No California statute or case says how CCP 12a applies when a count-backward deadline lands on a weekend or holiday. Conservative rule: never move the deadline later; the preceding court day is flagged for acts that need an open court.',
  },
  'TRO.UNTIL_HEARING.NO_HEARING_SET': {
    rules: ['DV.TRO.EXPIRY', 'EA.TRO.EXPIRY'],
    question:
      'A temporary order lasts until the hearing, but no hearing is recorded: what end date is shown?',
    reason:
      'The last day the hearing may be held without good cause: the earliest day the order could stop being enforceable.',
    note: "No hearing is recorded; the {days}-day hearing limit is shown as the {order}'s end until a hearing is set.",
  },
  'TRO.CAPPED.NO_HEARING_SET': {
    rules: ['CH.TRO.EXPIRY', 'WV.TRO.EXPIRY', 'SV.TRO.EXPIRY'],
    question: 'A capped temporary order has no hearing recorded: what end date is shown?',
    reason: 'Its shorter maximum (without the good-cause extension), until a hearing is set.',
    note: 'No hearing is recorded; the {days}-day maximum is shown until a hearing is set.',
  },
  'ORDER.SHORTEST_TERM': {
    rules: ['GV.ORDER.EXPIRY'],
    question: 'An order after hearing has no end date entered and the statute sets no default.',
    reason:
      'The shortest lawful term is assumed, so reminders come early, with a warning asking for the written date.',
    note: 'No default duration for a {name} with no end date was found; the shortest lawful term is used so reminders come early. Enter the date written on the order.',
  },
  'EXPIRY.MIDNIGHT': {
    rules: ['*.ORDER.EXPIRY', '*.RENEWAL.TERM'],
    question: "Is 'midnight on' the expiration date its start or its end?",
    reason:
      'Its end (23:59:59): the forms say the order ends "at midnight on" the date, which a person reads as the end of that day.',
    note: "'Midnight on' the expiration date is read as the end of that day (23:59:59), not its start.",
  },
  'ANNIVERSARY.FEB_29': {
    rules: ['*.ORDER.EXPIRY', '*.RENEWAL.TERM'],
    question: 'An order issued on Feb 29 for whole years: does it end on Feb 28 or Mar 1?',
    reason: 'No statute fixes the anniversary; Feb 28 (the earlier date) is used.',
    note: 'Feb 29 + {years}: no statute fixes the anniversary; {date} is used (the earlier, conservative date) rather than {alternative}.',
  },
  'RENEWAL.TERM_BASE': {
    rules: ['*.RENEWAL.TERM'],
    question: 'Does a renewal term run from the renewal order or from the old expiration date?',
    reason:
      'The law is open; the minimum and maximum checks use whichever base avoids a false alarm.',
  },
  'RENEWAL.NO_DATE': {
    rules: [
      'CH.RENEWAL.TERM',
      'WV.RENEWAL.TERM',
      'SV.RENEWAL.TERM',
      'EA.RENEWAL.TERM',
      'GV.RENEWAL.TERM',
    ],
    question: 'A renewal is recorded with no end date entered.',
    reason:
      'The no-date default for an order after hearing is applied to the renewal order: the earliest plausible end, so reminders come early.',
    note: 'No end date entered for the renewal: {years} from the renewal order is assumed (the no-date default for an order, the earliest reading). Enter the date written on the renewal order.',
  },
  'DV.RENEWAL.NO_DATE': {
    rules: ['DV.RENEWAL.TERM'],
    question: 'A DV renewal is recorded with no end date entered.',
    reason:
      'Fam. Code § 6345(c) (no date stated: 3 years from issuance) is applied to the renewal order: the earliest reading, although a DV renewal is normally for 5 or more years.',
    note: 'No end date entered for the renewal: Fam. Code 6345(c) (no date stated = 3 years from issuance) is applied to the renewal order, the earliest reading; a DV renewal is normally for 5 or more years. Enter the date written on the DV-730.',
  },
  'RENEWAL.WINDOW_OPENS': {
    rules: ['*.RENEWAL.WINDOW'],
    question: "When does 'within the three months before the expiration' begin?",
    reason:
      "On the expiration date minus 3 calendar months, the day of the month clamped to the month's end (May 31 - 3 months = Feb 28), and that day included.",
    note: "'Within the {months} months before the expiration' is computed as the expiration date minus {count} calendar months (day clamped to the month's end), inclusive; a conservative reading opens the window a day later.",
  },
  'RENEWAL.DEADLINE_NOT_EXTENDED': {
    rules: ['*.RENEWAL.DEADLINE'],
    question:
      'The order expires on a weekend or holiday: may the renewal request be filed on the next court day?',
    reason:
      'No: once the order has expired there is nothing left to renew; the last court day on or before the expiration is the deadline.',
    note: 'No authority applies CCP 12a to extend a renewal filing past an expiration on a weekend or holiday; the last court day on or before the expiration is used.',
  },
  'FIREARMS.SERVICE_TIME_UNKNOWN': {
    rules: ['*.FIREARMS.RELINQUISHMENT', '*.FIREARMS.RECEIPT'],
    question:
      'The firearm duties run in hours from service, but no time of service was recorded: from when?',
    reason:
      'From the start of the day of service, the earliest instant it can have happened, so the duty is shown ending early, never late.',
    note: 'No time of service was recorded: the {hours} hours are counted from the start of the day of service ({served}), the earliest reading. Record the time on the proof of service to count from it.',
  },
  'FIREARMS.RECEIVING_IS_SERVICE': {
    rules: [
      'CH.FIREARMS.RECEIPT',
      'WV.FIREARMS.RECEIPT',
      'SV.FIREARMS.RECEIPT',
      'EA.FIREARMS.RECEIPT',
    ],
    question:
      'CCP § 527.9 counts the receipt\'s 48 hours "after receiving the order", Fam. Code § 6389 "of being served": are they the same moment?',
    reason:
      'Yes: the respondent receives the order when served with it, and no earlier moment is recorded; reading them the same keeps one clock for both duties.',
    note: "CCP § 527.9's 48 hours 'after receiving the order' are counted from service, when the respondent receives it.",
  },
  'FIREARMS.HOURS_NOT_EXTENDED': {
    rules: ['*.FIREARMS.RELINQUISHMENT', '*.FIREARMS.RECEIPT'],
    question:
      'A firearm duty counted in hours ends on a weekend or holiday: is it extended to the next court day (CCP § 12a)?',
    reason:
      "No: the hours are counted as elapsed time from service, not days, and the statutes give no roll; a receipt due when the clerk's office is closed is shown with the last court day before it, to file by then (or electronically where the court accepts it).",
  },
  'TERMINATION.PER_YEAR': {
    rules: ['GV.MOTION.TERMINATION_REQUESTS'],
    question:
      'Pen. Code § 18185 allows "one written request per year" to terminate a GVRO: per calendar year, per year of the order, or one in any 12 months?',
    reason:
      'Any 12 months: a request made within 12 months of the previous one is flagged, the strictest of the readings, so the protected person hears of a possibly premature request early. The court decides whether to hear it.',
  },
} as const satisfies Record<string, Interpretation>;

export type InterpretationId = keyof typeof INTERPRETATIONS;
export const INTERPRETATION_IDS = Object.keys(INTERPRETATIONS) as InterpretationId[];

/** The placeholders of a note ('{closeOfBusiness}' -> 'closeOfBusiness'). */
export function placeholdersOf(note: string): string[] {
  return [...note.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

// Notes split once at load into literal parts and placeholder names, so filling one on
// the hot path is a few concatenations.
const compiled = new Map<string, readonly string[]>();
for (const [id, entry] of Object.entries(INTERPRETATIONS) as [string, Interpretation][]) {
  if (entry.note !== undefined) compiled.set(id, entry.note.split(/\{(\w+)\}/));
}

/** The note of an interpretation with its placeholders filled. */
export function noteOf(id: InterpretationId, values?: Readonly<Record<string, string>>): string {
  const parts = compiled.get(id);
  if (parts === undefined) throw new Error(`interpretation ${id} has no note`);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    out += (values?.[parts[i] as string] ?? '') + (parts[i + 1] as string);
  }
  return out;
}

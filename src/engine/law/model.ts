// The shape of the law as the engine reads it. A rule is one typed entry holding
// everything a reviewer checks against the statute: its id and citation, the families
// it applies to, its basis, its numbers, the Judicial Council forms it relies on, and
// its versions with the date each came into force. The lifecycle stages read numbers
// only from here; the narrator reads citations only from here.
//
// Basis (how sure the rule is), derived from the research's verification marks:
//   V verified from the statute text            -> 'statute'
//   V verified from a Judicial Council form     -> 'form'
//   I a reading the engine chose, with a reason -> 'interpretation'
//   S secondary source only, U unverified       -> 'unverified'

import { formatDay, parseDay, type DayNumber } from '../days.js';
import type { CalendarDate, DeadlineBasis, DeadlineKind, Family } from '../types.js';
import type { InterpretationId } from './interpretations.js';

/** Strongest first: a deadline's basis is the weakest of what it rests on. */
export const BASES = ['statute', 'form', 'interpretation', 'unverified'] as const;
export type Basis = (typeof BASES)[number];
// The rule table's bases and the deadline's are one vocabulary.
const _sameBases: DeadlineBasis = '' as Basis;
void _sameBases;

/** The weaker of two bases (unverified < interpretation < form < statute). */
export function weakerBasis(a: Basis, b: Basis): Basis {
  return BASES.indexOf(a) >= BASES.indexOf(b) ? a : b;
}

/** A Judicial Council form number, e.g. 'DV-110'. */
export type FormId = string;

/** One text of a rule, as written when it came into force. */
export interface VersionSpec<N> {
  /** The day this text came into force; null: in force since before the court calendar begins. */
  readonly from: CalendarDate | null;
  readonly citation: string;
  /** What this version says, where it differs from the rule's description. */
  readonly description?: string;
  /** Where this version is less certain than the rule's basis. */
  readonly basis?: Basis;
  readonly caveat?: string;
  /** Numbers this version changed. */
  readonly numbers?: Partial<N>;
  /** The statute's own words for this version, where the explanation quotes them. */
  readonly quote?: string;
}

/** A rule as written in a family's law file. */
export interface RuleSpec<N> {
  /** Stable: deadlines carry it as `ruleId`; a rule whose text changed keeps its id. */
  readonly id: string;
  readonly kind: DeadlineKind;
  readonly families: readonly Family[];
  readonly description: string;
  readonly basis: Basis;
  /**
   * Why the rule is not settled law: shown as the `interpretation` of every deadline
   * it produces, so nobody mistakes an unverified timing for settled law.
   */
  readonly caveat?: string;
  /** For the law book only: where an unverified rule's text comes from, when no caveat is shown. */
  readonly source?: string;
  readonly numbers: N;
  /** The Judicial Council forms it relies on, by what they are to this rule. */
  readonly forms: Readonly<Record<string, FormId>>;
  /** Oldest first. */
  readonly versions: readonly VersionSpec<N>[];
}

/** A rule's version with everything resolved: what the engine uses on a given day. */
export interface Version<N> {
  readonly id: string;
  readonly kind: DeadlineKind;
  readonly from: CalendarDate | null;
  /** The day before the next version came into force; null: still in force. */
  readonly until: CalendarDate | null;
  readonly fromDay: DayNumber;
  readonly untilDay: DayNumber;
  readonly citation: string;
  readonly description: string;
  readonly basis: Basis;
  readonly caveat: string | undefined;
  readonly numbers: N;
  readonly quote: string | undefined;
}

type NumbersOf<S> = S extends RuleSpec<infer N> ? N : never;

/** A rule entry once loaded: the spec with its versions resolved. */
export type Rule<S extends RuleSpec<unknown> = RuleSpec<unknown>> = Omit<S, 'versions'> & {
  readonly versions: readonly Version<NumbersOf<S>>[];
};

// ---- numbers ----------------------------------------------------------------------

/** Fam. Code § 6256: the earlier of close of business on the nth court day and the end of the mth calendar day. */
export interface EarlierOfNumbers {
  readonly courtDays: number;
  readonly calendarDays: number;
}

/** A period of calendar days from a trigger (the trigger day not counted). */
export interface CalendarDaysNumbers {
  readonly calendarDays: number;
}

/** An act due at least n calendar days before a hearing (counted back, CCP § 12c). */
export interface DaysBeforeHearingNumbers {
  readonly calendarDaysBeforeHearing: number;
}

/**
 * How long a temporary order lasts: until the hearing (DV, EA); at most `maxDays`, or
 * `maxDaysGoodCause` when the hearing was extended for good cause, unless the hearing is
 * continued (CH, WV, SV); or a fixed number of days (an ex parte GVRO).
 */
export type TemporaryOrderNumbers =
  | { readonly lasts: 'untilHearing' }
  | { readonly lasts: 'capped'; readonly maxDays: number; readonly maxDaysGoodCause: number }
  | { readonly lasts: 'fixed'; readonly maxDays: number };

export interface OrderTermNumbers {
  readonly maxYears: number;
  readonly minYears: number | null;
  /** The term when no end date is written on the order. */
  readonly defaultYears: number;
  /**
   * 'statute': the statute's default for an order with no end date; 'shortestTerm': the
   * statute sets none, so the shortest lawful term is assumed (ORDER.SHORTEST_TERM).
   */
  readonly defaultYearsFrom: 'statute' | 'shortestTerm';
}

export interface RenewalWindowNumbers {
  /** The window opens this many calendar months before the expiry (clamped, inclusive). */
  readonly monthsBeforeExpiry: number;
}

export interface RenewalTermNumbers {
  /** Years counted from the renewal (or the old expiry; see the interpretation RENEWAL.TERM_BASE). */
  readonly minYears: number | null;
  readonly maxYears: number | null;
  readonly permanentAllowed: boolean;
}

export type NoNumbers = Readonly<Record<string, never>>;

/** Whether the court may order service by another method when personal service fails. */
export interface AlternativeServiceNumbers {
  readonly courtMayOrder: boolean;
}

/** A duty counted in hours from an instant (firearm relinquishment after service). */
export interface HoursNumbers {
  readonly hours: number;
}

/** Notice of a motion: court days before the hearing (CCP § 1005(b)), and the extensions by service method. */
export interface MotionNoticeNumbers {
  readonly courtDaysBeforeHearing: number;
  /** Added calendar days when the notice is mailed within California (CCP § 1005(b)). */
  readonly mailCalendarDays: number;
  /** Added court days when it is served electronically (CCP § 1010.6(a)(3)(B)). */
  readonly electronicCourtDays: number;
}

/** Papers due a number of court days before a hearing (an opposition: CCP § 1005(b)). */
export interface CourtDaysBeforeHearingNumbers {
  readonly courtDaysBeforeHearing: number;
}

/** How many requests to terminate the restrained person may make (Pen. Code § 18185). */
export interface RequestLimitNumbers {
  readonly requests: number;
  /** Per this many years of the order; null: per order. */
  readonly perYears: number | null;
}

// ---- compiling a rule --------------------------------------------------------------

function dayBefore(date: CalendarDate): CalendarDate {
  return formatDay(parseDay(date) - 1);
}

/** A rule entry: resolves each version's dates, basis, caveat and numbers once, at load. */
export function rule<S extends RuleSpec<unknown>>(spec: S): Rule<S> {
  type N = NumbersOf<S>;
  const versions: Version<N>[] = spec.versions.map((v, i) => {
    const next = spec.versions[i + 1];
    const until = next?.from == null ? null : dayBefore(next.from);
    return {
      id: spec.id,
      kind: spec.kind,
      from: v.from,
      until,
      fromDay: v.from === null ? -Infinity : parseDay(v.from),
      untilDay: until === null ? Infinity : parseDay(until),
      citation: v.citation,
      description: v.description ?? spec.description,
      basis: v.basis ?? spec.basis,
      caveat: v.caveat ?? spec.caveat,
      numbers: (v.numbers === undefined
        ? spec.numbers
        : { ...(spec.numbers as object), ...(v.numbers as object) }) as N,
      quote: v.quote,
    };
  });
  return { ...spec, versions };
}

/**
 * The version in force on `day` (the triggering event's date). Before a rule's first
 * version (e.g. CH before 2014, outside the supported calendar) the earliest version is
 * the best statement there is.
 */
export function versionOn<N>(versions: readonly Version<N>[], day: DayNumber): Version<N> {
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i] as Version<N>;
    if (day >= v.fromDay && day <= v.untilDay) return v;
  }
  return versions[0] as Version<N>;
}

// ---- the rules each family has, by what they decide --------------------------------

/** A hearing limit: within n calendar days of the trigger, a non-court last day rolled forward. */
export interface HearingLimitSpec extends RuleSpec<CalendarDaysNumbers> {
  /**
   * What starts the clock: the temporary order's grant or denial, or the filing when no
   * temporary order is requested ('decisionOrFiling'); or only the issued order ('orderIssued').
   */
  readonly runsFrom: 'decisionOrFiling' | 'orderIssued';
}

/** The optional written response: no family's statute sets a deadline for it. */
export interface ResponseLaw {
  readonly form: FormId;
  /** 'statute': the statute says there is none; 'notFound': none was found. */
  readonly noDeadline: 'statute' | 'notFound';
  readonly citation: string | null;
}

export interface HearingSpec extends RuleSpec<NoNumbers> {
  readonly response: ResponseLaw | null;
  /** The statute explanations cite for a continuance of this hearing (null: none cited). */
  readonly continuanceCitation: string | null;
}

export type ServiceSpec = RuleSpec<DaysBeforeHearingNumbers>;

export interface TemporaryOrderSpec extends RuleSpec<TemporaryOrderNumbers> {
  /** Where the statute says the order lasts until the hearing ('untilHearing' orders). */
  readonly lastsUntilHearingCitation: string | null;
  /** Where the statute says it stops being enforceable without a timely hearing. */
  readonly unenforceableCitation: string | null;
  /** How a continuance of the hearing keeps the order in effect; null: it does not. */
  readonly continuance: {
    readonly citation: string;
    /** The form on which the court continues the hearing, when explanations name it. */
    readonly form: FormId | null;
    /** The provision requiring the continuance order to state the new expiration. */
    readonly newDateRequiredBy: string | null;
  } | null;
}

export interface OrderExpirySpec extends RuleSpec<OrderTermNumbers> {
  /** What the order form says when no time is written on it. */
  readonly noTimeWritten: { readonly form: FormId; readonly text: string } | null;
}

export type RenewalWindowSpec = RuleSpec<RenewalWindowNumbers>;

export interface RenewalTermSpec extends RuleSpec<RenewalTermNumbers> {
  /** The authority for a permanent renewal, where one is allowed. */
  readonly permanentCitation: string | null;
  /** A renewal shorter than the minimum gets its own warning, with this authority. */
  readonly belowMinimum: {
    readonly warning: 'DV_RENEWAL_UNDER_FIVE_YEARS';
    readonly authority: string;
  } | null;
  /** The interpretation used when no end date is entered for the renewal. */
  readonly noDateReading: Extract<InterpretationId, 'RENEWAL.NO_DATE' | 'DV.RENEWAL.NO_DATE'>;
}

export type PlainSpec = RuleSpec<NoNumbers>;

export interface RenewalPendingSpec extends RuleSpec<NoNumbers> {
  /**
   * Whether a statute or form says a timely renewal request keeps the order in effect until
   * the renewal hearing. Where none does, the expiration is kept and the engine warns that
   * the order may lapse before the renewal hearing unless the court extends it.
   */
  readonly keepsOrderInForce: boolean;
}

export type AlternativeServiceSpec = RuleSpec<AlternativeServiceNumbers>;
export type FirearmSpec = RuleSpec<HoursNumbers>;

export interface MotionNoticeSpec extends RuleSpec<MotionNoticeNumbers> {
  /** The notice must be personally served (CCP § 527.6(j)(3)): mail and e-service do not count. */
  readonly personalServiceOnly: boolean;
}

export type OppositionSpec = RuleSpec<CourtDaysBeforeHearingNumbers>;
export type RequestLimitSpec = RuleSpec<RequestLimitNumbers>;

/** The rules of a family, by what each decides. Every family has every one of them. */
export interface FamilyRules {
  readonly hearingLatest: Rule<HearingLimitSpec>;
  /** null where the statute has no good-cause extension (GVRO). */
  readonly hearingLatestGoodCause: Rule<HearingLimitSpec> | null;
  readonly hearing: Rule<HearingSpec>;
  readonly service: Rule<ServiceSpec>;
  readonly temporaryOrderExpiry: Rule<TemporaryOrderSpec>;
  readonly orderExpiry: Rule<OrderExpirySpec>;
  readonly renewalWindow: Rule<RenewalWindowSpec>;
  readonly renewalDeadline: Rule<PlainSpec>;
  readonly renewalHearing: Rule<HearingSpec>;
  /** The days are the ones the court sets (no statutory number). */
  readonly renewalService: Rule<PlainSpec>;
  /** Whether a timely renewal request keeps the order in effect until the renewal hearing. */
  readonly renewalPending: Rule<RenewalPendingSpec>;
  readonly renewalTerm: Rule<RenewalTermSpec>;
  /** Service by a method the court ordered, when personal service failed: since when. */
  readonly alternativeService: Rule<AlternativeServiceSpec>;
  /** The respondent surrenders firearms and ammunition within hours of being served. */
  readonly firearmRelinquishment: Rule<FirearmSpec>;
  /** ... and files the receipt (or a declaration of none) within hours of being served. */
  readonly firearmReceipt: Rule<FirearmSpec>;
  /** The hearing on a motion to modify or terminate the order after hearing. */
  readonly motionHearing: Rule<HearingSpec>;
  /** Notice of that motion, served and filed before the hearing. */
  readonly motionNotice: Rule<MotionNoticeSpec>;
  /** The other party's opposition to it. */
  readonly motionOpposition: Rule<OppositionSpec>;
  /** null where no statute limits how often the restrained person may ask (all but GV). */
  readonly terminationRequests: Rule<RequestLimitSpec> | null;
}

export type RuleRole = keyof FamilyRules;

/** Each role's deadline kind and id suffix ('DV.' + suffix): the load-time checks hold the files to them. */
export const ROLES: Readonly<Record<RuleRole, { kind: DeadlineKind; suffix: string }>> = {
  hearingLatest: { kind: 'HEARING_LATEST', suffix: 'HEARING.LATEST' },
  hearingLatestGoodCause: {
    kind: 'HEARING_LATEST_GOOD_CAUSE',
    suffix: 'HEARING.LATEST_GOOD_CAUSE',
  },
  hearing: { kind: 'HEARING', suffix: 'HEARING' },
  service: { kind: 'SERVICE_DEADLINE', suffix: 'SERVICE' },
  temporaryOrderExpiry: { kind: 'TRO_EXPIRES', suffix: 'TRO.EXPIRY' },
  orderExpiry: { kind: 'ORDER_EXPIRES', suffix: 'ORDER.EXPIRY' },
  renewalWindow: { kind: 'RENEWAL_WINDOW_OPENS', suffix: 'RENEWAL.WINDOW' },
  renewalDeadline: { kind: 'RENEWAL_DEADLINE', suffix: 'RENEWAL.DEADLINE' },
  renewalHearing: { kind: 'HEARING', suffix: 'RENEWAL.HEARING' },
  renewalService: { kind: 'SERVICE_DEADLINE', suffix: 'RENEWAL.SERVICE' },
  renewalPending: { kind: 'ORDER_EXPIRES', suffix: 'RENEWAL.PENDING' },
  renewalTerm: { kind: 'ORDER_EXPIRES', suffix: 'RENEWAL.TERM' },
  alternativeService: { kind: 'SERVICE_DEADLINE', suffix: 'SERVICE.ALTERNATIVE' },
  firearmRelinquishment: { kind: 'FIREARM_RELINQUISHMENT', suffix: 'FIREARMS.RELINQUISHMENT' },
  firearmReceipt: { kind: 'FIREARM_RECEIPT', suffix: 'FIREARMS.RECEIPT' },
  motionHearing: { kind: 'HEARING', suffix: 'MOTION.HEARING' },
  motionNotice: { kind: 'SERVICE_DEADLINE', suffix: 'MOTION.NOTICE' },
  motionOpposition: { kind: 'OPPOSITION_DEADLINE', suffix: 'MOTION.OPPOSITION' },
  terminationRequests: { kind: 'HEARING', suffix: 'MOTION.TERMINATION_REQUESTS' },
};

/** The roles a family may leave empty (null): the statute has no such rule for it. */
export const OPTIONAL_ROLES: readonly RuleRole[] = [
  'hearingLatestGoodCause',
  'terminationRequests',
];

/** An order issued without a petition, before one can be heard. */
export type EmergencyOrderLaw =
  | {
      /** Expires at the earlier of two limbs (Fam. Code § 6256). */
      readonly expires: 'earlierOf';
      /** What explanations call it. */
      readonly name: string;
      /** Whether serving it starts the respondent's firearm duties (FIREARMS.*). */
      readonly firearmsOnService: boolean;
      readonly expiry: Rule<RuleSpec<EarlierOfNumbers>>;
      readonly hearingLatest: null;
    }
  | {
      /** Expires a fixed number of calendar days after issuance (Pen. Code § 18125). */
      readonly expires: 'afterDays';
      readonly name: string;
      readonly firearmsOnService: boolean;
      readonly expiry: Rule<RuleSpec<CalendarDaysNumbers>>;
      /** Where the emergency order itself starts a hearing clock. */
      readonly hearingLatest: Rule<HearingLimitSpec> | null;
    };

/** What a family's law file writes: its rules as plain entries, compiled by familyLaw(). */
export interface FamilyLawSpec {
  readonly family: Family;
  readonly name: string;
  readonly statute: string;
  readonly temporaryOrder: string;
  readonly emergencyOrder: EmergencyOrderLaw | null;
  readonly rules: {
    readonly hearingLatest: HearingLimitSpec;
    readonly hearingLatestGoodCause: HearingLimitSpec | null;
    readonly hearing: HearingSpec;
    readonly service: ServiceSpec;
    readonly temporaryOrderExpiry: TemporaryOrderSpec;
    readonly orderExpiry: OrderExpirySpec;
    readonly renewalWindow: RenewalWindowSpec;
    readonly renewalDeadline: PlainSpec;
    readonly renewalHearing: HearingSpec;
    readonly renewalService: PlainSpec;
    readonly renewalPending: RenewalPendingSpec;
    readonly renewalTerm: RenewalTermSpec;
    readonly alternativeService: AlternativeServiceSpec;
    readonly firearmRelinquishment: FirearmSpec;
    readonly firearmReceipt: FirearmSpec;
    readonly motionHearing: HearingSpec;
    readonly motionNotice: MotionNoticeSpec;
    readonly motionOpposition: OppositionSpec;
    readonly terminationRequests: RequestLimitSpec | null;
  };
}

/** A family's law with every rule entry compiled (see rule()). */
export function familyLaw(spec: FamilyLawSpec): FamilyLaw {
  const r = spec.rules;
  return {
    ...spec,
    rules: {
      hearingLatest: rule(r.hearingLatest),
      hearingLatestGoodCause:
        r.hearingLatestGoodCause === null ? null : rule(r.hearingLatestGoodCause),
      hearing: rule(r.hearing),
      service: rule(r.service),
      temporaryOrderExpiry: rule(r.temporaryOrderExpiry),
      orderExpiry: rule(r.orderExpiry),
      renewalWindow: rule(r.renewalWindow),
      renewalDeadline: rule(r.renewalDeadline),
      renewalHearing: rule(r.renewalHearing),
      renewalService: rule(r.renewalService),
      renewalPending: rule(r.renewalPending),
      renewalTerm: rule(r.renewalTerm),
      alternativeService: rule(r.alternativeService),
      firearmRelinquishment: rule(r.firearmRelinquishment),
      firearmReceipt: rule(r.firearmReceipt),
      motionHearing: rule(r.motionHearing),
      motionNotice: rule(r.motionNotice),
      motionOpposition: rule(r.motionOpposition),
      terminationRequests: r.terminationRequests === null ? null : rule(r.terminationRequests),
    },
  };
}

export interface FamilyLaw {
  readonly family: Family;
  readonly name: string;
  /** The statute the family's orders come from (for the law book). */
  readonly statute: string;
  /** What explanations call the temporary order ('TRO', 'ex parte GVRO'). */
  readonly temporaryOrder: string;
  /** null: there is no emergency order for this family. */
  readonly emergencyOrder: EmergencyOrderLaw | null;
  readonly rules: FamilyRules;
}

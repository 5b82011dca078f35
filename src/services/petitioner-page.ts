// The petitioner's own page: which of the case's dates are theirs, and what to do about each —
// the next hearing, the service deadline when they must arrange service, when the order ends,
// and the renewal window — from the same stored deadlines the API and the clinic's pages show.
// Also their calendar file: those dates at the `busy` level, in their words ("Appointment").
// No party name, address, court case number or case reference is read for any of it.
import { findCase } from '../db/cases.js';
import { deadlinesOfCase, type DeadlineRecord } from '../db/deadlines.js';
import type { FeedEntry, FeedEntryDetails } from '../db/feeds.js';
import type { Tx } from '../db/transaction.js';
import {
  courtTimeOf,
  defaultCourtCalendars,
  type DeadlineKind,
  type Family,
} from '../engine/index.js';
import { assembleCalendar, renderEvent } from '../feeds/render.js';
import type { PetitionerLinkCredential } from './petitioner-links.js';
import type { PetitionerWords } from './petitioner-words.js';

export type PetitionerDateKind =
  | 'hearing'
  | 'renewalHearing'
  | 'service'
  | 'renewalService'
  | 'emergencyEnds'
  | 'temporaryEnds'
  | 'orderEnds'
  | 'orderEnded'
  | 'renewal';

/** One of the petitioner's dates, with what the page needs to explain it. */
export interface PetitionerDate {
  kind: PetitionerDateKind;
  /** The stored deadline the date is (the API's deadline of the same key). */
  deadline: DeadlineRecord;
  /** The renewal window's first day (renewal only). */
  from: DeadlineRecord | null;
  /** The form to file: `DV-200` (proof of service), `DV-700` (renewal request); null for none. */
  form: string | null;
  /** Days before the hearing the papers must be served by (service only). */
  days: number | null;
  /** Whether the end date was written on the order (order ends only). */
  writtenOnOrder: boolean;
}

export interface PetitionerView {
  /** The court's name, null for the statewide calendar (no courthouse known). */
  court: string | null;
  /** Earliest first. */
  dates: PetitionerDate[];
  today: string;
}

const ENDS: Partial<Record<DeadlineKind, PetitionerDateKind>> = {
  EPO_EXPIRES: 'emergencyEnds',
  TRO_EXPIRES: 'temporaryEnds',
  ORDER_EXPIRES: 'orderEnds',
};

/**
 * Who serves the papers: the petitioner arranges it (someone 18 or older, a process server, the
 * sheriff) in every family but gun violence, where law enforcement serves the order (Pen. Code
 * §§ 18140, 18160). Interpretation, noted in the report: the page shows the service date only
 * where the petitioner must arrange it.
 */
const petitionerServes = (family: Family): boolean => family !== 'GV';

/** The petitioner's dates from a case's stored deadlines, as of `today` (court zone). */
export function petitionerDates(
  family: Family,
  court: string,
  deadlines: readonly DeadlineRecord[],
  today: string,
): PetitionerView {
  const open = deadlines.filter((d) => d.status === 'OPEN');
  const byKey = new Map(open.map((d) => [d.key, d]));
  const dates: PetitionerDate[] = [];
  const item = (
    kind: PetitionerDateKind,
    deadline: DeadlineRecord,
    extra: Partial<PetitionerDate> = {},
  ): PetitionerDate => ({
    kind,
    deadline,
    from: null,
    form: null,
    days: null,
    writtenOnOrder: false,
    ...extra,
  });

  for (const [key, kind] of [
    ['HEARING', 'hearing'],
    ['RENEWAL_HEARING', 'renewalHearing'],
  ] as const) {
    const hearing = byKey.get(key);
    if (hearing && hearing.date >= today) dates.push(item(kind, hearing));
  }
  if (petitionerServes(family)) {
    for (const [key, kind] of [
      ['SERVICE_DEADLINE', 'service'],
      ['RENEWAL_SERVICE_DEADLINE', 'renewalService'],
    ] as const) {
      const service = byKey.get(key);
      if (service && service.date >= today)
        dates.push(
          item(kind, service, {
            form: `${family}-200`,
            days: service.advisory?.daysBeforeHearing ?? null,
          }),
        );
    }
  }
  // The order in effect is the one that ends last (an emergency order met by a temporary one,
  // a temporary one replaced by the order after hearing, are no longer open).
  const ends = open
    .filter((d) => ENDS[d.kind] !== undefined)
    .sort((a, b) => b.date.localeCompare(a.date))[0];
  if (ends) {
    const ended = ends.date < today;
    dates.push(
      item(ended ? 'orderEnded' : ENDS[ends.kind]!, ends, {
        writtenOnOrder: ends.advisory?.computedDate !== undefined,
      }),
    );
  }
  const renewal = byKey.get('RENEWAL_DEADLINE');
  if (renewal && renewal.date >= today && ends?.kind === 'ORDER_EXPIRES')
    dates.push(
      item('renewal', renewal, {
        from: byKey.get('RENEWAL_WINDOW_OPENS') ?? null,
        form: `${family}-700`,
      }),
    );

  // By date; on the same day, what to do before what ends (a temporary order ends with the
  // hearing that day).
  const ending = (d: PetitionerDate) => Number(ENDS[d.deadline.kind] !== undefined);
  dates.sort(
    (a, b) =>
      a.deadline.date.localeCompare(b.deadline.date) ||
      ending(a) - ending(b) ||
      (a.deadline.at ?? '').localeCompare(b.deadline.at ?? ''),
  );
  const name = defaultCourtCalendars.courts.find((c) => c.id === court)?.name ?? null;
  return { court: court === 'CA' ? null : name, dates, today };
}

/** The page of a verified link: null when its case is gone (erased since the link was cached). */
export async function petitionerPage(
  tx: Tx,
  link: PetitionerLinkCredential,
  now: Date,
): Promise<PetitionerView | null> {
  const found = await findCase(tx, link.organizationId, link.caseId);
  if (!found) return null;
  const deadlines = await deadlinesOfCase(tx, found.id);
  return petitionerDates(found.family, found.court, deadlines, courtTimeOf(now.getTime()).date);
}

// ---- Add to my calendar ---------------------------------------------------------------------

const NO_CASE_FIELDS = {
  reference: '',
  court: '',
  courtCaseNumber: null,
  petitionerLabel: null,
  respondentLabel: null,
};

/**
 * The page's dates as a calendar file to import once (not a subscription: nothing keeps
 * fetching a URL). Every event and alarm says only "Appointment" in the petitioner's language,
 * the calendar's name is "Appointments", and nothing else is written (`busy`).
 */
export function petitionerCalendar(view: PetitionerView, words: PetitionerWords): Buffer {
  const rows = view.dates.flatMap((d) => [...(d.from ? [d.from] : []), d.deadline]);
  const events = rows.map((row) => {
    const entry: FeedEntry = {
      id: row.id,
      caseId: row.caseId,
      kind: row.kind,
      date: row.date,
      at: row.at,
      status: row.status,
      revision: row.revision,
      updatedAt: row.updatedAt,
      case: NO_CASE_FIELDS,
    };
    const details: FeedEntryDetails = {
      ruleId: row.ruleId,
      citation: row.citation,
      basis: row.basis,
      dutyOf: row.dutyOf,
      explanation: row.explanation,
      interpretation: row.interpretation,
      lastCourtDayOnOrBefore: row.advisory?.lastCourtDayOnOrBefore ?? null,
      supersededBy: row.advisory?.supersededBy ?? null,
    };
    const appointment = words.calendar.appointment;
    return Buffer.from(
      renderEvent(entry, details, 'busy', { summary: appointment, alarm: () => appointment }),
    );
  });
  return assembleCalendar(
    words.calendar.name,
    events,
    rows.some((r) => r.at !== null),
    {
      product: 'Orderly',
    },
  );
}

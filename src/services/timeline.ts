// A case's story as periods of protection and acts due: when the survivor is protected (EPO →
// temporary order → order after hearing → renewed order), where protection lapses (a gap), and
// the dates of the acts that keep it going. Pure: events in force and deadlines in, facts out;
// the case page draws them (src/web/timeline.ts) and lists them in words.
import { type DeadlineKind, type DeadlineStatus, type EventType } from '../engine/index.js';

export type ProtectionKind = 'EPO' | 'TRO' | 'ORDER' | 'RENEWED';

export interface Period {
  kind: ProtectionKind;
  from: string;
  /** The last day in force; null when it has no end (a permanent order). */
  to: string | null;
}

export interface Gap {
  from: string;
  /** The day protection starts again; null when nothing covers it yet. */
  to: string | null;
  /** What the gap lies between, in plain words. */
  why: string;
}

export interface ActDue {
  key: string;
  kind: DeadlineKind;
  date: string;
  at: string | null;
  status: DeadlineStatus;
}

export interface CaseTimeline {
  periods: Period[];
  gaps: Gap[];
  acts: ActDue[];
  /** The renewal window (from the day it opens to the last day to file). */
  renewalWindow: { from: string; to: string } | null;
  today: string;
}

interface TimelineEvent {
  type: EventType;
  date: string;
}

interface TimelineDeadline {
  key: string;
  kind: DeadlineKind;
  date: string;
  at: string | null;
  status: DeadlineStatus;
}

const ACT_KINDS: ReadonlySet<DeadlineKind> = new Set([
  'HEARING',
  'SERVICE_DEADLINE',
  'RENEWAL_DEADLINE',
  'HEARING_LATEST',
]);

const NAMES: Record<ProtectionKind, string> = {
  EPO: 'the emergency protective order',
  TRO: 'the temporary restraining order',
  ORDER: 'the order after hearing',
  RENEWED: 'the renewed order',
};

const lastOf = (events: readonly TimelineEvent[], type: EventType) =>
  events.filter((e) => e.type === type).at(-1);

export function caseTimeline(
  eventsInForce: readonly TimelineEvent[],
  deadlines: readonly TimelineDeadline[],
  today: string,
): CaseTimeline {
  const live = (kind: DeadlineKind) =>
    deadlines.find((d) => d.kind === kind && d.status !== 'SUPERSEDED');
  const any = (kind: DeadlineKind) => deadlines.find((d) => d.kind === kind);
  const periods: Period[] = [];

  const epo = lastOf(eventsInForce, 'EPO_ISSUED');
  const epoEnds = any('EPO_EXPIRES');
  if (epo && epoEnds) periods.push({ kind: 'EPO', from: epo.date, to: epoEnds.date });

  const tro = lastOf(eventsInForce, 'TRO_GRANTED');
  const order = lastOf(eventsInForce, 'ORDER_AFTER_HEARING');
  const renewed = lastOf(eventsInForce, 'ORDER_RENEWED');
  if (tro) {
    const troEnds = live('TRO_EXPIRES');
    const to = order ? order.date : (troEnds?.date ?? any('TRO_EXPIRES')?.date ?? null);
    periods.push({ kind: 'TRO', from: tro.date, to });
  }
  const orderEnds = any('ORDER_EXPIRES');
  if (order)
    periods.push({
      kind: 'ORDER',
      from: order.date,
      to: renewed && renewed.date > order.date ? renewed.date : (orderEnds?.date ?? null),
    });
  if (renewed && (!order || renewed.date > order.date))
    periods.push({ kind: 'RENEWED', from: renewed.date, to: orderEnds?.date ?? null });

  const terminated = lastOf(eventsInForce, 'ORDER_TERMINATED');
  const inForce = periods
    .map((p) =>
      terminated && (p.to === null || p.to > terminated.date) ? { ...p, to: terminated.date } : p,
    )
    .filter((p) => p.to === null || p.to >= p.from)
    .sort((a, b) => a.from.localeCompare(b.from));

  const gaps: Gap[] = [];
  for (let i = 1; i < inForce.length; i++) {
    const before = inForce[i - 1]!;
    const after = inForce[i]!;
    // Protection ending on a day and the next starting the day after leaves a night uncovered
    // (an EPO ends at close of business or the day's end): a gap, as the engine warns too.
    if (before.to !== null && after.from > before.to)
      gaps.push({
        from: before.to,
        to: after.from,
        why: `between ${NAMES[before.kind]} and ${NAMES[after.kind]}`,
      });
  }
  // Protection that has already lapsed with the next step still ahead: an EPO that ended with
  // no temporary order, or a temporary order that ended before its hearing.
  const last = inForce.at(-1);
  const hearing = live('HEARING');
  if (last && last.to !== null && last.to < today && !terminated) {
    if (last.kind === 'EPO')
      gaps.push({ from: last.to, to: null, why: 'no temporary restraining order is recorded' });
    else if (last.kind === 'TRO' && !order)
      gaps.push({
        from: last.to,
        to: hearing && hearing.date > last.to ? hearing.date : null,
        why: 'the temporary order ended before the hearing',
      });
  } else if (
    last?.kind === 'TRO' &&
    last.to !== null &&
    hearing &&
    hearing.date > last.to &&
    !order
  ) {
    gaps.push({
      from: last.to,
      to: hearing.date,
      why: 'the temporary order ends before the hearing',
    });
  }

  const acts = deadlines
    .filter((d) => ACT_KINDS.has(d.kind) && d.status !== 'SUPERSEDED')
    // The latest lawful hearing date matters only until a hearing is set.
    .filter((d) => d.kind !== 'HEARING_LATEST' || !hearing)
    .map(({ key, kind, date, at, status }) => ({ key, kind, date, at, status }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const opens = live('RENEWAL_WINDOW_OPENS');
  const fileBy = live('RENEWAL_DEADLINE');
  return {
    periods: inForce,
    gaps: gaps.sort((a, b) => a.from.localeCompare(b.from)),
    acts,
    renewalWindow: opens && fileBy ? { from: opens.date, to: fileBy.date } : null,
    today,
  };
}

// The court calendars a recomputation computes with: the shipped ones (calendars/) with the
// closures in force for the case's organization laid over them (src/services/court-closures.ts).
import {
  addCalendarDays,
  defaultCourtCalendars,
  withClosures,
  type ClosureDay,
  type CourtCalendars,
} from '../engine/index.js';
import {
  closuresInForce,
  type ClosureAuthority,
  type ClosureInForce,
} from '../db/court-closures.js';
import type { Tx } from '../db/transaction.js';

export { lockClosuresShared } from '../db/court-closures.js';

const ENGINE_AUTHORITY: Record<ClosureAuthority, NonNullable<ClosureDay['authority']>> = {
  CCP_12B: 'CCP 12b',
  GOV_CODE_68115: 'Gov. Code 68115',
};

/** Each day of each closure, as the engine takes them. */
export function closureDays(closures: readonly ClosureInForce[]): ClosureDay[] {
  const days: ClosureDay[] = [];
  for (const c of closures) {
    for (let date = c.from; date <= c.to; date = addCalendarDays(date, 1)) {
      days.push({
        court: c.court,
        date,
        reason: c.reason,
        authority: ENGINE_AUTHORITY[c.authority],
      });
    }
  }
  return days;
}

/**
 * The court calendars an organization's cases compute with: the shipped ones with the closures in
 * force laid over them (its own and the shared ones) for `courts` ("CA" is added: it closes every
 * court), or for every court. The caller must hold the closures lock shared
 * (`lockClosuresShared`), taken before it locked or wrote any case.
 */
/** The calendars for closures already read (a write's `readCaseState`). */
export const calendarsWith = (closures: readonly ClosureInForce[]): CourtCalendars =>
  withClosures(defaultCourtCalendars, closureDays(closures));

export async function calendarsFor(
  tx: Tx,
  organizationId: string,
  courts: readonly string[] | 'every court',
): Promise<CourtCalendars> {
  const closures = await closuresInForce(
    tx,
    organizationId,
    courts === 'every court' ? courts : [...new Set([...courts, 'CA'])],
  );
  return withClosures(defaultCourtCalendars, closureDays(closures));
}

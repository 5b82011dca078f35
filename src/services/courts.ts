// The courts Orderly has calendars for (calendars/ca-courts.json), as clients and messages need
// them: GET /v1/courts, and court names in words.
import { defaultCourtCalendars, type CourtSummary } from '../engine/index.js';

export type { CourtSummary };

const byId = new Map(defaultCourtCalendars.courts.map((c) => [c.id, c]));

/** Every court: id, name, close of business with its source, the years its calendar covers. */
export function courts(): readonly CourtSummary[] {
  return defaultCourtCalendars.courts;
}

/** The court's name, for people ("CA": every California court). */
export function courtName(court: string): string {
  if (court === 'CA') return 'every California court';
  return byId.get(court)?.name ?? court;
}

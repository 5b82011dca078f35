// Orderly's codes in the words a person uses: court names instead of court ids, the kind of
// order instead of the family code. Shared by emails, webhooks and feeds.
import { defaultCourtCalendars, type Family } from '../engine/index.js';

/** "Superior Court of California, County of Los Angeles"; a case on the statewide calendar has no court named. */
export function courtName(courtId: string): string {
  if (courtId === 'CA' || !defaultCourtCalendars.has(courtId))
    return 'court not given (statewide court days)';
  return defaultCourtCalendars.courts.find((c) => c.id === courtId)?.name ?? courtId;
}

const FAMILY_NAMES: Record<Family, string> = {
  DV: 'domestic violence restraining order',
  CH: 'civil harassment restraining order',
  WV: 'workplace violence restraining order',
  SV: 'school violence restraining order',
  EA: 'elder or dependent adult abuse restraining order',
  GV: 'gun violence restraining order',
};

/** The kind of order a case is about, in words ("domestic violence restraining order"). */
export function familyName(family: Family): string {
  return FAMILY_NAMES[family];
}

/** A wall-clock time as people write it: "16:00:00" → "4:00 p.m.", "23:59:59" → "11:59 p.m.". */
export function clockTime(time: string): string {
  const hours = Number(time.slice(0, 2));
  const minutes = time.slice(3, 5);
  return `${hours % 12 === 0 ? 12 : hours % 12}:${minutes} ${hours < 12 ? 'a.m.' : 'p.m.'}`;
}

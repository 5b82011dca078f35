// The expiry a person chooses for a secret link (a calendar feed, a petitioner's page). A
// calendar date means the end of that day at the court (America/Los_Angeles), never a UTC
// midnight; an instant is taken as given. A date that does not exist (2025-13-01) is refused,
// not converted; so is a past date, and one so far ahead it can only be a typing slip.
import { courtTimeOf, instantAt, isCalendarDate } from '../engine/index.js';
import type { FieldProblem } from './errors.js';

/** The latest expiry a person may set, from now. */
export const EXPIRY_MAX_DAYS = 6 * 366;

/** The instant, or the problem naming `field`. */
export function parseExpiry(
  value: string,
  now: Date,
  field: string,
): { at: Date } | { problem: FieldProblem } {
  const problem = (reason: string) => ({ problem: { name: field, reason } });
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (isDate && !isCalendarDate(value)) return problem('a date (YYYY-MM-DD) or an instant');
  // A past date is refused before it is converted: the conversion knows only the court
  // calendar's years (2007 on), and 1999-12-31 is a past date, not a server error.
  if (isDate && value < courtTimeOf(now.getTime()).date) return problem('must be in the future');
  const parsed = isDate ? Date.parse(instantAt(value, '23:59:59')) : Date.parse(value);
  if (Number.isNaN(parsed)) return problem('a date (YYYY-MM-DD) or an instant');
  if (parsed <= now.getTime()) return problem('must be in the future');
  if (parsed > now.getTime() + EXPIRY_MAX_DAYS * 86_400_000)
    return problem('at most 6 years from now');
  return { at: new Date(parsed) };
}

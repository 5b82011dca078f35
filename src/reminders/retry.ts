// When to try again, and when not to deliver at all. Pure.
import { addCalendarDays, courtTimeOf, instantAt } from '../engine/index.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": after the nth failed attempt wait between half and
 * all of min(maxMs, baseMs * 2^(n-1)), so workers that failed together do not retry together.
 * Null when the attempts are used up (the reminder becomes FAILED).
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Whether `now` falls in the quiet hours (court-zone wall clock, "21:00"-"08:00" wraps midnight). */
export function inQuietHours(now: Date, quiet: { from: string; to: string } | null): boolean {
  if (quiet === null) return false;
  const local = courtTimeOf(now.getTime()).time.slice(0, 5);
  return quiet.from <= quiet.to
    ? local >= quiet.from && local < quiet.to
    : local >= quiet.from || local < quiet.to;
}

/**
 * The first instant at or after `now` outside the quiet hours: `now` itself, or the end of the
 * quiet hours it falls in (court time; "21:00-08:00" at 22:30 gives 08:00 the next day).
 */
export function nextAllowedTime(now: Date, quiet: { from: string; to: string } | null): Date {
  if (!inQuietHours(now, quiet)) return now;
  const today = courtTimeOf(now.getTime()).date;
  const endsToday = new Date(instantAt(today, quiet!.to));
  return endsToday > now ? endsToday : new Date(instantAt(addCalendarDays(today, 1), quiet!.to));
}

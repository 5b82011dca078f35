// Optimistic concurrency for every PATCH: the client sends back, in If-Match, the ETag it read
// (the row's version), and the change applies only if the row is still at it (RFC 9110 §13.1.1).
import { DomainError, notFound } from './errors.js';

/**
 * What an If-Match header asks for: any current version (`*`), or one of these versions; or, for
 * the web app's toggles that set an absolute state (enable, disable), no precondition at all.
 */
export type Precondition =
  | { readonly any: true }
  | { readonly versions: readonly number[] }
  | { readonly unconditional: true };

/**
 * No precondition: for the web app's toggles, which set an absolute state (enable, disable)
 * that cannot overwrite a change made since. A missing row is a 404, as without If-Match.
 */
export const unconditionally: Precondition = { unconditional: true };

/** Only this version (the web app's forms carry the version they were made from). */
export const atVersion = (version: number): Precondition => ({ versions: [version] });

/**
 * Passes when `current` (the row's version; null when there is no such row) satisfies the
 * precondition: `*` matches any existing row and nothing else; a list matches one of its
 * versions. No row: 404, or 412 for `*`, which asks precisely for a row to exist.
 */
export function checkPrecondition(
  expected: Precondition,
  current: number | null,
  what: string,
): void {
  if ('unconditional' in expected) {
    if (current === null) throw notFound(what);
    return;
  }
  if (current === null) {
    if ('any' in expected)
      throw new DomainError('PRECONDITION_FAILED', `If-Match: * but there is no such ${what}`);
    throw notFound(what);
  }
  if ('any' in expected || expected.versions.includes(current)) return;
  throw new DomainError(
    'PRECONDITION_FAILED',
    `the ${what} has changed since the version you read (it is now ${current}); fetch it again`,
  );
}

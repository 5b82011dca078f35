// Opaque keyset cursors. A cursor carries the last row's sort key and a fingerprint of the
// filters it was issued for, so it cannot silently be replayed against another query.
import { createHash } from 'node:crypto';
import { DomainError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

function fingerprint(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);
}

export function encodeCursor(key: readonly string[], filters: unknown): string {
  return Buffer.from(JSON.stringify({ k: key, f: fingerprint(filters) })).toString('base64url');
}

/** The sort key in the cursor; a 400 naming `query.cursor` when it is not one of ours or not for these filters. */
export function decodeCursor(cursor: string, filters: unknown, keyLength: number): string[] {
  const invalid = (reason: string) =>
    new DomainError('INVALID_INPUT', `query.cursor: ${reason}`, [{ name: 'query.cursor', reason }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor returned by this API');
  }
  const value = parsed as { k?: unknown; f?: unknown };
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray(value.k) ||
    value.k.length !== keyLength ||
    !value.k.every((part) => typeof part === 'string' && part.length > 0 && part.length <= 64)
  ) {
    throw invalid('not a cursor returned by this API');
  }
  if (value.f !== fingerprint(filters))
    throw invalid('this cursor was issued for different filters');
  return value.k as string[];
}

/** Takes `limit + 1` rows' worth of results and turns them into a page. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => string[],
  filters: unknown,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last), filters) : null,
  };
}

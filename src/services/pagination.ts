// Opaque keyset cursors. A cursor carries the last row's sort key and a fingerprint of the
// filters it was issued for, so it cannot silently be replayed against another query; it is
// signed (HMAC-SHA-256 with a key derived from SECRETS_KEY, set by the app at build time), so a
// client can neither forge one nor edit the key in it, and each part of the key is checked for
// its type (a UUID, a YYYY-MM-DD date, a whole number such as an event's sequence) before it reaches a query. A bad cursor is a 400 naming
// `query.cursor`, never a database error.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The signing key. Until the app sets it (`useCursorKey`, from the secrets key, so every
 * process sharing SECRETS_KEY accepts the others' cursors), a random key of this process.
 */
let cursorKey: Buffer = randomBytes(32);

export function useCursorKey(key: Buffer): void {
  cursorKey = Buffer.from(key);
}

const MAC_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A whole number (a sequence, a revision), small enough to stay exact in a JS number and an INT column. */
const WHOLE = /^(0|[1-9]\d{0,8})$/;

function fingerprint(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);
}

const macOf = (payload: string): Buffer =>
  createHmac('sha256', cursorKey)
    .update('orderly cursor\0')
    .update(payload)
    .digest()
    .subarray(0, MAC_BYTES);

export function encodeCursor(key: readonly string[], filters: unknown): string {
  const payload = Buffer.from(JSON.stringify({ k: key, f: fingerprint(filters) })).toString(
    'base64url',
  );
  return `${payload}.${macOf(payload).toString('base64url')}`;
}

const invalidCursor = (reason: string) =>
  new DomainError('INVALID_INPUT', `query.cursor: ${reason}`, [{ name: 'query.cursor', reason }]);

/** A whole-number part of a decoded key (a sequence, a revision); a 400 when it is not one. */
export function wholeNumberOf(part: string | undefined): number {
  if (part === undefined || !WHOLE.test(part))
    throw invalidCursor('not a cursor returned by this API');
  return Number(part);
}

/** The sort key in the cursor; a 400 naming `query.cursor` when it is not one of ours or not for these filters. */
export function decodeCursor(cursor: string, filters: unknown, keyLength: number): string[] {
  const invalid = invalidCursor;
  const notOurs = () => invalid('not a cursor returned by this API');
  const match = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{22})$/.exec(cursor);
  if (!match) throw notOurs();
  const [, payload, mac] = match as unknown as [string, string, string];
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, macOf(payload))) throw notOurs();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  const value = parsed as { k?: unknown; f?: unknown };
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray(value.k) ||
    value.k.length !== keyLength ||
    !value.k.every(
      (part) =>
        typeof part === 'string' && (UUID.test(part) || DATE.test(part) || WHOLE.test(part)),
    )
  ) {
    throw notOurs();
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

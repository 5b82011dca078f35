// Secret tokens: the one verifier for every credential Orderly hands out as a random string —
// API keys (`ork_…`), calendar-feed tokens (`ofd_…`) and petitioner links (`opl_…`); staff
// invitation links are meant to be built on it the same way.
//
//   <tag>_<10 hex>_<43 base64url>        e.g. ork_1a2b3c4d5e_Vx…   (3-letter tag, 256 random bits)
//   '---- prefix ---'
//
// - The prefix is stored in clear: it finds the token's row, and is what listings, logs and
//   audit rows show. Only a SHA-256 hash of the whole token is stored; 256 random bits need no
//   slow password hash (guessing them is not a thing).
// - `verify` hashes what was presented and compares it in constant time with the stored hash —
//   or with a decoy when the prefix is malformed or unknown, so a miss costs what a hit does.
// - Records found are cached for CACHE_TTL_MS, so a request rarely needs the database to
//   authenticate. Unknown prefixes are never cached (a guesser cannot fill memory).
// - Revocation: the service that revokes calls `evict(prefix)` after its commit and
//   `pg_notify(<kind's channel>, prefix)` inside it; src/runtime.ts routes each kind's channel to
//   `evict` in every Orderly process, and calls `evictAll` when the listener reconnects
//   (notifications sent meanwhile are lost). While the listener is not connected the cache is
//   not used at all (`useCacheOnlyWhile`), so a revocation made meanwhile is seen at once.
//   The gap in another process is the notification's way there (about a millisecond on one
//   machine; PROOF.md), at most CACHE_TTL_MS should a connection die unnoticed by TCP
//   keepalive — documented in README "Calendar feeds".
// - `markUsed` writes "last used" at most once per TOUCH_INTERVAL_MS per token, in the
//   background: a failed write is logged, never fails the request.
//
// Usage:
//   const { token, prefix, hash } = issueToken('ork');   // show `token` once; store prefix + hash
//   tokenFromSeed('opl', hmac)   // the same shape from a keyed MAC, for a link an email must
//                                // carry again later (nothing secret stored: see petitioner-links)
//   const verifier = new TokenVerifier(apiKeyTokens(db), clock, log);   // in src/runtime.ts
//   const record = await verifier.verify(presented);      // null: malformed, unknown, not live
//   if (record) verifier.markUsed(record);
//
// A new kind needs: a tag; a table with a unique prefix, the hash and what makes a token stop
// working (revokedAt, an expiry…); a TokenKind over it (find, isLive, touch, its NOTIFY
// channel); and its TokenVerifier built in src/runtime.ts.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../adapters/clock.js';
import type { Logger } from '../logger.js';

/** What a kind of token is checked against, and how its uses are recorded. */
export interface TokenKind<R extends { id: string }> {
  /** Three lowercase letters starting every token of this kind ('ork', 'ofd'). */
  tag: string;
  /** The PostgreSQL NOTIFY channel on which revocations of this kind are announced. */
  revokedChannel: string;
  /** The log line when a use cannot be recorded. */
  useNotRecorded: string;
  /** The record a prefix names, with the stored hash; null when there is none. */
  find(prefix: string): Promise<{ record: R; hash: Buffer } | null>;
  /** Whether the record still opens anything at `now` (not revoked, not expired…). */
  isLive(record: R, now: Date): boolean;
  /** Records a use ("last used at"). */
  touch(id: string, at: Date): Promise<void>;
}

export interface IssuedToken {
  /** The secret: shown once, never stored. */
  token: string;
  /** `<tag>_<10 hex>`: stored, shown, and how the token is found. */
  prefix: string;
  /** SHA-256 of the token: what is stored. */
  hash: Buffer;
}

const TAG = /^[a-z]{3}$/;
const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
// Compared against when the prefix is unknown, so a miss costs what a hit does.
const DECOY = sha256('decoy');

/** A new token of the kind `tag`. */
export function issueToken(tag: string): IssuedToken {
  if (!TAG.test(tag)) throw new Error(`a token tag is three lowercase letters, not ${tag}`);
  const prefix = `${tag}_${randomBytes(5).toString('hex')}`;
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, prefix, hash: sha256(token) };
}

/**
 * A token of the kind `tag` made from at least 37 secret bytes (a keyed MAC of a row id): the
 * same shape, checked the same way, but made again whenever it is needed instead of shown once.
 */
export function tokenFromSeed(tag: string, seed: Buffer): IssuedToken {
  if (!TAG.test(tag)) throw new Error(`a token tag is three lowercase letters, not ${tag}`);
  if (seed.length < 37) throw new Error('a token seed is at least 37 bytes');
  const prefix = `${tag}_${seed.subarray(0, 5).toString('hex')}`;
  const token = `${prefix}_${seed.subarray(5, 37).toString('base64url')}`;
  return { token, prefix, hash: sha256(token) };
}

interface Cached<R> {
  found: { record: R; hash: Buffer };
  expiresAt: number;
}

export class TokenVerifier<R extends { id: string }> {
  static readonly CACHE_TTL_MS = 15_000;
  static readonly TOUCH_INTERVAL_MS = 60_000;
  /** Past this many cached records (or remembered uses) the map starts afresh. */
  private static readonly CACHE_LIMIT = 10_000;
  private static readonly TOUCHED_LIMIT = 100_000;
  private readonly pattern: RegExp;
  private readonly cache = new Map<string, Cached<R>>();
  private readonly touched = new Map<string, number>();
  private cacheUsable: () => boolean = () => true;

  constructor(
    private readonly kind: TokenKind<R>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    if (!TAG.test(kind.tag))
      throw new Error(`a token tag is three lowercase letters, not ${kind.tag}`);
    this.pattern = new RegExp(`^(${kind.tag}_[0-9a-f]{10})_[A-Za-z0-9_-]{43}$`);
  }

  /**
   * Use cached records only while `usable()` says so (the runtime: while its listener is
   * connected, so no revocation can be missed); otherwise every token is read afresh.
   */
  useCacheOnlyWhile(usable: () => boolean): void {
    this.cacheUsable = usable;
  }

  /** The NOTIFY channel whose payloads (prefixes) must reach `evict`. */
  get revokedChannel(): string {
    return this.kind.revokedChannel;
  }

  /** The live record `presented` opens, or null (malformed, unknown, wrong secret, revoked). */
  async verify(presented: string): Promise<R | null> {
    const match = this.pattern.exec(presented);
    const presentedHash = sha256(presented);
    if (!match) {
      timingSafeEqual(presentedHash, DECOY);
      return null;
    }
    const found = await this.find(match[1]!);
    const matches = timingSafeEqual(presentedHash, found?.hash ?? DECOY);
    if (!found || !matches || !this.kind.isLive(found.record, this.clock.now())) return null;
    return found.record;
  }

  /** Records a use of the token, at most once per TOUCH_INTERVAL_MS, without waiting for it. */
  markUsed(record: R, at: Date = this.clock.now()): void {
    const last = this.touched.get(record.id) ?? 0;
    if (at.getTime() - last < TokenVerifier.TOUCH_INTERVAL_MS) return;
    if (this.touched.size > TokenVerifier.TOUCHED_LIMIT) this.touched.clear();
    this.touched.set(record.id, at.getTime());
    this.kind
      .touch(record.id, at)
      .catch((error: unknown) => this.log.warn({ err: error }, this.kind.useNotRecorded));
  }

  /** Forget a token (revoked here or elsewhere); its next use reads it from the database. */
  evict(prefix: string): void {
    this.cache.delete(prefix);
  }

  evictAll(): void {
    this.cache.clear();
  }

  private async find(prefix: string): Promise<{ record: R; hash: Buffer } | null> {
    const now = this.clock.now().getTime();
    if (!this.cacheUsable()) {
      this.cache.delete(prefix);
      return this.kind.find(prefix);
    }
    const cached = this.cache.get(prefix);
    if (cached && cached.expiresAt > now) return cached.found;
    const found = await this.kind.find(prefix);
    // Only real tokens are cached: unknown prefixes would let a guesser fill memory.
    if (found && found.hash.length === 32) {
      if (this.cache.size > TokenVerifier.CACHE_LIMIT) this.cache.clear();
      this.cache.set(prefix, { found, expiresAt: now + TokenVerifier.CACHE_TTL_MS });
    }
    return found;
  }
}

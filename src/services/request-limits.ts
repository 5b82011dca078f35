// The API's two limits, counted in PostgreSQL (src/db/counters.ts) so that N processes behind
// one load balancer allow what one would, not N times as much:
//
// - Failed authentication (a missing, wrong or revoked API key; an unknown or revoked feed URL).
//   The credential is checked first, and only failures are counted, so a valid key or feed
//   always answers however many bad requests share its address (a scanner, or calendar apps
//   polling revoked links behind one proxy). Failures are counted per client address and
//   credential prefix (`ork_1a2b3c4d5e`: the same wrong key, the same revoked feed) with
//   AUTH_FAILURES_PER_MINUTE, and per address across prefixes with ten times that. Past either,
//   the failure is answered 429 instead of 401/404, until the minute ends.
// - Requests per API key per minute (RATE_LIMIT_PER_MINUTE), through @fastify/rate-limit's
//   store interface (src/http/app.ts).
//
// The client address is Fastify's `request.ip`: the socket's peer, or what X-Forwarded-For
// says when TRUST_PROXY trusts the proxy in front.
import { createHash } from 'node:crypto';
import type { Clock } from '../adapters/clock.js';
import type { Database } from '../db/client.js';
import { incrementCounters, pruneCounters } from '../db/counters.js';
import type { Logger } from '../logger.js';

const WINDOW_MS = 60_000;
/** Across prefixes, one address may fail this many times the per-prefix limit. */
export const ADDRESS_FACTOR = 10;

const bucket = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\0')).digest('base64url').slice(0, 32);

/** The part of a presented credential that names it (`ork_1a2b3c4d5e`), or a digest of it. */
export function credentialPrefix(presented: string | null): string {
  if (presented === null || presented === '') return 'none';
  const named = /^([a-z]{3}_[0-9a-f]{10})_/.exec(presented);
  return named ? named[1]! : `other:${bucket(presented)}`;
}

/** Fixed windows of `windowMs` over shared counters; old windows pruned now and then. */
export class SharedCounters {
  private lastPrune = 0;
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Counts one hit on each bucket; the counts after it and the ms until the window ends. */
  async hit(buckets: string[], windowMs: number): Promise<{ counts: number[]; resetMs: number }> {
    const now = this.clock.now().getTime();
    const start = Math.floor(now / windowMs) * windowMs;
    const counts = await incrementCounters(this.db, buckets, new Date(start));
    if (now - this.lastPrune > 10 * 60_000) {
      this.lastPrune = now;
      pruneCounters(this.db, new Date(now - 86_400_000)).catch((error: unknown) =>
        this.log.warn({ err: error }, 'old throttle counters could not be removed'),
      );
    }
    return { counts, resetMs: start + windowMs - now };
  }
}

export class FailedAuthThrottle {
  constructor(
    private readonly counters: SharedCounters,
    private readonly limitPerMinute: number,
  ) {}

  /**
   * Counts a failed authentication by `address` presenting `credential` (null: none); the
   * seconds to wait when it is over a limit (answer 429), else 0 (answer 401 or 404).
   */
  async failed(kind: string, address: string, credential: string | null): Promise<number> {
    const { counts, resetMs } = await this.counters.hit(
      [
        bucket('auth-failure', kind, address, credentialPrefix(credential)),
        bucket('auth-failure', kind, address),
      ],
      WINDOW_MS,
    );
    const over =
      counts[0]! > this.limitPerMinute || counts[1]! > this.limitPerMinute * ADDRESS_FACTOR;
    return over ? Math.max(1, Math.ceil(resetMs / 1000)) : 0;
  }
}

/** A request budget per key (RATE_LIMIT_PER_MINUTE), shared by every process. */
export async function countRequest(
  counters: SharedCounters,
  key: string,
  windowMs: number,
): Promise<{ current: number; ttl: number }> {
  const { counts, resetMs } = await counters.hit([bucket('requests', key)], windowMs);
  return { current: counts[0]!, ttl: resetMs };
}

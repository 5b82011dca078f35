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

  /** The window of `windowMs` that now falls in: when it started, and the ms until it ends. */
  window(windowMs: number): { start: number; resetMs: number } {
    const now = this.clock.now().getTime();
    const start = Math.floor(now / windowMs) * windowMs;
    return { start, resetMs: start + windowMs - now };
  }

  /**
   * Counts `by` hits (one unless said) on each bucket in the window starting at `start`;
   * the counts after.
   */
  async add(buckets: string[], start: number, by = 1): Promise<number[]> {
    const counts = await incrementCounters(this.db, buckets, new Date(start), by);
    const now = this.clock.now().getTime();
    if (now - this.lastPrune > 10 * 60_000) {
      this.lastPrune = now;
      pruneCounters(this.db, new Date(now - 86_400_000)).catch((error: unknown) =>
        this.log.warn({ err: error }, 'old throttle counters could not be removed'),
      );
    }
    return counts;
  }

  /** Counts one hit on each bucket; the counts after it and the ms until the window ends. */
  async hit(buckets: string[], windowMs: number): Promise<{ counts: number[]; resetMs: number }> {
    const { start, resetMs } = this.window(windowMs);
    return { counts: await this.add(buckets, start), resetMs };
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

/** A key's share of the budget in the current window, held by this process. */
interface Lease {
  windowStart: number;
  /** Requests this process may still let through without asking the database. */
  left: number;
  /** The shared count as this process last saw it, capped at the limit. */
  counted: number;
  /** The shared count has reached the limit: refuse until the window ends. */
  exhausted: boolean;
  /** A claim in flight; requests that find the lease empty wait for it. */
  claiming?: Promise<void> | undefined;
}

/**
 * A request budget per key (RATE_LIMIT_PER_MINUTE), shared by every process.
 *
 * Counting every request in PostgreSQL made each API request a write on one hot row, which
 * concurrent requests of a key queue on (POST /v1/compute: 657 req/s with it, 1,694 without,
 * scripts/bench-api.ts). So a process claims its key's budget in leases of 1 % of the limit (at
 * least one request; a limit of 600 a minute: 6) and spends them in memory. Across processes
 * no more than the limit is ever let through; the cost is that a lease a process holds unused
 * (at most lease − 1 requests per process) is refused to the others until the window ends.
 * Once the shared count reaches the limit, refusals cost no database write either.
 */
export class RequestBudget {
  /** One lease per key seen in the current window; bounded, and emptied as windows pass. */
  private readonly leases = new Map<string, Lease>();
  private readonly leaseSize: number;

  constructor(
    private readonly counters: SharedCounters,
    private readonly limit: number,
    private readonly maxKeys = 10_000,
  ) {
    this.leaseSize = Math.max(1, Math.floor(limit / 100));
  }

  /** Counts one request of `key`: as @fastify/rate-limit's store answers (refused when current > limit). */
  async take(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    for (;;) {
      const { start, resetMs } = this.counters.window(windowMs);
      const lease = this.leaseOf(key, start);
      if (lease.left > 0) {
        lease.left -= 1;
        return { current: lease.counted - lease.left, ttl: resetMs };
      }
      if (lease.exhausted) return { current: this.limit + 1, ttl: resetMs };
      lease.claiming ??= this.claim(key, lease).finally(() => {
        lease.claiming = undefined;
      });
      await lease.claiming;
    }
  }

  private leaseOf(key: string, windowStart: number): Lease {
    const held = this.leases.get(key);
    if (held?.windowStart === windowStart) return held;
    if (held) this.leases.delete(key);
    if (this.leases.size >= this.maxKeys) {
      for (const [other, lease] of this.leases)
        if (lease.windowStart < windowStart) this.leases.delete(other);
      // Still full within one window: give up the oldest lease (its budget stays spent).
      const oldest = this.leases.keys().next();
      if (this.leases.size >= this.maxKeys && !oldest.done) this.leases.delete(oldest.value);
    }
    const lease: Lease = { windowStart, left: 0, counted: 0, exhausted: false };
    this.leases.set(key, lease);
    return lease;
  }

  private async claim(key: string, lease: Lease): Promise<void> {
    const [after] = await this.counters.add(
      [bucket('requests', key)],
      lease.windowStart,
      this.leaseSize,
    );
    const before = after! - this.leaseSize;
    const granted = Math.min(this.leaseSize, Math.max(0, this.limit - before));
    lease.left += granted;
    lease.counted = Math.min(after!, this.limit);
    if (granted < this.leaseSize) lease.exhausted = true;
  }

  /** Keys holding a lease (for tests: the map stays bounded). */
  get size(): number {
    return this.leases.size;
  }
}

// Failed sign-ins are throttled, in PostgreSQL so every Orderly process counts the same:
// - per address: one network guessing at many accounts;
// - per account from one address (or one trusted browser): one client guessing at one account;
// - per account from untrusted browsers: many addresses guessing at one account.
// The last limit is what keeps a distributed attack slow; it never applies to a browser that
// has signed in to that account before (a signed "device" cookie), so an attacker elsewhere
// cannot lock the real person out of their own browser (OWASP's device-cookie pattern).
// Passkeys cannot be guessed and are not throttled by account; one-time links are not either.
// Counters are kept under hashes of what they count: no address or email is stored.
import { createHash } from 'node:crypto';
import { addFailures, clearFailures, failureCounts } from '../db/accounts.js';
import type { Tx } from './transaction.js';

export const WINDOW_MS = 15 * 60_000;

export interface ThrottleLimits {
  perAddress: number;
  perAccountAndClient: number;
  perAccountUntrusted: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = {
  perAddress: 50,
  perAccountAndClient: 5,
  perAccountUntrusted: 20,
};

export interface Attempt {
  /** The client's address. */
  address: string;
  /** The account tried (a normalised email), or null (a code step, a passkey). */
  account: string | null;
  /** A browser that signed in to this account before (from its device cookie), or null. */
  trustedDevice: string | null;
}

const bucket = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\0')).digest('base64url').slice(0, 32);

function bucketsOf(attempt: Attempt): { name: keyof ThrottleLimits; key: string }[] {
  const out: { name: keyof ThrottleLimits; key: string }[] = [
    { name: 'perAddress', key: bucket('address', attempt.address) },
  ];
  if (attempt.account !== null) {
    out.push({
      name: 'perAccountAndClient',
      key:
        attempt.trustedDevice !== null
          ? bucket('account+device', attempt.account, attempt.trustedDevice)
          : bucket('account+address', attempt.account, attempt.address),
    });
    if (attempt.trustedDevice === null)
      out.push({ name: 'perAccountUntrusted', key: bucket('account', attempt.account) });
  }
  return out;
}

const windowOf = (now: Date): Date => new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);

export class SignInThrottle {
  constructor(private readonly limits: ThrottleLimits = DEFAULT_LIMITS) {}

  /** Seconds to wait before this attempt may be made, or 0. */
  async waitFor(tx: Tx, attempt: Attempt, now: Date): Promise<number> {
    const buckets = bucketsOf(attempt);
    const start = windowOf(now);
    const counts = await failureCounts(
      tx,
      buckets.map((b) => b.key),
      start,
    );
    const over = buckets.some((b) => (counts.get(b.key) ?? 0) >= this.limits[b.name]);
    return over ? Math.ceil((start.getTime() + WINDOW_MS - now.getTime()) / 1000) : 0;
  }

  async failed(tx: Tx, attempt: Attempt, now: Date): Promise<void> {
    await addFailures(
      tx,
      bucketsOf(attempt).map((b) => b.key),
      windowOf(now),
    );
  }

  /** A success forgets this client's failures on the account (not the address's, nor the account's). */
  async succeeded(tx: Tx, attempt: Attempt): Promise<void> {
    await clearFailures(
      tx,
      bucketsOf(attempt)
        .filter((b) => b.name === 'perAccountAndClient')
        .map((b) => b.key),
    );
  }
}

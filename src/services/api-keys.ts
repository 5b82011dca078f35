// API keys: `ork_<10 hex>_<43 base64url>`. The part before the second underscore is the
// visible prefix (stored, shown in listings, used to find the key); only a SHA-256 hash of
// the whole key is stored, compared in constant time. A high-entropy random secret needs
// no slow password hash: guessing 256 bits is not a thing.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  findApiKeyByPrefix,
  insertApiKey,
  listApiKeys,
  notifyApiKeyRevoked,
  revokeApiKey as revokeApiKeyRow,
  touchApiKey,
  type ApiKeyCredential,
  type ApiKeyRecord,
  type Scope,
} from '../db/api-keys.js';
import type { Database } from '../db/client.js';
import type { Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { audit } from './audit.js';
import type { Clock } from './clock.js';
import type { Actor, RequestContext } from './context.js';
import { notFound } from './errors.js';

export type { ApiKeyRecord, Scope };

const KEY_PATTERN = /^(ork_[0-9a-f]{10})_[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

export function generateApiKey(): { key: string; prefix: string; secretHash: Buffer } {
  const prefix = `ork_${randomBytes(5).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: sha256(key) };
}

/** `admin` implies `write` implies `read`. */
export function hasScope(actor: Pick<Actor, 'scopes'>, needed: Scope): boolean {
  if (actor.scopes.includes('admin')) return true;
  if (needed === 'read') return actor.scopes.includes('read') || actor.scopes.includes('write');
  return actor.scopes.includes(needed);
}

export async function createApiKey(
  tx: Tx,
  ctx: RequestContext,
  input: { name: string; scopes: Scope[] },
): Promise<{ apiKey: ApiKeyRecord; key: string }> {
  const { key, prefix, secretHash } = generateApiKey();
  const apiKey = await insertApiKey(tx, {
    organizationId: ctx.actor.organizationId,
    name: input.name,
    prefix,
    secretHash,
    scopes: [...new Set(input.scopes)],
  });
  await audit(
    tx,
    ctx,
    'api_key.create',
    { type: 'api_key', id: apiKey.id },
    { prefix, scopes: apiKey.scopes },
  );
  return { apiKey, key };
}

export function apiKeysOf(tx: Tx, organizationId: string): Promise<ApiKeyRecord[]> {
  return listApiKeys(tx, organizationId);
}

export async function revokeApiKey(tx: Tx, ctx: RequestContext, id: string): Promise<ApiKeyRecord> {
  const revoked = await revokeApiKeyRow(tx, ctx.actor.organizationId, id, ctx.now);
  if (!revoked) throw notFound('API key');
  await notifyApiKeyRevoked(tx, revoked.prefix);
  await audit(tx, ctx, 'api_key.revoke', { type: 'api_key', id }, { prefix: revoked.prefix });
  return revoked;
}

interface CacheEntry {
  credential: ApiKeyCredential;
  expiresAt: number;
}

/**
 * Verifies presented keys. Verified credentials are cached briefly (so a request does not
 * need a database round trip to authenticate); a revocation evicts the key at once in this
 * process and, through PostgreSQL NOTIFY, in every other one. `lastUsedAt` is written at
 * most once a minute per key.
 */
export class ApiKeyAuthenticator {
  static readonly CACHE_TTL_MS = 15_000;
  static readonly TOUCH_INTERVAL_MS = 60_000;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly touched = new Map<string, number>();
  // Compared against when the prefix is unknown, so a miss costs what a hit does.
  private readonly decoy = sha256('decoy');

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async authenticate(presented: string): Promise<Actor | null> {
    const match = KEY_PATTERN.exec(presented);
    const presentedHash = sha256(presented);
    if (!match) {
      timingSafeEqual(presentedHash, this.decoy);
      return null;
    }
    const prefix = match[1]!;
    const credential = await this.credential(prefix);
    const matches = timingSafeEqual(presentedHash, credential?.secretHash ?? this.decoy);
    if (!credential || !matches || credential.revokedAt !== null) return null;
    this.touch(credential.id);
    return {
      organizationId: credential.organizationId,
      apiKeyId: credential.id,
      label: `api-key ${credential.prefix}`,
      scopes: credential.scopes,
    };
  }

  /** Forget a key (revoked here or elsewhere); the next use reads it from the database. */
  evict(prefix: string): void {
    this.cache.delete(prefix);
  }

  evictAll(): void {
    this.cache.clear();
  }

  private async credential(prefix: string): Promise<ApiKeyCredential | null> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(prefix);
    if (cached && cached.expiresAt > now) return cached.credential;
    const credential = await findApiKeyByPrefix(this.db.prisma, prefix);
    // Only real keys are cached: unknown prefixes would let a guesser fill memory.
    if (credential && credential.secretHash.length === 32) {
      this.cache.set(prefix, { credential, expiresAt: now + ApiKeyAuthenticator.CACHE_TTL_MS });
    }
    return credential;
  }

  private touch(id: string): void {
    const now = this.clock.now();
    const last = this.touched.get(id) ?? 0;
    if (now.getTime() - last < ApiKeyAuthenticator.TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now.getTime());
    touchApiKey(this.db.prisma, id, now).catch((error: unknown) =>
      this.log.warn({ err: error }, 'could not record an API key use'),
    );
  }
}

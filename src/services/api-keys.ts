// API keys: `ork_<10 hex>_<43 base64url>`, issued and verified as secret tokens
// (src/services/tokens.ts: prefix, SHA-256 hash, constant-time compare, cache, NOTIFY eviction).
import {
  API_KEY_REVOKED_CHANNEL,
  findApiKeyByIdOrPrefix,
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
import { audit } from './audit.js';
import { operatorContext, type Actor, type RequestContext } from './context.js';
import { DomainError, notFound } from './errors.js';
import { revokeFeedsCreatedBy } from './feeds.js';
import { issueToken, type TokenKind, type TokenVerifier } from './tokens.js';

export type { ApiKeyCredential, ApiKeyRecord, Scope };

export const API_KEY_TAG = 'ork';

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
  const { token: key, prefix, hash: secretHash } = issueToken(API_KEY_TAG);
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
  // Feed URLs the key made stop with it (they would otherwise serve on without anyone).
  await revokeFeedsCreatedBy(tx, ctx, { apiKeyId: id });
  return revoked;
}

/**
 * Revokes a key of any organization, found by its id or prefix — an operator at the server,
 * when the organization's only admin key is lost or leaked (`orderly key revoke`).
 */
export async function revokeApiKeyAsOperator(
  tx: Tx,
  idOrPrefix: string,
  now: Date,
): Promise<ApiKeyRecord> {
  const found = await findApiKeyByIdOrPrefix(tx, idOrPrefix);
  if (!found)
    throw new DomainError('NOT_FOUND', 'API key not found', [
      { name: 'key', reason: `no API key has the id or prefix ${JSON.stringify(idOrPrefix)}` },
    ]);
  return revokeApiKey(tx, operatorContext(found.organizationId, now), found.id);
}

/** API keys as secret tokens: what src/runtime.ts builds the API's TokenVerifier over. */
export function apiKeyTokens(db: Database): TokenKind<ApiKeyCredential> {
  return {
    tag: API_KEY_TAG,
    revokedChannel: API_KEY_REVOKED_CHANNEL,
    useNotRecorded: 'could not record an API key use',
    find: async (prefix) => {
      const credential = await findApiKeyByPrefix(db.prisma, prefix);
      return credential && { record: credential, hash: credential.secretHash };
    },
    isLive: (credential) => credential.revokedAt === null,
    touch: (id, at) => touchApiKey(db.prisma, id, at),
  };
}

/** Who a presented API key acts as; null when it is not a live key. Records the use. */
export async function authenticate(
  apiKeys: TokenVerifier<ApiKeyCredential>,
  presented: string,
): Promise<Actor | null> {
  const credential = await apiKeys.verify(presented);
  if (!credential) return null;
  apiKeys.markUsed(credential);
  return {
    organizationId: credential.organizationId,
    apiKeyId: credential.id,
    label: `api-key ${credential.prefix}`,
    scopes: credential.scopes,
  };
}

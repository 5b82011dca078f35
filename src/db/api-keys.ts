import type { Tx } from './transaction.js';

export type Scope = 'read' | 'write' | 'admin';

export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What authentication needs: the record plus the stored hash. */
export interface ApiKeyCredential extends ApiKeyRecord {
  secretHash: Buffer;
}

type Row = {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const toRecord = (row: Row): ApiKeyRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function insertApiKey(
  tx: Tx,
  data: {
    organizationId: string;
    name: string;
    prefix: string;
    secretHash: Buffer;
    scopes: Scope[];
  },
): Promise<ApiKeyRecord> {
  const row = await tx.apiKey.create({
    data: { ...data, secretHash: new Uint8Array(data.secretHash) },
  });
  return toRecord(row);
}

export async function findApiKeyByPrefix(tx: Tx, prefix: string): Promise<ApiKeyCredential | null> {
  const row = await tx.apiKey.findUnique({ where: { prefix } });
  return row && { ...toRecord(row), secretHash: Buffer.from(row.secretHash) };
}

/** A key of any organization by its id or its prefix (the operator's `key revoke`). */
export async function findApiKeyByIdOrPrefix(
  tx: Tx,
  idOrPrefix: string,
): Promise<ApiKeyRecord | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrPrefix);
  const row = await tx.apiKey.findFirst({
    where: isUuid ? { id: idOrPrefix } : { prefix: idOrPrefix },
  });
  return row && toRecord(row);
}

export async function listApiKeys(tx: Tx, organizationId: string): Promise<ApiKeyRecord[]> {
  const rows = await tx.apiKey.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toRecord);
}

/** Revokes the organization's key; null when it has no such key. Revoking twice keeps the first time. */
export async function revokeApiKey(
  tx: Tx,
  organizationId: string,
  id: string,
  at: Date,
): Promise<ApiKeyRecord | null> {
  await tx.apiKey.updateMany({
    where: { id, organizationId, revokedAt: null },
    data: { revokedAt: at },
  });
  const row = await tx.apiKey.findFirst({ where: { id, organizationId } });
  return row && toRecord(row);
}

export async function touchApiKey(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
}

/** Channel on which revocations are announced to every Orderly process (delivered at commit). */
export const API_KEY_REVOKED_CHANNEL = 'orderly_api_key_revoked';

export async function notifyApiKeyRevoked(tx: Tx, prefix: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${API_KEY_REVOKED_CHANNEL}, ${prefix})`;
}

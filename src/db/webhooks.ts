import type { Tx } from './transaction.js';

export interface WebhookEndpointRecord {
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  enabled: boolean;
  disabledAt: string | null;
  /** When the secret replaced by the last rotation stops signing; null when there is none. */
  previousSecretExpiresAt: string | null;
  /** Bumped on every change; the ETag for If-Match. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An endpoint with its encrypted secrets: only for signing (src/reminders). */
export interface WebhookEndpointSecrets {
  id: string;
  url: string;
  enabled: boolean;
  secret: Buffer;
  previousSecret: Buffer | null;
  previousSecretExpiresAt: Date | null;
}

type Row = {
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  secret: Uint8Array;
  previousSecret: Uint8Array | null;
  previousSecretExpiresAt: Date | null;
  disabledAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

const toRecord = (row: Row): WebhookEndpointRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  url: row.url,
  description: row.description,
  enabled: row.disabledAt === null,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const toSecrets = (
  row: Pick<
    Row,
    'id' | 'url' | 'disabledAt' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'
  >,
): WebhookEndpointSecrets => ({
  id: row.id,
  url: row.url,
  enabled: row.disabledAt === null,
  secret: Buffer.from(row.secret),
  previousSecret: row.previousSecret && Buffer.from(row.previousSecret),
  previousSecretExpiresAt: row.previousSecretExpiresAt,
});

export async function insertWebhookEndpoint(
  tx: Tx,
  data: {
    id: string;
    organizationId: string;
    url: string;
    description: string | null;
    secret: Buffer;
  },
): Promise<WebhookEndpointRecord> {
  return toRecord(
    await tx.webhookEndpoint.create({
      data: { ...data, secret: new Uint8Array(data.secret) },
    }),
  );
}

export async function findWebhookEndpoint(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<WebhookEndpointRecord | null> {
  const row = await tx.webhookEndpoint.findFirst({ where: { id, organizationId } });
  return row && toRecord(row);
}

/** Serialises endpoint creation within one organization until the transaction ends (the cap). */
export async function lockOrganizationEndpoints(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'webhook-endpoints:' + organizationId}))`;
}

export function countWebhookEndpoints(tx: Tx, organizationId: string): Promise<number> {
  return tx.webhookEndpoint.count({ where: { organizationId } });
}

export async function listWebhookEndpoints(
  tx: Tx,
  organizationId: string,
): Promise<WebhookEndpointRecord[]> {
  const rows = await tx.webhookEndpoint.findMany({
    where: { organizationId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toRecord);
}

export async function updateWebhookEndpoint(
  tx: Tx,
  organizationId: string,
  id: string,
  data: { url?: string; description?: string | null; disabledAt?: Date | null },
): Promise<WebhookEndpointRecord | null> {
  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id, organizationId },
    data: { ...data, version: { increment: 1 } },
  });
  return count === 0 ? null : findWebhookEndpoint(tx, organizationId, id);
}

/** Locks the endpoint's row until the transaction ends; its version, or null when there is none. */
export async function lockWebhookEndpointVersion(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<number | null> {
  const rows = await tx.$queryRaw<{ version: number }[]>`
    SELECT version FROM "WebhookEndpoint"
    WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  return rows[0]?.version ?? null;
}

/**
 * Replaces the secret; the old one keeps signing (beside the new) until `previousExpiresAt`,
 * or stops at once when it is null (and is not kept).
 */
export async function rotateWebhookSecret(
  tx: Tx,
  organizationId: string,
  id: string,
  secret: Buffer,
  previousExpiresAt: Date | null,
): Promise<WebhookEndpointRecord | null> {
  const row = await tx.webhookEndpoint.findFirst({ where: { id, organizationId } });
  if (!row) return null;
  return toRecord(
    await tx.webhookEndpoint.update({
      where: { id },
      data: {
        secret: new Uint8Array(secret),
        previousSecret: previousExpiresAt === null ? null : row.secret,
        previousSecretExpiresAt: previousExpiresAt,
        version: { increment: 1 },
      },
    }),
  );
}

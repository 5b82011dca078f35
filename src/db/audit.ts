import type { Prisma } from './client.js';
import { insertStatement, type Statement } from './bulk-insert.js';
import { uuidv7 } from './ids.js';
import type { Tx } from './transaction.js';

export interface AuditEntry {
  organizationId: string;
  apiKeyId: string | null;
  /** The person who signed in to the web app; null for keys and the command line. */
  userId: string | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  /** Field names, counts, ids: never party data. */
  details: Record<string, unknown>;
}

export interface AuditRecord extends Omit<AuditEntry, 'organizationId'> {
  id: string;
  at: string;
}

export async function insertAuditEvent(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: { ...entry, details: entry.details as Prisma.InputJsonObject },
  });
}

/** `insertAuditEvent` as a statement to send with the request's other writes. */
export function auditEventStatement(entry: AuditEntry): Statement {
  return insertStatement('AuditEvent', [{ id: uuidv7(), ...entry }])!;
}

export async function listAuditEvents(
  tx: Tx,
  organizationId: string,
  page: { beforeId?: string; limit: number },
): Promise<AuditRecord[]> {
  const rows = await tx.auditEvent.findMany({
    where: { organizationId, ...(page.beforeId && { id: { lt: page.beforeId } }) },
    // Newest first (ids are UUIDv7, time-ordered): what an admin reading the log wants.
    orderBy: { id: 'desc' },
    take: page.limit,
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    apiKeyId: row.apiKeyId,
    userId: row.userId,
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    details: row.details as Record<string, unknown>,
  }));
}

import { userNames } from '../db/accounts.js';
import {
  auditEventStatement,
  insertAuditEvent,
  listAuditEvents,
  type AuditEntry,
  type AuditRecord,
} from '../db/audit.js';
import type { Statement } from '../db/bulk-insert.js';
import type { Tx } from '../db/transaction.js';
import type { RequestContext } from './context.js';

/** Records one write: who (which key), what, to which target. `details` never holds party data. */
export function audit(
  tx: Tx,
  ctx: RequestContext,
  action: string,
  target: { type: string; id: string | null },
  details: Record<string, unknown> = {},
): Promise<void> {
  return insertAuditEvent(tx, auditEntry(ctx, action, target, details));
}

/** `audit` as a statement to send with the request's other writes (`PendingWrites`). */
export function auditStatement(
  ctx: RequestContext,
  action: string,
  target: { type: string; id: string | null },
  details: Record<string, unknown> = {},
): Statement {
  return auditEventStatement(auditEntry(ctx, action, target, details));
}

function auditEntry(
  ctx: RequestContext,
  action: string,
  target: { type: string; id: string | null },
  details: Record<string, unknown>,
): AuditEntry {
  return {
    organizationId: ctx.actor.organizationId,
    apiKeyId: ctx.actor.apiKeyId,
    userId: ctx.actor.userId ?? null,
    actor: ctx.actor.label,
    action,
    targetType: target.type,
    targetId: target.id,
    requestId: ctx.requestId,
    details,
  };
}

export function auditLog(
  tx: Tx,
  organizationId: string,
  page: { beforeId?: string; limit: number },
): Promise<AuditRecord[]> {
  return listAuditEvents(tx, organizationId, page);
}

/** The log with each person's current name (the API shows the actor label; people read names). */
export async function auditLogWithNames(
  tx: Tx,
  organizationId: string,
  page: { beforeId?: string; limit: number },
): Promise<(AuditRecord & { userName: string | null })[]> {
  const rows = await listAuditEvents(tx, organizationId, page);
  const names = await userNames(tx, organizationId, [
    ...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null)),
  ]);
  return rows.map((r) => ({ ...r, userName: r.userId ? (names.get(r.userId) ?? null) : null }));
}

import { insertAuditEvent, listAuditEvents, type AuditRecord } from '../db/audit.js';
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
  return insertAuditEvent(tx, {
    organizationId: ctx.actor.organizationId,
    apiKeyId: ctx.actor.apiKeyId,
    actor: ctx.actor.label,
    action,
    targetType: target.type,
    targetId: target.id,
    requestId: ctx.requestId,
    details,
  });
}

export function auditLog(
  tx: Tx,
  organizationId: string,
  page: { beforeId?: string; limit: number },
): Promise<AuditRecord[]> {
  return listAuditEvents(tx, organizationId, page);
}

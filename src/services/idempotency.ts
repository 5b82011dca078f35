// Idempotency-Key on POST. The first request with a key runs in one transaction that also
// stores its response, so the response is kept exactly when its effects are: a crash before
// the commit leaves neither (a retry runs again, cleanly); after it, a retry replays the
// response. While the first request runs it holds a transaction-scoped advisory lock on the
// key, released by PostgreSQL even if the process dies: a concurrent retry gets 409 rather
// than waiting or running twice.
import { createHash } from 'node:crypto';
import { PendingWrites } from '../db/bulk-insert.js';
import type { Database } from '../db/client.js';
import {
  findIdempotencyRecord,
  idempotencyRecordStatement,
  tryLockIdempotencyKey,
  type StoredResponse,
} from '../db/idempotency.js';
import { inTransaction, type Tx } from '../db/transaction.js';
import { DomainError } from './errors.js';

export type { PendingWrites, StoredResponse };

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

export interface IdempotentRequest {
  organizationId: string;
  /** Absent: an ordinary transactional request. */
  key: string | undefined;
  fingerprint: string;
  now: Date;
}

/** A response, and optionally a different body to keep for replays (one without secrets). */
export interface WorkResponse extends StoredResponse {
  replayBody?: string;
}

/**
 * Runs `work` in one transaction, honouring the Idempotency-Key. `work` may queue writes in the
 * `PendingWrites` it is given; they are sent together with the idempotency record, in one
 * statement, at the end (one round trip for a whole event's writes: issue 15).
 */
export async function runIdempotent(
  db: Database,
  request: IdempotentRequest,
  work: (tx: Tx, pending: PendingWrites) => Promise<WorkResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  return inTransaction(db, async (tx) => {
    const { key, organizationId } = request;
    const pending = new PendingWrites();
    if (key === undefined) {
      const { replayBody: _storedOnly, ...response } = await work(tx, pending);
      await pending.flush(tx);
      return { response, replayed: false };
    }
    if (!(await tryLockIdempotencyKey(tx, organizationId, key))) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_IN_USE',
        'a request with this Idempotency-Key is still being processed; retry shortly',
      );
    }
    const previous = await findIdempotencyRecord(tx, organizationId, key, request.now);
    if (previous) {
      if (previous.requestHash !== request.fingerprint) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was used with a different request',
          [
            {
              name: 'header.idempotency-key',
              reason: 'already used for a different method, path or body',
            },
          ],
        );
      }
      return { response: previous, replayed: true };
    }
    const { replayBody, ...response } = await work(tx, pending);
    // Only successes are kept: a rejected request changed nothing and may be retried as is.
    if (response.statusCode < 300) {
      pending.add(
        idempotencyRecordStatement({
          organizationId,
          key,
          requestHash: request.fingerprint,
          response: { ...response, body: replayBody ?? response.body },
          expiresAt: new Date(request.now.getTime() + IDEMPOTENCY_TTL_MS),
        }),
      );
    }
    await pending.flush(tx);
    return { response, replayed: false };
  });
}

// How writes answer: in one transaction with their effects, honouring Idempotency-Key,
// and with the stored response replayed byte for byte.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.js';
import type { RequestContext } from '../services/context.js';
import type { Precondition } from '../services/preconditions.js';
import { DomainError } from '../services/errors.js';
import { requestFingerprint, runIdempotent, type PendingWrites } from '../services/idempotency.js';
import type { Tx } from '../services/transaction.js';
import { actorOf } from './auth.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function contextOf(runtime: Runtime, request: FastifyRequest): RequestContext {
  return {
    actor: actorOf(request),
    requestId: request.id,
    now: runtime.clock.now(),
    quietHours: runtime.config.reminders.quietHours,
  };
}

/** The Idempotency-Key header, validated; undefined when absent. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY.test(raw)) {
    throw new DomainError(
      'INVALID_INPUT',
      'header.idempotency-key: 1 to 255 visible ASCII characters',
      [{ name: 'header.idempotency-key', reason: 'must be 1 to 255 visible ASCII characters' }],
    );
  }
  return raw;
}

export interface WriteResult {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
  /** What a replay returns instead of `body`: responses carrying a secret keep a copy without it. */
  replayBody?: unknown;
}

/**
 * Runs a write in one transaction (with its Idempotency-Key record when the header is
 * present) and sends its response. A replay says so in `Idempotent-Replayed: true`.
 */
export async function respondToWrite(
  runtime: Runtime,
  request: FastifyRequest,
  reply: FastifyReply,
  /** `pending`: writes it may queue, sent with the idempotency record (see `runIdempotent`). */
  work: (tx: Tx, ctx: RequestContext, pending: PendingWrites) => Promise<WriteResult>,
): Promise<FastifyReply> {
  const ctx = contextOf(runtime, request);
  const key = request.method === 'POST' ? idempotencyKeyOf(request) : undefined;
  const { response, replayed } = await runIdempotent(
    runtime.db,
    {
      organizationId: ctx.actor.organizationId,
      key,
      fingerprint: requestFingerprint(
        request.method,
        request.url.split('?')[0] ?? '',
        request.body,
      ),
      now: ctx.now,
    },
    async (tx, pending) => {
      const result = await work(tx, ctx, pending);
      return {
        statusCode: result.statusCode,
        body: JSON.stringify(result.body),
        headers: result.headers ?? {},
        ...(result.replayBody !== undefined && { replayBody: JSON.stringify(result.replayBody) }),
      };
    },
  );
  reply.code(response.statusCode).headers(response.headers).type('application/json; charset=utf-8');
  if (key !== undefined) reply.header('idempotent-replayed', String(replayed));
  return reply.send(response.body);
}

/** `"<version>"`: the case's version as a strong ETag. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * What an If-Match header asks for (RFC 9110 §13.1.1): `*` (any current representation), or a
 * list of entity tags compared strongly — a weak tag (`W/"3"`) or one that is not ours never
 * matches. 428 when the header is missing; a header that cannot match anything is a 412.
 */
export function preconditionOf(request: FastifyRequest): Precondition {
  const header = request.headers['if-match'];
  if (header === undefined) {
    throw new DomainError(
      'PRECONDITION_REQUIRED',
      'send If-Match with the ETag you last read, so changes made since are not overwritten',
      [{ name: 'header.if-match', reason: 'required' }],
    );
  }
  if (header.trim() === '*') return { any: true };
  const versions: number[] = [];
  // A list of entity-tags, comma-separated (entity-tags may contain commas inside quotes).
  const tags = /\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/gy;
  let consumed = 0;
  for (let match = tags.exec(header); match; match = tags.exec(header)) {
    consumed = tags.lastIndex;
    const [, weak, opaque] = match;
    if (!weak && opaque !== undefined && /^[1-9]\d{0,8}$/.test(opaque))
      versions.push(Number(opaque));
    if (consumed === header.length) break;
  }
  if (consumed !== header.length || versions.length === 0)
    throw new DomainError('PRECONDITION_FAILED', 'If-Match does not match the current ETag');
  return { versions };
}

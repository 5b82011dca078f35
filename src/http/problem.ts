// RFC 9457 problem details: every error the API returns has this shape and the
// `application/problem+json` media type. One table maps domain errors to HTTP statuses.
import type { FastifyReply } from 'fastify';
import type { DomainErrorCode, FieldProblem } from '../services/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Each field at fault, e.g. `{ "name": "body.events[2].date", "reason": "not a real calendar date" }`. */
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** Problem types are documented in README ("Errors"). */
export const problemType = (slug: string): string => `https://orderly.dev/problems/${slug}`;

export const DOMAIN_ERROR_HTTP: Record<
  DomainErrorCode,
  { status: number; slug: string; title: string }
> = {
  INVALID_INPUT: { status: 400, slug: 'invalid-input', title: 'Invalid input' },
  NOT_ALLOWED: { status: 422, slug: 'not-allowed', title: 'Not allowed' },
  UNAUTHORIZED: { status: 401, slug: 'unauthorized', title: 'Unauthorized' },
  FORBIDDEN: { status: 403, slug: 'forbidden', title: 'Forbidden' },
  NOT_FOUND: { status: 404, slug: 'not-found', title: 'Not found' },
  CONFLICT: { status: 409, slug: 'conflict', title: 'Conflict' },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    slug: 'idempotency-key-in-use',
    title: 'Request in progress',
  },
  PRECONDITION_FAILED: { status: 412, slug: 'precondition-failed', title: 'Precondition failed' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    slug: 'idempotency-key-reused',
    title: 'Idempotency-Key reused',
  },
  PRECONDITION_REQUIRED: {
    status: 428,
    slug: 'precondition-required',
    title: 'Precondition required',
  },
};

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** 503 with `Retry-After: 5`: the service cannot answer now (its database), and may shortly. */
export function sendUnavailable(
  reply: FastifyReply,
  {
    slug,
    title,
    detail,
    ...extensions
  }: { slug: string; title: string; detail: string; [extension: string]: unknown },
): FastifyReply {
  reply.header('retry-after', '5');
  return sendProblem(reply, { type: problemType(slug), title, status: 503, detail, ...extensions });
}

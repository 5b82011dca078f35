// Bearer-key authentication for /v1. A route declares the scope it needs in its config;
// `admin` implies `write` implies `read`. The key is checked first; only failures are counted
// (src/services/request-limits.ts: per client address and key prefix, in PostgreSQL), so a
// valid key answers however many bad requests come from its address.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, hasScope, type ApiKeyCredential } from '../services/api-keys.js';
import type { Actor, Scope } from '../services/context.js';
import type { FailedAuthThrottle } from '../services/request-limits.js';
import type { TokenVerifier } from '../services/tokens.js';
import { problemType, sendProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every authenticated /v1 request. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The scope a /v1 route needs (default: read). */
    scope?: Scope;
  }
}

/** The actor of an authenticated request (routes under /v1 always have one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('route registered outside the authenticated scope');
  return request.actor;
}

/** 429 for a client that failed too often (a missing or wrong key, an unknown feed token). */
export function sendThrottled(
  reply: FastifyReply,
  waitSeconds: number,
  what: string,
): FastifyReply {
  reply.header('retry-after', String(waitSeconds));
  return sendProblem(reply, {
    type: problemType('rate-limited'),
    title: 'Too many failed attempts',
    status: 429,
    detail: `${what} Retry in ${waitSeconds} s.`,
  });
}

export function installAuthentication(
  app: FastifyInstance,
  apiKeys: TokenVerifier<ApiKeyCredential>,
  throttle: FailedAuthThrottle,
): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const actor = match ? await authenticate(apiKeys, match[1]!) : null;
    if (!actor) {
      const wait = await throttle.failed('api-key', request.ip, match?.[1] ?? header ?? null);
      if (wait > 0)
        return sendThrottled(reply, wait, 'Too many requests with a missing or invalid API key.');
      reply.header('www-authenticate', 'Bearer realm="orderly"');
      return sendProblem(reply, {
        type: problemType('unauthorized'),
        title: 'Unauthorized',
        status: 401,
        detail: header
          ? 'The API key is not valid (unknown, mistyped or revoked).'
          : 'Send an API key: Authorization: Bearer <key>.',
      });
    }
    const needed = request.routeOptions.config.scope ?? 'read';
    if (!hasScope(actor, needed)) {
      return sendProblem(reply, {
        type: problemType('forbidden'),
        title: 'Forbidden',
        status: 403,
        detail: `This API key lacks the "${needed}" scope.`,
      });
    }
    request.actor = actor;
  });
}

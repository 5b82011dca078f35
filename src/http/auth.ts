// Bearer-key authentication for /v1. A route declares the scope it needs in its config;
// `admin` implies `write` implies `read`. Failed attempts are throttled per client address,
// so keys cannot be guessed at speed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, hasScope, type ApiKeyCredential } from '../services/api-keys.js';
import type { Actor, Scope } from '../services/context.js';
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

/** Fixed-window count of failed authentications per client address. */
export class FailureThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number,
  ) {}

  /** Seconds to wait when the address is over the limit, else 0. */
  blockedFor(address: string): number {
    const window = this.windows.get(address);
    if (!window || this.now() - window.start >= 60_000 || window.count < this.limitPerMinute)
      return 0;
    return Math.ceil((window.start + 60_000 - this.now()) / 1000);
  }

  recordFailure(address: string): void {
    const now = this.now();
    if (this.windows.size > 50_000) {
      for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
    }
    const window = this.windows.get(address);
    if (!window || now - window.start >= 60_000)
      this.windows.set(address, { start: now, count: 1 });
    else window.count += 1;
  }
}

/** 429 for an address that failed too often (a missing or wrong key, an unknown feed token). */
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
  throttle: FailureThrottle,
): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    const wait = throttle.blockedFor(request.ip);
    if (wait > 0)
      return sendThrottled(reply, wait, 'Too many requests with a missing or invalid API key.');
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const actor = match ? await authenticate(apiKeys, match[1]!) : null;
    if (!actor) {
      throttle.recordFailure(request.ip);
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

// What every page handler needs: the runtime's services, the person signed in, the request's
// context for writes, and the cookies of signing in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SecretBox } from '../adapters/secret-box.js';
import type { Runtime } from '../runtime.js';
import {
  actorOfUser,
  type AccountSettings,
  type SignedIn,
  type UserRecord,
} from '../services/accounts.js';
import type { RequestContext } from '../services/context.js';
import { DomainError } from '../services/errors.js';
import { inTransaction, type Tx } from '../services/transaction.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The live session of a page request, or null. */
    signedIn: SignedIn | null;
  }
}

export interface Web {
  runtime: Runtime;
  /** Encrypts TOTP secrets; derives the cookie-signing and CSRF keys. */
  secrets: SecretBox;
  settings: AccountSettings;
  /** Cookies get `Secure` (and the `__Host-` prefix) when PUBLIC_BASE_URL is https. */
  secure: boolean;
  cookies: { session: string; step: string; device: string };
}

export function webOf(runtime: Runtime, secrets: SecretBox): Web {
  const secure = runtime.config.publicBaseUrl.startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  return {
    runtime,
    secrets,
    secure,
    settings: {
      publicBaseUrl: runtime.config.publicBaseUrl,
      sessionIdleMs: runtime.config.sessions.idleMinutes * 60_000,
      sessionMaxMs: runtime.config.sessions.maxHours * 3600_000,
    },
    cookies: {
      session: `${prefix}orderly_session`,
      step: `${prefix}orderly_step`,
      device: `${prefix}orderly_device`,
    },
  };
}

/** The person signed in; a page behind sign-in never runs without one (see the plugin's hook). */
export function userOf(request: FastifyRequest): UserRecord {
  if (!request.signedIn) throw new DomainError('UNAUTHORIZED', 'not signed in');
  return request.signedIn.user;
}

export function requireAdmin(request: FastifyRequest): UserRecord {
  const user = userOf(request);
  if (user.role !== 'admin') throw new DomainError('FORBIDDEN', 'admins only');
  return user;
}

export function contextOf(web: Web, request: FastifyRequest): RequestContext {
  return {
    actor: actorOfUser(userOf(request)),
    requestId: request.id,
    now: web.runtime.clock.now(),
    // A catch-up reminder for a case recorded late goes at the next time outside these.
    quietHours: web.runtime.config.reminders.quietHours,
  };
}

/** Runs a page's reads or writes in one transaction. */
export function transaction<T>(web: Web, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(web.runtime.db, work);
}

/** What CSRF tokens are bound to: the session, so a token is of no use in another one. */
export const csrfUserInfo = (request: FastifyRequest): string =>
  request.signedIn?.sessionId ?? 'signed-out';

const csrfTokens = new WeakMap<FastifyReply, string>();

/** The page's CSRF token (one per response: the first call may set the secret cookie). */
export function csrfOf(reply: FastifyReply): string {
  let token = csrfTokens.get(reply);
  if (token === undefined) {
    token = reply.generateCsrf({ userInfo: csrfUserInfo(reply.request) });
    csrfTokens.set(reply, token);
  }
  return token;
}

/** POST → redirect → GET. */
export function redirect(reply: FastifyReply, to: string): FastifyReply {
  return reply.code(303).header('location', to).send();
}

/** A short, non-identifying description of the browser, for the person's list of sessions. */
export function deviceOf(request: FastifyRequest): string | null {
  const ua = request.headers['user-agent'];
  if (typeof ua !== 'string') return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'A browser';
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iPhone or iPad'
      : /Mac OS X/.test(ua)
        ? 'Mac'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'another system';
  return `${browser} on ${system}`;
}

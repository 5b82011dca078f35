// One logger for the process. Party data and secrets never reach the log: requests are
// logged by method, route and status only (not bodies), secrets in headers are redacted.
// A request is logged by the pattern of the route it matched (`/feeds/:file`), never by its
// URL: any secret in a path (feed tokens, opt-out and sign-in links, petitioner links) stays
// out, however it is spelled (`/%66eeds/…`, `/FEEDS/…`). A URL that matched no route is
// logged decoded and case-folded, with secret paths, token-shaped strings and long opaque
// segments masked (redactUrl, loggedUrl).
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

// Paths whose next segment is a credential: calendar feeds, opt-out links, one-time sign-in
// links (the web app), petitioners' pages.
const SECRET_PATHS = /\/(feeds|opt-out|sign-in\/link|p)\/[^/?#]+/gi;
// Any secret token by its shape (src/services/tokens.ts), wherever it appears.
const TOKEN_SHAPE = /\b[a-z]{3}_[0-9a-f]{10}_[A-Za-z0-9_-]{20,}/gi;
const SECRET_QUERY = /([?&](?:token|key|api_key)=)[^&#]*/gi;

/**
 * %XX escapes decoded byte by byte, until nothing changes (a few rounds: double encoding).
 * Never throws, unlike decodeURIComponent on a malformed escape.
 */
function leniently(url: string): string {
  let current = url;
  for (let round = 0; round < 4; round++) {
    const next = current.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * A URL safe to log: `/feeds/<token>.ics` → `/feeds/[redacted]`, `/p/<token>` → `/p/[redacted]`
 * (in any letter case and any percent-encoding of the path: the URL is matched decoded), token-
 * shaped strings anywhere, and `token=`/`key=` query parameters. A URL with nothing to hide is
 * logged as it came.
 */
export function redactUrl(url: string): string {
  const decoded = leniently(url);
  const redacted = decoded
    .replace(SECRET_PATHS, (_m, path: string) => `/${path}/[redacted]`)
    .replace(TOKEN_SHAPE, '[redacted]')
    .replace(SECRET_QUERY, '$1[redacted]');
  return redacted === decoded ? url : redacted;
}

/** A path segment that looks like a secret (long, of a token's alphabet). */
const OPAQUE_SEGMENT = /\/[a-z0-9_~.-]{20,}(?=\/|$)/gi;

/** What is logged of a request's URL: its route's pattern, or the URL decoded and masked. */
export function loggedUrl(url: string, routePattern: string | undefined): string {
  if (routePattern) return routePattern;
  const [rawPath = '', rawQuery] = url.split(/\?(.*)/s, 2);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  const masked = redactUrl(path.toLowerCase()).replace(OPAQUE_SEGMENT, '/[redacted]');
  return rawQuery === undefined ? masked : `${masked}?[redacted]`;
}

/**
 * Errors are logged by kind, code and message only. Driver errors carry whole objects
 * (pg attaches the connection, with every prepared statement's text; Prisma attaches query
 * arguments), which would bloat the log and could carry data this service must not log.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 500) };
  const fields = error as Error & { code?: unknown; cause?: unknown };
  return {
    type: error.name,
    message: error.message.slice(0, 500),
    ...(typeof fields.code === 'string' || typeof fields.code === 'number'
      ? { code: fields.code }
      : {}),
    ...(error.stack
      ? { stack: error.stack.split('\n').slice(0, 12).join('\n').slice(0, 2000) }
      : {}),
    ...(fields.cause !== undefined && depth < 3
      ? { cause: serializeError(fields.cause, depth + 1) }
      : {}),
  };
}

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["idempotency-key"]',
          'res.headers["set-cookie"]',
          'headers.authorization',
          '*.password',
          '*.secret',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req(request: {
          method?: string;
          url?: string;
          id?: string;
          routeOptions?: { url?: string };
        }) {
          return {
            id: request.id,
            method: request.method,
            url: loggedUrl(request.url ?? '', request.routeOptions?.url),
          };
        },
        res(reply: { statusCode?: number }) {
          return { statusCode: reply.statusCode };
        },
        err: serializeError,
      },
    },
    destination,
  );
}

// One logger for the process. Party data and secrets never reach the log: requests are
// logged by method, route and status only (not bodies), secrets in headers are redacted,
// and feed URLs (whose path is a bearer token) are masked before they are serialised.
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** `/feeds/<token>.ics` → `/feeds/[redacted].ics`; also masks `token=` query parameters. */
export function redactUrl(url: string): string {
  return (
    url
      .replace(/\/feeds\/[^/?#]+/g, '/feeds/[redacted]')
      .replace(/\/opt-out\/[^/?#]+/g, '/opt-out/[redacted]')
      // One-time sign-in links (the web app): the path is the credential.
      .replace(/\/sign-in\/link\/[^/?#]+/gi, '/sign-in/link/[redacted]')
      .replace(/([?&](?:token|key|api_key)=)[^&#]*/gi, '$1[redacted]')
  );
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
        req(request: { method?: string; url?: string; id?: string; ip?: string }) {
          return { id: request.id, method: request.method, url: redactUrl(request.url ?? '') };
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

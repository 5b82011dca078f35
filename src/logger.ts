// One logger for the process. Party data and secrets never reach the log: requests are
// logged by method, route and status only (not bodies), secrets in headers are redacted,
// and feed URLs (whose path is a bearer token) are masked before they are serialised.
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** `/feeds/<token>.ics` → `/feeds/[redacted].ics`; also masks `token=` query parameters. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/feeds\/[^/?#]+/g, '/feeds/[redacted]')
    .replace(/\/opt-out\/[^/?#]+/g, '/opt-out/[redacted]')
    .replace(/([?&](?:token|key|api_key)=)[^&#]*/gi, '$1[redacted]');
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
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}

// Lost database connections: when they are news, and when they are faults.
import type { Logger } from '../logger.js';

/** PostgreSQL's "terminating connection due to administrator command": the server is stopping. */
const ADMIN_SHUTDOWN = '57P01';

/**
 * How to log a lost connection: while this process stops, or when the server is being shut
 * down (57P01), it is news, not a fault — one line, no stack; anything else is a warning with
 * the error.
 */
export function logConnectionLoss(
  log: Logger,
  error: unknown,
  what: string,
  expected: boolean,
): void {
  const code = (error as { code?: unknown }).code;
  if (expected) log.info({ code }, `${what} closed by the database server while Orderly stops`);
  else if (code === ADMIN_SHUTDOWN)
    log.warn({ code }, `${what} closed: the database server is shutting down`);
  else log.warn({ err: error }, `${what} lost`);
}

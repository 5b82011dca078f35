// Recognises "the database is not there right now" (restart, failover, network), as
// opposed to a bug or bad input, so the API can answer 503 with Retry-After.

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection refused/i,
  /server closed the connection unexpectedly/i,
  /Client has encountered a connection error/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Connection terminated unexpectedly/i,
  /Can't reach database server/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      originalCode?: unknown;
      kind?: unknown;
    };
    if (
      typeof candidate.code === 'string' &&
      (UNAVAILABLE_CODES.has(candidate.code) || candidate.code.startsWith('08'))
    )
      return true;
    if (typeof candidate.originalCode === 'string' && UNAVAILABLE_CODES.has(candidate.originalCode))
      return true;
    if (
      typeof candidate.message === 'string' &&
      UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(candidate.message as string))
    ) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}

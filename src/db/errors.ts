// Recognises database failures that are not Orderly's bug nor the client's bad input, so the
// API can say what happened: "the database is not there right now" (restart, failover,
// network: 503 with Retry-After) and "the database's disk is full" (507).
//
// Errors arrive in several wrappings: node-postgres errors (`code` is the SQLSTATE or the
// socket's errno), their `cause` chains, and Prisma's, which keep the driver adapter's error
// under `meta.driverAdapterError` (its `cause` has a `kind`, and for PostgreSQL errors the
// SQLSTATE in `code`/`originalCode`).

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
  'P1001', // Prisma: can't reach database server
  'P1002', // Prisma: database server timed out
  'P1017', // Prisma: server has closed the connection
]);

/** The driver adapter's kinds (@prisma/adapter-pg) for a connection that is gone or refused. */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection refused/i,
  /server closed the connection unexpectedly/i,
  /server has closed the connection/i,
  /Client has encountered a connection error/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Connection terminated unexpectedly/i,
  /Can't reach database server/i,
];

const DISK_FULL_CODES = new Set([
  '53100', // disk_full
  'ENOSPC',
]);

interface Candidate {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** The error and everything it wraps: `cause` chains and Prisma's driver adapter error. */
function* wrapped(error: unknown): Generator<Candidate> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as Candidate;
    yield candidate;
    queue.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
}

const codesOf = (candidate: Candidate): string[] =>
  [candidate.code, candidate.originalCode].filter((c): c is string => typeof c === 'string');

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const candidate of wrapped(error)) {
    // Class 08: connection exceptions.
    if (codesOf(candidate).some((code) => UNAVAILABLE_CODES.has(code) || /^08...$/.test(code)))
      return true;
    if (typeof candidate.kind === 'string' && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    const message = candidate.message;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((p) => p.test(message)))
      return true;
  }
  return false;
}

/** PostgreSQL could not write because its disk (or quota) is full. */
export function isDiskFull(error: unknown): boolean {
  for (const candidate of wrapped(error)) {
    if (codesOf(candidate).some((code) => DISK_FULL_CODES.has(code))) return true;
    if (typeof candidate.message === 'string' && /No space left on device/i.test(candidate.message))
      return true;
  }
  return false;
}

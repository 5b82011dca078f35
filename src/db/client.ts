// The one module that talks to PostgreSQL through Prisma. Everything else gets a
// `Database` and never builds its own connections.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { logConnectionLoss } from './connection-loss.js';

export { PrismaClient };
export { Prisma } from '../generated/prisma/client.js';

export interface Database {
  prisma: PrismaClient;
  /** The pool under Prisma, for the few raw-SQL paths (health, migrator, queue). */
  pool: pg.Pool;
  /**
   * From now on the process is stopping: a connection the server closes (it is stopping too,
   * as when one Ctrl-C reaches the server and a worker beside it) is expected, not a warning.
   */
  stopping(): void;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  log: Logger;
  /** Prepare each distinct statement once per connection (see DATABASE_STATEMENT_CACHE). */
  statementCache?: boolean;
  /** Longest a statement may run (PostgreSQL's statement_timeout). */
  statementTimeoutMs?: number;
}

const statementNames = new Map<string, string>();
let statementTextSize = 0;
/**
 * Bounds on the named statements (each is also kept by every pooled connection and its
 * PostgreSQL backend): Prisma's SQL is parameterised, so there are a few hundred, but a list
 * whose length varies (`IN ($1, $2, …)`) makes a new text per length.
 */
const STATEMENT_NAMES_MAX = 1_000;
const STATEMENT_TEXT_MAX = 2 * 1024 * 1024;

/**
 * One stable name per distinct SQL text; past the bounds, none (the statement is parsed and
 * planned each time, as without the cache).
 */
function statementName(query: { sql: string }): string | undefined {
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    if (
      statementNames.size >= STATEMENT_NAMES_MAX ||
      statementTextSize + query.sql.length > STATEMENT_TEXT_MAX
    )
      return undefined;
    name = `orderly_${statementNames.size}`;
    statementNames.set(query.sql, name);
    statementTextSize += query.sql.length;
  }
  return name;
}

export function openDatabase({
  url,
  poolMax,
  log,
  statementCache = true,
  statementTimeoutMs = 15_000,
}: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'orderly',
    // No statement may run longer than a request is allowed to (a stuck query behind a
    // network partition would otherwise hold its connection for good).
    statement_timeout: statementTimeoutMs,
    keepAlive: true,
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process:
  // the pool discards it and the next query opens a fresh one.
  let stopping = false;
  pool.on('error', (error) =>
    logConnectionLoss(log, error, 'database connection (it will be replaced)', stopping),
  );
  const adapter = new PrismaPg(pool, {
    onPoolError: (error) => logConnectionLoss(log, error, 'database pool connection', stopping),
    onConnectionError: (error) => logConnectionLoss(log, error, 'database connection', stopping),
    // Named statements are prepared once per connection and reused: PostgreSQL skips parsing
    // and planning for the queries Prisma sends again and again (measured: a case's
    // deadlines read 2.5x faster). Turn off behind a transaction-pooling PgBouncer.
    // Typed as always naming one; adapter-pg passes the name to pg as is, and pg sends a
    // statement without a name unprepared.
    ...(statementCache && {
      statementNameGenerator: statementName as (query: { sql: string }) => string,
    }),
  });
  const prisma = new PrismaClient({ adapter });
  const open = trackConnections(pool);
  return {
    prisma,
    pool,
    stopping() {
      stopping = true;
    },
    async close() {
      stopping = true;
      await prisma.$disconnect();
      await pool.end();
      await open.allClosed(CLOSE_WAIT_MS);
    },
  };
}

/** How long closing waits for the server to see each connection's goodbye. */
const CLOSE_WAIT_MS = 2_000;

/**
 * pg-pool's end() resolves once it has asked every connection to close, not once they have.
 * An embedded PostgreSQL stopped right after would cut the last ones off (57P01 in the log of
 * a clean stop, seen under load), so closing waits for each connection's end.
 */
function trackConnections(pool: pg.Pool): { allClosed(timeoutMs: number): Promise<void> } {
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => open.delete(client));
  return {
    allClosed(timeoutMs) {
      if (open.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          pool.off('remove', check);
          resolve();
        };
        const check = () => {
          if (open.size === 0) done();
        };
        const timer = setTimeout(done, timeoutMs);
        pool.on('remove', check);
      });
    },
  };
}

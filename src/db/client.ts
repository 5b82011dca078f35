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

/** One stable name per distinct SQL text (Prisma's SQL is parameterised, so there are few). */
function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    name = `orderly_${statementNames.size}`;
    statementNames.set(query.sql, name);
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
    ...(statementCache && { statementNameGenerator: statementName }),
  });
  const prisma = new PrismaClient({ adapter });
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
    },
  };
}

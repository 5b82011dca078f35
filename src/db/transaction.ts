import type { Database, Prisma } from './client.js';

/** A transaction handle. Services receive it; only src/db uses what is inside. */
export type Tx = Prisma.TransactionClient;

/**
 * Runs `work` in one transaction (READ COMMITTED, PostgreSQL's default: not set explicitly,
 * which would cost a round trip per transaction); everything or nothing is written.
 */
export function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.prisma.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
}

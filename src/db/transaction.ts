import type { Database, Prisma } from './client.js';

/** A transaction handle. Services receive it; only src/db uses what is inside. */
export type Tx = Prisma.TransactionClient;

/** Runs `work` in one READ COMMITTED transaction; everything or nothing is written. */
export function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.prisma.$transaction(work, {
    maxWait: 10_000,
    timeout: 20_000,
    isolationLevel: 'ReadCommitted',
  });
}

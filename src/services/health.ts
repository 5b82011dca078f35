// What readiness needs to know: whether the database answers, and which migrations in
// prisma/migrations it has not applied yet.
import type { Database } from '../db/client.js';
import { pendingMigrations, type Migration } from '../db/migrator.js';

/** The names of the migrations not applied yet; throws when the database does not answer. */
export function unappliedMigrations(
  db: Database,
  migrations: readonly Migration[],
): Promise<string[]> {
  return pendingMigrations(db.pool, migrations);
}

/**
 * Whether the database answers a trivial query within `timeoutMs`. Asked only after a
 * request failed with an error no rule recognised: if the database is gone at that moment
 * (a PANIC, a restart), the failure is its absence, not a bug in the request.
 */
export async function databaseAnswers(db: Database, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = db.pool.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

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

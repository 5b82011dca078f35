// Applies the SQL migrations in prisma/migrations/<timestamp>_<name>/migration.sql and
// records them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so that
// `prisma migrate status|deploy` (on a machine with Prisma's native schema engine) agree
// with what this migrator did. Prisma's engine cannot be downloaded on our machines, which
// is why this exists.
//
// Compatibility points with Prisma (prisma-engines, sql-migration-connector):
// - the same table definition and the same session advisory lock key (72707369), so this
//   migrator and `prisma migrate deploy` serialise against each other;
// - checksum = lowercase hex SHA-256 of the migration.sql text, matched regardless of
//   LF/CRLF line endings;
// - a finished row has finished_at set and applied_steps_count = 1.
// Unlike Prisma, each migration runs in one transaction with its bookkeeping row: a failed
// migration leaves no trace and no half-applied schema, so fixing and restarting is enough.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { MIGRATIONS_DIR } from '../paths.js';
import { StartupError } from '../startup-error.js';
import { grantServingRole } from './roles.js';

export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  /** The folder name, e.g. `20261123000000_init`. */
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface MigrateOptions {
  /**
   * The role that serves requests (DATABASE_URL's user, or the embedded `orderly_app`): granted
   * the serving rights after migrating, under the same lock (src/db/roles.ts). Nothing when it
   * is the migrating role itself.
   */
  servingRole?: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Prisma accepts a script whose line endings were converted (git autocrlf) after it was applied. */
export function matchesChecksum(sql: string, checksum: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  return [sql, lf, crlf].some((variant) => checksumOf(variant) === checksum.toLowerCase());
}

/** Reads the migrations folder in Prisma's layout, in name (timestamp) order. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const lock = await fs.readFile(path.join(dir, 'migration_lock.toml'), 'utf8').catch(() => '');
  if (!/provider\s*=\s*"postgresql"/.test(lock)) {
    throw new StartupError(
      `${path.join(dir, 'migration_lock.toml')} is missing or not for postgresql`,
      'restore prisma/migrations from the repository',
    );
  }
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: Migration[] = [];
  for (const name of folders) {
    const sql = await fs
      .readFile(path.join(dir, name, 'migration.sql'), 'utf8')
      .catch(() => undefined);
    if (sql === undefined) {
      throw new StartupError(
        `migration folder ${name} has no migration.sql`,
        'restore prisma/migrations from the repository',
      );
    }
    migrations.push({ name, sql, checksum: checksumOf(sql) });
  }
  return migrations;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations on `client` (a dedicated connection: the advisory lock is held
 * by the session). Refuses to go on when an applied migration's file has changed or when
 * an earlier Prisma run left a failed migration.
 */
export async function migrate(
  client: pg.ClientBase,
  migrations: readonly Migration[],
  log: MigrationLog,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  try {
    // Created only when missing: a serving role (no CREATE) may run a start with nothing to apply.
    const table = await client.query<{ present: boolean }>(
      `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
    );
    if (!table.rows[0]?.present) await client.query(MIGRATIONS_TABLE_DDL);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const live = rows.filter((row) => row.rolled_back_at === null);
    const failed = live.find((row) => row.finished_at === null);
    if (failed) {
      throw new StartupError(
        `migration ${failed.migration_name} failed in an earlier run and was never resolved`,
        'repair the database, then mark it with `prisma migrate resolve` (see README "Migrations")',
      );
    }
    const applied = new Map(live.map((row) => [row.migration_name, row]));
    const local = new Set(migrations.map((migration) => migration.name));
    for (const row of live) {
      if (!local.has(row.migration_name)) {
        log.warn(
          `migration ${row.migration_name} is applied in the database but missing from prisma/migrations`,
        );
      }
    }
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const row = applied.get(migration.name);
      if (row) {
        if (!matchesChecksum(migration.sql, row.checksum)) {
          throw new StartupError(
            `migration ${migration.name} was changed after it was applied (checksum ${migration.checksum.slice(0, 12)}…, applied ${row.checksum.slice(0, 12)}…)`,
            'restore its original migration.sql and put the change in a new migration',
          );
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      report.applied.push(migration.name);
      log.info(`applied migration ${migration.name}`);
    }
    if (options.servingRole !== undefined) await grantServingRole(client, options.servingRole, log);
    return report;
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY])
      .catch(() => undefined);
  }
}

async function applyOne(client: pg.ClientBase, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    // clock_timestamp(): now() is frozen at the transaction's start.
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `migration ${migration.name} failed and was rolled back: ${reason}`,
      'fix the migration (nothing of it was applied) and start again',
    );
  }
}

/** The names of local migrations not yet applied (for /ready). */
export async function pendingMigrations(
  client: pg.ClientBase | pg.Pool,
  migrations: readonly Migration[],
): Promise<string[]> {
  const table = await client.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!table.rows[0]?.present) return migrations.map((migration) => migration.name);
  const { rows } = await client.query<{ migration_name: string }>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  return migrations
    .filter((migration) => !applied.has(migration.name))
    .map((migration) => migration.name);
}

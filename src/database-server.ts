// The database as a server process needs it before anything is built on it: reachable (one
// clear line when not), migrated, and — when DATABASE_URL is unset — the embedded PostgreSQL
// started. Kept apart from runtime.ts so the primary of several API processes (src/cluster.ts)
// can prepare the database without loading the Prisma client or any service.
import pg from 'pg';
import { redactDatabaseUrl, type Config } from './config.js';
import { readOrCreateKeyFile } from './adapters/secret-box.js';
import { EmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate, readMigrations, type Migration, type MigrationReport } from './db/migrator.js';
import { excessRightsOf } from './db/roles.js';
import type { Logger } from './logger.js';
import { StartupError } from './startup-error.js';

/** Connects once with a short timeout so an unreachable server is one clear line, not a hang. */
export async function connectOnce(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason =
      (error as NodeJS.ErrnoException).code ??
      (error instanceof Error ? error.message : String(error));
    // 28P01 (wrong password), 28000 (no such role, or not allowed to log in).
    if (reason.startsWith('28')) {
      const user = decodeURIComponent(new URL(url).username) || 'the default user';
      throw new StartupError(
        `cannot log in to the database at ${redactDatabaseUrl(url)} as ${user} (${reason})`,
        'check the user and password (DATABASE_URL serves, DATABASE_MIGRATION_URL migrates); a Docker volume made before the serving role existed needs `docker compose exec db sh /docker-entrypoint-initdb.d/orderly-app-role.sh` once (README "Database roles")',
      );
    }
    throw new StartupError(
      `cannot reach the database at ${redactDatabaseUrl(url)} (${reason})`,
      'check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded PostgreSQL',
    );
  }
}

/**
 * Where the database is migrated from and served to: the embedded PostgreSQL's superuser and its
 * `orderly_app`; DATABASE_MIGRATION_URL and DATABASE_URL; or DATABASE_URL for both.
 */
export interface DatabaseUrls {
  /** The serving role's URL: requests, workers, LISTEN. */
  url: string;
  /** The owner's URL: the migrator only. */
  migrationUrl: string;
}

export function databaseUrlsOf(
  config: Config,
  embedded: EmbeddedPostgres | undefined,
): DatabaseUrls {
  if (embedded) return { url: embedded.appUrl, migrationUrl: embedded.url };
  const url = config.databaseUrl!;
  return { url, migrationUrl: config.databaseMigrationUrl ?? url };
}

/**
 * Migrates as the owner, then grants the serving role (whoever `urls.url` logs in as) its rights.
 * The serving role is asked who it is on a connection of its own, which also checks it can log in.
 */
export async function runMigrations(
  urls: DatabaseUrls,
  log: Logger,
): Promise<{ migrations: Migration[]; report: MigrationReport }> {
  const migrations = await readMigrations();
  const servingRole = await servingRoleOf(urls.url);
  const client = await connectOnce(urls.migrationUrl);
  try {
    const report = await migrate(
      client,
      migrations,
      {
        info: (message) => log.info(message),
        warn: (message) => log.warn(message),
      },
      { servingRole },
    );
    return { migrations, report };
  } finally {
    await client.end();
  }
}

async function servingRoleOf(url: string): Promise<string> {
  const client = await connectOnce(url);
  try {
    const { rows } = await client.query<{ me: string }>('SELECT current_user AS me');
    return rows[0]!.me;
  } finally {
    await client.end();
  }
}

/**
 * One warning line when the role serving requests can do more than read and write rows (a
 * superuser, or the tables' owner): an injection or a stolen connection could then drop or
 * rewrite the schema. The embedded PostgreSQL and DATABASE_MIGRATION_URL avoid it.
 */
export async function warnIfServingRoleIsPrivileged(url: string, log: Logger): Promise<void> {
  const client = await connectOnce(url);
  try {
    const excess = await excessRightsOf(client);
    if (excess)
      log.warn(
        `DATABASE_URL's role ${excess}: requests run with the right to change the schema. Set DATABASE_MIGRATION_URL to the owner and DATABASE_URL to a role with only SELECT, INSERT, UPDATE and DELETE (README "Database roles")`,
      );
  } finally {
    await client.end();
  }
}

/**
 * The database alone, for a process that serves nothing itself (the primary of several API
 * processes, WEB_CONCURRENCY): the embedded PostgreSQL when DATABASE_URL is unset, migrated.
 * Its processes then open their runtimes on `url` (the serving role's: the embedded PostgreSQL's
 * `orderly_app`, or DATABASE_URL) without migrating again, with `secretsKey`:
 * the embedded database's key kept in DATA_DIR (README "Secrets key"), read or made here once
 * rather than raced for by N processes; SECRETS_KEY's own value otherwise.
 */
export async function openDatabaseServer(
  config: Config,
  log: Logger,
): Promise<{ url: string; secretsKey: string | undefined; close(): Promise<void> }> {
  const embedded = config.databaseUrl
    ? undefined
    : await EmbeddedPostgres.start({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        log: {
          info: (message) => log.info(message),
          warn: (message) => log.warn(message),
          debug: (message) => log.debug(message),
        },
      });
  const urls = databaseUrlsOf(config, embedded);
  const { url } = urls;
  try {
    const { report } = await runMigrations(urls, log);
    log.info(
      `database schema up to date (${report.applied.length} applied now, ${report.alreadyApplied.length} already)`,
    );
    if (!embedded) await warnIfServingRoleIsPrivileged(url, log);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const secretsKey =
    config.reminders.secretsKey ??
    (embedded ? (await readOrCreateKeyFile(config.dataDir)).toString('base64') : undefined);
  return { url, secretsKey, close: async () => embedded?.stop() };
}

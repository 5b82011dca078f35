// The database as a server process needs it before anything is built on it: reachable (one
// clear line when not), migrated, and — when DATABASE_URL is unset — the embedded PostgreSQL
// started. Kept apart from runtime.ts so the primary of several API processes (src/cluster.ts)
// can prepare the database without loading the Prisma client or any service.
import pg from 'pg';
import { redactDatabaseUrl, type Config } from './config.js';
import { readOrCreateKeyFile } from './adapters/secret-box.js';
import { EmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate, readMigrations, type Migration, type MigrationReport } from './db/migrator.js';
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
    throw new StartupError(
      `cannot reach the database at ${redactDatabaseUrl(url)} (${reason})`,
      'check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded PostgreSQL',
    );
  }
}

export async function runMigrations(
  url: string,
  log: Logger,
): Promise<{ migrations: Migration[]; report: MigrationReport }> {
  const migrations = await readMigrations();
  const client = await connectOnce(url);
  try {
    const report = await migrate(client, migrations, {
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
    });
    return { migrations, report };
  } finally {
    await client.end();
  }
}

/**
 * The database alone, for a process that serves nothing itself (the primary of several API
 * processes, WEB_CONCURRENCY): the embedded PostgreSQL when DATABASE_URL is unset, migrated.
 * Its processes then open their runtimes on `url` without migrating again, with `secretsKey`:
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
  const url = embedded?.url ?? config.databaseUrl!;
  try {
    const { report } = await runMigrations(url, log);
    log.info(
      `database schema up to date (${report.applied.length} applied now, ${report.alreadyApplied.length} already)`,
    );
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const secretsKey =
    config.reminders.secretsKey ??
    (embedded ? (await readOrCreateKeyFile(config.dataDir)).toString('base64') : undefined);
  return { url, secretsKey, close: async () => embedded?.stop() };
}

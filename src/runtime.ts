// The composition root: the one place that turns a Config into running parts (database,
// migrations, services). The server, the worker, the CLI and the tests all start here, so
// none of them wires things differently.
import pg from 'pg';
import { redactDatabaseUrl, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { EmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate, readMigrations, type Migration, type MigrationReport } from './db/migrator.js';
import { API_KEY_REVOKED_CHANNEL } from './db/api-keys.js';
import { FEED_TOKEN_REVOKED_CHANNEL } from './db/feeds.js';
import { listen, type Listener } from './db/listener.js';
import type { Logger } from './logger.js';
import { ApiKeyAuthenticator } from './services/api-keys.js';
import { systemClock, type Clock } from './services/clock.js';
import { FeedService } from './services/feeds.js';
import { StartupError } from './startup-error.js';

export interface Runtime {
  config: Config;
  log: Logger;
  db: Database;
  migrations: readonly Migration[];
  /** Present when this process runs its own PostgreSQL. */
  embedded: EmbeddedPostgres | undefined;
  clock: Clock;
  authenticator: ApiKeyAuthenticator;
  /** Calendar feeds: their tokens and rendered calendars. */
  feeds: FeedService;
  /** Closes the pool, then stops the embedded PostgreSQL if there is one. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Extra server settings for an embedded PostgreSQL (tests). */
  embeddedSettings?: Record<string, string>;
  clock?: Clock;
  /** Use the embedded PostgreSQL another Orderly process in DATA_DIR already runs (the CLI). */
  attachToRunningEmbedded?: boolean;
}

/** Connects once with a short timeout so an unreachable server is one clear line, not a hang. */
async function connectOnce(url: string): Promise<pg.Client> {
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

export async function openRuntime(
  config: Config,
  log: Logger,
  options: OpenOptions = {},
): Promise<Runtime> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await EmbeddedPostgres.start({
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      ...(options.attachToRunningEmbedded && { attach: true }),
      ...(options.embeddedSettings ? { settings: options.embeddedSettings } : {}),
      log: {
        info: (message) => log.info(message),
        warn: (message) => log.warn(message),
        debug: (message) => log.debug(message),
      },
    });
    url = embedded.url;
  }
  try {
    let migrations: readonly Migration[];
    if (options.migrate === false) {
      migrations = await readMigrations();
      await (await connectOnce(url)).end();
    } else {
      const result = await runMigrations(url, log);
      migrations = result.migrations;
      const { applied, alreadyApplied } = result.report;
      log.info(
        `database schema up to date (${applied.length} applied now, ${alreadyApplied.length} already)`,
      );
    }
    const db = openDatabase({
      url,
      poolMax: config.databasePoolMax,
      log,
      statementCache: config.databaseStatementCache,
      statementTimeoutMs: config.requestTimeoutMs,
    });
    const clock = options.clock ?? systemClock;
    const authenticator = new ApiKeyAuthenticator(db, clock, log);
    const feeds = new FeedService(db, clock, log, config.publicBaseUrl);
    // Revocations made by any Orderly process reach this one's key and feed-token caches at once.
    const listener: Listener = listen(
      url,
      {
        [API_KEY_REVOKED_CHANNEL]: (prefix) => authenticator.evict(prefix),
        [FEED_TOKEN_REVOKED_CHANNEL]: (prefix) => feeds.evict(prefix),
      },
      log,
      () => {
        authenticator.evictAll();
        feeds.evictAll();
      },
    );
    return {
      config,
      log,
      db,
      migrations,
      embedded,
      clock,
      authenticator,
      feeds,
      async close() {
        await listener.close();
        await db.close();
        if (embedded) await embedded.stop();
      },
    };
  } catch (error) {
    if (embedded) await embedded.stop();
    throw error;
  }
}

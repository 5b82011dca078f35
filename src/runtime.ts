// The composition root: the one place that turns a Config into running parts — the database,
// migrations, and every adapter (clock, secret box, email and webhook senders, token
// verifiers, the notification listener) — and the services built on them. The server, the
// worker process, the CLI and the tests all start here, so none of them wires things
// differently, and nothing else builds an adapter of its own.
import { systemClock, type Clock } from './adapters/clock.js';
import { createEmailSender, type EmailSender } from './adapters/email.js';
import { openSecretBox, type SecretBox } from './adapters/secret-box.js';
import { createWebhookSender, type Resolver, type WebhookSender } from './adapters/webhook.js';
import type { Config } from './config.js';
import type { ApiKeyCredential } from './db/api-keys.js';
import { openDatabase, type Database } from './db/client.js';
import { EmbeddedPostgres } from './db/embedded-postgres.js';
import type { FeedTokenCredential } from './db/feeds.js';
import type { PetitionerLinkCredential } from './db/petitioner-links.js';
import { listen, type Listener } from './db/listener.js';
import { readMigrations, type Migration } from './db/migrator.js';
import {
  connectOnce,
  databaseUrlsOf,
  runMigrations,
  warnIfServingRoleIsPrivileged,
} from './database-server.js';
import type { Logger } from './logger.js';
import { HostAllowList } from './net.js';
import { apiKeyTokens } from './services/api-keys.js';
import { CASE_ERASED_CHANNEL } from './services/erasure.js';
import { FeedService, feedTokens } from './services/feeds.js';
import type { DeliveryDeps } from './services/reminder-delivery.js';
import { petitionerLinkTokens } from './services/petitioner-links.js';
import type { WebhookPolicy } from './services/reminders.js';
import { SharedCounters } from './services/request-limits.js';
import { TokenVerifier } from './services/tokens.js';

export interface Runtime {
  config: Config;
  log: Logger;
  db: Database;
  migrations: readonly Migration[];
  /** Present when this process runs its own PostgreSQL. */
  embedded: EmbeddedPostgres | undefined;
  clock: Clock;
  /**
   * Encrypts webhook secrets and makes opt-out links: SECRETS_KEY, or the key file in DATA_DIR,
   * read (or created) on first use and kept for this runtime.
   */
  secretBox(): Promise<SecretBox>;
  /** SMTP_URL and MAIL_FROM; null when either is unset. Closed with the runtime. */
  email: EmailSender | null;
  webhooks: WebhookSender;
  /** Counters every Orderly process shares: failed authentications, requests per key. */
  counters: SharedCounters;
  /** Where webhook endpoints may point, and how many an organization may have. */
  webhookPolicy: WebhookPolicy;
  /** API keys (`ork_…`); revocations in any Orderly process evict them here. */
  apiKeys: TokenVerifier<ApiKeyCredential>;
  /** Calendar-feed tokens (`ofd_…`), likewise. */
  feedTokens: TokenVerifier<FeedTokenCredential>;
  /** Calendar feeds: their rendered calendars. */
  feeds: FeedService;
  /**
   * The process is stopping (a signal arrived): connections the database server closes from
   * now on are expected (logged as such, not as warnings) and not reopened.
   */
  stopping(): void;
  /** Petitioner links (`opl_…`), likewise. */
  petitionerLinks: TokenVerifier<PetitionerLinkCredential>;
  /** Closes the pool, then stops the embedded PostgreSQL if there is one. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Extra server settings for an embedded PostgreSQL (tests). */
  embeddedSettings?: Record<string, string>;
  clock?: Clock;
  /** How webhook hosts are resolved (tests inject one, so no DNS query leaves the machine). */
  resolve?: Resolver;
  /** Use the embedded PostgreSQL another Orderly process in DATA_DIR already runs (the CLI). */
  attachToRunningEmbedded?: boolean;
}

export async function openRuntime(
  config: Config,
  log: Logger,
  options: OpenOptions = {},
): Promise<Runtime> {
  let embedded: EmbeddedPostgres | undefined;
  if (!config.databaseUrl) {
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
  }
  try {
    // Migrations as the owner (the embedded superuser, DATABASE_MIGRATION_URL); everything else
    // as the serving role (`orderly_app`, DATABASE_URL): README "Database roles".
    const urls = databaseUrlsOf(config, embedded);
    const { url } = urls;
    let migrations: readonly Migration[];
    if (options.migrate === false) {
      migrations = await readMigrations();
      await (await connectOnce(url)).end();
    } else {
      const result = await runMigrations(urls, log);
      migrations = result.migrations;
      const { applied, alreadyApplied } = result.report;
      log.info(
        `database schema up to date (${applied.length} applied now, ${alreadyApplied.length} already)`,
      );
    }
    if (!embedded) await warnIfServingRoleIsPrivileged(url, log);
    const db = openDatabase({
      url,
      poolMax: config.databasePoolMax,
      log,
      statementCache: config.databaseStatementCache,
      statementTimeoutMs: config.requestTimeoutMs,
    });
    const clock = options.clock ?? systemClock;
    const { reminders } = config;
    const secretBox = once(() =>
      openSecretBox({ secretsKey: reminders.secretsKey, dataDir: config.dataDir }),
    );
    const email =
      reminders.smtpUrl !== undefined && reminders.mailFrom !== undefined
        ? createEmailSender({
            smtpUrl: reminders.smtpUrl,
            from: reminders.mailFrom,
            timeoutMs: reminders.webhookTimeoutMs,
            allowPlaintext: reminders.smtpAllowPlaintext,
          })
        : null;
    if (email && reminders.smtpUrl?.startsWith('smtp:'))
      log[reminders.smtpAllowPlaintext ? 'warn' : 'info'](
        reminders.smtpAllowPlaintext
          ? 'SMTP_ALLOW_PLAINTEXT is on: reminder emails go out in clear text when the SMTP server offers no STARTTLS'
          : 'SMTP: STARTTLS required (the server must offer it; SMTP_ALLOW_PLAINTEXT=true allows clear text)',
      );
    const webhooks = createWebhookSender({
      timeoutMs: reminders.webhookTimeoutMs,
      allowedHosts: reminders.webhookAllowedHosts,
      ...(options.resolve && { resolve: options.resolve }),
    });
    const apiKeys = new TokenVerifier(apiKeyTokens(db), clock, log);
    const feedTokenVerifier = new TokenVerifier(feedTokens(db), clock, log);
    const feeds = new FeedService(db, clock, feedTokenVerifier, config.publicBaseUrl, {
      eventCacheSize: config.feedCacheBytes / 2,
      calendarCacheSize: config.feedCacheBytes / 2,
    });
    const petitionerLinks = new TokenVerifier(petitionerLinkTokens(db), clock, log);
    // Revocations made by any Orderly process reach this one's token caches at once, and an
    // erasure its rendered feeds (which may hold the erased case's reference and labels) and
    // its cached petitioner links (whose rows went with the case).
    const verifiers = [apiKeys, feedTokenVerifier, petitionerLinks];
    // An embedded database is this machine's own: the listener goes where the pool goes.
    const listener: Listener = listen(
      (!embedded && config.databaseListenUrl) || url,
      {
        ...Object.fromEntries(
          verifiers.map((v) => [v.revokedChannel, (prefix: string) => v.evict(prefix)]),
        ),
        [CASE_ERASED_CHANNEL]: () => {
          feeds.clearRenderCaches();
          petitionerLinks.evictAll();
        },
      },
      log,
      () => {
        for (const v of verifiers) v.evictAll();
        feeds.clearRenderCaches();
      },
    );
    // Without the listener a revocation elsewhere would go unseen: no cache then.
    for (const v of verifiers) v.useCacheOnlyWhile(() => listener.connected());
    return {
      config,
      log,
      db,
      migrations,
      embedded,
      clock,
      secretBox,
      email,
      webhooks,
      webhookPolicy: webhookPolicyOf(config),
      counters: new SharedCounters(db, clock, log),
      apiKeys,
      feedTokens: feedTokenVerifier,
      feeds,
      stopping() {
        db.stopping();
        listener.stopping();
      },
      petitionerLinks,
      async close() {
        db.stopping();
        listener.stopping();
        email?.close();
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

/**
 * A runtime with nothing behind it — no database, no senders — only to build the app and read
 * its routes (the OpenAPI document). Any request would fail; none is made.
 */
export function routesOnlyRuntime(config: Config, log: Logger): Runtime {
  return {
    config,
    log,
    clock: systemClock,
    db: { prisma: {} },
    apiKeys: {},
    webhookPolicy: webhookPolicyOf(config),
    // The web app derives its cookie and CSRF keys at build time; no key is read here.
    secretBox: async () => ({ derive: () => Buffer.alloc(32) }),
    migrations: [],
  } as unknown as Runtime;
}

/** What delivering reminders needs (a worker's rounds, an admin's "send now"): the runtime's own parts. */
export async function deliveryDepsOf(runtime: Runtime): Promise<DeliveryDeps> {
  return {
    db: runtime.db,
    clock: runtime.clock,
    log: runtime.log,
    settings: runtime.config.reminders,
    publicBaseUrl: runtime.config.publicBaseUrl,
    box: await runtime.secretBox(),
    email: runtime.email,
    webhooks: runtime.webhooks,
  };
}

function webhookPolicyOf(config: Config): WebhookPolicy {
  return {
    allowedHosts: new HostAllowList(config.reminders.webhookAllowedHosts),
    maxEndpoints: config.reminders.webhookEndpointsMax,
  };
}

/** `make()` once, its promise shared; a failure is forgotten, so the next call tries again. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      made = make();
      made.catch(() => {
        made = undefined;
      });
    }
    return made;
  };
}

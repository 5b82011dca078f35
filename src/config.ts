// The service's configuration: read once from the environment, validated, frozen.
// Every variable is documented in README.md ("Configuration"); keep the two in step.
import path from 'node:path';
import { StartupError } from './startup-error.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export interface Config {
  /** HTTP port. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** External PostgreSQL; when absent the service runs its own embedded server. */
  databaseUrl: string | undefined;
  /**
   * The owner of the tables, used only to migrate (and to grant DATABASE_URL's role its rights);
   * unset: migrations run as DATABASE_URL's role (README "Database roles").
   */
  databaseMigrationUrl: string | undefined;
  /** Folder for the embedded PostgreSQL cluster (and other local state). */
  dataDir: string;
  /** TCP port for the embedded PostgreSQL on 127.0.0.1; 0 picks a free one at each start. */
  embeddedPostgresPort: number;
  logLevel: LogLevel;
  /** Connections in the database pool (of each API process). */
  databasePoolMax: number;
  /** API processes `npm start` runs on one port (node:cluster); 1: this process serves. */
  webConcurrency: number;
  /** Prepare statements once per connection (off behind a transaction-pooling PgBouncer). */
  databaseStatementCache: boolean;
  /** Where the notification listener connects (LISTEN needs a session): DATABASE_URL unless set. */
  databaseListenUrl: string | undefined;
  /** How long SIGINT/SIGTERM waits for in-flight requests before forcing the exit. */
  shutdownTimeoutMs: number;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** A request that takes longer than this is answered 503 and abandoned. */
  requestTimeoutMs: number;
  /** Requests per minute per API key (0: no limit). */
  rateLimitPerMinute: number;
  /**
   * Failed authentications per minute for one client address and one credential prefix (the
   * same wrong key, the same revoked feed URL) before that client is told to wait; ten times as
   * many per address across prefixes. Valid credentials are never throttled.
   */
  authFailuresPerMinute: number;
  /** Rendered calendar feeds kept in memory (events and whole calendars, half each), in bytes. */
  feedCacheBytes: number;
  /** When this process refuses requests with 503 and Retry-After rather than queue them. */
  overload: { maxInFlight: number; maxEventLoopDelayMs: number };
  /**
   * Fastify's `trustProxy`: whose X-Forwarded-For to believe for the client's address. false
   * (default): none, the socket's peer is the client; true: any; a number: that many hops; a
   * list of addresses or CIDR ranges: those proxies.
   */
  trustProxy: boolean | number | string[];
  /** Where clients reach this service (feed URLs are built on it), without a trailing slash. */
  publicBaseUrl: string;
  /** Where publicBaseUrl came from: set, or made from HOST and PORT. */
  publicBaseUrlFrom: 'PUBLIC_BASE_URL' | 'HOST and PORT';
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  corsOrigins: string[];
  /** Reminder delivery (src/reminders). */
  reminders: ReminderSettings;
  /** The retention purge the worker runs (src/services/retention.ts). */
  retention: RetentionSettings;
  /** Staff sessions in the web app. */
  sessions: SessionSettings;
  /** Background recomputation (src/services/recompute-jobs.ts); runs where the reminder worker runs. */
  recompute: RecomputeSettings;
  /**
   * Where a petitioner's "Leave this page" button (and the Escape key) goes: a neutral site
   * that replaces the page (QUICK_EXIT_URL; default a search engine's start page).
   */
  quickExitUrl: string;
}

export interface RetentionSettings {
  /** Each organization is purged at most once in this long (by any number of workers). */
  everyMs: number;
  /** Rows deleted per transaction. */
  batchSize: number;
}

export interface SessionSettings {
  /** A session unused this long ends (shelters and clinics share computers). */
  idleMinutes: number;
  /** A session ends this long after sign-in, however busy. */
  maxHours: number;
}

export interface RecomputeSettings {
  /** Cases recomputed per transaction. */
  batchSize: number;
  /** How often an idle worker looks for queued recomputations. */
  pollMs: number;
}

export interface ReminderSettings {
  /** Run the reminder worker inside `npm start` (WORKER=off: run it apart, `npm run worker`). */
  worker: boolean;
  /** smtp://user:pass@host:587 or smtps://…:465; unset: email reminders wait (webhooks still go). */
  smtpUrl: string | undefined;
  /** The From address of reminder emails. */
  mailFrom: string | undefined;
  /** Plain-text SMTP allowed when the server offers no STARTTLS (SMTP_ALLOW_PLAINTEXT); default: TLS required. */
  smtpAllowPlaintext: boolean;
  /** Base64 of 32 bytes; unset: a key file generated in DATA_DIR. Encrypts webhook secrets. */
  secretsKey: string | undefined;
  /** Court-zone local hours when nothing is delivered ("21:00-08:00"); null: none. */
  quietHours: { from: string; to: string } | null;
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  webhookTimeoutMs: number;
  /**
   * Hosts (names, addresses or CIDR ranges) webhooks may reach although they are loopback,
   * private, link-local or otherwise internal (WEBHOOK_ALLOWED_HOSTS); empty: none.
   */
  webhookAllowedHosts: string[];
  /** Webhook endpoints one organization may have. */
  webhookEndpointsMax: number;
}

type Env = Record<string, string | undefined>;

class ConfigProblems {
  readonly problems: string[] = [];
  add(variable: string, message: string): void {
    this.problems.push(`${variable} ${message}`);
  }
}

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  p: ConfigProblems,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    p.add(name, `must be a whole number between ${min} and ${max}, got "${raw}"`);
    return fallback;
  }
  const value = Number(raw.trim());
  if (value < min || value > max) p.add(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean, p: ConfigProblems): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  p.add(name, `must be true or false, got "${env[name]}"`);
  return fallback;
}

function databaseUrl(env: Env, p: ConfigProblems, name = 'DATABASE_URL'): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    p.add(name, 'is not a valid URL (expected postgresql://user:password@host:5432/database)');
    return undefined;
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    p.add(name, `must start with postgresql:// (got ${url.protocol}//)`);
  }
  return raw;
}

function corsOrigins(env: Env, p: ConfigProblems): string[] {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return [];
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin)
      p.add(
        'CORS_ORIGINS',
        `must be a comma-separated list of origins like https://clinic.example.org (got "${origin}")`,
      );
  }
  return origins;
}

function reminderSettings(env: Env, p: ConfigProblems): ReminderSettings {
  const text = (name: string) => env[name]?.trim() || undefined;
  const worker = (text('WORKER') ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(worker)) p.add('WORKER', `must be on or off, got "${worker}"`);
  const smtpUrl = text('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    p.add('SMTP_URL', 'must look like smtp://user:password@host:587 or smtps://host:465');
  const mailFrom = text('MAIL_FROM');
  if (mailFrom !== undefined && !/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(mailFrom))
    p.add('MAIL_FROM', `must be an email address, got "${mailFrom}"`);
  if (smtpUrl !== undefined && mailFrom === undefined)
    p.add('MAIL_FROM', 'is required when SMTP_URL is set');
  const secretsKey = text('SECRETS_KEY');
  if (secretsKey !== undefined && Buffer.from(secretsKey, 'base64').length !== 32)
    p.add('SECRETS_KEY', 'must be 32 bytes in base64 (openssl rand -base64 32)');
  const webhookAllowedHosts = (text('WEBHOOK_ALLOWED_HOSTS') ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  for (const host of webhookAllowedHosts)
    if (!/^[a-z0-9.:_[\]-]+(\/\d{1,3})?$/.test(host))
      p.add(
        'WEBHOOK_ALLOWED_HOSTS',
        `must be a comma-separated list of host names, addresses or CIDR ranges (got "${host}")`,
      );
  const quiet = (text('REMINDER_QUIET_HOURS') ?? '21:00-08:00').toLowerCase();
  const hours = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(quiet);
  if (quiet !== 'off' && !hours)
    p.add('REMINDER_QUIET_HOURS', `must be HH:MM-HH:MM (court time) or off, got "${quiet}"`);
  const settings: ReminderSettings = {
    worker: worker !== 'off',
    smtpUrl,
    mailFrom,
    smtpAllowPlaintext: boolean(env, 'SMTP_ALLOW_PLAINTEXT', false, p),
    secretsKey,
    quietHours: hours ? { from: quiet.slice(0, 5), to: quiet.slice(6) } : null,
    batchSize: integer(env, 'REMINDER_BATCH_SIZE', 10, 1, 1000, p),
    leaseMs: integer(env, 'REMINDER_LEASE_MS', 120_000, 1_000, 3_600_000, p),
    maxAttempts: integer(env, 'REMINDER_MAX_ATTEMPTS', 10, 1, 100, p),
    retryBaseMs: integer(env, 'REMINDER_RETRY_BASE_MS', 60_000, 1, 86_400_000, p),
    retryMaxMs: integer(env, 'REMINDER_RETRY_MAX_MS', 21_600_000, 1, 604_800_000, p),
    pollMs: integer(env, 'REMINDER_POLL_MS', 2_000, 10, 600_000, p),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000, p),
    webhookAllowedHosts,
    webhookEndpointsMax: integer(env, 'WEBHOOK_ENDPOINTS_MAX', 10, 1, 1000, p),
  };
  // A batch whose deliveries each take the whole timeout, one after another, must still end
  // inside its lease: otherwise another worker may claim (and send again) what is in flight.
  if (settings.batchSize * settings.webhookTimeoutMs > settings.leaseMs)
    p.add(
      'REMINDER_LEASE_MS',
      `must be at least REMINDER_BATCH_SIZE × WEBHOOK_TIMEOUT_MS (${settings.batchSize} × ${settings.webhookTimeoutMs} = ${settings.batchSize * settings.webhookTimeoutMs} ms), got ${settings.leaseMs}: lower the batch or the timeout, or raise the lease`,
    );
  return settings;
}

function trustProxy(env: Env, p: ConfigProblems): boolean | number | string[] {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw === undefined || raw === '' || ['false', '0', 'no', 'off'].includes(raw)) return false;
  if (['true', 'yes', 'on'].includes(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries)
    if (
      !/^[0-9a-f.:]+(\/\d{1,3})?$/.test(entry) &&
      !['loopback', 'linklocal', 'uniquelocal'].includes(entry)
    )
      p.add(
        'TRUST_PROXY',
        `must be true, false, a number of hops, or a comma-separated list of proxy addresses or CIDR ranges (got "${entry}")`,
      );
  return entries;
}

/** Host names that mean "this machine" or "every interface" (reachable here as localhost). */
const LOCAL_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::']);

/**
 * The address this service answers on, for links when PUBLIC_BASE_URL is not set: PORT, and
 * HOST unless it is this machine or every interface — then `localhost`, which browsers accept
 * for passkeys (an IP address is not a valid WebAuthn relying party) and which reaches it here.
 */
export function baseUrlFromHostAndPort(host: string, port: number): string {
  const name = LOCAL_HOSTS.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function publicBaseUrl(env: Env, fallback: string, p: ConfigProblems): string {
  const raw = env.PUBLIC_BASE_URL?.trim() || fallback;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    p.add(
      'PUBLIC_BASE_URL',
      `must be an http(s) URL without query or credentials, like https://orderly.clinic.example (got "${raw}")`,
    );
    return fallback;
  }
  return url.toString().replace(/\/+$/, '');
}

export const DEFAULT_QUICK_EXIT_URL = 'https://www.google.com/';

function quickExitUrl(env: Env, p: ConfigProblems): string {
  const raw = env.QUICK_EXIT_URL?.trim() || DEFAULT_QUICK_EXIT_URL;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  // http only to this machine (tests); anything else must be https, and carry no credentials.
  const loopback = url !== undefined && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (
    !url ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) ||
    url.username !== '' ||
    url.password !== ''
  ) {
    p.add('QUICK_EXIT_URL', `must be an https:// URL of a neutral site (got "${raw}")`);
    return DEFAULT_QUICK_EXIT_URL;
  }
  return url.toString();
}

/** Reads and validates the configuration; throws one StartupError listing every problem. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const p = new ConfigProblems();
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) p.add('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const host = env.HOST?.trim() || '127.0.0.1';

  const port = integer(env, 'PORT', 3000, 0, 65535, p);
  const config: Config = {
    port,
    host,
    databaseUrl: databaseUrl(env, p),
    databaseMigrationUrl: databaseUrl(env, p, 'DATABASE_MIGRATION_URL'),
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || '.data'),
    embeddedPostgresPort: integer(env, 'EMBEDDED_PG_PORT', 0, 0, 65535, p),
    logLevel,
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 10, 1, 1000, p),
    webConcurrency: integer(env, 'WEB_CONCURRENCY', 1, 1, 64, p),
    databaseStatementCache: boolean(env, 'DATABASE_STATEMENT_CACHE', true, p),
    databaseListenUrl: databaseUrl(env, p, 'DATABASE_LISTEN_URL'),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000, p),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 100_000, 1_000, 10_000_000, p),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 15_000, 100, 600_000, p),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 10_000_000, p),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 30, 1, 10_000_000, p),
    feedCacheBytes: integer(env, 'FEED_CACHE_MIB', 32, 0, 4096, p) * 1024 * 1024,
    overload: {
      maxInFlight: integer(env, 'MAX_IN_FLIGHT', 32, 0, 100_000, p),
      maxEventLoopDelayMs: integer(env, 'MAX_EVENT_LOOP_DELAY_MS', 0, 0, 600_000, p),
    },
    trustProxy: trustProxy(env, p),
    publicBaseUrl: publicBaseUrl(env, baseUrlFromHostAndPort(host, port), p),
    publicBaseUrlFrom: env.PUBLIC_BASE_URL?.trim() ? 'PUBLIC_BASE_URL' : 'HOST and PORT',
    corsOrigins: corsOrigins(env, p),
    reminders: reminderSettings(env, p),
    retention: {
      everyMs: integer(env, 'RETENTION_EVERY_MINUTES', 60, 1, 10_080, p) * 60_000,
      batchSize: integer(env, 'RETENTION_BATCH_SIZE', 500, 1, 100_000, p),
    },
    sessions: {
      idleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 1440, p),
      maxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 720, p),
    },
    recompute: {
      batchSize: integer(env, 'RECOMPUTE_BATCH_SIZE', 100, 1, 5_000, p),
      pollMs: integer(env, 'RECOMPUTE_POLL_MS', 2_000, 10, 600_000, p),
    },
    quickExitUrl: quickExitUrl(env, p),
  };
  if (config.databaseMigrationUrl !== undefined && config.databaseUrl === undefined)
    p.add(
      'DATABASE_MIGRATION_URL',
      'needs DATABASE_URL (the embedded PostgreSQL makes its own roles)',
    );
  if (p.problems.length > 0) {
    throw new StartupError(
      `invalid configuration: ${p.problems.join('; ')}`,
      'fix the environment variables named (see README "Configuration")',
    );
  }
  return Object.freeze(config);
}

/**
 * The server and the worker with an external database need SECRETS_KEY: the key file fallback
 * lives in DATA_DIR, which a container loses when it is recreated (every opt-out link and
 * webhook secret with it) and which may not be writable. One line naming what to do.
 */
export function requireSecretsKey(config: Config): void {
  if (config.databaseUrl !== undefined && config.reminders.secretsKey === undefined)
    throw new StartupError(
      'SECRETS_KEY is required when DATABASE_URL is set',
      'set it to the same 32 random bytes (base64, `openssl rand -base64 32`) in every Orderly process; see README "Secrets key"',
    );
}

/** The database URL with its password hidden, for messages and logs. */
export function redactDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

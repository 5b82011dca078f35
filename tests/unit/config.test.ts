import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactDatabaseUrl, requireSecretsKey } from '../../src/config.js';
import { StartupError } from '../../src/startup-error.js';

describe('loadConfig', () => {
  it('has documented defaults: port 3000 on localhost, embedded database in ./.data', () => {
    const config = loadConfig({}, '/srv/orderly');
    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('/srv/orderly/.data'),
      embeddedPostgresPort: 0,
      logLevel: 'info',
      databasePoolMax: 10,
      databaseStatementCache: true,
      databaseListenUrl: undefined,
      webConcurrency: 1,
      feedCacheBytes: 32 * 1024 * 1024,
      overload: { maxInFlight: 32, maxEventLoopDelayMs: 0 },
      shutdownTimeoutMs: 10_000,
      bodyLimitBytes: 100_000,
      requestTimeoutMs: 15_000,
      rateLimitPerMinute: 600,
      authFailuresPerMinute: 30,
      trustProxy: false,
      corsOrigins: [],
      publicBaseUrl: 'http://localhost:3000',
      publicBaseUrlFrom: 'HOST and PORT',
      reminders: {
        worker: true,
        smtpUrl: undefined,
        mailFrom: undefined,
        smtpAllowPlaintext: false,
        secretsKey: undefined,
        batchSize: 10,
        leaseMs: 120_000,
        pollMs: 2_000,
        maxAttempts: 10,
        retryBaseMs: 60_000,
        retryMaxMs: 21_600_000,
        webhookTimeoutMs: 10_000,
        webhookAllowedHosts: [],
        webhookEndpointsMax: 10,
        quietHours: { from: '21:00', to: '08:00' },
      },
      retention: { everyMs: 3_600_000, batchSize: 500 },
      sessions: { idleMinutes: 30, maxHours: 12 },
      recompute: { batchSize: 100, pollMs: 2_000 },
      quickExitUrl: 'https://www.google.com/',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgresql://u:p@db:5432/orderly',
        DATA_DIR: 'state',
        EMBEDDED_PG_PORT: '5499',
        LOG_LEVEL: 'warn',
        DATABASE_POOL_MAX: '25',
        SHUTDOWN_TIMEOUT_MS: '2000',
        BODY_LIMIT_BYTES: '5000',
        REQUEST_TIMEOUT_MS: '3000',
      },
      '/srv/orderly',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://u:p@db:5432/orderly',
      dataDir: '/srv/orderly/state',
      embeddedPostgresPort: 5499,
      logLevel: 'warn',
      databasePoolMax: 25,
      shutdownTimeoutMs: 2000,
      bodyLimitBytes: 5000,
      requestTimeoutMs: 3000,
    });
  });

  it('keeps an absolute DATA_DIR and treats blank values as unset', () => {
    expect(
      loadConfig({ DATA_DIR: '/var/lib/orderly', PORT: ' ', DATABASE_URL: '' }, '/x'),
    ).toMatchObject({
      dataDir: '/var/lib/orderly',
      port: 3000,
      databaseUrl: undefined,
    });
  });

  it.each([
    [{ PORT: 'http' }, /PORT must be a whole number between 0 and 65535, got "http"/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535, got 70000/],
    [{ PORT: '-1' }, /PORT must be a whole number/],
    [{ PORT: '3000.5' }, /PORT must be a whole number/],
    [
      { LOG_LEVEL: 'verbose' },
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    ],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://u@h/db' }, /DATABASE_URL must start with postgresql:\/\//],
    [{ DATABASE_POOL_MAX: '0' }, /DATABASE_POOL_MAX must be between 1 and 1000/],
    [{ BODY_LIMIT_BYTES: '10' }, /BODY_LIMIT_BYTES must be between 1000/],
    [
      { CORS_ORIGINS: 'https://clinic.example.org/path' },
      /CORS_ORIGINS must be a comma-separated list of origins/,
    ],
    [{ DATABASE_STATEMENT_CACHE: 'maybe' }, /DATABASE_STATEMENT_CACHE must be true or false/],
    [{ DATABASE_LISTEN_URL: 'not a url' }, /DATABASE_LISTEN_URL is not a valid URL/],
    [
      { DATABASE_URL: 'postgresql://app@db/orderly', DATABASE_MIGRATION_URL: 'not a url' },
      /DATABASE_MIGRATION_URL is not a valid URL/,
    ],
    [{ WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY must be between 1 and 64/],
    [{ MAX_IN_FLIGHT: 'many' }, /MAX_IN_FLIGHT must be a whole number/],
    [{ RATE_LIMIT_PER_MINUTE: 'many' }, /RATE_LIMIT_PER_MINUTE must be a whole number/],
    [{ TRUST_PROXY: 'the load balancer' }, /TRUST_PROXY must be true, false, a number of hops/],
    [{ SMTP_ALLOW_PLAINTEXT: 'sometimes' }, /SMTP_ALLOW_PLAINTEXT must be true or false/],
    [{ WEBHOOK_ALLOWED_HOSTS: 'http://x' }, /WEBHOOK_ALLOWED_HOSTS must be a comma-separated/],
    // 20 deliveries of up to 10 s each, one after another, cannot end inside a 2-minute lease.
    [
      { REMINDER_BATCH_SIZE: '20' },
      /REMINDER_LEASE_MS must be at least REMINDER_BATCH_SIZE × WEBHOOK_TIMEOUT_MS \(20 × 10000 = 200000 ms\), got 120000/,
    ],
    [
      { REMINDER_LEASE_MS: '3000', WEBHOOK_TIMEOUT_MS: '1000' },
      /REMINDER_LEASE_MS must be at least .* \(10 × 1000 = 10000 ms\), got 3000/,
    ],
  ])('rejects %o', (env, message) => {
    expect(() => loadConfig(env, '/x')).toThrow(StartupError);
    expect(() => loadConfig(env, '/x')).toThrow(message);
  });

  it('reports every problem at once, in one line', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' }, '/x');
      expect.unreachable();
    } catch (error) {
      const line = (error as StartupError).toLine();
      expect(line).toMatch(
        /^orderly: invalid configuration: LOG_LEVEL .*; PORT .*\. fix the environment variables named/,
      );
      expect(line).not.toContain('\n');
    }
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [{}, false],
    [{ TRUST_PROXY: 'false' }, false],
    [{ TRUST_PROXY: 'true' }, true],
    [{ TRUST_PROXY: '1' }, 1],
    [{ TRUST_PROXY: '10.0.0.0/8, 172.17.0.1' }, ['10.0.0.0/8', '172.17.0.1']],
    [{ TRUST_PROXY: 'loopback' }, ['loopback']],
  ])('%o → %o', (env, expected) => {
    expect(loadConfig(env, '/x').trustProxy).toEqual(expected);
  });
});

describe('requireSecretsKey', () => {
  it('refuses an external database without SECRETS_KEY, in one line saying what to do', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/orderly' }, '/x');
    expect(() => requireSecretsKey(config)).toThrow(StartupError);
    try {
      requireSecretsKey(config);
    } catch (error) {
      const line = (error as StartupError).toLine();
      expect(line).toMatch(/^orderly: SECRETS_KEY is required when DATABASE_URL is set\. set it/);
      expect(line).not.toContain('\n');
    }
  });

  it('accepts the embedded database (the key file lives with it) and an external one with a key', () => {
    expect(() => requireSecretsKey(loadConfig({}, '/x'))).not.toThrow();
    expect(() =>
      requireSecretsKey(
        loadConfig(
          {
            DATABASE_URL: 'postgresql://u:p@db:5432/orderly',
            SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'),
          },
          '/x',
        ),
      ),
    ).not.toThrow();
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(
      redactDatabaseUrl('postgresql://clinic:hunter2@db.internal:5432/orderly?sslmode=require'),
    ).toBe('postgresql://clinic:***@db.internal:5432/orderly?sslmode=require');
    expect(redactDatabaseUrl('postgresql://db/orderly')).toBe('postgresql://db/orderly');
    expect(redactDatabaseUrl('%%%')).toBe('(unparseable DATABASE_URL)');
  });

  it('builds the public base URL from HOST and PORT unless PUBLIC_BASE_URL is set (links follow the port)', () => {
    const url = (env: Record<string, string>) => loadConfig(env, '/srv').publicBaseUrl;
    expect(url({ PORT: '3517' })).toBe('http://localhost:3517');
    expect(url({ HOST: '0.0.0.0', PORT: '8080' })).toBe('http://localhost:8080');
    expect(url({ HOST: '::', PORT: '8080' })).toBe('http://localhost:8080');
    expect(url({ HOST: 'fd00::5', PORT: '8080' })).toBe('http://[fd00::5]:8080');
    expect(url({ HOST: 'orderly.lan', PORT: '8080' })).toBe('http://orderly.lan:8080');
    expect(url({ PORT: '8080', PUBLIC_BASE_URL: 'https://orderly.clinic.example/' })).toBe(
      'https://orderly.clinic.example',
    );
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://x.example' }, '/srv').publicBaseUrlFrom).toBe(
      'PUBLIC_BASE_URL',
    );
  });
});

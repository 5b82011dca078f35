// Least privilege in the database (issue 11): migrations run as the tables' owner, requests as a
// role that may only read and write rows. As that role, DDL, TRUNCATE, writing the migrations'
// bookkeeping and making roles all fail with PostgreSQL's permission error; the grants are made
// by the migrator, from nothing, under its lock; the embedded PostgreSQL serves as `orderly_app`;
// an external DATABASE_URL that is a superuser or the owner gets one warning line at start.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { TEST_SECRETS_KEY } from '../support/reminders.js';
import { createDatabase, withClient, type TestDatabase } from '../support/database.js';

const quiet = { info: () => undefined, warn: () => undefined };

/** What `sql` fails with, run as the role of `url` (undefined when it succeeds). */
const failureOf = (url: string, sql: string) =>
  withClient(url, (client) =>
    client.query(sql).then(
      () => undefined,
      (error: pg.DatabaseError) => ({ code: error.code, message: error.message }),
    ),
  );

interface LogLine {
  level: number;
  msg: string;
}
function capturingLogger() {
  const lines: LogLine[] = [];
  const log = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as LogLine),
  });
  return { log, lines, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

describe('the serving role of a migrated database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase({ migrated: true });
  });
  afterAll(() => db.drop());

  it('is not a superuser, owns nothing, and can create nothing', async () => {
    const role = await withClient(db.url, async (client) => {
      const { rows } = await client.query<Record<string, unknown>>(
        `SELECT current_user AS name, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,
                (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
         FROM pg_roles r WHERE rolname = current_user`,
      );
      return rows[0];
    });
    expect(role).toEqual({
      name: 'orderly_test_app',
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      owned: 0,
    });
  });

  it.each([
    ['CREATE TABLE', 'CREATE TABLE "Sneaky" (id int)'],
    ['DROP TABLE', 'DROP TABLE "Case"'],
    ['ALTER TABLE', 'ALTER TABLE "Case" ADD COLUMN sneaky text'],
    ['CREATE INDEX', 'CREATE INDEX sneaky ON "Case"(reference)'],
    ['TRUNCATE', 'TRUNCATE "AuditEvent"'],
    ['UPDATE _prisma_migrations', `UPDATE "_prisma_migrations" SET checksum = 'x'`],
    [
      'INSERT INTO _prisma_migrations',
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'x', 'x')`,
    ],
    ['DELETE FROM _prisma_migrations', 'DELETE FROM "_prisma_migrations"'],
    ['CREATE ROLE', 'CREATE ROLE sneaky LOGIN'],
    ['CREATE SCHEMA', 'CREATE SCHEMA sneaky'],
    [
      'CREATE FUNCTION in the schema',
      'CREATE FUNCTION public.sneaky() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    ],
  ])('%s fails with a permission error', async (_what, sql) => {
    const failure = await failureOf(db.url, sql);
    expect(failure, sql).toMatchObject({ code: '42501' });
  });

  it('reads and writes rows, and reads the migrations (for /ready)', async () => {
    await withClient(db.url, async (client) => {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO "Organization" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Clinic', now())`,
      );
      await client.query(`UPDATE "Organization" SET name = 'Renamed'`);
      await client.query(`DELETE FROM "Organization"`);
      await client.query('ROLLBACK');
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM "_prisma_migrations"',
      );
      expect(rows[0]!.n).toBe((await readMigrations()).length);
    });
  });
});

describe('the grants', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase({ migrated: true });
  });
  afterAll(() => db.drop());

  const servingRole = 'orderly_test_app';
  const regrant = () =>
    withClient(db.ownerUrl, async (client) =>
      migrate(client, await readMigrations(), quiet, { servingRole }),
    );

  it('start from nothing each time: a right given by hand does not survive the next start', async () => {
    await withClient(db.ownerUrl, (c) =>
      c.query(`GRANT TRUNCATE ON "AuditEvent" TO ${servingRole}`),
    );
    expect(await failureOf(db.url, 'TRUNCATE "AuditEvent"')).toBeUndefined();
    await regrant();
    expect(await failureOf(db.url, 'TRUNCATE "AuditEvent"')).toMatchObject({ code: '42501' });
    expect(await failureOf(db.url, 'SELECT 1 FROM "AuditEvent"')).toBeUndefined();
  });

  it('cover a table the owner creates later (default privileges), with rows only', async () => {
    await withClient(db.ownerUrl, (c) => c.query('CREATE TABLE "Later" (id int)'));
    expect(await failureOf(db.url, 'INSERT INTO "Later" VALUES (1)')).toBeUndefined();
    expect(await failureOf(db.url, 'DROP TABLE "Later"')).toMatchObject({ code: '42501' });
  });

  it('stop the start with one clear line when the serving role does not exist', async () => {
    const attempt = withClient(db.ownerUrl, async (client) =>
      migrate(client, await readMigrations(), quiet, { servingRole: 'orderly_nobody' }),
    );
    await expect(attempt).rejects.toThrow(/serving role orderly_nobody .* does not exist/);
  });
});

describe('an external database', () => {
  let db: TestDatabase;
  const runtimes: Runtime[] = [];
  beforeAll(async () => {
    db = await createDatabase({ migrated: false });
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close().catch(() => undefined);
    await db.drop();
  });

  const open = async (env: Record<string, string>) => {
    const { log, warnings } = capturingLogger();
    const config = loadConfig({ SECRETS_KEY: TEST_SECRETS_KEY, LOG_LEVEL: 'info', ...env });
    const runtime = await openRuntime(config, log);
    runtimes.push(runtime);
    return { runtime, warnings };
  };

  it('DATABASE_MIGRATION_URL migrates as the owner; DATABASE_URL serves as the role it names', async () => {
    // The test server's serving role (LOGIN, no attribute), with no rights yet on this database.
    const role = inject('pgServingRole');
    const servingUrl = new URL(db.ownerUrl);
    servingUrl.username = role.name;
    servingUrl.password = role.password;

    const { runtime, warnings } = await open({
      DATABASE_URL: servingUrl.toString(),
      DATABASE_MIGRATION_URL: db.ownerUrl,
    });
    const { rows } = await runtime.db.pool.query<{ me: string; super: boolean }>(
      'SELECT current_user AS me, usesuper AS super FROM pg_user WHERE usename = current_user',
    );
    expect(rows[0]).toEqual({ me: role.name, super: false });
    const owners = await withClient(db.ownerUrl, (c) =>
      c.query<{ owner: string }>(
        `SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'`,
      ),
    );
    expect(owners.rows.map((r) => r.owner)).toEqual([new URL(db.ownerUrl).username]);
    expect(await failureOf(servingUrl.toString(), 'DROP TABLE "Case"')).toMatchObject({
      code: '42501',
    });
    expect(warnings()).toEqual([]);
  });

  it('DATABASE_URL alone, as a superuser, works as before and says so in one warning line', async () => {
    const { warnings } = await open({ DATABASE_URL: db.ownerUrl });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/DATABASE_URL's role .* is a superuser.*DATABASE_MIGRATION_URL/);
  });

  it('a serving role that cannot log in stops the start with one line naming the role, not the password', async () => {
    const role = inject('pgServingRole');
    const wrong = new URL(db.ownerUrl);
    wrong.username = role.name;
    wrong.password = 'not-the-password';
    const attempt = open({ DATABASE_URL: wrong.toString(), DATABASE_MIGRATION_URL: db.ownerUrl });
    await expect(attempt).rejects.toThrow(
      new RegExp(`cannot log in to the database at .* as ${role.name} \\(28P01\\)`),
    );
    await expect(attempt).rejects.not.toThrow(/not-the-password/);
  });

  it('DATABASE_MIGRATION_URL without DATABASE_URL is a configuration error', () => {
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: db.ownerUrl })).toThrow(
      /DATABASE_MIGRATION_URL needs DATABASE_URL/,
    );
  });
});

describe('the embedded PostgreSQL', () => {
  let dataDir: string;
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-roles-'));
    await fs.chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await runtime?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('migrates as its superuser and serves as orderly_app, whose password is kept in DATA_DIR (0600)', async () => {
    const { log, warnings } = capturingLogger();
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    runtime = await openRuntime(config, log, { embeddedSettings: { fsync: 'off' } });
    const { rows } = await runtime.db.pool.query<{ me: string; super: boolean }>(
      'SELECT current_user AS me, usesuper AS super FROM pg_user WHERE usename = current_user',
    );
    expect(rows[0]).toEqual({ me: 'orderly_app', super: false });
    const file = path.join(dataDir, 'postgres-app-credentials.json');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const { password } = JSON.parse(await fs.readFile(file, 'utf8')) as { password: string };
    expect(runtime.embedded!.appUrl).toContain(encodeURIComponent(password));

    // The tables are the superuser's; the serving role can neither change them nor make temporary ones.
    for (const sql of ['DROP TABLE "Case"', 'TRUNCATE "Case"', 'CREATE TEMP TABLE t (id int)'])
      expect(await failureOf(runtime.embedded!.appUrl, sql), sql).toMatchObject({ code: '42501' });
    // The LISTEN connection too.
    const listeners = await withClient(runtime.embedded!.url, (c) =>
      c.query<{ usename: string }>(
        `SELECT usename FROM pg_stat_activity WHERE application_name = 'orderly-listener'`,
      ),
    );
    expect(listeners.rows.map((r) => r.usename)).toEqual(['orderly_app']);
    expect(warnings()).toEqual([]);
  });
});

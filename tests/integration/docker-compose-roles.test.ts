// docker-compose.yml's database roles (issue 11), without Docker: the init script the postgres
// image runs (docker/postgres-init/orderly-app-role.sh) is run here with Debian's psql against
// the test server, exactly as the image's entrypoint would (its POSTGRES_* and the script's own
// variables); then Orderly migrates as the owner, and the role the script made serves with rows
// only. And the compose file's two URLs agree with the script and with each other.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { adminUrl, createDatabase, withClient, type TestDatabase } from '../support/database.js';

const run = promisify(execFile);
const SCRIPT = path.join(PROJECT_ROOT, 'docker', 'postgres-init', 'orderly-app-role.sh');
const PSQL = '/usr/bin/psql';

// The script's role is cluster-wide: a name of this run's own, dropped afterwards.
const role = `orderly_app_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('base64url');
let db: TestDatabase;

const runScript = async () => {
  const admin = new URL(adminUrl());
  return run('sh', [SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      POSTGRES_USER: decodeURIComponent(admin.username),
      POSTGRES_DB: db.name,
      PGHOST: admin.hostname,
      PGPORT: admin.port,
      PGPASSWORD: decodeURIComponent(admin.password),
      ORDERLY_APP_ROLE: role,
      ORDERLY_APP_PASSWORD: password,
    },
  });
};

const servingUrl = () => {
  const url = new URL(db.ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
};

beforeAll(async () => {
  await fs.access(PSQL).catch(() => {
    throw new Error('no psql (apt-get install postgresql-client; .ci/run installs postgresql)');
  });
  db = await createDatabase({ migrated: false });
});

afterAll(async () => {
  await db.drop();
  await withClient(adminUrl(), (c) => c.query(`DROP ROLE IF EXISTS ${role}`));
});

describe('docker/postgres-init/orderly-app-role.sh', () => {
  it('makes a login role with no attribute, which the migrator then grants rows only', async () => {
    await runScript();
    await runScript(); // as on a volume that already has it: the same role, no error
    const attributes = await withClient(adminUrl(), async (c) => {
      const { rows } = await c.query<Record<string, boolean>>(
        `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
         FROM pg_roles WHERE rolname = $1`,
        [role],
      );
      return rows;
    });
    expect(attributes).toEqual([
      {
        rolcanlogin: true,
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolreplication: false,
        rolbypassrls: false,
      },
    ]);

    // Before any migration it can log in and do nothing.
    expect(
      await withClient(servingUrl(), (c) => c.query('CREATE TABLE t (id int)')).catch(
        (e: pg.DatabaseError) => e.code,
      ),
    ).toBe('42501');

    await withClient(db.ownerUrl, async (c) =>
      migrate(
        c,
        await readMigrations(),
        { info: () => undefined, warn: () => undefined },
        { servingRole: role },
      ),
    );
    await withClient(servingUrl(), async (c) => {
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM "Case"');
      expect(rows[0]!.n).toBe(0);
      for (const sql of ['DROP TABLE "Case"', 'TRUNCATE "Case"', 'CREATE TEMP TABLE t (id int)'])
        await expect(c.query(sql), sql).rejects.toMatchObject({ code: '42501' });
    });
  });

  it('refuses to run without ORDERLY_APP_PASSWORD', async () => {
    const attempt = run('sh', [SCRIPT], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', POSTGRES_USER: 'nobody' },
    });
    await expect(attempt).rejects.toMatchObject({
      stderr: expect.stringMatching(/ORDERLY_APP_PASSWORD/) as unknown,
    });
  });
});

describe('docker-compose.yml', () => {
  it('serves as the script’s role with its password, and migrates as the image’s superuser', async () => {
    const compose = await fs.readFile(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
    const value = (name: string) => new RegExp(`\\n\\s+${name}: (.+)\\n`).exec(compose)?.[1];
    const serving = new URL(value('DATABASE_URL')!);
    const migration = new URL(value('DATABASE_MIGRATION_URL')!);
    expect(compose).toContain('./docker/postgres-init:/docker-entrypoint-initdb.d:ro');
    expect(serving.username).toBe('orderly_app'); // the script's default ORDERLY_APP_ROLE
    expect(serving.password).toBe(value('ORDERLY_APP_PASSWORD'));
    expect(migration.username).toBe(value('POSTGRES_USER'));
    expect(migration.password).toBe(value('POSTGRES_PASSWORD'));
    for (const url of [serving, migration]) {
      expect(url.host).toBe('db:5432');
      expect(url.pathname).toBe(`/${value('POSTGRES_DB')}`);
    }
  });
});

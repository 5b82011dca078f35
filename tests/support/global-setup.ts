// Starts one real PostgreSQL for the whole test run (our own embedded server in a
// temporary folder, or the server at TEST_DATABASE_URL), prepares a migrated template
// database that tests clone, and makes sure dist/ is built for tests that run the real
// commands (`npm start`, `npm run orderly`).
//
// As in production, the template is migrated by its owner (the server's superuser) and the
// serving role is granted its rights by the migrator: migrated test databases are served as that
// role (tests/support/database.ts), so a right the app lacks fails the suite (issue 11).
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { ensureServingRole } from '../../src/db/roles.js';
import { PROJECT_ROOT } from '../../src/paths.js';

export const TEMPLATE_DATABASE = 'orderly_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test server, ending in `/postgres`. */
    pgAdminUrl: string;
    /** The role migrated test databases are served as: login, no attribute, DML only. */
    pgServingRole: { name: string; password: string };
  }
}

let embedded: EmbeddedPostgres | undefined;
let tempDir: string | undefined;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function setup(project: TestProject): Promise<void> {
  // Tests that run the real commands need a current dist/. (ORDERLY_TEST_SKIP_BUILD=1 skips
  // this for in-process tests while a build is knowingly broken.)
  if (process.env.ORDERLY_TEST_SKIP_BUILD !== '1') {
    execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
    });
  }

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-test-pg-'));
    await fs.chmod(tempDir, 0o755);
    embedded = await EmbeddedPostgres.start({
      dataDir: tempDir,
      port: 0,
      // Durability is not under test here; speed is welcome.
      settings: {
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
        max_connections: '300',
      },
      log: { info: () => undefined, warn: (m) => console.warn(m), debug: () => undefined },
    });
    adminUrl = withDatabase(embedded.url, 'postgres');
  }

  // Fixed name, password derived from the admin URL: runs sharing a TEST_DATABASE_URL server agree.
  const servingRole = {
    name: 'orderly_test_app',
    password: createHmac('sha256', adminUrl).update('orderly_test_app').digest('base64url'),
  };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ensureServingRole(admin, servingRole);
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const template = new pg.Client({ connectionString: withDatabase(adminUrl, TEMPLATE_DATABASE) });
  await template.connect();
  try {
    await migrate(
      template,
      await readMigrations(),
      { info: () => undefined, warn: () => undefined },
      { servingRole: servingRole.name },
    );
  } finally {
    await template.end();
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgServingRole', servingRole);
}

export async function teardown(): Promise<void> {
  if (embedded) await embedded.stop();
  if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
}

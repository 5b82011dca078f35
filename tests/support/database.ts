// Each test file gets databases of its own on the run's PostgreSQL server. A migrated one is
// served as the serving role (`url`: DML only, as the app runs in production), its owner's URL
// beside it for what only an owner may do (DDL, triggers, other sessions); an empty one is
// the owner's alone (the migrator's tests create its tables).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

const TEMPLATE_DATABASE = 'orderly_test_template';

export interface TestDatabase {
  name: string;
  /** The serving role's URL for a migrated database; the owner's for an empty one. */
  url: string;
  /** The owner's (the test server's superuser). */
  ownerUrl: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  return inject('pgAdminUrl');
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** The serving role's URL for `database` (login, SELECT/INSERT/UPDATE/DELETE on the tables). */
export function servingUrlFor(database: string): string {
  const role = inject('pgServingRole');
  const url = new URL(urlFor(database));
  url.username = role.name;
  url.password = role.password;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs `work` on a connection of its own to `url`, closed afterwards. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database: migrated (a clone of the run's template) or empty. */
export async function createDatabase(options: { migrated: boolean }): Promise<TestDatabase> {
  const name = `orderly_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) =>
    client.query(
      `CREATE DATABASE ${name}${options.migrated ? ` TEMPLATE ${TEMPLATE_DATABASE}` : ''}`,
    ),
  );
  return {
    name,
    url: options.migrated ? servingUrlFor(name) : urlFor(name),
    ownerUrl: urlFor(name),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

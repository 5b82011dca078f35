// Each test file gets databases of its own on the run's PostgreSQL server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

const TEMPLATE_DATABASE = 'orderly_test_template';

export interface TestDatabase {
  name: string;
  url: string;
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

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
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
    url: urlFor(name),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

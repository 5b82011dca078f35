// /health and /ready through HTTP against a real database.
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { readMigrations, migrate } from '../../src/db/migrator.js';
import pg from 'pg';
import { openTestRuntime } from '../support/runtime.js';
import { createDatabase, type TestDatabase } from '../support/database.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function database(migrated: boolean): Promise<TestDatabase> {
  const db = await createDatabase({ migrated });
  cleanups.push(() => db.drop());
  return db;
}

describe('health and readiness', () => {
  it('/ready is 503 problem+json while migrations are pending, 200 once applied', async () => {
    const db = await database(false);
    const runtime = await openTestRuntime(db.url, { migrate: false });
    cleanups.push(() => runtime.close());
    const app = await buildApp(runtime);
    cleanups.push(() => app.close());

    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    const notReady = await app.inject('/ready');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(notReady.headers['retry-after']).toBe('5');
    expect(notReady.json()).toMatchObject({
      status: 503,
      title: 'Migrations pending',
      pending: runtime.migrations.map((m) => m.name),
    });

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await migrate(client, await readMigrations(), { info: () => undefined, warn: () => undefined });
    await client.end();
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      database: 'up',
      migrations: runtime.migrations.length,
    });
  });

  it('/ready is 503 when the database stops answering; /health still 200', async () => {
    const db = await database(true);
    const runtime = await openTestRuntime(db.url);
    cleanups.push(() => runtime.close().catch(() => undefined));
    const app = await buildApp(runtime);
    cleanups.push(() => app.close());
    expect((await app.inject('/ready')).statusCode).toBe(200);
    await db.drop(); // terminates every connection, and the database is gone
    const response = await app.inject('/ready');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ title: 'Database unavailable' });
    expect((await app.inject('/health')).statusCode).toBe(200);
  });

  it('unknown routes are 404 problem+json', async () => {
    const db = await database(true);
    const runtime = await openTestRuntime(db.url);
    cleanups.push(() => runtime.close());
    const app = await buildApp(runtime);
    cleanups.push(() => app.close());
    const response = await app.inject('/nowhere?x=1');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 404,
      title: 'Not found',
      detail: 'No route GET /nowhere.',
    });
  });
});

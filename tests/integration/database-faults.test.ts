// The database failing under the API: connections cut mid-request or refused (503 with
// Retry-After, nothing written, back by itself), a full disk (507, nothing written), and the
// embedded PostgreSQL exiting on its own (started again). `npm run proof` does the same to
// the real processes at scale; these pin the behaviour down one request at a time.
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { buildApp } from '../../src/http/app.js';
import { createTenant, type TestApi } from '../support/api.js';
import { createDatabase } from '../support/database.js';
import { openTestRuntime } from '../support/runtime.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP proxy in front of PostgreSQL that the test can cut, close and reopen. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** Every open connection dropped, as when the server goes away. */
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    /** Refuses new connections (nothing listens on the port) and drops the open ones. */
    async close() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
    reopen: () => listen(port),
  };
}

/** An API whose database connections go through a proxy the test controls. */
async function apiBehindProxy() {
  const database = await createDatabase({ migrated: true });
  cleanups.push(() => database.drop());
  const direct = new URL(database.url);
  const proxy = await startProxy(direct);
  cleanups.push(() => proxy.close().catch(() => undefined));
  const proxied = new URL(database.url);
  proxied.port = String(proxy.port);
  const runtime = await openTestRuntime(
    proxied.toString(),
    { migrate: false },
    { RATE_LIMIT_PER_MINUTE: '0', AUTH_FAILURES_PER_MINUTE: '100000' },
  );
  cleanups.push(() => runtime.close().catch(() => undefined));
  const app = await buildApp(runtime);
  cleanups.push(() => app.close());
  const api: TestApi = { app, runtime, database, close: async () => undefined };
  const tenant = await createTenant(api);
  const admin = new pg.Client({ connectionString: database.ownerUrl });
  await admin.connect();
  cleanups.push(() => admin.end());
  return { api, tenant, proxy, admin };
}

const newCase = (reference: string) => ({
  family: 'DV',
  court: 'CA',
  reference,
  events: [
    { type: 'TRO_GRANTED', date: '2026-01-05' },
    { type: 'HEARING_SET', date: '2026-01-26', time: '08:30' },
  ],
});

async function casesNamed(admin: pg.Client, reference: string): Promise<number> {
  const result = await admin.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM "Case" WHERE reference = $1',
    [reference],
  );
  return result.rows[0]!.n;
}

describe('the database going away under the API', () => {
  it('an error no rule recognises is a 503 with Retry-After while the database does not answer, and a 500 while it does', async () => {
    // The driver's words for a database that crashed mid-request vary (the proof once saw a
    // 500 when PostgreSQL PANICked on a full disk): the handler asks the database itself.
    const database = await createDatabase({ migrated: true });
    cleanups.push(() => database.drop());
    const proxy = await startProxy(new URL(database.url));
    cleanups.push(() => proxy.close().catch(() => undefined));
    const proxied = new URL(database.url);
    proxied.port = String(proxy.port);
    const runtime = await openTestRuntime(proxied.toString(), { migrate: false });
    cleanups.push(() => runtime.close().catch(() => undefined));
    const app = await buildApp(runtime);
    cleanups.push(() => app.close());
    app.get('/unrecognised-failure', async () => {
      throw Object.assign(new Error('Transaction already closed: the transaction expired'), {
        code: 'P2028',
      });
    });

    await proxy.close();
    const whileDown = await app.inject({ method: 'GET', url: '/unrecognised-failure' });
    expect(whileDown.statusCode).toBe(503);
    expect(whileDown.headers['retry-after']).toBeDefined();
    expect(whileDown.headers['content-type']).toMatch(/^application\/problem\+json/);

    await proxy.reopen();
    const whileUp = await app.inject({ method: 'GET', url: '/unrecognised-failure' });
    expect(whileUp.statusCode).toBe(500);
    expect(whileUp.json()).toMatchObject({ status: 500, title: 'Internal error' });
  });

  it('a connection cut in the middle of a write is a 503 with Retry-After; nothing is written, and a retry with the same key creates it once', async () => {
    const { tenant, proxy, admin } = await apiBehindProxy();
    // Hold the write inside its transaction long enough to cut it there.
    await admin.query(`
      CREATE FUNCTION slow_deadlines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(0.4); RETURN NULL; END $$;
      CREATE TRIGGER slow_deadlines AFTER INSERT ON "Deadline"
        FOR EACH STATEMENT EXECUTE FUNCTION slow_deadlines();`);
    const request = {
      method: 'POST' as const,
      url: '/v1/cases',
      headers: { 'idempotency-key': 'cut-mid-write' },
      payload: newCase('CUT-1'),
    };
    const pending = tenant.request(request);
    await sleep(200);
    proxy.cut();
    const response = await pending;
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 503, title: 'Service unavailable' });
    expect(await casesNamed(admin, 'CUT-1')).toBe(0);

    await admin.query('DROP TRIGGER slow_deadlines ON "Deadline"');
    let retried = await tenant.request(request);
    // PostgreSQL frees the key's lock once it notices the client is gone (after the sleep).
    for (let i = 0; retried.statusCode === 409 && i < 50; i++) {
      await sleep(100);
      retried = await tenant.request(request);
    }
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('false');
    expect(await casesNamed(admin, 'CUT-1')).toBe(1);
  });

  it('while connections are refused, reads and writes are quick 503s; once it is back they succeed without a restart', async () => {
    const { tenant, proxy, admin } = await apiBehindProxy();
    expect((await tenant.request({ method: 'GET', url: '/v1/cases' })).statusCode).toBe(200);
    await proxy.close();
    for (const request of [
      { method: 'GET' as const, url: '/v1/cases' },
      { method: 'POST' as const, url: '/v1/cases', payload: newCase('REFUSED-1') },
      { method: 'GET' as const, url: '/ready' },
    ]) {
      const started = Date.now();
      const response = await tenant.request(request);
      expect(response.statusCode, request.url).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    await proxy.reopen();
    expect((await tenant.request({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    const created = await tenant.request({
      method: 'POST',
      url: '/v1/cases',
      payload: newCase('REFUSED-1'),
    });
    expect(created.statusCode).toBe(201);
    expect(await casesNamed(admin, 'REFUSED-1')).toBe(1);
  });

  it("a full disk is a 507 problem saying so, and the write's rows are all rolled back", async () => {
    const { tenant, admin } = await apiBehindProxy();
    // What PostgreSQL raises when it cannot extend a file: SQLSTATE 53100 (disk_full). The case
    // row is inserted first; its deadlines fail.
    await admin.query(`
      CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'could not extend file "base/16384/16515": No space left on device'
          USING ERRCODE = 'disk_full', HINT = 'Check free disk space.';
      END $$;
      CREATE TRIGGER disk_full BEFORE INSERT ON "Deadline"
        FOR EACH STATEMENT EXECUTE FUNCTION disk_full();`);
    const request = {
      method: 'POST' as const,
      url: '/v1/cases',
      headers: { 'idempotency-key': 'disk-full' },
      payload: newCase('FULL-1'),
    };
    const response = await tenant.request(request);
    expect(response.statusCode).toBe(507);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'https://orderly.dev/problems/insufficient-storage',
      title: 'Insufficient storage',
      status: 507,
      detail: "The database's disk is full; nothing was changed. Retry once space has been freed.",
    });
    // Nothing about the file system leaks to the client.
    expect(response.body).not.toContain('base/16384');
    expect(await casesNamed(admin, 'FULL-1')).toBe(0);
    // Reads still work, and once there is space the same key creates the case.
    expect((await tenant.request({ method: 'GET', url: '/v1/cases' })).statusCode).toBe(200);
    await admin.query('DROP TRIGGER disk_full ON "Deadline"');
    const retried = await tenant.request(request);
    expect(retried.statusCode).toBe(201);
    expect(await casesNamed(admin, 'FULL-1')).toBe(1);
  });
});

describe('the embedded PostgreSQL', () => {
  it('is started again, on the same port, when it crashes; not after a shutdown asked for, nor after stop()', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-supervised-'));
    await fs.chmod(dataDir, 0o755);
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const messages: string[] = [];
    const log = {
      info: (m: string) => messages.push(m),
      warn: (m: string) => messages.push(m),
      debug: () => undefined,
    };
    const server = await EmbeddedPostgres.start({
      dataDir,
      port: 0,
      log,
      settings: { fsync: 'off' },
    });
    cleanups.push(() => server.stop());
    const query = async () => {
      const client = new pg.Client({ connectionString: server.url });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    expect(await query()).toBe(1);
    const postmaster = async () =>
      Number(
        (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split(
          '\n',
        )[0],
      );
    const first = await postmaster();

    // A crash (the kernel's OOM killer would do the same).
    process.kill(first, 'SIGKILL');
    await expect.poll(() => query().catch(() => 0), { timeout: 20_000, interval: 200 }).toBe(1);
    expect(await postmaster()).not.toBe(first);
    expect(messages.some((m) => m.includes('exited unexpectedly'))).toBe(true);
    expect(messages).toContain(`embedded PostgreSQL started again on 127.0.0.1:${server.port}`);

    // A clean shutdown asked for from outside (exit code 0) is left alone.
    const second = await postmaster();
    process.kill(second, 'SIGINT');
    await expect.poll(() => query().catch(() => 0), { timeout: 10_000, interval: 200 }).toBe(0);
    await sleep(1_500);
    await expect(query()).rejects.toThrow();
    expect(messages.some((m) => m.includes('shut down from outside Orderly'))).toBe(true);

    await server.stop();
    expect(messages.filter((m) => m.includes('started again'))).toHaveLength(1);
  });
});

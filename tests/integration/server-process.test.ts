// The real server process with its own embedded PostgreSQL: start, ready, stop with a
// signal, start again on the same data. And the start-up failures an operator meets,
// each ending in one clear line.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort, runCli, startServer } from '../support/server-process.js';

// Each test starts real processes (and PostgreSQL): on a loaded machine that takes minutes.
// The timeout guards against a hang, not against a busy neighbour.
vi.setConfig({ testTimeout: 300_000 });

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-server-'));
  await fs.chmod(dir, 0o755);
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(folders.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function embeddedClient(dataDir: string, port: number): Promise<pg.Client> {
  const { user, password } = JSON.parse(
    await fs.readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8'),
  ) as {
    user: string;
    password: string;
  };
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'orderly' });
  await client.connect();
  return client;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The one line a failed start prints: no stack trace, says what to do. */
function expectOneClearLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^orderly: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('the server process on embedded PostgreSQL', () => {
  it('starts on a new data folder, stops on SIGTERM, and starts again with its data', async () => {
    const dataDir = await tempFolder();
    const env = {
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    };

    const cold = startServer(env);
    await cold.waitForReady();
    const health = await fetch(`${cold.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await (await fetch(`${cold.baseUrl}/ready`)).json();
    expect(ready).toMatchObject({ status: 'ready', database: 'up' });

    const client = await embeddedClient(dataDir, Number(env.EMBEDDED_PG_PORT));
    await client.query(
      `INSERT INTO "Organization" (id, name, "updatedAt") VALUES ('0190b0b0-0000-7000-8000-000000000001', 'Persisted Clinic', now())`,
    );
    await client.end();
    const postmasterPid = Number(
      (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    expect(processAlive(postmasterPid)).toBe(true);

    expect(await cold.stop('SIGTERM')).toBe(0);
    expect(cold.stdout()).toMatch(/SIGTERM received: draining requests/);
    expect(processAlive(postmasterPid)).toBe(false);
    await expect(fs.access(path.join(dataDir, 'orderly.lock'))).rejects.toThrow();

    const warm = startServer(env);
    await warm.waitForReady();
    expect(warm.stdout()).not.toMatch(/creating a new embedded PostgreSQL cluster/);
    expect(warm.stdout()).toMatch(/0 applied now/);
    const again = await embeddedClient(dataDir, Number(env.EMBEDDED_PG_PORT));
    const rows = await again.query<{ name: string }>(`SELECT name FROM "Organization"`);
    await again.end();
    expect(rows.rows).toEqual([{ name: 'Persisted Clinic' }]);
    expect(await warm.stop('SIGINT')).toBe(0);
  });

  it('creates a missing data folder itself, and runs in one created private (0700), as `npm start` in a fresh clone does', async () => {
    for (const prepare of ['missing', 'private'] as const) {
      const parent = await tempFolder();
      const dataDir = path.join(parent, '.data');
      if (prepare === 'private') await fs.mkdir(dataDir, { mode: 0o700 });
      const server = startServer({ PORT: String(await freePort()), DATA_DIR: dataDir });
      await server.waitForReady();
      expect(await server.stop(), server.stdout() + server.stderr()).toBe(0);
      // The reminder secrets key next to the cluster stays private to Orderly's own user.
      expect((await fs.stat(path.join(dataDir, 'secrets.key'))).mode & 0o077).toBe(0);
    }
  });

  it('takes over from an embedded PostgreSQL orphaned by kill -9', async () => {
    const dataDir = await tempFolder();
    const env = { PORT: String(await freePort()), DATA_DIR: dataDir };
    const first = startServer(env);
    await first.waitForReady();
    const orphan = Number(
      (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');
    expect(processAlive(orphan)).toBe(true);

    const second = startServer(env);
    await second.waitForReady();
    expect(second.stdout()).toMatch(/stopping an orphaned embedded PostgreSQL/);
    expect(processAlive(orphan)).toBe(false);
    expect(await second.stop()).toBe(0);
  });

  it('keeps its PostgreSQL port across restarts, so a second API on the same database recovers after the owner is killed and restarted', async () => {
    const dataDir = await tempFolder();
    const env = { PORT: String(await freePort()), DATA_DIR: dataDir };
    const owner = startServer(env);
    await owner.waitForReady();
    const lock = async () =>
      JSON.parse(await fs.readFile(path.join(dataDir, 'orderly.lock'), 'utf8')) as {
        port: number;
      };
    const { port } = await lock();
    const { user, password } = JSON.parse(
      await fs.readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8'),
    ) as { user: string; password: string };
    const second = startServer({
      PORT: String(await freePort()),
      DATABASE_URL: `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/orderly`,
      WORKER: 'off',
    });
    await second.waitForReady();

    expect(await owner.stop('SIGKILL')).toBe('SIGKILL');
    const restarted = startServer(env);
    try {
      await restarted.waitForReady();
      expect(restarted.stdout()).toMatch(/stopping an orphaned embedded PostgreSQL/);
      expect((await lock()).port).toBe(port);
      // The second API's pool reconnects to the same address by itself.
      const started = Date.now();
      let status = 0;
      while (Date.now() - started < 20_000) {
        status = (await fetch(`${second.baseUrl}/ready`)).status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
      expect(await restarted.stop()).toBe(0);
    }
  });

  it('refuses a second process on the same data folder', async () => {
    const dataDir = await tempFolder();
    const first = startServer({ PORT: String(await freePort()), DATA_DIR: dataDir });
    await first.waitForReady();
    const second = startServer({ PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expectOneClearLine(second.stderr(), /in use by another Orderly process \(pid \d+\).*DATA_DIR/);
    expect(await first.stop()).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM lets requests in flight finish: each gets its whole answer, and what was acknowledged is stored', async () => {
    const dataDir = await tempFolder();
    const env = { PORT: String(await freePort()), DATA_DIR: dataDir };
    const server = startServer(env);
    await server.waitForReady();
    const { stdout } = await runCli(['org', 'create', 'Drain Clinic'], { DATA_DIR: dataDir });
    const key = (JSON.parse(stdout) as { key: string }).key;
    const send = (i: number) =>
      fetch(`${server.baseUrl}/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          family: 'DV',
          court: 'CA',
          reference: `DRAIN-${i}`,
          events: [
            { type: 'TRO_GRANTED', date: '2026-01-05' },
            { type: 'HEARING_SET', date: '2026-01-26' },
          ],
        }),
      }).then(
        async (response) => ({ status: response.status, body: await response.text() }),
        (error: Error & { cause?: { code?: string } }) => ({
          status: 0,
          body: error.cause?.code ?? error.message,
        }),
      );
    const inFlight = Array.from({ length: 40 }, (_, i) => send(i));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const exited = server.stop('SIGTERM');
    const results = await Promise.all(inFlight);
    expect(await exited, server.stdout() + server.stderr()).toBe(0);
    // Each request either gets its whole answer (201, or 503 once the server stops accepting),
    // or fails at the connection before the server read it (refused, or a keep-alive socket
    // closed as it went idle): never half-processed — the count below proves it.
    for (const result of results) {
      if (result.status === 0)
        expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']).toContain(result.body);
      else expect([201, 503]).toContain(result.status);
    }
    const acknowledged = results.filter((r) => r.status === 201).length;
    expect(acknowledged).toBeGreaterThan(0);

    const again = startServer(env);
    await again.waitForReady();
    const client = await embeddedClient(
      dataDir,
      (
        JSON.parse(await fs.readFile(path.join(dataDir, 'orderly.lock'), 'utf8')) as {
          port: number;
        }
      ).port,
    );
    const stored = await client.query<{ n: number; empty: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "Deadline" d WHERE d."caseId" = c.id))::int AS empty
       FROM "Case" c WHERE reference LIKE 'DRAIN-%'`,
    );
    await client.end();
    expect(stored.rows[0]).toEqual({ n: acknowledged, empty: 0 });
    expect(await again.stop()).toBe(0);
  });
});

describe('start-up failures end with one clear line', () => {
  it('when the port is already in use', async () => {
    const port = await freePort();
    const blocker = (await import('node:net')).createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const server = startServer({ PORT: String(port), DATA_DIR: await tempFolder() });
      expect(await server.exited).toBe(1);
      expectOneClearLine(
        server.stderr(),
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*set PORT`),
      );
    } finally {
      blocker.close();
    }
  });

  it('when the data folder cannot be written', async () => {
    const file = path.join(await tempFolder(), 'not-a-folder');
    await fs.writeFile(file, '');
    const server = startServer({
      PORT: String(await freePort()),
      DATA_DIR: path.join(file, 'data'),
    });
    expect(await server.exited).toBe(1);
    expectOneClearLine(
      server.stderr(),
      /cannot write the data folder .*not-a-folder\/data \(ENOTDIR\).*DATA_DIR.*DATABASE_URL/,
    );
  });

  it('when DATABASE_URL is set without SECRETS_KEY (a container would lose its key file)', async () => {
    const server = startServer({
      PORT: String(await freePort()),
      DATABASE_URL: `postgresql://clinic:s3cret-pw@127.0.0.1:${await freePort()}/orderly`,
      SECRETS_KEY: '',
    });
    expect(await server.exited).toBe(1);
    expectOneClearLine(
      server.stderr(),
      /^orderly: SECRETS_KEY is required when DATABASE_URL is set\. set it .*openssl rand -base64 32/,
    );
  });

  it('when DATABASE_URL cannot be reached (and its password is not printed)', async () => {
    const deadPort = await freePort();
    const server = startServer({
      PORT: String(await freePort()),
      DATABASE_URL: `postgresql://clinic:s3cret-pw@127.0.0.1:${deadPort}/orderly`,
    });
    expect(await server.exited).toBe(1);
    expectOneClearLine(
      server.stderr(),
      /cannot reach the database at postgresql:\/\/clinic:\*\*\*@127\.0\.0\.1:\d+\/orderly \(ECONNREFUSED\).*DATABASE_URL/,
    );
    expect(server.stderr() + server.stdout()).not.toContain('s3cret-pw');
  });

  it('when the configuration is invalid, naming every bad variable', async () => {
    const server = startServer({ PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(await server.exited).toBe(1);
    expectOneClearLine(
      server.stderr(),
      /invalid configuration: .*LOG_LEVEL must be one of.*PORT must be a whole number/,
    );
  });
});

// What an operator meets running Orderly (issue 13): feed and opt-out links built on the
// address the server really listens on, said at start; and a Ctrl-C that stops quietly — one
// Ctrl-C reaches `npm start` twice (the terminal's signal, and npm forwarding it), and a
// worker beside the server sees the database go away — without warnings or stack traces.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime } from '../../src/runtime.js';
import { adminUrl, createDatabase } from '../support/database.js';
import { freePort, runCli, startServer } from '../support/server-process.js';

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-ops-'));
  await fs.chmod(dir, 0o755);
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(folders.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
  [field: string]: unknown;
}
const logLines = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

describe('the public base URL', () => {
  it('defaults from HOST and PORT, is logged at start, and the links built on it work', async () => {
    const dataDir = await tempFolder();
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, WORKER: 'off' };
    const server = startServer(env);
    try {
      await server.waitForReady();
      const announced = logLines(server.stdout()).find((l) => l.publicBaseUrl !== undefined);
      expect(announced, server.stdout()).toMatchObject({
        level: 30,
        publicBaseUrl: `http://localhost:${port}`,
      });
      expect(announced!.msg).toMatch(/from HOST and PORT; set PUBLIC_BASE_URL/);

      const { stdout } = await runCli(['org', 'create', 'Links Clinic'], { DATA_DIR: dataDir });
      const key = (JSON.parse(stdout) as { key: string }).key;
      const call = (url: string, body?: object) =>
        fetch(`${server.baseUrl}${url}`, {
          method: body ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          ...(body && { body: JSON.stringify(body) }),
        });
      const created = await call('/v1/cases', { family: 'DV', court: 'CA', reference: 'L-1' });
      const caseId = ((await created.json()) as { case: { id: string } }).case.id;
      const feed = (await (await call('/v1/feeds', { scope: 'CASE', caseId })).json()) as {
        url: string;
      };
      expect(feed.url.startsWith(`http://localhost:${port}/feeds/ofd_`)).toBe(true);
      // The link is live: a calendar app on this machine can subscribe to it as given.
      const calendar = await fetch(feed.url);
      expect(calendar.status).toBe(200);
      expect(await calendar.text()).toContain('BEGIN:VCALENDAR');
    } finally {
      await server.stop('SIGTERM');
    }
  });
});

describe('stopping with Ctrl-C', () => {
  it('one Ctrl-C delivered twice (terminal and npm) drains and stops cleanly: no warning, no orphaned database', async () => {
    const dataDir = await tempFolder();
    const env = { PORT: String(await freePort()), DATA_DIR: dataDir };
    const server = startServer(env);
    await server.waitForReady();
    const postmasterPid = Number(
      (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    server.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 30));
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    const output = `${server.stdout()}\n${server.stderr()}`;
    expect(output).not.toMatch(/second SIGINT|57P01|\n\s+at /);
    expect(logLines(server.stdout()).filter((l) => l.level >= 40)).toEqual([]);
    expect(server.stdout()).toMatch(/"msg":"stopped"/);
    let alive = true;
    try {
      process.kill(postmasterPid, 0);
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
  });

  it('a database that goes away while this process stops is news, not a warning; otherwise one line, no stack', async () => {
    const database = await createDatabase({ migrated: true });
    const lines: LogLine[] = [];
    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'debug' });
    const log = createLogger('debug', {
      write: (line: string) => void lines.push(JSON.parse(line) as LogLine),
    });
    const terminateAll = async () => {
      const admin = new pg.Client({ connectionString: adminUrl() });
      await admin.connect();
      try {
        // What a fast shutdown of the server does to every client: 57P01.
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [database.name],
        );
      } finally {
        await admin.end();
      }
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
    try {
      // Not stopping: the server going away is worth a warning — one line, no stack.
      const running = await openRuntime(config, log, { migrate: false });
      await running.db.pool.query('SELECT 1');
      await settle(); // the listener is connected
      await terminateAll();
      await settle();
      const warnings = lines.filter((l) => l.level >= 40);
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.every((l) => l.code === '57P01' && l.err === undefined)).toBe(true);
      await running.close();

      // Stopping (a signal arrived): the same is expected, and the listener does not reconnect.
      lines.length = 0;
      const stopping = await openRuntime(config, log, { migrate: false });
      await stopping.db.pool.query('SELECT 1');
      await settle();
      stopping.stopping();
      await terminateAll();
      await settle();
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      expect(
        lines.some((l) => /closed by the database server while Orderly stops/.test(l.msg)),
      ).toBe(true);
      await stopping.close();
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});

// WEB_CONCURRENCY=2: `npm start` runs two API processes on one port (node:cluster) on the
// embedded PostgreSQL the primary starts; both serve; a revoked key stops working in both at
// once (the NOTIFY every revocation sends, not the 15 s cache expiry); a killed process is
// replaced; SIGTERM stops them all and the database.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startServer } from '../support/server-process.js';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function children(pid: number): Promise<number[]> {
  const text = await fs.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(/\s+/).filter(Boolean).map(Number);
}

async function nodeChildren(pid: number): Promise<number[]> {
  const all = await children(pid);
  const named = await Promise.all(
    all.map(async (c) => ({
      c,
      cmd: await fs.readFile(`/proc/${c}/cmdline`, 'utf8').catch(() => ''),
    })),
  );
  return named.filter((n) => n.cmd.includes('main.js')).map((n) => n.c);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('several API processes (WEB_CONCURRENCY)', () => {
  it('two processes serve one port, share revocations through NOTIFY, are replaced when killed, and stop on SIGTERM', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-cluster-'));
    await fs.chmod(dataDir, 0o755);
    folders.push(dataDir);
    const env = {
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      WEB_CONCURRENCY: '2',
      RATE_LIMIT_PER_MINUTE: '0',
    };
    const server = startServer(env);
    await server.waitForReady(120_000);
    const primary = server.child.pid!;
    // Both have started listening once the primary says so for each.
    for (let i = 0; i < 600 && (server.stdout().match(/Server listening/g) ?? []).length < 2; i++)
      await sleep(100);
    const processes = await nodeChildren(primary);
    expect(processes).toHaveLength(2);

    const { stdout } = await runCli(['org', 'create', 'Cluster Clinic'], { DATA_DIR: dataDir });
    const admin = (JSON.parse(stdout) as { key: string }).key;
    const call = (key: string, method = 'GET', url = '/v1/cases', body?: unknown) =>
      fetch(`${server.baseUrl}${url}`, {
        method,
        // A new connection each time: node:cluster hands connections out in turn.
        headers: {
          authorization: `Bearer ${key}`,
          connection: 'close',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const created = await call(admin, 'POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    expect(created.status).toBe(201);
    const reader = (await created.json()) as { apiKey: { id: string }; key: string };

    // Every process reads and caches the key.
    for (let i = 0; i < 12; i++) expect((await call(reader.key)).status).toBe(200);

    // Both processes (pools and LISTEN connections) serve as `orderly_app`, not the superuser
    // that owns the tables (issue 11), as the database itself sees it.
    const superuser = JSON.parse(
      await fs.readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8'),
    ) as { user: string; password: string };
    const pgPort = (await fs.readFile(path.join(dataDir, 'postgres-port'), 'utf8')).trim();
    const observer = new pg.Client({
      connectionString: `postgresql://${superuser.user}:${encodeURIComponent(superuser.password)}@127.0.0.1:${pgPort}/orderly`,
    });
    await observer.connect();
    try {
      const sessions = await observer.query<{ usename: string; super: boolean; n: number }>(
        `SELECT a.usename, u.usesuper AS super, count(*)::int AS n FROM pg_stat_activity a
         JOIN pg_user u ON u.usesysid = a.usesysid
         WHERE a.datname = 'orderly' AND a.application_name IN ('orderly', 'orderly-listener')
         GROUP BY 1, 2`,
      );
      expect(sessions.rows.map((r) => [r.usename, r.super])).toEqual([['orderly_app', false]]);
      // One LISTEN connection per process at least, and the pools' connections.
      expect(sessions.rows[0]!.n).toBeGreaterThanOrEqual(2);
    } finally {
      await observer.end();
    }
    const servedBy = new Set(
      [...server.stdout().matchAll(/"pid":(\d+)[^\n]*"statusCode":200/g)].map((m) => Number(m[1])),
    );
    expect([...servedBy].filter((pid) => processes.includes(pid)).sort()).toEqual(
      [...processes].sort(),
    );

    expect((await call(admin, 'POST', `/v1/api-keys/${reader.apiKey.id}/revoke`, {})).status).toBe(
      200,
    );
    await sleep(1_000); // NOTIFY is delivered within milliseconds; the cache would keep it 15 s
    for (let i = 0; i < 12; i++) expect((await call(reader.key)).status).toBe(401);

    // A process that dies is replaced; the others keep serving meanwhile.
    process.kill(processes[1]!, 'SIGKILL');
    let replaced: number[] = [];
    for (let i = 0; i < 600; i++) {
      replaced = await nodeChildren(primary);
      if (replaced.length === 2 && !replaced.includes(processes[1]!)) break;
      await sleep(100);
    }
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(processes[1]);
    expect((await call(admin)).status).toBe(200);

    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stdout()).toMatch(/embedded PostgreSQL stopped/);
    await expect(fs.access(path.join(dataDir, 'orderly.lock'))).rejects.toThrow();
  }, 300_000); // three processes and a database starting on a busy machine
});

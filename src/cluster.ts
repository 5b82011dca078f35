// Several API processes on one port: `WEB_CONCURRENCY=N npm start` (node:cluster). This
// primary process serves nothing itself: it starts the embedded PostgreSQL when DATABASE_URL
// is unset, applies the migrations once, then forks N processes that each run the whole server
// (src/main.ts) on the shared port, and replaces one that dies. The reminder loop runs in the
// first process only (several would be safe: the outbox is claimed with SKIP LOCKED).
// The processes share nothing in memory: each keeps its own caches (API keys, feed tokens,
// rendered feeds), kept correct by the NOTIFY every revocation and erasure sends, as between
// machines. SIGINT/SIGTERM reach every process; the primary waits for them to drain, then stops
// the database it started.
import cluster, { type Worker } from 'node:cluster';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openDatabaseServer } from './database-server.js';
import { StartupError } from './startup-error.js';

/** Set in each forked process: its number, from 1. */
export const PROCESS_NUMBER_ENV = 'ORDERLY_PROCESS_NUMBER';

/** True in the primary of several API processes (WEB_CONCURRENCY > 1, not a forked one). */
export function isClusterPrimary(config: Config): boolean {
  return config.webConcurrency > 1 && cluster.isPrimary;
}

/** True in a process forked by that primary (it serves; the primary migrated already). */
export const isClusterProcess = (): boolean => cluster.isWorker;

/** A dead process is replaced after this long (a crash loop must not spin the CPU). */
const RESTART_DELAY_MS = 1_000;

export async function runClusterPrimary(options: {
  name: string;
  preflight(config: Config): Promise<void>;
}): Promise<void> {
  let log: Logger | undefined;
  let database: Awaited<ReturnType<typeof openDatabaseServer>> | undefined;
  try {
    const config = loadConfig();
    log = createLogger(config.logLevel);
    await options.preflight(config);
    database = await openDatabaseServer(config, log);
    await supervise(config, log, database);
  } catch (error) {
    await database?.close().catch(() => undefined);
    if (error instanceof StartupError) process.stderr.write(`${error.toLine()}\n`);
    else
      process.stderr.write(
        `${options.name}: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    process.exit(1);
  }
}

async function supervise(
  config: Config,
  log: Logger,
  database: { url: string; secretsKey: string | undefined; close(): Promise<void> },
): Promise<void> {
  const count = config.webConcurrency;
  let stopping = false;
  const listening = new Set<Worker>();
  const fork = (number: number): Worker => {
    const worker = cluster.fork({
      [PROCESS_NUMBER_ENV]: String(number),
      DATABASE_URL: database.url,
      ...(database.secretsKey !== undefined && { SECRETS_KEY: database.secretsKey }),
      WORKER: number === 1 && config.reminders.worker ? 'on' : 'off',
    });
    worker.once('listening', () => listening.add(worker));
    worker.once('exit', (code, signal) => {
      const wasServing = listening.delete(worker);
      if (stopping) return;
      if (!wasServing) {
        // It never served: its own one-line reason is on stderr. Starting again would fail again.
        log.error(`API process ${number} exited before serving (${signal ?? code}); stopping`);
        void stopAll(1);
        return;
      }
      log.error(`API process ${number} exited (${signal ?? code}); starting another`);
      setTimeout(() => {
        if (!stopping) fork(number);
      }, RESTART_DELAY_MS).unref();
    });
    return worker;
  };

  const stopAll = async (exitCode: number, signal?: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const exited = workers.map(
      (w) =>
        new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))),
    );
    for (const w of workers) if (!w.isDead()) w.process.kill(signal ?? 'SIGTERM');
    // Each process drains within SHUTDOWN_TIMEOUT_MS; one that has not ended well after is killed.
    const kill = setTimeout(() => {
      for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
    }, config.shutdownTimeoutMs + 5_000);
    await Promise.all(exited);
    clearTimeout(kill);
    await database
      .close()
      .catch((error: unknown) => log.warn({ err: error }, 'stopping the database'));
    log.info('stopped');
    process.exit(exitCode);
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log.info(`${signal} received: stopping ${count} API processes`);
      void stopAll(0, signal);
    });
  }
  for (let number = 1; number <= count; number++) fork(number);
  log.info(`${count} API processes on port ${config.port} (WEB_CONCURRENCY)`);
}

// `npm start`: run the whole service in this process — the embedded PostgreSQL when no
// DATABASE_URL is set, migrations, and the HTTP API. SIGINT/SIGTERM drain in-flight
// requests, close the pool and stop the embedded database.
import closeWithGrace from 'close-with-grace';
import net from 'node:net';
import { loadConfig } from './config.js';
import { buildApp, drainAndClose } from './http/app.js';
import { createLogger, type Logger } from './logger.js';
import { createReminderWorker } from './reminders/worker.js';
import { openRuntime, type Runtime } from './runtime.js';
import { StartupError } from './startup-error.js';

/** Fail in one line before starting a database when the HTTP port is already taken. */
async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portError(error, host, port)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function portError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new StartupError(
      `port ${port} on ${host} is already in use`,
      'stop the other process or set PORT to a free port',
    );
  }
  if (error.code === 'EACCES') {
    return new StartupError(
      `not allowed to listen on port ${port}`,
      'use a port above 1023 (PORT)',
    );
  }
  if (error.code === 'EADDRNOTAVAIL') {
    return new StartupError(
      `cannot listen on ${host}: no such address here`,
      'set HOST to 127.0.0.1 or 0.0.0.0',
    );
  }
  return error;
}

function fail(error: unknown, log?: Logger): never {
  if (error instanceof StartupError) {
    process.stderr.write(`${error.toLine()}\n`);
  } else {
    log?.debug({ err: error }, 'start-up failed');
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `orderly: could not start: ${reason}. Run with LOG_LEVEL=debug for details.\n`,
    );
  }
  process.exit(1);
}

async function main(): Promise<void> {
  let log: Logger | undefined;
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig();
    log = createLogger(config.logLevel);
    await assertPortFree(config.host, config.port);
    runtime = await openRuntime(config, log);
    const app = await buildApp(runtime);
    // The reminder worker runs here too unless WORKER=off (then: `npm run worker`).
    const worker = config.reminders.worker ? await createReminderWorker(runtime) : undefined;
    const started = runtime;
    closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
      if (err) started.log.error({ err }, 'shutting down after an unexpected error');
      else started.log.info(`${signal ?? 'shutdown'} received: draining requests`);
      await Promise.all([drainAndClose(app), worker?.stop()]);
      await started.close();
      started.log.info('stopped');
    });
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      throw portError(error as NodeJS.ErrnoException, config.host, config.port);
    }
    worker?.start();
  } catch (error) {
    await runtime?.close().catch(() => undefined);
    fail(error, log);
  }
}

await main();

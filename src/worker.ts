// `npm run worker`: the reminder worker on its own, beside an API started with WORKER=off
// (or beside `npm start`: several workers are safe). With no DATABASE_URL it uses the
// embedded PostgreSQL an `npm start` in the same DATA_DIR runs, or starts its own.
// SIGINT/SIGTERM finish the deliveries in flight, record them, and stop.
import closeWithGrace from 'close-with-grace';
import { loadConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createReminderWorker } from './reminders/worker.js';
import { openRuntime, type Runtime } from './runtime.js';
import { StartupError } from './startup-error.js';

async function main(): Promise<void> {
  let log: Logger | undefined;
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig();
    log = createLogger(config.logLevel);
    runtime = await openRuntime(config, log, { attachToRunningEmbedded: true });
    const worker = await createReminderWorker(runtime);
    const started = runtime;
    closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
      if (err) started.log.error({ err }, 'shutting down after an unexpected error');
      else started.log.info(`${signal ?? 'shutdown'} received: finishing deliveries in flight`);
      await worker.stop();
      await started.close();
      started.log.info('stopped');
    });
    worker.start();
  } catch (error) {
    await runtime?.close().catch(() => undefined);
    if (error instanceof StartupError) process.stderr.write(`${error.toLine()}\n`);
    else {
      log?.debug({ err: error }, 'start-up failed');
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`orderly worker: could not start: ${reason}\n`);
    }
    process.exit(1);
  }
}

await main();

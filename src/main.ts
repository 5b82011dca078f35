// `npm start`: run the whole service in this process — the embedded PostgreSQL when no
// DATABASE_URL is set, migrations, the HTTP API, and the reminder and recompute loops unless
// WORKER=off. SIGINT/SIGTERM drain in-flight requests, close the pool and stop the embedded database.
import net from 'node:net';
import { buildApp, drainAndClose } from './http/app.js';
import { runProcess } from './process.js';
import { StartupError } from './startup-error.js';
import { createRecomputeLoop } from './workers/recompute-loop.js';
import { createReminderLoop } from './workers/reminder-loop.js';
import { createRetentionLoop } from './workers/retention-loop.js';

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

await runProcess({
  name: 'orderly',
  failureHint: 'Run with LOG_LEVEL=debug for details.',
  draining: 'draining requests',
  preflight: (config) => assertPortFree(config.host, config.port),
  async prepare(runtime) {
    const { config } = runtime;
    const app = await buildApp(runtime);
    // The reminder and recompute loops run here too unless WORKER=off (then: `npm run worker`).
    const loop = config.reminders.worker ? await createReminderLoop(runtime) : undefined;
    const recompute = config.reminders.worker ? createRecomputeLoop(runtime) : undefined;
    // So does the retention purge (README "Erasure and retention").
    const retention = config.reminders.worker ? createRetentionLoop(runtime) : undefined;
    return {
      async run() {
        try {
          await app.listen({ port: config.port, host: config.host });
        } catch (error) {
          throw portError(error as NodeJS.ErrnoException, config.host, config.port);
        }
        loop?.start();
        recompute?.start();
        retention?.start();
      },
      async stop() {
        await Promise.all([drainAndClose(app), loop?.stop(), recompute?.stop(), retention?.stop()]);
      },
    };
  },
});

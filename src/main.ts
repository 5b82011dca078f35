// `npm start`: run the whole service in this process — the embedded PostgreSQL when no
// DATABASE_URL is set, migrations, the HTTP API, and the reminder and recompute loops unless
// WORKER=off. SIGINT/SIGTERM drain in-flight requests, close the pool and stop the embedded database.
import net from 'node:net';
import v8 from 'node:v8';
import { isClusterPrimary, isClusterProcess, runClusterPrimary } from './cluster.js';
import { loadConfig } from './config.js';
import { StartupError } from './startup-error.js';

// Old-generation garbage is collected when the heap has grown 15 % past what the last full
// collection kept, instead of V8's default (up to several times it under a steady load): under
// the proof's mixed load the heap then stays near its live size, not hundreds of MiB above it
// (scripts/bench-memory.ts, README "Memory"). V8 reads this flag at each collection, so it can
// be set here; the young generation's size and glibc's arenas are set where the process starts
// (`npm start`, the Dockerfile).
v8.setFlagsFromString('--heap-growing-percent=15');

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

/** WEB_CONCURRENCY above 1 makes this process the primary of that many (src/cluster.ts). */
function wantsCluster(): boolean {
  try {
    return isClusterPrimary(loadConfig());
  } catch {
    return false; // an invalid configuration is reported by runProcess, in one line
  }
}

const preflight = (config: { host: string; port: number }) =>
  assertPortFree(config.host, config.port);

if (wantsCluster()) {
  await runClusterPrimary({ name: 'orderly', preflight });
} else {
  // Loaded only here: the primary of several processes needs none of it.
  const { buildApp, drainAndClose } = await import('./http/app.js');
  const { runProcess } = await import('./process.js');
  const { createReminderLoop } = await import('./workers/reminder-loop.js');
  const { createRecomputeLoop } = await import('./workers/recompute-loop.js');
  const { createRetentionLoop } = await import('./workers/retention-loop.js');
  await runProcess({
    name: 'orderly',
    failureHint: 'Run with LOG_LEVEL=debug for details.',
    draining: 'draining requests',
    // In a forked process the primary checked the port, and migrated the database.
    ...(isClusterProcess() ? { openOptions: { migrate: false } } : { preflight }),
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
          await Promise.all([
            drainAndClose(app),
            loop?.stop(),
            recompute?.stop(),
            retention?.stop(),
          ]);
        },
      };
    },
  });
}

// Start-up and shutdown shared by the two long-running processes — the server (src/main.ts)
// and the worker process (src/worker-process.ts): read the configuration, open the runtime,
// start what the process runs, and on SIGINT/SIGTERM (or a crash) stop it, close the runtime
// and exit. A failure to start is one line on stderr and exit code 1, never a stack trace.
import closeWithGrace from 'close-with-grace';
import { loadConfig, requireSecretsKey, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openRuntime, type OpenOptions, type Runtime } from './runtime.js';
import { StartupError } from './startup-error.js';

export interface ProcessPlan {
  /** Named in the one-line start-up failure ("orderly worker: could not start: …"). */
  name: string;
  /** Extra advice after an unexpected start-up failure. */
  failureHint?: string;
  /** What the shutdown log line says is happening ("draining requests"). */
  draining: string;
  /** Checks before the runtime opens (a free port). */
  preflight?(config: Config): Promise<void>;
  openOptions?: OpenOptions;
  /**
   * Builds the process's work on the opened runtime. Its `stop` is what a signal runs from then
   * on, before `run` starts serving (so a signal during `run` still stops it cleanly).
   */
  prepare(runtime: Runtime): Promise<{ run(): Promise<void>; stop(): Promise<void> }>;
}

/** A second signal this soon after the first is the same Ctrl-C (see runProcess), not a new one. */
const SAME_REQUEST_MS = 1_000;

/** Runs a process to the end: start, then wait for a signal to stop. */
export async function runProcess(plan: ProcessPlan): Promise<void> {
  let log: Logger | undefined;
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig();
    requireSecretsKey(config);
    log = createLogger(config.logLevel);
    await plan.preflight?.(config);
    runtime = await openRuntime(config, log, plan.openOptions);
    const started = runtime;
    const work = await plan.prepare(started);
    let stopAsked = 0;
    closeWithGrace(
      {
        delay: config.shutdownTimeoutMs,
        onSecondSignal(signal) {
          // One Ctrl-C often arrives twice: the terminal signals its whole foreground group,
          // and `npm start` forwards the same signal to us. That is one request to stop.
          if (Date.now() - stopAsked < SAME_REQUEST_MS) return;
          started.log.info(`${signal} again: stopping at once, without draining`);
          started.embedded?.stopWithoutWaiting();
          process.exit(1);
        },
      },
      async ({ signal, err }) => {
        stopAsked = Date.now();
        // close-with-grace exits 1 after any second signal, even one onSecondSignal ignores:
        // from here on the signals are ours (a repeat of the same Ctrl-C is ignored).
        for (const name of ['SIGINT', 'SIGTERM'] as const) {
          process.removeAllListeners(name);
          process.on(name, (again: NodeJS.Signals) => {
            if (Date.now() - stopAsked < SAME_REQUEST_MS) return;
            started.log.info(`${again} again: stopping at once, without draining`);
            started.embedded?.stopWithoutWaiting();
            process.exit(1);
          });
        }
        started.stopping();
        if (err) started.log.error({ err }, 'shutting down after an unexpected error');
        else started.log.info(`${signal ?? 'shutdown'} received: ${plan.draining}`);
        await work.stop();
        await started.close();
        started.log.info('stopped');
      },
    );
    await work.run();
    announceLinks(started);
  } catch (error) {
    await runtime?.close().catch(() => undefined);
    fail(plan, error, log);
  }
}

/**
 * Says which address feed and opt-out links are built on: a wrong one makes every calendar
 * subscription and opt-out link dead, and nothing else would say so.
 */
function announceLinks(runtime: Runtime): void {
  const { publicBaseUrl, publicBaseUrlFrom, port } = runtime.config;
  if (publicBaseUrlFrom === 'PUBLIC_BASE_URL') {
    runtime.log.info({ publicBaseUrl }, `links (calendar feeds, opt-out) use ${publicBaseUrl}`);
  } else if (port === 0) {
    runtime.log.warn(
      { publicBaseUrl },
      `links (calendar feeds, opt-out) would use port 0 (PORT=0 picks a port at each start): set PUBLIC_BASE_URL`,
    );
  } else {
    runtime.log.info(
      { publicBaseUrl },
      `links (calendar feeds, opt-out) use ${publicBaseUrl} (from HOST and PORT; set PUBLIC_BASE_URL when clients reach Orderly at another address)`,
    );
  }
}

function fail(plan: ProcessPlan, error: unknown, log?: Logger): never {
  if (error instanceof StartupError) {
    process.stderr.write(`${error.toLine()}\n`);
  } else {
    log?.debug({ err: error }, 'start-up failed');
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${plan.name}: could not start: ${reason}${plan.failureHint ? `. ${plan.failureHint}` : ''}\n`,
    );
  }
  process.exit(1);
}

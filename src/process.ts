// Start-up and shutdown shared by the two long-running processes — the server (src/main.ts)
// and the worker process (src/worker-process.ts): read the configuration, open the runtime,
// start what the process runs, and on SIGINT/SIGTERM (or a crash) stop it, close the runtime
// and exit. A failure to start is one line on stderr and exit code 1, never a stack trace.
//
// Signals come more than once: systemd (and `kill -TERM -- -PGID`) signals every process in the
// group and a terminal's Ctrl-C signals the foreground group, so under `npm start` node gets
// the signal from the kernel and again from npm, which forwards it. The first SIGINT or SIGTERM
// starts the shutdown; a repeat within a second is that same request, logged and ignored
// (SHUTDOWN_TIMEOUT_MS bounds the drain), and so is, under npm, the first repeat of the same
// signal whenever it comes (npm is a process too: on a busy machine its copy can come seconds
// later). Any other repeat is someone pressing Ctrl-C again, and stops at once without draining
// (exit 1), the embedded PostgreSQL included. One that
// arrives while the process is still starting is kept, and the process stops as soon as it has
// started. Whatever way the process exits, an embedded PostgreSQL it runs is told to shut down
// (never orphaned).
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

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** A second signal this soon after the first is the same request (see above), not a new one. */
const SAME_REQUEST_MS = 1_000;
/** Run by an npm script (`npm start`, `npm run worker`): npm forwards the signals it gets. */
const UNDER_NPM = process.env.npm_lifecycle_event !== undefined;

/** Runs a process to the end: start, then wait for a signal to stop. */
export async function runProcess(plan: ProcessPlan): Promise<void> {
  let log: Logger | undefined;
  let runtime: Runtime | undefined;
  // Until the process has started, a stop signal is only remembered.
  let received: NodeJS.Signals | undefined;
  // Whether npm's copy of the first signal may still come (see above).
  let npmCopyDue = UNDER_NPM;
  let onStopSignal = (signal: NodeJS.Signals): void => {
    if (received) log?.info(`${signal} received again: already stopping`);
    if (received === signal) npmCopyDue = false;
    received ??= signal;
  };
  for (const signal of STOP_SIGNALS) process.on(signal, (s: NodeJS.Signals) => onStopSignal(s));
  // The last resort, when the process exits without having stopped its database (a timeout,
  // a second crash): PostgreSQL's fast shutdown goes on by itself.
  process.once('exit', () => runtime?.embedded?.stopWithoutWaiting());
  try {
    const config = loadConfig();
    requireSecretsKey(config);
    log = createLogger(config.logLevel);
    await plan.preflight?.(config);
    runtime = await openRuntime(config, log, plan.openOptions);
    const started = runtime;
    const work = await plan.prepare(started);
    const grace = closeWithGrace(
      { delay: config.shutdownTimeoutMs, skip: [...STOP_SIGNALS], logger: false },
      async ({ signal, err }) => {
        started.stopping();
        if (err) started.log.error({ err }, 'shutting down after an unexpected error');
        else if (signal) started.log.info(`${signal} received: ${plan.draining}`);
        await work.stop();
        await started.close();
        started.log.info('stopped');
      },
    );
    let stopAsked: number | undefined;
    onStopSignal = (signal) => {
      if (stopAsked !== undefined) {
        const npmCopy = npmCopyDue && signal === received;
        if (signal === received) npmCopyDue = false;
        if (Date.now() - stopAsked < SAME_REQUEST_MS || npmCopy) {
          started.log.info(`${signal} received again: already stopping`);
          return;
        }
        started.log.info(`${signal} again: stopping at once, without draining`);
        started.embedded?.stopWithoutWaiting();
        process.exit(1);
      }
      stopAsked = Date.now();
      received = signal;
      started.log.info(`${signal} received: ${plan.draining}`);
      void grace.close();
    };
    if (received) {
      onStopSignal(received);
      return;
    }
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

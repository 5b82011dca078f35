// The recompute loop: runs background recomputation batches (src/services/recompute-jobs.ts)
// until stopped — back to back while there is work, then every RECOMPUTE_POLL_MS. On start it
// first runs the start-up check: cases computed under other rules than this engine's get a
// RULES_CHANGED job. Any number of loops may run at once (in `npm start` and `npm run worker`
// processes): a job's batches are one transaction each, holding the job's row lock, so two
// loops never work on the same job at once, and a loop that dies leaves the job to the next.
import type { Runtime } from '../runtime.js';
import {
  queueStaleRulesJobs,
  runRecomputeBatch,
  type BatchOptions,
  type BatchResult,
} from '../services/recompute-jobs.js';

export class RecomputeLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runtime: Pick<Runtime, 'db' | 'log' | 'clock'>,
    private readonly settings: { batchSize: number; pollMs: number },
  ) {}

  private options(): BatchOptions {
    return {
      now: () => this.runtime.clock.now(),
      log: this.runtime.log,
      batchSize: this.settings.batchSize,
    };
  }

  /** One batch of the oldest waiting job; null when none waits. */
  tick(): Promise<BatchResult | null> {
    return runRecomputeBatch(this.runtime.db, this.options());
  }

  /** The start-up check: queues RULES_CHANGED jobs for cases computed under other rules. */
  async checkRules(): Promise<number> {
    const queued = await queueStaleRulesJobs(this.runtime.db);
    if (queued.length > 0) {
      this.runtime.log.info(
        { jobs: queued.length, cases: queued.reduce((n, j) => n + j.total, 0) },
        "the engine's rules changed: recomputing the cases computed under the old ones",
      );
    }
    return queued.length;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      let checked = false;
      let failures = 0;
      while (this.running) {
        let busy = false;
        try {
          if (!checked) {
            await this.checkRules();
            checked = true;
          }
          busy = (await this.tick()) !== null;
          failures = 0;
        } catch (error) {
          failures++;
          this.runtime.log.error({ err: error }, 'recompute round failed; retrying');
        }
        if (!busy && this.running)
          await this.sleep(this.settings.pollMs * Math.min(2 ** failures, 30));
      }
    })();
  }

  /** Wakes an idle loop now (a job was just queued in this process). */
  poke(): void {
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }

  /** Finishes the batch in flight (it commits or rolls back whole), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.loop;
  }
}

export function createRecomputeLoop(runtime: Runtime): RecomputeLoop {
  return new RecomputeLoop(runtime, runtime.config.recompute);
}

// The retention loop: every few minutes, purges each organization that is due
// (src/services/retention.ts). It runs beside the reminder loop, in `npm start` (unless
// WORKER=off) and in `npm run worker`; any number may run at once, since a run is claimed per
// organization under a lock and recorded, so an organization is purged once per RETENTION_EVERY_MINUTES.
import type { Runtime } from '../runtime.js';
import { purgeDue, type PurgeDeps, type PurgeSettings } from '../services/retention.js';

/** How often the loop looks for organizations that are due (a run is claimed, not repeated). */
const LOOK_EVERY_MS = 60_000;

export class RetentionLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: PurgeDeps,
    private readonly settings: PurgeSettings,
  ) {}

  /** One pass over every organization. */
  tick() {
    return purgeDue(this.deps, this.settings);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const totals = await this.tick();
          if (Object.values(totals).some((n) => n > 0))
            this.deps.log.info({ retention: totals }, 'retention purge');
        } catch (error) {
          this.deps.log.error({ err: error }, 'retention purge round failed; retrying');
        }
        if (this.running) await this.sleep(Math.min(LOOK_EVERY_MS, this.settings.everyMs));
      }
    })();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }

  /** Finishes the batch in flight (each is its own transaction), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.loop;
  }
}

export function createRetentionLoop(runtime: Runtime): RetentionLoop {
  return new RetentionLoop(
    { db: runtime.db, clock: runtime.clock, log: runtime.log },
    runtime.config.retention,
  );
}

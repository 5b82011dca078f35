// The reminder loop: runs delivery rounds (src/services/reminder-delivery.ts: claim due
// reminders in small batches with FOR UPDATE SKIP LOCKED under a lease, deliver them
// concurrently, record each outcome) until stopped. Any number of loops may run at once, in
// `npm start` and in `npm run worker` processes (src/worker-process.ts). A loop that dies keeps
// its rows only until the lease ends; then another delivers them again under the same ids (at
// least once; receivers drop duplicates by id). A healthy loop extends its lease while it works
// and records each reminder as soon as it is delivered, so two healthy loops never deliver the
// same reminder.
import { randomUUID } from 'node:crypto';
import { deliveryDepsOf, type Runtime } from '../runtime.js';
import {
  deliverDueReminders,
  deliveryChannels,
  type DeliveryDeps,
  type DeliveryRound,
} from '../services/reminder-delivery.js';

export class ReminderLoop {
  /** The worker id its claims are leased to. */
  readonly id = `worker-${randomUUID()}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: DeliveryDeps) {}

  /** One round: claim a batch, deliver it, record each outcome. Stopping gives back what has not started. */
  tick(): Promise<DeliveryRound> {
    return deliverDueReminders(this.deps, this.id, () => this.stopped);
  }

  private stopped = false;

  /** Runs rounds until stopped: back to back while batches come full, else every pollMs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.deps.log.info(
      { worker: this.id, channels: deliveryChannels(this.deps.email) },
      this.deps.email
        ? 'reminder worker started'
        : 'reminder worker started (no SMTP_URL: email reminders wait until it is set)',
    );
    this.loop = (async () => {
      let failures = 0;
      while (this.running) {
        let full = false;
        try {
          const round = await this.tick();
          full = round.claimed >= this.deps.settings.batchSize;
          failures = 0;
        } catch (error) {
          failures++;
          this.deps.log.error({ err: error }, 'reminder worker round failed; retrying');
        }
        if (!full && this.running)
          await this.sleep(this.deps.settings.pollMs * Math.min(2 ** failures, 30));
      }
    })();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }

  /**
   * Finishes the deliveries in flight (and records them), gives back the claimed reminders not
   * yet started, then stops.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.loop;
  }
}

/** A loop on the runtime's database, clock and senders (the server, `npm run worker`, tests). */
export async function createReminderLoop(runtime: Runtime): Promise<ReminderLoop> {
  return new ReminderLoop(await deliveryDepsOf(runtime));
}

// The reminder worker: claims due reminders in small batches (FOR UPDATE SKIP LOCKED, under
// a lease), delivers them concurrently, and records each outcome. Any number of workers may
// run at once, in `npm start` and in `npm run worker` processes. A worker that dies keeps its
// rows only until the lease ends; then another worker delivers them again under the same
// ids (at least once; receivers drop duplicates by id).
import { randomUUID } from 'node:crypto';
import type { ReminderSettings } from '../config.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../services/clock.js';
import {
  claimReminders,
  prepareDeliveries,
  recordOutcomes,
  type Outcome,
  type Prepared,
} from '../services/reminder-delivery.js';
import { createEmailSender, type EmailSender } from './email.js';
import { inQuietHours } from './retry.js';
import type { Runtime } from '../runtime.js';
import { secretBoxFor, type SecretBox } from './secrets.js';
import type { ReminderChannel } from './types.js';
import { postWebhook, type DeliveryResult } from './webhook.js';

export interface WorkerDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  settings: ReminderSettings;
  /** PUBLIC_BASE_URL: where opt-out links point. */
  publicBaseUrl: string;
  box: SecretBox;
  /** Tests and benchmarks may pass their own; by default built from SMTP_URL. */
  email?: EmailSender | null;
}

export interface TickResult {
  claimed: number;
  sent: number;
  failed: number;
  cancelled: number;
}

export class ReminderWorker {
  readonly id = `worker-${randomUUID()}`;
  private readonly email: EmailSender | null;
  private readonly channels: ReminderChannel[];
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: WorkerDeps) {
    const { settings } = deps;
    this.email =
      deps.email !== undefined
        ? deps.email
        : settings.smtpUrl !== undefined && settings.mailFrom !== undefined
          ? createEmailSender(settings.smtpUrl, settings.mailFrom, settings.webhookTimeoutMs)
          : null;
    // Without SMTP, email reminders wait in the outbox (PENDING) rather than fail.
    this.channels = this.email ? ['EMAIL', 'WEBHOOK'] : ['WEBHOOK'];
  }

  /** One round: claim a batch, deliver it, record the outcomes. */
  async tick(): Promise<TickResult> {
    const { db, clock, settings, box } = this.deps;
    const now = clock.now();
    const result: TickResult = { claimed: 0, sent: 0, failed: 0, cancelled: 0 };
    if (inQuietHours(now, settings.quietHours)) return result;
    const ids = await claimReminders(db.prisma, {
      workerId: this.id,
      now,
      leaseMs: settings.leaseMs,
      limit: settings.batchSize,
      channels: this.channels,
    });
    result.claimed = ids.length;
    if (ids.length === 0) return result;
    const prepared = await prepareDeliveries(db.prisma, ids, now, {
      box,
      publicBaseUrl: this.deps.publicBaseUrl,
      maxAttempts: settings.maxAttempts,
    });
    const outcomes = await Promise.all(prepared.map((p) => this.deliver(p)));
    for (const outcome of outcomes) {
      if ('cancelled' in outcome.result) result.cancelled++;
      else if (outcome.result.ok) result.sent++;
      else result.failed++;
    }
    await recordOutcomes(db.prisma, this.id, outcomes, clock.now(), {
      maxAttempts: settings.maxAttempts,
      baseMs: settings.retryBaseMs,
      maxMs: settings.retryMaxMs,
    });
    return result;
  }

  private async deliver(prepared: Prepared): Promise<Outcome> {
    const { id, attempts } = prepared;
    let result: Outcome['result'];
    switch (prepared.action) {
      case 'cancel':
        result = { cancelled: prepared.reason };
        break;
      case 'fail':
        result = { ok: false, permanent: prepared.permanent, error: prepared.error };
        break;
      case 'email':
        result = this.email
          ? await this.email.send(prepared.email)
          : { ok: false, permanent: false, error: 'email is not configured (SMTP_URL)' };
        break;
      case 'webhook':
        result = await postWebhook(
          prepared.webhook,
          this.deps.clock.now(),
          this.deps.settings.webhookTimeoutMs,
        );
        break;
    }
    if (!('cancelled' in result) && !result.ok)
      this.deps.log.warn(
        { reminderId: id, attempts, error: result.error },
        'reminder delivery failed',
      );
    return { id, attempts, result: result satisfies DeliveryResult | { cancelled: string } };
  }

  /** Runs rounds until stopped: back to back while batches come full, else every pollMs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.deps.log.info(
      { worker: this.id, channels: this.channels },
      this.email
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

  /** Finishes the round in flight (its deliveries are recorded), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.loop;
    this.email?.close();
  }
}

/** A worker wired from the composition root (the server, `npm run worker`, tests). */
export async function createReminderWorker(
  runtime: Runtime,
  overrides: { email?: EmailSender | null; settings?: Partial<ReminderSettings> } = {},
): Promise<ReminderWorker> {
  const { config } = runtime;
  return new ReminderWorker({
    db: runtime.db,
    clock: runtime.clock,
    log: runtime.log,
    settings: { ...config.reminders, ...overrides.settings },
    publicBaseUrl: config.publicBaseUrl,
    box: await secretBoxFor({ secretsKey: config.reminders.secretsKey, dataDir: config.dataDir }),
    ...(overrides.email !== undefined && { email: overrides.email }),
  });
}

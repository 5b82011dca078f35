// Reminder delivery, one round at a time: claim what is due, decide for each claimed reminder
// whether it is still worth sending (and render it), send it through the email and webhook
// senders src/runtime.ts built, and record what happened. The worker loop
// (src/workers/reminder-loop.ts) runs rounds; this file is what one round does.
import type { Clock } from '../adapters/clock.js';
import type { EmailSender, OutgoingEmail } from '../adapters/email.js';
import type { SecretBox } from '../adapters/secret-box.js';
import type { DeliveryResult, OutgoingWebhook, WebhookSender } from '../adapters/webhook.js';
import type { ReminderSettings } from '../config.js';
import type { Database } from '../db/client.js';
import {
  claimDueReminders,
  loadDeliveries,
  markClaimedReminderCancelled,
  markReminderAttemptFailed,
  markRemindersSent,
  type CancelReason,
  type DeliveryRow,
  type ReminderChannel,
} from '../db/reminders.js';
import type { Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { advocateEmail, petitionerEmail, webhookEvent } from '../reminders/messages.js';
import { changeWebhookEvent } from '../reminders/notices.js';
import { inQuietHours, retryDelayMs, type RetryPolicy } from '../reminders/retry.js';

export function claimReminders(
  db: Tx,
  claim: {
    workerId: string;
    now: Date;
    leaseMs: number;
    limit: number;
    channels: ReminderChannel[];
  },
): Promise<string[]> {
  return claimDueReminders(db, {
    workerId: claim.workerId,
    now: claim.now,
    leaseEnds: new Date(claim.now.getTime() + claim.leaseMs),
    limit: claim.limit,
    channels: claim.channels,
  });
}

export type Prepared = { id: string; attempts: number } & (
  | { action: 'cancel'; reason: CancelReason }
  | { action: 'fail'; error: string; permanent: boolean }
  | { action: 'email'; email: OutgoingEmail }
  | { action: 'webhook'; webhook: OutgoingWebhook }
);

export interface PrepareOptions {
  box: SecretBox;
  /** Where the opt-out links point (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  maxAttempts: number;
}

function prepareOne(row: DeliveryRow, now: Date, options: PrepareOptions): Prepared {
  const { reminder } = row;
  const base = { id: reminder.id, attempts: reminder.attempts };
  if (reminder.attempts > options.maxAttempts) {
    return {
      ...base,
      action: 'fail',
      permanent: true,
      error: `gave up after ${options.maxAttempts} attempts (a worker stopped while delivering)`,
    };
  }
  if (now.getTime() >= Date.parse(reminder.expiresAt)) {
    return reminder.attempts > 1
      ? {
          ...base,
          action: 'fail',
          permanent: true,
          error: `the deadline passed before delivery succeeded (last error: ${reminder.lastError ?? 'none'})`,
        }
      : { ...base, action: 'cancel', reason: 'DEADLINE_PASSED' };
  }
  if (!row.caseOpen) return { ...base, action: 'cancel', reason: 'CASE_CLOSED' };
  // A change notice tells of a move that happened: a later move or the act being done does not
  // make it untrue (a later move sends a notice of its own).
  const notice = reminder.payload.schedule === 'CHANGE';
  if (!notice) {
    if (row.deadline?.status === 'MET')
      return { ...base, action: 'cancel', reason: 'DEADLINE_MET' };
    if (!row.deadline || row.deadline.status !== 'OPEN')
      return { ...base, action: 'cancel', reason: 'DEADLINE_SUPERSEDED' };
    if (row.deadline.revision !== reminder.deadlineRevision)
      return { ...base, action: 'cancel', reason: 'DEADLINE_MOVED' };
  }

  switch (reminder.recipientType) {
    case 'CONTACT': {
      const contact = row.contact;
      if (!contact || contact.optedOut) return { ...base, action: 'cancel', reason: 'OPTED_OUT' };
      const optOutUrl = `${options.publicBaseUrl}/opt-out/${options.box.optOutToken(reminder.recipientId)}`;
      const message = petitionerEmail(reminder.payload, contact.locale, optOutUrl);
      return {
        ...base,
        action: 'email',
        email: {
          to: contact.email,
          ...message,
          reminderId: reminder.id,
          unsubscribeUrl: optOutUrl,
        },
      };
    }
    case 'ADVOCATE': {
      const advocate = row.advocate;
      if (!advocate || !advocate.active || !advocate.assigned || advocate.email === null)
        return { ...base, action: 'cancel', reason: 'RECIPIENT_REMOVED' };
      const message = advocateEmail(reminder.payload, reminder.id);
      return {
        ...base,
        action: 'email',
        email: { to: advocate.email, ...message, reminderId: reminder.id, unsubscribeUrl: null },
      };
    }
    case 'WEBHOOK': {
      const endpoint = row.endpoint;
      if (!endpoint || !endpoint.enabled)
        return { ...base, action: 'cancel', reason: 'RECIPIENT_REMOVED' };
      let secrets: string[];
      try {
        secrets = [options.box.decrypt(endpoint.secret, endpoint.id)];
        if (
          endpoint.previousSecret !== null &&
          endpoint.previousSecretExpiresAt !== null &&
          endpoint.previousSecretExpiresAt > now
        )
          secrets.push(options.box.decrypt(endpoint.previousSecret, endpoint.id));
      } catch {
        return {
          ...base,
          action: 'fail',
          permanent: false,
          error:
            "cannot decrypt the endpoint's secret: this worker's SECRETS_KEY (or DATA_DIR key file) differs from the API's",
        };
      }
      return {
        ...base,
        action: 'webhook',
        webhook: {
          url: endpoint.url,
          id: reminder.id,
          body: JSON.stringify(
            notice
              ? changeWebhookEvent(reminder, reminder.payload)
              : webhookEvent(reminder, reminder.payload),
          ),
          secrets,
        },
      };
    }
  }
}

/** What to do with each claimed reminder, from the case, deadline and recipient as they are now. */
export async function prepareDeliveries(
  db: Tx,
  ids: string[],
  now: Date,
  options: PrepareOptions,
): Promise<Prepared[]> {
  return (await loadDeliveries(db, ids)).map((row) => prepareOne(row, now, options));
}

export interface Outcome {
  id: string;
  attempts: number;
  result: DeliveryResult | { cancelled: CancelReason };
}

/** Records a batch: SENT, CANCELLED, a retry after backoff, or FAILED. */
export async function recordOutcomes(
  db: Tx,
  workerId: string,
  outcomes: Outcome[],
  now: Date,
  policy: RetryPolicy,
): Promise<void> {
  const sent: string[] = [];
  for (const outcome of outcomes) {
    const result = outcome.result;
    if ('cancelled' in result) {
      await markClaimedReminderCancelled(db, outcome.id, workerId, result.cancelled, now);
    } else if (result.ok) {
      sent.push(outcome.id);
    } else {
      const delay = result.permanent ? null : retryDelayMs(outcome.attempts, policy);
      await markReminderAttemptFailed(
        db,
        outcome.id,
        workerId,
        result.error,
        delay === null ? null : new Date(now.getTime() + delay),
      );
    }
  }
  await markRemindersSent(db, sent, now);
}

// ---- One round ----------------------------------------------------------------------------

/** What a round needs: the database, the clock, the senders and the settings. */
export interface DeliveryDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  settings: ReminderSettings;
  /** PUBLIC_BASE_URL: where opt-out links point. */
  publicBaseUrl: string;
  box: SecretBox;
  /** Null without SMTP: email reminders then wait in the outbox (PENDING) rather than fail. */
  email: EmailSender | null;
  webhooks: WebhookSender;
}

export interface DeliveryRound {
  claimed: number;
  sent: number;
  failed: number;
  cancelled: number;
}

/** The channels a worker with these senders claims. */
export const deliveryChannels = (email: EmailSender | null): ReminderChannel[] =>
  email ? ['EMAIL', 'WEBHOOK'] : ['WEBHOOK'];

/** One round for worker `workerId`: claim a batch, deliver it, record the outcomes. */
export async function deliverDueReminders(
  deps: DeliveryDeps,
  workerId: string,
): Promise<DeliveryRound> {
  const { db, clock, settings, box } = deps;
  const now = clock.now();
  const result: DeliveryRound = { claimed: 0, sent: 0, failed: 0, cancelled: 0 };
  if (inQuietHours(now, settings.quietHours)) return result;
  const ids = await claimReminders(db.prisma, {
    workerId,
    now,
    leaseMs: settings.leaseMs,
    limit: settings.batchSize,
    channels: deliveryChannels(deps.email),
  });
  result.claimed = ids.length;
  if (ids.length === 0) return result;
  const prepared = await prepareDeliveries(db.prisma, ids, now, {
    box,
    publicBaseUrl: deps.publicBaseUrl,
    maxAttempts: settings.maxAttempts,
  });
  const outcomes = await Promise.all(prepared.map((p) => deliver(deps, p)));
  for (const outcome of outcomes) {
    if ('cancelled' in outcome.result) result.cancelled++;
    else if (outcome.result.ok) result.sent++;
    else result.failed++;
  }
  await recordOutcomes(db.prisma, workerId, outcomes, clock.now(), {
    maxAttempts: settings.maxAttempts,
    baseMs: settings.retryBaseMs,
    maxMs: settings.retryMaxMs,
  });
  return result;
}

async function deliver(deps: DeliveryDeps, prepared: Prepared): Promise<Outcome> {
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
      result = deps.email
        ? await deps.email.send(prepared.email)
        : { ok: false, permanent: false, error: 'email is not configured (SMTP_URL)' };
      break;
    case 'webhook':
      result = await deps.webhooks.send(prepared.webhook, deps.clock.now());
      break;
  }
  if (!('cancelled' in result) && !result.ok)
    deps.log.warn({ reminderId: id, attempts, error: result.error }, 'reminder delivery failed');
  return { id, attempts, result };
}

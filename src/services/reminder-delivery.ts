// Reminder delivery as use cases for the worker: claim what is due, decide for each claimed
// reminder whether it is still worth sending (and render it), and record what happened.
// The worker (src/reminders/worker.ts) does the sending in between.
import {
  claimDueReminders,
  loadDeliveries,
  markClaimedReminderCancelled,
  markReminderAttemptFailed,
  markRemindersSent,
  type DeliveryRow,
} from '../db/reminders.js';
import type { Tx } from '../db/transaction.js';
import type { OutgoingEmail } from '../reminders/email.js';
import { advocateEmail, petitionerEmail, webhookEvent } from '../reminders/messages.js';
import { retryDelayMs, type RetryPolicy } from '../reminders/retry.js';
import type { SecretBox } from '../reminders/secrets.js';
import type { CancelReason, ReminderChannel } from '../reminders/types.js';
import type { DeliveryResult, OutgoingWebhook } from '../reminders/webhook.js';

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
  if (row.deadline?.status === 'MET') return { ...base, action: 'cancel', reason: 'DEADLINE_MET' };
  if (!row.deadline || row.deadline.status !== 'OPEN')
    return { ...base, action: 'cancel', reason: 'DEADLINE_SUPERSEDED' };
  if (row.deadline.revision !== reminder.deadlineRevision)
    return { ...base, action: 'cancel', reason: 'DEADLINE_MOVED' };

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
          body: JSON.stringify(webhookEvent(reminder, reminder.payload)),
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

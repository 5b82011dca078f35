// Reminder delivery, one round at a time: claim what is due, decide for each claimed reminder
// whether it is still worth sending (and render it), send it through the email and webhook
// senders src/runtime.ts built, and record what happened. The worker loop
// (src/workers/reminder-loop.ts) runs rounds; this file is what one round does.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../adapters/clock.js';
import type { EmailSender, OutgoingEmail } from '../adapters/email.js';
import type { SecretBox } from '../adapters/secret-box.js';
import type { DeliveryResult, OutgoingWebhook, WebhookSender } from '../adapters/webhook.js';
import type { ReminderSettings } from '../config.js';
import type { Database } from '../db/client.js';
import {
  claimDueReminders,
  claimReminderNow,
  findReminder,
  loadDeliveries,
  markClaimedReminderCancelled,
  extendReminderLease,
  markReminderAttemptFailed,
  markReminderSent,
  releaseClaimedReminder,
  type CancelReason,
  type DeliveryRow,
  type Locale,
  type ReminderChannel,
  type ReminderRecord,
} from '../db/reminders.js';
import type { Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { DomainError, notFound } from './errors.js';
import { inTransaction } from './transaction.js';
import { advocateEmail, petitionerEmail, webhookEvent } from '../reminders/messages.js';
import { changeWebhookEvent } from '../reminders/notices.js';
import { contactLinkToken, petitionerUrl } from './petitioner-links.js';
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

/** The petitioner's page for a contact's email: its live link (a MAC of the row id), or null. */
function contactPageUrl(
  link: { id: string; expiresAt: Date } | null,
  now: Date,
  options: Pick<PrepareOptions, 'box' | 'publicBaseUrl'>,
): string | null {
  if (link === null || link.expiresAt.getTime() <= now.getTime()) return null;
  return petitionerUrl(options.publicBaseUrl, contactLinkToken(options.box, link.id).token);
}

/** Why a reminder due now is no longer worth sending (or cannot be), from its row as it is now; null: send it. */
export function notToSend(
  row: DeliveryRow,
  now: Date,
  maxAttempts: number,
):
  | { action: 'cancel'; reason: CancelReason }
  | { action: 'fail'; error: string; permanent: boolean }
  | null {
  const { reminder } = row;
  if (reminder.attempts > maxAttempts) {
    return {
      action: 'fail',
      permanent: true,
      error: `gave up after ${maxAttempts} attempts (a worker stopped while delivering)`,
    };
  }
  if (now.getTime() >= Date.parse(reminder.expiresAt)) {
    return reminder.attempts > 1
      ? {
          action: 'fail',
          permanent: true,
          error: `the deadline passed before delivery succeeded (last error: ${reminder.lastError ?? 'none'})`,
        }
      : { action: 'cancel', reason: 'DEADLINE_PASSED' };
  }
  if (!row.caseOpen) return { action: 'cancel', reason: 'CASE_CLOSED' };
  // A change notice tells of a move that happened: a later move or the act being done does not
  // make it untrue (a later move sends a notice of its own).
  if (reminder.payload.schedule !== 'CHANGE') {
    if (row.deadline?.status === 'MET') return { action: 'cancel', reason: 'DEADLINE_MET' };
    if (!row.deadline || row.deadline.status !== 'OPEN')
      return { action: 'cancel', reason: 'DEADLINE_SUPERSEDED' };
    if (row.deadline.revision !== reminder.deadlineRevision)
      return { action: 'cancel', reason: 'DEADLINE_MOVED' };
  }
  return null;
}

/** A reminder's message for its recipient, exactly as it is sent (the webhook body as JSON text). */
export type RenderedReminder =
  | { channel: 'EMAIL'; locale: Locale; email: OutgoingEmail }
  | { channel: 'WEBHOOK'; url: string; body: string };

/** How a contact's email links to its opt-out and to the petitioner's own page. */
export interface ContactLinks {
  optOutUrl: (contactId: string) => string;
  /** The page's address for the contact's link (null: none, or no longer live). */
  pageUrl: (link: { id: string; expiresAt: Date } | null) => string | null;
}

/**
 * Renders a reminder for its recipient as they are now; a cancel reason when the recipient is
 * gone (opted out, unassigned, disabled). `links` makes a contact's opt-out and page links. The one
 * rendering the worker sends and the preview shows.
 */
export function renderReminder(
  row: DeliveryRow,
  links: ContactLinks,
): RenderedReminder | { cancel: CancelReason } {
  const { reminder } = row;
  switch (reminder.recipientType) {
    case 'CONTACT': {
      const contact = row.contact;
      if (!contact || contact.optedOut) return { cancel: 'OPTED_OUT' };
      const url = links.optOutUrl(reminder.recipientId);
      // Discreet unless the contact chose the full wording (src/reminders/messages.ts).
      const message = petitionerEmail(reminder.payload, contact.locale, url, {
        discreet: contact.discreet,
        pageUrl: links.pageUrl(contact.link),
      });
      return {
        channel: 'EMAIL',
        locale: contact.locale,
        email: { to: contact.email, ...message, reminderId: reminder.id, unsubscribeUrl: url },
      };
    }
    case 'ADVOCATE': {
      const advocate = row.advocate;
      if (!advocate || !advocate.active || !advocate.assigned || advocate.email === null)
        return { cancel: 'RECIPIENT_REMOVED' };
      const message = advocateEmail(reminder.payload, reminder.id);
      return {
        channel: 'EMAIL',
        locale: 'en',
        email: { to: advocate.email, ...message, reminderId: reminder.id, unsubscribeUrl: null },
      };
    }
    case 'WEBHOOK': {
      const endpoint = row.endpoint;
      if (!endpoint || !endpoint.enabled) return { cancel: 'RECIPIENT_REMOVED' };
      return {
        channel: 'WEBHOOK',
        url: endpoint.url,
        body: JSON.stringify(
          reminder.payload.schedule === 'CHANGE'
            ? changeWebhookEvent(reminder, reminder.payload)
            : webhookEvent(reminder, reminder.payload),
        ),
      };
    }
  }
}

function prepareOne(row: DeliveryRow, now: Date, options: PrepareOptions): Prepared {
  const { reminder } = row;
  const base = { id: reminder.id, attempts: reminder.attempts };
  const skip = notToSend(row, now, options.maxAttempts);
  if (skip) return { ...base, ...skip };
  const rendered = renderReminder(row, {
    optOutUrl: (contactId) =>
      `${options.publicBaseUrl}/opt-out/${options.box.optOutToken(contactId)}`,
    pageUrl: (link) => contactPageUrl(link, now, options),
  });
  if ('cancel' in rendered) return { ...base, action: 'cancel', reason: rendered.cancel };
  if (rendered.channel === 'EMAIL') return { ...base, action: 'email', email: rendered.email };
  const endpoint = row.endpoint!;
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
    webhook: { url: rendered.url, id: reminder.id, body: rendered.body, secrets },
  };
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

/** Records one outcome: SENT, CANCELLED, a retry after backoff, or FAILED. */
export async function recordOutcome(
  db: Tx,
  workerId: string,
  outcome: Outcome,
  now: Date,
  policy: RetryPolicy,
): Promise<void> {
  const result = outcome.result;
  if ('cancelled' in result) {
    await markClaimedReminderCancelled(db, outcome.id, workerId, result.cancelled, now);
  } else if (result.ok) {
    await markReminderSent(db, outcome.id, now);
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
  /** Claimed but given back unattempted (the lease could have ended mid-delivery, or stopping). */
  released: number;
}

/** The channels a worker with these senders claims. */
export const deliveryChannels = (email: EmailSender | null): ReminderChannel[] =>
  email ? ['EMAIL', 'WEBHOOK'] : ['WEBHOOK'];

/**
 * The lease on a claimed batch: extended while the batch is worked on (every third of the
 * lease), so a slow relay never lets another worker claim a reminder being delivered; and the
 * end a delivery must be able to finish before, to start at all.
 */
class BatchLease {
  private end: number;
  private readonly held: Set<string>;
  private timer: NodeJS.Timeout | undefined;
  private extending: Promise<void> | undefined;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly workerId: string,
    ids: string[],
    claimedAt: Date,
  ) {
    this.held = new Set(ids);
    this.end = claimedAt.getTime() + deps.settings.leaseMs;
    this.timer = setInterval(() => void this.extend(), Math.max(deps.settings.leaseMs / 3, 50));
    this.timer.unref();
  }

  /** Whether a delivery taking up to `boundMs` from now would end inside the lease. */
  allows(boundMs: number): boolean {
    return this.deps.clock.now().getTime() + boundMs < this.end;
  }

  /** The reminder is recorded (or given back): no longer this batch's to keep. */
  finished(id: string): void {
    this.held.delete(id);
  }

  private async extend(): Promise<void> {
    if (this.extending || this.held.size === 0) return;
    const { db, clock, settings, log } = this.deps;
    const at = clock.now().getTime();
    this.extending = extendReminderLease(
      db.prisma,
      [...this.held],
      this.workerId,
      new Date(at + settings.leaseMs),
    ).then(
      (still) => {
        this.end = at + settings.leaseMs;
        // A reminder no longer held was recorded meanwhile, or taken over: not ours to extend.
        const kept = new Set(still);
        for (const id of this.held) if (!kept.has(id)) this.held.delete(id);
      },
      (error: unknown) =>
        log.warn({ err: error }, 'could not extend the reminder lease; deliveries stop at its end'),
    );
    await this.extending;
    this.extending = undefined;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.extending;
  }
}

/**
 * One round for worker `workerId`: claim a batch, deliver it, and record each outcome as soon
 * as it is known. A delivery starts only while it can end inside the lease (extended as the
 * batch goes on); one that could not, or any not started when `stopping()` turns true, is given
 * back unattempted. So a slow relay, or a database that cannot extend the lease for a while,
 * never has two workers deliver the same reminder.
 */
export async function deliverDueReminders(
  deps: DeliveryDeps,
  workerId: string,
  stopping: () => boolean = () => false,
): Promise<DeliveryRound> {
  const { db, clock, settings, box } = deps;
  const now = clock.now();
  const result: DeliveryRound = { claimed: 0, sent: 0, failed: 0, cancelled: 0, released: 0 };
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
  const lease = new BatchLease(deps, workerId, ids, now);
  const policy: RetryPolicy = {
    maxAttempts: settings.maxAttempts,
    baseMs: settings.retryBaseMs,
    maxMs: settings.retryMaxMs,
  };
  try {
    const prepared = await prepareDeliveries(db.prisma, ids, now, {
      box,
      publicBaseUrl: deps.publicBaseUrl,
      maxAttempts: settings.maxAttempts,
    });
    // Emails go through as many at a time as the SMTP pool has connections, so a delivery
    // "starts" when its message does, not when it joins the pool's queue; the rest all at once.
    const emails = prepared.filter((p) => p.action === 'email');
    const others = prepared.filter((p) => p.action !== 'email');
    const work = async (queue: Prepared[]): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const sends = next.action === 'email' || next.action === 'webhook';
        if (sends && (stopping() || !lease.allows(settings.webhookTimeoutMs))) {
          await releaseClaimedReminder(db.prisma, next.id, workerId, clock.now());
          lease.finished(next.id);
          result.released++;
          continue;
        }
        const outcome = await deliver(deps, next);
        await recordOutcome(db.prisma, workerId, outcome, clock.now(), policy);
        lease.finished(next.id);
        if ('cancelled' in outcome.result) result.cancelled++;
        else if (outcome.result.ok) result.sent++;
        else result.failed++;
      }
    };
    await Promise.all([
      ...Array.from({ length: deps.email?.connections ?? 1 }, () => work(emails)),
      ...others.map(() => work(others)),
    ]);
  } finally {
    await lease.stop();
  }
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

// ---- At once ------------------------------------------------------------------------------

/**
 * Sends one reminder now, whatever its due time (an admin checking a fresh install, or a
 * reminder that must not wait): claimed like a worker would (so no worker sends it too), then
 * checked, rendered, sent and recorded exactly as in a round. PENDING and FAILED reminders
 * only; a petitioner is never messaged in the quiet hours. Returns the reminder as it is after.
 */
export async function sendReminderNow(
  deps: DeliveryDeps,
  ctx: RequestContext,
  id: string,
): Promise<ReminderRecord> {
  const { db, settings } = deps;
  const organizationId = ctx.actor.organizationId;
  const now = ctx.now;
  const workerId = `send-now-${randomUUID()}`;
  await inTransaction(db, async (tx) => {
    const reminder = await findReminder(tx, organizationId, id);
    if (!reminder) throw notFound('reminder');
    const refuse = (why: string) => new DomainError('CONFLICT', why);
    switch (reminder.status) {
      case 'SENT':
        throw refuse(`the reminder was already sent (${reminder.sentAt ?? ''})`);
      case 'SENDING':
        throw refuse('the reminder is being sent right now');
      case 'CANCELLED':
        throw refuse(
          `the reminder was cancelled (${reminder.cancelReason ?? 'no reason'}) and will not be sent`,
        );
      case 'PENDING':
      case 'FAILED':
        break;
    }
    const quiet = settings.quietHours;
    if (reminder.recipientType === 'CONTACT' && quiet !== null && inQuietHours(now, quiet)) {
      throw refuse(
        `petitioners are not messaged in the quiet hours (REMINDER_QUIET_HOURS ${quiet.from}-${quiet.to}, court time); send it from ${quiet.to}, or let it go at ${reminder.dueAt}`,
      );
    }
    if (reminder.channel === 'EMAIL' && deps.email === null)
      throw refuse('email is not configured on this server (SMTP_URL)');
    const claimed = await claimReminderNow(tx, {
      organizationId,
      id,
      workerId,
      now,
      leaseEnds: new Date(now.getTime() + settings.leaseMs),
    });
    if (!claimed) throw refuse('the reminder changed meanwhile; look at it again');
    await audit(
      tx,
      ctx,
      'reminder.send_now',
      { type: 'reminder', id },
      { channel: reminder.channel, recipientType: reminder.recipientType },
    );
  });
  const [prepared] = await prepareDeliveries(db.prisma, [id], now, {
    box: deps.box,
    publicBaseUrl: deps.publicBaseUrl,
    maxAttempts: settings.maxAttempts,
  });
  if (prepared) {
    await recordOutcome(db.prisma, workerId, await deliver(deps, prepared), deps.clock.now(), {
      maxAttempts: settings.maxAttempts,
      baseMs: settings.retryBaseMs,
      maxMs: settings.retryMaxMs,
    });
  }
  return (await findReminder(db.prisma, organizationId, id))!;
}

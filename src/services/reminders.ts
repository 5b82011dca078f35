// Reminders as use cases: keeping a case's reminder outbox in step with its deadlines (in
// the same transaction as the change that moves them), petitioner contacts with consent and
// opt-out, the clinic's webhook endpoints, and reading reminders back.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SecretBox } from '../adapters/secret-box.js';
import { findCase, lockCase, type CaseRow } from '../db/cases.js';
import {
  assignedAdvocateEmails,
  findContact,
  findContactByEmail,
  findContactForOptOut,
  insertContact,
  listContacts,
  markContactOptedOut,
  markContactResumed,
  setContactDiscreet,
  type ContactRecord,
} from '../db/contacts.js';
import { revokeContactLinks, notifyPetitionerLinkRevoked } from '../db/petitioner-links.js';
import { deadlinesOfCase, type DeadlineRecord } from '../db/deadlines.js';
import {
  cancelPendingReminders,
  cancelRemindersTo,
  caseRecipients,
  caseRemindersForTenant,
  findReminder,
  insertReminders,
  openCaseIds,
  queryReminders,
  remindersOfCase,
  reviveReminders,
  type CancelReason,
  type CaseRecipients,
  type Locale,
  type NewReminder,
  type RecipientType,
  type ReminderChannel,
  type ReminderPayload,
  type ReminderRecord,
  type ReminderStatus,
} from '../db/reminders.js';
import type { Tx } from '../db/transaction.js';
import {
  countWebhookEndpoints,
  findWebhookEndpoint,
  lockOrganizationEndpoints,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  lockWebhookEndpointVersion,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type WebhookEndpointRecord,
} from '../db/webhooks.js';
import { nextAllowedTime } from '../reminders/retry.js';
import {
  allOccurrences,
  CATCH_UP,
  catchUpOccurrence,
  deadlinePassesAt,
  scheduleFor,
  type Audience,
  type Occurrence,
} from '../reminders/schedule.js';
import { audit } from './audit.js';
import { isChangeNotice } from './change-notices.js';
import type { QuietHours, RequestContext } from './context.js';
import { DomainError, invalidInput, notAllowed, notFound } from './errors.js';
import { createContactLink } from './petitioner-links.js';
import { decodeCursor, toPage, type Page } from './pagination.js';
import { checkPrecondition, type Precondition } from './preconditions.js';
import { isLocalName, isPublicAddress, literalAddressOf, type HostAllowList } from '../net.js';

export type {
  ContactRecord,
  Locale,
  RecipientType,
  ReminderRecord,
  ReminderStatus,
  WebhookEndpointRecord,
};
export { LOCALES, RECIPIENT_TYPES, REMINDER_STATUSES } from '../db/reminders.js';

// ---- Synchronisation --------------------------------------------------------------------

interface Recipient {
  type: RecipientType;
  id: string;
  channel: ReminderChannel;
  /** A webhook endpoint's last change: "immediately" reminders of older deadlines are not its. */
  activeSince?: Date;
}

function recipientsFor(audiences: readonly Audience[], all: CaseRecipients): Recipient[] {
  const out: Recipient[] = [];
  for (const audience of audiences) {
    switch (audience) {
      case 'PETITIONER':
        for (const c of all.contacts) out.push({ type: 'CONTACT', id: c.id, channel: 'EMAIL' });
        break;
      case 'ADVOCATE':
        for (const a of all.advocates) out.push({ type: 'ADVOCATE', id: a.id, channel: 'EMAIL' });
        break;
      case 'WEBHOOK':
        for (const w of all.webhooks)
          out.push({ type: 'WEBHOOK', id: w.id, channel: 'WEBHOOK', activeSince: w.activeSince });
        break;
    }
  }
  return out;
}

const naturalKey = (r: {
  deadlineId: string;
  deadlineRevision: number;
  occurrence: string;
  recipientType: RecipientType;
  recipientId: string;
}): string =>
  `${r.deadlineId}/${r.deadlineRevision}/${r.occurrence}/${r.recipientType}/${r.recipientId}`;

function cancelReasonOf(
  reminder: ReminderRecord,
  caseOpen: boolean,
  deadline: DeadlineRecord | undefined,
  recipients: CaseRecipients,
): CancelReason {
  if (!caseOpen) return 'CASE_CLOSED';
  if (deadline?.status === 'MET') return 'DEADLINE_MET';
  if (!deadline || deadline.status === 'SUPERSEDED') return 'DEADLINE_SUPERSEDED';
  if (deadline.revision !== reminder.deadlineRevision) return 'DEADLINE_MOVED';
  const present = {
    CONTACT: recipients.contacts,
    ADVOCATE: recipients.advocates,
    WEBHOOK: recipients.webhooks,
  }[reminder.recipientType].some((r) => r.id === reminder.recipientId);
  if (!present) return reminder.recipientType === 'CONTACT' ? 'OPTED_OUT' : 'RECIPIENT_REMOVED';
  return 'DEADLINE_MOVED';
}

/** When a synchronisation happens, and whether it may send catch-ups. */
export interface ReminderTiming {
  now: Date;
  quietHours?: QuietHours | undefined;
  /**
   * A case, event, assignment or contact was recorded: a deadline (revision) whose scheduled
   * reminders partly passed before it ever reached a recipient gets one catch-up reminder for
   * that recipient. Off for organization-wide resynchronisations (a new webhook endpoint is
   * not sent every open act at once).
   */
  catchUp: boolean;
}

/** A person's change, recorded now: catch-ups for what it brings in late, after quiet hours. */
export const recordedNow = (ctx: Pick<RequestContext, 'now' | 'quietHours'>): ReminderTiming => ({
  now: ctx.now,
  quietHours: ctx.quietHours,
  catchUp: true,
});

const recipientKey = (r: {
  deadlineId: string;
  deadlineRevision: number;
  recipientType: RecipientType;
  recipientId: string;
}): string => `${r.deadlineId}/${r.deadlineRevision}/${r.recipientType}/${r.recipientId}`;

/**
 * The reminders a case's deadlines call for (pure): every occurrence of every schedule, by
 * natural key; the keys still to be sent (not in the past); and the catch-ups already made,
 * which are kept as they are. A deadline (revision) whose scheduled reminders partly passed
 * before it ever reached a recipient (a case recorded late) gets one catch-up for that
 * recipient at the next time outside the quiet hours, when `timing.catchUp` allows it. What
 * synchronisation compares with the outbox, and what a new case (a bulk import) enqueues as it is.
 */
export function plannedReminders(
  owner: Pick<CaseRow, 'id' | 'organizationId' | 'status' | 'court' | 'reference' | 'family'>,
  deadlines: readonly DeadlineRecord[],
  recipients: CaseRecipients,
  timing: ReminderTiming,
  /** The case's reminders already in the outbox (none for a new case). */
  existing: readonly ReminderRecord[] = [],
): { wanted: Map<string, NewReminder>; upcoming: Set<string>; kept: Set<string> } {
  const { now } = timing;
  const organizationId = owner.organizationId;
  const caseId = owner.id;
  const byKey = new Map(deadlines.map((d) => [d.key, d]));
  const caseOpen = owner.status === 'OPEN';
  // Which (deadline revision, recipient) pairs have ever had a reminder, and their catch-ups.
  const reached = new Set(existing.map(recipientKey));
  const catchUps = new Map(
    existing.filter((r) => r.occurrence === CATCH_UP).map((r) => [recipientKey(r), r]),
  );
  const sendAt = nextAllowedTime(now, timing.quietHours ?? null);

  const wanted = new Map<string, NewReminder>();
  const upcoming = new Set<string>();
  const kept = new Set<string>();
  if (caseOpen) {
    for (const deadline of deadlines) {
      if (deadline.status !== 'OPEN') continue;
      const windowOpens = byKey.get('RENEWAL_WINDOW_OPENS')?.date;
      const schedule = scheduleFor({
        kind: deadline.kind,
        date: deadline.date,
        court: owner.court,
        renewalWindowOpens: windowOpens,
      });
      if (!schedule) continue;
      const to = recipientsFor(schedule.audiences, recipients);
      if (to.length === 0) continue;
      const expiresAt = deadlinePassesAt(deadline);
      const renewal = schedule.name === 'RENEWAL';
      const payloadFor = (sendDate: string | null, catchUp: boolean): ReminderPayload => ({
        schedule: schedule.name,
        deadline: {
          id: deadline.id,
          key: deadline.key,
          kind: deadline.kind,
          date: deadline.date,
          at: deadline.at,
        },
        case: {
          id: owner.id,
          reference: owner.reference,
          family: owner.family,
          court: owner.court,
        },
        orderExpires: renewal ? (byKey.get('ORDER_EXPIRES')?.date ?? null) : null,
        windowOpens: renewal ? (windowOpens ?? null) : null,
        sendDate,
        ...(catchUp && { catchUp: true }),
      });
      const reminderFor = (
        recipient: Recipient,
        occurrence: Occurrence,
        payload: ReminderPayload,
      ): NewReminder => ({
        organizationId,
        caseId,
        deadlineId: deadline.id,
        deadlineRevision: deadline.revision,
        occurrence: occurrence.occurrence,
        recipientType: recipient.type,
        recipientId: recipient.id,
        channel: recipient.channel,
        dueAt: occurrence.dueAt,
        expiresAt,
        payload,
      });
      for (const occurrence of allOccurrences(schedule, deadline.date, now)) {
        if (occurrence.dueAt >= expiresAt) continue;
        const payload = payloadFor(occurrence.date, false);
        for (const recipient of to) {
          const reminder = reminderFor(recipient, occurrence, payload);
          const key = naturalKey(reminder);
          wanted.set(key, reminder);
          // A past occurrence is not sent late; "immediately" is due now — except to a webhook
          // endpoint added (or re-enabled) after the deadline was computed: a new endpoint does
          // not receive the backlog of the organization's "immediately" reminders.
          const backlog =
            occurrence.date === null &&
            recipient.activeSince !== undefined &&
            new Date(deadline.computedAt) < recipient.activeSince;
          if (!backlog && (occurrence.date === null || occurrence.dueAt >= now)) upcoming.add(key);
        }
      }
      const catchUp = catchUpOccurrence(schedule, deadline.date, expiresAt, now, sendAt);
      for (const recipient of to) {
        const pair = recipientKey({
          deadlineId: deadline.id,
          deadlineRevision: deadline.revision,
          recipientType: recipient.type,
          recipientId: recipient.id,
        });
        const made = catchUps.get(pair);
        if (made) {
          // Already scheduled: keep it (it is not re-sent, nor revived once cancelled).
          kept.add(naturalKey(made));
        } else if (catchUp && timing.catchUp && !reached.has(pair)) {
          const reminder = reminderFor(recipient, catchUp, payloadFor(catchUp.date, true));
          const key = naturalKey(reminder);
          wanted.set(key, reminder);
          upcoming.add(key);
        }
      }
    }
  }

  return { wanted, upcoming, kept };
}

/**
 * Brings a case's reminder outbox in line with its deadlines and recipients, in the caller's
 * transaction: schedules what is now due to be sent (a moved deadline's reminders are
 * scheduled anew under new ids), cancels pending reminders that no longer apply (moved, met,
 * superseded, opted out, case closed). A deadline that reaches a recipient only after some of
 * its reminders would have gone out (a case recorded late) gets one catch-up at the next time
 * outside the quiet hours (`timing.catchUp`). Idempotent: running it twice changes nothing.
 */
export async function synchroniseCaseReminders(
  tx: Tx,
  organizationId: string,
  caseId: string,
  timing: ReminderTiming,
  /** The case and its deadlines when the caller (a recomputation) already has them. */
  known?: { owner: CaseRow; deadlines: DeadlineRecord[] },
): Promise<void> {
  const { now } = timing;
  const owner = known?.owner ?? (await findCase(tx, organizationId, caseId));
  if (!owner) return;
  const [deadlines, recipients, existing] = await Promise.all([
    known?.deadlines ?? deadlinesOfCase(tx, caseId),
    caseRecipients(tx, organizationId, caseId),
    remindersOfCase(tx, caseId),
  ]);
  const changes = reminderChanges(owner, deadlines, recipients, existing, timing);
  for (const [reason, ids] of changes.cancel) await cancelPendingReminders(tx, ids, reason, now);
  await reviveReminders(tx, changes.revive, now);
  await insertReminders(tx, changes.insert);
}

/** What synchronising a case's outbox changes (pure): whom to cancel (and why), revive, enqueue. */
export interface ReminderChanges {
  cancel: Map<CancelReason, string[]>;
  revive: string[];
  insert: NewReminder[];
}

export function reminderChanges(
  owner: Parameters<typeof plannedReminders>[0],
  deadlines: readonly DeadlineRecord[],
  recipients: CaseRecipients,
  existing: readonly ReminderRecord[],
  timing: ReminderTiming,
): ReminderChanges {
  const byId = new Map(deadlines.map((d) => [d.id, d]));
  const caseOpen = owner.status === 'OPEN';
  const { wanted, upcoming, kept } = plannedReminders(
    owner,
    deadlines,
    recipients,
    timing,
    existing,
  );

  const existingKeys = new Set<string>();
  const cancel = new Map<CancelReason, string[]>();
  const revive: string[] = [];
  for (const reminder of existing) {
    const key = naturalKey(reminder);
    existingKeys.add(key);
    // Change notices are not scheduled from the deadlines: delivery decides on them.
    if (isChangeNotice(reminder)) continue;
    if (reminder.status === 'PENDING' && !wanted.has(key) && !kept.has(key)) {
      const reason = cancelReasonOf(reminder, caseOpen, byId.get(reminder.deadlineId), recipients);
      cancel.set(reason, [...(cancel.get(reason) ?? []), reminder.id]);
    } else if (reminder.status === 'CANCELLED' && upcoming.has(key)) {
      revive.push(reminder.id);
    }
  }
  return {
    cancel,
    revive,
    insert: [...upcoming].filter((key) => !existingKeys.has(key)).map((key) => wanted.get(key)!),
  };
}

/** Re-synchronises every open case of an organization (a new or re-enabled webhook endpoint). */
async function synchroniseOrganization(tx: Tx, organizationId: string, now: Date): Promise<void> {
  for (const caseId of await openCaseIds(tx, organizationId))
    await synchroniseCaseReminders(tx, organizationId, caseId, { now, catchUp: false });
}

// ---- Contacts ---------------------------------------------------------------------------

export interface NewContact {
  email: string;
  locale?: Locale;
  /** When the petitioner agreed to reminders at this address. */
  consentAt: string;
  /** How they agreed (the web app asks: in_person, phone, written, email). */
  consentMethod?: string;
  /** Discreet reminders (default true): no reference, no court words on the lock screen. */
  discreet?: boolean;
}

/** How consent can be given (the web app's choices). */
export const CONSENT_METHODS = ['in_person', 'phone', 'written', 'email'] as const;

/** An address as compared and stored: trimmed, lowercased. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

async function lockedCase(tx: Tx, organizationId: string, caseId: string) {
  const owner = await lockCase(tx, organizationId, caseId);
  if (!owner) throw notFound('case');
  return owner;
}

/**
 * Records a contact the petitioner agreed to. The address is stored trimmed and lowercased, and
 * a case has each address once (409 naming body.email). With the secrets `box`, a link to the
 * petitioner's page is made for the contact's reminder emails.
 */
export async function addContact(
  tx: Tx,
  ctx: RequestContext,
  caseId: string,
  input: NewContact,
  box?: SecretBox,
): Promise<ContactRecord> {
  const organizationId = ctx.actor.organizationId;
  await lockedCase(tx, organizationId, caseId);
  const consentAt = new Date(input.consentAt);
  if (consentAt.getTime() > ctx.now.getTime() + 5 * 60_000)
    throw invalidInput([{ name: 'body.consentAt', reason: 'is in the future' }]);
  const email = normaliseEmail(input.email);
  if (await findContactByEmail(tx, caseId, email))
    throw new DomainError(
      'CONFLICT',
      'body.email: this case already has a contact at this address',
      [{ name: 'body.email', reason: 'this case already has a contact at this address' }],
    );
  const contact = await insertContact(tx, {
    organizationId,
    caseId,
    email,
    locale: input.locale ?? 'en',
    consentAt,
    consentMethod: input.consentMethod ?? null,
    discreet: input.discreet ?? true,
  });
  if (box) await createContactLink(tx, box, contact, ctx.now);
  await synchroniseCaseReminders(tx, organizationId, caseId, recordedNow(ctx));
  await audit(
    tx,
    ctx,
    'contact.create',
    { type: 'contact', id: contact.id },
    { caseId, locale: contact.locale, discreet: contact.discreet },
  );
  return contact;
}

export async function contactsOfCase(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<ContactRecord[]> {
  if (!(await findCase(tx, organizationId, caseId))) throw notFound('case');
  return listContacts(tx, organizationId, caseId);
}

async function stopContact(tx: Tx, contact: ContactRecord, now: Date): Promise<void> {
  await markContactOptedOut(tx, contact.id, now);
  // The page link its emails carried stops too (a new one comes with a fresh consent).
  for (const prefix of await revokeContactLinks(tx, contact.id, now))
    await notifyPetitionerLinkRevoked(tx, prefix);
  await cancelRemindersTo(
    tx,
    contact.organizationId,
    { type: 'CONTACT', id: contact.id },
    'OPTED_OUT',
    now,
  );
}

/** An advocate records that the petitioner asked to stop (by phone, in person...). */
export async function optOutContact(
  tx: Tx,
  ctx: RequestContext,
  contactId: string,
): Promise<ContactRecord> {
  const organizationId = ctx.actor.organizationId;
  const contact = await findContact(tx, organizationId, contactId);
  if (!contact) throw notFound('contact');
  await stopContact(tx, contact, ctx.now);
  await audit(
    tx,
    ctx,
    'contact.opt_out',
    { type: 'contact', id: contact.id },
    { caseId: contact.caseId },
  );
  return (await findContact(tx, organizationId, contactId))!;
}

/** Who to tell that a petitioner stopped reminders by the link in an email, and about which case. */
export interface OptOutNotice {
  caseId: string;
  reference: string;
  at: string;
  /** The assigned, active advocates' addresses. */
  advocates: string[];
}

/**
 * The petitioner's own opt-out link (after the page asked). False for a link that is not ours
 * (nothing is said about why); true for one already used; otherwise who to tell: the case's
 * advocates learn of it (the case page shows it; the caller emails them after the commit).
 */
export async function optOutByLink(
  tx: Tx,
  box: SecretBox,
  token: string,
  now: Date,
  requestId: string | null,
): Promise<OptOutNotice | boolean> {
  const contactId = box.contactOfOptOutToken(token);
  if (contactId === null) return false;
  const contact = await findContactForOptOut(tx, contactId);
  if (!contact) return false;
  if (contact.optedOutAt !== null) return true;
  await stopContact(tx, contact, now);
  await audit(
    tx,
    {
      actor: {
        organizationId: contact.organizationId,
        apiKeyId: null,
        label: 'opt-out link',
        scopes: [],
      },
      requestId,
      now,
    },
    'contact.opt_out',
    { type: 'contact', id: contact.id },
    { caseId: contact.caseId, via: 'link' },
  );
  const owner = await findCase(tx, contact.organizationId, contact.caseId);
  return {
    caseId: contact.caseId,
    reference: owner?.reference ?? '',
    at: now.toISOString(),
    advocates: await assignedAdvocateEmails(tx, contact.caseId),
  };
}

export interface FreshConsent {
  /** When the petitioner agreed again (after the opt-out, not in the future). */
  consentAt: string;
  /** How: in_person, phone, written or email. */
  consentMethod: string;
}

/**
 * Restarts reminders to a contact that opted out, only with a fresh consent recorded: its time
 * (after the opt-out) and how it was given. 409 for a contact whose reminders never stopped.
 */
export async function resumeContact(
  tx: Tx,
  ctx: RequestContext,
  contactId: string,
  consent: FreshConsent,
  box?: SecretBox,
): Promise<ContactRecord> {
  const organizationId = ctx.actor.organizationId;
  const contact = await findContact(tx, organizationId, contactId);
  if (!contact) throw notFound('contact');
  await lockedCase(tx, organizationId, contact.caseId);
  if (contact.optedOutAt === null)
    throw new DomainError('CONFLICT', "this contact's reminders have not stopped");
  const problems = [];
  const consentAt = new Date(consent.consentAt);
  if (Number.isNaN(consentAt.getTime()))
    problems.push({ name: 'body.consentAt', reason: 'a date and time' });
  else if (consentAt.getTime() > ctx.now.getTime() + 5 * 60_000)
    problems.push({ name: 'body.consentAt', reason: 'is in the future' });
  else if (consentAt.getTime() <= Date.parse(contact.optedOutAt))
    problems.push({
      name: 'body.consentAt',
      reason: 'must be after the reminders stopped: a fresh consent',
    });
  if (!(CONSENT_METHODS as readonly string[]).includes(consent.consentMethod))
    problems.push({ name: 'body.consentMethod', reason: `one of ${CONSENT_METHODS.join(', ')}` });
  if (problems.length > 0) throw invalidInput(problems);
  await markContactResumed(tx, contact.id, {
    consentAt,
    consentMethod: consent.consentMethod,
  });
  const resumed = (await findContact(tx, organizationId, contactId))!;
  if (box) await createContactLink(tx, box, resumed, ctx.now);
  await synchroniseCaseReminders(tx, organizationId, contact.caseId, recordedNow(ctx));
  await audit(
    tx,
    ctx,
    'contact.resume',
    { type: 'contact', id: contact.id },
    {
      caseId: contact.caseId,
      consentAt: consentAt.toISOString(),
      consentMethod: consent.consentMethod,
    },
  );
  return resumed;
}

/** Discreet or full wording for a contact's reminders (those not yet sent follow it). */
export async function setContactWording(
  tx: Tx,
  ctx: RequestContext,
  contactId: string,
  discreet: boolean,
): Promise<ContactRecord> {
  const organizationId = ctx.actor.organizationId;
  const contact = await findContact(tx, organizationId, contactId);
  if (!contact) throw notFound('contact');
  await setContactDiscreet(tx, contact.id, discreet);
  await audit(
    tx,
    ctx,
    'contact.wording',
    { type: 'contact', id: contact.id },
    { caseId: contact.caseId, discreet },
  );
  return (await findContact(tx, organizationId, contactId))!;
}

// ---- Webhook endpoints ------------------------------------------------------------------

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** How long a rotated-out secret keeps signing beside the new one, unless the rotation says less. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

/**
 * Where webhook endpoints may point, set by the operator (src/runtime.ts builds it from
 * WEBHOOK_ALLOWED_HOSTS and WEBHOOK_ENDPOINTS_MAX).
 */
export interface WebhookPolicy {
  /** Internal hosts the operator allows (development, tests, an in-house receiver). */
  allowedHosts: HostAllowList;
  /** Endpoints one organization may have, enabled or not. */
  maxEndpoints: number;
}

/**
 * https to a public host; http only to a host the operator allows (development and tests).
 * A literal address that is not public (loopback, private, link-local, unique-local, multicast,
 * unspecified — in any spelling: `new URL` turns `2130706433` and `0x7f.1` into 127.0.0.1) and
 * `localhost` are refused here, unless allowed; host names are checked again, by the addresses
 * they resolve to, every time a reminder is sent (src/adapters/webhook.ts).
 */
function checkWebhookUrl(url: string, policy: WebhookPolicy): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidInput([{ name: 'body.url', reason: 'not a URL' }]);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw invalidInput([{ name: 'body.url', reason: 'must be https://' }]);
  if (parsed.username || parsed.password)
    throw invalidInput([{ name: 'body.url', reason: 'must not carry a user or password' }]);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const literal = literalAddressOf(host);
  const allowed =
    policy.allowedHosts.allowsName(host) ||
    (literal !== null && policy.allowedHosts.allowsAddress(literal));
  if (!allowed) {
    if (literal !== null && !isPublicAddress(literal))
      throw notAllowed({
        name: 'body.url',
        reason:
          'must not be a loopback, private, link-local, unique-local, multicast or unspecified address',
      });
    if (isLocalName(host))
      throw notAllowed({ name: 'body.url', reason: 'must not name this machine (localhost)' });
    if (parsed.protocol !== 'https:')
      throw invalidInput([{ name: 'body.url', reason: 'must be https://' }]);
  }
}

export async function createWebhookEndpoint(
  tx: Tx,
  ctx: RequestContext,
  box: SecretBox,
  policy: WebhookPolicy,
  input: { url: string; description?: string | null },
): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
  checkWebhookUrl(input.url, policy);
  // Serialised per organization, so two creations at once cannot both pass the cap.
  await lockOrganizationEndpoints(tx, ctx.actor.organizationId);
  if ((await countWebhookEndpoints(tx, ctx.actor.organizationId)) >= policy.maxEndpoints)
    throw new DomainError(
      'CONFLICT',
      `this organization already has ${policy.maxEndpoints} webhook endpoints (WEBHOOK_ENDPOINTS_MAX): delete or reuse one`,
    );
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const endpoint = await insertWebhookEndpoint(tx, {
    id,
    organizationId: ctx.actor.organizationId,
    url: input.url,
    description: input.description ?? null,
    secret: box.encrypt(secret, id),
  });
  await synchroniseOrganization(tx, ctx.actor.organizationId, ctx.now);
  await audit(
    tx,
    ctx,
    'webhook_endpoint.create',
    { type: 'webhook_endpoint', id },
    { host: new URL(input.url).host },
  );
  return { endpoint, secret };
}

export function webhookEndpointsOf(
  tx: Tx,
  organizationId: string,
): Promise<WebhookEndpointRecord[]> {
  return listWebhookEndpoints(tx, organizationId);
}

export async function getWebhookEndpoint(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<WebhookEndpointRecord> {
  const found = await findWebhookEndpoint(tx, organizationId, id);
  if (!found) throw notFound('webhook endpoint');
  return found;
}

export async function changeWebhookEndpoint(
  tx: Tx,
  ctx: RequestContext,
  policy: WebhookPolicy,
  id: string,
  expected: Precondition,
  changes: { url?: string; description?: string | null; enabled?: boolean },
): Promise<WebhookEndpointRecord> {
  const organizationId = ctx.actor.organizationId;
  checkPrecondition(
    expected,
    await lockWebhookEndpointVersion(tx, organizationId, id),
    'webhook endpoint',
  );
  const current = await getWebhookEndpoint(tx, organizationId, id);
  if (changes.url !== undefined) checkWebhookUrl(changes.url, policy);
  const enabling = changes.enabled === true && !current.enabled;
  const disabling = changes.enabled === false && current.enabled;
  const updated = (await updateWebhookEndpoint(tx, organizationId, id, {
    ...(changes.url !== undefined && { url: changes.url }),
    ...(changes.description !== undefined && { description: changes.description }),
    ...(enabling && { disabledAt: null }),
    ...(disabling && { disabledAt: ctx.now }),
  }))!;
  if (disabling)
    await cancelRemindersTo(
      tx,
      organizationId,
      { type: 'WEBHOOK', id },
      'RECIPIENT_REMOVED',
      ctx.now,
    );
  if (enabling) await synchroniseOrganization(tx, organizationId, ctx.now);
  await audit(
    tx,
    ctx,
    'webhook_endpoint.update',
    { type: 'webhook_endpoint', id },
    { fields: Object.keys(changes).sort() },
  );
  return updated;
}

/**
 * A new secret, shown once. The old one signs too for `graceMs` (default ROTATION_OVERLAP_MS),
 * so receivers can switch without missing a reminder; 0 cuts it off at once (a leaked secret).
 */
export async function rotateWebhookEndpointSecret(
  tx: Tx,
  ctx: RequestContext,
  box: SecretBox,
  id: string,
  graceMs: number = ROTATION_OVERLAP_MS,
): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
  const organizationId = ctx.actor.organizationId;
  await getWebhookEndpoint(tx, organizationId, id);
  const secret = generateWebhookSecret();
  const endpoint = (await rotateWebhookSecret(
    tx,
    organizationId,
    id,
    box.encrypt(secret, id),
    graceMs > 0 ? new Date(ctx.now.getTime() + graceMs) : null,
  ))!;
  await audit(
    tx,
    ctx,
    'webhook_endpoint.rotate_secret',
    { type: 'webhook_endpoint', id },
    { graceSeconds: Math.round(graceMs / 1000) },
  );
  return { endpoint, secret };
}

// ---- Reading reminders ------------------------------------------------------------------

export interface ReminderSearch {
  statuses?: ReminderStatus[];
  caseId?: string;
  cursor?: string;
  limit: number;
}

export async function searchReminders(
  tx: Tx,
  organizationId: string,
  search: ReminderSearch,
): Promise<Page<ReminderRecord>> {
  const { cursor, limit, ...filters } = search;
  const afterId = cursor === undefined ? undefined : decodeCursor(cursor, filters, 1)[0];
  const rows = await queryReminders(tx, organizationId, filters, {
    ...(afterId && { afterId }),
    limit: limit + 1,
  });
  return toPage(rows, limit, (row) => [row.id], filters);
}

export async function remindersOfCaseForTenant(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<ReminderRecord[]> {
  if (!(await findCase(tx, organizationId, caseId))) throw notFound('case');
  return caseRemindersForTenant(tx, organizationId, caseId);
}

export async function getReminder(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<ReminderRecord> {
  const found = await findReminder(tx, organizationId, id);
  if (!found) throw notFound('reminder');
  return found;
}

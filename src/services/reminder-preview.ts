// What a case's reminders will say, before they are sent: each planned message rendered by the
// same functions the worker sends with, for the advocates (English) and for petitioners in
// English and Spanish — also when no petitioner contact is recorded yet, so an advocate can
// check the wording first (previewCaseReminders, grouped, for the web app's page); each planned
// reminder exactly as it will go to its recipient, and when (plannedReminders, for the API). And
// a test reminder to an advocate's own address.
import type { EmailSender } from '../adapters/email.js';
import type { SecretBox } from '../adapters/secret-box.js';
import { courtTimeOf, type DeadlineKind } from '../engine/index.js';
import { advocateEmail, petitionerEmail } from '../reminders/messages.js';
import type { Locale, ReminderPayload, ScheduleName } from '../db/reminders.js';
import { caseRemindersForTenant, loadDeliveries, type ReminderRecord } from '../db/reminders.js';
import { findCase } from '../db/cases.js';
import { nextAllowedTime } from '../reminders/retry.js';
import { notToSend, renderReminder, type RenderedReminder } from './reminder-delivery.js';
import { audit } from './audit.js';
import { getCase } from './cases.js';
import type { QuietHours, RequestContext } from './context.js';
import { deadlinesOfCaseForTenant } from './deadlines.js';
import { DomainError, notFound } from './errors.js';
import { contactsOfCase, remindersOfCaseForTenant } from './reminders.js';
import type { Tx } from './transaction.js';

/** Schedules petitioners receive (src/reminders/schedule.ts sends SERVICE and EPO to staff only). */
const PETITIONER_SCHEDULES: ReadonlySet<ScheduleName> = new Set(['RENEWAL', 'HEARING']);

export interface RenderedMessage {
  audience: 'ADVOCATE' | 'PETITIONER';
  locale: Locale;
  /** Who it goes to, when someone is recorded (a contact's address, "assigned advocates"). */
  to: string | null;
  subject: string;
  text: string;
}

export interface PlannedMessage {
  dueAt: string;
  occurrence: string;
  deadlineKind: DeadlineKind;
  deadlineDate: string;
  /** How many reminders (recipients) this planned message is. */
  recipients: number;
  messages: RenderedMessage[];
}

const LOCALES: Locale[] = ['en', 'es'];

export async function previewCaseReminders(
  tx: Tx,
  organizationId: string,
  caseId: string,
  box: SecretBox,
  publicBaseUrl: string,
): Promise<PlannedMessage[]> {
  const [reminders, contacts] = await Promise.all([
    remindersOfCaseForTenant(tx, organizationId, caseId),
    contactsOfCase(tx, organizationId, caseId),
  ]);
  const groups = new Map<string, typeof reminders>();
  for (const r of reminders.filter((r) => r.status === 'PENDING')) {
    const key = `${r.deadlineId}/${r.deadlineRevision}/${r.occurrence}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const planned: PlannedMessage[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const payload = first.payload;
    const messages: RenderedMessage[] = [];
    const toAdvocates = group.find((r) => r.recipientType === 'ADVOCATE');
    messages.push({
      audience: 'ADVOCATE',
      locale: 'en',
      to: toAdvocates ? 'the assigned advocates' : null,
      ...advocateEmail(payload, (toAdvocates ?? first).id),
    });
    if (PETITIONER_SCHEDULES.has(payload.schedule)) {
      for (const locale of LOCALES) {
        const contact = group
          .filter((r) => r.recipientType === 'CONTACT')
          .map((r) => contacts.find((c) => c.id === r.recipientId))
          .find((c) => c?.locale === locale);
        const optOut = contact
          ? `${publicBaseUrl}/opt-out/${box.optOutToken(contact.id)}`
          : `${publicBaseUrl}/opt-out/(a personal link for each contact)`;
        messages.push({
          audience: 'PETITIONER',
          locale,
          to: contact?.email ?? null,
          // Discreet unless the contact chose the full wording; the page's address is each
          // contact's own secret, so the preview shows where it goes, not the link itself.
          ...petitionerEmail(payload, locale, optOut, {
            discreet: contact?.discreet ?? true,
            pageUrl: `${publicBaseUrl}/p/${PAGE_PLACEHOLDER}`,
          }),
        });
      }
    }
    planned.push({
      dueAt: first.dueAt,
      occurrence: first.occurrence,
      deadlineKind: payload.deadline.kind,
      deadlineDate: payload.deadline.date,
      recipients: group.length,
      messages,
    });
  }
  return planned.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

const SCHEDULE_OF: Partial<Record<DeadlineKind, ScheduleName>> = {
  HEARING: 'HEARING',
  SERVICE_DEADLINE: 'SERVICE',
  EPO_EXPIRES: 'EPO',
  RENEWAL_DEADLINE: 'RENEWAL',
  RENEWAL_WINDOW_OPENS: 'RENEWAL',
};

export interface TestReminder {
  to: string;
  subject: string;
  text: string;
  /** False when no email server is set up (SMTP_URL): nothing was sent. */
  sent: boolean;
  error: string | null;
}

/**
 * Sends the advocates' reminder for the case's next open deadline, marked as a test, to the
 * signed-in person's own address — through the same email sender the worker uses.
 */
export async function sendTestReminder(
  tx: Tx,
  ctx: RequestContext,
  caseId: string,
  to: string,
  email: EmailSender | null,
): Promise<TestReminder> {
  const organizationId = ctx.actor.organizationId;
  const found = await getCase(tx, organizationId, caseId);
  const deadlines = await deadlinesOfCaseForTenant(tx, organizationId, caseId);
  const today = courtTimeOf(ctx.now.getTime()).date;
  const next = deadlines
    .filter((d) => d.status === 'OPEN' && d.date >= today && SCHEDULE_OF[d.kind])
    .sort((a, b) => a.date.localeCompare(b.date))[0];
  if (!next)
    throw new DomainError(
      'CONFLICT',
      'this case has no upcoming deadline to send a reminder about',
    );
  const byKind = (kind: DeadlineKind) =>
    deadlines.find((d) => d.kind === kind && d.status === 'OPEN');
  const payload: ReminderPayload = {
    schedule: SCHEDULE_OF[next.kind]!,
    deadline: { id: next.id, key: next.key, kind: next.kind, date: next.date, at: next.at },
    case: { id: found.id, reference: found.reference, family: found.family, court: found.court },
    orderExpires: byKind('ORDER_EXPIRES')?.date ?? null,
    windowOpens: byKind('RENEWAL_WINDOW_OPENS')?.date ?? null,
    sendDate: today,
  };
  const id = `test-${ctx.now.getTime()}`;
  const message = advocateEmail(payload, id);
  const subject = `[Test] ${message.subject}`;
  const text = `This is a test reminder, sent at your request. It is what an advocate on this case receives.\n\n${message.text}`;
  let sent = false;
  let error: string | null = null;
  if (email) {
    const result = await email.send({ to, subject, text, reminderId: id, unsubscribeUrl: null });
    sent = result.ok;
    error = result.ok ? null : result.error;
  }
  await audit(tx, ctx, 'reminder.test', { type: 'case', id: caseId }, { sent });
  return { to, subject, text, sent, error };
}

// ---- One by one, as sent (GET /v1/cases/{id}/reminders/preview) -------------------------

/** Shown instead of a petitioner's personal opt-out token, which only she should hold. */
export const OPT_OUT_PLACEHOLDER = '<personal link>';
/** Where a contact's page link goes in a preview (the token is the petitioner's secret). */
export const PAGE_PLACEHOLDER = '<private link>';

export interface PlannedReminder {
  reminder: ReminderRecord;
  /** When it will go: its due time, or the end of the quiet hours it falls in; never before now. */
  sendsAt: string;
  /** The message as it will be sent; null when it will not be (`notSent` says why). */
  message: RenderedReminder | null;
  /** Why it will not be sent after all (the recipient opted out, the deadline passed...). */
  notSent: string | null;
}

export interface PreviewOptions {
  now: Date;
  quietHours: QuietHours;
  /** PUBLIC_BASE_URL: the opt-out links' address (their personal token is not shown). */
  publicBaseUrl: string;
}

/**
 * The case's pending reminders one by one, soonest first, each rendered for its recipient as it
 * will be sent (the API's preview): the outbox as it stands, not a sample.
 */
export async function plannedReminders(
  tx: Tx,
  organizationId: string,
  caseId: string,
  options: PreviewOptions,
): Promise<PlannedReminder[]> {
  if (!(await findCase(tx, organizationId, caseId))) throw notFound('case');
  const pending = (await caseRemindersForTenant(tx, organizationId, caseId)).filter(
    (r) => r.status === 'PENDING',
  );
  const rows = await loadDeliveries(
    tx,
    pending.map((r) => r.id),
  );
  const links = {
    optOutUrl: () => `${options.publicBaseUrl}/opt-out/${OPT_OUT_PLACEHOLDER}`,
    // The contact's own page link is a secret like the opt-out token: where it goes is shown.
    pageUrl: (link: { expiresAt: Date } | null) =>
      link !== null && link.expiresAt > options.now
        ? `${options.publicBaseUrl}/p/${PAGE_PLACEHOLDER}`
        : null,
  };
  const planned = rows.map((row): PlannedReminder => {
    const due = new Date(Math.max(Date.parse(row.reminder.nextAttemptAt), options.now.getTime()));
    const sendsAt = nextAllowedTime(due, options.quietHours);
    const skip = notToSend(row, sendsAt, Number.POSITIVE_INFINITY);
    const rendered = skip === null ? renderReminder(row, links) : null;
    const why =
      skip?.action === 'cancel'
        ? skip.reason
        : skip?.action === 'fail'
          ? skip.error
          : rendered !== null && 'cancel' in rendered
            ? rendered.cancel
            : null;
    return {
      reminder: row.reminder,
      sendsAt: sendsAt.toISOString(),
      message: rendered === null || 'cancel' in rendered ? null : rendered,
      notSent: why,
    };
  });
  return planned.sort(
    (a, b) => a.sendsAt.localeCompare(b.sendsAt) || a.reminder.id.localeCompare(b.reminder.id),
  );
}

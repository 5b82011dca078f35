// What a case's reminders will say, before they are sent: each planned message rendered by the
// same functions the worker sends with, for the advocates (English) and for petitioners in
// English and Spanish — also when no petitioner contact is recorded yet, so an advocate can
// check the wording first. And a test reminder to an advocate's own address.
import type { EmailSender } from '../adapters/email.js';
import type { SecretBox } from '../adapters/secret-box.js';
import { courtTimeOf, type DeadlineKind } from '../engine/index.js';
import { advocateEmail, petitionerEmail } from '../reminders/messages.js';
import type { Locale, ReminderPayload, ScheduleName } from '../db/reminders.js';
import { audit } from './audit.js';
import { getCase } from './cases.js';
import type { RequestContext } from './context.js';
import { deadlinesOfCaseForTenant } from './deadlines.js';
import { DomainError } from './errors.js';
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
          ...petitionerEmail(payload, locale, optOut),
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

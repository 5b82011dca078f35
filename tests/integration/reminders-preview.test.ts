// Seeing what will be sent (issue 13): a fresh install showed nothing until 09:00. The preview
// renders each planned reminder exactly as the worker will send it, in each contact's language;
// an admin can send one at once. In process, against a real SMTP server and HTTP receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReminderLoop, type ReminderLoop } from '../../src/workers/reminder-loop.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import {
  createCase,
  post,
  remindersOf,
  TEST_SECRETS_KEY,
  TestClock,
} from '../support/reminders.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

interface PreviewItem {
  reminderId: string;
  deadlineKey: string;
  occurrence: string;
  recipient: { type: 'CONTACT' | 'ADVOCATE' | 'WEBHOOK'; id: string };
  channel: 'EMAIL' | 'WEBHOOK';
  locale: 'en' | 'es' | null;
  dueAt: string;
  sendsAt: string;
  email: { to: string; subject: string; text: string } | null;
  webhook: { url: string; body: { id: string; data: { occurrence: string } } } | null;
}

let api: TestApi;
let tenant: Tenant;
let other: Tenant;
let smtp: SmtpSink;
let receiver: WebhookReceiver;
let worker: ReminderLoop;
// Monday 2027-01-04, 10:00 in Los Angeles.
const clock = new TestClock(new Date('2027-01-04T18:00:00Z'));

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver();
  api = await startTestApi({
    clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Clinic Reminders <reminders@clinic.example>',
      SECRETS_KEY: TEST_SECRETS_KEY,
      PUBLIC_BASE_URL: 'https://orderly.clinic.example',
    },
  });
  tenant = await createTenant(api);
  other = await createTenant(api, 'Other clinic');
  worker = await createReminderLoop(api.runtime);
  await post(tenant, '/v1/webhook-endpoints', { url: receiver.url });
});
afterAll(async () => {
  await worker.stop();
  await api.close();
  await smtp.close();
  await receiver.close();
});

async function renewalCase(reference: string) {
  const advocate = await post<{ id: string }>(tenant, '/v1/advocates', {
    displayName: 'Ada',
    email: `ada-${reference.toLowerCase()}@clinic.example`,
  });
  const owner = await createCase(tenant, {
    family: 'DV',
    court: 'CA-los-angeles',
    reference,
    advocateIds: [advocate.id],
    // The window opened on January 8: nothing is due before Friday 09:00.
    events: [{ type: 'ORDER_AFTER_HEARING', date: '2024-04-08', expires: '2027-04-08' }],
  });
  for (const [locale, email] of [
    ['en', `p-${reference}@example.org`],
    ['es', `q-${reference}@example.org`],
  ] as const)
    await post(tenant, `/v1/cases/${owner.id}/contacts`, {
      email,
      locale,
      consentAt: '2027-01-04T17:00:00Z',
    });
  return owner;
}

async function preview(caseId: string, as: Tenant = tenant) {
  const response = await as.request({
    method: 'GET',
    url: `/v1/cases/${caseId}/reminders/preview`,
  });
  return response;
}

describe('GET /v1/cases/{id}/reminders/preview', () => {
  it('renders every planned reminder as it will be sent: each contact in their language, the advocate, the webhook', async () => {
    const owner = await renewalCase('PREVIEW-1');
    const response = await preview(owner.id);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ items: PreviewItem[] }>().items;
    const pending = (await remindersOf(tenant, owner.id)).filter((r) => r.status === 'PENDING');
    expect(items.map((i) => i.reminderId).sort()).toEqual(pending.map((r) => r.id).sort());
    // Soonest first.
    expect(items.map((i) => i.sendsAt)).toEqual([...items.map((i) => i.sendsAt)].sort());

    const first = items.filter((i) => i.dueAt === items[0]!.dueAt);
    expect(first.map((i) => [i.recipient.type, i.channel, i.locale]).sort()).toEqual([
      ['ADVOCATE', 'EMAIL', 'en'],
      ['CONTACT', 'EMAIL', 'en'],
      ['CONTACT', 'EMAIL', 'es'],
      ['WEBHOOK', 'WEBHOOK', null],
    ]);
    const es = first.find((i) => i.locale === 'es')!;
    // Discreet, a contact's default: no reference, and the page's link shown as a placeholder.
    expect(es.email!.subject).toBe('Un recordatorio para usted');
    expect(es.email!.text).toContain(
      'después de que su orden termine el jueves, 8 de abril de 2027',
    );
    expect(es.email!.text).toContain('https://orderly.clinic.example/p/<private link>');
    // The petitioner's personal opt-out link is not shown to whoever reads the preview.
    expect(es.email!.text).toContain('https://orderly.clinic.example/opt-out/<personal link>');
    const advocate = first.find((i) => i.recipient.type === 'ADVOCATE')!;
    expect(advocate.email!.text).toContain('Superior Court of California, County of Los Angeles');
    const hook = first.find((i) => i.channel === 'WEBHOOK')!;
    expect(hook.webhook!.url).toBe(receiver.url);
    expect(hook.webhook!.body.id).toBe(hook.reminderId);

    // What the worker sends is what the preview showed.
    clock.set(first[0]!.sendsAt);
    try {
      while ((await worker.tick()).claimed > 0);
      for (const item of first.filter((i) => i.channel === 'EMAIL')) {
        const sent = smtp.messages.find(
          (m) => String(m.headers.get('x-orderly-reminder-id')) === item.reminderId,
        )!;
        expect(sent.subject).toBe(item.email!.subject);
        expect(sent.to).toEqual([item.email!.to]);
        expect(
          sent.text
            .trim()
            .replace(/\/opt-out\/[\w-]{43}/, '/opt-out/<personal link>')
            .replace(/\/p\/opl_[\w-]+/, '/p/<private link>'),
        ).toBe(item.email!.text);
      }
      const delivered = receiver.received.find((r) => r.id === hook.reminderId)!;
      expect(JSON.parse(delivered.body)).toEqual(hook.webhook!.body);
    } finally {
      clock.set('2027-01-04T18:00:00Z');
    }
  });

  it('a reminder due in the quiet hours shows when it will really go (their end)', async () => {
    clock.set('2027-01-05T06:30:00Z'); // 22:30 on Monday in Los Angeles
    try {
      const owner = await createCase(tenant, {
        family: 'DV',
        court: 'CA',
        reference: 'PREVIEW-NIGHT',
        events: [{ type: 'EPO_ISSUED', date: '2027-01-04', time: '22:00' }],
      });
      const items = (await preview(owner.id)).json<{ items: PreviewItem[] }>().items;
      const now = items.find((i) => i.occurrence === 'immediately')!;
      expect(now.dueAt).toBe('2027-01-05T06:30:00.000Z');
      expect(now.sendsAt).toBe('2027-01-05T16:00:00.000Z'); // Tuesday 08:00 PST
    } finally {
      clock.set('2027-01-04T18:00:00Z');
    }
  });

  it("another organization's case is a 404; a case with nothing planned, an empty list", async () => {
    const owner = await renewalCase('PREVIEW-2');
    expect((await preview(owner.id, other)).statusCode).toBe(404);
    const empty = await createCase(tenant, { family: 'DV', court: 'CA', reference: 'EMPTY' });
    expect((await preview(empty.id)).json()).toEqual({ items: [] });
  });
});

describe('POST /v1/reminders/{id}/send-now', () => {
  async function key(scopes: string[]) {
    return (await post<{ key: string }>(tenant, '/v1/api-keys', { name: scopes.join('+'), scopes }))
      .key;
  }

  it('sends one planned reminder at once (admin only), once', async () => {
    const owner = await renewalCase('NOW-1');
    const target = (await remindersOf(tenant, owner.id)).find(
      (r) => r.status === 'PENDING' && r.recipient.type === 'ADVOCATE',
    )!;
    const path = `/v1/reminders/${target.id}/send-now`;
    expect(
      (await tenant.request({ method: 'POST', url: path, key: await key(['write']) })).statusCode,
    ).toBe(403);
    expect((await other.request({ method: 'POST', url: path })).statusCode).toBe(404);

    const before = smtp.messages.length;
    const response = await tenant.request({ method: 'POST', url: path });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: target.id, status: 'SENT', attempts: 1 });
    expect(smtp.messages.length).toBe(before + 1);
    expect(String(smtp.messages.at(-1)!.headers.get('x-orderly-reminder-id'))).toBe(target.id);

    const again = await tenant.request({ method: 'POST', url: path });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ detail: expect.stringContaining('already sent') });
    // The worker does not send it a second time.
    clock.set(target.dueAt);
    try {
      while ((await worker.tick()).claimed > 0);
      expect(
        smtp.messages.filter((m) => String(m.headers.get('x-orderly-reminder-id')) === target.id),
      ).toHaveLength(1);
    } finally {
      clock.set('2027-01-04T18:00:00Z');
    }
  });

  it('a webhook reminder goes to the endpoint; a cancelled one is a 409; a petitioner is not messaged in the quiet hours', async () => {
    const owner = await renewalCase('NOW-2');
    const reminders = (await remindersOf(tenant, owner.id)).filter((r) => r.status === 'PENDING');
    const hook = reminders.find((r) => r.recipient.type === 'WEBHOOK')!;
    const sent = await tenant.request({ method: 'POST', url: `/v1/reminders/${hook.id}/send-now` });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(receiver.received.some((r) => r.id === hook.id)).toBe(true);

    const contact = reminders.find((r) => r.recipient.type === 'CONTACT')!;
    clock.set('2027-01-05T06:30:00Z'); // 22:30 in Los Angeles
    try {
      const quiet = await tenant.request({
        method: 'POST',
        url: `/v1/reminders/${contact.id}/send-now`,
      });
      expect(quiet.statusCode).toBe(409);
      expect(quiet.json()).toMatchObject({ detail: expect.stringContaining('quiet hours') });
    } finally {
      clock.set('2027-01-04T18:00:00Z');
    }

    // Closing the case cancels its reminders.
    const current = await tenant.request({ method: 'GET', url: `/v1/cases/${owner.id}` });
    const closed = await tenant.request({
      method: 'PATCH',
      url: `/v1/cases/${owner.id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { status: 'CLOSED' },
    });
    expect(closed.statusCode).toBe(200);
    const cancelled = await tenant.request({
      method: 'POST',
      url: `/v1/reminders/${contact.id}/send-now`,
    });
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json()).toMatchObject({ detail: expect.stringContaining('CASE_CLOSED') });
  });
});

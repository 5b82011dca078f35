// Reminder delivery end to end, in process: the real API writes the outbox, the real worker
// (ticked by the test, on a clock the test moves) delivers to a real SMTP server and a real
// HTTP receiver.
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime } from '../../src/runtime.js';
import { createReminderLoop, type ReminderLoop } from '../../src/workers/reminder-loop.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { createDatabase } from '../support/database.js';
import {
  createCase,
  post,
  remindersOf,
  TEST_SECRETS_KEY,
  TestClock,
  type ReminderJson,
} from '../support/reminders.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

interface World {
  api: TestApi;
  tenant: Tenant;
  clock: TestClock;
  smtp: SmtpSink;
  receiver: WebhookReceiver;
  worker: ReminderLoop;
}
const worlds: World[] = [];

async function world(
  start: string,
  env: Record<string, string> = {},
  smtpOptions: Parameters<typeof startSmtpSink>[0] = {},
): Promise<World> {
  const clock = new TestClock(new Date(start));
  const smtp = await startSmtpSink(smtpOptions);
  const receiver = await startWebhookReceiver();
  const api = await startTestApi({
    clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Clinic Reminders <reminders@clinic.example>',
      SECRETS_KEY: TEST_SECRETS_KEY,
      PUBLIC_BASE_URL: 'https://orderly.clinic.example',
      REMINDER_RETRY_BASE_MS: '1000',
      REMINDER_MAX_ATTEMPTS: '4',
      ...env,
    },
  });
  const tenant = await createTenant(api);
  const worker = await createReminderLoop(api.runtime);
  const w = { api, tenant, clock, smtp, receiver, worker };
  worlds.push(w);
  return w;
}

afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.worker.stop();
    await w.api.close();
    await w.smtp.close();
    await w.receiver.close();
  }
});

/** Ticks until nothing due is left; returns how many were claimed. */
async function drain(worker: ReminderLoop): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100; i++) {
    const round = await worker.tick();
    total += round.claimed;
    if (round.claimed === 0) return total;
  }
  throw new Error('the worker never ran dry');
}

const PARTY_DATA = ['Jane', 'Roe', 'John', 'Doe', '26DV00123', 'Main St'];
function expectNoPartyData(text: string): void {
  for (const word of PARTY_DATA) expect(text).not.toContain(word);
}

const earliestPending = (reminders: ReminderJson[]) =>
  reminders
    .filter((r) => r.status === 'PENDING')
    .map((r) => r.dueAt)
    .sort()[0]!;

const sensitiveCase = {
  family: 'DV',
  court: 'CA',
  reference: 'REF-7',
  petitionerLabel: 'Jane Roe',
  respondentLabel: 'John Doe',
  courtCaseNumber: '26DV00123',
};

describe('reminder emails', () => {
  it('renewal reminders reach petitioners in English and Spanish and the advocate, with no party data, deduplicable by id', async () => {
    const w = await world('2027-01-04T18:00:00Z');
    const advocate = await post<{ id: string }>(w.tenant, '/v1/advocates', {
      displayName: 'Ada Advocate',
      email: 'ada@clinic.example',
    });
    const owner = await createCase(w.tenant, {
      ...sensitiveCase,
      advocateIds: [advocate.id],
      events: [{ type: 'ORDER_AFTER_HEARING', date: '2026-03-10', expires: '2027-03-10' }],
    });
    // The English contact chose the full wording; the Spanish one keeps the discreet default.
    const en = await post<{ id: string }>(w.tenant, `/v1/cases/${owner.id}/contacts`, {
      email: 'petitioner@example.org',
      consentAt: '2027-01-04T17:00:00Z',
      discreet: false,
    });
    await post(w.tenant, `/v1/cases/${owner.id}/contacts`, {
      email: 'peticionaria@example.org',
      locale: 'es',
      consentAt: '2027-01-04T17:00:00Z',
    });
    const reminders = await remindersOf(w.tenant, owner.id);
    expect(new Set(reminders.map((r) => r.deadlineKey))).toEqual(new Set(['RENEWAL_DEADLINE']));
    // The window opened on December 10, before the case was recorded: one catch-up each, now,
    // for the advocate and both petitioners' contacts (issue 13).
    const catchUps = reminders.filter((r) => r.occurrence === 'catch-up');
    expect(catchUps.map((r) => [r.recipient.type, r.dueAt]).sort()).toEqual([
      ['ADVOCATE', '2027-01-04T18:00:00.000Z'],
      ['CONTACT', '2027-01-04T18:00:00.000Z'],
      ['CONTACT', '2027-01-04T18:00:00.000Z'],
    ]);
    // Every scheduled reminder is at 09:00 in Los Angeles, never in the past.
    for (const r of reminders.filter((r) => r.occurrence !== 'catch-up')) {
      expect(r.dueAt >= '2027-01-04T18:00:00.000Z').toBe(true);
      expect(
        new Intl.DateTimeFormat('en-GB', {
          timeZone: 'America/Los_Angeles',
          hour: '2-digit',
          minute: '2-digit',
        }).format(new Date(r.dueAt)),
      ).toBe('09:00');
    }

    const first = earliestPending(reminders);
    w.clock.set(first);
    expect(await drain(w.worker)).toBe(3);
    const mail = (to: string) => w.smtp.messages.find((m) => m.to.includes(to))!;
    const english = mail('petitioner@example.org');
    const spanish = mail('peticionaria@example.org');
    const forAdvocate = mail('ada@clinic.example');

    expect(english.subject).toBe('Reminder from your legal clinic (REF-7)');
    expect(english.text).toContain('Your restraining order ends on Wednesday, March 10, 2027');
    expect(english.text).toContain('file form DV-700 (Request to Renew Restraining Order)');
    expect(english.text).toMatch(/https:\/\/orderly\.clinic\.example\/opt-out\/[\w-]{43}/);
    expect(spanish.subject).toBe('Un recordatorio para usted');
    expect(spanish.text).not.toContain('REF-7');
    expect(spanish.text).toContain(
      'después de que su orden termine el miércoles, 10 de marzo de 2027, presente el formulario DV-700',
    );
    expect(spanish.text).toContain('Para dejar de recibir estos recordatorios');
    expect(forAdvocate.subject).toBe(
      '[Orderly] Last day to request renewal: Wednesday, March 10, 2027 (case REF-7)',
    );
    for (const m of [english, spanish, forAdvocate]) {
      expectNoPartyData(`${m.subject}\n${m.text}`);
      const id = String(m.headers.get('x-orderly-reminder-id'));
      expect(m.messageId).toBe(`<${id}@clinic.example>`);
      expect(reminders.map((r) => r.id)).toContain(id);
    }
    const unfolded = english.raw.replace(/\r?\n[ \t]+/g, ' ');
    // No one-click unsubscribe (RFC 8058): anyone holding the phone could stop every reminder.
    expect(unfolded).not.toContain('List-Unsubscribe-Post');
    expect(unfolded).toMatch(/List-Unsubscribe: <https:\/\/orderly\.clinic\.example\/opt-out\//);
    expect(forAdvocate.raw).not.toContain('List-Unsubscribe');
    const sent = (await remindersOf(w.tenant, owner.id)).filter((r) => r.status === 'SENT');
    expect(sent).toHaveLength(3);
    expect(sent.every((r) => r.attempts === 1 && r.dueAt === first)).toBe(true);

    // The petitioner's opt-out link: GET only asks (link scanners must not opt anyone out)…
    const link = /https:\/\/orderly\.clinic\.example(\/opt-out\/[\w-]{43})/.exec(english.text)![1]!;
    const page = await w.api.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    expectNoPartyData(page.body);
    expect(page.body).not.toContain('REF-7');
    expect(
      (await remindersOf(w.tenant, owner.id)).some((r) => r.cancelReason === 'OPTED_OUT'),
    ).toBe(false);
    // …so does a POST without the button's confirmation (a mail client's one-click)…
    const oneClick = await w.api.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('name="confirm" value="yes"');
    expect(
      (await remindersOf(w.tenant, owner.id)).some((r) => r.cancelReason === 'OPTED_OUT'),
    ).toBe(false);
    // …and the button stops them.
    const done = await w.api.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'confirm=yes',
    });
    expect(done.statusCode).toBe(200);
    // The case's advocate is told (by email after the commit; the case page shows it too).
    await expect
      .poll(
        () => w.smtp.messages.find((m) => m.subject.startsWith('[Orderly] Reminders stopped'))?.to,
        { timeout: 10_000 },
      )
      .toEqual(['ada@clinic.example']);
    const forged = await w.api.app.inject({ method: 'POST', url: `${link.slice(0, -2)}AA` });
    expect(forged.statusCode).toBe(404);
    const after = await remindersOf(w.tenant, owner.id);
    const toEnglish = after.filter((r) => r.recipient.id === en.id);
    expect(toEnglish.filter((r) => r.status === 'PENDING')).toEqual([]);
    expect(toEnglish.filter((r) => r.status === 'CANCELLED').length).toBeGreaterThan(3);
    expect(toEnglish.every((r) => r.status === 'SENT' || r.cancelReason === 'OPTED_OUT')).toBe(
      true,
    );
    const contacts = await w.tenant.request({
      method: 'GET',
      url: `/v1/cases/${owner.id}/contacts`,
    });
    expect(contacts.json<{ items: { id: string; optedOutAt: string | null }[] }>().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: en.id, optedOutAt: expect.any(String) }),
      ]),
    );

    // The next occurrence goes to the Spanish contact and the advocate only.
    w.smtp.messages.length = 0;
    w.clock.set(earliestPending(after));
    expect(await drain(w.worker)).toBe(2);
    expect(w.smtp.messages.flatMap((m) => m.to).sort()).toEqual([
      'ada@clinic.example',
      'peticionaria@example.org',
    ]);
  });

  it('hearing reminders: 7 days and 1 day before at 09:00 court time on both sides of the DST change, in Spanish with the hearing time', async () => {
    const w = await world('2027-02-21T18:00:00Z');
    const owner = await createCase(w.tenant, {
      ...sensitiveCase,
      events: [
        { type: 'TRO_GRANTED', date: '2027-02-20' },
        { type: 'HEARING_SET', date: '2027-03-16', time: '08:30' },
      ],
    });
    await post(w.tenant, `/v1/cases/${owner.id}/contacts`, {
      email: 'peticionaria@example.org',
      locale: 'es',
      consentAt: '2027-02-21T17:00:00Z',
      discreet: false,
    });
    const reminders = await remindersOf(w.tenant, owner.id);
    // Petitioners get hearings, not service deadlines (those are the clinic's to arrange).
    expect(reminders.map((r) => [r.deadlineKey, r.occurrence, r.dueAt])).toEqual([
      // 2027-03-09 is still standard time (-08:00); DST starts 2027-03-14; 03-15 is -07:00.
      ['HEARING', '7d-before', '2027-03-09T17:00:00.000Z'],
      ['HEARING', '1d-before', '2027-03-15T16:00:00.000Z'],
    ]);
    w.clock.set('2027-03-15T16:00:00Z');
    // The 7-days-before reminder is late but still before the hearing: sent.
    expect(await drain(w.worker)).toBe(2);
    const texts = w.smtp.messages.map((m) => m.text);
    expect(texts[0]).toContain(
      'Su audiencia en la corte es el martes, 16 de marzo de 2027 a las 8:30',
    );
    // The day before says "mañana"; no time ends in a doubled period ("8:30 a.m..").
    expect(texts[1]).toContain('Su audiencia en la corte es mañana, martes, 16 de marzo de 2027');
    for (const text of texts) expect(text).not.toMatch(/\.\./);
    expectNoPartyData(texts.join('\n'));
  });

  it('an SMTP server that refuses the mailbox for good (5xx) fails the reminder at once, without the address in lastError', async () => {
    const w = await world('2027-02-21T18:00:00Z');
    const owner = await createCase(w.tenant, {
      ...sensitiveCase,
      events: [
        { type: 'TRO_GRANTED', date: '2027-02-20' },
        { type: 'HEARING_SET', date: '2027-03-02' },
      ],
    });
    await post(w.tenant, `/v1/cases/${owner.id}/contacts`, {
      email: 'nobody@example.org',
      consentAt: '2027-02-21T17:00:00Z',
    });
    w.smtp.failNext(1, 550);
    w.clock.set('2027-02-23T17:00:00Z');
    expect(await drain(w.worker)).toBe(1);
    const [failed] = await remindersOf(w.tenant, owner.id);
    expect(failed).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: 'SMTP 550 (EMESSAGE)',
    });
  });
});

describe('email in the clear', () => {
  async function advocateReminder(w: World) {
    const advocate = await post<{ id: string }>(w.tenant, '/v1/advocates', {
      displayName: 'Ada Advocate',
      email: 'ada@clinic.example',
    });
    const owner = await createCase(w.tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'TLS-1',
      advocateIds: [advocate.id],
      events: [{ type: 'EPO_ISSUED', date: '2027-02-21', time: '09:15' }],
    });
    await drain(w.worker);
    return (await remindersOf(w.tenant, owner.id))[0]!;
  }

  it('goes over STARTTLS when the server offers it', async () => {
    const w = await world('2027-02-21T18:00:00Z');
    expect(await advocateReminder(w)).toMatchObject({ status: 'SENT' });
    expect(w.smtp.messages.map((m) => m.secure)).toEqual([true]);
  });

  it('is refused by default when an smtp:// server offers no STARTTLS: nothing is sent, lastError says TLS', async () => {
    const w = await world('2027-02-21T18:00:00Z', {}, { startTls: false });
    const reminder = await advocateReminder(w);
    expect(w.smtp.connections).toBeGreaterThan(0);
    expect(w.smtp.messages).toHaveLength(0);
    expect(reminder).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(reminder.lastError).toMatch(/^TLS error/);
  });

  it('goes in clear text only with SMTP_ALLOW_PLAINTEXT=true, which is logged at start', async () => {
    const w = await world(
      '2027-02-21T18:00:00Z',
      { SMTP_ALLOW_PLAINTEXT: 'true' },
      { startTls: false },
    );
    expect(await advocateReminder(w)).toMatchObject({ status: 'SENT' });
    expect(w.smtp.messages.map((m) => m.secure)).toEqual([false]);

    const startLines = async (env: Record<string, string>) => {
      const lines: string[] = [];
      const database = await createDatabase({ migrated: true });
      const config = loadConfig({
        DATABASE_URL: database.url,
        SMTP_URL: w.smtp.url,
        MAIL_FROM: 'reminders@clinic.example',
        ...env,
      });
      const runtime = await openRuntime(
        config,
        createLogger('info', { write: (line: string) => void lines.push(line) }),
        { migrate: false },
      );
      await runtime.close();
      await database.drop();
      return lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    };
    expect(await startLines({ SMTP_ALLOW_PLAINTEXT: 'true' })).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: expect.stringMatching(/SMTP_ALLOW_PLAINTEXT is on/),
      }),
    );
    expect(await startLines({})).toContainEqual(
      expect.objectContaining({ msg: expect.stringMatching(/STARTTLS required/) }),
    );
  });
});

describe('webhooks', () => {
  async function withEndpoint(w: World) {
    const created = await post<{ webhookEndpoint: { id: string }; secret: string }>(
      w.tenant,
      '/v1/webhook-endpoints',
      { url: w.receiver.url, description: 'clinic SMS gateway' },
    );
    return created;
  }

  it('are signed with the endpoint secret (Standard Webhooks), carry the reminder id, and verify only with that secret', async () => {
    const w = await world('2027-02-21T18:00:00Z');
    const { secret } = await withEndpoint(w);
    const owner = await createCase(w.tenant, {
      ...sensitiveCase,
      events: [
        { type: 'TRO_GRANTED', date: '2027-02-20' },
        { type: 'HEARING_SET', date: '2027-03-02', time: '13:30' },
      ],
    });
    w.clock.set('2027-02-27T17:00:00Z'); // service deadline 3 days before, 09:00 PST
    expect(await drain(w.worker)).toBeGreaterThan(0);
    const [delivery] = w.receiver.received;
    expect(delivery).toBeDefined();
    const headers = {
      'webhook-id': delivery!.id,
      'webhook-timestamp': delivery!.timestamp,
      'webhook-signature': delivery!.signature,
    };
    // Receivers check the timestamp against their own clock: be the receiver at delivery time.
    vi.useFakeTimers({ toFake: ['Date'], now: w.clock.now() });
    try {
      expect(() => new Webhook(secret).verify(delivery!.body, headers)).not.toThrow();
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
          delivery!.body,
          headers,
        ),
      ).toThrow(/No matching signature/);
    } finally {
      vi.useRealTimers();
    }
    // The same check by hand: HMAC-SHA256 over "id.timestamp.body" with the decoded secret.
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(`${delivery!.id}.${delivery!.timestamp}.${delivery!.body}`)
      .digest('base64');
    expect(delivery!.signature).toBe(`v1,${expected}`);
    expect(delivery!.timestamp).toBe(String(Date.parse('2027-02-27T17:00:00Z') / 1000));

    const event = JSON.parse(delivery!.body) as Record<string, unknown> & {
      data: { case: unknown; deadline: { key: string } };
    };
    expect(event).toMatchObject({ type: 'reminder.due', id: delivery!.id });
    expect(event.data.case).toEqual({
      id: owner.id,
      reference: 'REF-7',
      family: 'DV',
      court: 'CA',
      courtName: 'court not given (statewide court days)',
      orderType: 'domestic violence restraining order',
    });
    expect(['HEARING', 'SERVICE_DEADLINE']).toContain(event.data.deadline.key);
    expectNoPartyData(delivery!.body);
    const reminders = await remindersOf(w.tenant, owner.id);
    expect(reminders.find((r) => r.id === delivery!.id)?.status).toBe('SENT');
  });

  it('a rotated secret signs beside the new one for 24 hours by default, and not at all with graceSeconds 0', async () => {
    const w = await world('2027-02-21T18:00:00Z');
    const { webhookEndpoint, secret: first } = await withEndpoint(w);
    const rotate = async (payload?: object) => {
      const response = await w.tenant.request({
        method: 'POST',
        url: `/v1/webhook-endpoints/${webhookEndpoint.id}/rotate-secret`,
        ...(payload !== undefined && { payload }),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{
        secret: string;
        webhookEndpoint: { previousSecretExpiresAt: string | null };
      }>();
    };
    const verifies = (secret: string, delivery: (typeof w.receiver.received)[number]) => {
      vi.useFakeTimers({ toFake: ['Date'], now: w.clock.now() });
      try {
        new Webhook(secret).verify(delivery.body, {
          'webhook-id': delivery.id,
          'webhook-timestamp': delivery.timestamp,
          'webhook-signature': delivery.signature,
        });
        return true;
      } catch {
        return false;
      } finally {
        vi.useRealTimers();
      }
    };
    const epo = async (reference: string) => {
      await createCase(w.tenant, {
        family: 'DV',
        court: 'CA',
        reference,
        events: [{ type: 'EPO_ISSUED', date: '2027-02-21', time: '09:15' }],
      });
      await drain(w.worker);
      return w.receiver.received.at(-1)!;
    };

    const second = await rotate();
    expect(second.webhookEndpoint.previousSecretExpiresAt).toBe('2027-02-22T18:00:00.000Z');
    const overlapping = await epo('ROT-1');
    expect(overlapping.signature.split(' ')).toHaveLength(2);
    expect(verifies(first, overlapping)).toBe(true);
    expect(verifies(second.secret, overlapping)).toBe(true);

    const third = await rotate({ graceSeconds: 0 });
    expect(third.webhookEndpoint.previousSecretExpiresAt).toBeNull();
    const cutOff = await epo('ROT-2');
    expect(cutOff.signature.split(' ')).toHaveLength(1);
    expect(verifies(third.secret, cutOff)).toBe(true);
    expect(verifies(second.secret, cutOff)).toBe(false);
    expect(verifies(first, cutOff)).toBe(false);

    const invalid = await w.tenant.request({
      method: 'POST',
      url: `/v1/webhook-endpoints/${webhookEndpoint.id}/rotate-secret`,
      payload: { graceSeconds: -1 },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ errors: [{ name: 'body.graceSeconds' }] });
  });

  it('retry with exponential backoff after the receiver fails, and end FAILED after the last attempt, visible through the API', async () => {
    const w = await world('2027-02-21T18:00:00Z');
    await withEndpoint(w);
    const owner = await createCase(w.tenant, {
      ...sensitiveCase,
      events: [
        { type: 'TRO_GRANTED', date: '2027-02-20' },
        { type: 'HEARING_SET', date: '2027-03-16' },
      ],
    });
    const all = await remindersOf(w.tenant, owner.id);
    const [flaky, dead] = all.filter((r) => r.status === 'PENDING').slice(0, 2);
    // The flaky one fails twice then succeeds; the dead one always fails.
    w.receiver.respond(({ id, count }) => (id === dead!.id || count <= 2 ? 500 : 200));
    const reminder = async (id: string) =>
      (await remindersOf(w.tenant, owner.id)).find((r) => r.id === id)!;

    w.clock.set(flaky!.dueAt > dead!.dueAt ? flaky!.dueAt : dead!.dueAt);
    await drain(w.worker);
    let seen = await reminder(flaky!.id);
    expect(seen).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'HTTP 5xx' });
    // Attempt 1 failed: wait 0.5–1 × base (1 s).
    let wait = Date.parse(seen.nextAttemptAt!) - w.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThanOrEqual(1000);
    w.clock.advance(1000);
    await drain(w.worker);
    seen = await reminder(flaky!.id);
    expect(seen).toMatchObject({ status: 'PENDING', attempts: 2 });
    wait = Date.parse(seen.nextAttemptAt!) - w.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(1000);
    expect(wait).toBeLessThanOrEqual(2000);
    w.clock.advance(2000);
    await drain(w.worker);
    expect(await reminder(flaky!.id)).toMatchObject({
      status: 'SENT',
      attempts: 3,
      lastError: null,
    });
    for (let i = 0; i < 3; i++) {
      w.clock.advance(8000);
      await drain(w.worker);
    }
    expect(await reminder(dead!.id)).toMatchObject({
      status: 'FAILED',
      attempts: 4,
      lastError: 'HTTP 5xx',
    });
    const failed = await w.tenant.request({ method: 'GET', url: '/v1/reminders?status=FAILED' });
    expect(failed.json<{ items: ReminderJson[] }>().items.map((r) => r.id)).toEqual([dead!.id]);
    // Every delivery of one reminder carried the same id and the same body.
    const flakyDeliveries = w.receiver.received.filter((r) => r.id === flaky!.id);
    expect(flakyDeliveries.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(flakyDeliveries.map((r) => r.body)).size).toBe(1);
  });

  it('two workers at once deliver each reminder once', async () => {
    const w = await world('2027-02-21T18:00:00Z', { REMINDER_BATCH_SIZE: '5' });
    await withEndpoint(w);
    for (let i = 0; i < 8; i++) {
      await createCase(w.tenant, {
        family: 'DV',
        court: 'CA',
        reference: `TWO-${i}`,
        events: [
          { type: 'TRO_GRANTED', date: '2027-02-20' },
          { type: 'HEARING_SET', date: '2027-03-16' },
        ],
      });
    }
    w.receiver.delayMs = 20;
    const other = await createReminderLoop(w.api.runtime);
    // Due: service 3 and 1 days before (Mar 8, 10) and the hearing's 7 days before (Mar 9).
    w.clock.set('2027-03-10T17:00:00Z');
    const [a, b] = await Promise.all([drain(w.worker), drain(other)]);
    await other.stop();
    const ids = w.receiver.received.map((r) => r.id);
    expect(ids.length).toBe(8 * 3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const sent = await w.tenant.request({
      method: 'GET',
      url: '/v1/reminders?status=SENT&limit=200',
    });
    expect(sent.json<{ items: unknown[] }>().items).toHaveLength(24);
  });

  it('nothing is delivered in the quiet hours (21:00-08:00 court time); an EPO reminder recorded at night goes in the morning', async () => {
    const w = await world('2027-01-05T07:00:00Z'); // 23:00 in Los Angeles
    await withEndpoint(w);
    const owner = await createCase(w.tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'EPO-1',
      events: [{ type: 'EPO_ISSUED', date: '2027-01-04', time: '22:15' }],
    });
    const [immediately] = await remindersOf(w.tenant, owner.id);
    expect(immediately).toMatchObject({
      occurrence: 'immediately',
      dueAt: '2027-01-05T07:00:00.000Z',
    });
    expect(await drain(w.worker)).toBe(0);
    w.clock.set('2027-01-05T15:59:00Z'); // 07:59
    expect(await drain(w.worker)).toBe(0);
    w.clock.set('2027-01-05T16:00:00Z'); // 08:00
    expect(await drain(w.worker)).toBe(1);
    expect(JSON.parse(w.receiver.received[0]!.body)).toMatchObject({
      data: { occurrence: 'immediately', deadline: { kind: 'EPO_EXPIRES' } },
    });
  });
});

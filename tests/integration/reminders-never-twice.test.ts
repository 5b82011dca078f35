// Never twice, never lost: with a slow SMTP relay, two healthy workers (each with its own
// database pool and SMTP connections, as two processes would have) deliver every reminder
// exactly once. The relay answers MAIL FROM, RCPT TO and DATA each after 600 ms, so a batch of
// 6 over 5 connections takes about 4 s — longer than the 3 s lease it was claimed under. The
// worker extends the lease while it works and records each reminder as soon as it is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtTimeOf } from '../../src/engine/index.js';
import type { Runtime } from '../../src/runtime.js';
import { createReminderLoop, type ReminderLoop } from '../../src/workers/reminder-loop.js';
import { createTenant, startTestApi, type TestApi } from '../support/api.js';
import { createCase, post, TEST_SECRETS_KEY } from '../support/reminders.js';
import { openTestRuntime } from '../support/runtime.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp.js';

const REMINDERS = 25;
let smtp: SmtpSink;
let api: TestApi;
let other: Runtime;

beforeAll(async () => {
  smtp = await startSmtpSink({ delayMs: 600 });
  const env = {
    SECRETS_KEY: TEST_SECRETS_KEY,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'reminders@clinic.example',
    REMINDER_QUIET_HOURS: 'off',
    REMINDER_BATCH_SIZE: '6',
    WEBHOOK_TIMEOUT_MS: '500',
    REMINDER_LEASE_MS: '3000',
    REMINDER_RETRY_BASE_MS: '200',
    REMINDER_POLL_MS: '50',
  };
  // The real clock: leases run out in real time here.
  api = await startTestApi({ env });
  other = await openTestRuntime(api.database.url, { migrate: false }, env);
});

afterAll(async () => {
  await other.close();
  await api.close();
  await smtp.close();
});

describe('a slow SMTP relay and two workers', () => {
  it('every reminder is delivered exactly once, and each is recorded SENT', async () => {
    const tenant = await createTenant(api);
    const advocate = await post<{ id: string }>(tenant, '/v1/advocates', {
      displayName: 'Ada Advocate',
      email: 'ada@clinic.example',
    });
    // An EPO issued today: its advocate gets one reminder "immediately" per case.
    const today = courtTimeOf(Date.now()).date;
    for (let i = 0; i < REMINDERS; i++)
      await createCase(tenant, {
        family: 'DV',
        court: 'CA',
        reference: `SLOW-${i}`,
        advocateIds: [advocate.id],
        events: [{ type: 'EPO_ISSUED', date: today }],
      });
    const due = async () =>
      (
        await api.runtime.db.pool.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM "Reminder" WHERE "dueAt" <= now() GROUP BY status`,
        )
      ).rows;
    expect(await due()).toEqual([{ status: 'PENDING', n: REMINDERS }]);

    const loops: ReminderLoop[] = [
      await createReminderLoop(api.runtime),
      await createReminderLoop(other),
    ];
    for (const loop of loops) loop.start();
    const started = Date.now();
    while (Date.now() - started < 45_000) {
      const rows = await due();
      if (rows.length === 1 && rows[0]!.status === 'SENT') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(loops.map((loop) => loop.stop()));

    expect(await due()).toEqual([{ status: 'SENT', n: REMINDERS }]);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(REMINDERS);
    expect(ids).toHaveLength(REMINDERS);
    // The batches really outlasted the lease they were claimed under.
    expect(Date.now() - started).toBeGreaterThan(3_000);
  });
});

// Reminder throughput: deliveries/second through the real worker (`node dist/src/worker-process.js`,
// a child process) to a local webhook receiver and a local SMTP server, each beside a
// baseline measured in the same run against the same receiver at the same concurrency:
// bare signed HTTP POSTs (fetch) and bare nodemailer sends, with no database at all.
// Reported as ratios.
//
//   npm run build && npx tsx scripts/bench-reminders.ts [webhooks] [emails]   (default 2000 500)
//
// Uses the embedded PostgreSQL in a temporary folder, or DATABASE_URL when set.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config.js';
import { inTransaction } from '../src/db/transaction.js';
import { createLogger } from '../src/logger.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { signWebhook } from '../src/adapters/webhook-signing.js';
import { openRuntime } from '../src/runtime.js';
import { createAdvocate } from '../src/services/advocates.js';
import { createCase } from '../src/services/cases.js';
import type { RequestContext } from '../src/services/context.js';
import { createOrganization } from '../src/services/organizations.js';
import { createWebhookEndpoint } from '../src/services/reminders.js';
import { openSecretBox } from '../src/adapters/secret-box.js';

const WEBHOOKS = Number(process.argv[2] ?? 2000);
const EMAILS = Number(process.argv[3] ?? 500);
const CONCURRENCY = 20; // the worker's default batch (REMINDER_BATCH_SIZE), delivered concurrently

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-bench-reminders-'));
await fs.chmod(dataDir, 0o755);
const secretsKey = randomBytes(32).toString('base64');
const env = {
  DATA_DIR: dataDir,
  SECRETS_KEY: secretsKey,
  LOG_LEVEL: 'warn',
  // The receivers below listen on this machine, and the SMTP sink offers no STARTTLS.
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  SMTP_ALLOW_PLAINTEXT: 'true',
  ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }),
};
const config = loadConfig(env);
const runtime = await openRuntime(config, createLogger('warn'));
const databaseUrl = config.databaseUrl ?? runtime.embedded!.url;

// ---- Receivers --------------------------------------------------------------------------
let webhookHits = 0;
const receiver = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    webhookHits++;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

let mails = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      mails++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

// ---- Data: cases whose renewal reminders (about 10 per case) we make due now ------------
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
async function organizationWith(name: string, reminders: number, channel: 'WEBHOOK' | 'EMAIL') {
  const { organization } = await inTransaction(runtime.db, (tx) =>
    createOrganization(tx, { name, now: new Date() }),
  );
  const ctx = (): RequestContext => ({
    actor: { organizationId: organization.id, apiKeyId: null, label: 'bench', scopes: ['admin'] },
    requestId: null,
    now: new Date(),
  });
  const advocateIds: string[] = [];
  if (channel === 'WEBHOOK') {
    const box = await openSecretBox({ secretsKey, dataDir });
    await inTransaction(runtime.db, (tx) =>
      createWebhookEndpoint(tx, ctx(), box, runtime.webhookPolicy, { url: receiverUrl }),
    );
  } else {
    const advocate = await inTransaction(runtime.db, (tx) =>
      createAdvocate(tx, ctx(), {
        displayName: 'Bench Advocate',
        email: 'advocate@clinic.example',
      }),
    );
    advocateIds.push(advocate.id);
  }
  const count = async () =>
    Number(
      (
        await runtime.db.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM "Reminder" WHERE "organizationId" = $1',
          [organization.id],
        )
      ).rows[0]!.n,
    );
  for (let i = 0; (await count()) < reminders; i++) {
    await inTransaction(runtime.db, (tx) =>
      createCase(tx, ctx(), {
        family: 'DV',
        court: 'CA',
        reference: `BENCH-${i}`,
        advocateIds,
        events: [{ type: 'ORDER_AFTER_HEARING', date: day(-200), expires: day(150 + (i % 30)) }],
      }),
    );
  }
  // Exactly `reminders` of them, due now.
  await runtime.db.pool.query(
    `DELETE FROM "Reminder" WHERE id IN (SELECT id FROM "Reminder" WHERE "organizationId" = $1 ORDER BY id OFFSET $2)`,
    [organization.id, reminders],
  );
  return organization.id;
}
process.stdout.write(`setting up ${WEBHOOKS} webhook and ${EMAILS} email reminders… `);
const webhookOrg = await organizationWith('Bench Webhooks', WEBHOOKS, 'WEBHOOK');
const emailOrg = await organizationWith('Bench Emails', EMAILS, 'EMAIL');
console.log('done');

// ---- Through the real worker -------------------------------------------------------------
async function throughWorker(organizationId: string, total: number): Promise<number> {
  await runtime.db.pool.query(
    `UPDATE "Reminder" SET "dueAt" = now() - interval '1 minute', "nextAttemptAt" = now() - interval '1 minute' WHERE "organizationId" = $1`,
    [organizationId],
  );
  const child = spawn(
    process.execPath,
    [path.join(PROJECT_ROOT, 'dist', 'src', 'worker-process.js')],
    {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...env,
        DATABASE_URL: databaseUrl,
        SMTP_URL: smtpUrl,
        MAIL_FROM: 'Bench <reminders@clinic.example>',
        REMINDER_QUIET_HOURS: 'off',
        REMINDER_POLL_MS: '20',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const sent = async () =>
    Number(
      (
        await runtime.db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM "Reminder" WHERE "organizationId" = $1 AND status = 'SENT'`,
          [organizationId],
        )
      ).rows[0]!.n,
    );
  const hits = () => webhookHits + mails;
  const before = hits();
  while (hits() === before) await new Promise((resolve) => setTimeout(resolve, 1));
  const started = performance.now();
  while ((await sent()) < total) await new Promise((resolve) => setTimeout(resolve, 10));
  const seconds = (performance.now() - started) / 1000;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return total / seconds;
}

// ---- Baselines: the same deliveries with nothing around them ------------------------------
async function pool(total: number, send: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await send(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}
const body = JSON.stringify({
  type: 'reminder.due',
  id: 'x',
  timestamp: new Date().toISOString(),
  data: { pad: 'x'.repeat(450) },
});
const secret = `whsec_${randomBytes(32).toString('base64')}`;
const bareWebhooks = () =>
  pool(WEBHOOKS, async (i) => {
    const response = await fetch(receiverUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signWebhook([secret], `m${i}`, new Date(), body),
      },
      body,
    });
    await response.body?.cancel();
  });
const transport = nodemailer.createTransport(`${smtpUrl}?pool=true&maxConnections=5`);
const bareEmails = () =>
  pool(EMAILS, async (i) => {
    await transport.sendMail({
      from: 'Bench <reminders@clinic.example>',
      to: 'advocate@clinic.example',
      subject: `Reminder ${i}`,
      text: 'x'.repeat(600),
    });
  });

const report = (what: string, worker: number, bare: number) =>
  console.log(
    `${what.padEnd(9)} worker ${worker.toFixed(0).padStart(5)}/s   bare ${bare.toFixed(0).padStart(5)}/s   ratio ${(worker / bare).toFixed(2)}`,
  );
await bareWebhooks(); // warm-up
const webhookBare = await bareWebhooks();
const webhookWorker = await throughWorker(webhookOrg, WEBHOOKS);
await bareEmails(); // warm-up
const emailBare = await bareEmails();
const emailWorker = await throughWorker(emailOrg, EMAILS);
console.log(
  `\nreminder deliveries, concurrency ${CONCURRENCY}, ${os.cpus().length} cores, Node ${process.version}`,
);
report('webhooks', webhookWorker, webhookBare);
report('emails', emailWorker, emailBare);

transport.close();
receiver.close();
smtp.close();
await runtime.close();
await fs.rm(dataDir, { recursive: true, force: true });

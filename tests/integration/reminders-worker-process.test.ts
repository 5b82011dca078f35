// The real worker (`npm run worker`: node dist/src/worker-process.js) killed with SIGKILL while
// deliveries are in flight, then another started: every due reminder is delivered, none is
// lost, and a reminder delivered twice carries the same id and the same body both times.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { createCase, post, TEST_SECRETS_KEY } from '../support/reminders.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// Each test starts real processes (and PostgreSQL): on a loaded machine that takes minutes.
// The timeout guards against a hang, not against a busy neighbour.
vi.setConfig({ testTimeout: 300_000 });

const WORKER = path.join(PROJECT_ROOT, 'dist', 'src', 'worker-process.js');

let api: TestApi;
let tenant: Tenant;
let receiver: WebhookReceiver;
let dataDir: string;
const children: ChildProcess[] = [];

interface Worker {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | string>;
}

function startWorker(): Worker {
  const child = spawn(process.execPath, [WORKER], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: api.database.url,
      DATA_DIR: dataDir,
      SECRETS_KEY: TEST_SECRETS_KEY,
      LOG_LEVEL: 'info',
      REMINDER_QUIET_HOURS: 'off',
      REMINDER_BATCH_SIZE: '3',
      WEBHOOK_TIMEOUT_MS: '1000',
      REMINDER_LEASE_MS: '3000',
      REMINDER_POLL_MS: '100',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => out, exited };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-worker-'));
  receiver = await startWebhookReceiver();
  api = await startTestApi({ env: { SECRETS_KEY: TEST_SECRETS_KEY } });
  tenant = await createTenant(api);
  await post(tenant, '/v1/webhook-endpoints', { url: receiver.url });
  for (let i = 0; i < 6; i++) {
    await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: `KILL-${i}`,
      events: [{ type: 'ORDER_AFTER_HEARING', date: isoDay(-200), expires: isoDay(150 + i) }],
    });
  }
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await api?.close();
  await receiver?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the worker process', () => {
  it('killed mid-batch and replaced: every reminder delivered, none lost, repeats only under the same id', async () => {
    const pool = api.runtime.db.pool;
    // Make the scheduled (future) reminders due now.
    await pool.query(
      `UPDATE "Reminder" SET "dueAt" = now() - interval '1 minute', "nextAttemptAt" = now() - interval '1 minute'`,
    );
    const all = (await pool.query<{ id: string }>('SELECT id FROM "Reminder"')).rows.map(
      (r) => r.id,
    );
    expect(all.length).toBeGreaterThanOrEqual(50);
    receiver.delayMs = 400;

    const first = startWorker();
    // The third batch is in flight: its requests have arrived, their answers have not.
    await until(() => receiver.arrived >= 7, 30_000, 'the third batch');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const claimedByTheDead = (
      await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "Reminder" WHERE status = 'SENDING'`,
      )
    ).rows[0]!.n;
    expect(Number(claimedByTheDead)).toBeGreaterThan(0);

    const second = startWorker();
    await until(
      async () =>
        (await pool.query(`SELECT 1 FROM "Reminder" WHERE status <> 'SENT' LIMIT 1`)).rowCount ===
        0,
      60_000,
      'every reminder SENT',
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('finishing deliveries in flight');
    expect(second.output()).toContain('"msg":"stopped"');

    // None lost: every reminder reached the receiver.
    const delivered = new Set(receiver.received.map((r) => r.id));
    expect([...delivered].sort()).toEqual([...all].sort());
    // Duplicates only for the batch the dead worker had in flight, same id, same body.
    const byId = new Map<string, string[]>();
    for (const r of receiver.received) byId.set(r.id, [...(byId.get(r.id) ?? []), r.body]);
    const repeated = [...byId.entries()].filter(([, bodies]) => bodies.length > 1);
    expect(repeated.length).toBeLessThanOrEqual(3);
    for (const [, bodies] of repeated) expect(new Set(bodies).size).toBe(1);
    const attempts = await pool.query<{ attempts: number; n: string }>(
      'SELECT attempts, count(*) AS n FROM "Reminder" GROUP BY attempts ORDER BY attempts',
    );
    // The dead worker's claims count as attempts: those rows were delivered on their 2nd.
    expect(attempts.rows.map((r) => r.attempts)).toEqual(
      repeated.length > 0 || Number(claimedByTheDead) > 0 ? [1, 2] : [1],
    );
  });
});

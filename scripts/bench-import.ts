// Bulk import: generates a CSV of N cases with 5 events each, imports it with the real command
// (`node dist/src/cli/orderly.js import`, a child process: start-up included), and prints the
// time beside two baselines measured in the same run on the same database:
//   - one case at a time through the API's service (`createCase`, one transaction each: what
//     a clinic's script calling POST /v1/cases would cost without HTTP), on a sample,
//     extrapolated to N;
//   - the engine alone computing the same N cases in this process (the floor: no database).
// Then runs the same file again (idempotent: creates nothing) and exports it back (the round
// trip must be identical). The organization has a webhook endpoint, so reminders are computed.
//
//   npm run build && npx tsx scripts/bench-import.ts [cases] [sample]   (default 10000 300)
//
// Uses the embedded PostgreSQL in a temporary folder, or DATABASE_URL when set.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openSecretBox } from '../src/adapters/secret-box.js';
import { loadConfig } from '../src/config.js';
import { inTransaction } from '../src/db/transaction.js';
import { computeDeadlines, FAMILIES, type Family } from '../src/engine/index.js';
import { createLogger } from '../src/logger.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { openRuntime } from '../src/runtime.js';
import { createCase } from '../src/services/cases.js';
import type { RequestContext } from '../src/services/context.js';
import { EXPORT_COLUMNS } from '../src/services/import-format.js';
import { createOrganization } from '../src/services/organizations.js';
import { createWebhookEndpoint } from '../src/services/reminders.js';

const CASES = Number(process.argv[2] ?? 10_000);
const SAMPLE = Math.min(CASES, Number(process.argv[3] ?? 300));
const run = promisify(execFile);

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-bench-import-'));
await fs.chmod(dataDir, 0o755);
const secretsKey = randomBytes(32).toString('base64');
const env = {
  DATA_DIR: dataDir,
  SECRETS_KEY: secretsKey,
  LOG_LEVEL: 'warn',
  ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }),
};
const config = loadConfig(env);
const runtime = await openRuntime(config, createLogger('warn'));
const databaseUrl = config.databaseUrl ?? runtime.embedded!.url;

// ---- The file -----------------------------------------------------------------------------
const COURTS = ['CA', 'CA-los-angeles', 'CA-alameda', 'CA-san-diego', 'CA-fresno'];
const FAMILY_MIX: Family[] = FAMILIES.filter((f) => f !== 'GV');
const today = new Date();
const day = (offset: number) =>
  new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** A case's five facts: petition, temporary order, hearing, service, a continuance; dates ahead. */
function eventsOf(i: number) {
  const filed = 5 + (i % 40);
  return [
    { type: 'PETITION_FILED', date: day(filed) },
    { type: 'TRO_GRANTED', date: day(filed) },
    { type: 'HEARING_SET', date: day(filed + 21), time: '08:30' },
    { type: 'SERVED', date: day(filed + 7), method: 'PERSONAL' },
    { type: 'HEARING_CONTINUED', date: day(filed + 42) },
  ];
}
const caseOf = (i: number) => ({
  reference: `BULK-${String(i).padStart(6, '0')}`,
  family: FAMILY_MIX[i % FAMILY_MIX.length]!,
  court: COURTS[i % COURTS.length]!,
});

const lines = [EXPORT_COLUMNS.join(',')];
for (let i = 0; i < CASES; i++) {
  const c = caseOf(i);
  for (const e of eventsOf(i)) {
    const cells: Record<string, string> = {
      reference: c.reference,
      family: c.family,
      court: c.court,
      status: 'OPEN',
      event_type: e.type,
      event_date: e.date,
      event_time: e.time ?? '',
      event_method: e.method ?? '',
    };
    lines.push(EXPORT_COLUMNS.map((column) => cells[column] ?? '').join(','));
  }
}
const file = path.join(dataDir, 'cases.csv');
const text = `${lines.join('\n')}\n`;
await fs.writeFile(file, text);

async function organization(name: string) {
  const { organization } = await inTransaction(runtime.db, (tx) =>
    createOrganization(tx, { name, now: new Date() }),
  );
  const ctx = (): RequestContext => ({
    actor: { organizationId: organization.id, apiKeyId: null, label: 'bench', scopes: ['admin'] },
    requestId: null,
    now: new Date(),
  });
  const box = await openSecretBox({ secretsKey, dataDir });
  await inTransaction(runtime.db, (tx) =>
    createWebhookEndpoint(tx, ctx(), box, runtime.webhookPolicy, {
      url: 'https://hooks.clinic.example/orderly',
    }),
  );
  return { id: organization.id, ctx };
}

const orderly = (args: string[]) =>
  run(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/cli/orderly.js'), ...args], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    maxBuffer: 256 * 1024 * 1024,
  });

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const count = async (table: string, organizationId: string) =>
  Number(
    (
      await runtime.db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table}" WHERE "organizationId" = $1`,
        [organizationId],
      )
    ).rows[0]!.n,
  );

console.log(
  `bulk import: ${CASES} cases × 5 events (${(text.length / 1e6).toFixed(1)} MB), load average ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}, ${os.cpus().length} cores`,
);

// ---- Baseline 1: the engine alone -----------------------------------------------------------
let started = performance.now();
for (let i = 0; i < CASES; i++) {
  const c = caseOf(i);
  computeDeadlines({
    family: c.family,
    court: c.court,
    events: eventsOf(i).map((e, n) => ({ id: `e${n}`, ...e })) as never,
  });
}
const engineMs = performance.now() - started;

// ---- Baseline 2: one case at a time through createCase ---------------------------------------
const oneByOne = await organization('Bench one at a time');
started = performance.now();
for (let i = 0; i < SAMPLE; i++) {
  const c = caseOf(i);
  await inTransaction(runtime.db, (tx) =>
    createCase(tx, oneByOne.ctx(), { ...c, events: eventsOf(i) as never }),
  );
}
const perCaseMs = (performance.now() - started) / SAMPLE;

// ---- The import ------------------------------------------------------------------------------
const bulk = await organization('Bench bulk');
started = performance.now();
const { stdout } = await orderly(['import', file, '--org', bulk.id]);
const importMs = performance.now() - started;
const report = JSON.parse(stdout) as {
  cases: { created: number };
  deadlines: number;
  reminders: number;
};
if (report.cases.created !== CASES) throw new Error(`created ${report.cases.created} of ${CASES}`);
const stored = {
  events: await count('OrderEvent', bulk.id),
  deadlines: await count('Deadline', bulk.id),
  reminders: await count('Reminder', bulk.id),
};

started = performance.now();
const again = JSON.parse((await orderly(['import', file, '--org', bulk.id])).stdout) as {
  cases: { created: number; unchanged: number };
};
const againMs = performance.now() - started;

started = performance.now();
const exported = (await orderly(['export', '--org', bulk.id])).stdout;
const exportMs = performance.now() - started;

console.log(
  `  import (orderly import, child process): ${seconds(importMs)} s = ${Math.round((CASES / importMs) * 1000)} cases/s; goal ≤ 60 s: ${importMs <= 60_000 ? 'met' : 'NOT met'}`,
);
console.log(
  `    wrote ${stored.events} events, ${stored.deadlines} deadlines (with history), ${stored.reminders} reminders`,
);
console.log(
  `  baseline, createCase one at a time (${SAMPLE}-case sample): ${perCaseMs.toFixed(1)} ms/case → ${seconds(perCaseMs * CASES)} s for ${CASES}; import is ${((perCaseMs * CASES) / importMs).toFixed(1)}× faster`,
);
console.log(
  `  floor, the engine alone in-process: ${seconds(engineMs)} s (${Math.round((CASES / engineMs) * 1000)} cases/s); import takes ${(importMs / engineMs).toFixed(1)}× the engine's time`,
);
console.log(
  `  same file again: ${seconds(againMs)} s, created ${again.cases.created}, unchanged ${again.cases.unchanged}`,
);
console.log(
  `  export: ${seconds(exportMs)} s; round trip identical: ${exported === text ? 'yes' : 'NO'}`,
);

await runtime.close();
await fs.rm(dataDir, { recursive: true, force: true });
if (exported !== text || again.cases.created !== 0) process.exitCode = 1;

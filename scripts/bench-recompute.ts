// Bulk recompute: a RULES_CHANGED job (what the start-up check queues after a release) over N
// open cases, run batch by batch as the worker runs it, and printed beside baselines measured in
// the same run on the same database:
//   - cases/s of the batched job, alone and again with reads running beside it, vs the
//     case-by-case path it replaced (lockCase + recomputeDeadlines per case, 100 to a
//     transaction) on a sample;
//   - p99 latency of concurrent reads (GET /v1/cases/{id}/deadlines, autocannon, 8 connections)
//     while the job runs vs idle, the API in this same process (as `npm start` runs the worker
//     beside the server by default).
//
//   npm run build && npx tsx scripts/bench-recompute.ts [cases] [sample]   (default 10000 500)
//   RECOMPUTE_BATCH_SIZE=250 npx tsx scripts/bench-recompute.ts …          another batch size
//
// Uses the embedded PostgreSQL in a temporary folder, or DATABASE_URL when set.
import autocannon from 'autocannon';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { lockCase } from '../src/db/cases.js';
import { inTransaction } from '../src/db/transaction.js';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { openRuntime } from '../src/runtime.js';
import type { RequestContext } from '../src/services/context.js';
import { recomputeDeadlines } from '../src/services/deadlines.js';
import { EXPORT_COLUMNS } from '../src/services/import-format.js';
import { importCases } from '../src/services/imports.js';
import { createOrganization } from '../src/services/organizations.js';
import { queueRecompute, runRecomputeBatch } from '../src/services/recompute-jobs.js';

const CASES = Number(process.argv[2] ?? 10_000);
const SAMPLE = Math.min(CASES, Number(process.argv[3] ?? 500));
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-bench-recompute-'));
await fs.chmod(dataDir, 0o755);
const config = loadConfig({
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '0',
  WORKER: 'off',
  ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }),
  ...(process.env.RECOMPUTE_BATCH_SIZE && {
    RECOMPUTE_BATCH_SIZE: process.env.RECOMPUTE_BATCH_SIZE,
  }),
});
const log = createLogger('warn');
const runtime = await openRuntime(config, log);

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const lines = [EXPORT_COLUMNS.join(',')];
for (let i = 0; i < CASES; i++) {
  const filed = 5 + (i % 40);
  for (const [type, date, time, method] of [
    ['PETITION_FILED', day(filed), '', ''],
    ['TRO_GRANTED', day(filed), '', ''],
    ['HEARING_SET', day(filed + 21), '08:30', ''],
    ['SERVED', day(filed + 7), '', 'PERSONAL'],
    ['HEARING_CONTINUED', day(filed + 42), '', ''],
  ]) {
    const cells: Record<string, string> = {
      reference: `RC-${i}`,
      family: 'DV',
      court: i % 2 ? 'CA' : 'CA-los-angeles',
      status: 'OPEN',
      event_type: type!,
      event_date: date!,
      event_time: time!,
      event_method: method!,
    };
    lines.push(EXPORT_COLUMNS.map((c) => cells[c] ?? '').join(','));
  }
}
const { organization, key } = await inTransaction(runtime.db, (tx) =>
  createOrganization(tx, { name: 'Bench recompute', now: new Date() }),
);
const ctx: RequestContext = {
  actor: { organizationId: organization.id, apiKeyId: null, label: 'bench', scopes: ['admin'] },
  requestId: null,
  now: new Date(),
};
await importCases(runtime.db, ctx, `${lines.join('\n')}\n`, { dryRun: false });
const ids = (
  await runtime.db.pool.query<{ id: string }>(
    'SELECT id::text FROM "Case" WHERE "organizationId" = $1 ORDER BY id',
    [organization.id],
  )
).rows.map((r) => r.id);

console.log(
  `bulk recompute: ${CASES} open cases (5 events each), load average ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}, ${os.cpus().length} cores`,
);

// ---- The API, for concurrent reads ------------------------------------------------------------
const app = await buildApp(runtime);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
/** Reads for `seconds`; `stop()` ends them early (the result is then what was measured). */
function reads(seconds: number): { result: Promise<autocannon.Result>; stop(): void } {
  let resolve!: (result: autocannon.Result) => void;
  const result = new Promise<autocannon.Result>((r) => (resolve = r));
  const instance = autocannon(
    {
      url: base,
      connections: 8,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => ({
            ...request,
            path: `/v1/cases/${ids[Math.floor(Math.random() * ids.length)]}/deadlines`,
            headers: { authorization: `Bearer ${key}` },
          }),
        },
      ],
    },
    (error, done) => {
      if (error) throw error;
      resolve(done);
    },
  );
  return { result, stop: () => instance.stop() };
}

// ---- Baseline: the case-by-case path on a sample -------------------------------------------------
const started = performance.now();
for (let at = 0; at < SAMPLE; at += 100) {
  await inTransaction(runtime.db, async (tx) => {
    for (const id of ids.slice(at, Math.min(at + 100, SAMPLE))) {
      const owner = await lockCase(tx, organization.id, id);
      await recomputeDeadlines(tx, owner!, 'RULES_CHANGED', null, {
        now: new Date(),
        catchUp: false,
      });
    }
  });
}
const perCaseRate = (SAMPLE / (performance.now() - started)) * 1000;

// ---- Idle reads --------------------------------------------------------------------------------
const idle = await reads(5).result;

// ---- The job: alone, then again with reads running beside it ----------------------------------
/** Runs a RULES_CHANGED job over every open case, batch by batch as the worker does; its ms. */
async function runJob(version: string): Promise<number> {
  const job = await inTransaction(runtime.db, (tx) =>
    queueRecompute(tx, {
      organizationId: organization.id,
      cause: 'RULES_CHANGED',
      closureId: null,
      court: null,
      rulesVersion: version,
    }),
  );
  const at = performance.now();
  for (;;) {
    const batch = await runRecomputeBatch(runtime.db, {
      now: () => new Date(),
      log,
      batchSize: config.recompute.batchSize,
      jobId: job.id,
    });
    if (batch === null || batch.done) break;
  }
  return performance.now() - at;
}
const aloneMs = await runJob('bench-alone');
const during = reads(1_000);
const jobMs = await runJob('bench');
during.stop();
const busy = await during.result;

const aloneRate = (CASES / aloneMs) * 1000;
const rate = (CASES / jobMs) * 1000;
console.log(
  `  job alone (RECOMPUTE_BATCH_SIZE=${config.recompute.batchSize}): ${(aloneMs / 1000).toFixed(1)} s = ${Math.round(aloneRate)} cases/s; goal ≥ 2,000: ${aloneRate >= 2000 ? 'met' : 'NOT met'}`,
);
console.log(
  `  job with the reads below in the same process: ${(jobMs / 1000).toFixed(1)} s = ${Math.round(rate)} cases/s`,
);
console.log(
  `  baseline, case by case (${SAMPLE}-case sample): ${Math.round(perCaseRate)} cases/s; batched (alone) is ${(aloneRate / perCaseRate).toFixed(1)}×`,
);
console.log(
  `  concurrent reads p99: idle ${idle.latency.p99} ms, during the job ${busy.latency.p99} ms = ${(busy.latency.p99 / Math.max(1, idle.latency.p99)).toFixed(1)}× (goal ≤ 2×); ${busy.requests.total} reads, ${busy.non2xx} non-2xx`,
);

await app.close();
await runtime.close();
await fs.rm(dataDir, { recursive: true, force: true });

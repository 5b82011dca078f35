// API throughput: requests/second and p99 latency for POST /v1/compute and for
// GET /v1/cases/{id}/deadlines (Prisma), each beside a baseline measured in the same run,
// on the same server process: a Fastify hello-world route, and a raw `pg` route that
// reads the same rows with one hand-written query (behind the same authentication and
// response schema). Reported as ratios.
//
// Then, on one connection (one request at a time, so latency is the server's time plus a
// loopback hop): POST /v1/cases/{id}/events with an Idempotency-Key — the write path, 8 database
// round trips — beside a raw `pg` transaction of 8 trivial statements (BEGIN, 6 × SELECT 1,
// COMMIT) behind the same authentication: the cost of the round trips alone; and the same 8
// through Prisma's interactive transaction (`inTransaction`, `tx.$queryRaw`), as the write path
// sends them: what Prisma adds to each.
//
//   npx tsx scripts/bench-api.ts [seconds-per-route]       (default 10)
//
// The server runs with the rate limiter on at a high limit (as in production), or at
// BENCH_RATE_LIMIT requests a minute (0: off).
//
// The server runs in a child process (one core), autocannon in this one (the other core).
// It uses the embedded PostgreSQL in a temporary folder, or DATABASE_URL when set.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DeadlineKind, DeadlineStatus } from '../src/engine/index.js';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/** A full DV lifecycle starting `shift` days after 2025-01-06, as the engine's input. */
function dvLifecycle(shift: number) {
  const day = (offset: number) =>
    new Date(Date.UTC(2025, 0, 6 + shift + offset)).toISOString().slice(0, 10);
  return [
    { type: 'EPO_ISSUED', date: day(0), time: '23:10' },
    { type: 'PETITION_FILED', date: day(3) },
    { type: 'TRO_GRANTED', date: day(3) },
    { type: 'HEARING_SET', date: day(24), time: '08:30' },
    { type: 'SERVED', date: day(12), method: 'PERSONAL' },
    { type: 'HEARING_CONTINUED', date: day(45), time: '09:00' },
    { type: 'ORDER_AFTER_HEARING', date: day(45) },
    { type: 'RENEWAL_FILED', date: day(45 + 3 * 365 - 40) },
  ];
}

interface Ready {
  port: number;
  key: string;
  caseId: string;
  /** Cases that events are recorded on (a TRO and its hearing each). */
  writeCaseIds: string[];
}

async function serve(readyFile: string): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { createLogger } = await import('../src/logger.js');
  const { openRuntime } = await import('../src/runtime.js');
  const { buildApp } = await import('../src/http/app.js');
  const { inTransaction } = await import('../src/db/transaction.js');
  const { createOrganization } = await import('../src/services/organizations.js');
  const { createCase } = await import('../src/services/cases.js');
  const { installAuthentication, actorOf } = await import('../src/http/auth.js');
  const { FailedAuthThrottle } = await import('../src/services/request-limits.js');
  const { Type } = await import('@sinclair/typebox');
  const { CaseDeadline } = await import('../src/http/schemas.js');
  const { toCalendarDate, toCourtInstantOrNull } = await import('../src/db/convert.js');
  const { withStanding } = await import('../src/services/deadlines.js');

  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger(config.logLevel));
  const { organization, key } = await inTransaction(runtime.db, (tx) =>
    createOrganization(tx, { name: 'Bench Clinic', now: new Date() }),
  );
  const ctx = {
    actor: {
      organizationId: organization.id,
      apiKeyId: null,
      label: 'cli',
      scopes: ['admin' as const],
    },
    requestId: null,
    now: new Date(),
  };
  const created = await inTransaction(runtime.db, (tx) =>
    createCase(tx, ctx, {
      family: 'DV',
      court: 'CA',
      reference: 'BENCH-1',
      events: dvLifecycle(0) as never,
    }),
  );
  const writeCaseIds: string[] = [];
  for (let i = 0; i < 100; i++) {
    const write = await inTransaction(runtime.db, (tx) =>
      createCase(tx, ctx, {
        family: 'DV',
        court: 'CA',
        reference: `BENCH-W${i}`,
        events: dvLifecycle(i).slice(1, 4) as never,
      }),
    );
    writeCaseIds.push(write.case.id);
  }
  const app = await buildApp(runtime);

  // Baseline 1: Fastify hello world, same instance and hooks.
  app.get('/bench/hello', async () => ({ hello: 'world' }));
  // The floor for POST /v1/compute: the same authentication, the same 1 kB request body read
  // and parsed, and the same 7 kB answer — already serialised, so no work at all. No route that
  // reads and writes that much can beat it; compute ÷ hello-world can at best reach floor ÷ hello-world.
  const { computeDeadlines } = await import('../src/engine/index.js');
  const answer = JSON.stringify(
    computeDeadlines({ family: 'DV', court: 'CA', events: dvLifecycle(0) } as never),
  );
  // Baseline 2: the same rows as GET /v1/cases/{id}/deadlines, by one hand-written query.
  await app.register(
    async (scope) => {
      installAuthentication(
        scope,
        runtime.apiKeys,
        new FailedAuthThrottle(runtime.counters, 1_000_000),
      );
      scope.post('/floor', async (_request, reply) => reply.type('application/json').send(answer));
      // Baseline 3: eight round trips and nothing else (the write path's count).
      scope.post('/round-trips', async () => {
        const client = await runtime.db.pool.connect();
        try {
          await client.query('BEGIN');
          for (let i = 0; i < 6; i++) await client.query('SELECT 1');
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        return { ok: true };
      });
      // Baseline 4: the same eight round trips through Prisma's interactive transaction, as the
      // write path sends its statements: what Prisma adds per statement, beside baseline 3.
      scope.post('/prisma-round-trips', async () => {
        await inTransaction(runtime.db, async (tx) => {
          for (let i = 0; i < 6; i++) await tx.$queryRaw`SELECT 1`;
        });
        return { ok: true };
      });
      scope.get(
        '/cases/:id/deadlines',
        {
          schema: {
            response: { 200: Type.Object({ deadlines: Type.Array(Type.Ref(CaseDeadline)) }) },
          },
        },
        async (request) => {
          const { id } = request.params as { id: string };
          // A named (prepared) statement, as Orderly's Prisma client uses: the strongest baseline.
          const { rows } = await runtime.db.pool.query({
            name: 'bench_raw_deadlines',
            text: `SELECT d.*, coalesce(json_agg(json_build_object(
                 'revision', c.revision, 'previousDate', c."previousDate", 'previousAt', c."previousAt",
                 'previousStatus', c."previousStatus", 'date', c.date, 'at', c.at, 'status', c.status,
                 'cause', c.cause, 'causedByEventId', c."causedByEventId",
                 'causedByClosureId', c."causedByClosureId", 'causedByJobId', c."causedByJobId",
                 'changedAt', c."changedAt")
                 ORDER BY c.revision) FILTER (WHERE c.id IS NOT NULL), '[]') AS history
             FROM "Case" k JOIN "Deadline" d ON d."caseId" = k.id
             LEFT JOIN "DeadlineChange" c ON c."deadlineId" = d.id
             WHERE k.id = $1 AND k."organizationId" = $2
             GROUP BY d.id ORDER BY d.date, d.at, d.key`,
            values: [id, actorOf(request).organizationId],
          });
          // The same answer as Orderly's: each deadline's nature and state, historyTruncated.
          const deadlines = rows.map((d: Record<string, unknown>) => ({
            ...d,
            kind: d.kind as DeadlineKind,
            key: d.key as string,
            status: d.status as DeadlineStatus,
            date: toCalendarDate(d.date as Date),
            at: toCourtInstantOrNull(d.at as Date | null),
            computedAt: (d.computedAt as Date).toISOString(),
            historyTruncated: false,
          }));
          return {
            deadlines: withStanding(deadlines, new Date()).map((d) => ({
              ...d,
              at: d.at ?? undefined,
            })),
          };
        },
      );
    },
    { prefix: '/bench/raw' },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await fs.writeFile(
    readyFile,
    JSON.stringify({ port, key, caseId: created.case.id, writeCaseIds } satisfies Ready),
  );
  const stop = async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

interface Result {
  name: string;
  /** Share of one core the server process used while loaded (1.0 = saturated). */
  serverCpu: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** CPU seconds (user + system) a process has used, from /proc. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

let serverPid: number | undefined;

async function load(name: string, options: autocannon.Options): Promise<Result> {
  const before = await cpuSeconds(serverPid);
  const started = Date.now();
  const result = await autocannon({ connections: 10, pipelining: 1, ...options });
  const serverCpu = ((await cpuSeconds(serverPid)) - before) / ((Date.now() - started) / 1000);
  return {
    name,
    serverCpu,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Sends requests one after another for `seconds` (after a second of warm-up) and times each. */
async function oneAtATime(
  seconds: number,
  send: () => Promise<Response>,
): Promise<{ median: number; failed: number; summary: string }> {
  const times: number[] = [];
  let failed = 0;
  for (const [phase, duration] of [
    ['warm-up', 1],
    ['measure', seconds],
  ] as const) {
    const end = performance.now() + duration * 1000;
    while (performance.now() < end) {
      const started = performance.now();
      const response = await send();
      await response.arrayBuffer();
      if (phase === 'measure') times.push(performance.now() - started);
      if (response.status >= 300) failed += 1;
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    median: at(0.5),
    failed,
    summary: `n ${times.length}, median ${at(0.5).toFixed(2)}, p90 ${at(0.9).toFixed(2)}, p99 ${at(0.99).toFixed(2)}${failed ? `, ${failed} failed` : ''}`,
  };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-bench-api-'));
  await fs.chmod(dir, 0o755);
  const readyFile = path.join(dir, 'ready.json');
  // PROFILE_DIR=<dir>: the server writes a V8 CPU profile there (see scripts/cpuprofile-top.ts).
  const profile = process.env.PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', SELF, '--serve', readyFile],
    {
      env: {
        ...process.env,
        DATA_DIR: path.join(dir, 'data'),
        PORT: '0',
        // Production defaults otherwise: request logging at info (to /dev/null), rate limiter on (high limit).
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        RATE_LIMIT_PER_MINUTE: process.env.BENCH_RATE_LIMIT ?? '10000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  serverPid = child.pid;
  try {
    let ready: Ready | undefined;
    for (let i = 0; i < 600 && !ready; i++) {
      ready = await fs
        .readFile(readyFile, 'utf8')
        .then((t) => JSON.parse(t) as Ready)
        .catch(() => undefined);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    if (!ready) throw new Error('server did not start');
    const base = `http://127.0.0.1:${ready.port}`;
    // Each run gets its own headers object: autocannon writes content-length into it.
    const auth = { authorization: `Bearer ${ready.key}`, 'content-type': 'application/json' };
    // 500 different timelines, cycled: the engine does real work on every request.
    const bodies = Array.from({ length: 500 }, (_, i) =>
      JSON.stringify({ family: 'DV', court: 'CA', events: dvLifecycle(i) }),
    );
    let next = 0;
    const only = process.env.ROUTE;
    const allRoutes: [string, autocannon.Options][] = [
      ['hello world (baseline)', { url: `${base}/bench/hello` }],
      [
        'floor: auth, 1 kB in, 7 kB out, no work',
        {
          url: `${base}/bench/raw/floor`,
          method: 'POST',
          headers: { ...auth },
          requests: [
            { setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]! }) },
          ],
        },
      ],
      [
        'POST /v1/compute',
        {
          url: `${base}/v1/compute`,
          method: 'POST',
          headers: { ...auth },
          requests: [
            { setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]! }) },
          ],
        },
      ],
      [
        'raw pg deadlines (baseline)',
        {
          url: `${base}/bench/raw/cases/${ready.caseId}/deadlines`,
          headers: { authorization: auth.authorization },
        },
      ],
      [
        'GET /v1/cases/{id}/deadlines',
        {
          url: `${base}/v1/cases/${ready.caseId}/deadlines`,
          headers: { authorization: auth.authorization },
        },
      ],
    ];
    // ROUTE=<start of a name>: load only that route (for profiling).
    const routes = only ? allRoutes.filter(([name]) => name.startsWith(only)) : allRoutes;
    for (const [, options] of routes) await load('warm-up', { ...options, duration: 2 });
    const results: Result[] = [];
    for (const [name, options] of routes)
      results.push(await load(name, { ...options, duration: seconds }));

    const by = (name: string) => results.find((r) => r.name.startsWith(name))!;
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${seconds}s per route, 10 connections; run ${randomUUID().slice(0, 8)} on ${new Date().toISOString()}`,
    );
    console.log(
      'route                              req/s     p50 ms   p99 ms   errors  non-2xx  server CPU  server µs/req',
    );
    for (const r of results) {
      console.log(
        `${r.name.padEnd(32)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(9)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.non2xx).padStart(8)} ${`${(r.serverCpu * 100).toFixed(0)} %`.padStart(11)} ${((r.serverCpu / r.rps) * 1e6).toFixed(0).padStart(14)}`,
      );
    }
    if (!only) {
      const compute = by('POST /v1/compute').rps / by('hello world').rps;
      const floor = by('floor').rps / by('hello world').rps;
      const read = by('GET /v1/cases').rps / by('raw pg').rps;
      console.log(`ratio compute / hello-world:        ${compute.toFixed(2)}  (goal ≥ 0.60)`);
      console.log(
        `ratio floor / hello-world:          ${floor.toFixed(2)}  (the best compute could reach)`,
      );
      console.log(
        `ratio compute / floor:              ${(by('POST /v1/compute').rps / by('floor').rps).toFixed(2)}`,
      );
      console.log(`ratio Prisma read / raw pg read:    ${read.toFixed(2)}  (goal ≥ 0.50)`);
    }
    if (!only || only.startsWith('1 conn')) {
      const trips = await oneAtATime(seconds, () =>
        fetch(`${base}/bench/raw/round-trips`, {
          method: 'POST',
          headers: { authorization: auth.authorization },
        }),
      );
      const prismaTrips = await oneAtATime(seconds, () =>
        fetch(`${base}/bench/raw/prisma-round-trips`, {
          method: 'POST',
          headers: { authorization: auth.authorization },
        }),
      );
      // Each case's hearing continued a day later each time, with a new key each time.
      const continuances = new Map<string, number>();
      let nextCase = 0;
      const write = await oneAtATime(seconds, () => {
        const caseId = ready.writeCaseIds[nextCase++ % ready.writeCaseIds.length]!;
        const n = (continuances.get(caseId) ?? 0) + 1;
        continuances.set(caseId, n);
        const date = new Date(Date.UTC(2025, 2, 1 + n)).toISOString().slice(0, 10);
        return fetch(`${base}/v1/cases/${caseId}/events`, {
          method: 'POST',
          headers: { ...auth, 'idempotency-key': randomUUID() },
          body: JSON.stringify({ type: 'HEARING_CONTINUED', date, time: '09:00' }),
        });
      });
      console.log('one request at a time (time to the whole answer, ms):');
      console.log(`  8 bare round trips (baseline)     ${trips.summary}`);
      console.log(`  the same 8 through Prisma's tx     ${prismaTrips.summary}`);
      console.log(`  POST /v1/cases/{id}/events        ${write.summary}  (goal: median ≤ 5)`);
      console.log(
        `ratio event / 8 round trips (median): ${(write.median / trips.median).toFixed(1)}`,
      );
      if (trips.failed + prismaTrips.failed + write.failed > 0) {
        console.log('WARNING: some requests failed; the figures above are not valid.');
        process.exitCode = 1;
      }
    }
    if (results.some((r) => r.errors > 0 || r.non2xx > 0)) {
      console.log('WARNING: some requests failed; the figures above are not valid.');
      process.exitCode = 1;
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]!);
else await main();

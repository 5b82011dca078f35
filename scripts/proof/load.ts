// Load: a mixed clinic workload (creating cases, appending events, listing deadlines,
// fetching feeds) from autocannon against the real server and PostgreSQL on loopback, at
// increasing concurrency, bounded in time. For each step: throughput, p50/p99 latency,
// server memory and CPU, machine CPU; beside it, in the same run and at the same
// concurrency, a Fastify hello-world and a raw `pg` read of the same rows, as ratios.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { call, freePort, sleep, type ProofEnv } from './env.js';
import type { Section } from './section.js';
import { dvEvents } from './world.js';

interface Step {
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Answers other than 2xx, apart from the 503s of overload protection. */
  non2xx: number;
  /** 503 + Retry-After: refused at once by overload protection (MAX_IN_FLIGHT). */
  shed: number;
  rssMaxMiB: number;
  serverCpu: number;
  machineCpu: number;
  hello: number;
  raw: number;
  read: number;
}

/** A process and its children (several API processes): RSS in MiB and CPU seconds, summed. */
async function treeUsage(pid: number): Promise<{ rssMiB: number; cpuSeconds: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.split(') ')[1]?.split(' ') ?? [];
  let rssMiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  let cpuSeconds = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
  const children = (await fs.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => ''))
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  for (const child of children) {
    const usage = await treeUsage(child);
    rssMiB += usage.rssMiB;
    cpuSeconds += usage.cpuSeconds;
  }
  return { rssMiB, cpuSeconds };
}

/** A small deterministic PRNG (mulberry32), so a run's request mix can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function machineBusy(): Promise<{ busy: number; total: number }> {
  const line = (await fs.readFile('/proc/stat', 'utf8'))
    .split('\n')[0]!
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function run(options: autocannon.Options) {
  const result = await autocannon(options);
  const shed =
    (result.statusCodeStats as Record<string, { count: number }> | undefined)?.['503']?.count ?? 0;
  return {
    // Answered requests per second: a 503 refused at once is not served.
    rps: (result.requests.total - shed) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx - shed,
    shed,
  };
}

/** The mixed clinic workload against one server: its working set, and a request picker. */
export interface MixedLoad {
  /** autocannon's setupRequest: the next request of the mix. */
  pick: (request: autocannon.Request) => autocannon.Request;
  /** Cases the working set holds (the first is read by the "Orderly read" baseline). */
  pool: { id: string; feed?: string }[];
  /** Cases created by the mix so far. */
  created: () => number;
}

/**
 * `size` cases (200; a quarter with a case feed) and an organization feed, then the mix: 10 %
 * case creations, 20 % events appended, 20 % deadline lists, 20 % a case's deadlines, 30 % feed
 * fetches.
 */
export async function prepareMixedLoad(
  baseUrlOfServer: string,
  tenant: { key: string },
  seed: number,
  size = 200,
): Promise<MixedLoad> {
  const server = { baseUrl: baseUrlOfServer };
  // A fresh headers object per request: autocannon writes content-length into the one it is
  // given, and a GET reusing a POST's headers would announce a body it does not send.
  const authorization = `Bearer ${tenant.key}`;
  const auth = () => ({ authorization, 'content-type': 'application/json' });
  // A working set: `size` cases (a quarter with a feed token) for events, reads and feeds.
  const pool: { id: string; feed?: string }[] = [];
  for (let i = 0; i < size; i++) {
    const created = await call(server.baseUrl, tenant.key, 'POST', '/v1/cases', {
      family: 'DV',
      court: 'CA',
      reference: `POOL-${i}`,
      events: dvEvents(i % 60),
    });
    const id = created.json<{ case: { id: string } }>().case.id;
    const feed =
      i < size / 4
        ? await call(server.baseUrl, tenant.key, 'POST', '/v1/feeds', { scope: 'CASE', caseId: id })
        : undefined;
    pool.push({
      id,
      ...(feed?.status === 201 && { feed: new URL(feed.json<{ url: string }>().url).pathname }),
    });
  }
  const feeds = pool.filter((c) => c.feed).map((c) => c.feed!);
  const orgFeed = await call(server.baseUrl, tenant.key, 'POST', '/v1/feeds', {
    scope: 'ORGANIZATION',
  });
  const orgFeedPath =
    orgFeed.status === 201 ? new URL(orgFeed.json<{ url: string }>().url).pathname : undefined;

  const rand = random(seed);
  let created = 0;
  const pick = (request: autocannon.Request): autocannon.Request => {
    const r = rand();
    const some = pool[Math.floor(rand() * pool.length)]!;
    if (r < 0.1) {
      return {
        ...request,
        method: 'POST',
        path: '/v1/cases',
        headers: { ...auth(), 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          family: 'DV',
          court: 'CA',
          reference: `LOAD-${created++}`,
          events: dvEvents(created % 90),
        }),
      };
    }
    if (r < 0.3) {
      const day = new Date(Date.UTC(2026, 2, 1 + Math.floor(rand() * 200)))
        .toISOString()
        .slice(0, 10);
      return {
        ...request,
        method: 'POST',
        path: `/v1/cases/${some.id}/events`,
        headers: auth(),
        body: JSON.stringify({ type: 'HEARING_CONTINUED', date: day, time: '09:00' }),
      };
    }
    if (r < 0.5)
      return {
        ...request,
        method: 'GET',
        path: '/v1/deadlines?limit=50',
        headers: { authorization },
      };
    if (r < 0.7)
      return {
        ...request,
        method: 'GET',
        path: `/v1/cases/${some.id}/deadlines`,
        headers: { authorization },
      };
    if (r < 0.72 && orgFeedPath)
      return { ...request, method: 'GET', path: orgFeedPath, headers: {} };
    const feed = feeds[Math.floor(rand() * feeds.length)];
    return feed
      ? { ...request, method: 'GET', path: feed, headers: {} }
      : { ...request, method: 'GET', path: '/v1/deadlines?limit=50', headers: { authorization } };
  };

  return { pick, pool, created: () => created };
}

export async function load(
  env: ProofEnv,
  options: { short: boolean; seed: number },
): Promise<Section> {
  const steps = options.short ? [1, 4, 16] : [1, 4, 16, 64];
  const seconds = options.short ? 5 : 15;
  const server = await env.startServer('load', { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'info' });
  const tenant = await env.createTenant('Load Clinic');
  const authorization = `Bearer ${tenant.key}`;
  const { pick, pool, created } = await prepareMixedLoad(server.baseUrl, tenant, options.seed);

  const baselinePort = await freePort();
  const baseline = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(PROJECT_ROOT, 'scripts', 'proof', 'baselines.ts'),
      String(baselinePort),
    ],
    {
      env: { ...process.env, DATABASE_URL: env.databaseUrl },
      stdio: 'ignore',
    },
  );
  const baseUrl = `http://127.0.0.1:${baselinePort}`;
  for (
    let i = 0;
    i < 200 &&
    !(await fetch(`${baseUrl}/hello`)
      .then((r) => r.ok)
      .catch(() => false));
    i++
  )
    await sleep(50);

  const results: Step[] = [];
  /** Mixed req/s with two API processes (WEB_CONCURRENCY=2), by connections. */
  const twoProcesses: {
    connections: number;
    rps: number;
    p99: number;
    shed: number;
    non2xx: number;
    errors: number;
    rssMaxMiB: number;
    cpu: number;
  }[] = [];
  let idleMiB = 0;
  let afterMiB = 0;
  let twoIdleMiB = 0;
  let twoAlive = true;
  const serverPid = server.child.pid!;
  /** One step of the mixed load against `url`: figures, and RSS and CPU of the server's processes. */
  const step = async (url: string, pid: number, connections: number) => {
    const rss: number[] = [];
    const sampler = setInterval(() => void treeUsage(pid).then((u) => rss.push(u.rssMiB)), 250);
    const cpuBefore = (await treeUsage(pid)).cpuSeconds;
    const machineBefore = await machineBusy();
    const startedAt = Date.now();
    const mixed = await run({
      url,
      connections,
      duration: seconds,
      requests: [{ setupRequest: pick }],
    });
    const elapsed = (Date.now() - startedAt) / 1000;
    clearInterval(sampler);
    const machineAfter = await machineBusy();
    const after = await treeUsage(pid);
    return {
      mixed,
      rssMaxMiB: Math.max(...rss, after.rssMiB),
      serverCpu: (after.cpuSeconds - cpuBefore) / elapsed,
      machineCpu:
        (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    };
  };
  try {
    idleMiB = (await treeUsage(serverPid)).rssMiB;
    // Warm-up: JIT, pools, caches.
    await run({
      url: server.baseUrl,
      connections: 4,
      duration: 3,
      requests: [{ setupRequest: pick }],
    });
    for (const connections of steps) {
      const measured = await step(server.baseUrl, serverPid, connections);
      const hello = await run({ url: `${baseUrl}/hello`, connections, duration: seconds });
      const raw = await run({
        url: `${baseUrl}/raw/deadlines?case=${pool[0]!.id}&org=${tenant.organizationId}`,
        connections,
        duration: seconds,
      });
      const read = await run({
        url: `${server.baseUrl}/v1/cases/${pool[0]!.id}/deadlines`,
        headers: { authorization },
        connections,
        duration: seconds,
      });
      results.push({
        connections,
        ...measured.mixed,
        rssMaxMiB: measured.rssMaxMiB,
        serverCpu: measured.serverCpu,
        machineCpu: measured.machineCpu,
        hello: hello.rps,
        raw: raw.rps,
        read: read.rps,
      });
    }
    // Back near idle: ten quiet seconds after the load.
    await sleep(10_000);
    afterMiB = (await treeUsage(serverPid)).rssMiB;
  } finally {
    baseline.kill('SIGTERM');
  }
  const alive = server.alive();
  await server.stop();

  // The same mix against two API processes on one port (WEB_CONCURRENCY=2), same database.
  const twoSteps = options.short ? [16] : steps;
  const two = await env.startServer('load-2', {
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    WEB_CONCURRENCY: '2',
  });
  try {
    // The primary answers /ready through the first process; wait for both to listen.
    for (let i = 0; i < 600 && (two.output().match(/Server listening/g) ?? []).length < 2; i++)
      await sleep(100);
    twoIdleMiB = (await treeUsage(two.child.pid!)).rssMiB;
    await run({
      url: two.baseUrl,
      connections: 4,
      duration: 3,
      requests: [{ setupRequest: pick }],
    });
    for (const connections of twoSteps) {
      const measured = await step(two.baseUrl, two.child.pid!, connections);
      twoProcesses.push({
        connections,
        ...measured.mixed,
        rssMaxMiB: measured.rssMaxMiB,
        cpu: measured.serverCpu,
      });
    }
  } finally {
    twoAlive = two.alive();
    await two.stop();
  }

  // Where throughput stops growing: the first step that adds less than 15 % over the previous.
  let saturation = 'throughput still grew at the last step';
  for (let i = 1; i < results.length; i++) {
    if (results[i]!.rps < results[i - 1]!.rps * 1.15) {
      const s = results[i]!;
      const cause =
        s.serverCpu > 0.85
          ? `the Orderly process is at ${(s.serverCpu * 100).toFixed(0)} % of one core (Node runs request handling on one thread), so added connections only queue`
          : s.machineCpu > 0.85
            ? `the machine's ${(s.machineCpu * 100).toFixed(0)} % CPU is shared by Orderly (${(s.serverCpu * 100).toFixed(0)} % of a core), PostgreSQL and the load generator on 2 cores`
            : `neither the Orderly process (${(s.serverCpu * 100).toFixed(0)} % of a core) nor the machine (${(s.machineCpu * 100).toFixed(0)} %) is saturated: the limit is waiting — PostgreSQL round trips and row locks on the same cases`;
      saturation = `between ${results[i - 1]!.connections} and ${s.connections} connections: ${cause}`;
      break;
    }
  }
  const failed =
    results.some((s) => s.errors > 0 || s.non2xx > 0) ||
    twoProcesses.some((s) => s.errors > 0 || s.non2xx > 0);
  const table = [
    '| connections | mixed req/s | p50 ms | p99 ms | 503 shed | other non-2xx | errors | server RSS max | server CPU | machine CPU | hello-world req/s | mixed ÷ hello | raw pg read req/s | Orderly read req/s | read ÷ raw |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (s) =>
        `| ${s.connections} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.shed} | ${s.non2xx} | ${s.errors} | ${s.rssMaxMiB.toFixed(0)} MiB | ${(s.serverCpu * 100).toFixed(0)} % | ${(s.machineCpu * 100).toFixed(0)} % | ${s.hello.toFixed(0)} | ${(s.rps / s.hello).toFixed(2)} | ${s.raw.toFixed(0)} | ${s.read.toFixed(0)} | ${(s.read / s.raw).toFixed(2)} |`,
    ),
  ];
  const twoTable = [
    '| connections | 1 process req/s | 2 processes req/s | 2 ÷ 1 | p99 ms (2) | 503 shed (2) | RSS max, all processes (2) | CPU, all processes (2) |',
    '|---|---|---|---|---|---|---|---|',
    ...twoProcesses.map((t) => {
      const one = results.find((r) => r.connections === t.connections);
      return `| ${t.connections} | ${one ? one.rps.toFixed(0) : '—'} | ${t.rps.toFixed(0)} | ${one ? (t.rps / one.rps).toFixed(2) : '—'} | ${t.p99.toFixed(1)} | ${t.shed} | ${t.rssMaxMiB.toFixed(0)} MiB | ${(t.cpu * 100).toFixed(0)} % |`;
    }),
  ];
  const markdown = [
    `Mixed workload from autocannon against the real server (\`node dist/src/main.js\` with \`npm start\`'s memory settings, worker on, request logging at info) and PostgreSQL on loopback: 10 % case creations (with 3 events and an Idempotency-Key), 20 % events appended to one of 200 cases (recomputing its deadlines), 20 % \`GET /v1/deadlines\`, 20 % \`GET /v1/cases/{id}/deadlines\`, 30 % feed fetches (case feeds, 2 % the organization feed). ${seconds} s per step after a 3 s warm-up; each baseline runs for the same time at the same concurrency right after its step (\`scripts/proof/baselines.ts\`: Fastify hello world; one prepared \`pg\` query returning the same case's deadlines and history). Past \`MAX_IN_FLIGHT\` (32) requests in flight the server answers \`503\` with \`Retry-After\` at once (counted as shed, not as failures; latencies include them). Request-mix seed \`${options.seed}\`.`,
    '',
    ...table,
    '',
    `Memory: server RSS ${idleMiB.toFixed(0)} MiB idle before the load, ${Math.max(...results.map((r) => r.rssMaxMiB)).toFixed(0)} MiB at most during it, ${afterMiB.toFixed(0)} MiB ten seconds after it (goal: at most 250 MiB, back near idle).`,
    '',
    `Saturation: ${saturation}.`,
    '',
    `Several processes: the same mix against \`WEB_CONCURRENCY=2\` (two API processes on one port, node:cluster, and their primary; ${twoIdleMiB.toFixed(0)} MiB RSS idle, all three), right after, on the same database and working set. Both share the machine's 2 cores with PostgreSQL and autocannon.`,
    '',
    ...twoTable,
    '',
    `${created()} cases were created during the run; the server ${alive ? 'stayed up' : '**exited**'}, the two-process server ${twoAlive ? 'stayed up' : '**exited**'}; ${failed ? '**some requests failed**' : 'every request got a 2xx or a 503 with Retry-After'}.`,
  ].join('\n');
  return { title: 'Load', passed: alive && twoAlive && !failed, markdown };
}

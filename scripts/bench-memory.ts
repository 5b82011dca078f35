// Memory under the proof's mixed load: the server's RSS and where it sits (V8's heap by space,
// external and ArrayBuffer memory), at each concurrency step and after the load, beside two
// baselines from the same run: the same server idle before the load, and a Fastify
// hello-world process (`scripts/proof/baselines.ts`) under the same load.
//
//   npx tsx scripts/bench-memory.ts [seconds-per-step]          (default 15; steps 1, 4, 16, 64)
//   HEAP_SNAPSHOT=1 npx tsx scripts/bench-memory.ts             also a heap snapshot at the peak,
//                                                               summarised by scripts/memory/heap-top.ts
//   WEB_CONCURRENCY=2 npx tsx scripts/bench-memory.ts           the sum over the server's processes
//   REQUESTS=2000 npx tsx scripts/bench-memory.ts               a fixed number of requests per step
//
// The server is `node dist/src/main.js` as `npm start` runs it (build first: `npm run build`),
// with scripts/memory/probe.mjs preloaded to sample its memory; PostgreSQL is embedded.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { ProofEnv, freePort, sleep } from './proof/env.js';
import { prepareMixedLoad } from './proof/load.js';

interface Sample {
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, number>;
}

const seconds = Number(process.argv[2] ?? 15);
const steps = (process.env.STEPS ?? '1,4,16,64').split(',').map(Number);
const env = await ProofEnv.create();
const probeDir = path.join(env.dir, 'probe');
await fs.mkdir(probeDir, { recursive: true });
const probeFile = path.join(probeDir, 'samples.jsonl');
const probe = path.join(PROJECT_ROOT, 'scripts', 'memory', 'probe.mjs');

/** RSS in MiB of a process and its children (several processes: the sum). */
async function rssTree(pid: number): Promise<number> {
  const read = async (p: number): Promise<number> => {
    const status = await fs.readFile(`/proc/${p}/status`, 'utf8').catch(() => '');
    const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const children = (await fs.readFile(`/proc/${p}/task/${p}/children`, 'utf8').catch(() => ''))
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    let sum = own;
    for (const c of children) sum += await read(c);
    return sum;
  };
  return read(pid);
}

async function samples(): Promise<Sample[]> {
  const text = await fs.readFile(probeFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Sample);
}

try {
  const server = await env.startServer('memory', {
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    NODE_OPTIONS: `--import ${probe} ${process.env.NODE_FLAGS ?? ''}`.trim(),
    ...(process.env.MALLOC_ARENA_MAX && { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX }),
    ...(process.env.V8_FLAGS && { V8_FLAGS: process.env.V8_FLAGS }),
    MEMORY_PROBE_FILE: probeFile,
    ...(process.env.WEB_CONCURRENCY && { WEB_CONCURRENCY: process.env.WEB_CONCURRENCY }),
  });
  const serverPid = server.child.pid!;
  const tenant = await env.createTenant('Memory Clinic');
  await sleep(2_000);
  const idle = await rssTree(serverPid);
  const mix = await prepareMixedLoad(server.baseUrl, tenant, 1);
  const afterSetup = await rssTree(serverPid);

  const baselinePort = await freePort();
  const baseline = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(PROJECT_ROOT, 'scripts', 'proof', 'baselines.ts'),
      String(baselinePort),
    ],
    { env: { ...process.env, DATABASE_URL: env.databaseUrl }, stdio: 'ignore' },
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
  const helloIdle = await rssTree(baseline.pid!);

  const rows: string[] = [];
  let peak: Sample | undefined;
  try {
    for (const connections of steps) {
      const from = Date.now();
      const rss: number[] = [];
      const sampler = setInterval(() => void rssTree(serverPid).then((v) => rss.push(v)), 250);
      const result = await autocannon({
        url: server.baseUrl,
        connections,
        // REQUESTS=<n>: a fixed number of requests per step, so a busy machine changes the
        // time a step takes, not the work the server does.
        ...(process.env.REQUESTS
          ? { amount: Number(process.env.REQUESTS) }
          : { duration: seconds }),
        requests: [{ setupRequest: mix.pick }],
      });
      clearInterval(sampler);
      if (process.env.HEAP_SNAPSHOT && connections === steps[steps.length - 1]) {
        process.kill(serverPid, 'SIGUSR2');
        await sleep(3_000);
      }
      const during = (await samples()).filter((s) => s.t >= from);
      const max = (f: (s: Sample) => number) => Math.max(0, ...during.map(f));
      const top = during.reduce<Sample | undefined>(
        (a, s) => (!a || s.rss > a.rss ? s : a),
        undefined,
      );
      if (top && (!peak || top.rss > peak.rss)) peak = top;
      const hrss: number[] = [];
      const hsampler = setInterval(
        () => void rssTree(baseline.pid!).then((v) => hrss.push(v)),
        250,
      );
      await autocannon({ url: `${baseUrl}/hello`, connections, duration: Math.min(seconds, 5) });
      clearInterval(hsampler);
      rows.push(
        `| ${connections} | ${result.requests.total} | ${result.non2xx} | ${Math.max(...rss).toFixed(0)} | ${max((s) => s.heapUsed).toFixed(0)} | ${max((s) => s.heapTotal).toFixed(0)} | ${max((s) => s.spaces.new_space ?? 0).toFixed(0)} | ${max((s) => s.external).toFixed(0)} | ${max((s) => s.arrayBuffers).toFixed(0)} | ${Math.max(...hrss).toFixed(0)} |`,
      );
    }
  } finally {
    baseline.kill('SIGTERM');
  }
  // Back near idle? Ten quiet seconds after the load.
  await sleep(10_000);
  const after = await rssTree(serverPid);
  const last = (await samples()).at(-1);
  await server.stop();

  console.log(
    `memory under the mixed load (${seconds} s per step${process.env.WEB_CONCURRENCY ? `, WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY}: RSS summed over the processes, heap figures of the first` : ''}); MiB`,
  );
  console.log(
    '| connections | requests | non-2xx | server RSS max | heap used max | heap total max | new space max | external max | array buffers max | hello-world RSS max |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `server RSS: idle ${idle.toFixed(0)}, after creating the working set ${afterSetup.toFixed(0)}, 10 s after the load ${after.toFixed(0)} (heap used ${last?.heapUsed ?? '?'}); hello-world idle ${helloIdle.toFixed(0)}`,
  );
  if (peak) console.log(`at the peak: ${JSON.stringify(peak)}`);
  if (process.env.HEAP_SNAPSHOT) {
    const kept = path.join('/tmp', `orderly-heap-${Date.now()}.heapsnapshot`);
    await fs.copyFile(path.join(probeDir, 'heap-1.heapsnapshot'), kept).catch(() => undefined);
    console.log(`heap snapshot: ${kept} (npx tsx scripts/memory/heap-top.ts ${kept})`);
  }
} finally {
  await env.close();
}

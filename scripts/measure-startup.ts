// Time from `npm start` to the first 200 from GET /ready: cold (new data folder: initdb,
// migrations) and warm (same folder again), beside a baseline measured in the same run —
// a bare Node HTTP server started with `node -e`, to the first 200.
//
//   npx tsx scripts/measure-startup.ts [warm-runs]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { freePort } from '../src/net.js';

const warmRuns = Number(process.argv[2] ?? 5);

async function timeToFirst200(child: ChildProcess, url: string, started: number): Promise<number> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`process exited before ${url} answered 200`);
    try {
      if ((await fetch(url)).status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function runOrderly(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  // `npm start` exactly as the README says; npm passes SIGTERM on to the service.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ms = await timeToFirst200(child, `http://127.0.0.1:${port}/ready`, started);
  await stop(child);
  return ms;
}

async function runBaseline(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
    { stdio: 'ignore' },
  );
  const ms = await timeToFirst200(child, `http://127.0.0.1:${port}/`, started);
  await stop(child);
  return ms;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-startup-'));
await fs.chmod(dataDir, 0o755);
try {
  const baseline = median(
    await Promise.all([runBaseline(), runBaseline(), runBaseline()].map((p) => p)),
  );
  const cold = await runOrderly(dataDir);
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(await runOrderly(dataDir));
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  );
  console.log(`baseline  node -e http server → first 200   ${fmt(baseline)}`);
  console.log(
    `cold      npm start → /ready 200 (new data)   ${fmt(cold)}   ${(cold / baseline).toFixed(1)}× baseline`,
  );
  console.log(
    `warm      npm start → /ready 200 (median of ${warmRuns}) ${fmt(median(warm))}   ${(median(warm) / baseline).toFixed(1)}× baseline   [${warm.map((w) => w.toFixed(0)).join(', ')}]`,
  );
} finally {
  await fs.rm(dataDir, { recursive: true, force: true });
}

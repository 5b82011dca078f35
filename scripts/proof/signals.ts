// A signal to the whole process group (issue 11): `npm start` (npm, the shell it runs, and node)
// in a process group of its own with the embedded PostgreSQL in its DATA_DIR — as systemd or a
// terminal runs it — then SIGTERM or SIGINT sent to the whole group (`kill -<signal> -- -<pgid>`,
// what systemd's default stop and Ctrl-C do), at once after /ready and under load. Node gets the
// kernel's copy and npm's forwarded one. Whichever, the server must drain (requests in flight
// answered), stop the embedded PostgreSQL cleanly (postmaster gone, its pid file removed) and
// exit 0. tests/integration/process-group-signals.test.ts checks the same, with fewer figures.
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  postmasterPid,
  postmasterPidFile,
  processAlive,
  runCli,
  startNpm,
  stopLeftoverPostgres,
  until,
  type ServerProcess,
} from '../../tests/support/server-process.js';
import { freePort, type ProofEnv } from './env.js';
import type { Section } from './section.js';

type When = 'at once after /ready' | 'under load';
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

interface Sent {
  startedAt: number;
  endedAt: number;
  /** 0: no answer (connection refused or reset). */
  status: number;
  /** Why there was no answer (the socket error's code). */
  error?: string;
}

interface Run {
  signal: (typeof SIGNALS)[number];
  when: When;
  readyMs: number;
  exit: number | string;
  drainMs: number;
  /** Requests sent before the signal and not yet answered when it was sent. */
  inFlight: Sent[];
  /** Requests sent after the signal (the server may refuse them: 503, or no connection). */
  after: Sent[];
  postgresGone: boolean;
  pidFileGone: boolean;
  lockGone: boolean;
  drainLogged: boolean;
  stoppedLogged: boolean;
  secondSignal: boolean;
  /** Requests the server logged as received ("incoming request"), and of those never answered. */
  received: number;
  unanswered: number;
}

/** Fastify's request log: ids of the requests received, and of those answered. */
function requestLog(output: string): { received: number; unanswered: number } {
  const received = new Set<string>();
  const answered = new Set<string>();
  for (const line of output.split('\n')) {
    const id = /"reqId":"([^"]+)"/.exec(line)?.[1];
    if (!id) continue;
    if (line.includes('"msg":"incoming request"')) received.add(id);
    else if (line.includes('"msg":"request completed"')) answered.add(id);
  }
  return {
    received: received.size,
    unanswered: [...received].filter((id) => !answered.has(id)).length,
  };
}

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/** Requests from `connections` loops (case creations and deadline lists) until `stop()`. */
function loadOn(baseUrl: string, key: string, connections: number) {
  const sent: Sent[] = [];
  let running = true;
  let n = 0;
  const once = async (i: number): Promise<void> => {
    const startedAt = performance.now();
    const write = i % 2 === 0;
    let error: string | undefined;
    const status = await fetch(`${baseUrl}${write ? '/v1/cases' : '/v1/deadlines?limit=50'}`, {
      method: write ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${key}`,
        ...(write && { 'content-type': 'application/json' }),
      },
      ...(write && {
        body: JSON.stringify({
          family: 'DV',
          court: 'CA',
          reference: `SIGNAL-${Date.now()}-${i}`,
          events: [{ type: 'TRO_GRANTED', date: '2026-01-05' }],
        }),
      }),
      signal: AbortSignal.timeout(30_000),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      (failure: unknown) => {
        const cause = (failure as { cause?: { code?: string; message?: string } }).cause;
        error = cause?.code ?? cause?.message ?? String(failure);
        return 0;
      },
    );
    sent.push({ startedAt, endedAt: performance.now(), status, ...(error && { error }) });
    // Refused (the server has closed its port): try again a little later, not in a tight loop.
    if (status === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const loops = Array.from({ length: connections }, async () => {
    while (running) await once(n++);
  });
  return {
    sent,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function signalRun(
  dataDir: string,
  signal: Run['signal'],
  when: When,
  key: () => Promise<string>,
  connections: number,
): Promise<Run> {
  const server: ServerProcess = startNpm({
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // Every round uses one key and one data folder, twelve rounds in under a minute: the
    // per-key request budget (proved in ways-in) would answer 429 to the last rounds' load.
    RATE_LIMIT_PER_MINUTE: '0',
  });
  try {
    const readyMs = await server.waitForReady(120_000);
    const postgres = await postmasterPid(dataDir);
    let load: ReturnType<typeof loadOn> | undefined;
    if (when === 'under load') {
      load = loadOn(server.baseUrl, await key(), connections);
      // Past the first requests' warm-up, so the signal meets the steady load.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    const signalledAt = performance.now();
    const exited = server.stop(signal);
    const exit = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('no exit in 60 s'), 60_000)),
    ]);
    const drainMs = performance.now() - signalledAt;
    await load?.stop();
    const sent = load?.sent ?? [];
    const output = server.stdout() + server.stderr();
    return {
      signal,
      when,
      readyMs,
      exit,
      drainMs,
      inFlight: sent.filter((s) => s.startedAt < signalledAt && s.endedAt >= signalledAt),
      after: sent.filter((s) => s.startedAt >= signalledAt),
      postgresGone: await until(() => !processAlive(postgres), 10_000),
      pidFileGone: !(await exists(postmasterPidFile(dataDir))),
      lockGone: !(await exists(path.join(dataDir, 'orderly.lock'))),
      drainLogged: output.includes(`${signal} received: draining`),
      stoppedLogged: output.includes('"msg":"stopped"'),
      secondSignal: /again: stopping at once/.test(output),
      ...requestLog(output),
    };
  } finally {
    // Whatever happened, nothing of this run outlives it: the group (npm, sh, node), then the
    // PostgreSQL its pid file names.
    if (server.child.exitCode === null && server.child.signalCode === null) {
      try {
        process.kill(-server.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await server.exited;
    }
    await stopLeftoverPostgres(dataDir);
  }
}

const tally = (sent: Sent[]) => {
  const counts = new Map<string, number>();
  for (const s of sent) {
    const answer = s.status === 0 ? `no answer (${s.error ?? 'no connection'})` : String(s.status);
    counts.set(answer, (counts.get(answer) ?? 0) + 1);
  }
  return (
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([answer, n]) => `${n} × ${answer}`)
      .join(', ') || 'none'
  );
};

export async function groupSignals(env: ProofEnv, options: { short: boolean }): Promise<Section> {
  const started = Date.now();
  const dataDir = path.join(env.dir, 'signals');
  await fs.mkdir(dataDir, { recursive: true });
  const connections = options.short ? 8 : 16;
  const rounds = options.short ? 1 : 3;
  let apiKey: string | undefined;
  // One organization for the load, made with the real `orderly org create` beside the running server.
  const key = async () => {
    apiKey ??= (
      JSON.parse(
        (await runCli(['org', 'create', 'Signal Clinic'], { DATA_DIR: dataDir })).stdout,
      ) as { key: string }
    ).key;
    return apiKey;
  };
  const runs: Run[] = [];
  try {
    for (let round = 0; round < rounds; round++)
      for (const signal of SIGNALS)
        for (const when of ['at once after /ready', 'under load'] as const)
          runs.push(await signalRun(dataDir, signal, when, key, connections));
  } finally {
    await stopLeftoverPostgres(dataDir);
  }
  const answeredFine = (sent: Sent[]) =>
    sent.every((x) => x.status === 0 || x.status === 503 || (x.status >= 200 && x.status < 300));
  const fine = (r: Run) =>
    r.exit === 0 &&
    r.postgresGone &&
    r.pidFileGone &&
    r.lockGone &&
    r.drainLogged &&
    r.stoppedLogged &&
    !r.secondSignal &&
    r.unanswered === 0 &&
    (r.when !== 'under load' || r.received > 0) &&
    answeredFine(r.inFlight) &&
    answeredFine(r.after);
  const table = [
    '| signal to the group | when | ready after | exit | drain (signal → exit) | requests the server read / left unanswered | sent before the signal, unanswered at it: answers | sent after the signal | postmaster gone, pid file gone, lock gone | "stopped" logged | pass |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.signal} | ${r.when} | ${(r.readyMs / 1000).toFixed(1)} s | ${r.exit} | ${r.drainMs.toFixed(0)} ms | ${r.received} / **${r.unanswered}** | ${r.when === 'under load' ? tally(r.inFlight) : '—'} | ${r.when === 'under load' ? tally(r.after) : '—'} | ${[r.postgresGone, r.pidFileGone, r.lockGone].map((b) => (b ? 'yes' : '**no**')).join(', ')} | ${r.stoppedLogged ? 'yes' : '**no**'}${r.secondSignal ? ' (**stopped at once, without draining**)' : ''} | ${fine(r) ? 'pass' : '**FAIL**'} |`,
    ),
  ];
  const inFlight = runs.flatMap((r) => r.inFlight);
  const markdown = [
    `\`npm start\` (npm, its shell and node, \`MALLOC_ARENA_MAX=2 exec node … dist/src/main.js\`) started in a process group of its own with no \`DATABASE_URL\`, so it runs the embedded PostgreSQL in its \`DATA_DIR\`; the signal goes to the whole group (\`kill -<signal> -- -<pgid>\`, as systemd's default stop and a terminal's Ctrl-C do), so node gets it from the kernel and again from npm. "At once after /ready": the signal follows the first 200 from \`/ready\`. "Under load": ${connections} connections send case creations and deadline lists without pause for 3 s before the signal and until the exit; every request the server has read must be answered (its request log: each "incoming request" has its "request completed"), with a 2xx, or a 503 once it is closing; a request sent after the signal may also find no connection once the server has closed its port. A request the client had sent but the server had not read yet (still in the socket or the listen queue) when the server closes, after answering for 250 ms with \`Connection: close\`, is reset: it was not processed, so a client may send it again; that count is shown, not failed. ${rounds > 1 ? `${rounds} rounds of each.` : 'One round of each.'}`,
    '',
    ...table,
    '',
    `Requests sent before a signal and unanswered at it, all runs: ${inFlight.length}: ${inFlight.filter((s) => s.status >= 200 && s.status < 300).length} answered with 2xx, ${inFlight.filter((s) => s.status === 503).length} with 503, ${inFlight.filter((s) => s.status === 0).length} reset before the server read them. Requests the server read, all runs: ${runs.reduce((n, r) => n + r.received, 0)}, left unanswered: **${runs.reduce((n, r) => n + r.unanswered, 0)}**. ${runs.length} runs in ${((Date.now() - started) / 1000).toFixed(0)} s. Not in the short proof in CI (\`--short\` skips it unless \`--only=signals\` asks for it, then one round): \`tests/integration/process-group-signals.test.ts\`, in \`npm test\`, makes the same stops (and one while starting) there.`,
  ].join('\n');
  return {
    title: 'A signal to the whole process group',
    passed: runs.length === rounds * 4 && runs.every(fine),
    markdown,
  };
}

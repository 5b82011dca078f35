// The web app's case page with 50 deadlines: server time per request (session lookup, the
// case, its deadlines with history, events and advocates read, the timeline, the HTML), and
// the HTML rendering alone — beside a baseline measured in the same run on the same case:
// the API's GET /v1/cases/{id}/deadlines (the same deadline rows, as JSON). Requests go
// through Fastify's inject (no network), one at a time, so each figure is server time.
//
//   npx tsx scripts/bench-web.ts [iterations]        (default 300)
//
// It uses the embedded PostgreSQL in a temporary folder, or DATABASE_URL when set.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const iterations = Number(process.argv[2] ?? 300);
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-bench-web-'));
await fs.chmod(dataDir, 0o755);
process.env.DATA_DIR ??= dataDir;
process.env.LOG_LEVEL ??= 'warn';
process.env.WORKER = 'off';
process.env.RATE_LIMIT_PER_MINUTE = '0';

const { loadConfig } = await import('../src/config.js');
const { createLogger } = await import('../src/logger.js');
const { openRuntime } = await import('../src/runtime.js');
const { buildApp } = await import('../src/http/app.js');
const { inTransaction } = await import('../src/services/transaction.js');
const { createOrganization } = await import('../src/services/organizations.js');
const { createCase } = await import('../src/services/cases.js');
const { invitePerson } = await import('../src/services/accounts.js');
const { casePage } = await import('../src/web/pages/cases.js');
const { layout } = await import('../src/web/layout.js');
const { getCase, eventsOfCase } = await import('../src/services/cases.js');
const { deadlinesOfCaseForTenant } = await import('../src/services/deadlines.js');
const { searchAdvocates } = await import('../src/services/advocates.js');
const { petitionerLinksOfCase } = await import('../src/services/petitioner-links.js');

const config = loadConfig();
const runtime = await openRuntime(config, createLogger(config.logLevel));
try {
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
  const invited = await inTransaction(runtime.db, (tx) =>
    invitePerson(
      tx,
      ctx,
      { email: 'bench@clinic.example', role: 'admin' },
      {
        publicBaseUrl: config.publicBaseUrl,
        sessionIdleMs: 3600_000,
        sessionMaxMs: 86_400_000,
      },
    ),
  );
  const created = await inTransaction(runtime.db, (tx) =>
    createCase(tx, ctx, {
      family: 'DV',
      court: 'CA-los-angeles',
      reference: 'BENCH-50',
      advocateIds: [invited.user.advocateId],
      events: [
        { type: 'EPO_ISSUED', date: '2026-03-02', time: '22:15' },
        { type: 'TRO_GRANTED', date: '2026-03-05' },
        { type: 'HEARING_SET', date: '2026-03-25', time: '08:30' },
        { type: 'SERVED', date: '2026-03-12', method: 'PERSONAL' },
        { type: 'HEARING_CONTINUED', date: '2026-04-15', time: '08:30' },
      ],
    }),
  );
  const caseId = created.case.id;
  // The engine gives a DV case about ten slots; the rest are copies of them under other keys
  // (each with its explanation and a two-row history), to reach 50 deadlines on one page.
  const prisma = runtime.db.prisma;
  const real = await prisma.deadline.findMany({ where: { caseId } });
  const copies = [];
  for (let i = 0; copies.length + real.length < 50; i++) {
    const source = real[i % real.length]!;
    const { id: _id, ...fields } = source;
    copies.push({
      ...fields,
      key: `${source.key}_COPY_${i}`,
      explanation: source.explanation as never,
      advisory: (source.advisory ?? undefined) as never,
    });
  }
  await prisma.deadline.createMany({ data: copies });
  const all = await prisma.deadline.findMany({ where: { caseId } });
  await prisma.deadlineChange.createMany({
    data: all.flatMap((d) => [
      {
        organizationId: organization.id,
        caseId,
        deadlineId: d.id,
        revision: 1,
        date: d.date,
        at: d.at,
        status: 'OPEN' as const,
        cause: 'CASE_CREATED',
      },
      {
        organizationId: organization.id,
        caseId,
        deadlineId: d.id,
        revision: 2,
        previousDate: d.date,
        previousStatus: 'OPEN' as const,
        date: d.date,
        at: d.at,
        status: d.status,
        cause: 'EVENT_RECORDED',
      },
    ]),
  });

  const app = await buildApp(runtime);
  await app.ready();
  // Sign in as a browser does: open the link, post its form, keep the session cookie.
  const linkPath = invited.signInUrl.replace(config.publicBaseUrl, '');
  const opened = await app.inject({ url: linkPath });
  const csrfCookie = opened.cookies.find((c) => c.name === 'orderly_csrf')!;
  const token = /name="_csrf" value="([^"]+)"/.exec(opened.body)![1]!;
  const signedIn = await app.inject({
    method: 'POST',
    url: linkPath,
    headers: {
      cookie: `orderly_csrf=${csrfCookie.value}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: `_csrf=${encodeURIComponent(token)}`,
  });
  const session = signedIn.cookies.find((c) => c.name === 'orderly_session')!.value;
  const pageCookie = `orderly_session=${session}; orderly_csrf=${csrfCookie.value}`;

  const check = await app.inject({ url: `/cases/${caseId}`, headers: { cookie: pageCookie } });
  const deadlinesShown = (check.body.match(/class="orderly-deadline[ "]/g) ?? []).length;
  if (check.statusCode !== 200 || deadlinesShown !== 50)
    throw new Error(`the case page answered ${check.statusCode} with ${deadlinesShown} deadlines`);

  async function time(label: string, run: () => Promise<unknown>) {
    for (let i = 0; i < 20; i++) await run(); // warm up
    const samples: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      await run();
      samples.push(performance.now() - start);
    }
    const used = process.cpuUsage(cpu);
    samples.sort((a, b) => a - b);
    const at = (q: number) =>
      samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    // CPU of this process (Node: hooks, session, queries' client side, HTML) per request; the
    // wall times also include PostgreSQL and, on a busy machine, waiting for a core.
    const cpuMs = (used.user + used.system) / 1000 / iterations;
    return { label, median: at(0.5), p95: at(0.95), max: samples.at(-1)!, cpuMs };
  }

  const api = await time(
    'GET /v1/cases/{id}/deadlines (baseline: the same deadlines as JSON)',
    async () => {
      const r = await app.inject({
        url: `/v1/cases/${caseId}/deadlines`,
        headers: { authorization: `Bearer ${key}` },
      });
      if (r.statusCode !== 200) throw new Error(`API ${r.statusCode}`);
    },
  );
  const pageTime = await time('GET /cases/{id} (the case page, 50 deadlines)', async () => {
    const r = await app.inject({ url: `/cases/${caseId}`, headers: { cookie: pageCookie } });
    if (r.statusCode !== 200) throw new Error(`page ${r.statusCode}`);
  });
  // The HTML alone, from data already read.
  const data = await inTransaction(runtime.db, async (tx) => ({
    found: await getCase(tx, organization.id, caseId),
    deadlines: await deadlinesOfCaseForTenant(tx, organization.id, caseId),
    events: await eventsOfCase(tx, organization.id, caseId),
    advocates: (await searchAdvocates(tx, organization.id, { limit: 500 })).items,
    links: await petitionerLinksOfCase(tx, organization.id, caseId),
    stopped: [],
  }));
  const render = await time('rendering only (timeline, deadlines, HTML)', async () => {
    layout(
      { user: invited.user, csrf: 'x', wide: true },
      casePage(data, new Date('2026-03-20T19:00:00Z'), 'x', true),
    );
  });

  const row = (r: { label: string; median: number; p95: number; max: number; cpuMs: number }) =>
    `${r.label.padEnd(72)} median ${r.median.toFixed(2).padStart(6)} ms   p95 ${r.p95.toFixed(2).padStart(6)} ms   max ${r.max.toFixed(2).padStart(6)} ms   Node CPU ${r.cpuMs.toFixed(2).padStart(6)} ms`;
  console.log(
    `case page with ${deadlinesShown} deadlines, ${check.body.length} bytes of HTML; ${iterations} requests each, one at a time; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  );
  console.log(row(api));
  console.log(row(pageTime));
  console.log(row(render));
  console.log(
    `page ÷ baseline: ${(pageTime.median / api.median).toFixed(2)}× (median), ${(pageTime.cpuMs / api.cpuMs).toFixed(2)}× (CPU); budget 50 ms: ${pageTime.median < 50 ? 'met' : 'NOT met'} at the median (${pageTime.median.toFixed(1)} ms), ${pageTime.p95 < 50 ? 'met' : 'not met'} at p95 (${pageTime.p95.toFixed(1)} ms)`,
  );
  await app.close();
} finally {
  await runtime.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}

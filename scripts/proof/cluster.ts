// Two API processes and two reminder workers on one PostgreSQL, under the mixed load (issue 11):
// autocannon sends the load's mix to both API processes at once; meanwhile cases whose reminders
// are due at once are made through both, and calendar feeds, API keys and petitioner links are
// revoked through process A and asked for on process B until it refuses them. At the end every
// due reminder must have been delivered exactly once — counted at the local SMTP sink (by
// Message-ID) and the local webhook receiver (by webhook-id) — and no request may have had a 5xx
// other than the deliberate 503 of overload protection. Every address is 127.0.0.1.
import autocannon from 'autocannon';
import { courtTimeOf } from '../../src/engine/index.js';
import { startSmtpSink } from '../../tests/support/smtp.js';
import { startWebhookReceiver } from '../../tests/support/webhook-receiver.js';
import { call, ok, sleep, type ProofEnv, type ServerHandle } from './env.js';
import { prepareMixedLoad } from './load.js';
import { checkTable, type Check, type Section } from './section.js';
import { describeGaps, REVOCATION_BOUND_MS, revocationAcross, type Gap } from './ways-in.js';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  byStatus: Record<string, number>;
  errors: number;
}

/** autocannon against one server until `stop()`: its figures then. */
function loadUntilStopped(
  url: string,
  connections: number,
  pick: (request: autocannon.Request) => autocannon.Request,
) {
  let instance: autocannon.Instance | undefined;
  const done = new Promise<Figures>((resolve, reject) => {
    instance = autocannon(
      // A 60 s request timeout: it guards against a hang, not against a busy machine.
      { url, connections, duration: 3_600, timeout: 60, requests: [{ setupRequest: pick }] },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const byStatus = Object.fromEntries(
          Object.entries(
            (result.statusCodeStats as Record<string, { count: number }> | undefined) ?? {},
          ).map(([status, { count }]) => [status, count]),
        );
        const shed = byStatus['503'] ?? 0;
        resolve({
          // Answered requests per second: a 503 refused at once is not served.
          rps: (result.requests.total - shed) / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          byStatus,
          errors: result.errors + result.timeouts,
        });
      },
    );
  });
  return {
    stop: () => {
      instance?.stop();
      return done;
    },
  };
}

/** Reminder ids in what the sink and the receiver got: Message-ID `<id@domain>`, webhook-id. */
const reminderIdOfEmail = (messageId: string) => /^<([^@>]+)@/.exec(messageId)?.[1] ?? messageId;

export async function cluster(
  env: ProofEnv,
  options: { short: boolean; seed: number },
): Promise<Section> {
  const sectionStarted = Date.now();
  const connections = options.short ? 4 : 8;
  const minimumSeconds = options.short ? 8 : 30;
  const rounds = options.short ? 3 : 20;
  const dueCases = options.short ? 6 : 40;
  const workingSet = options.short ? 40 : 200;
  const smtp = await startSmtpSink();
  const receiver = await startWebhookReceiver();
  const settings = {
    WORKER: 'off',
    RATE_LIMIT_PER_MINUTE: '0',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'reminders@clinic.example',
  };
  const workerSettings = { ...settings, REMINDER_QUIET_HOURS: 'off', REMINDER_POLL_MS: '100' };
  const processes: ServerHandle[] = [];
  try {
    // Started together; each is kept for the cleanup as soon as it is up.
    const started = await Promise.allSettled([
      env.startServer('cluster-api-a', settings),
      env.startServer('cluster-api-b', settings),
      ...[1, 2].map((n) =>
        env.startServer(`cluster-worker-${n}`, workerSettings, 'worker-process'),
      ),
    ]);
    for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [a, b] = processes as [ServerHandle, ServerHandle];
    const [, , ...workers] = processes;

    // The load's clinic (its cases have no recipients: the mix itself schedules no reminders).
    const loadTenant = await env.createTenant('Cluster Load Clinic');
    const mixed = await prepareMixedLoad(a.baseUrl, loadTenant, options.seed, workingSet);
    // The reminders' clinic: an advocate with an email address and a webhook endpoint, so each
    // case with an emergency protective order issued today has two reminders due at once.
    const tenant = await env.createTenant('Cluster Reminder Clinic');
    const advocate = await ok<{ id: string }>(
      call(a.baseUrl, tenant.key, 'POST', '/v1/advocates', {
        displayName: 'Cluster Advocate',
        email: 'advocate@clinic.example',
      }),
    );
    await ok(call(a.baseUrl, tenant.key, 'POST', '/v1/webhook-endpoints', { url: receiver.url }));
    const linkCase = await ok<{ case: { id: string } }>(
      call(a.baseUrl, tenant.key, 'POST', '/v1/cases', {
        family: 'DV',
        court: 'CA',
        reference: 'CLUSTER-LINKS',
        events: [{ type: 'TRO_GRANTED', date: courtTimeOf(Date.now()).date }],
      }),
    );

    const loads = [a, b].map((server) => loadUntilStopped(server.baseUrl, connections, mixed.pick));
    const loadStarted = Date.now();
    let figures: Figures[] = [];
    let revoked: Awaited<ReturnType<typeof revocationAcross>> | undefined;
    let dueMade = 0;
    try {
      await sleep(1_000);
      // During the load: due reminders made through both processes, and the revocations.
      const makeDue = async () => {
        for (let i = 0; i < dueCases; i++) {
          await ok(
            call((i % 2 === 0 ? a : b).baseUrl, tenant.key, 'POST', '/v1/cases', {
              family: 'DV',
              court: 'CA',
              reference: `CLUSTER-DUE-${i}`,
              advocateIds: [advocate.id],
              events: [{ type: 'EPO_ISSUED', date: courtTimeOf(Date.now()).date }],
            }),
          );
          dueMade++;
        }
      };
      [, revoked] = await Promise.all([
        makeDue(),
        revocationAcross(a, b, tenant, rounds, linkCase.case.id),
      ]);
      const left = minimumSeconds * 1000 - (Date.now() - loadStarted);
      if (left > 0) await sleep(left);
    } finally {
      figures = await Promise.all(loads.map((l) => l.stop()));
    }
    const loadSeconds = (Date.now() - loadStarted) / 1000;

    // Every due reminder of both clinics delivered: wait for the workers to finish.
    const organizations = [tenant.organizationId, loadTenant.organizationId];
    const due = async () =>
      (
        await env.admin.query<{ id: string; status: string; attempts: number }>(
          `SELECT id::text AS id, status::text AS status, attempts FROM "Reminder"
           WHERE "organizationId" = ANY($1::uuid[]) AND "dueAt" <= now()`,
          [organizations],
        )
      ).rows;
    const drainStarted = Date.now();
    let rows = await due();
    while (
      rows.some((r) => r.status === 'PENDING' || r.status === 'SENDING') &&
      Date.now() - drainStarted < 120_000
    ) {
      await sleep(200);
      rows = await due();
    }
    const drainMs = Date.now() - drainStarted;
    // Let any delivery still on its way reach the sink's and the receiver's logs.
    await sleep(500);
    const exits = [];
    for (const p of processes) exits.push(await p.stop('SIGTERM'));

    const expected = new Set(rows.map((r) => r.id));
    const deliveries = [
      ...smtp.messages.map((m) => reminderIdOfEmail(m.messageId)),
      ...receiver.received.map((r) => r.id),
    ];
    const counts = new Map<string, number>();
    for (const id of deliveries) counts.set(id, (counts.get(id) ?? 0) + 1);
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const missing = [...expected].filter((id) => !counts.has(id)).length;
    const unknown = [...counts.keys()].filter((id) => !expected.has(id)).length;
    const notSent = rows.filter((r) => r.status !== 'SENT').length;

    const merged: Record<string, number> = {};
    for (const f of figures)
      for (const [status, n] of Object.entries(f.byStatus))
        merged[status] = (merged[status] ?? 0) + n;
    const serverErrors = Object.entries(merged)
      .filter(([status]) => status.startsWith('5') && status !== '503')
      .reduce((sum, [, n]) => sum + n, 0);
    const otherNon2xx = Object.entries(merged)
      .filter(([status]) => !status.startsWith('2') && status !== '503')
      .reduce((sum, [, n]) => sum + n, 0);
    const errors = figures.reduce((sum, f) => sum + f.errors, 0);
    const statuses = Object.entries(merged)
      .sort()
      .map(([status, n]) => `${n} × ${status}`)
      .join(', ');
    const gaps: [string, Gap[]][] = revoked
      ? [
          ['calendar feed', revoked.feeds],
          ['API key', revoked.keys],
          ['petitioner link', revoked.links],
        ]
      : [];
    const checks: Check[] = (
      [
        [
          'requests with a 5xx other than 503 (overload protection), or another non-2xx',
          `**${serverErrors}** 5xx, ${otherNon2xx} non-2xx in all (${statuses})`,
          serverErrors === 0 && otherNon2xx === 0,
        ],
        ['connection errors and timeouts', `${errors}`, errors === 0],
        ...gaps.map(([kind, list]): [string, string, boolean] => [
          `${kind}s revoked through A during the load, then asked for on B`,
          describeGaps(list),
          list.length === rounds && list.every((g) => g.ms < REVOCATION_BOUND_MS),
        ]),
        [
          'tokens served by both processes before their revoke',
          `${revoked ? rounds * 3 * 2 - revoked.notCached : 0} of ${rounds * 3 * 2}`,
          revoked?.notCached === 0,
        ],
        [
          'due reminders (email and webhook) expected / delivered / duplicates / never delivered / unknown ids',
          `${expected.size} / ${counts.size} / **${duplicates}** / **${missing}** / ${unknown}`,
          expected.size === dueMade * 2 &&
            duplicates === 0 &&
            missing === 0 &&
            unknown === 0 &&
            deliveries.length === expected.size,
        ],
        [
          'due reminders recorded SENT',
          `${rows.length - notSent} of ${rows.length} (${drainMs} ms after the load ended)`,
          notSent === 0,
        ],
        [
          'every process stops with exit 0 on SIGTERM',
          exits.join(', '),
          exits.every((code) => code === 0),
        ],
      ] as [string, string, boolean][]
    ).map(([check, measured, ok]) => ({ check, measured, ok }));
    const perProcess = figures
      .map(
        (f, i) =>
          `| ${i === 0 ? 'A' : 'B'} | ${connections} | ${f.rps.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.byStatus['503'] ?? 0} |`,
      )
      .join('\n');
    const markdown = [
      `Two API processes (\`node dist/src/main.js\`, \`WORKER=off\`, ports of their own) and two reminder workers (\`node dist/src/worker-process.js\`, quiet hours off) on one PostgreSQL, email to a local SMTP sink (STARTTLS) and webhooks to a local receiver, all on 127.0.0.1. autocannon sends the load's mix (\`Load\` above; ${workingSet} cases in its working set) to each API process with ${connections} connections for ${loadSeconds.toFixed(0)} s. During it: ${dueMade} cases with an emergency protective order issued today, made through A and B in turn, each with two reminders due at once (the advocate's email and the clinic's webhook); and ${rounds} rounds of a calendar feed, an API key and a petitioner link made and revoked through A, each asked for on B at once after the revoke answered and again until refused (the bound: the token cache's ${REVOCATION_BOUND_MS / 1000} s, README "Calendar feeds").`,
      '',
      '| process | connections | answered req/s | p50 ms | p99 ms | 503 shed |',
      '|---|---|---|---|---|---|',
      perProcess,
      `| both | ${connections * 2} | ${figures.reduce((sum, f) => sum + f.rps, 0).toFixed(0)} | | | ${merged['503'] ?? 0} |`,
      '',
      checkTable(checks),
      '',
      `${((Date.now() - sectionStarted) / 1000).toFixed(0)} s in all, with the ${workers.length} workers started before the load. The short proof in CI runs this section smaller: 4 connections per process for at least 8 s, a working set of 40 cases, 6 cases' reminders and 3 revocation rounds (the full run: 8, 30 s, 200, 40 and 20).`,
    ].join('\n');
    return {
      title: 'Two API processes and two workers under the mixed load',
      passed: checks.every((c) => c.ok),
      markdown,
    };
  } finally {
    for (const p of processes) await p.stop('SIGKILL');
    await smtp.close();
    await receiver.close();
  }
}

// `npm run proof` — load, faults and hostile input against the real server and a real
// PostgreSQL, with PROOF.md written from what was measured. `npm run proof -- --short` is the
// bounded version CI runs; the full run is what PROOF.md in the repository comes from.
//
//   npm run proof                      full run, writes PROOF.md
//   npm run proof -- --short           CI: shorter load steps, same checks (writes PROOF.md too)
//   npm run proof -- --only=fuzz       some sections (load | fuzz | faults | erasure | ways-in |
//                                      cluster | slow-relay | signals, comma-separated): PROOF.md
//                                      keeps the other sections and replaces these
//   npm run proof -- --seed=42         the fuzzer's seed (printed in PROOF.md)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { ProofEnv } from './env.js';
import { erasure } from './erasure.js';
import { faults } from './faults.js';
import { checkLimits, fuzz, installWriteCounter } from './fuzz.js';
import { load } from './load.js';
import { cluster } from './cluster.js';
import { mergeSections, renderSection } from './proof-file.js';
import type { Section } from './section.js';
import { groupSignals } from './signals.js';
import { slowRelay } from './slow-relay.js';
import { waysIn } from './ways-in.js';
import { seedOrganization } from './world.js';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [k, v] = arg.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'] as const;
  }),
);
const short = args.has('short');
const only = args.get('only');
const PARTS = ['load', 'fuzz', 'faults', 'erasure', 'ways-in', 'cluster', 'slow-relay', 'signals'];
const chosen = only?.split(',').map((part) => part.trim());
const unknownPart = chosen?.find((part) => !PARTS.includes(part));
if (unknownPart !== undefined) {
  process.stderr.write(
    `proof: --only takes ${PARTS.join(', ')} (comma-separated), not ${unknownPart}\n`,
  );
  process.exit(2);
}
/** Whether this run includes a part (every part without --only). */
const runs = (part: string) => !chosen || chosen.includes(part);
const seed = Number(args.get('seed') ?? Date.now() % 1_000_000);
if (!Number.isSafeInteger(seed) || seed < 0) {
  process.stderr.write(`proof: --seed must be a whole number ≥ 0, not ${args.get('seed')}\n`);
  process.exit(2);
}
/** The command that runs this again with the same draws (one section, or all). */
const reproduce = (section?: string) =>
  `npm run proof --${short ? ' --short' : ''}${section ? ` --only=${section}` : only ? ` --only=${only}` : ''} --seed=${seed}`;
// First, before anything can crash: the seed that reproduces this run's draws.
process.stdout.write(`proof: seed ${seed} (reproduce: ${reproduce()})\n`);

async function hostileInput(env: ProofEnv): Promise<Section> {
  const server = await env.startServer('fuzz-target', {
    RATE_LIMIT_PER_MINUTE: '0',
    AUTH_FAILURES_PER_MINUTE: '10000000',
    WORKER: 'off',
  });
  const actor = await seedOrganization(env, server, 'Actor Clinic');
  const victim = await seedOrganization(env, server, 'Victim Clinic');
  // The actor must not revoke the key it fuzzes with (that would turn the rest of the run into 401s).
  const actorKeyId = (
    await env.admin.query<{ id: string }>('SELECT id::text AS id FROM "ApiKey" WHERE prefix = $1', [
      actor.tenant.key.slice(0, 14),
    ])
  ).rows[0]!.id;
  await installWriteCounter(env);
  const runs = short ? 10_000 : 20_000;
  const result = await fuzz(
    env,
    server,
    {
      actor: {
        key: actor.tenant.key,
        ids: () =>
          actor.allIds.filter((id) => id !== actor.tenant.organizationId && id !== actorKeyId),
      },
      victim: {
        ids: victim.allIds,
        secrets: [...victim.allIds, ...victim.markers, ...victim.feedTokens],
      },
      feedPath: (token) =>
        `/feeds/ofd_${token.slice(0, 10)}_${token.slice(10, 53).padEnd(43, 'A')}.ics`,
    },
    { runs, seed },
  );
  const limits = await checkLimits(env, await env.createTenant('Limits Clinic'));
  await server.stop();
  const passed =
    result.serverErrors.length === 0 &&
    result.rejectedWithWrites.length === 0 &&
    result.crossTenantLeaks.length === 0 &&
    result.rawHeaderFailures.length === 0 &&
    result.guessedFeedTokenHits === 0 &&
    limits.rateLimited &&
    limits.bodyLimited &&
    limits.authThrottled;
  const statuses = Object.entries(result.byStatus)
    .filter(([k]) => /^\d{3}$/.test(k))
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const examples = (list: { request: string; status: number }[]) =>
    list
      .slice(0, 5)
      .map((e) => `  - \`${e.status}\` ${e.request.replace(/`/g, "'")}`)
      .join('\n');
  const markdown = [
    `Property-based HTTP fuzzer (fast-check, seed \`${seed}\`): requests generated from the server's OpenAPI document (${result.operations} operations), most of them corrupted — wrong types, huge strings, deep JSON, unicode edge cases, impossible and out-of-range dates, SQL/template/command injection strings, prototype keys, other tenants' ids, bad keys, idempotency keys and ETags — sent one by one over HTTP to the real server in ${result.seconds.toFixed(0)} s.`,
    '',
    `| check | result |`,
    `|---|---|`,
    `| requests sent | ${result.requests} (${result.byStatus['2xx'] ?? 0} accepted, ${result.byStatus['4xx'] ?? 0} rejected) |`,
    `| responses ≥ 500 | **${result.serverErrors.length}** |`,
    `| rejected requests that changed a row | **${result.rejectedWithWrites.length}** (row-level write counter, read before and after each request) |`,
    `| responses containing the other organization's ids or data | **${result.crossTenantLeaks.length}** |`,
    `| raw-socket header injection / framing attempts failing | **${result.rawHeaderFailures.length}** of ${result.rawHeaderChecks} |`,
    `| guessed feed tokens that fetched a feed | **${result.guessedFeedTokenHits}** of ${result.guessedFeedTokens} |`,
    `| rate limit per key observed (429 + Retry-After) | ${limits.rateLimited ? 'yes' : '**no**'} |`,
    `| failed-authentication throttle observed (429) | ${limits.authThrottled ? 'yes' : '**no**'} |`,
    `| body limit observed (413 for 300 kB) | ${limits.bodyLimited ? 'yes' : '**no**'} |`,
    '',
    `Statuses: ${statuses}.`,
    ...(result.serverErrors.length ? ['', 'First 5xx:', examples(result.serverErrors)] : []),
    ...(result.rejectedWithWrites.length
      ? ['', 'First rejected-but-written:', examples(result.rejectedWithWrites)]
      : []),
    ...(result.crossTenantLeaks.length
      ? ['', 'First cross-tenant leaks:', examples(result.crossTenantLeaks)]
      : []),
    ...(result.rawHeaderFailures.length
      ? ['', 'Raw failures:', ...result.rawHeaderFailures.map((f) => `  - ${f}`)]
      : []),
  ].join('\n');
  return { title: 'Hostile input', passed, markdown };
}

async function machine(env: ProofEnv): Promise<string> {
  const version = (await env.admin.query<{ server_version: string }>('SHOW server_version'))
    .rows[0]!.server_version;
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${version} (embedded, on loopback)`;
}

async function main(): Promise<void> {
  const env = await ProofEnv.create();
  const sections: Section[] = [];
  const started = new Date();
  let machineLine = '';
  try {
    machineLine = await machine(env);
    if (runs('load'))
      sections.push(...(await runSection('load', 'load', () => load(env, { short, seed }))));
    if (runs('fuzz'))
      sections.push(...(await runSection('hostile input', 'fuzz', () => hostileInput(env))));
    if (runs('faults'))
      sections.push(...(await runSection('faults', 'faults', () => faults(env, { short }))));
    if (runs('erasure'))
      sections.push(...(await runSection('erasure', 'erasure', () => erasure(env))));
    if (runs('ways-in'))
      sections.push(...(await runSection('ways in', 'ways-in', () => waysIn(env, { short }))));
    if (runs('cluster'))
      sections.push(
        ...(await runSection('two API processes and two workers', 'cluster', () =>
          cluster(env, { short, seed }),
        )),
      );
    if (runs('slow-relay'))
      sections.push(
        ...(await runSection('slow relay', 'slow-relay', () => slowRelay(env, { short }))),
      );
    // The short run leaves the group signals to tests/integration/process-group-signals.test.ts
    // (the same six stops, in `npm test`): four `npm start`s with their embedded PostgreSQL
    // would add about a minute.
    if (runs('signals') && (!short || chosen?.includes('signals')))
      sections.push(
        ...(await runSection('signals to the process group', 'signals', () =>
          groupSignals(env, { short }),
        )),
      );
  } finally {
    await env.close();
  }
  const flags = [...(short ? ['--short'] : []), ...(only ? [`--only=${only}`] : [])];
  const command = `npm run proof${flags.length ? ` -- ${flags.join(' ')}` : ''}`;
  const date = started.toISOString().slice(0, 10);
  const loadAverage = `load average ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(', ')} at the end on ${os.cpus().length} cores`;
  const file = path.join(PROJECT_ROOT, 'PROOF.md');
  if (chosen) {
    // Some parts: PROOF.md keeps the others, and each part measured now says when and how.
    const stamped = sections.map((s) => ({
      ...s,
      markdown: `${s.markdown}\n\n_Measured with \`${command}\` on ${date} (${loadAverage})._`,
    }));
    const existing = await fs.readFile(file, 'utf8').catch(() => '');
    await fs.writeFile(file, mergeSections(existing, stamped));
  } else {
    const lines = [
      '# PROOF — load, faults and hostile input',
      '',
      `Generated by \`${command}\` (scripts/proof/) on ${date}, in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s (${loadAverage}).`,
      `Machine: ${machineLine}.`,
      '',
      ...sections.flatMap(renderSection),
    ];
    await fs.writeFile(file, `${lines.join('\n').trimEnd()}\n`);
  }
  for (const s of sections)
    if (!s.informational) process.stdout.write(`${s.passed ? 'PASS' : 'FAIL'}  ${s.title}\n`);
  process.stdout.write(`wrote ${path.relative(PROJECT_ROOT, file)}\n`);
  const failed = sections.filter((s) => !s.passed && !s.informational);
  if (failed.length) {
    process.stdout.write(
      `proof: FAILED (${failed.map((s) => s.title).join(', ')}) with seed ${seed}; reproduce: ${reproduce()}\n`,
    );
    process.exitCode = 1;
  }
}

/**
 * Runs one part of the proof. A crash of the harness itself (not a failed check) ends the run at
 * once with one line naming the section and the seed, so it can be told apart from a product
 * failure and replayed.
 */
async function runSection(
  name: string,
  only: string,
  run: () => Promise<Section | Section[]>,
): Promise<Section[]> {
  process.stdout.write(`${name}…\n`);
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    throw new HarnessCrash(
      `proof: the harness crashed in section "${name}" (seed ${seed}); reproduce: ${reproduce(only)}`,
      { cause: error },
    );
  }
}

class HarnessCrash extends Error {}

try {
  await main();
} catch (error) {
  // The servers and the database are stopped by now (main's finally); say what crashed, last.
  const cause = error instanceof HarnessCrash ? error.cause : error;
  process.stderr.write(
    `${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n${
      error instanceof HarnessCrash
        ? error.message
        : `proof: the harness crashed (seed ${seed}); reproduce: ${reproduce()}`
    }\n`,
  );
  process.exitCode = 1;
}

// Ways in (issue 11): the failed-authentication throttle, webhooks to the internal network, and
// revocation across two API processes — against real server processes on one PostgreSQL, with
// figures for PROOF.md. Every connection this section opens goes to 127.0.0.1: the SSRF part
// refuses literal internal addresses over HTTP (no connection is attempted to them), and checks
// the connect-time refusal in-process with an injected resolver while counting every socket
// opened (all must be loopback).
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import {
  createWebhookSender,
  type OutgoingWebhook,
  type Resolver,
} from '../../src/adapters/webhook.js';
import { courtTimeOf } from '../../src/engine/index.js';
import { startWebhookReceiver } from '../../tests/support/webhook-receiver.js';
import {
  call,
  getStatus,
  ok,
  refusedAfter,
  type ProofEnv,
  type ServerHandle,
  type Tenant,
} from './env.js';
import type { Section } from './section.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const badKey = (prefix = hex(5)) => `ork_${prefix}_${randomBytes(32).toString('base64url')}`;
const badFeed = () => `/feeds/ofd_${hex(5)}_${randomBytes(32).toString('base64url')}.ics`;

function tally(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n} × ${s}`)
    .join(', ');
}

async function newFeed(server: ServerHandle, tenant: Tenant) {
  return ok<{ feed: { id: string }; token: string }>(
    call(server.baseUrl, tenant.key, 'POST', '/v1/feeds', { scope: 'ORGANIZATION' }),
  );
}

/** 100 bad credentials from one address; the valid key and feed must still answer 200. */
async function throttle(a: ServerHandle, b: ServerHandle, tenant: Tenant) {
  const { token } = await newFeed(a, tenant);
  const bad: number[] = [];
  for (let i = 0; i < 100; i++) {
    const server = i % 2 === 0 ? a : b;
    bad.push(await getStatus(`${server.baseUrl}/v1/cases`, badKey()));
    bad.push(await getStatus(`${server.baseUrl}${badFeed()}`));
  }
  const valid = [
    await getStatus(`${a.baseUrl}/v1/cases`, tenant.key),
    await getStatus(`${b.baseUrl}/v1/cases`, tenant.key),
    await getStatus(`${a.baseUrl}/feeds/${token}.ics`),
    await getStatus(`${b.baseUrl}/feeds/${token}.ics`),
  ];
  // One credential prefix hammered through both processes: the limit is shared, not per process.
  const prefix = hex(5);
  const samePrefix: number[] = [];
  for (let i = 0; i < 40; i++)
    samePrefix.push(await getStatus(`${(i % 2 === 0 ? a : b).baseUrl}/v1/cases`, badKey(prefix)));
  const firstThrottled = samePrefix.indexOf(429) + 1;
  const validAfter = await getStatus(`${b.baseUrl}/v1/cases`, tenant.key);
  const passed =
    bad.every((s) => s === 401 || s === 404) &&
    valid.every((s) => s === 200) &&
    firstThrottled === 31 &&
    samePrefix.slice(30).every((s) => s === 429) &&
    validAfter === 200;
  return {
    passed,
    rows: [
      `| 100 bad API keys and 100 bad feed URLs from 127.0.0.1, alternating between the two processes | ${tally(bad)} |`,
      `| then the valid key and the valid feed, on each process | ${valid.join(', ')} |`,
      `| 40 bad keys with one prefix, alternating between the processes: first 429 at | failure ${firstThrottled || 'never'} (limit 30 a minute, shared through PostgreSQL) |`,
      `| the valid key after that | ${validAfter} |`,
    ],
  };
}

/** Literal internal addresses refused at creation (422 naming body.url), over HTTP. */
const INTERNAL_URLS = [
  'https://127.0.0.1/hook',
  'https://2130706433/hook',
  'https://0x7f000001/hook',
  'https://0177.0.0.1/hook',
  'https://127.1/hook',
  'https://localhost/hook',
  'https://foo.localhost/hook',
  'https://[::1]/hook',
  'https://[::ffff:127.0.0.1]/hook',
  'https://169.254.169.254/latest/meta-data/',
  'https://[::ffff:a9fe:a9fe]/hook',
  'https://10.1.2.3/hook',
  'https://172.16.0.1/hook',
  'https://192.168.1.1/hook',
  'https://100.64.0.1/hook',
  'https://[fd00::1]/hook',
  'https://[fe80::1]/hook',
  'https://224.0.0.1/hook',
  'https://0.0.0.0/hook',
  'https://[::]/hook',
];

/** Where a `net.Socket#connect` call goes: (options), ([options, cb]) or (port, host). */
function hostOf(args: unknown[]): string {
  const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const host = (first as { host?: unknown }).host;
    return typeof host === 'string' ? host : '';
  }
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

async function ssrf(env: ProofEnv, strict: ServerHandle, tenant: Tenant) {
  const refused = [];
  for (const url of INTERNAL_URLS) {
    const r = await call(strict.baseUrl, tenant.key, 'POST', '/v1/webhook-endpoints', { url });
    const named = r.status === 422 && r.text.includes('body.url');
    refused.push(named);
  }
  const stored = Number(
    (
      await env.admin.query<{ n: string }>(
        'SELECT count(*) AS n FROM "WebhookEndpoint" WHERE "organizationId" = $1',
        [tenant.organizationId],
      )
    ).rows[0]!.n,
  );

  // Connect time, in this process: the real sender with an injected resolver (no DNS query
  // leaves the machine) and every socket opened counted.
  const targets: string[] = [];
  const proto = net.Socket.prototype;
  const original = Reflect.get(proto, 'connect') as (...args: unknown[]) => net.Socket;
  Reflect.set(proto, 'connect', function (this: net.Socket, ...args: unknown[]) {
    targets.push(hostOf(args));
    return original.apply(this, args);
  });
  const receiver = await startWebhookReceiver();
  try {
    const answers: Record<string, string[]> = {
      'metadata.rebind.example': ['169.254.169.254'],
      'intranet.rebind.example': ['10.0.0.7'],
      'mixed.rebind.example': ['192.0.2.10', '192.168.0.10'],
      'v6.rebind.example': ['fd12:3456::1'],
      'loopback.rebind.example': ['127.0.0.1'],
    };
    const asked: string[] = [];
    const resolve: Resolver = async (hostname) => {
      asked.push(hostname);
      const addresses = answers[hostname];
      if (!addresses) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    const webhook = (url: string): OutgoingWebhook => ({
      id: 'msg_proof',
      url,
      body: '{"type":"proof"}',
      secrets: [`whsec_${Buffer.alloc(32, 7).toString('base64')}`],
    });
    const port = new URL(receiver.url).port;
    const sender = createWebhookSender({ timeoutMs: 5000, allowedHosts: [], resolve });
    const atConnect = [];
    for (const host of Object.keys(answers))
      atConnect.push(await sender.send(webhook(`https://${host}:${port}/hook`), new Date()));
    const socketsWhileRefusing = targets.length;
    // The operator's allow-list lets the same loopback receiver through: the refusals above are
    // the check, not a sender that cannot send.
    const allowed = createWebhookSender({ timeoutMs: 5000, allowedHosts: ['127.0.0.1'], resolve });
    const delivered = await allowed.send(webhook(`${receiver.url}`), new Date());
    const refusedAtConnect = atConnect.filter(
      (r) => !r.ok && 'error' in r && r.error === 'address not allowed',
    ).length;
    const nonLoopback = targets.filter((t) => t !== '127.0.0.1' && t !== '::1');
    return {
      passed:
        refused.every(Boolean) &&
        stored === 0 &&
        refusedAtConnect === atConnect.length &&
        socketsWhileRefusing === 0 &&
        delivered.ok &&
        receiver.received.length === 1 &&
        nonLoopback.length === 0,
      rows: [
        `| literal internal URLs refused at creation (loopback in decimal, hex, octal and short forms, \`localhost\`, IPv4-mapped, metadata, RFC 1918, CGNAT, unique-local, link-local, multicast, unspecified) | ${refused.filter(Boolean).length} of ${INTERNAL_URLS.length} with 422 naming \`body.url\`; endpoints stored: ${stored} |`,
        `| host names resolving inside (metadata, RFC 1918, a mixed answer, unique-local, loopback), refused when sending | ${refusedAtConnect} of ${atConnect.length} (\`lastError\`: \`address not allowed\`), ${asked.length} resolver answers, **${socketsWhileRefusing}** sockets opened |`,
        `| the same loopback receiver with \`WEBHOOK_ALLOWED_HOSTS=127.0.0.1\` | ${delivered.ok ? 'delivered' : 'not delivered'} (${receiver.received.length} received) |`,
        `| sockets opened to anything but 127.0.0.1 / ::1 in this section | **${nonLoopback.length}** |`,
      ],
    };
  } finally {
    Reflect.set(proto, 'connect', original);
    await receiver.close();
  }
}

/** How soon process B refused a token revoked through process A: requests asked, milliseconds. */
export interface Gap {
  tries: number;
  ms: number;
}

/** The revocation gaps of one kind of token, in words for PROOF.md. */
export function describeGaps(gaps: Gap[]): string {
  const first = gaps.filter((g) => g.tries === 1).length;
  const late = gaps.filter((g) => g.tries > 1);
  return `${first} of ${gaps.length} refused by the first request${
    late.length
      ? `; the other ${late.length} after ${Math.max(...late.map((g) => g.tries - 1))} more at most`
      : ''
  }; longest from the revoke's answer to B's refusal: ${Math.max(...gaps.map((g) => g.ms)).toFixed(1)} ms`;
}

/** The documented bound of the revocation gap: the token cache's lifetime (README "Calendar feeds"). */
export const REVOCATION_BOUND_MS = 15_000;

/**
 * Feeds, API keys and (given a case) petitioner links, each made and revoked through process A
 * after both processes have read (and cached) it: how soon B refuses each. A revoked credential
 * is refused with 404 or 401, or with 429 when the address has failed too often already (a
 * refusal all the same).
 */
export async function revocationAcross(
  a: ServerHandle,
  b: ServerHandle,
  tenant: Tenant,
  rounds: number,
  caseId?: string,
) {
  let notCached = 0;
  const feeds: Gap[] = [];
  const keys: Gap[] = [];
  const links: Gap[] = [];
  for (let i = 0; i < rounds; i++) {
    const { feed, token } = await newFeed(a, tenant);
    const key = await ok<{ apiKey: { id: string }; key: string }>(
      call(a.baseUrl, tenant.key, 'POST', '/v1/api-keys', {
        name: `proof-${i}`,
        scopes: ['read'],
      }),
    );
    const link =
      caseId === undefined
        ? undefined
        : await ok<{ id: string; url: string }>(
            call(a.baseUrl, tenant.key, 'POST', `/v1/cases/${caseId}/petitioner-links`, {}),
          );
    const linkPath = link && `/p/${link.url.split('/p/')[1]!}`;
    // Both processes have read (and cached) every token.
    for (const server of [a, b]) {
      if ((await getStatus(`${server.baseUrl}/feeds/${token}.ics`)) !== 200) notCached++;
      if ((await getStatus(`${server.baseUrl}/v1/cases`, key.key)) !== 200) notCached++;
      if (linkPath && (await getStatus(`${server.baseUrl}${linkPath}`)) !== 200) notCached++;
    }
    await ok(call(a.baseUrl, tenant.key, 'POST', `/v1/feeds/${feed.id}/revoke`));
    feeds.push(await refusedAfter(`${b.baseUrl}/feeds/${token}.ics`, undefined, [404, 429]));
    await ok(call(a.baseUrl, tenant.key, 'POST', `/v1/api-keys/${key.apiKey.id}/revoke`));
    keys.push(await refusedAfter(`${b.baseUrl}/v1/cases`, key.key, [401, 429]));
    if (link && linkPath) {
      await ok(call(a.baseUrl, tenant.key, 'POST', `/v1/petitioner-links/${link.id}/revoke`));
      links.push(await refusedAfter(`${b.baseUrl}${linkPath}`, undefined, [404, 429]));
    }
  }
  const all = [...feeds, ...keys, ...links];
  const worst = Math.max(...all.map((g) => g.ms));
  return {
    passed: notCached === 0 && worst < REVOCATION_BOUND_MS,
    notCached,
    worst,
    feeds,
    keys,
    links,
    rows: [
      `| feeds revoked through process A, then fetched through B | ${describeGaps(feeds)} |`,
      `| API keys revoked through A, then used on B | ${describeGaps(keys)} |`,
      ...(links.length
        ? [`| petitioner links revoked through A, then opened through B | ${describeGaps(links)} |`]
        : []),
      ...(notCached
        ? [`| tokens not served by both processes before the revoke | **${notCached}** |`]
        : []),
    ],
  };
}

export async function waysIn(env: ProofEnv, options: { short: boolean }): Promise<Section[]> {
  const started = Date.now();
  // Two API processes on one database, with the shipped limits (AUTH_FAILURES_PER_MINUTE 30,
  // RATE_LIMIT_PER_MINUTE 600) and no proxy trusted; the second one also has an empty webhook
  // allow-list (the shipped default).
  const a = await env.startServer('api-a', { WORKER: 'off' });
  const b = await env.startServer('api-b', { WORKER: 'off', WEBHOOK_ALLOWED_HOSTS: '' });
  try {
    const tenant = await env.createTenant('Ways In Clinic');
    const limits = await throttle(a, b, tenant);
    const refusals = await ssrf(env, b, tenant);
    const { case: revokedCase } = await ok<{ case: { id: string } }>(
      call(a.baseUrl, tenant.key, 'POST', '/v1/cases', {
        family: 'DV',
        court: 'CA',
        reference: 'WAYS-IN-LINKS',
        events: [{ type: 'TRO_GRANTED', date: courtTimeOf(Date.now()).date }],
      }),
    );
    const revoked = await revocationAcross(a, b, tenant, options.short ? 10 : 50, revokedCase.id);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    return [
      {
        title: 'Ways in: failed-authentication throttle',
        passed: limits.passed,
        markdown: [
          'Two API processes (`node dist/src/main.js`) on one PostgreSQL, shipped limits (`AUTH_FAILURES_PER_MINUTE=30` per address and credential prefix, ten times that per address; `TRUST_PROXY` off), every request from 127.0.0.1. The credential is checked first; only failures count, in PostgreSQL.',
          '',
          '| check | result |',
          '|---|---|',
          ...limits.rows,
        ].join('\n'),
      },
      {
        title: 'Ways in: webhooks to the internal network',
        passed: refusals.passed,
        markdown: [
          'Creation over HTTP on the process with the shipped (empty) `WEBHOOK_ALLOWED_HOSTS`; sending with the real sender in the harness, host names answered by an injected resolver and `net.Socket#connect` counted.',
          '',
          '| check | result |',
          '|---|---|',
          ...refusals.rows,
        ].join('\n'),
      },
      {
        title: 'Ways in: revocation across two API processes',
        passed: revoked.passed,
        markdown: [
          'Tokens (calendar feeds, API keys, petitioner links) read (and cached) by both processes, then revoked through one; the other is asked at once after the revoke answered, and again until it refuses. The revoking process forgets the token before it answers; another forgets it when PostgreSQL `NOTIFY` reaches it, so a request that reaches it first can still pass: the gap is that notification\'s way, bounded by the cache\'s 15 s lifetime should the notification connection die unnoticed (README "Calendar feeds"). This section passes when every token is refused within that bound (a revoked token is refused with 404 or 401, or 429 once the address has failed too often), and shows how often the gap was seen.',
          '',
          '| check | result |',
          '|---|---|',
          ...revoked.rows,
          '',
          `The three ways-in sections took ${seconds} s; the short proof in CI runs them whole, with 10 revocation rounds instead of 50.`,
        ].join('\n'),
      },
    ];
  } finally {
    await a.stop();
    await b.stop();
  }
}

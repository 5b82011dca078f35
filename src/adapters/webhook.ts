// Webhook delivery: a signed POST; any 2xx is delivered, anything else is retried.
// Redirects are not followed (a signed body goes only where the clinic said). Built once, in
// src/runtime.ts, so every worker loop sends through the same sender.
//
// Where it may connect is checked when it connects (src/net.ts): the URL's host is resolved
// here (the resolver is injectable, so tests never query DNS), every address it resolves to
// must be public unless WEBHOOK_ALLOWED_HOSTS lists the host or the address, and the socket is
// then opened to the address that was checked — the HTTP client's `lookup` returns it, so a
// second, different DNS answer (rebinding) is never used. A refused host gets no socket at all.
//
// `error` is a generic class — connection refused, timeout, TLS error, HTTP 4xx/5xx, address
// not allowed — never the library's code or the status itself, so an endpoint pointed at an
// internal service cannot be used to tell what listens there.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { HostAllowList, literalAddressOf } from '../net.js';
import { signWebhook } from './webhook-signing.js';

export type DeliveryResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export interface OutgoingWebhook {
  url: string;
  id: string;
  body: string;
  secrets: string[];
}

export interface WebhookSender {
  /** POSTs `webhook`, signed as of `at`. */
  send(webhook: OutgoingWebhook, at: Date): Promise<DeliveryResult>;
}

/** A host name's addresses (all of them: every one is checked). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

export interface WebhookSenderOptions {
  timeoutMs: number;
  /** WEBHOOK_ALLOWED_HOSTS. */
  allowedHosts: readonly string[];
  /** How host names are resolved (tests inject one; default: the system's resolver). */
  resolve?: Resolver;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const allow = new HostAllowList(options.allowedHosts);
  const resolve = options.resolve ?? systemResolver;
  // Keep-alive connections are reused only for the address they were opened to (checked then).
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  return {
    async send(webhook, at) {
      const url = new URL(webhook.url);
      const target = await checkedAddress(url.hostname, allow, resolve);
      if ('refused' in target) return { ok: false, permanent: false, error: target.refused };
      return post(url, target, webhook, at, options.timeoutMs, agents);
    },
  };
}

type Target = { address: string; family: number } | { refused: string };

/** The address to connect to, once every address of the host has been checked. */
async function checkedAddress(
  hostname: string,
  allow: HostAllowList,
  resolve: Resolver,
): Promise<Target> {
  const literal = literalAddressOf(hostname);
  let addresses: { address: string; family: number }[];
  if (literal !== null) addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(hostname);
    } catch {
      return { refused: 'DNS lookup failed' };
    }
  }
  const name = hostname.replace(/^\[|\]$/g, '');
  if (addresses.length === 0) return { refused: 'DNS lookup failed' };
  // One internal address is enough to refuse: which one a client would pick is not ours to know.
  if (!addresses.every((a) => allow.allows(name, a.address)))
    return { refused: 'address not allowed' };
  return addresses[0]!;
}

function post(
  url: URL,
  target: { address: string; family: number },
  webhook: OutgoingWebhook,
  now: Date,
  timeoutMs: number,
  agents: { 'http:': http.Agent; 'https:': https.Agent },
): Promise<DeliveryResult> {
  const headers = signWebhook(webhook.secrets, webhook.id, now, webhook.body);
  const body = Buffer.from(webhook.body, 'utf8');
  // The checked address, whatever the host name would resolve to now.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        target,
      ]);
    else callback(null, target.address, target.family);
  };
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: DeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        agent: agents[secure ? 'https:' : 'http:'],
        lookup: pinned,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': 'Orderly-Webhooks/1',
          ...headers,
        },
      },
      (response) => {
        // The body is not read: nothing in it changes the outcome.
        response.resume();
        const status = response.statusCode ?? 0;
        finish(
          status >= 200 && status < 300
            ? { ok: true }
            : { ok: false, permanent: false, error: `HTTP ${Math.floor(status / 100)}xx` },
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, permanent: false, error: 'timeout' });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => finish({ ok: false, permanent: false, error: classify(error) }));
    request.end(body);
  });
}

/** A failed connection, in a word: never the library's code or message. */
function classify(error: unknown): string {
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (
    /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|HOSTNAME_MISMATCH)/.test(
      code,
    ) ||
    /certificate|TLS|SSL/i.test(String((error as Error).message))
  )
    return 'TLS error';
  return 'connection failed';
}

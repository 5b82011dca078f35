// Webhook delivery: a signed POST; any 2xx is delivered, anything else is retried.
// Redirects are not followed (a signed body goes only where the clinic said). Built once, in
// src/runtime.ts, so every worker loop sends through the same sender.
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

export function createWebhookSender(options: { timeoutMs: number }): WebhookSender {
  return { send: (webhook, at) => postWebhook(webhook, at, options.timeoutMs) };
}

async function postWebhook(
  webhook: OutgoingWebhook,
  now: Date,
  timeoutMs: number,
): Promise<DeliveryResult> {
  const headers = signWebhook(webhook.secrets, webhook.id, now, webhook.body);
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Orderly-Webhooks/1',
        ...headers,
      },
      body: webhook.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is not read: nothing in it changes the outcome.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, permanent: false, error: `HTTP ${response.status}` };
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    if (e.name === 'TimeoutError')
      return { ok: false, permanent: false, error: `timed out after ${timeoutMs} ms` };
    return {
      ok: false,
      permanent: false,
      error: `could not connect (${e.cause?.code ?? e.name ?? 'error'})`,
    };
  }
}

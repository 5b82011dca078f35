// Standard Webhooks signatures (https://www.standardwebhooks.com), through the reference
// `standardwebhooks` package: `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
// During a secret rotation both secrets sign, space-separated, so receivers can switch over.
// The package is CommonJS; this is the one file that imports it.
import * as standardWebhooks from 'standardwebhooks';

type Module = typeof standardWebhooks;
const lib: Module =
  'Webhook' in standardWebhooks && typeof standardWebhooks.Webhook === 'function'
    ? standardWebhooks
    : (standardWebhooks as unknown as { default: Module }).default;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three Standard Webhooks headers for `body`, signed with each secret. */
export function signWebhook(
  secrets: readonly string[],
  id: string,
  at: Date,
  body: string,
): SignedHeaders {
  // Standard Webhooks timestamps are whole seconds.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': secrets
      .map((secret) => new lib.Webhook(secret).sign(id, timestamp, body))
      .join(' '),
  };
}

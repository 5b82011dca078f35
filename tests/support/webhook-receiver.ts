// A real HTTP receiver for webhook tests: records every request (headers and raw body) and
// answers as told (a status per request, or a delay).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests that have arrived, answered or not yet. */
  arrived: number;
  /** Status for each request in turn (then 200), or a function of the request. */
  respond(plan: number[] | ((request: { id: string; count: number }) => number)): void;
  /** Wait this long before answering (a slow receiver). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let plan: number[] | ((request: { id: string; count: number }) => number) = [];
  const received: ReceivedWebhook[] = [];
  const counts = new Map<string, number>();
  const receiver: WebhookReceiver = {
    url: '',
    received,
    arrived: 0,
    respond(next) {
      plan = next;
    },
    delayMs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.arrived++;
      const id = String(request.headers['webhook-id'] ?? '');
      const count = (counts.get(id) ?? 0) + 1;
      counts.set(id, count);
      const status = Array.isArray(plan) ? (plan.shift() ?? 200) : plan({ id, count });
      const answer = () => {
        received.push({
          id,
          timestamp: String(request.headers['webhook-timestamp'] ?? ''),
          signature: String(request.headers['webhook-signature'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          status,
        });
        response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/orderly`;
  return receiver;
}

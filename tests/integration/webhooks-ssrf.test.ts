// Webhooks cannot reach the internal network (issue 11). Every connection these tests let
// happen goes to 127.0.0.1; everything else must be refused before a socket is opened, which
// is what they assert: host names are answered by an injected resolver (no DNS query leaves
// the machine) and net.Socket's connect is watched.
import net from 'node:net';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from 'vitest';
import {
  createWebhookSender,
  type OutgoingWebhook,
  type Resolver,
} from '../../src/adapters/webhook.js';
import { createReminderLoop } from '../../src/workers/reminder-loop.js';
import { createTenant, startTestApi, type TestApi } from '../support/api.js';
import {
  createCase,
  post,
  remindersOf,
  TEST_SECRETS_KEY,
  TestClock,
} from '../support/reminders.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const webhook = (url: string): OutgoingWebhook => ({
  id: 'msg_1',
  url,
  body: '{"type":"test"}',
  secrets: [`whsec_${Buffer.alloc(32, 1).toString('base64')}`],
});

/** A resolver that answers from a table and records what it was asked. */
function fakeResolver(table: Record<string, string[] | (() => string[])>) {
  const asked: string[] = [];
  const resolve: Resolver = async (hostname) => {
    asked.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const addresses = typeof entry === 'function' ? entry() : entry;
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, asked };
}

let connect: MockInstance<typeof net.Socket.prototype.connect>;
beforeAll(() => {
  connect = vi.spyOn(net.Socket.prototype, 'connect');
});
afterEach(() => connect.mockClear());
afterAll(() => connect.mockRestore());

/** Every address a socket was opened to since the last check. */
const socketTargets = (): string[] =>
  connect.mock.calls.map((call: unknown[]) => {
    // connect(options), connect([options, cb]) (http's agent) or connect(port, host) (pg).
    const first = Array.isArray(call[0]) ? (call[0] as unknown[])[0] : call[0];
    if (typeof first === 'object' && first !== null)
      return String(
        (first as { host?: string; path?: string }).host ?? (first as { path?: string }).path ?? '',
      );
    return typeof call[1] === 'string' ? call[1] : 'localhost';
  });

describe('the webhook sender refuses internal addresses before a socket is opened', () => {
  const internalLiterals = [
    'https://127.0.0.1/hook',
    'https://2130706433/hook', // 127.0.0.1 in decimal
    'https://0x7f.1/hook', // and in hex
    'https://0177.0.0.1/hook', // and in octal
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook', // IPv4-mapped
    'https://[::ffff:a9fe:a9fe]/hook', // 169.254.169.254, mapped
    'https://169.254.169.254/latest/meta-data/', // cloud metadata (link-local)
    'https://10.1.2.3/hook',
    'https://172.16.0.1/hook',
    'https://192.168.1.1/hook',
    'https://100.64.0.1/hook', // carrier-grade NAT
    'https://[fd00::1]/hook', // unique-local
    'https://[fe80::1]/hook', // link-local
    'https://224.0.0.1/hook', // multicast
    'https://[ff02::1]/hook',
    'https://0.0.0.0/hook', // unspecified
    'https://[::]/hook',
    'https://255.255.255.255/hook',
  ];

  it.each(internalLiterals)('%s', async (url) => {
    const { resolve, asked } = fakeResolver({});
    const sender = createWebhookSender({ timeoutMs: 1000, allowedHosts: [], resolve });
    expect(await sender.send(webhook(url), new Date())).toEqual({
      ok: false,
      permanent: false,
      error: 'address not allowed',
    });
    expect(asked).toEqual([]);
    expect(connect).not.toHaveBeenCalled();
  });

  it('a host name is refused when any address it resolves to is internal (checked when sending)', async () => {
    const { resolve, asked } = fakeResolver({
      'hooks.internal.example': ['10.0.0.7'],
      'mixed.example': ['93.184.216.34', '192.168.0.10'],
      'v6.internal.example': ['fd12:3456::1'],
      'localhost.example': ['127.0.0.1'],
    });
    const sender = createWebhookSender({ timeoutMs: 1000, allowedHosts: [], resolve });
    for (const host of Object.keys({
      'hooks.internal.example': 1,
      'mixed.example': 1,
      'v6.internal.example': 1,
      'localhost.example': 1,
    }))
      expect(await sender.send(webhook(`https://${host}/hook`), new Date())).toMatchObject({
        ok: false,
        error: 'address not allowed',
      });
    expect(asked).toHaveLength(4);
    expect(await sender.send(webhook('https://unknown.example/hook'), new Date())).toMatchObject({
      ok: false,
      error: 'DNS lookup failed',
    });
    expect(connect).not.toHaveBeenCalled();
  });

  describe('against a receiver on 127.0.0.1 the operator allowed', () => {
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      receiver = await startWebhookReceiver();
    });
    afterAll(() => receiver.close());

    it('connects to the address it checked: a second, different DNS answer (rebinding) is never used', async () => {
      let answers = 0;
      const { resolve, asked } = fakeResolver({
        // Allowed the first time (the operator listed 127.0.0.1), internal the next.
        'rebind.example': () => (answers++ === 0 ? ['127.0.0.1'] : ['10.0.0.1']),
      });
      const sender = createWebhookSender({
        timeoutMs: 5000,
        allowedHosts: ['127.0.0.1'],
        resolve,
      });
      const port = new URL(receiver.url).port;
      const before = receiver.received.length;
      expect(
        await sender.send(webhook(`http://rebind.example:${port}/hooks/orderly`), new Date()),
      ).toEqual({ ok: true });
      // One socket, whose address comes from the pinned lookup (the checked answer), never
      // from a lookup of the client's own: `rebind.example` has no address in real DNS.
      expect(socketTargets()).toEqual(['rebind.example']);
      expect(connect.mock.calls[0]).toBeDefined();
      expect(receiver.received.length).toBe(before + 1);
      connect.mockClear();
      expect(
        await sender.send(webhook(`http://rebind.example:${port}/hooks/orderly`), new Date()),
      ).toMatchObject({ ok: false, error: 'address not allowed' });
      expect(connect).not.toHaveBeenCalled();
      expect(asked).toEqual(['rebind.example', 'rebind.example']);
      expect(receiver.received.length).toBe(before + 1);
    });

    it('without the operator setting, the same receiver is refused', async () => {
      const sender = createWebhookSender({ timeoutMs: 1000, allowedHosts: [] });
      expect(await sender.send(webhook(receiver.url), new Date())).toMatchObject({
        ok: false,
        error: 'address not allowed',
      });
      expect(connect).not.toHaveBeenCalled();
    });

    it('lastError is a generic class, never the library code or the exact status', async () => {
      const sender = createWebhookSender({ timeoutMs: 500, allowedHosts: ['127.0.0.1'] });
      receiver.respond([503, 404]);
      expect(await sender.send(webhook(receiver.url), new Date())).toMatchObject({
        error: 'HTTP 5xx',
      });
      expect(await sender.send(webhook(receiver.url), new Date())).toMatchObject({
        error: 'HTTP 4xx',
      });
      // Nothing listens on a port that was just closed.
      const closed = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo;
          server.close(() => resolve(port));
        });
      });
      expect(
        await sender.send(webhook(`http://127.0.0.1:${closed}/hook`), new Date()),
      ).toMatchObject({ error: 'connection refused' });
      // https to a server that speaks plain HTTP.
      const port = new URL(receiver.url).port;
      expect(
        await sender.send(webhook(`https://127.0.0.1:${port}/hooks/orderly`), new Date()),
      ).toMatchObject({ error: 'TLS error' });
      // A server that never answers.
      const silent = http.createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const silentPort = (silent.address() as AddressInfo).port;
        expect(
          await sender.send(webhook(`http://127.0.0.1:${silentPort}/hook`), new Date()),
        ).toMatchObject({ error: 'timeout' });
      } finally {
        silent.closeAllConnections();
        silent.close();
      }
    });
  });
});

describe('webhook endpoints over the API', () => {
  let api: TestApi;
  const resolver = fakeResolver({ 'hooks.internal.example': ['10.0.0.7'] });
  beforeAll(async () => {
    api = await startTestApi({
      // 10:00 in court, the day the EPOs below are issued.
      clock: new TestClock(new Date('2027-01-15T18:00:00Z')),
      env: {
        SECRETS_KEY: TEST_SECRETS_KEY,
        WEBHOOK_ALLOWED_HOSTS: '',
        WEBHOOK_ENDPOINTS_MAX: '3',
        REMINDER_QUIET_HOURS: 'off',
      },
      resolve: resolver.resolve,
    });
  });
  afterAll(() => api.close());

  it('refuses a literal internal address, in any spelling, and localhost, with a 422 naming the field', async () => {
    const tenant = await createTenant(api);
    for (const url of [
      'https://127.0.0.1/hook',
      'https://2130706433/hook',
      'https://0x7f000001/hook',
      'https://[::ffff:7f00:1]/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://0.0.0.0/hook',
      'https://localhost/hook',
      'https://api.localhost/hook',
    ]) {
      const response = await tenant.request({
        method: 'POST',
        url: '/v1/webhook-endpoints',
        payload: { url },
      });
      expect(response.statusCode, url).toBe(422);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json<{ errors: { name: string }[] }>().errors).toEqual([
        expect.objectContaining({ name: 'body.url' }),
      ]);
    }
    // Clear text only to a host the operator allows.
    const plain = await tenant.request({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { url: 'http://hooks.clinic.example/hook' },
    });
    expect(plain.statusCode).toBe(400);
    expect(plain.json<{ errors: { name: string }[] }>().errors[0]!.name).toBe('body.url');
    expect(
      (await tenant.request({ method: 'GET', url: '/v1/webhook-endpoints' })).json<{
        items: unknown[];
      }>().items,
    ).toEqual([]);
  });

  it('a changed URL is checked the same way', async () => {
    const tenant = await createTenant(api);
    const created = await post<{ webhookEndpoint: { id: string } }>(
      tenant,
      '/v1/webhook-endpoints',
      { url: 'https://hooks.clinic.example/orderly' },
    );
    const response = await tenant.request({
      method: 'PATCH',
      url: `/v1/webhook-endpoints/${created.webhookEndpoint.id}`,
      headers: { 'if-match': '*' },
      payload: { url: 'https://192.168.1.1/hook' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: { name: string }[] }>().errors[0]!.name).toBe('body.url');
  });

  it('caps the endpoints of an organization (WEBHOOK_ENDPOINTS_MAX)', async () => {
    const tenant = await createTenant(api);
    for (let i = 0; i < 3; i++)
      await post(tenant, '/v1/webhook-endpoints', { url: `https://hooks.clinic.example/${i}` });
    const fourth = await tenant.request({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { url: 'https://hooks.clinic.example/3' },
    });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json<{ detail: string }>().detail).toMatch(/WEBHOOK_ENDPOINTS_MAX/);
    // Another organization has its own.
    const other = await createTenant(api, 'Other Clinic');
    await post(other, '/v1/webhook-endpoints', { url: 'https://hooks.other.example/0' });
  });

  it('reading endpoint URLs needs the admin scope', async () => {
    const tenant = await createTenant(api);
    const created = await post<{ webhookEndpoint: { id: string } }>(
      tenant,
      '/v1/webhook-endpoints',
      { url: 'https://hooks.clinic.example/secret-path' },
    );
    const { key: readKey } = await post<{ key: string }>(tenant, '/v1/api-keys', {
      name: 'reader',
      scopes: ['read', 'write'],
    });
    for (const url of [
      '/v1/webhook-endpoints',
      `/v1/webhook-endpoints/${created.webhookEndpoint.id}`,
    ]) {
      const asReader = await tenant.request({ method: 'GET', url, key: readKey });
      expect(asReader.statusCode, url).toBe(403);
      expect(asReader.body).not.toContain('secret-path');
      expect((await tenant.request({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('a new endpoint does not receive the backlog of "immediately" reminders', async () => {
    const tenant = await createTenant(api);
    const first = await post<{ webhookEndpoint: { id: string } }>(tenant, '/v1/webhook-endpoints', {
      url: 'https://hooks.clinic.example/first',
    });
    const epo = {
      family: 'DV',
      court: 'CA',
      events: [{ type: 'EPO_ISSUED', date: '2027-01-15', time: '09:00' }],
    };
    const before = await createCase(tenant, { ...epo, reference: 'EPO-OLD' });
    const second = await post<{ webhookEndpoint: { id: string } }>(
      tenant,
      '/v1/webhook-endpoints',
      {
        url: 'https://hooks.clinic.example/second',
      },
    );
    const immediateTo = async (caseId: string) =>
      (await remindersOf(tenant, caseId))
        .filter((r) => r.occurrence === 'immediately' && r.status === 'PENDING')
        .map((r) => r.recipient.id)
        .sort();
    // The old EPO's "immediately" went to the endpoint that existed, not to the new one...
    expect(await immediateTo(before.id)).toEqual([first.webhookEndpoint.id]);
    // ...but the new one receives the other reminders of old cases, and everything of new ones.
    expect(
      (await remindersOf(tenant, before.id)).some(
        (r) => r.recipient.id === second.webhookEndpoint.id && r.occurrence !== 'immediately',
      ),
    ).toBe(true);
    const after = await createCase(tenant, { ...epo, reference: 'EPO-NEW' });
    expect(await immediateTo(after.id)).toEqual(
      [first.webhookEndpoint.id, second.webhookEndpoint.id].sort(),
    );
  });

  it('the worker refuses a host name that resolves inside, and says only that', async () => {
    const tenant = await createTenant(api);
    await post(tenant, '/v1/webhook-endpoints', { url: 'https://hooks.internal.example/in' });
    const owner = await createCase(tenant, {
      family: 'DV',
      court: 'CA',
      reference: 'EPO-INTERNAL',
      events: [{ type: 'EPO_ISSUED', date: '2027-01-15', time: '09:00' }],
    });
    const worker = await createReminderLoop(api.runtime);
    connect.mockClear();
    for (let i = 0; i < 20 && (await worker.tick()).claimed > 0; i++);
    const immediate = (await remindersOf(tenant, owner.id)).find(
      (r) => r.occurrence === 'immediately',
    )!;
    expect(immediate.lastError).toBe('address not allowed');
    expect(immediate.status).toBe('PENDING');
    expect(resolver.asked).toContain('hooks.internal.example');
    // Only the database (127.0.0.1 or a Unix socket) was connected to, never the endpoint.
    expect(
      socketTargets().filter(
        (host) => host !== '127.0.0.1' && host !== 'localhost' && !host.startsWith('/'),
      ),
    ).toEqual([]);
  });
});

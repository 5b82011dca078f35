// Overload: past MAX_IN_FLIGHT requests in flight, or with the event loop starved, the server
// answers 503 problem+json with Retry-After at once instead of queueing; /health and /ready
// still answer; once the pressure is gone, requests are served again.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type TestApi } from '../support/api.js';

const apis: TestApi[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  while (apis.length) await apis.pop()!.close();
});

async function start(
  env: Record<string, string>,
): Promise<{ api: TestApi; base: string; port: number }> {
  const api = await startTestApi({ env });
  apis.push(api);
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const address = api.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { api, base: `http://127.0.0.1:${port}`, port };
}

/** A request whose body never finishes arriving: it stays in flight until the socket closes. */
async function stalledRequest(port: number, key: string): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `POST /v1/compute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"fam`,
  );
  return socket;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('overload', () => {
  it('past MAX_IN_FLIGHT requests in flight: 503 with Retry-After, health still 200, then served again', async () => {
    const { api, base, port } = await start({ MAX_IN_FLIGHT: '2', MAX_EVENT_LOOP_DELAY_MS: '0' });
    const { adminKey } = await createTenant(api);
    expect((await fetch(`${base}/v1/cases`)).status).toBe(401); // under the limit: served
    const stalled = [await stalledRequest(port, adminKey), await stalledRequest(port, adminKey)];
    await sleep(100);

    const refused = await fetch(`${base}/v1/cases`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({
      type: 'https://orderly.dev/problems/overloaded',
      status: 503,
      title: 'Service overloaded',
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);

    // A request that ends (here: its client gives up) frees its place.
    stalled[0]!.destroy();
    let status = 0;
    for (let i = 0; i < 100 && status !== 401; i++) {
      status = (await fetch(`${base}/v1/cases`)).status;
      if (status !== 401) await sleep(50);
    }
    expect(status).toBe(401);
  }, 120_000);

  it('with the event loop starved past MAX_EVENT_LOOP_DELAY_MS: 503 with Retry-After, then served again', async () => {
    const { api } = await start({ MAX_IN_FLIGHT: '0', MAX_EVENT_LOOP_DELAY_MS: '100' });
    const served = async () => {
      let status = 503;
      for (let i = 0; i < 200 && status === 503; i++) {
        status = (await api.app.inject('/v1/cases')).statusCode;
        if (status === 503) await sleep(50);
      }
      return status;
    };
    // Building the app may itself have held the loop up on a busy machine: wait that out.
    expect(await served()).toBe(401);
    // Starve the loop as real overload does: busy 250 ms chunks with only a turn of the loop
    // between them, until a request is refused. (One long block is not enough: under-pressure
    // samples the *mean* delay each second, and one 1.5 s stall among a second's 10 ms samples
    // averages under the limit unless it happens to start just after a sample — seen failing
    // on a loaded machine.)
    let refused = await api.app.inject('/v1/cases');
    const starvedUntil = Date.now() + 15_000;
    while (refused.statusCode !== 503 && Date.now() < starvedUntil) {
      const until = Date.now() + 250;
      while (Date.now() < until);
      await sleep(0);
      refused = await api.app.inject('/v1/cases');
    }
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ title: 'Service overloaded' });
    expect((await api.app.inject('/health')).statusCode).toBe(200);
    expect(await served()).toBe(401);
  }, 120_000);
});

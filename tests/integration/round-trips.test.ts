// Database round trips per request, counted at the driver (every query a pg client sends is
// one round trip: BEGIN and COMMIT included), so the write path cannot creep back. Issue 15's
// goal for recording an event is at most 8, and the ceilings below are what the code does today. ROUND_TRIPS_VERBOSE=1
// prints each query.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let api: TestApi;
let clinic: Tenant;
beforeAll(async () => {
  api = await startTestApi({ env: { WORKER: 'off' } });
  clinic = await createTenant(api);
});
afterAll(() => api.close());

/** Runs `send` and counts the queries every pg client sent meanwhile. */
async function roundTrips(send: () => Promise<{ statusCode: number }>): Promise<number> {
  // The adapter and the pool both use pg.Client: one wrapper sees every query.
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = client.query;
  let count = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    count += 1;
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    if (process.env.ROUND_TRIPS_VERBOSE)
      console.log(`  ${count}: ${text.replace(/\s+/g, ' ').slice(0, 140)}`);
    return original.apply(this, args);
  };
  try {
    const response = await send();
    expect(response.statusCode).toBeLessThan(300);
  } finally {
    client.query = original;
  }
  return count;
}

const events = [
  { type: 'TRO_GRANTED', date: '2026-03-02' },
  { type: 'HEARING_SET', date: '2026-03-23', time: '08:30' },
  { type: 'SERVED', date: '2026-03-12', method: 'PERSONAL' },
];

describe('round trips per request', () => {
  it('recording an event (recompute, reminder outbox, audit, idempotency record)', async () => {
    const created = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: { family: 'DV', court: 'CA', reference: 'RT-1', events },
    });
    const caseId = created.json<{ case: { id: string } }>().case.id;
    // Warm: API key cached, statements prepared, as in a running server.
    await clinic.request({ method: 'GET', url: `/v1/cases/${caseId}/deadlines` });
    const counts: number[] = [];
    for (const [i, date] of ['2026-04-06', '2026-04-20'].entries()) {
      counts.push(
        await roundTrips(() =>
          clinic.request({
            method: 'POST',
            url: `/v1/cases/${caseId}/events`,
            headers: { 'idempotency-key': `rt-${i}` },
            payload: { type: 'HEARING_CONTINUED', date, time: '09:00' },
          }),
        ),
      );
    }
    console.log(`round trips to record an event: ${counts.join(', ')} (goal ≤ 8)`);
    for (const count of counts) {
      // BEGIN, the case locked, the event written, COMMIT at least: the counter sees the driver.
      expect(count).toBeGreaterThanOrEqual(4);
      expect(count).toBeLessThanOrEqual(CEILING.recordEvent);
    }
  });

  it("reading a case's deadlines", async () => {
    const created = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: { family: 'DV', court: 'CA', reference: 'RT-2', events },
    });
    const caseId = created.json<{ case: { id: string } }>().case.id;
    await clinic.request({ method: 'GET', url: `/v1/cases/${caseId}/deadlines` });
    const count = await roundTrips(() =>
      clinic.request({ method: 'GET', url: `/v1/cases/${caseId}/deadlines` }),
    );
    console.log(`round trips to read a case's deadlines: ${count}`);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(CEILING.readDeadlines);
  });
});

/**
 * Measured: recording an event 8 with an Idempotency-Key — BEGIN, the key's lock, its record, the
 * closures' lock, the case's lock, one read of the case's state, one statement for every write,
 * COMMIT (28 before batching; 18 before the read and the writes were each made one statement).
 * Reading a case's deadlines 1 (2 while its deadlines and their history were two queries).
 */
const CEILING = { recordEvent: 8, readDeadlines: 1 };

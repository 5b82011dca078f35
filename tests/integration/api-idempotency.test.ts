// Idempotency-Key on POST: the first response is stored (with its effects, in one
// transaction) and replayed for 24 hours; the same key with a different request is a 422;
// a request still in flight is a 409. And optimistic concurrency on PATCH (ETag/If-Match).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_TTL_MS } from '../../src/services/idempotency.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let now = new Date('2026-11-23T18:00:00Z');
let api: TestApi;
let clinic: Tenant;
beforeAll(async () => {
  api = await startTestApi({ clock: { now: () => now } });
  clinic = await createTenant(api);
});
afterAll(() => api.close());

const caseBody = (reference: string) => ({
  family: 'DV',
  court: 'CA',
  reference,
  events: [{ type: 'TRO_GRANTED', date: '2025-11-03' }],
});
const count = async (table: string, where = 'true') =>
  Number(
    (
      await api.runtime.db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table}" WHERE ${where}`,
      )
    ).rows[0]!.n,
  );

describe('Idempotency-Key', () => {
  it('replays the first response byte for byte, and the case exists once', async () => {
    const key = randomUUID();
    const first = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: caseBody('IDEM-1'),
    });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const again = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: caseBody('IDEM-1'),
    });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await count('Case', `reference = 'IDEM-1'`)).toBe(1);
  });

  it('treats the same JSON with keys in another order as the same request', async () => {
    const key = randomUUID();
    const first = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: { reference: 'IDEM-ORDER', court: 'CA', family: 'CH' },
    });
    const again = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: { family: 'CH', court: 'CA', reference: 'IDEM-ORDER' },
    });
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
  });

  it('answers 422 naming the header when the key is reused for a different request, and writes nothing', async () => {
    const key = randomUUID();
    await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: caseBody('IDEM-2'),
    });
    const cases = await count('Case');
    const other = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: caseBody('IDEM-2-different'),
    });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json()).toMatchObject({
      status: 422,
      errors: [{ name: 'header.idempotency-key' }],
    });
    // A different route with the same key is a different request too.
    const created = JSON.parse(
      (
        await clinic.request({
          method: 'POST',
          url: '/v1/cases',
          headers: { 'idempotency-key': key },
          payload: caseBody('IDEM-2'),
        })
      ).body,
    ) as { case: { id: string } };
    const elsewhere = await clinic.request({
      method: 'POST',
      url: `/v1/cases/${created.case.id}/events`,
      headers: { 'idempotency-key': key },
      payload: { type: 'HEARING_SET', date: '2025-11-24' },
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(await count('Case')).toBe(cases);
  });

  it('two identical requests at once: one runs, the other is told it is in flight (409) or gets the replay; one case', async () => {
    const key = randomUUID();
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () =>
        clinic.request({
          method: 'POST',
          url: '/v1/cases',
          headers: { 'idempotency-key': key },
          payload: caseBody('IDEM-RACE'),
        }),
      ),
    );
    const statuses = attempts.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const bodies = new Set(attempts.filter((r) => r.statusCode === 201).map((r) => r.body));
    expect(bodies.size).toBe(1);
    for (const conflict of attempts.filter((r) => r.statusCode === 409)) {
      expect(conflict.json()).toMatchObject({
        type: expect.stringContaining('idempotency-key-in-use'),
      });
    }
    expect(await count('Case', `reference = 'IDEM-RACE'`)).toBe(1);
  });

  it('does not keep failures: a rejected request may be retried with the same key once fixed', async () => {
    const key = randomUUID();
    const bad = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: { ...caseBody('IDEM-FIX'), court: 'CA-atlantis' },
    });
    expect(bad.statusCode).toBe(400);
    const fixed = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: { ...caseBody('IDEM-FIX'), court: 'CA-atlantis' },
    });
    expect(fixed.statusCode).toBe(400);
    expect(await count('IdempotencyRecord', `key = '${key}'`)).toBe(0);
  });

  it('expires after 24 hours: the key can then be used again', async () => {
    const key = randomUUID();
    // The same reference twice on purpose (a case a clinic really means to repeat).
    const body = { ...caseBody('IDEM-TTL'), allowDuplicateReference: true };
    await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': key },
      payload: body,
    });
    const saved = now;
    try {
      now = new Date(saved.getTime() + IDEMPOTENCY_TTL_MS - 1000);
      expect(
        (
          await clinic.request({
            method: 'POST',
            url: '/v1/cases',
            headers: { 'idempotency-key': key },
            payload: body,
          })
        ).headers['idempotent-replayed'],
      ).toBe('true');
      now = new Date(saved.getTime() + IDEMPOTENCY_TTL_MS + 1000);
      const fresh = await clinic.request({
        method: 'POST',
        url: '/v1/cases',
        headers: { 'idempotency-key': key },
        payload: body,
      });
      expect(fresh.headers['idempotent-replayed']).toBe('false');
      expect(await count('Case', `reference = 'IDEM-TTL'`)).toBe(2);
      // Without the flag, the same body after the key expired is refused by the reference rule.
      const repeated = await clinic.request({
        method: 'POST',
        url: '/v1/cases',
        headers: { 'idempotency-key': randomUUID() },
        payload: caseBody('IDEM-TTL'),
      });
      expect(repeated.statusCode).toBe(409);
    } finally {
      now = saved;
    }
  });

  it('never stores a secret for replay: a replayed key creation shows the record, not the key', async () => {
    const key = randomUUID();
    const first = await clinic.request({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'idempotency-key': key },
      payload: { name: 'integration', scopes: ['read'] },
    });
    const secret = first.json<{ key: string }>().key;
    expect(secret).toMatch(/^ork_/);
    const replay = await clinic.request({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'idempotency-key': key },
      payload: { name: 'integration', scopes: ['read'] },
    });
    expect(replay.json()).toMatchObject({
      apiKey: { id: first.json<{ apiKey: { id: string } }>().apiKey.id },
      key: null,
    });
    const stored = await api.runtime.db.pool.query<{ body: string }>(
      `SELECT "responseBody" AS body FROM "IdempotencyRecord" WHERE key = $1`,
      [key],
    );
    expect(stored.rows[0]!.body).not.toContain(secret);
    expect(await count('ApiKey', `name = 'integration'`)).toBe(1);
  });

  it('rejects a malformed Idempotency-Key', async () => {
    const response = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'idempotency-key': 'has spaces in it' },
      payload: caseBody('IDEM-BAD'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ name: 'header.idempotency-key' }] });
  });
});

describe('optimistic concurrency on PATCH', () => {
  async function freshCase() {
    const created = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: caseBody(`ETAG-${randomUUID()}`),
    });
    return {
      id: created.json<{ case: { id: string } }>().case.id,
      etag: created.headers.etag as string,
    };
  }

  it('GET gives an ETag; PATCH with it succeeds and returns the next one', async () => {
    const { id } = await freshCase();
    const got = await clinic.request({ method: 'GET', url: `/v1/cases/${id}` });
    const etag = got.headers.etag as string;
    expect(etag).toMatch(/^"\d+"$/);
    const patched = await clinic.request({
      method: 'PATCH',
      url: `/v1/cases/${id}`,
      headers: { 'if-match': etag },
      payload: { status: 'CLOSED' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.headers.etag).not.toBe(etag);
    expect(patched.json()).toMatchObject({ status: 'CLOSED' });
  });

  it('428 without If-Match, 412 with a stale one; nothing changes', async () => {
    const { id, etag } = await freshCase();
    const missing = await clinic.request({
      method: 'PATCH',
      url: `/v1/cases/${id}`,
      payload: { reference: 'X' },
    });
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({
      errors: [{ name: 'header.if-match', reason: 'required' }],
    });
    await clinic.request({
      method: 'POST',
      url: `/v1/cases/${id}/events`,
      payload: { type: 'HEARING_SET', date: '2025-11-24' },
    });
    const stale = await clinic.request({
      method: 'PATCH',
      url: `/v1/cases/${id}`,
      headers: { 'if-match': etag },
      payload: { reference: 'X' },
    });
    expect(stale.statusCode).toBe(412);
    const garbage = await clinic.request({
      method: 'PATCH',
      url: `/v1/cases/${id}`,
      headers: { 'if-match': 'whatever' },
      payload: { reference: 'X' },
    });
    expect(garbage.statusCode).toBe(412);
    expect(
      (await clinic.request({ method: 'GET', url: `/v1/cases/${id}` })).json(),
    ).not.toMatchObject({ reference: 'X' });
  });

  it('of several PATCHes racing with the same ETag exactly one wins', async () => {
    const { id, etag } = await freshCase();
    const results = await Promise.all(
      ['A', 'B', 'C', 'D', 'E'].map((reference) =>
        clinic.request({
          method: 'PATCH',
          url: `/v1/cases/${id}`,
          headers: { 'if-match': etag },
          payload: { reference },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412]);
    const winner = results
      .find((r) => r.statusCode === 200)!
      .json<{ reference: string }>().reference;
    expect((await clinic.request({ method: 'GET', url: `/v1/cases/${id}` })).json()).toMatchObject({
      reference: winner,
    });
  });
});

describe('If-Match on every PATCH (advocates and webhook endpoints too; RFC 9110 §13.1.1)', () => {
  const resources = {
    advocate: {
      create: () =>
        clinic.request({ method: 'POST', url: '/v1/advocates', payload: { displayName: 'A' } }),
      idOf: (body: Record<string, { id: string }>) => (body as unknown as { id: string }).id,
      url: (id: string) => `/v1/advocates/${id}`,
      change: (n: number) => ({ displayName: `Advocate ${n}` }),
      changed: (body: Record<string, unknown>, n: number) => body.displayName === `Advocate ${n}`,
    },
    'webhook endpoint': {
      create: () =>
        clinic.request({
          method: 'POST',
          url: '/v1/webhook-endpoints',
          payload: { url: 'https://hooks.clinic.example/etag' },
        }),
      idOf: (body: Record<string, { id: string }>) => body.webhookEndpoint!.id,
      url: (id: string) => `/v1/webhook-endpoints/${id}`,
      change: (n: number) => ({ description: `Endpoint ${n}` }),
      changed: (body: Record<string, unknown>, n: number) => body.description === `Endpoint ${n}`,
    },
  };

  for (const [name, resource] of Object.entries(resources)) {
    it(`${name}: 428 without If-Match, 412 stale, weak or for another version; nothing changes`, async () => {
      const created = await resource.create();
      expect(created.statusCode, created.body).toBe(201);
      const url = resource.url(resource.idOf(created.json()));
      const got = await clinic.request({ method: 'GET', url });
      const etag = got.headers.etag as string;
      expect(etag).toMatch(/^"\d+"$/);
      const patch = (headers: Record<string, string>, n: number) =>
        clinic.request({ method: 'PATCH', url, headers, payload: resource.change(n) });

      const missing = await patch({}, 1);
      expect(missing.statusCode).toBe(428);
      expect(missing.json()).toMatchObject({
        errors: [{ name: 'header.if-match', reason: 'required' }],
      });
      expect((await patch({ 'if-match': `W/${etag}` }, 2)).statusCode).toBe(412);
      expect((await patch({ 'if-match': '"999"' }, 3)).statusCode).toBe(412);
      expect((await patch({ 'if-match': 'garbage' }, 4)).statusCode).toBe(412);
      const current = (await clinic.request({ method: 'GET', url })).json();
      for (const n of [1, 2, 3, 4]) expect(resource.changed(current, n)).toBe(false);

      const ok = await patch({ 'if-match': `"998", ${etag}` }, 5);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(resource.changed(ok.json(), 5)).toBe(true);
      expect(ok.headers.etag).not.toBe(etag);
      expect(ok.headers.etag).toBe((await clinic.request({ method: 'GET', url })).headers.etag);
      const stale = await patch({ 'if-match': etag }, 6);
      expect(stale.statusCode).toBe(412);
      expect(resource.changed((await clinic.request({ method: 'GET', url })).json(), 6)).toBe(
        false,
      );
    });

    it(`${name}: If-Match: * applies to the current version, and is a 412 when there is none`, async () => {
      const created = await resource.create();
      const url = resource.url(resource.idOf(created.json()));
      const star = await clinic.request({
        method: 'PATCH',
        url,
        headers: { 'if-match': '*' },
        payload: resource.change(7),
      });
      expect(star.statusCode, star.body).toBe(200);
      expect(resource.changed(star.json(), 7)).toBe(true);
      const absent = await clinic.request({
        method: 'PATCH',
        url: resource.url(randomUUID()),
        headers: { 'if-match': '*' },
        payload: resource.change(8),
      });
      expect(absent.statusCode).toBe(412);
      const absentByTag = await clinic.request({
        method: 'PATCH',
        url: resource.url(randomUUID()),
        headers: { 'if-match': '"1"' },
        payload: resource.change(8),
      });
      expect(absentByTag.statusCode).toBe(404);
    });
  }
});

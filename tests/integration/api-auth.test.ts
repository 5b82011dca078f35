// API keys (shown once, stored hashed, prefixed, scoped, revocable, last-used), the audit
// log, rate limits, security headers and logs that hold no secrets or party data.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime } from '../../src/runtime.js';
import { loadConfig } from '../../src/config.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let api: TestApi;
let clinic: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  clinic = await createTenant(api);
});
afterAll(() => api.close());

async function newKey(scopes: string[], name = 'k') {
  const response = await clinic.request({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { name, scopes },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ apiKey: { id: string; prefix: string }; key: string }>();
}

describe('API keys', () => {
  it('are shown once, stored only as a SHA-256 hash, listed by prefix', async () => {
    const { apiKey, key } = await newKey(['read'], 'reporting');
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    const rows = await api.runtime.db.pool.query<{ row: string; hash: Buffer }>(
      `SELECT t::text AS row, "secretHash" AS hash FROM "ApiKey" t WHERE id = $1`,
      [apiKey.id],
    );
    expect(rows.rows[0]!.row).not.toContain(key.slice(apiKey.prefix.length + 1));
    expect(rows.rows[0]!.hash.equals(createHash('sha256').update(key).digest())).toBe(true);
    const listed = await clinic.request({ method: 'GET', url: '/v1/api-keys' });
    expect(listed.body).toContain(apiKey.prefix);
    expect(listed.body).not.toContain(key);
    expect(
      listed.json<{ items: object[] }>().items.find((k) => (k as { id: string }).id === apiKey.id),
    ).toMatchObject({ name: 'reporting', scopes: ['read'], revokedAt: null });
  });

  it('enforce scopes: read cannot write, write cannot administer', async () => {
    const reader = await newKey(['read']);
    const writer = await newKey(['write']);
    expect(
      (await clinic.request({ method: 'GET', url: '/v1/cases', key: reader.key })).statusCode,
    ).toBe(200);
    const denied = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      key: reader.key,
      payload: { family: 'DV', court: 'CA', reference: 'no' },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ detail: expect.stringContaining('"write"') });
    expect(
      (
        await clinic.request({
          method: 'POST',
          url: '/v1/cases',
          key: writer.key,
          payload: { family: 'DV', court: 'CA', reference: 'yes' },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await clinic.request({ method: 'GET', url: '/v1/api-keys', key: writer.key })).statusCode,
    ).toBe(403);
    expect(
      (await clinic.request({ method: 'GET', url: '/v1/audit-events', key: writer.key }))
        .statusCode,
    ).toBe(403);
  });

  it('reject missing, malformed, mistyped and unknown keys with 401 and a challenge', async () => {
    const { key } = await newKey(['read']);
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const authorization of [
      undefined,
      'Basic abc',
      'Bearer',
      `Bearer ${wrong}`,
      'Bearer ork_0000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `bearer ${key}x`,
    ]) {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/cases',
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="orderly"');
    }
  });

  it('revocation takes effect on the very next request, in this process and in another one sharing the database', async () => {
    // A second API process on the same database, which has already used (and cached) the key.
    const config = loadConfig({
      DATABASE_URL: api.database.url,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const otherRuntime = await openRuntime(config, createLogger('silent'), { migrate: false });
    const other = await buildApp(otherRuntime);
    try {
      const { apiKey, key } = await newKey(['read']);
      const asKey = { authorization: `Bearer ${key}` };
      expect((await other.inject({ url: '/v1/cases', headers: asKey })).statusCode).toBe(200);
      expect((await api.app.inject({ url: '/v1/cases', headers: asKey })).statusCode).toBe(200);
      const revoked = await clinic.request({
        method: 'POST',
        url: `/v1/api-keys/${apiKey.id}/revoke`,
      });
      expect(revoked.json()).toMatchObject({ revokedAt: expect.any(String) });
      expect((await api.app.inject({ url: '/v1/cases', headers: asKey })).statusCode).toBe(401);
      // NOTIFY reaches the other process's cache within moments.
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 401; attempt++) {
        status = (await other.inject({ url: '/v1/cases', headers: asKey })).statusCode;
        if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(401);
    } finally {
      await other.close();
      await otherRuntime.close();
    }
  });

  it('record when they were last used', async () => {
    const { apiKey, key } = await newKey(['read']);
    await clinic.request({ method: 'GET', url: '/v1/organization', key });
    let lastUsedAt: string | null = null;
    for (let attempt = 0; attempt < 50 && !lastUsedAt; attempt++) {
      const listed = await clinic.request({ method: 'GET', url: '/v1/api-keys' });
      lastUsedAt = listed
        .json<{ items: { id: string; lastUsedAt: string | null }[] }>()
        .items.find((k) => k.id === apiKey.id)!.lastUsedAt;
      if (!lastUsedAt) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(lastUsedAt).toEqual(expect.any(String));
  });
});

describe('audit log', () => {
  it('has a row for every write, naming the key, and only admins can read it', async () => {
    const writer = await newKey(['write'], 'caseworker');
    const created = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      key: writer.key,
      payload: { family: 'CH', court: 'CA', reference: 'AUD-1', respondentLabel: 'Respondent Z' },
    });
    const caseId = created.json<{ case: { id: string } }>().case.id;
    await clinic.request({
      method: 'POST',
      url: `/v1/cases/${caseId}/events`,
      key: writer.key,
      payload: { type: 'PETITION_FILED', date: '2026-01-28' },
    });
    const log = await clinic.request({ method: 'GET', url: '/v1/audit-events?limit=10' });
    const items = log.json<{
      items: {
        action: string;
        actor: string;
        apiKeyId: string;
        targetId: string;
        requestId: string;
        at: string;
      }[];
    }>().items;
    expect(items.slice(0, 2).map((i) => i.action)).toEqual(['event.record', 'case.create']);
    for (const item of items.slice(0, 2)) {
      expect(item).toMatchObject({
        actor: `api-key ${writer.apiKey.prefix}`,
        apiKeyId: writer.apiKey.id,
        requestId: expect.any(String),
      });
    }
    expect(items[1]!.targetId).toBe(caseId);
    expect(log.body).not.toContain('Respondent Z');
  });
});

describe('limits and headers', () => {
  it('rate-limits per key', async () => {
    const limited = await startTestApi({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const tenant = await createTenant(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (await tenant.request({ method: 'GET', url: '/v1/organization' })).statusCode,
        );
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const blocked = await tenant.request({ method: 'GET', url: '/v1/organization' });
      expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // The budget covers every route the key calls.
      const second = await tenant.request({
        method: 'POST',
        url: '/v1/api-keys',
        payload: { name: 'x', scopes: ['read'] },
      });
      expect(second.statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('throttles repeated failed authentication from one address, never a valid key', async () => {
    const guarded = await startTestApi({ env: { AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const tenant = await createTenant(guarded);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (
            await guarded.app.inject({
              url: '/v1/cases',
              headers: { authorization: `Bearer ork_${'0'.repeat(10)}_${'A'.repeat(43)}` },
            })
          ).statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect((await tenant.request({ method: 'GET', url: '/v1/cases' })).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('sends security headers, and no CORS headers unless origins are configured', async () => {
    const response = await clinic.request({
      method: 'GET',
      url: '/v1/organization',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['strict-transport-security']).toEqual(expect.any(String));
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();

    const withCors = await startTestApi({ env: { CORS_ORIGINS: 'https://clinic.example.org' } });
    try {
      const preflight = await withCors.app.inject({
        method: 'OPTIONS',
        url: '/v1/cases',
        headers: { origin: 'https://clinic.example.org', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBe('https://clinic.example.org');
      const other = await withCors.app.inject({
        method: 'OPTIONS',
        url: '/v1/cases',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await withCors.close();
    }
  });

  it('serves a browsable API reference at /docs from the same document', async () => {
    const page = await api.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const json = await api.app.inject({ url: '/docs/json' });
    expect(json.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Orderly API' } });
  });

  it('logs hold neither keys nor party data', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()),
    });
    const config = loadConfig({
      DATABASE_URL: api.database.url,
      LOG_LEVEL: 'trace',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const runtime = await openRuntime(config, createLogger('trace', sink), { migrate: false });
    const app = await buildApp(runtime);
    try {
      const headers = {
        authorization: `Bearer ${clinic.adminKey}`,
        'idempotency-key': 'idem-secret-123',
      };
      const created = await app.inject({
        method: 'POST',
        url: '/v1/cases',
        headers,
        payload: {
          family: 'DV',
          court: 'CA',
          reference: 'LOG-1',
          petitionerLabel: 'Petitioner Q',
          respondentLabel: 'Respondent Q',
          courtCaseNumber: '25FL00042',
        },
      });
      expect(created.statusCode).toBe(201);
      await app.inject({
        method: 'POST',
        url: '/v1/cases',
        headers,
        payload: {
          family: 'DV',
          court: 'CA-nowhere',
          reference: 'LOG-2',
          respondentLabel: 'Respondent Q',
        },
      });
      await app.inject({ url: '/feeds/ofd_0123456789_secretsecretsecret.ics' });
      const text = lines.join('');
      expect(text).toContain('request completed'); // the log is not just empty
      for (const secret of [
        clinic.adminKey,
        'idem-secret-123',
        'Petitioner Q',
        'Respondent Q',
        '25FL00042',
        'secretsecretsecret',
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await app.close();
      await runtime.close();
    }
  });
});

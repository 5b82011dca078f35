// Managing feed URLs through /v1/feeds: tokens are shown once, stored only as hashes, listed
// by prefix; revocation and rotation; another organization's ids are 404 and change nothing.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let api: TestApi;
let clinic: Tenant;
let other: Tenant;
let db: pg.Client;
beforeAll(async () => {
  api = await startTestApi({ env: { PUBLIC_BASE_URL: 'https://cal.clinic.example/orderly/' } });
  clinic = await createTenant(api, 'Clinic');
  other = await createTenant(api, 'Other clinic');
  db = new pg.Client({ connectionString: api.database.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await api.close();
});

const TOKEN = /^ofd_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/;

interface FeedJson {
  id: string;
  scope: string;
  caseId: string | null;
  advocateId: string | null;
  privacy: string;
  label: string | null;
  prefix: string;
  lastFetchedAt: string | null;
  revokedAt: string | null;
}
interface Created {
  feed: FeedJson;
  token: string | null;
  url: string | null;
  webcalUrl: string | null;
}

async function newCase(tenant: Tenant): Promise<string> {
  const response = await tenant.request({
    method: 'POST',
    url: '/v1/cases',
    payload: { family: 'DV', court: 'CA', reference: `R-${Math.random()}` },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ case: { id: string } }>().case.id;
}

async function newAdvocate(tenant: Tenant): Promise<string> {
  const response = await tenant.request({
    method: 'POST',
    url: '/v1/advocates',
    payload: { displayName: 'Advocate' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function createFeed(tenant: Tenant, payload: object, headers: Record<string, string> = {}) {
  return tenant.request({ method: 'POST', url: '/v1/feeds', payload, headers });
}

const feedRows = async () =>
  (
    await db.query<{ id: string; prefix: string; tokenHash: Buffer; revokedAt: Date | null }>(
      'SELECT * FROM "FeedToken"',
    )
  ).rows;

describe('creating a feed URL', () => {
  it('returns the token once, with https and webcal URLs on PUBLIC_BASE_URL; the database keeps only its hash', async () => {
    const caseId = await newCase(clinic);
    const response = await createFeed(clinic, { scope: 'CASE', caseId, label: 'front desk' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const created = response.json<Created>();
    expect(response.headers.location).toBe(`/v1/feeds/${created.feed.id}`);
    expect(created.token).toMatch(TOKEN);
    expect(created.feed).toMatchObject({
      scope: 'CASE',
      caseId,
      advocateId: null,
      privacy: 'neutral',
      label: 'front desk',
      prefix: created.token!.slice(0, 14),
      lastFetchedAt: null,
      revokedAt: null,
    });
    expect(created.url).toBe(`https://cal.clinic.example/orderly/feeds/${created.token}.ics`);
    expect(created.webcalUrl).toBe(
      `webcal://cal.clinic.example/orderly/feeds/${created.token}.ics`,
    );

    const secret = created.token!.slice(15);
    const row = (await feedRows()).find((r) => r.id === created.feed.id)!;
    expect(Buffer.from(row.tokenHash)).toEqual(
      createHash('sha256').update(created.token!).digest(),
    );
    const dump = JSON.stringify(
      (await db.query('SELECT * FROM "FeedToken" WHERE id = $1', [created.feed.id])).rows,
    );
    expect(dump).not.toContain(secret);
  });

  it('lists prefixes, never tokens, and filters by case, advocate and scope', async () => {
    const caseId = await newCase(clinic);
    const advocateId = await newAdvocate(clinic);
    const a = (await createFeed(clinic, { scope: 'CASE', caseId })).json<Created>();
    const b = (
      await createFeed(clinic, { scope: 'ADVOCATE', advocateId, privacy: 'busy' })
    ).json<Created>();
    const c = (
      await createFeed(clinic, { scope: 'ORGANIZATION', privacy: 'full' })
    ).json<Created>();
    const all = await clinic.request({ method: 'GET', url: '/v1/feeds?limit=200' });
    expect(all.statusCode).toBe(200);
    for (const created of [a, b, c]) {
      expect(all.body).toContain(created.feed.prefix);
      expect(all.body).not.toContain(created.token!.slice(15));
    }
    const byCase = await clinic.request({ method: 'GET', url: `/v1/feeds?caseId=${caseId}` });
    expect(byCase.json<{ items: FeedJson[] }>().items.map((f) => f.id)).toEqual([a.feed.id]);
    const byAdvocate = await clinic.request({
      method: 'GET',
      url: `/v1/feeds?advocateId=${advocateId}`,
    });
    expect(byAdvocate.json<{ items: FeedJson[] }>().items).toEqual([
      expect.objectContaining({ id: b.feed.id, privacy: 'busy' }),
    ]);
    const org = await clinic.request({ method: 'GET', url: '/v1/feeds?scope=ORGANIZATION' });
    expect(org.json<{ items: FeedJson[] }>().items.map((f) => f.id)).toContain(c.feed.id);
    const one = await clinic.request({ method: 'GET', url: `/v1/feeds/${c.feed.id}` });
    expect(one.json()).toEqual(c.feed);
  });

  it('pages the listing', async () => {
    for (let i = 0; i < 3; i++) await createFeed(clinic, { scope: 'ORGANIZATION' });
    const first = await clinic.request({ method: 'GET', url: '/v1/feeds?limit=2' });
    const page = first.json<{ items: FeedJson[]; nextCursor: string }>();
    expect(page.items).toHaveLength(2);
    const second = await clinic.request({
      method: 'GET',
      url: `/v1/feeds?limit=2&cursor=${page.nextCursor}`,
    });
    expect(second.json<{ items: FeedJson[] }>().items[0]!.id > page.items[1]!.id).toBe(true);
  });

  it('needs the target its scope names, and no other', async () => {
    const caseId = await newCase(clinic);
    const cases: [object, string][] = [
      [{ scope: 'CASE' }, 'body.caseId'],
      [{ scope: 'ADVOCATE' }, 'body.advocateId'],
      [{ scope: 'ORGANIZATION', caseId }, 'body.caseId'],
      [{ scope: 'ADVOCATE', caseId, advocateId: caseId }, 'body.caseId'],
      [{ scope: 'CASE', caseId, privacy: 'secret' }, 'body.privacy'],
      [{ scope: 'CASE', caseId, token: 'mine' }, 'body.token'],
    ];
    for (const [payload, field] of cases) {
      const response = await createFeed(clinic, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ errors: { name: string }[] }>().errors.map((e) => e.name)).toContain(
        field,
      );
    }
  });

  it('needs the write scope', async () => {
    const key = await clinic.request({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { name: 'reader', scopes: ['read'] },
    });
    const reader = key.json<{ key: string }>().key;
    expect(
      (
        await clinic.request({
          method: 'POST',
          url: '/v1/feeds',
          key: reader,
          payload: { scope: 'ORGANIZATION' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await clinic.request({ method: 'GET', url: '/v1/feeds', key: reader })).statusCode,
    ).toBe(403);
    expect((await clinic.request({ method: 'GET', url: '/v1/feeds', key: null })).statusCode).toBe(
      401,
    );
  });

  it('keeps the token out of Idempotency-Key replays and of the stored response', async () => {
    const headers = { 'idempotency-key': `feed-${Math.random()}` };
    const first = await createFeed(clinic, { scope: 'ORGANIZATION' }, headers);
    const replay = await createFeed(clinic, { scope: 'ORGANIZATION' }, headers);
    const created = first.json<Created>();
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<Created>()).toEqual({
      feed: created.feed,
      token: null,
      url: null,
      webcalUrl: null,
    });
    const stored = await db.query('SELECT "responseBody" FROM "IdempotencyRecord"');
    expect(JSON.stringify(stored.rows)).not.toContain(created.token!.slice(15));
  });

  it('is audited with the prefix, never the token', async () => {
    const created = (
      await createFeed(clinic, { scope: 'ORGANIZATION', label: 'audit me' })
    ).json<Created>();
    const log = await clinic.request({ method: 'GET', url: '/v1/audit-events?limit=200' });
    const entry = log
      .json<{ items: { action: string; targetId: string; details: object }[] }>()
      .items.find((e) => e.action === 'feed.create' && e.targetId === created.feed.id);
    expect(entry?.details).toEqual({
      prefix: created.feed.prefix,
      scope: 'ORGANIZATION',
      privacy: 'neutral',
    });
    expect(log.body).not.toContain(created.token!.slice(15));
  });
});

describe('revoking and rotating', () => {
  it('revokes once (a second revoke keeps the first time); rotation revokes and issues a new token for the same calendar', async () => {
    const caseId = await newCase(clinic);
    const created = (
      await createFeed(clinic, { scope: 'CASE', caseId, privacy: 'busy', label: 'phone' })
    ).json<Created>();
    const rotated = await clinic.request({
      method: 'POST',
      url: `/v1/feeds/${created.feed.id}/rotate`,
    });
    expect(rotated.statusCode, rotated.body).toBe(201);
    const next = rotated.json<Created & { replaced: FeedJson }>();
    expect(next.token).toMatch(TOKEN);
    expect(next.token).not.toBe(created.token);
    expect(next.replaced).toMatchObject({ id: created.feed.id, revokedAt: expect.any(String) });
    expect(next.feed).toMatchObject({
      scope: 'CASE',
      caseId,
      privacy: 'busy',
      label: 'phone',
      revokedAt: null,
    });
    expect(next.url).toContain(`/feeds/${next.token}.ics`);

    const again = await clinic.request({
      method: 'POST',
      url: `/v1/feeds/${created.feed.id}/revoke`,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<FeedJson>().revokedAt).toBe(next.replaced.revokedAt);
    const rotateRevoked = await clinic.request({
      method: 'POST',
      url: `/v1/feeds/${created.feed.id}/rotate`,
    });
    expect(rotateRevoked.statusCode).toBe(409);
  });
});

describe('tenancy', () => {
  it("another organization's case, advocate or feed is 404, and nothing changes", async () => {
    const theirCase = await newCase(other);
    const theirAdvocate = await newAdvocate(other);
    const theirFeed = (
      await createFeed(other, { scope: 'CASE', caseId: theirCase })
    ).json<Created>();
    const before = await feedRows();

    expect((await createFeed(clinic, { scope: 'CASE', caseId: theirCase })).statusCode).toBe(404);
    expect(
      (await createFeed(clinic, { scope: 'ADVOCATE', advocateId: theirAdvocate })).statusCode,
    ).toBe(404);
    for (const [method, url] of [
      ['GET', `/v1/feeds/${theirFeed.feed.id}`],
      ['POST', `/v1/feeds/${theirFeed.feed.id}/revoke`],
      ['POST', `/v1/feeds/${theirFeed.feed.id}/rotate`],
    ] as const) {
      const response = await clinic.request({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const listed = await clinic.request({ method: 'GET', url: `/v1/feeds?caseId=${theirCase}` });
    expect(listed.json<{ items: unknown[] }>().items).toEqual([]);
    expect(await feedRows()).toEqual(before);
    // Their URL still works.
    const feed = await api.app.inject({ method: 'GET', url: `/feeds/${theirFeed.token}.ics` });
    expect(feed.statusCode).toBe(200);
  });
});

// Feeds do not outlive who made them (#11): a feed records its creator (API key or person) and
// is revoked with them; the whole organization's calendar and the `full` level need admin;
// a feed may carry an expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { changePerson, invitePerson } from '../../src/services/accounts.js';
import type { RequestContext } from '../../src/services/context.js';
import { createFeed } from '../../src/services/feeds.js';
import { actorOfUser } from '../../src/services/accounts.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { TestClock } from '../support/reminders.js';

const clock = new TestClock(new Date('2027-03-01T18:00:00Z'));
let api: TestApi;
let clinic: Tenant;
beforeAll(async () => {
  api = await startTestApi({ clock });
  clinic = await createTenant(api, 'Clinic');
});
afterAll(async () => {
  await api.close();
});

async function newKey(scopes: string[]): Promise<{ id: string; key: string }> {
  const response = await clinic.request({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { name: `key-${scopes.join('-')}-${Math.random()}`, scopes },
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<{ apiKey: { id: string }; key: string }>();
  return { id: body.apiKey.id, key: body.key };
}

async function newCase(): Promise<string> {
  const response = await clinic.request({
    method: 'POST',
    url: '/v1/cases',
    payload: { family: 'DV', court: 'CA', reference: `R-${Math.random()}` },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ case: { id: string } }>().case.id;
}

interface FeedJson {
  id: string;
  revokedAt: string | null;
  expiresAt: string | null;
  createdByApiKeyId: string | null;
  createdByUserId: string | null;
}

async function feedBy(key: string, payload: object) {
  return clinic.request({ method: 'POST', url: '/v1/feeds', payload, key });
}

async function fetchFeed(token: string): Promise<number> {
  return (await api.app.inject({ method: 'GET', url: `/feeds/${token}.ics` })).statusCode;
}

const feedOf = async (id: string): Promise<FeedJson> =>
  (await clinic.request({ method: 'GET', url: `/v1/feeds/${id}` })).json<FeedJson>();

describe('who may make which feed', () => {
  it('a write-scope key gets 403 naming the field for the organization calendar or the full level', async () => {
    const writer = await newKey(['write']);
    const caseId = await newCase();
    const organization = await feedBy(writer.key, { scope: 'ORGANIZATION' });
    expect(organization.statusCode).toBe(403);
    expect(organization.json<{ errors: { name: string }[] }>().errors).toEqual([
      expect.objectContaining({ name: 'body.scope' }),
    ]);
    const full = await feedBy(writer.key, { scope: 'CASE', caseId, privacy: 'full' });
    expect(full.statusCode).toBe(403);
    expect(full.json<{ errors: { name: string }[] }>().errors).toEqual([
      expect.objectContaining({ name: 'body.privacy' }),
    ]);
    // What an advocate's key may do still works.
    const neutral = await feedBy(writer.key, { scope: 'CASE', caseId });
    expect(neutral.statusCode, neutral.body).toBe(201);
    // Rotating an admin's organization feed is the same act as making one.
    const adminFeed = await feedBy(clinic.adminKey, { scope: 'ORGANIZATION' });
    const rotate = await clinic.request({
      method: 'POST',
      url: `/v1/feeds/${adminFeed.json<{ feed: FeedJson }>().feed.id}/rotate`,
      key: writer.key,
    });
    expect(rotate.statusCode).toBe(403);
  });
});

describe('a feed is revoked with the key that made it', () => {
  it('revoking the key stops its feeds at once, and no other feed', async () => {
    const maker = await newKey(['admin']);
    const caseId = await newCase();
    const made = await feedBy(maker.key, { scope: 'ORGANIZATION', privacy: 'full' });
    expect(made.statusCode, made.body).toBe(201);
    const { feed, token } = made.json<{ feed: FeedJson; token: string }>();
    expect(feed.createdByApiKeyId).toBe(maker.id);
    const otherFeed = (await feedBy(clinic.adminKey, { scope: 'CASE', caseId })).json<{
      token: string;
    }>();
    expect(await fetchFeed(token)).toBe(200);
    expect(await fetchFeed(otherFeed.token)).toBe(200);

    const revoke = await clinic.request({
      method: 'POST',
      url: `/v1/api-keys/${maker.id}/revoke`,
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    // The NOTIFY reaches this process's listener (the route evicts only the key itself).
    await expect.poll(() => fetchFeed(token), { timeout: 10_000 }).toBe(404);
    expect((await feedOf(feed.id)).revokedAt).not.toBeNull();
    expect(await fetchFeed(otherFeed.token)).toBe(200);
  });
});

describe('a feed is revoked with the person who made it', () => {
  async function person(role: 'admin' | 'advocate') {
    const cli: RequestContext = {
      actor: {
        organizationId: clinic.organizationId,
        apiKeyId: null,
        label: 'cli',
        scopes: ['admin'],
      },
      requestId: null,
      now: clock.now(),
    };
    const { user } = await inTransaction(api.runtime.db, (tx) =>
      invitePerson(
        tx,
        cli,
        { email: `p${Math.random().toString(36).slice(2)}@clinic.example`, role },
        { publicBaseUrl: 'http://localhost:3000', sessionIdleMs: 60_000, sessionMaxMs: 3_600_000 },
      ),
    );
    const asUser: RequestContext = { actor: actorOfUser(user), requestId: null, now: clock.now() };
    return { user, asUser, cli };
  }

  it('disabling the person stops their feeds', async () => {
    const { user, asUser, cli } = await person('admin');
    const { feed, token } = await inTransaction(api.runtime.db, (tx) =>
      createFeed(tx, asUser, { scope: 'ORGANIZATION', privacy: 'full' }),
    );
    expect(feed.createdByUserId).toBe(user.id);
    expect(await fetchFeed(token)).toBe(200);
    await inTransaction(api.runtime.db, (tx) => changePerson(tx, cli, user.id, { disabled: true }));
    await expect.poll(() => fetchFeed(token), { timeout: 10_000 }).toBe(404);
  });

  it('an admin made an advocate keeps only the feeds an advocate may make', async () => {
    const { user, asUser, cli } = await person('admin');
    const caseId = await newCase();
    const [whole, neutral] = await inTransaction(api.runtime.db, async (tx) => [
      await createFeed(tx, asUser, { scope: 'ORGANIZATION' }),
      await createFeed(tx, asUser, { scope: 'CASE', caseId }),
    ]);
    await inTransaction(api.runtime.db, (tx) =>
      changePerson(tx, cli, user.id, { role: 'advocate' }),
    );
    await expect.poll(() => fetchFeed(whole.token), { timeout: 10_000 }).toBe(404);
    expect(await fetchFeed(neutral.token)).toBe(200);
  });
});

describe('feeds can expire', () => {
  it('serves until expiresAt, then 404; a past expiry is refused', async () => {
    const caseId = await newCase();
    const past = await feedBy(clinic.adminKey, {
      scope: 'CASE',
      caseId,
      expiresAt: '2027-03-01T17:59:59Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json<{ errors: { name: string }[] }>().errors).toEqual([
      expect.objectContaining({ name: 'body.expiresAt' }),
    ]);

    const made = await feedBy(clinic.adminKey, {
      scope: 'CASE',
      caseId,
      expiresAt: '2027-03-02T18:00:00Z',
    });
    expect(made.statusCode, made.body).toBe(201);
    const { feed, token } = made.json<{ feed: FeedJson; token: string }>();
    expect(feed.expiresAt).toBe('2027-03-02T18:00:00.000Z');
    expect(await fetchFeed(token)).toBe(200);
    clock.set(new Date('2027-03-02T18:00:01Z'));
    try {
      // Cached in this process a moment ago: the expiry is checked on every request.
      expect(await fetchFeed(token)).toBe(404);
    } finally {
      clock.set(new Date('2027-03-01T18:00:00Z'));
    }
    // A rotation keeps the expiry.
    const rotated = await clinic.request({ method: 'POST', url: `/v1/feeds/${feed.id}/rotate` });
    expect(rotated.statusCode, rotated.body).toBe(201);
    expect(rotated.json<{ feed: FeedJson }>().feed.expiresAt).toBe('2027-03-02T18:00:00.000Z');
  });
});

// Two organizations with data: the one the harness acts as, and another whose data must
// never be reachable from the first (the fuzzer's and the load test's fixtures).
import { randomUUID } from 'node:crypto';
import { call, type ProofEnv, type ServerHandle, type Tenant } from './env.js';

export interface Seeded {
  tenant: Tenant;
  caseIds: string[];
  /** Every id the organization owns, from every table (for the cross-tenant oracle). */
  allIds: string[];
  /** Strings that identify its data: reference, party labels, names. */
  markers: string[];
  feedTokens: string[];
}

const day = (offset: number) => new Date(Date.UTC(2026, 0, 5 + offset)).toISOString().slice(0, 10);

export function dvEvents(shift = 0) {
  return [
    { type: 'TRO_GRANTED', date: day(shift) },
    { type: 'HEARING_SET', date: day(shift + 21), time: '08:30' },
    { type: 'SERVED', date: day(shift + 10), method: 'PERSONAL' },
  ];
}

/** Creates a clinic with cases, events, an advocate, a key, and (when those routes exist) a feed, a contact and a webhook endpoint. */
export async function seedOrganization(
  env: ProofEnv,
  server: ServerHandle,
  name: string,
  cases = 3,
): Promise<Seeded> {
  const tenant = await env.createTenant(name);
  const tag = `${name.replace(/\W/g, '').toUpperCase()}-${randomUUID().slice(0, 8)}`;
  const markers = [
    `REF-${tag}`,
    `PETITIONER-${tag}`,
    `RESPONDENT-${tag}`,
    `ADVOCATE-${tag}`,
    `${tag.toLowerCase()}@example.org`,
    `FEED-${tag}`,
    `CASENO-${tag}`,
  ];
  const post = (url: string, body: unknown) => call(server.baseUrl, tenant.key, 'POST', url, body);
  const advocate = await post('/v1/advocates', { displayName: markers[3], email: markers[4] });
  const advocateId = advocate.json<{ id: string }>().id;
  const caseIds: string[] = [];
  for (let i = 0; i < cases; i++) {
    const created = await post('/v1/cases', {
      family: 'DV',
      court: 'CA',
      reference: `${markers[0]}-${i}`,
      petitionerLabel: markers[1],
      respondentLabel: markers[2],
      courtCaseNumber: markers[6],
      advocateIds: [advocateId],
      events: dvEvents(i * 7),
    });
    if (created.status !== 201)
      throw new Error(`seeding ${name}: ${created.status} ${created.text}`);
    caseIds.push(created.json<{ case: { id: string } }>().case.id);
  }
  await post(`/v1/cases/${caseIds[0]}/events`, { type: 'HEARING_CONTINUED', date: day(40) });
  await post('/v1/api-keys', { name: `reader-${tag}`, scopes: ['read'] });
  const feedTokens: string[] = [];
  for (const body of [
    { scope: 'CASE', caseId: caseIds[0], label: markers[5] },
    { scope: 'ORGANIZATION', label: markers[5] },
    { scope: 'ADVOCATE', advocateId },
  ]) {
    const feed = await post('/v1/feeds', body);
    if (feed.status === 201) feedTokens.push(feed.json<{ token: string }>().token);
  }
  // Optional parts (reminders): ignored when the routes or shapes differ.
  await post(`/v1/cases/${caseIds[0]}/contacts`, {
    channel: 'EMAIL',
    address: markers[4],
    locale: 'es',
    consent: true,
  });
  await post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook', description: markers[5] });

  const allIds = await idsOf(env, tenant.organizationId);
  return { tenant, caseIds, allIds, markers, feedTokens };
}

/** Every UUID the organization owns, across every table that has an organizationId column. */
export async function idsOf(env: ProofEnv, organizationId: string): Promise<string[]> {
  const tables = await env.admin.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'organizationId'`,
  );
  const ids = new Set<string>([organizationId]);
  for (const { table } of tables.rows) {
    const hasId = await env.admin.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'id'`,
      [table],
    );
    if (hasId.rowCount === 0) continue;
    const rows = await env.admin.query<{ id: string }>(
      `SELECT id::text AS id FROM "${table}" WHERE "organizationId" = $1`,
      [organizationId],
    );
    for (const row of rows.rows) ids.add(row.id);
  }
  return [...ids];
}

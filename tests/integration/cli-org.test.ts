// `npm run --silent orderly -- org create "Name"`: the real command creates an organization
// and prints its first admin key once; the key works against the API; only its hash is kept.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { startTestApi, type TestApi } from '../support/api.js';

const run = promisify(execFile);
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const orderly = (args: string[]) =>
  run('npm', ['run', '--silent', 'orderly', '--', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: api.database.url, LOG_LEVEL: 'warn' },
  });

describe('orderly org create', () => {
  it('prints the organization and its admin key once; the key works and is stored hashed', async () => {
    const { stdout, stderr } = await orderly(['org', 'create', 'Valley Legal Aid']);
    const created = JSON.parse(stdout) as {
      organization: { id: string; name: string };
      apiKey: { prefix: string; scopes: string[] };
      key: string;
    };
    expect(created.organization.name).toBe('Valley Legal Aid');
    expect(created.apiKey.scopes).toEqual(['admin']);
    expect(created.key.startsWith(`${created.apiKey.prefix}_`)).toBe(true);
    expect(stderr).toMatch(/shown only once/);

    const me = await api.app.inject({
      url: '/v1/organization',
      headers: { authorization: `Bearer ${created.key}` },
    });
    expect(me.json()).toMatchObject({ id: created.organization.id, name: 'Valley Legal Aid' });

    const stored = await api.runtime.db.pool.query<{ hash: Buffer; row: string }>(
      `SELECT "secretHash" AS hash, t::text AS row FROM "ApiKey" t WHERE prefix = $1`,
      [created.apiKey.prefix],
    );
    expect(stored.rows[0]!.hash.equals(createHash('sha256').update(created.key).digest())).toBe(
      true,
    );
    expect(stored.rows[0]!.row).not.toContain(created.key);
    const audit = await api.runtime.db.pool.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM "AuditEvent" WHERE "organizationId" = $1 ORDER BY id`,
      [created.organization.id],
    );
    expect(audit.rows).toEqual([
      { action: 'organization.create', actor: 'cli' },
      { action: 'api_key.create', actor: 'cli' },
    ]);
  });

  it('exits 2 with usage for a missing name', async () => {
    const failure = await orderly(['org', 'create']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: usage: orderly org create/),
    });
  });
});

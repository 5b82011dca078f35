// The operator's commands, spawned from the compiled dist/ (`npm run orderly` runs the same file;
// tests/integration/cli-org.test.ts goes through npm):
// `org list`, `key create|list|revoke` (a lost admin key is replaced without the API). Each prints
// JSON on stdout and, on error, exits non-zero with one line on stderr.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { startTestApi, type TestApi } from '../support/api.js';

const run = promisify(execFile);
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function orderly(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const clean = (s: string) =>
    s
      .split('\n')
      .filter((l) => l !== '')
      .join('\n');
  try {
    const entry = join(PROJECT_ROOT, 'dist/src/cli/orderly.js');
    const { stdout, stderr } = await run(process.execPath, [entry, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: api.database.url, LOG_LEVEL: 'warn', ...env },
    });
    return { code: 0, stdout, stderr: clean(stderr) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: clean(e.stderr) };
  }
}

/** Non-zero exit, nothing on stdout, exactly one line on stderr. */
function expectOneLineError(r: Result, code: number, line: RegExp): void {
  expect(r).toMatchObject({ code, stdout: '' });
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
}

const whoAmI = (key: string) =>
  api.app.inject({ url: '/v1/organization', headers: { authorization: `Bearer ${key}` } });

async function createOrg(name: string): Promise<{ id: string; key: string; prefix: string }> {
  const r = await orderly(['org', 'create', name]);
  expect(r.code).toBe(0);
  const created = JSON.parse(r.stdout) as {
    organization: { id: string };
    apiKey: { prefix: string };
    key: string;
  };
  return { id: created.organization.id, key: created.key, prefix: created.apiKey.prefix };
}

// Each command starts a process and opens the database: minutes on a loaded machine.
const SLOW = { timeout: 300_000 };

describe('orderly org list', SLOW, () => {
  it('prints every organization as JSON (id, name, createdAt), oldest first', async () => {
    const first = await createOrg('Harbor Family Justice');
    const second = await createOrg('Ridge Legal Aid');
    const r = await orderly(['org', 'list']);
    expect(r.code).toBe(0);
    const { organizations } = JSON.parse(r.stdout) as {
      organizations: { id: string; name: string; createdAt: string }[];
    };
    const ids = organizations.map((o) => o.id);
    expect(ids).toContain(first.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(organizations.find((o) => o.id === second.id)).toEqual({
      id: second.id,
      name: 'Ridge Legal Aid',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // No secrets in a listing.
    expect(r.stdout).not.toContain(first.key);
  });

  it('extra arguments: exit 2, one line', async () => {
    expectOneLineError(await orderly(['org', 'list', 'everything']), 2, /^error: .*no arguments/);
  });
});

describe('orderly key create | list | revoke', SLOW, () => {
  it('replaces a lost admin key: a new key works, the old one is revoked and stops at once', async () => {
    const org = await createOrg('Coastal Advocates');
    const created = await orderly(['key', 'create', '--org', org.id, '--name', 'replacement']);
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/shown only once/);
    const { apiKey, key } = JSON.parse(created.stdout) as {
      apiKey: { id: string; prefix: string; scopes: string[]; name: string };
      key: string;
    };
    expect(apiKey).toMatchObject({ name: 'replacement', scopes: ['admin'] });
    expect((await whoAmI(key)).json()).toMatchObject({ id: org.id });

    // The old key works until it is revoked (here by the whole key, as an operator pastes it).
    expect((await whoAmI(org.key)).statusCode).toBe(200);
    const revoked = await orderly(['key', 'revoke', org.key]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      apiKey: { prefix: org.prefix, revokedAt: expect.any(String) },
    });
    expect(revoked.stdout).not.toContain(org.key);
    // This API process learns of it through NOTIFY; wait for it, bounded.
    const deadline = Date.now() + 30_000;
    while ((await whoAmI(org.key)).statusCode !== 401 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await whoAmI(org.key)).statusCode).toBe(401);
    expect((await whoAmI(key)).statusCode).toBe(200);

    const listed = await orderly(['key', 'list', '--org', org.id]);
    expect(listed.code).toBe(0);
    const { apiKeys } = JSON.parse(listed.stdout) as {
      apiKeys: { prefix: string; revokedAt: string | null }[];
    };
    expect(apiKeys.map((k) => [k.prefix, k.revokedAt === null])).toEqual([
      [org.prefix, false],
      [apiKey.prefix, true],
    ]);
    expect(listed.stdout).not.toContain(key);

    const audit = await api.runtime.db.pool.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM "AuditEvent" WHERE "organizationId" = $1 ORDER BY id`,
      [org.id],
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      'organization.create',
      'api_key.create',
      'api_key.create',
      'api_key.revoke',
    ]);
  });

  it('--scope read makes a read-only key; revoke by id works too', async () => {
    const org = await createOrg('Delta Clinic');
    const created = await orderly(['key', 'create', '--org', org.id, '--scope', 'read']);
    const { apiKey, key } = JSON.parse(created.stdout) as {
      apiKey: { id: string; scopes: string[] };
      key: string;
    };
    expect(apiKey.scopes).toEqual(['read']);
    const write = await api.app.inject({
      method: 'POST',
      url: '/v1/advocates',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'A. Advocate' },
    });
    expect(write.statusCode).toBe(403);
    const revoked = await orderly(['key', 'revoke', apiKey.id]);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ apiKey: { id: apiKey.id } });
  });

  it('errors: exit 2 with one line naming what to fix', async () => {
    const org = await createOrg('Errors Clinic');
    expectOneLineError(await orderly(['key', 'create']), 2, /^error: --org: required/);
    expectOneLineError(
      await orderly(['key', 'create', '--org', 'not-a-uuid']),
      2,
      /^error: --org: not an organization id/,
    );
    expectOneLineError(
      await orderly(['key', 'create', '--org', '00000000-0000-4000-8000-000000000000']),
      2,
      /^error: --org: no organization 00000000-0000-4000-8000-000000000000$/,
    );
    expectOneLineError(
      await orderly(['key', 'create', '--org', org.id, '--scope', 'root']),
      2,
      /^error: --scope: "root" is not one of/,
    );
    expectOneLineError(
      await orderly(['key', 'revoke', 'ork_0000000000']),
      2,
      /^error: key: no API key has the id or prefix "ork_0000000000"$/,
    );
    expectOneLineError(await orderly(['key', 'revoke']), 2, /^error: key: give the key id/);
    expectOneLineError(await orderly(['key', 'rotate']), 2, /^error: usage: orderly key create/);
  });

  it('no database: exit 1 with one line', async () => {
    const r = await orderly(['org', 'list'], {
      DATABASE_URL: 'postgresql://orderly:wrong@127.0.0.1:1/none',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^(error|orderly): /);
  });
});

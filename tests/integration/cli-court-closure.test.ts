// `npm run --silent orderly -- court-closure …`: the operator records a closure (shared by every
// organization unless --org), sees the recomputations it started, and withdraws it; bad input
// exits 2 with one line naming the option, and changes nothing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';
import { post } from '../support/reminders.js';
import { databaseFingerprint } from '../support/snapshot.js';

const run = promisify(execFile);
let api: TestApi;
let alice: Tenant;
let bob: Tenant;

beforeAll(async () => {
  api = await startTestApi();
  alice = await createTenant(api, 'Alice Clinic');
  bob = await createTenant(api, 'Bob Clinic');
  for (const tenant of [alice, bob]) {
    await post(tenant, '/v1/cases', {
      family: 'DV',
      court: 'CA-fresno',
      reference: 'R-1',
      events: [{ type: 'TRO_GRANTED', date: '2026-01-07' }],
    });
  }
});
afterAll(() => api.close());

const orderly = (args: string[]) =>
  run('npm', ['run', '--silent', 'orderly', '--', 'court-closure', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: api.database.url, LOG_LEVEL: 'warn' },
  });
const failure = (args: string[]) =>
  orderly(args).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

interface Output {
  closure: { id: string; court: string; scope: string; withdrawnAt: string | null };
  jobs: { cause: string; progress: { total: number } }[];
}

describe('orderly court-closure', () => {
  it('adds a shared closure with a job per organization, refuses bad input in one line, and withdraws', async () => {
    const added = await orderly([
      'add',
      '--court',
      'CA-fresno',
      '--from',
      '2026-01-28',
      '--reason',
      'power outage',
      '--source',
      'https://fresno.courts.ca.gov/news',
    ]);
    const out = JSON.parse(added.stdout) as Output;
    expect(out.closure).toMatchObject({ court: 'CA-fresno', scope: 'shared', withdrawnAt: null });
    expect(out.jobs.map((j) => [j.cause, j.progress.total])).toEqual([
      ['COURT_CLOSURE_RECORDED', 1],
      ['COURT_CLOSURE_RECORDED', 1],
    ]);
    // Both organizations see it, as shared.
    for (const tenant of [alice, bob]) {
      const shown = await tenant.request({
        method: 'GET',
        url: `/v1/court-closures/${out.closure.id}`,
      });
      expect(shown.json<Output>().closure.scope).toBe('shared');
    }

    const before = await databaseFingerprint(api.runtime.db.pool);
    const badDate = await failure([
      'add',
      '--court=CA-fresno',
      '--from=2026-02-30',
      '--reason=x',
      '--source=y',
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toBe(
      'error: --from: not a real calendar date (YYYY-MM-DD): 2026-02-30\n',
    );
    expect(badDate.stdout).toBe('');
    const noSource = await failure(['add', '--court=CA-fresno', '--from=2026-03-02', '--reason=x']);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/^error: --source: required\n/);
    expect(await databaseFingerprint(api.runtime.db.pool)).toEqual(before);

    const withdrawn = JSON.parse(
      (await orderly(['withdraw', out.closure.id, '--reason', 'recorded in error'])).stdout,
    ) as Output;
    expect(withdrawn.closure.withdrawnAt).not.toBeNull();
    expect(withdrawn.jobs.map((j) => j.cause)).toEqual([
      'COURT_CLOSURE_WITHDRAWN',
      'COURT_CLOSURE_WITHDRAWN',
    ]);
    const jobs = JSON.parse((await orderly(['jobs', out.closure.id])).stdout) as {
      items: unknown[];
    };
    expect(jobs.items).toHaveLength(4);
  }, 180_000);

  it('records one organization’s closure with --org, for its cases only', async () => {
    const added = JSON.parse(
      (
        await orderly([
          'add',
          '--court=CA-fresno',
          '--from=2026-03-04',
          '--reason=flood',
          '--source=order',
          `--org=${alice.organizationId}`,
          '--authority=gov-code-68115',
        ])
      ).stdout,
    ) as Output;
    expect(added.closure.scope).toBe('organization');
    expect(added.jobs).toHaveLength(1);
    const seen = await bob.request({
      method: 'GET',
      url: `/v1/court-closures/${added.closure.id}`,
    });
    expect(seen.statusCode).toBe(404);
  }, 120_000);
});

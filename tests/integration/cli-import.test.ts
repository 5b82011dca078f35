// `npm run --silent orderly -- import|export`: the real commands against a real PostgreSQL.
// A dry run and a file with bad rows write nothing (bad rows: one line each on stderr, exit 2);
// an import prints its report as JSON (no progress bar: stderr is not a terminal); the export
// written with --out is the imported file, byte for byte.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTenant, startTestApi, type TestApi } from '../support/api.js';

const run = promisify(execFile);
let api: TestApi;
let dir: string;
beforeAll(async () => {
  api = await startTestApi();
  dir = await mkdtemp(path.join(os.tmpdir(), 'orderly-cli-import-'));
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const orderly = (args: string[]) =>
  run('npm', ['run', '--silent', 'orderly', '--', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: api.database.url, LOG_LEVEL: 'warn' },
  });
const failure = (args: string[]) =>
  orderly(args).then(
    () => {
      throw new Error('expected the command to fail');
    },
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
const casesOf = async (organizationId: string) =>
  Number(
    (
      await api.runtime.db.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM "Case" WHERE "organizationId" = $1',
        [organizationId],
      )
    ).rows[0]!.n,
  );

describe('orderly import / export', () => {
  it('dry run, bad rows, import, export: a round trip gives the same file', async () => {
    const { organizationId } = await createTenant(api);
    const example = path.join(PROJECT_ROOT, 'docs/import-example.csv');

    const dry = await orderly(['import', example, '--org', organizationId, '--dry-run']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, cases: { created: 6 } });
    expect(await casesOf(organizationId)).toBe(0);

    const bad = path.join(dir, 'bad.csv');
    await writeFile(
      bad,
      'reference,family,court,event_type,event_date\nA-1,DV,CA,PETITION_FILED,2026-03-02\nA-2,DV,CA,PETITION_FILED,03/32/2026\nA-3,QQ,CA,,\n',
    );
    const refused = await failure(['import', bad, '--org', organizationId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 3: event_date: not a');
    expect(refused.stderr).toContain('line 4: family: unknown family "QQ"');
    expect(refused.stderr).toMatch(/2 problems in .*bad\.csv; nothing was imported/);
    expect(await casesOf(organizationId)).toBe(0);

    const done = await orderly(['import', example, '--org', organizationId]);
    expect(JSON.parse(done.stdout)).toMatchObject({ dryRun: false, cases: { created: 6 } });
    expect(done.stderr).not.toMatch(/importing|checking/);
    expect(await casesOf(organizationId)).toBe(6);

    const out = path.join(dir, 'out.csv');
    const exported = await orderly(['export', '--org', organizationId, '--out', out]);
    expect(exported.stderr).toMatch(/6 cases written/);
    expect(await readFile(out, 'utf8')).toBe(await readFile(example, 'utf8'));
    expect((await orderly(['export', '--org', organizationId])).stdout).toBe(
      await readFile(example, 'utf8'),
    );
    // Six child processes: seconds each alone, much longer on a loaded machine (a hang guard).
  }, 300_000);

  it('names a missing file, a bad --org and an unknown organization (exit 2)', async () => {
    expect(
      await failure([
        'import',
        path.join(dir, 'none.csv'),
        '--org',
        '01890000-0000-7000-8000-000000000000',
      ]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ENOENT'),
    });
    expect(await failure(['export', '--org', 'clinic'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--org: give the organization id'),
    });
    expect(
      await failure(['export', '--org', '01890000-0000-7000-8000-000000000000']),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no organization'),
    });
  }, 180_000);
});

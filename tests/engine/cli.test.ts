// The real `orderly` command, spawned the way clinics run it (`npm run --silent orderly
// -- ...` from the compiled dist/), under each of the four TZ values this project runs.
// The build runs first when dist/ is missing or older than the sources; a lock directory
// keeps the four TZ projects from compiling at the same time.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDeadlines, type ComputeInput } from '../../src/engine/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'dist/src/cli/orderly.js');
const OUTPUTS = [
  ENTRY,
  join(ROOT, 'dist/src/cli/commands/compute.js'),
  join(ROOT, 'dist/src/cli/commands/court-day.js'),
  join(ROOT, 'dist/src/engine/lifecycle/index.js'),
  join(ROOT, 'dist/calendars/ca-judicial-holidays.json'),
];
const SOURCES = ['src/engine', 'src/cli', 'calendars'].map((d) => join(ROOT, d));

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

function stale(): boolean {
  if (!OUTPUTS.every((f) => existsSync(f))) return true;
  const oldestOutput = Math.min(...OUTPUTS.map((f) => statSync(f).mtimeMs));
  return Math.max(...SOURCES.map(newestMtime)) > oldestOutput;
}

async function ensureBuilt(): Promise<void> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const lock = join(ROOT, 'dist/.cli-test-build.lock');
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another TZ project is building; a lock older than 3 minutes is abandoned.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the dist/ build lock');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!stale()) return;
    // The same compiler and config as `npm run build` (minus prisma generate, which the
    // engine and CLI do not need). tsc emits even if another part of the tree has type
    // errors; `npm run typecheck` is where those are caught.
    const tsc = spawnSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (!OUTPUTS.every((f) => existsSync(f)))
      throw new Error(`build failed:\n${tsc.stdout}\n${tsc.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

interface Run {
  status: number | null;
  stdout: string;
  /** stderr without npm's own "npm warn" lines (machine config noise, not ours). */
  stderr: string;
}

/** `npm run --silent orderly -- ...args`: the documented contract. */
function orderly(args: string[], input?: string): Run {
  return spawn('npm', ['run', '--silent', 'orderly', '--', ...args], input);
}

/** `node dist/src/cli/orderly.js ...args`: what the npm script runs, without npm's startup cost. */
function orderlyNode(args: string[], input?: string): Run {
  return spawn(process.execPath, [ENTRY, ...args], input);
}

function spawn(command: string, args: string[], input?: string): Run {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', input: input ?? '' });
  const stderr = r.stderr
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'))
    .join('\n');
  return { status: r.status, stdout: r.stdout, stderr };
}

/** Exit 2 with exactly one line on stderr. */
function expectOneLineError(r: Run, line: string | RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
}

beforeAll(ensureBuilt, 180_000);

describe('orderly court-day', () => {
  it('court-day 2027-12-31: New Year 2028 observed', () => {
    const r = orderly(['court-day', '2027-12-31']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      date: '2027-12-31',
      courtDay: false,
      reason: "New Year's Day (observed)",
    });
    expect(r.stdout).toBe(
      '{"date": "2027-12-31", "courtDay": false, "reason": "New Year\'s Day (observed)"}\n',
    );
    expect(r.stderr).toBe('');
  });

  it('a court day has reason null; --court selects a county calendar', () => {
    const r = orderlyNode(['court-day', '2027-12-30', '--court', 'CA-los-angeles']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ date: '2027-12-30', courtDay: true, reason: null });
    expect(
      JSON.parse(orderlyNode(['court-day', '--court=CA-san-francisco', '2026-07-04']).stdout),
    ).toEqual({
      date: '2026-07-04',
      courtDay: false,
      reason: 'Saturday (Independence Day; courts observe it on Fri 2026-07-03)',
    });
  });

  it('bad input: exit 2 with one line naming the field', () => {
    expectOneLineError(
      orderlyNode(['court-day', '2025-02-30']),
      'error: date: not a real calendar date: 2025-02-30',
    );
    expectOneLineError(
      orderlyNode(['court-day', '2050-01-03']),
      'error: date: 2050-01-03 is outside the supported court calendar (2010-2045)',
    );
    expectOneLineError(
      orderlyNode(['court-day', '2027-12-31', '--court', 'CA-atlantis']),
      /^error: --court: unknown court id "CA-atlantis"/,
    );
  });
});

describe('orderly court-day <from> <to>', () => {
  it('every day of the range with its reason, and the number of court days', () => {
    const r = orderlyNode(['court-day', '2027-12-24', '2028-01-03', '--court', 'CA-los-angeles']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as {
      court: string;
      from: string;
      to: string;
      courtDays: number;
      days: { date: string; courtDay: boolean; reason: string | null }[];
    };
    expect(out).toMatchObject({
      court: 'CA-los-angeles',
      from: '2027-12-24',
      to: '2028-01-03',
      courtDays: 5,
    });
    expect(out.days.map((d) => d.date)).toHaveLength(11);
    expect(out.days.filter((d) => d.courtDay).map((d) => d.date)).toEqual([
      '2027-12-27',
      '2027-12-28',
      '2027-12-29',
      '2027-12-30',
      '2028-01-03',
    ]);
    expect(out.days[0]).toEqual({
      date: '2027-12-24',
      courtDay: false,
      reason: 'Christmas Day (observed)',
    });
    expect(out.days[7]).toEqual({
      date: '2027-12-31',
      courtDay: false,
      reason: "New Year's Day (observed)",
    });
    // Each day agrees with the one-date form.
    const one = JSON.parse(orderlyNode(['court-day', '2027-12-31']).stdout);
    expect(one).toEqual(out.days[7]);
  });

  it('a one-day range is that day', () => {
    const out = JSON.parse(orderlyNode(['court-day', '2027-12-30', '2027-12-30']).stdout);
    expect(out).toMatchObject({ courtDays: 1, days: [{ date: '2027-12-30', courtDay: true }] });
  });

  it('bad ranges: exit 2 with one line naming the field', () => {
    expectOneLineError(
      orderlyNode(['court-day', '2027-01-10', '2027-01-01']),
      'error: to: 2027-01-01 is before from (2027-01-10)',
    );
    expectOneLineError(
      orderlyNode(['court-day', '2027-01-01', '2027-02-30']),
      'error: to: not a real calendar date: 2027-02-30',
    );
    expectOneLineError(
      orderlyNode(['court-day', '2045-12-01', '2046-01-10']),
      /^error: range: 2046-01-01 is outside the supported court calendar \(2010-2045\)$/,
    );
    expectOneLineError(
      orderlyNode(['court-day', '2027-01-01', '2027-01-02', '2027-01-03']),
      /^error: unexpected argument "2027-01-03"/,
    );
    expectOneLineError(
      orderlyNode(['court-day', '2027-01-01', '--frobnicate']),
      /^error: unknown option "--frobnicate"/,
    );
  });
});

describe('orderly compute', () => {
  const input: ComputeInput = {
    family: 'DV',
    court: 'CA',
    events: [
      { id: 'e1', type: 'EPO_ISSUED', date: '2025-11-29', time: '22:15' },
      { id: 'e2', type: 'TRO_GRANTED', date: '2025-12-01' },
      { id: 'e3', type: 'HEARING_SET', date: '2025-12-19', time: '08:30' },
    ],
  };

  it('prints the same result computeDeadlines gives', () => {
    const r = orderly(['compute'], JSON.stringify(input));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(computeDeadlines(input));
    expect((JSON.parse(r.stdout) as { deadlines: unknown[] }).deadlines).toHaveLength(6);
  });

  it('invalid input: exit 2 with one line naming the field', () => {
    const bad = {
      ...input,
      events: [
        ...input.events.slice(0, 2),
        { type: 'SERVED', date: '2025-02-30', method: 'PERSONAL' },
      ],
    };
    expectOneLineError(
      orderly(['compute'], JSON.stringify(bad)),
      'error: events[2].date: not a real calendar date: 2025-02-30',
    );
    expectOneLineError(
      orderlyNode(['compute'], JSON.stringify({ ...input, family: 'ZZ' })),
      'error: family: unknown family "ZZ" (expected one of DV, CH, WV, SV, EA, GV)',
    );
    expectOneLineError(
      orderlyNode(
        ['compute'],
        JSON.stringify({ ...input, events: [{ type: 'SERVED', date: '2025-12-10' }] }),
      ),
      'error: events[0].method: required',
    );
    expectOneLineError(
      orderlyNode(
        ['compute'],
        JSON.stringify({ ...input, events: [{ type: 'HEARD', date: '2025-12-10' }] }),
      ),
      /^error: events\[0\]\.type: unknown event type "HEARD"/,
    );
    expectOneLineError(
      orderlyNode(['compute'], '{"family": "DV",'),
      /^error: stdin: not valid JSON: /,
    );
    expectOneLineError(
      orderlyNode(['compute', 'case.json'], JSON.stringify(input)),
      /^error: compute takes no arguments/,
    );
  });
});

describe('orderly dispatcher', () => {
  it('unknown command: exit 2 with the usage', () => {
    const r = orderly(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: unknown command "frobnicate"');
    expect(r.stderr).toContain('usage: orderly <command>');
    expect(r.stderr).toContain('court-day <YYYY-MM-DD> [--court <id>]');
  });

  it('no command: exit 2 with the usage; --help: exit 0', () => {
    expect(orderlyNode([]).status).toBe(2);
    const help = orderlyNode(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('compute < case.json');
  });
});

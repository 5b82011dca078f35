// `orderly import <file.csv> --org <id> [--dry-run]`: loads cases with their events
// (docs/IMPORT.md). Every bad row is one line on stderr ("line 7: event_date: not a real
// calendar date: 2025-02-30") and nothing is written (exit 2); otherwise the report is JSON on
// stdout. A progress bar is drawn on stderr only when it is a terminal.
import { readFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { organizationExists } from '../../services/organizations.js';
import { describeProblem, importCases, type ImportProgress } from '../../services/imports.js';
import { inTransaction } from '../../services/transaction.js';
import { openCliRuntime, organizationOption } from '../open.js';
import type { CliIo, Command } from '../orderly.js';

const USAGE = 'import <file.csv|-> --org <organizationId> [--dry-run]';

function progressBar(io: CliIo): ((progress: ImportProgress) => void) | undefined {
  const stream = io.terminal;
  if (!stream?.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{phase} [{bar}] {percentage}% | {value}/{total} cases | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: ImportProgress['phase'] | null = null;
  return (progress) => {
    const label = progress.phase === 'check' ? 'checking' : 'importing';
    if (phase !== progress.phase) {
      if (phase !== null) bar.stop();
      phase = progress.phase;
      bar.start(progress.total, 0, { phase: label });
    }
    bar.update(progress.done, { phase: label });
    if (progress.done >= progress.total) {
      bar.stop();
      phase = null;
    }
  };
}

export const command: Command = {
  usage: USAGE,
  summary:
    'Import cases and their events from CSV (docs/IMPORT.md); --dry-run checks every row and writes nothing.',
  async run(args, io) {
    const [file, ...rest] = args;
    if (!file || (file.startsWith('--') && file !== '-')) {
      io.stderr(`error: usage: orderly ${USAGE}\n`);
      return 2;
    }
    const organizationId = organizationOption(rest, io);
    if (organizationId === null) return 2;
    const dryRun = rest.includes('--dry-run');
    let text: string;
    try {
      text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
    } catch (error) {
      io.stderr(`error: ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return 2;
    }
    const runtime = await openCliRuntime(io);
    if (!runtime) return 1;
    try {
      if (!(await inTransaction(runtime.db, (tx) => organizationExists(tx, organizationId)))) {
        io.stderr(`error: --org: no organization ${organizationId}\n`);
        return 2;
      }
      const onProgress = progressBar(io);
      const report = await importCases(
        runtime.db,
        {
          actor: { organizationId, apiKeyId: null, label: 'cli', scopes: ['admin'] },
          requestId: null,
          now: runtime.clock.now(),
        },
        text,
        { dryRun, ...(onProgress && { onProgress }) },
      );
      for (const problem of report.problems) io.stderr(`${describeProblem(problem)}\n`);
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      if (report.problems.length > 0) {
        io.stderr(
          `error: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${file}; nothing was imported\n`,
        );
        return 2;
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

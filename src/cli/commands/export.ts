// `orderly export --org <id> [--out <file.csv>]`: the organization's cases and their events in
// force, in the import format (docs/IMPORT.md), to stdout or a file. Importing the output into
// an organization and exporting it again gives the same text.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { organizationExists } from '../../services/organizations.js';
import { exportCases } from '../../services/imports.js';
import { inTransaction } from '../../services/transaction.js';
import { openCliRuntime, option, organizationOption } from '../open.js';
import type { Command } from '../orderly.js';

const USAGE = 'export --org <organizationId> [--out <file.csv>]';

export const command: Command = {
  usage: USAGE,
  summary: "Write an organization's cases and events as CSV, in the format `import` reads.",
  async run(args, io) {
    const organizationId = organizationOption(args, io);
    if (organizationId === null) return 2;
    const out = option(args, '--out');
    if (args.includes('--out') && (!out || out.startsWith('--'))) {
      io.stderr(`error: usage: orderly ${USAGE}\n`);
      return 2;
    }
    const runtime = await openCliRuntime(io);
    if (!runtime) return 1;
    try {
      if (!(await inTransaction(runtime.db, (tx) => organizationExists(tx, organizationId)))) {
        io.stderr(`error: --org: no organization ${organizationId}\n`);
        return 2;
      }
      if (out === undefined) {
        await exportCases(runtime.db, organizationId, (chunk) => io.stdout(chunk));
        return 0;
      }
      const file = createWriteStream(out, { mode: 0o600 });
      const { cases } = await exportCases(runtime.db, organizationId, async (chunk) => {
        if (!file.write(chunk)) await once(file, 'drain');
      });
      file.end();
      await once(file, 'close');
      io.stderr(`${cases} case${cases === 1 ? '' : 's'} written to ${out}\n`);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

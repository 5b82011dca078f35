// Opening the runtime for a command that needs the database: DATABASE_URL, or the embedded
// PostgreSQL in DATA_DIR (attached to while `npm start` runs it). Logs go to stderr, so that
// stdout is only the command's result; a failure to start is one line and exit code 1.
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { StartupError } from '../startup-error.js';
import type { CliIo } from './orderly.js';

export async function openCliRuntime(io: CliIo): Promise<Runtime | null> {
  try {
    const config = loadConfig();
    const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, {
      write: (line: string) => void io.stderr(line),
    });
    return await openRuntime(config, log, { attachToRunningEmbedded: true });
  } catch (error) {
    io.stderr(error instanceof StartupError ? `${error.toLine()}\n` : `error: ${String(error)}\n`);
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value after `name` in `args`, if any. */
export function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** `--org <id>`, checked; null (with the line written) when missing or not a UUID. */
export function organizationOption(args: readonly string[], io: CliIo): string | null {
  const org = option(args, '--org');
  if (!org || !UUID.test(org)) {
    io.stderr('error: --org: give the organization id (a UUID, from `orderly org create`)\n');
    return null;
  }
  return org.toLowerCase();
}

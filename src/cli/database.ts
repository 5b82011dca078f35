// What every `orderly` command that needs the database shares: it opens the runtime (on
// DATABASE_URL, or on the embedded PostgreSQL a running `npm start` keeps in DATA_DIR, or its
// own), runs the command, closes it, and turns any failure into one line on stderr — exit 2
// for input the operator can fix (a DomainError names the field), 1 for anything else.
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { DomainError } from '../services/errors.js';
import { StartupError } from '../startup-error.js';
import { UsageError } from './arguments.js';
import type { CliIo } from './orderly.js';

const INPUT_ERRORS = new Set(['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT']);

/** One line (no stack) for an error; the exit code it means. */
export function errorLine(error: unknown): { line: string; code: number } {
  if (error instanceof UsageError) return { line: `error: ${error.message}`, code: 2 };
  if (error instanceof StartupError) return { line: error.toLine(), code: 1 };
  if (error instanceof DomainError) {
    const field = error.fields[0];
    const text = field ? `${field.name.replace(/^body\./, '')}: ${field.reason}` : error.message;
    return { line: `error: ${text}`, code: INPUT_ERRORS.has(error.code) ? 2 : 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: `error: internal: ${message.split('\n')[0] ?? message}`, code: 1 };
}

/** Runs `work` on an open runtime; prints one line and returns its exit code on failure. */
export async function withDatabase(
  io: CliIo,
  work: (runtime: Runtime) => Promise<number>,
): Promise<number> {
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig();
    // Logs go to stderr so that stdout is only the JSON result.
    const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, {
      write: (line: string) => void io.stderr(line),
    });
    runtime = await openRuntime(config, log, { attachToRunningEmbedded: true });
    return await work(runtime);
  } catch (error) {
    const { line, code } = errorLine(error);
    io.stderr(`${line}\n`);
    return code;
  } finally {
    await runtime?.close().catch(() => undefined);
  }
}

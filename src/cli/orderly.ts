// The `orderly` CLI: a small dispatcher with one module per command. Commands are
// loaded on demand, so `compute` never loads the database code other commands need.
//
// Contract (clinics script against it): JSON on stdout; invalid input exits 2 with one
// line on stderr naming the field ("error: events[2].date: not a real calendar date:
// 2025-02-30"); an unknown command exits 2 with the usage.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CliIo {
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where a progress bar may be drawn (process.stderr); drawn only when it is a terminal. */
  terminal?: NodeJS.WriteStream;
}

export interface Command {
  /** "compute < case.json" */
  readonly usage: string;
  readonly summary: string;
  /** Returns the exit code: 0 ok, 2 invalid input or usage, 1 internal error. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Add a command here (and a module under ./commands/). */
const COMMANDS: Readonly<Record<string, () => Promise<{ command: Command }>>> = {
  compute: () => import('./commands/compute.js'),
  'court-closure': () => import('./commands/court-closure.js'),
  'court-day': () => import('./commands/court-day.js'),
  export: () => import('./commands/export.js'),
  import: () => import('./commands/import.js'),
  key: () => import('./commands/key.js'),
  org: () => import('./commands/org.js'),
  user: () => import('./commands/user.js'),
};

async function usage(): Promise<string> {
  const lines = ['usage: orderly <command> [arguments]', '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    // A command whose module cannot load (e.g. missing database client) must not take
    // the usage text, or the other commands, down with it.
    try {
      const { command } = await load();
      lines.push(`  ${command.usage}`, `      ${command.summary}`);
    } catch {
      lines.push(`  ${name} ...`, '      (unavailable: its module failed to load)');
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(await usage());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout(await usage());
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    io.stderr(`error: unknown command ${JSON.stringify(name)}\n${await usage()}`);
    return 2;
  }
  const { command } = await load();
  return command.run(args, io);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  const io: CliIo = {
    readStdin: () => readAll(process.stdin),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    terminal: process.stderr,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `error: internal: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exitCode = 1;
    },
  );
}

// orderly compute: a case as JSON on stdin -> {"deadlines": [...], "warnings": [...]}.
// The same computeDeadlines the HTTP API serves; this file only parses and prints.

import { computeDeadlines, EngineInputError, parseComputeInput } from '../../engine/index.js';
import type { CliIo, Command } from '../orderly.js';

export const command: Command = {
  usage: 'compute < case.json',
  summary:
    'Reads {"family": "DV", "court": "CA", "events": [...]} on stdin and prints {"deadlines": [...], "warnings": [...]}.',
  async run(args: readonly string[], io: CliIo): Promise<number> {
    if (args.length > 0) {
      io.stderr(
        `error: compute takes no arguments (got ${JSON.stringify(args[0])}); pipe the case JSON to stdin\n`,
      );
      return 2;
    }
    const text = await io.readStdin();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      io.stderr(`error: stdin: not valid JSON: ${why.split('\n')[0] ?? why}\n`);
      return 2;
    }
    const parsed = parseComputeInput(raw);
    if (!parsed.ok) {
      const [first] = parsed.errors;
      const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
      io.stderr(
        `error: ${first?.field ?? '(input)'}: ${first?.message ?? 'invalid input'}${more}\n`,
      );
      return 2;
    }
    try {
      const result = computeDeadlines(parsed.value);
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof EngineInputError) {
        io.stderr(`error: ${err.field ?? '(input)'}: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  },
};

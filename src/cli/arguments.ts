// Reading an `orderly` command line: options (`--org <id>`, `--org=<id>`, repeatable ones),
// the positional arguments, and the one kind of error the operator fixes by retyping.
import type { CliIo } from './orderly.js';

/** A failure the operator can fix by changing the command line: exit 2 with this one line. */
export class UsageError extends Error {}

/** The value after `--name` (or `--name=value`); undefined when absent. A flag with no value is a usage error. */
export function optionOf(args: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === name) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`${name}: missing value`);
      found = value;
      i++;
    } else if (arg.startsWith(`${name}=`)) {
      found = arg.slice(name.length + 1);
    }
  }
  return found;
}

/** Every value given for a repeatable option (`--scope read --scope write`). */
export function optionsOf(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === name) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`${name}: missing value`);
      values.push(value);
      i++;
    } else if (arg.startsWith(`${name}=`)) {
      values.push(arg.slice(name.length + 1));
    }
  }
  return values;
}

/** The arguments that are not options (nor option values) among `args`, given the options that take a value. */
export function positionalOf(args: readonly string[], valued: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (valued.includes(arg)) i++;
    else if (arg.startsWith('--')) {
      if (!valued.some((name) => arg.startsWith(`${name}=`)))
        throw new UsageError(`unknown option ${JSON.stringify(arg.split('=')[0])}`);
    } else out.push(arg);
  }
  return out;
}

/** Prints a JSON result on stdout. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

// orderly court-day <date> [--court <id>]: is the date a court day, and if not, why.
// Prints {"date": ..., "courtDay": ..., "reason": ...}; reason is null on a court day.

import { courtDayInfo, EngineInputError } from '../../engine/index.js';
import type { CliIo, Command } from '../orderly.js';

const USAGE = 'court-day <YYYY-MM-DD> [--court <id>]';

function usageError(io: CliIo, message: string): number {
  io.stderr(`error: ${message}\nusage: orderly ${USAGE}\n`);
  return 2;
}

export const command: Command = {
  usage: USAGE,
  summary:
    'Prints {"date", "courtDay", "reason"} for a date (reason is null on a court day). --court CA-<county> adds that court\'s closures; default CA (statewide).',
  run: (args, io) => Promise.resolve(courtDay(args, io)),
};

function courtDay(args: readonly string[], io: CliIo): number {
  let date: string | undefined;
  let court = 'CA';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--court') {
      const next = args[i + 1];
      if (next === undefined) return usageError(io, '--court: missing court id');
      court = next;
      i++;
    } else if (arg.startsWith('--court=')) {
      court = arg.slice('--court='.length);
    } else if (arg.startsWith('-')) {
      return usageError(io, `unknown option ${JSON.stringify(arg)}`);
    } else if (date === undefined) {
      date = arg;
    } else {
      return usageError(io, `unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (date === undefined) return usageError(io, 'date: required');
  try {
    const info = courtDayInfo(date, court);
    // One line, in the documented form: {"date": "2027-12-31", "courtDay": false, "reason": "..."}.
    io.stdout(
      `{"date": ${JSON.stringify(info.date)}, "courtDay": ${info.courtDay}, "reason": ${JSON.stringify(info.reason)}}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof EngineInputError) {
      const field = err.field === 'court' ? '--court' : 'date';
      io.stderr(`error: ${field}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

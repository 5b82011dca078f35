// orderly court-day <date> [<to>] [--court <id>]: is the date a court day, and if not, why —
// or every day of a range, with the number of court days in it.
// One date prints {"date": ..., "courtDay": ..., "reason": ...} (reason is null on a court day);
// a range prints {"court", "from", "to", "courtDays", "days": [{"date", "courtDay", "reason"}, ...]}.

import {
  addCalendarDays,
  calendarDaysBetween,
  courtDayInfo,
  EngineInputError,
  isCalendarDate,
} from '../../engine/index.js';
import type { CliIo, Command } from '../orderly.js';

const USAGE = 'court-day <YYYY-MM-DD> [--court <id>] | court-day <from> <to> [--court <id>]';
/** A range longer than this is almost certainly a typo in a year. */
const MAX_RANGE_DAYS = 3_660;

function usageError(io: CliIo, message: string): number {
  io.stderr(`error: ${message} (usage: orderly ${USAGE})\n`);
  return 2;
}

export const command: Command = {
  usage: USAGE,
  summary:
    'Prints {"date", "courtDay", "reason"} for a date (reason is null on a court day), or every day of a range from..to with the number of court days. --court CA-<county> adds that court\'s closures; default CA (statewide).',
  run: (args, io) => Promise.resolve(courtDay(args, io)),
};

function courtDay(args: readonly string[], io: CliIo): number {
  const dates: string[] = [];
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
    } else if (dates.length < 2) {
      dates.push(arg);
    } else {
      return usageError(io, `unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  const [from, to] = dates;
  if (from === undefined) return usageError(io, 'date: required');
  try {
    if (to === undefined) {
      const info = courtDayInfo(from, court);
      // One line, in the documented form: {"date": "2027-12-31", "courtDay": false, "reason": "..."}.
      io.stdout(
        `{"date": ${JSON.stringify(info.date)}, "courtDay": ${info.courtDay}, "reason": ${JSON.stringify(info.reason)}}\n`,
      );
      return 0;
    }
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!isCalendarDate(value)) {
        io.stderr(`error: ${name}: not a real calendar date: ${value}\n`);
        return 2;
      }
    }
    const span = calendarDaysBetween(from, to);
    if (span < 0) {
      io.stderr(`error: to: ${to} is before from (${from})\n`);
      return 2;
    }
    if (span >= MAX_RANGE_DAYS) {
      io.stderr(`error: to: at most ${MAX_RANGE_DAYS} days from from (${from}); got ${span + 1}\n`);
      return 2;
    }
    const days = [];
    for (let n = 0; n <= span; n++) days.push(courtDayInfo(addCalendarDays(from, n), court));
    io.stdout(
      `${JSON.stringify(
        { court, from, to, courtDays: days.filter((d) => d.courtDay).length, days },
        null,
        2,
      )}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof EngineInputError) {
      const field = err.field === 'court' ? '--court' : to === undefined ? 'date' : 'range';
      io.stderr(`error: ${field}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

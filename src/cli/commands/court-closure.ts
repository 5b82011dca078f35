// `orderly court-closure …`: court closures recorded by the operator (CCP § 12b; Gov. Code
// § 68115), and the background recomputations they start. Without --org a closure is shared:
// it applies to every organization's cases in that court (the operator runs the instance; an
// organization's admins record their own through the API). JSON on stdout; bad input exits 2
// with one line naming the option.
import { loadConfig } from '../../config.js';
import { closureView, closureWithJobs, jobView } from '../../http/views.js';
import { createLogger } from '../../logger.js';
import { openRuntime, type Runtime } from '../../runtime.js';
import {
  CLOSURE_AUTHORITIES,
  getClosure,
  recordClosure,
  searchClosures,
  withdrawClosure,
  type ClosureAuthor,
  type ClosureAuthority,
  type ClosureViewer,
} from '../../services/court-closures.js';
import { DomainError } from '../../services/errors.js';
import { getOrganization } from '../../services/organizations.js';
import { searchRecomputeJobs } from '../../services/recompute-jobs.js';
import { inTransaction } from '../../services/transaction.js';
import { StartupError } from '../../startup-error.js';
import type { CliIo, Command } from '../orderly.js';

const USAGE = [
  'court-closure add --court <id> --from <YYYY-MM-DD> [--to <YYYY-MM-DD>] --reason "<text>" --source "<text>" [--authority ccp-12b|gov-code-68115] [--org <organization id>]',
  '  court-closure list [--court <id>] [--org <organization id>] [--withdrawn]',
  '  court-closure show <closure id>',
  '  court-closure withdraw <closure id> --reason "<text>"',
  '  court-closure jobs [<closure id>]',
].join('\n');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/** `--name value`, `--name=value` and the flags given; unknown options are errors. */
function parse(args: readonly string[], valued: readonly string[], flags: readonly string[]) {
  const out: Parsed = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (flags.includes(name) && eq < 0) {
      out.flags.add(name);
    } else if (valued.includes(name)) {
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name}: missing value`);
      out.options.set(name, value);
    } else {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  return out;
}

function required(parsed: Parsed, name: string): string {
  const value = parsed.options.get(name);
  if (value === undefined) throw new UsageError(`--${name}: required`);
  return value;
}

function authorityOf(raw: string | undefined): ClosureAuthority | undefined {
  if (raw === undefined) return undefined;
  const value = raw.toUpperCase().replace(/-/g, '_');
  if (!(CLOSURE_AUTHORITIES as readonly string[]).includes(value))
    throw new UsageError('--authority: ccp-12b or gov-code-68115');
  return value as ClosureAuthority;
}

function orgOf(parsed: Parsed): string | undefined {
  const org = parsed.options.get('org');
  if (org !== undefined && !UUID.test(org)) throw new UsageError('--org: not an organization id');
  return org;
}

function closureIdOf(parsed: Parsed, optional = false): string | undefined {
  const [id, extra] = parsed.positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
  if (id === undefined) {
    if (optional) return undefined;
    throw new UsageError('closure id: required');
  }
  if (!UUID.test(id)) throw new UsageError('closure id: not a closure id');
  return id;
}

/** The operator, or an organization's admin when --org names one. */
async function authorFor(runtime: Runtime, org: string | undefined): Promise<ClosureAuthor> {
  const now = runtime.clock.now();
  if (org === undefined) return { kind: 'operator', now, label: 'cli' };
  await inTransaction(runtime.db, (tx) => getOrganization(tx, org));
  return {
    kind: 'organization',
    ctx: {
      actor: { organizationId: org, apiKeyId: null, label: 'cli', scopes: ['admin'] },
      requestId: null,
      now,
    },
  };
}

const print = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

async function run(runtime: Runtime, action: string, parsed: Parsed, io: CliIo): Promise<void> {
  const db = runtime.db;
  switch (action) {
    case 'add': {
      if (parsed.positional.length > 0)
        throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positional[0])}`);
      const input = {
        court: required(parsed, 'court'),
        from: required(parsed, 'from'),
        reason: required(parsed, 'reason'),
        source: required(parsed, 'source'),
      };
      const to = parsed.options.get('to');
      const authority = authorityOf(parsed.options.get('authority'));
      const org = orgOf(parsed);
      const author = await authorFor(runtime, org);
      const recorded = await inTransaction(db, (tx) =>
        recordClosure(tx, author, org ?? null, {
          ...input,
          ...(to !== undefined && { to }),
          ...(authority !== undefined && { authority }),
        }),
      );
      print(io, closureWithJobs(recorded));
      return;
    }
    case 'list': {
      if (parsed.positional.length > 0)
        throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positional[0])}`);
      const org = orgOf(parsed);
      const viewer: ClosureViewer = org === undefined ? 'operator' : { organizationId: org };
      const court = parsed.options.get('court');
      const items = [];
      let cursor: string | undefined;
      do {
        const page = await searchClosures(
          db.prisma,
          viewer,
          { ...(court !== undefined && { court }), withdrawn: parsed.flags.has('withdrawn') },
          { ...(cursor !== undefined && { cursor }), limit: 200 },
        );
        items.push(...page.items.map(closureView));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      print(io, { items });
      return;
    }
    case 'show':
      print(io, closureWithJobs(await getClosure(db.prisma, 'operator', closureIdOf(parsed)!)));
      return;
    case 'withdraw': {
      const id = closureIdOf(parsed)!;
      const reason = required(parsed, 'reason');
      const author: ClosureAuthor = { kind: 'operator', now: runtime.clock.now(), label: 'cli' };
      print(
        io,
        closureWithJobs(await inTransaction(db, (tx) => withdrawClosure(tx, author, id, reason))),
      );
      return;
    }
    case 'jobs': {
      const closureId = closureIdOf(parsed, true);
      const page = await searchRecomputeJobs(
        db.prisma,
        'operator',
        closureId === undefined ? {} : { closureId },
        { limit: 200 },
      );
      print(io, { items: page.items.map(jobView) });
      return;
    }
    default:
      throw new UsageError(`unknown action ${JSON.stringify(action)}`);
  }
}

const OPTIONS: Record<string, { valued: string[]; flags: string[] }> = {
  add: { valued: ['court', 'from', 'to', 'reason', 'source', 'authority', 'org'], flags: [] },
  list: { valued: ['court', 'org'], flags: ['withdrawn'] },
  show: { valued: [], flags: [] },
  withdraw: { valued: ['reason'], flags: [] },
  jobs: { valued: [], flags: [] },
};

/** A field named by the services (`body.from`) as the option that carries it (`--from`). */
const optionName = (field: string): string =>
  field.startsWith('body.') ? `--${field.slice('body.'.length)}` : field;

export const command: Command = {
  usage: USAGE,
  summary:
    'Record (shared by every organization unless --org), list, show and withdraw court closures (CCP 12b; Gov. Code 68115); `jobs` shows the background recomputations they started.',
  async run(args, io) {
    const [action, ...rest] = args;
    const spec = action === undefined ? undefined : OPTIONS[action];
    let parsed: Parsed;
    try {
      if (action === undefined || spec === undefined)
        throw new UsageError(
          action === undefined ? 'action: required' : `unknown action ${JSON.stringify(action)}`,
        );
      parsed = parse(rest, spec.valued, spec.flags);
    } catch (error) {
      io.stderr(`error: ${(error as Error).message}\nusage: orderly ${USAGE}\n`);
      return 2;
    }
    let runtime: Runtime;
    try {
      const config = loadConfig();
      const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, {
        write: (line: string) => void io.stderr(line),
      });
      runtime = await openRuntime(config, log, { attachToRunningEmbedded: true });
    } catch (error) {
      io.stderr(
        error instanceof StartupError ? `${error.toLine()}\n` : `error: ${String(error)}\n`,
      );
      return 1;
    }
    try {
      await run(runtime, action, parsed, io);
      return 0;
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`error: ${error.message}\n`);
        return 2;
      }
      if (error instanceof DomainError) {
        const field = error.fields[0];
        io.stderr(
          field === undefined
            ? `error: ${error.message}\n`
            : `error: ${optionName(field.name)}: ${field.reason}${
                error.fields.length > 1
                  ? ` (and ${error.fields.length - 1} more: ${error.fields
                      .slice(1)
                      .map((f) => optionName(f.name))
                      .join(', ')})`
                  : ''
              }\n`,
        );
        return 2;
      }
      throw error;
    } finally {
      await runtime.close();
    }
  },
};

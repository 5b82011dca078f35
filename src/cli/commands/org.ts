// `orderly org create "Clinic name" [--key-name <name>]`: a new organization and its first
// admin API key, printed once (stdout, JSON) and stored only as a hash.
// `orderly org list`: every organization (id, name, created), for an operator at the server.
// Both use DATABASE_URL, or the embedded PostgreSQL in DATA_DIR — also beside `npm start`.
import { allOrganizations, createOrganization } from '../../services/organizations.js';
import { inTransaction } from '../../services/transaction.js';
import { optionOf, positionalOf, printJson, UsageError } from '../arguments.js';
import { withDatabase } from '../database.js';
import type { CliIo, Command } from '../orderly.js';

const USAGE = 'org create "<name>" [--key-name <name>] | org list';

export const command: Command = {
  usage: USAGE,
  summary:
    'Create an organization (a clinic) and print its first admin API key, once; or list every organization.',
  async run(args, io) {
    const [action, ...rest] = args;
    try {
      switch (action) {
        case 'create':
          return await create(rest, io);
        case 'list':
          if (rest.length > 0) throw new UsageError(`org list takes no arguments`);
          return await withDatabase(io, async (runtime) => {
            const organizations = await inTransaction(runtime.db, (tx) => allOrganizations(tx));
            printJson(io, { organizations });
            return 0;
          });
        case undefined:
        default:
          throw new UsageError(`usage: orderly ${USAGE}`);
      }
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
  },
};

async function create(args: readonly string[], io: CliIo): Promise<number> {
  const keyName = optionOf(args, '--key-name')?.trim();
  const [name, ...extra] = positionalOf(args, ['--key-name']);
  if (!name?.trim() || name.length > 200 || extra.length > 0 || keyName === '')
    throw new UsageError(`usage: orderly ${USAGE}`);
  return withDatabase(io, async (runtime) => {
    const created = await inTransaction(runtime.db, (tx) =>
      createOrganization(tx, {
        name: name.trim(),
        ...(keyName && { keyName }),
        now: runtime.clock.now(),
      }),
    );
    printJson(io, {
      organization: created.organization,
      apiKey: {
        id: created.apiKey.id,
        name: created.apiKey.name,
        prefix: created.apiKey.prefix,
        scopes: created.apiKey.scopes,
      },
      key: created.key,
    });
    io.stderr('Store this API key now: it is shown only once (Orderly keeps only its hash).\n');
    return 0;
  });
}

// `orderly key create --org <id> [--name <name>] [--scope admin|write|read ...]`: a new API key
// for an organization, printed once (a lost or leaked admin key is replaced here, without the
// API). `orderly key list --org <id>`: the organization's keys by prefix (never the keys).
// `orderly key revoke <id|prefix>`: revoked in every Orderly process from the next request on.
import {
  apiKeysOf,
  createApiKey,
  revokeApiKeyAsOperator,
  type ApiKeyRecord,
  type Scope,
} from '../../services/api-keys.js';
import { operatorContext } from '../../services/context.js';
import { organizationExists } from '../../services/organizations.js';
import { inTransaction, type Tx } from '../../services/transaction.js';
import { optionOf, optionsOf, positionalOf, printJson, UsageError } from '../arguments.js';
import { withDatabase } from '../database.js';
import type { CliIo, Command } from '../orderly.js';

const USAGE =
  'key create --org <id> [--name <name>] [--scope admin|write|read ...] | key list --org <id> | key revoke <id|prefix>';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

const view = (k: ApiKeyRecord) => ({
  id: k.id,
  organizationId: k.organizationId,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

export const command: Command = {
  usage: USAGE,
  summary:
    "Create an organization's API key (printed once), list its keys, or revoke one — e.g. to replace a lost admin key.",
  async run(args, io) {
    const [action, ...rest] = args;
    try {
      switch (action) {
        case 'create':
          return await create(rest, io);
        case 'list':
          return await list(rest, io);
        case 'revoke':
          return await revoke(rest, io);
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

/** The --org option: a UUID of an organization that exists (checked in `tx`). */
function orgOption(args: readonly string[]): string {
  const org = optionOf(args, '--org');
  if (org === undefined)
    throw new UsageError('--org: required (the organization id, from `orderly org list`)');
  if (!UUID.test(org)) throw new UsageError(`--org: not an organization id (a UUID): ${org}`);
  return org;
}

async function checkOrganization(tx: Tx, id: string): Promise<void> {
  if (!(await organizationExists(tx, id))) throw new UsageError(`--org: no organization ${id}`);
}

async function create(args: readonly string[], io: CliIo): Promise<number> {
  const org = orgOption(args);
  const name = (optionOf(args, '--name') ?? 'admin').trim();
  const scopes = optionsOf(args, '--scope');
  const extra = positionalOf(args, ['--org', '--name', '--scope']);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (name === '' || name.length > 80) throw new UsageError('--name: 1 to 80 characters');
  for (const scope of scopes)
    if (!SCOPES.includes(scope as Scope))
      throw new UsageError(`--scope: ${JSON.stringify(scope)} is not one of ${SCOPES.join(', ')}`);
  const granted: Scope[] = scopes.length > 0 ? [...new Set(scopes as Scope[])] : ['admin'];
  return withDatabase(io, async (runtime) => {
    const created = await inTransaction(runtime.db, async (tx) => {
      await checkOrganization(tx, org);
      return createApiKey(tx, operatorContext(org, runtime.clock.now()), {
        name,
        scopes: granted,
      });
    });
    printJson(io, { apiKey: view(created.apiKey), key: created.key });
    io.stderr('Store this API key now: it is shown only once (Orderly keeps only its hash).\n');
    return 0;
  });
}

async function list(args: readonly string[], io: CliIo): Promise<number> {
  const org = orgOption(args);
  const extra = positionalOf(args, ['--org']);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  return withDatabase(io, async (runtime) => {
    const keys = await inTransaction(runtime.db, async (tx) => {
      await checkOrganization(tx, org);
      return apiKeysOf(tx, org);
    });
    printJson(io, { apiKeys: keys.map(view) });
    return 0;
  });
}

async function revoke(args: readonly string[], io: CliIo): Promise<number> {
  const [key, ...extra] = positionalOf(args, []);
  if (key === undefined) throw new UsageError('key: give the key id or its prefix (ork_…)');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  // A whole key pasted in is found by its prefix (ork_<10 hex>), the part before the secret.
  const idOrPrefix = /^ork_[0-9a-f]{10}_/.exec(key)?.[0].slice(0, -1) ?? key;
  return withDatabase(io, async (runtime) => {
    const revoked = await inTransaction(runtime.db, (tx) =>
      revokeApiKeyAsOperator(tx, idOrPrefix, runtime.clock.now()),
    );
    printJson(io, { apiKey: view(revoked) });
    return 0;
  });
}

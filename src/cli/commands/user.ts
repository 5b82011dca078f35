// `orderly user invite <email> --org <organizationId> --role admin|advocate [--name "Name"]`:
// invites a person to an organization (the first admin comes from here) and prints their
// one-time sign-in link as JSON: {"signInUrl": "…"}. For an address that already has an account
// in that organization it prints a fresh link (a lost passkey, a forgotten password). Works
// beside a running `npm start` (it attaches to its embedded PostgreSQL).
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { openRuntime } from '../../runtime.js';
import { invitePerson } from '../../services/accounts.js';
import { DomainError } from '../../services/errors.js';
import { organizationExists } from '../../services/organizations.js';
import { inTransaction } from '../../services/transaction.js';
import { StartupError } from '../../startup-error.js';
import type { Command } from '../orderly.js';

const USAGE = 'user invite <email> --org <organizationId> --role admin|advocate [--name "<name>"]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export const command: Command = {
  usage: USAGE,
  summary: 'Invite a person to an organization and print their one-time sign-in link.',
  async run(args, io) {
    const [action, email, ...rest] = args;
    const org = option(rest, '--org');
    const role = option(rest, '--role');
    const name = option(rest, '--name');
    if (action !== 'invite' || !email || email.startsWith('--')) {
      io.stderr(`error: usage: orderly ${USAGE}\n`);
      return 2;
    }
    if (!org || !UUID.test(org)) {
      io.stderr('error: --org: give the organization id (a UUID, from `orderly org create`)\n');
      return 2;
    }
    if (role !== 'admin' && role !== 'advocate') {
      io.stderr('error: --role: admin or advocate\n');
      return 2;
    }
    let runtime;
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
      const { publicBaseUrl, sessions } = runtime.config;
      const now = runtime.clock.now();
      const invited = await inTransaction(runtime.db, async (tx) => {
        if (!(await organizationExists(tx, org))) return null;
        return invitePerson(
          tx,
          {
            actor: { organizationId: org, apiKeyId: null, label: 'cli', scopes: ['admin'] },
            requestId: null,
            now,
          },
          { email, ...(name !== undefined && { displayName: name }), role },
          {
            publicBaseUrl,
            sessionIdleMs: sessions.idleMinutes * 60_000,
            sessionMaxMs: sessions.maxHours * 3600_000,
          },
        );
      });
      if (!invited) {
        io.stderr(`error: --org: no organization ${org}\n`);
        return 2;
      }
      io.stdout(`${JSON.stringify({ signInUrl: invited.signInUrl })}\n`);
      io.stderr(
        `The link signs ${invited.user.email} in once, within 48 hours. Give it to them privately.\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof DomainError && error.fields.length > 0) {
        io.stderr(`error: ${error.fields.map((f) => f.reason).join('; ')}\n`);
        return 2;
      }
      throw error;
    } finally {
      await runtime.close();
    }
  },
};

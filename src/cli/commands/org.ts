// `orderly org create "Clinic name"`: a new organization and its first admin API key.
// The key is printed once (stdout, JSON) and stored only as a hash. Uses DATABASE_URL, or
// the embedded PostgreSQL in DATA_DIR — also while `npm start` is running it.
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { openRuntime } from '../../runtime.js';
import { createOrganization } from '../../services/organizations.js';
import { inTransaction } from '../../services/transaction.js';
import { StartupError } from '../../startup-error.js';
import type { Command } from '../orderly.js';

const USAGE = 'org create "<name>" [--key-name <name>]';

export const command: Command = {
  usage: USAGE,
  summary: 'Create an organization (a clinic) and print its first admin API key, once.',
  async run(args, io) {
    const [action, name, ...rest] = args;
    const keyNameAt = rest.indexOf('--key-name');
    const keyName = keyNameAt >= 0 ? rest[keyNameAt + 1] : undefined;
    if (
      action !== 'create' ||
      !name?.trim() ||
      name.length > 200 ||
      (keyNameAt >= 0 && !keyName?.trim())
    ) {
      io.stderr(`error: usage: orderly ${USAGE}\n`);
      return 2;
    }
    let runtime;
    try {
      const config = loadConfig();
      // Logs go to stderr so that stdout is only the JSON result.
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
      const created = await inTransaction(runtime.db, (tx) =>
        createOrganization(tx, {
          name: name.trim(),
          ...(keyName && { keyName: keyName.trim() }),
          now: runtime.clock.now(),
        }),
      );
      io.stdout(
        `${JSON.stringify(
          {
            organization: created.organization,
            apiKey: {
              id: created.apiKey.id,
              name: created.apiKey.name,
              prefix: created.apiKey.prefix,
              scopes: created.apiKey.scopes,
            },
            key: created.key,
          },
          null,
          2,
        )}\n`,
      );
      io.stderr('Store this API key now: it is shown only once (Orderly keeps only its hash).\n');
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

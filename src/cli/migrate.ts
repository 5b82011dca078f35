// `npm run db:migrate`: apply pending migrations and exit. Uses DATABASE_URL, or the
// embedded PostgreSQL in DATA_DIR when it is unset (starting and stopping it).
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';
import { StartupError } from '../startup-error.js';

try {
  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger(config.logLevel));
  await runtime.close();
} catch (error) {
  process.stderr.write(
    error instanceof StartupError
      ? `${error.toLine()}\n`
      : `orderly: migration failed: ${String(error)}\n`,
  );
  process.exit(1);
}

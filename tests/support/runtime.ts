// A Runtime for in-process tests, built by the same composition root as the server.
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type OpenOptions, type Runtime } from '../../src/runtime.js';

export async function openTestRuntime(
  databaseUrl: string,
  options: OpenOptions = {},
  env: Record<string, string> = {},
): Promise<Runtime> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...env });
  return openRuntime(config, createLogger(config.logLevel), options);
}

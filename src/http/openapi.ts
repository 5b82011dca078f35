// The OpenAPI document, generated from the same route schemas that validate requests.
// `npm run openapi` writes it to docs/openapi.json; a test fails when that file is stale.
import type { Runtime } from '../runtime.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { systemClock } from '../adapters/clock.js';
import { buildApp } from './app.js';

/**
 * Builds the app only to read its routes: nothing here opens a connection (routes touch
 * the database only when they handle a request, and no request is made).
 */
export async function openApiDocument(): Promise<unknown> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const runtime = {
    config,
    log: createLogger('silent'),
    clock: systemClock,
    db: { prisma: {} },
    apiKeys: {},
    migrations: [],
  } as unknown as Runtime;
  const app = await buildApp(runtime);
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}

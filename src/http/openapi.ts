// The OpenAPI document, generated from the same route schemas that validate requests.
// `npm run openapi` writes it to docs/openapi.json; a test fails when that file is stale.
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { routesOnlyRuntime } from '../runtime.js';
import { buildApp } from './app.js';

/**
 * Builds the app only to read its routes: nothing here opens a connection (routes touch
 * the database only when they handle a request, and no request is made).
 */
export async function openApiDocument(): Promise<unknown> {
  const app = await buildApp(
    routesOnlyRuntime(loadConfig({ LOG_LEVEL: 'silent' }), createLogger('silent')),
  );
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}

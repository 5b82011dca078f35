// Builds the Fastify instance without listening (server.ts / main.ts listen; tests inject).
// Plugins are registered explicitly, in the order they apply.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { problemType, sendProblem } from './problem.js';
import { healthRoutes } from './routes/health.js';

export async function buildApp(runtime: Runtime): Promise<FastifyInstance> {
  const { config, log } = runtime;
  // Widened on purpose: Fastify's types are parameterised by the logger type.
  const loggerInstance: FastifyBaseLogger = log;
  const app = Fastify({
    loggerInstance,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    // Drain keep-alive connections on close so shutdown is not held up by idle clients.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]?.replace(/\/feeds\/[^/]+/, '/feeds/…')}.`,
    }),
  );

  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      // A 5xx never leaks internals.
      return sendProblem(reply, { type: problemType('internal'), title: 'Internal error', status });
    }
    return sendProblem(reply, {
      type: problemType('bad-request'),
      title: 'Bad request',
      status,
      detail: error.message ?? 'Bad request',
    });
  });

  await app.register(healthRoutes(runtime));
  return app;
}

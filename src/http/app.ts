// Builds the Fastify instance without listening (main.ts listens; tests inject or listen on
// port 0). Plugins are registered explicitly, in the order they apply.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit, {
  type FastifyRateLimitStore,
  type FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { DomainError, isDatabaseUnavailable, isDiskFull } from '../services/errors.js';
import { databaseAnswers } from '../services/health.js';
import { useCursorKey } from '../services/pagination.js';
import { FailedAuthThrottle, RequestBudget } from '../services/request-limits.js';
import { installAuthentication } from './auth.js';
import { installJsonParser } from './json.js';
import { installOverloadProtection } from './overload.js';
import { DOMAIN_ERROR_HTTP, problemType, sendProblem, sendUnavailable } from './problem.js';
import { adminRoutes } from './routes/admin.js';
import { advocateRoutes } from './routes/advocates.js';
import { caseRoutes } from './routes/cases.js';
import { computeRoutes } from './routes/compute.js';
import { courtClosureRoutes } from './routes/court-closures.js';
import { deadlineRoutes } from './routes/deadlines.js';
import { feedRoutes, publicFeedRoutes } from './routes/feeds.js';
import { healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/imports.js';
import { optOutRoutes } from './routes/opt-out.js';
import { petitionerLinkRoutes } from './routes/petitioner-links.js';
import { reminderRoutes } from './routes/reminders.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { FieldValidationError, fieldProblems, installValidation, partName } from './validation.js';
import { notFoundPage, wantsPage, webApp } from '../web/plugin.js';

export const API_VERSION = '1.0.0';

const FASTIFY_ERRORS: Record<string, { slug: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-json', title: 'Malformed JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { slug: 'malformed-json', title: 'Empty JSON body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'payload-too-large', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    slug: 'unsupported-media-type',
    title: 'Unsupported media type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { slug: 'bad-request', title: 'Invalid Content-Length' },
  FST_ERR_RATE_LIMITED: { slug: 'rate-limited', title: 'Too many requests' },
};

function installErrorHandling(app: FastifyInstance, runtime: Runtime): void {
  app.setNotFoundHandler((request, reply) =>
    // People get a page; machines (the API, feeds) a problem.
    wantsPage(request.url, request.headers.accept)
      ? notFoundPage(request, reply, runtime.config.quickExitUrl)
      : sendProblem(reply, {
          type: problemType('not-found'),
          title: 'Not found',
          status: 404,
          // Feed URLs carry a secret: never echo them.
          detail: `No route ${request.method} ${(request.url.split('?')[0] ?? '').replace(/\/feeds\/[^/]+/, '/feeds/…')}.`,
        }),
  );

  app.setErrorHandler(async (error: FastifyError & { validation?: unknown }, request, reply) => {
    if (error instanceof DomainError) {
      const http = DOMAIN_ERROR_HTTP[error.code];
      return sendProblem(reply, {
        type: problemType(http.slug),
        title: http.title,
        status: http.status,
        detail: error.message,
        ...(error.fields.length > 0 && { errors: error.fields }),
      });
    }
    if (error instanceof FieldValidationError) {
      return sendProblem(reply, {
        type: problemType('invalid-input'),
        title: 'Invalid input',
        status: 400,
        detail: error.message,
        errors: error.problems,
      });
    }
    if (Array.isArray(error.validation)) {
      // A malformed id in the path cannot name anything that exists: same answer as an unknown id.
      if (error.validationContext === 'params') {
        return sendProblem(reply, {
          type: problemType('not-found'),
          title: 'Not found',
          status: 404,
          detail: 'No such resource.',
        });
      }
      const errors = fieldProblems(error.validation, partName(error.validationContext ?? 'body'));
      return sendProblem(reply, {
        type: problemType('invalid-input'),
        title: 'Invalid input',
        status: 400,
        detail: errors.map((e) => `${e.name}: ${e.reason}`).join('; '),
        errors,
      });
    }
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (known || (status >= 400 && status < 500)) {
      return sendProblem(reply, {
        type: problemType(known?.slug ?? 'bad-request'),
        title: known?.title ?? 'Bad request',
        status,
        detail: error.message,
      });
    }
    if (isDiskFull(error)) {
      // The transaction was rolled back: nothing was written. Retrying helps only once
      // someone frees space, so no Retry-After.
      request.log.error({ err: error }, 'database disk full');
      return sendProblem(reply, {
        type: problemType('insufficient-storage'),
        title: 'Insufficient storage',
        status: 507,
        detail:
          "The database's disk is full; nothing was changed. Retry once space has been freed.",
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendUnavailable(reply, {
        slug: 'database-unavailable',
        title: 'Service unavailable',
        detail: 'The database is not reachable right now; nothing was changed. Retry shortly.',
      });
    }
    // An error no rule above recognised, at a moment the database does not answer (it
    // crashed mid-request, and the driver's words for that vary): the database's absence,
    // so a 503 with Retry-After, not a 500.
    if (!(await databaseAnswers(runtime.db))) {
      request.log.warn({ err: error }, 'database unavailable (it does not answer)');
      return sendUnavailable(reply, {
        slug: 'database-unavailable',
        title: 'Service unavailable',
        detail: 'The database is not reachable right now. Retry shortly.',
      });
    }
    request.log.error({ err: error }, 'request failed');
    // A 5xx never leaks internals.
    return sendProblem(reply, {
      type: problemType('internal'),
      title: 'Internal error',
      status: 500,
    });
  });
}

const draining = new WeakMap<FastifyInstance, { closing: boolean }>();

/**
 * Shutdown drains: requests in flight finish, and every response sent from then on says
 * `Connection: close`, so keep-alive connections end with their last answer instead of
 * holding the server open until their idle timeout.
 */
function installDraining(app: FastifyInstance): void {
  const state = { closing: false };
  draining.set(app, state);
  app.addHook('preClose', (done) => {
    state.closing = true;
    done();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (state.closing) reply.header('connection', 'close');
    return payload;
  });
}

/**
 * Graceful stop. For `settleMs` the server keeps answering (with `Connection: close`), so
 * requests already sent but not yet read off their sockets are read and answered rather
 * than cut off; then it stops accepting (late requests get 503) and waits for the rest.
 */
export async function drainAndClose(app: FastifyInstance, settleMs = 250): Promise<void> {
  const state = draining.get(app);
  if (state) state.closing = true;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  await app.close();
}

/** @fastify/rate-limit's store over the shared counters (one window per route set, per key). */
function sharedRateLimitStore(budget: RequestBudget): FastifyRateLimitStoreCtor {
  return class SharedRateLimitStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      budget.take(key, timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => callback(error as Error),
      );
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

export async function buildApp(runtime: Runtime): Promise<FastifyInstance> {
  const { config, log } = runtime;
  // Cursors are signed with a key every process sharing SECRETS_KEY derives alike, so a cursor
  // from one API process works on another.
  useCursorKey((await runtime.secretBox()).derive('pagination cursor'));
  // Widened on purpose: Fastify's types are parameterised by the logger type.
  const loggerInstance: FastifyBaseLogger = log;
  const app = Fastify({
    loggerInstance,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs * 2,
    // Drain keep-alive connections on close so shutdown is not held up by idle clients.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Behind a proxy (or Docker's published port) the socket's peer is the proxy: TRUST_PROXY
    // says whose X-Forwarded-For names the client, for the throttles and the logs.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Problem bodies (every 4xx/5xx) are small objects this code builds itself: plain
    // JSON.stringify serves them, so only success responses get a compiled serializer. The
    // error schemas stay on every route for the OpenAPI document; not compiling them saves
    // a few hundred serializers at start-up.
    schemaController: {
      compilersFactory: {
        buildSerializer: (externalSchemas: unknown, options: unknown) => {
          const compile = SerializerSelector()(externalSchemas, options as never);
          return (route: { httpStatus?: string }) =>
            Number(route.httpStatus) >= 400
              ? (data: unknown) => JSON.stringify(data)
              : compile(route as never);
        },
      },
    },
    // Malformed or overlong URLs: a problem like every other error, never echoing the path
    // (which may hold a feed token).
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void sendProblem(reply, {
        type: problemType(tooLong ? 'uri-too-long' : 'bad-request'),
        title: tooLong ? 'URI too long' : 'Bad request',
        status: tooLong ? 414 : 400,
        detail: tooLong
          ? 'A path segment is longer than any id this API uses.'
          : 'The URL is not valid.',
      });
    },
  });

  installDraining(app);
  await installOverloadProtection(app, config.overload);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  installJsonParser(app);
  installValidation(app, SHARED_SCHEMAS);
  installErrorHandling(app, runtime);

  await app.register(helmet, {
    // JSON and calendars only: nothing on these responses may load or frame anything.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins,
      exposedHeaders: ['etag', 'location', 'idempotent-replayed'],
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Orderly API',
        version: API_VERSION,
        description:
          'Court-deadline and order-lifecycle calendar service for California restraining orders. Every computed date names its rule and citation and explains itself. Errors are RFC 9457 problem details. Not legal advice.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An Orderly API key: ork_…' },
        },
      },
      security: [{ apiKey: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  await app.register(healthRoutes(runtime));
  await app.register(optOutRoutes(runtime));
  // Calendar apps cannot send API keys: the secret token in the path is the credential.
  await app.register(publicFeedRoutes(runtime));
  const throttle = new FailedAuthThrottle(runtime.counters, config.authFailuresPerMinute);
  await app.register(
    async (v1) => {
      installAuthentication(v1, runtime.apiKeys, throttle);
      if (config.rateLimitPerMinute > 0) {
        await v1.register(rateLimit, {
          hook: 'preHandler',
          max: config.rateLimitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => request.actor?.apiKeyId ?? request.ip,
          // Counted in PostgreSQL: every process spends the same budget.
          store: sharedRateLimitStore(
            new RequestBudget(runtime.counters, config.rateLimitPerMinute),
          ),
          errorResponseBuilder: (_request, context) => ({
            statusCode: 429,
            code: 'FST_ERR_RATE_LIMITED',
            message: `Rate limit of ${context.max} requests per minute for this API key reached; retry in ${Math.ceil(context.ttl / 1000)} s.`,
          }),
        });
      }
      await v1.register(computeRoutes());
      await v1.register(caseRoutes(runtime));
      await v1.register(deadlineRoutes(runtime));
      await v1.register(advocateRoutes(runtime));
      await v1.register(adminRoutes(runtime));
      await v1.register(reminderRoutes(runtime));
      await v1.register(feedRoutes(runtime));
      await v1.register(courtClosureRoutes(runtime));
      await v1.register(importRoutes(runtime));
      await v1.register(petitionerLinkRoutes(runtime));
    },
    { prefix: '/v1' },
  );
  // The web app for people: pages at `/`, on the same services.
  await app.register(webApp(runtime));
  return app;
}

// The organization itself, its API keys and its audit log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { apiKeysOf, createApiKey, revokeApiKey } from '../../services/api-keys.js';
import { auditLog } from '../../services/audit.js';
import { getOrganization } from '../../services/organizations.js';
import { decodeCursor, toPage } from '../../services/pagination.js';
import { actorOf } from '../auth.js';
import { respondToWrite } from '../respond.js';
import {
  ApiKeyCreateBody,
  ApiKeyCreated,
  ApiKeyView,
  AuditEventView,
  IdParams,
  OrganizationView,
  PageOf,
  PageQuery,
  problemResponses,
} from '../schemas.js';
import { apiKeyView } from '../views.js';

export const adminRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const db = runtime.db.prisma;

    app.get(
      '/organization',
      {
        schema: {
          tags: ['organization'],
          summary: 'The organization this key belongs to',
          response: { 200: OrganizationView, ...problemResponses },
        },
      },
      async (request) => getOrganization(db, actorOf(request).organizationId),
    );

    const admin = { scope: 'admin' as const };
    app.get(
      '/api-keys',
      {
        config: admin,
        schema: {
          tags: ['api keys'],
          summary: "The organization's API keys (prefixes only)",
          response: {
            200: Type.Object({ items: Type.Array(Type.Ref(ApiKeyView)) }),
            ...problemResponses,
          },
        },
      },
      async (request) => ({
        items: (await apiKeysOf(db, actorOf(request).organizationId)).map(apiKeyView),
      }),
    );
    app.post(
      '/api-keys',
      {
        config: admin,
        schema: {
          tags: ['api keys'],
          summary: 'Create an API key (the key is in this response only)',
          body: ApiKeyCreateBody,
          response: {
            201: ApiKeyCreated,
            ...problemResponses,
            409: Type.Ref('Problem'),
            422: Type.Ref('Problem'),
          },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { apiKey, key } = await createApiKey(tx, ctx, request.body);
          // The secret is never stored, not even for an Idempotency-Key replay: a replay shows the
          // key's record (so the client knows it exists, and can revoke it) without the secret.
          return {
            statusCode: 201,
            body: { apiKey: apiKeyView(apiKey), key },
            replayBody: { apiKey: apiKeyView(apiKey), key: null },
            headers: { 'cache-control': 'no-store' },
          };
        }),
    );
    app.post(
      '/api-keys/:id/revoke',
      {
        config: admin,
        schema: {
          tags: ['api keys'],
          summary: 'Revoke an API key (effective immediately)',
          params: IdParams,
          response: { 200: Type.Ref(ApiKeyView), ...problemResponses },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const revoked = await revokeApiKey(tx, ctx, request.params.id);
          runtime.apiKeys.evict(revoked.prefix);
          return { statusCode: 200, body: apiKeyView(revoked) };
        }),
    );

    app.get(
      '/audit-events',
      {
        config: admin,
        schema: {
          tags: ['audit'],
          summary: 'Who changed what, when (newest first)',
          querystring: PageQuery,
          response: { 200: PageOf(AuditEventView), ...problemResponses },
        },
      },
      async (request) => {
        const query = request.query;
        const beforeId =
          query.cursor === undefined
            ? undefined
            : decodeCursor(query.cursor, { audit: true }, 1)[0];
        const rows = await auditLog(db, actorOf(request).organizationId, {
          ...(beforeId && { beforeId }),
          limit: query.limit + 1,
        });
        const page = toPage(rows, query.limit, (row) => [row.id], { audit: true });
        return page;
      },
    );
  };

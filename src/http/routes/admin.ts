// The organization itself, its API keys and its audit log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { apiKeysOf, createApiKey, revokeApiKey } from '../../services/api-keys.js';
import { auditLog } from '../../services/audit.js';
import { getOrganization } from '../../services/organizations.js';
import {
  changeRetentionPolicy,
  getRetentionPolicy,
  MAX_RETENTION_DAYS,
  retentionRuns,
  type RetentionPolicy,
} from '../../services/retention.js';
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

const Days = Type.Integer({ minimum: 1, maximum: MAX_RETENTION_DAYS });
const Off = Type.Literal('off');
const RetentionView = Type.Object(
  {
    closedCaseDays: Type.Union([Days, Off], {
      description:
        'Closed cases are erased this many days after closing ("off": never). Default 365.',
    }),
    reminderDays: Type.Integer({
      minimum: 1,
      maximum: MAX_RETENTION_DAYS,
      description: 'Sent and cancelled reminders are deleted this many days later. Default 90.',
    }),
    auditDays: Type.Union([Days, Off], {
      description:
        'Audit rows are deleted this many days after they were written ("off": kept). Default 1095.',
    }),
  },
  { additionalProperties: false },
);
const retentionView = (policy: RetentionPolicy) => ({
  closedCaseDays: policy.closedCaseDays ?? ('off' as const),
  reminderDays: policy.reminderDays,
  auditDays: policy.auditDays ?? ('off' as const),
});
const Count = Type.Integer({ minimum: 0 });
const RetentionRunView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  casesErased: Count,
  remindersDeleted: Count,
  auditRowsDeleted: Count,
  idempotencyDeleted: Count,
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the run stopped early; the next run resumes.',
  }),
});

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

    app.get(
      '/organization/retention',
      {
        config: admin,
        schema: {
          tags: ['organization'],
          summary: 'How long the organization keeps closed cases, sent reminders and audit rows',
          response: { 200: RetentionView, ...problemResponses },
        },
      },
      async (request) =>
        retentionView(await getRetentionPolicy(db, actorOf(request).organizationId)),
    );
    app.put(
      '/organization/retention',
      {
        config: admin,
        schema: {
          tags: ['organization'],
          summary: 'Set how long the organization keeps what it no longer needs',
          description:
            'The worker erases closed cases, deletes sent and cancelled reminders and audit rows once they are older than these periods (README "Erasure and retention").',
          body: RetentionView,
          response: { 200: RetentionView, ...problemResponses, 422: Type.Ref('Problem') },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const body = request.body;
          const policy = await changeRetentionPolicy(tx, ctx, {
            closedCaseDays: body.closedCaseDays === 'off' ? null : body.closedCaseDays,
            reminderDays: body.reminderDays,
            auditDays: body.auditDays === 'off' ? null : body.auditDays,
          });
          return { statusCode: 200, body: retentionView(policy) };
        }),
    );
    app.get(
      '/retention-runs',
      {
        config: admin,
        schema: {
          tags: ['organization'],
          summary: "The retention purge's runs for this organization (newest first)",
          querystring: PageQuery,
          response: { 200: PageOf(RetentionRunView), ...problemResponses },
        },
      },
      async (request) => {
        const query = request.query;
        return retentionRuns(db, actorOf(request).organizationId, {
          ...(query.cursor !== undefined && { cursor: query.cursor }),
          limit: query.limit,
        });
      },
    );
  };

// /v1/advocates: the people at the clinic who are assigned to cases.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import {
  changeAdvocate,
  createAdvocate,
  getAdvocate,
  searchAdvocates,
} from '../../services/advocates.js';
import { actorOf } from '../auth.js';
import { etagOf, preconditionOf, respondToWrite } from '../respond.js';
import {
  AdvocateCreateBody,
  AdvocatePatchBody,
  AdvocateView,
  IdParams,
  PageOf,
  PageQuery,
  problemResponses,
} from '../schemas.js';
import { advocateView } from '../views.js';

const tags = ['advocates'];

export const advocateRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const db = runtime.db.prisma;
    app.post(
      '/advocates',
      {
        config: { scope: 'write' },
        schema: {
          tags,
          summary: 'Record an advocate',
          body: AdvocateCreateBody,
          response: {
            201: Type.Ref(AdvocateView),
            ...problemResponses,
            409: Type.Ref('Problem'),
            422: Type.Ref('Problem'),
          },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const advocate = await createAdvocate(tx, ctx, request.body);
          return {
            statusCode: 201,
            body: advocateView(advocate),
            headers: { location: `/v1/advocates/${advocate.id}` },
          };
        }),
    );
    app.get(
      '/advocates',
      {
        schema: {
          tags,
          summary: "The organization's advocates",
          querystring: PageQuery,
          response: { 200: PageOf(Type.Ref(AdvocateView)), ...problemResponses },
        },
      },
      async (request) => {
        const query = request.query;
        const page = await searchAdvocates(db, actorOf(request).organizationId, {
          ...(query.cursor !== undefined && { cursor: query.cursor }),
          limit: query.limit,
        });
        return { items: page.items.map(advocateView), nextCursor: page.nextCursor };
      },
    );
    app.get(
      '/advocates/:id',
      {
        schema: {
          tags,
          summary: 'An advocate',
          params: IdParams,
          response: { 200: Type.Ref(AdvocateView), ...problemResponses },
        },
      },
      async (request, reply) => {
        const advocate = await getAdvocate(db, actorOf(request).organizationId, request.params.id);
        reply.header('etag', etagOf(advocate.version));
        return advocateView(advocate);
      },
    );
    app.patch(
      '/advocates/:id',
      {
        config: { scope: 'write' },
        schema: {
          tags,
          summary: 'Change an advocate (e.g. active: false when they leave; requires If-Match)',
          description:
            'Send the ETag from GET in If-Match: 412 if the advocate changed since, 428 without it; `If-Match: *` applies to whatever version is current.',
          params: IdParams,
          body: AdvocatePatchBody,
          response: {
            200: Type.Ref(AdvocateView),
            ...problemResponses,
            412: Type.Ref('Problem'),
            428: Type.Ref('Problem'),
          },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const advocate = await changeAdvocate(
            tx,
            ctx,
            request.params.id,
            preconditionOf(request),
            request.body,
          );
          return {
            statusCode: 200,
            body: advocateView(advocate),
            headers: { etag: etagOf(advocate.version) },
          };
        }),
    );
  };

// Courts and their closures over the API: the court list (GET /v1/courts), court closures an
// organization's admins record and withdraw (CCP § 12b; Gov. Code § 68115), and the background
// recomputations they start, with their progress.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import {
  getClosure,
  recordClosure,
  searchClosures,
  withdrawClosure,
} from '../../services/court-closures.js';
import { courts } from '../../services/courts.js';
import { getRecomputeJob, searchRecomputeJobs } from '../../services/recompute-jobs.js';
import { actorOf } from '../auth.js';
import { respondToWrite } from '../respond.js';
import {
  ClosureCreateBody,
  ClosureQuery,
  ClosureView,
  ClosureWithJobs,
  CourtView,
  IdParams,
  JobQuery,
  JobView,
  PageOf,
  problemResponses,
  WithdrawBody,
} from '../schemas.js';
import { closureView, closureWithJobs as withJobs, jobView } from '../views.js';

// ---- Routes -----------------------------------------------------------------------------

export const courtClosureRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const db = runtime.db.prisma;
    const viewerOf = (request: Parameters<typeof actorOf>[0]) => ({
      organizationId: actorOf(request).organizationId,
    });
    const admin = { scope: 'admin' as const };

    app.get(
      '/courts',
      {
        schema: {
          tags: ['courts'],
          summary:
            'The courts: ids, names, close of judicial business (with its source) and the calendar years covered',
          response: {
            200: Type.Object({ items: Type.Array(Type.Ref(CourtView)) }),
            ...problemResponses,
          },
        },
      },
      async () => ({ items: courts() }),
    );

    app.post(
      '/court-closures',
      {
        config: admin,
        schema: {
          tags: ['court closures'],
          summary: "Record a court closure for this organization's cases (CCP § 12b)",
          description:
            'Each day from `from` to `to` stops being a court day for the court ("CA": every court) in this organization\'s cases. The cases it may move are recomputed in the background (the `jobs` returned; progress at /v1/recompute-jobs/{id}); moved deadlines name the closure in their history, and assigned advocates and webhooks are told. Honours Idempotency-Key.',
          body: ClosureCreateBody,
          response: {
            201: ClosureWithJobs,
            ...problemResponses,
            409: Type.Ref('Problem'),
            422: Type.Ref('Problem'),
          },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const recorded = await recordClosure(
            tx,
            { kind: 'organization', ctx },
            ctx.actor.organizationId,
            request.body,
          );
          return {
            statusCode: 201,
            body: withJobs(recorded),
            headers: { location: `/v1/court-closures/${recorded.closure.id}` },
          };
        }),
    );

    app.get(
      '/court-closures',
      {
        schema: {
          tags: ['court closures'],
          summary: "Court closures in force for this organization's cases: its own and shared ones",
          querystring: ClosureQuery,
          response: { 200: PageOf(Type.Ref(ClosureView)), ...problemResponses },
        },
      },
      async (request) => {
        const { court, withdrawn, cursor, limit } = request.query;
        const page = await searchClosures(
          db,
          viewerOf(request),
          { ...(court !== undefined && { court }), withdrawn },
          { ...(cursor !== undefined && { cursor }), limit },
        );
        return { items: page.items.map(closureView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/court-closures/:id',
      {
        schema: {
          tags: ['court closures'],
          summary: 'A court closure, with the recomputations of this organization it started',
          params: IdParams,
          response: { 200: ClosureWithJobs, ...problemResponses },
        },
      },
      async (request) => withJobs(await getClosure(db, viewerOf(request), request.params.id)),
    );

    app.post(
      '/court-closures/:id/withdraw',
      {
        config: admin,
        schema: {
          tags: ['court closures'],
          summary: 'Withdraw a closure recorded in error; the cases it moved are recomputed',
          params: IdParams,
          body: WithdrawBody,
          response: { 200: ClosureWithJobs, ...problemResponses, 409: Type.Ref('Problem') },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => ({
          statusCode: 200,
          body: withJobs(
            await withdrawClosure(
              tx,
              { kind: 'organization', ctx },
              request.params.id,
              request.body.reason,
            ),
          ),
        })),
    );

    app.get(
      '/recompute-jobs',
      {
        schema: {
          tags: ['court closures'],
          summary: "This organization's background recomputations, newest first",
          querystring: JobQuery,
          response: { 200: PageOf(Type.Ref(JobView)), ...problemResponses },
        },
      },
      async (request) => {
        const { status, closureId, cursor, limit } = request.query;
        const page = await searchRecomputeJobs(
          db,
          viewerOf(request),
          {
            ...(status !== undefined && { status }),
            ...(closureId !== undefined && { closureId }),
          },
          { ...(cursor !== undefined && { cursor }), limit },
        );
        return { items: page.items.map(jobView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/recompute-jobs/:id',
      {
        schema: {
          tags: ['court closures'],
          summary: 'A background recomputation and its progress',
          params: IdParams,
          response: { 200: Type.Ref(JobView), ...problemResponses },
        },
      },
      async (request) => jobView(await getRecomputeJob(db, viewerOf(request), request.params.id)),
    );
  };

// GET /v1/deadlines: what is due across the organization.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { historyOfDeadline, searchDeadlines } from '../../services/deadlines.js';
import { actorOf } from '../auth.js';
import {
  DeadlineHistoryPage,
  DeadlineListItem,
  DeadlineQuery,
  IdParams,
  PageOf,
  PageQuery,
  problemResponses,
} from '../schemas.js';
import { deadlineView } from '../views.js';

export const deadlineRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    app.get(
      '/deadlines',
      {
        schema: {
          tags: ['deadlines'],
          summary:
            "The organization's deadlines in date order (default: open — upcoming and overdue)",
          description:
            'Filter by date range, kind (repeatable), assigned advocate and status. Cursor pagination in (date, id) order: rows added meanwhile never repeat or shift a page.',
          querystring: DeadlineQuery,
          response: { 200: PageOf(Type.Ref(DeadlineListItem)), ...problemResponses },
        },
      },
      async (request) => {
        const query = request.query;
        const page = await searchDeadlines(
          runtime.db.prisma,
          actorOf(request).organizationId,
          {
            ...(query.from !== undefined && { from: query.from }),
            ...(query.to !== undefined && { to: query.to }),
            ...(query.kind !== undefined && { kinds: [...new Set(query.kind)].sort() }),
            ...(query.advocate !== undefined && { advocateId: query.advocate }),
            status: query.status,
            ...(query.cursor !== undefined && { cursor: query.cursor }),
            limit: query.limit,
          },
          runtime.clock.now(),
        );
        return {
          items: page.items.map((item) => ({
            ...deadlineView(item),
            caseReference: item.caseReference,
            overdue: item.overdue,
          })),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/deadlines/:id/history',
      {
        schema: {
          tags: ['deadlines'],
          summary: "A deadline's history, newest first: every value it had and what moved it",
          description:
            "Cursor pagination in (revision, id) order, newest first: changes made while paging come before the first page, so a walk never repeats or skips one. The case's deadlines list embeds the newest changes only (historyTruncated).",
          params: IdParams,
          querystring: PageQuery,
          response: { 200: DeadlineHistoryPage, ...problemResponses },
        },
      },
      async (request) => {
        const { id } = request.params;
        const { cursor, limit } = request.query;
        const page = await historyOfDeadline(
          runtime.db.prisma,
          actorOf(request).organizationId,
          id,
          { ...(cursor !== undefined && { cursor }), limit },
        );
        return {
          deadlineId: id,
          caseId: page.caseId,
          items: page.items,
          nextCursor: page.nextCursor,
        };
      },
    );
  };

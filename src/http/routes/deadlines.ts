// GET /v1/deadlines: what is due across the organization.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { searchDeadlines } from '../../services/deadlines.js';
import { actorOf } from '../auth.js';
import { DeadlineListItem, DeadlineQuery, PageOf, problemResponses } from '../schemas.js';
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
  };

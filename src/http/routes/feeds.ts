// Calendar feeds. /v1/feeds manages the secret URLs (write scope); /feeds/<token>.ics serves
// them to calendar apps, with no API key: the token in the path is the credential. Tokens
// never reach logs (src/logger.ts masks /feeds/… in logged URLs) or stored replays.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { createFeed, getFeed, revokeFeed, rotateFeed, searchFeeds } from '../../services/feeds.js';
import { FailedAuthThrottle } from '../../services/request-limits.js';
import { actorOf, sendThrottled } from '../auth.js';
import { problemType, sendProblem } from '../problem.js';
import { respondToWrite } from '../respond.js';
import {
  FeedCreateBody,
  FeedCreated,
  FeedQuery,
  FeedRotated,
  FeedView,
  IdParams,
  PageOf,
  problemResponses,
} from '../schemas.js';
import { feedView } from '../views.js';

const tags = ['feeds'];
const write = { scope: 'write' as const };

/** /v1/feeds: under the API key authentication of /v1. */
export const feedRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const db = runtime.db.prisma;
    const { feeds } = runtime;

    app.post(
      '/feeds',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create a secret calendar-feed URL (the token is in this response only)',
          description:
            "Subscribe calendar apps to `url` (or `webcalUrl`). Another organization's case or advocate is answered 404.",
          body: FeedCreateBody,
          response: {
            201: FeedCreated,
            ...problemResponses,
            409: Type.Ref('Problem'),
            422: Type.Ref('Problem'),
          },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { feed, token } = await createFeed(tx, ctx, request.body);
          // The token is never stored, not even for an Idempotency-Key replay.
          return {
            statusCode: 201,
            body: { feed: feedView(feed), token, ...feeds.urlsOf(token) },
            replayBody: { feed: feedView(feed), token: null, url: null, webcalUrl: null },
            headers: { 'cache-control': 'no-store', location: `/v1/feeds/${feed.id}` },
          };
        }),
    );

    app.get(
      '/feeds',
      {
        config: write,
        schema: {
          tags,
          summary: "The organization's feed URLs (prefixes only, never tokens)",
          querystring: FeedQuery,
          response: { 200: PageOf(Type.Ref(FeedView)), ...problemResponses },
        },
      },
      async (request) => {
        const { cursor, limit, ...filters } = request.query;
        const page = await searchFeeds(db, actorOf(request).organizationId, filters, {
          ...(cursor !== undefined && { cursor }),
          limit,
        });
        return { items: page.items.map(feedView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/feeds/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'A feed URL (prefix only)',
          params: IdParams,
          response: { 200: Type.Ref(FeedView), ...problemResponses },
        },
      },
      async (request) =>
        feedView(await getFeed(db, actorOf(request).organizationId, request.params.id)),
    );

    app.post(
      '/feeds/:id/revoke',
      {
        config: write,
        schema: {
          tags,
          summary: 'Revoke a feed URL (it answers 404 from the next request on)',
          params: IdParams,
          response: { 200: Type.Ref(FeedView), ...problemResponses },
        },
      },
      async (request, reply) => {
        let prefix: string | undefined;
        await respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const revoked = await revokeFeed(tx, ctx, request.params.id);
          prefix = revoked.prefix;
          return { statusCode: 200, body: feedView(revoked) };
        });
        forget(prefix);
        return reply;
      },
    );

    app.post(
      '/feeds/:id/rotate',
      {
        config: write,
        schema: {
          tags,
          summary: 'Replace a feed URL by a new one (same calendar and privacy), revoking the old',
          params: IdParams,
          response: {
            201: FeedRotated,
            ...problemResponses,
            409: Type.Ref('Problem'),
            422: Type.Ref('Problem'),
          },
        },
      },
      async (request, reply) => {
        let prefix: string | undefined;
        await respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { replaced, feed, token } = await rotateFeed(tx, ctx, request.params.id);
          prefix = replaced.prefix;
          const views = { feed: feedView(feed), replaced: feedView(replaced) };
          return {
            statusCode: 201,
            body: { ...views, token, ...feeds.urlsOf(token) },
            replayBody: { ...views, token: null, url: null, webcalUrl: null },
            headers: { 'cache-control': 'no-store', location: `/v1/feeds/${feed.id}` },
          };
        });
        forget(prefix);
        return reply;
      },
    );

    /**
     * The revoked token is forgotten here once the transaction has committed (NOTIFY tells the
     * other processes, and this one again). Runs before this process reads another request.
     */
    function forget(prefix: string | undefined): void {
      if (prefix !== undefined) runtime.feedTokens.evict(prefix);
    }
  };

/** How long a calendar app may reuse a feed without asking again (it revalidates with If-None-Match). */
const FEED_MAX_AGE_SECONDS = 300;

const FeedFileParams = Type.Object(
  { file: Type.String({ maxLength: 200, description: '<token>.ics' }) },
  { additionalProperties: false },
);

/** /feeds/<token>.ics: outside /v1, no API key. */
export const publicFeedRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const { feeds } = runtime;
    // Unknown and revoked tokens count against the client's address and the token's prefix,
    // as failed API keys do (src/services/request-limits.ts): guessing 256 bits is hopeless
    // anyway, but hammering the endpoint is not free. A valid feed is never throttled.
    const throttle = new FailedAuthThrottle(runtime.counters, runtime.config.authFailuresPerMinute);
    const notFound = (reply: FastifyReply) =>
      sendProblem(reply, {
        type: problemType('not-found'),
        title: 'Not found',
        status: 404,
        detail: 'No such calendar feed (the URL is mistyped, or was revoked or rotated).',
      });

    app.get(
      '/feeds/:file',
      {
        schema: {
          tags,
          summary: 'A calendar feed (text/calendar, RFC 5545); the token is the credential',
          description:
            'Answers 304 to If-None-Match with the current ETag. A revoked or unknown token is 404.',
          security: [],
          params: FeedFileParams,
          response: {
            200: Type.String({
              description: 'The calendar: text/calendar; charset=utf-8 (RFC 5545).',
            }),
            304: Type.Null({ description: 'Not modified since the ETag sent in If-None-Match.' }),
            404: Type.Ref('Problem'),
            429: Type.Ref('Problem'),
          },
        },
      },
      async (request, reply) => {
        const { file } = request.params;
        const credential = file.endsWith('.ics') ? await feeds.open(file.slice(0, -4)) : null;
        if (!credential) {
          const wait = await throttle.failed('feed', request.ip, file);
          if (wait > 0)
            return sendThrottled(reply, wait, 'Too many requests for unknown calendar feeds.');
          return notFound(reply);
        }
        const ifNoneMatch = request.headers['if-none-match'];
        const result = await feeds.serve(credential, ifNoneMatch);
        if (!result) return notFound(reply);
        reply
          .header('etag', result.etag)
          .header('cache-control', `private, max-age=${FEED_MAX_AGE_SECONDS}`)
          // A secret URL: keep it out of search engines and other sites' logs.
          .header('x-robots-tag', 'noindex, nofollow')
          .header('referrer-policy', 'no-referrer');
        if (result.status === 304) {
          // No body at all (not even `null`, which would be sent as JSON).
          reply.statusCode = 304;
          return reply.send();
        }
        return reply
          .code(200)
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'inline; filename="orderly.ics"')
          .send(result.body);
      },
    );
  };

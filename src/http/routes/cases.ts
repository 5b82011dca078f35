// /v1/cases: cases, their events and their deadlines.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { MAX_EVENTS } from '../../engine/index.js';
import addFormats from 'ajv-formats';
import type { Runtime } from '../../runtime.js';
import {
  correctEvent,
  createCase,
  eventProblems,
  eventsPageOfCase,
  getCase,
  recordEvent,
  searchCases,
  updateCaseFields,
  voidCaseEvent,
  type EventOutcome,
} from '../../services/cases.js';
import { deadlinesOfCaseForTenant, withStanding } from '../../services/deadlines.js';
import { eraseCase } from '../../services/erasure.js';
import type { Tx } from '../../services/transaction.js';
import { actorOf } from '../auth.js';
import { etagOf, preconditionOf, respondToWrite } from '../respond.js';
import {
  CaseCreateBody,
  CaseCreated,
  CaseDeadline,
  CaseEventParams,
  CasePatchBody,
  CaseQuery,
  CaseView,
  EventBody,
  EventOutcome as EventOutcomeSchema,
  ErasureView,
  EventsPage,
  EventsQuery,
  IdParams,
  PageOf,
  problemResponses,
  VoidBody,
} from '../schemas.js';
import {
  FieldValidationError,
  fieldProblems,
  withBodyValidator,
  type BodyCheck,
} from '../validation.js';
import { caseView, deadlineView, eventView } from '../views.js';

const tags = ['cases'];

/**
 * An event body is checked by the engine's own input parser, so the API names fields and
 * words its reasons exactly as the `orderly compute` command does.
 */
const eventBodyCheck: BodyCheck = (body) => {
  const problems = eventProblems(body);
  return problems.length === 0 ? { value: body } : { error: new FieldValidationError(problems) };
};

// The case body's own fields are checked by schema; its events are checked by the engine in
// the service, against the case's family and court (`body.events[2].date`).
const caseShape = Type.Object(
  {
    ...CaseCreateBody.properties,
    events: Type.Optional(
      Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 200 }),
    ),
  },
  { additionalProperties: false },
);
const caseShapeCheck = addFormats
  .default(new Ajv({ allErrors: true, strict: false, coerceTypes: false }))
  .compile(caseShape);
const caseBodyCheck: BodyCheck = (body) =>
  caseShapeCheck(body)
    ? { value: body }
    : { error: new FieldValidationError(fieldProblems(caseShapeCheck.errors ?? [], 'body')) };

/** The response to a change of events: a recorded or corrected event is in force, a voided one not. */
async function outcome(tx: Tx, organizationId: string, result: EventOutcome, now: Date) {
  const deadlines =
    result.deadlines ?? (await deadlinesOfCaseForTenant(tx, organizationId, result.case.id));
  const inForce = result.event.voidedAt === null;
  return {
    event: eventView(result.event, inForce),
    case: caseView(result.case),
    deadlines: withStanding(deadlines, now).map(deadlineView),
    changed: result.recomputation.changed,
  };
}

export const caseRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const db = runtime.db.prisma;

    app.post(
      '/cases',
      {
        config: { scope: 'write' },
        ...withBodyValidator(
          {
            tags,
            summary: 'Create a case (optionally with the events already known)',
            description:
              'The case, its events and its computed deadlines are written in one transaction. Honours Idempotency-Key. A reference another case of the organization has is a 409 naming body.reference unless allowDuplicateReference is true.',
            body: CaseCreateBody,
            response: {
              201: CaseCreated,
              ...problemResponses,
              409: Type.Ref('Problem'),
              422: Type.Ref('Problem'),
            },
          },
          caseBodyCheck,
        ),
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const created = await createCase(tx, ctx, request.body);
          const deadlines = await deadlinesOfCaseForTenant(
            tx,
            ctx.actor.organizationId,
            created.case.id,
          );
          return {
            statusCode: 201,
            body: {
              case: caseView(created.case),
              deadlines: withStanding(deadlines, ctx.now).map(deadlineView),
            },
            headers: {
              location: `/v1/cases/${created.case.id}`,
              etag: etagOf(created.case.version),
            },
          };
        }),
    );

    app.get(
      '/cases',
      {
        schema: {
          tags,
          summary: "List the organization's cases",
          querystring: CaseQuery,
          response: { 200: PageOf(Type.Ref(CaseView)), ...problemResponses },
        },
      },
      async (request) => {
        const query = request.query;
        const page = await searchCases(
          db,
          actorOf(request).organizationId,
          {
            ...(query.status && { status: query.status }),
            ...(query.family && { family: query.family }),
            ...(query.advocate && { advocateId: query.advocate }),
          },
          { ...(query.cursor !== undefined && { cursor: query.cursor }), limit: query.limit },
        );
        return { items: page.items.map(caseView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/cases/:id',
      {
        schema: {
          tags,
          summary: 'Get a case (with its warnings); ETag for PATCH',
          params: IdParams,
          response: { 200: Type.Ref(CaseView), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const found = await getCase(db, actorOf(request).organizationId, id);
        reply.header('etag', etagOf(found.version));
        return caseView(found);
      },
    );

    app.patch(
      '/cases/:id',
      {
        config: { scope: 'write' },
        schema: {
          tags,
          summary: 'Change a case (requires If-Match)',
          description:
            'Send the ETag from GET in If-Match: 412 if the case changed since, 428 without it; `If-Match: *` applies to whatever version is current. A new family or court recomputes the deadlines. A reference another case has is a 409 unless allowDuplicateReference is true.',
          params: IdParams,
          body: CasePatchBody,
          response: {
            200: Type.Ref(CaseView),
            ...problemResponses,
            409: Type.Ref('Problem'),
            412: Type.Ref('Problem'),
            428: Type.Ref('Problem'),
          },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { id } = request.params;
          const updated = await updateCaseFields(
            tx,
            ctx,
            id,
            preconditionOf(request),
            request.body,
          );
          return {
            statusCode: 200,
            body: caseView(updated),
            headers: { etag: etagOf(updated.version) },
          };
        }),
    );

    app.delete(
      '/cases/:id',
      {
        config: { scope: 'admin' },
        schema: {
          tags,
          summary: 'Erase a case and everything derived from it (admin)',
          description:
            'In one transaction: the case, its events, deadlines and their history, reminders, contacts, feed URLs scoped to it, stored Idempotency-Key responses and audit rows that mention it. What remains is one audit tombstone (who, when, an opaque id). Cannot be undone.',
          params: IdParams,
          response: { 200: Type.Ref(ErasureView), ...problemResponses },
        },
      },
      async (request, reply) => {
        let prefixes: string[] = [];
        let linkPrefixes: string[] = [];
        await respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { revokedFeedPrefixes, revokedLinkPrefixes, ...erasure } = await eraseCase(
            tx,
            ctx,
            request.params.id,
          );
          prefixes = revokedFeedPrefixes;
          linkPrefixes = revokedLinkPrefixes;
          return { statusCode: 200, body: erasure, headers: { 'cache-control': 'no-store' } };
        });
        // Committed: this process forgets at once what the other processes forget on NOTIFY.
        runtime.feeds.clearRenderCaches();
        for (const prefix of prefixes) runtime.feedTokens.evict(prefix);
        for (const prefix of linkPrefixes) runtime.petitionerLinks.evict(prefix);
        return reply;
      },
    );

    app.get(
      '/cases/:id/deadlines',
      {
        schema: {
          tags,
          summary: "A case's deadlines, each with its rule, citation, explanation and history",
          description:
            'Each deadline carries its newest changes, oldest first (historyTruncated is true when older ones were left out; GET /v1/deadlines/{id}/history pages them all).',
          params: IdParams,
          response: {
            200: Type.Object({ deadlines: Type.Array(Type.Ref(CaseDeadline)) }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const deadlines = await deadlinesOfCaseForTenant(db, actorOf(request).organizationId, id);
        return { deadlines: withStanding(deadlines, runtime.clock.now()).map(deadlineView) };
      },
    );

    app.get(
      '/cases/:id/events',
      {
        schema: {
          tags,
          summary: "A case's events, corrections and voids included, in recording order",
          description: `Oldest first (sequence order). The default page, ${MAX_EVENTS} events, is the most a case may hold, so one page is the whole case; a smaller limit pages, and nextCursor (null on the last page) gets the next. Events recorded while paging come on later pages: no event repeats or is skipped.`,
          params: IdParams,
          querystring: EventsQuery,
          response: { 200: EventsPage, ...problemResponses },
        },
      },
      async (request) => {
        const { id } = request.params;
        const { cursor, limit } = request.query;
        const page = await eventsPageOfCase(db, actorOf(request).organizationId, id, {
          ...(cursor !== undefined && { cursor }),
          limit,
        });
        return {
          events: page.items.map((event) => eventView(event, page.inForce.has(event.id))),
          nextCursor: page.nextCursor,
        };
      },
    );

    const writeEvent = {
      config: { scope: 'write' as const },
      response: {
        201: EventOutcomeSchema,
        ...problemResponses,
        409: Type.Ref('Problem'),
        422: Type.Ref('Problem'),
      },
    };

    app.post(
      '/cases/:id/events',
      {
        config: writeEvent.config,
        ...withBodyValidator(
          {
            tags,
            summary: 'Record an event; the deadlines are recomputed in the same transaction',
            description: 'Moves are kept as history on each deadline. Honours Idempotency-Key.',
            params: IdParams,
            body: EventBody,
            response: writeEvent.response,
          },
          eventBodyCheck,
        ),
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx, pending) => {
          const { id } = request.params;
          const result = await recordEvent(tx, ctx, id, request.body, pending);
          return {
            statusCode: 201,
            body: await outcome(tx, ctx.actor.organizationId, result, ctx.now),
            headers: { location: `/v1/cases/${id}/events/${result.event.id}` },
          };
        }),
    );

    app.post(
      '/cases/:id/events/:eventId/corrections',
      {
        config: writeEvent.config,
        ...withBodyValidator(
          {
            tags,
            summary:
              'Correct an event: a new record that replaces it (the original stays, marked as corrected)',
            params: CaseEventParams,
            body: EventBody,
            response: writeEvent.response,
          },
          eventBodyCheck,
        ),
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { id, eventId } = request.params;
          const result = await correctEvent(tx, ctx, id, eventId, request.body);
          return {
            statusCode: 201,
            body: await outcome(tx, ctx.actor.organizationId, result, ctx.now),
          };
        }),
    );

    app.post(
      '/cases/:id/events/:eventId/void',
      {
        config: writeEvent.config,
        schema: {
          tags,
          summary: 'Void an event recorded in error (it stays visible, no longer in force)',
          params: CaseEventParams,
          body: VoidBody,
          response: { 200: EventOutcomeSchema, ...problemResponses, 409: Type.Ref('Problem') },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { id, eventId } = request.params;
          const result = await voidCaseEvent(tx, ctx, id, eventId, request.body.reason);
          return {
            statusCode: 200,
            body: await outcome(tx, ctx.actor.organizationId, result, ctx.now),
          };
        }),
    );
  };

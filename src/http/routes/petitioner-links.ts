// Petitioner links over the API: make one for a case (the URL, with its token, is in the 201
// only), list a case's links by prefix, revoke one. The page itself (/p/<token>) is the web
// app's (src/web/pages/petitioner.ts). Tokens never reach logs (src/logger.ts) or stored replays.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import {
  createPetitionerLink,
  petitionerLinksOfCase,
  petitionerUrl,
  revokePetitionerLink,
  type PetitionerLinkRecord,
} from '../../services/petitioner-links.js';
import { PETITIONER_LOCALES } from '../../services/petitioner-words.js';
import { actorOf } from '../auth.js';
import { respondToWrite } from '../respond.js';
import { IdParams, problemResponses, Uuid } from '../schemas.js';

const tags = ['petitioner links'];
const Timestamp = Type.String({ format: 'date-time', description: 'An instant, ISO 8601 (UTC).' });

const PetitionerLinkCreateBody = Type.Object(
  {
    locale: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 16,
        description: `The page's language until the petitioner picks one: ${PETITIONER_LOCALES.join(', ')} (default en).`,
      }),
    ),
    expiresAt: Type.Optional(
      Type.String({
        minLength: 10,
        maxLength: 40,
        description:
          'When the link stops working: a date (YYYY-MM-DD, the end of that day at the court) or an instant, in the future and at most 6 years away. Default: 30 days after the order ends, following the order as its dates change.',
      }),
    ),
  },
  { additionalProperties: false },
);

const PetitionerLinkView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  prefix: Type.String({ description: 'opl_<10 hex>: how the link is told apart; not the secret.' }),
  locale: Type.String(),
  purpose: Type.Union([Type.Literal('handover'), Type.Literal('reminder-emails')], {
    description:
      "handover: made to give the petitioner in person; reminder-emails: the link a contact's reminder emails carry.",
  }),
  contactId: Type.Union([Uuid, Type.Null()]),
  expiresAt: Timestamp,
  expiresWithOrder: Type.Boolean({
    description: 'True while expiresAt follows the order (30 days after it ends).',
  }),
  createdAt: Timestamp,
  lastOpenedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});

const PetitionerLinkCreated = Type.Object({
  id: Uuid,
  prefix: Type.String(),
  url: Type.Union([Type.String(), Type.Null()], {
    description:
      "The petitioner's page: <PUBLIC_BASE_URL>/p/<token>. Shown once, in this response; null in an Idempotency-Key replay.",
  }),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  expiresWithOrder: Type.Boolean(),
  locale: Type.String(),
});

const linkView = (l: PetitionerLinkRecord) => ({
  id: l.id,
  caseId: l.caseId,
  prefix: l.prefix,
  locale: l.locale,
  purpose: l.contactId === null ? ('handover' as const) : ('reminder-emails' as const),
  contactId: l.contactId,
  expiresAt: l.expiresAt,
  expiresWithOrder: l.expiresWithOrder,
  createdAt: l.createdAt,
  lastOpenedAt: l.lastOpenedAt,
  revokedAt: l.revokedAt,
});

export const petitionerLinkRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const db = runtime.db.prisma;

    app.post(
      '/cases/:id/petitioner-links',
      {
        config: { scope: 'write' },
        schema: {
          tags,
          summary: "Make a link to the petitioner's own page (the URL is in this response only)",
          description:
            'The page shows the petitioner their dates and what to do, in English or Spanish, safely on a shared phone. Hand the link over in person. Only a hash of the token is stored.',
          params: IdParams,
          body: PetitionerLinkCreateBody,
          response: { 201: PetitionerLinkCreated, ...problemResponses },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const { link, token } = await createPetitionerLink(tx, ctx, request.params.id, {
            ...(request.body.locale !== undefined && { locale: request.body.locale }),
            ...(request.body.expiresAt !== undefined && { expiresAt: request.body.expiresAt }),
          });
          const created = {
            id: link.id,
            prefix: link.prefix,
            createdAt: link.createdAt,
            expiresAt: link.expiresAt,
            expiresWithOrder: link.expiresWithOrder,
            locale: link.locale,
          };
          // The token is never stored, not even for an Idempotency-Key replay.
          return {
            statusCode: 201,
            body: { ...created, url: petitionerUrl(runtime.config.publicBaseUrl, token) },
            replayBody: { ...created, url: null },
            headers: { 'cache-control': 'no-store' },
          };
        }),
    );

    app.get(
      '/cases/:id/petitioner-links',
      {
        schema: {
          tags,
          summary: "A case's petitioner links, by prefix (never the tokens)",
          params: IdParams,
          response: {
            200: Type.Object({ items: Type.Array(PetitionerLinkView) }),
            ...problemResponses,
          },
        },
      },
      async (request) => ({
        items: (
          await petitionerLinksOfCase(db, actorOf(request).organizationId, request.params.id)
        ).map(linkView),
      }),
    );

    app.post(
      '/petitioner-links/:id/revoke',
      {
        config: { scope: 'write' },
        schema: {
          tags,
          summary: 'Revoke a petitioner link (its page answers the neutral 404 from now on)',
          description: 'Revoking a revoked link changes nothing and answers the same.',
          params: IdParams,
          response: { 200: PetitionerLinkView, ...problemResponses },
        },
      },
      async (request, reply) => {
        let prefix: string | undefined;
        await respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const revoked = await revokePetitionerLink(tx, ctx, request.params.id);
          prefix = revoked.prefix;
          return { statusCode: 200, body: linkView(revoked) };
        });
        // Forgotten here once committed (NOTIFY tells the other processes, and this one again).
        if (prefix !== undefined) runtime.petitionerLinks.evict(prefix);
        return reply;
      },
    );
  };

// Reminders over the API: petitioner contacts (consent, opt-out), the clinic's webhook
// endpoints (the secret is shown once), and the reminder outbox, read-only, so failures are
// visible. The petitioner's own opt-out link is in opt-out.ts (public, no key).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { deliveryDepsOf, type Runtime } from '../../runtime.js';
import { sendReminderNow } from '../../services/reminder-delivery.js';
import { plannedReminders, type PlannedReminder } from '../../services/reminder-preview.js';
import {
  LOCALES,
  RECIPIENT_TYPES,
  REMINDER_STATUSES,
  addContact,
  changeWebhookEndpoint,
  contactsOfCase,
  createWebhookEndpoint,
  getReminder,
  getWebhookEndpoint,
  optOutContact,
  remindersOfCaseForTenant,
  resumeContact,
  setContactWording,
  CONSENT_METHODS,
  rotateWebhookEndpointSecret,
  searchReminders,
  webhookEndpointsOf,
  type ContactRecord,
  type ReminderRecord,
  type WebhookEndpointRecord,
} from '../../services/reminders.js';
import { eraseContact } from '../../services/erasure.js';
import { actorOf } from '../auth.js';
import { contextOf, etagOf, preconditionOf, respondToWrite } from '../respond.js';
import {
  ErasureView,
  IdParams,
  PageFields,
  PageOf,
  problemResponses,
  StringEnum,
  Uuid,
} from '../schemas.js';

const Timestamp = Type.String({ format: 'date-time', description: 'An instant, ISO 8601 (UTC).' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

// ---- Schemas ----------------------------------------------------------------------------

const Email = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  description: 'An email address.',
});

const ContactCreateBody = Type.Object(
  {
    email: Email,
    locale: Type.Optional(StringEnum(LOCALES, { description: 'en (default) or es.' })),
    consentAt: Type.String({
      format: 'date-time',
      description:
        'When the petitioner agreed to be reminded at this address (required: no consent, no contact).',
    }),
    consentMethod: Type.Optional(
      StringEnum(CONSENT_METHODS, { description: 'How the petitioner agreed.' }),
    ),
    discreet: Type.Optional(
      Type.Boolean({
        description:
          'Discreet reminders (default true): the subject is "A reminder for you" with no reference, the first line (what lock screens show) says nothing about courts or orders, and the body links to the petitioner\'s page. false: the full wording, with the reference.',
      }),
    ),
  },
  { additionalProperties: false },
);

const ContactResumeBody = Type.Object(
  {
    consentAt: Type.String({
      format: 'date-time',
      description: 'When the petitioner agreed again: after the opt-out, not in the future.',
    }),
    consentMethod: StringEnum(CONSENT_METHODS, { description: 'How they agreed again.' }),
  },
  { additionalProperties: false },
);

const ContactChangeBody = Type.Object(
  { discreet: Type.Boolean({ description: 'Discreet (true) or full (false) wording.' }) },
  { additionalProperties: false },
);

const ContactView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  email: Type.String(),
  locale: StringEnum(LOCALES),
  consentAt: Timestamp,
  consentMethod: Type.Union([Type.String(), Type.Null()]),
  optedOutAt: Nullable(Timestamp),
  discreet: Type.Boolean(),
  createdAt: Timestamp,
});

const WebhookUrl = Type.String({
  minLength: 8,
  maxLength: 2000,
  description:
    'https:// to a public host (a loopback, private, link-local or otherwise internal address is refused, at creation and when sending, unless the operator allows it in WEBHOOK_ALLOWED_HOSTS; http:// only to such an allowed host). Receives signed JSON (Standard Webhooks).',
});
const Description = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
  description: 'What it is for. No party data.',
});

const WebhookEndpointCreateBody = Type.Object(
  { url: WebhookUrl, description: Type.Optional(Description) },
  { additionalProperties: false },
);
const WebhookEndpointPatchBody = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    description: Type.Optional(Description),
    enabled: Type.Optional(
      Type.Boolean({ description: 'false: stop sending (pending reminders are cancelled).' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const RotateSecretBody = Type.Object(
  {
    graceSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 86_400,
        description:
          'How long the old secret keeps signing beside the new one (default 86400: 24 hours). 0 cuts it off at once, e.g. after a leak.',
      }),
    ),
  },
  { additionalProperties: false },
);

const WebhookEndpointView = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  disabledAt: Nullable(Timestamp),
  previousSecretExpiresAt: Type.Union([Timestamp, Type.Null()], {
    description: 'After a rotation, the old secret also signs until then.',
  }),
  version: Type.Integer({ description: 'Also the ETag; send it back in If-Match to PATCH.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const WebhookEndpointWithSecret = Type.Object({
  webhookEndpoint: WebhookEndpointView,
  secret: Type.Union([Type.String(), Type.Null()], {
    description:
      'The signing secret (whsec_…): shown once, in this response; stored encrypted. Null in an Idempotency-Key replay.',
  }),
});

const ReminderView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  deadlineId: Uuid,
  deadlineKey: Type.String(),
  deadlineKind: Type.String(),
  deadlineDate: Type.String(),
  occurrence: Type.String({ description: '"immediately" or "<n>d-before" the deadline.' }),
  recipient: Type.Object({ type: StringEnum(RECIPIENT_TYPES), id: Uuid }),
  channel: StringEnum(['EMAIL', 'WEBHOOK'] as const),
  dueAt: Timestamp,
  status: StringEnum(REMINDER_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});

const ReminderQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Array(StringEnum(REMINDER_STATUSES), { maxItems: REMINDER_STATUSES.length }),
    ),
    caseId: Type.Optional(Uuid),
    ...PageFields,
  },
  { additionalProperties: false },
);

const PreviewItem = Type.Object({
  reminderId: Uuid,
  deadlineId: Uuid,
  deadlineKey: Type.String(),
  deadlineKind: Type.String(),
  deadlineDate: Type.String(),
  occurrence: Type.String({
    description: '"immediately", "<n>d-before" the deadline, or "catch-up" (a case recorded late).',
  }),
  recipient: Type.Object({ type: StringEnum(RECIPIENT_TYPES), id: Uuid }),
  channel: StringEnum(['EMAIL', 'WEBHOOK'] as const),
  locale: Type.Union([StringEnum(LOCALES), Type.Null()], {
    description: "The language it is written in (a petitioner's own); null for a webhook.",
  }),
  dueAt: Timestamp,
  sendsAt: Type.String({
    format: 'date-time',
    description: 'When it will go: its due time, or the end of the quiet hours it falls in.',
  }),
  email: Type.Union([
    Type.Object({
      to: Type.String(),
      subject: Type.String(),
      text: Type.String({
        description:
          "The text as it will be sent, except a petitioner's personal opt-out token, shown as <personal link>.",
      }),
    }),
    Type.Null(),
  ]),
  webhook: Type.Union([
    Type.Object({
      url: Type.String(),
      body: Type.Record(Type.String(), Type.Unknown(), {
        description: 'The JSON body as it will be POSTed (and signed).',
      }),
    }),
    Type.Null(),
  ]),
  notSent: Type.Union([Type.String(), Type.Null()], {
    description:
      'Why it will not be sent after all (OPTED_OUT, DEADLINE_PASSED...); then no message.',
  }),
});

// ---- Views ------------------------------------------------------------------------------

const contactView = (c: ContactRecord) => ({
  id: c.id,
  caseId: c.caseId,
  email: c.email,
  locale: c.locale,
  consentAt: c.consentAt,
  consentMethod: c.consentMethod,
  optedOutAt: c.optedOutAt,
  discreet: c.discreet,
  createdAt: c.createdAt,
});

const endpointView = (e: WebhookEndpointRecord) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  enabled: e.enabled,
  disabledAt: e.disabledAt,
  previousSecretExpiresAt: e.previousSecretExpiresAt,
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

const reminderView = (r: ReminderRecord) => ({
  id: r.id,
  caseId: r.caseId,
  deadlineId: r.deadlineId,
  deadlineKey: r.payload.deadline.key,
  deadlineKind: r.payload.deadline.kind,
  deadlineDate: r.payload.deadline.date,
  occurrence: r.occurrence,
  recipient: { type: r.recipientType, id: r.recipientId },
  channel: r.channel,
  dueAt: r.dueAt,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'PENDING' ? r.nextAttemptAt : null,
  lastError: r.lastError,
  sentAt: r.sentAt,
  cancelledAt: r.cancelledAt,
  cancelReason: r.cancelReason,
  createdAt: r.createdAt,
});

const previewView = (p: PlannedReminder) => ({
  reminderId: p.reminder.id,
  deadlineId: p.reminder.deadlineId,
  deadlineKey: p.reminder.payload.deadline.key,
  deadlineKind: p.reminder.payload.deadline.kind,
  deadlineDate: p.reminder.payload.deadline.date,
  occurrence: p.reminder.occurrence,
  recipient: { type: p.reminder.recipientType, id: p.reminder.recipientId },
  channel: p.reminder.channel,
  locale: p.message?.channel === 'EMAIL' ? p.message.locale : null,
  dueAt: p.reminder.dueAt,
  sendsAt: p.sendsAt,
  email:
    p.message?.channel === 'EMAIL'
      ? { to: p.message.email.to, subject: p.message.email.subject, text: p.message.email.text }
      : null,
  webhook:
    p.message?.channel === 'WEBHOOK'
      ? { url: p.message.url, body: JSON.parse(p.message.body) as Record<string, unknown> }
      : null,
  notSent: p.notSent,
});

// ---- Routes -----------------------------------------------------------------------------

export const reminderRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    const db = runtime.db.prisma;
    const orgOf = (request: Parameters<typeof actorOf>[0]) => actorOf(request).organizationId;
    const idOf = (request: { params: { id: string } }) => request.params.id;

    // Contacts
    app.post(
      '/cases/:id/contacts',
      {
        config: { scope: 'write' },
        schema: {
          tags: ['reminders'],
          summary: "Add a petitioner's reminder contact (with their consent)",
          description:
            "Reminders of renewal and hearing dates go to this address from now on, in its locale, discreet unless discreet is false. Each email carries an opt-out link and a link to the petitioner's page. The address is stored trimmed and lowercased; a case has each address once (409 naming body.email).",
          params: IdParams,
          body: ContactCreateBody,
          response: { 201: ContactView, ...problemResponses },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const body = request.body;
          const contact = await addContact(
            tx,
            ctx,
            idOf(request),
            {
              email: body.email,
              consentAt: body.consentAt,
              ...(body.locale !== undefined && { locale: body.locale }),
              ...(body.consentMethod !== undefined && { consentMethod: body.consentMethod }),
              ...(body.discreet !== undefined && { discreet: body.discreet }),
            },
            await runtime.secretBox(),
          );
          return { statusCode: 201, body: contactView(contact) };
        }),
    );
    app.put(
      '/contacts/:id/wording',
      {
        config: { scope: 'write' },
        schema: {
          tags: ['reminders'],
          summary: "Choose discreet or full wording for a contact's reminders",
          description:
            'Sets an absolute state (no If-Match needed): reminders not yet sent follow it. Discreet: the subject is "A reminder for you" with no reference, the first line says nothing about courts or orders, and the body links to the petitioner\'s page. Full: the wording with the clinic\'s reference.',
          params: IdParams,
          body: ContactChangeBody,
          response: { 200: ContactView, ...problemResponses },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => ({
          statusCode: 200,
          body: contactView(await setContactWording(tx, ctx, idOf(request), request.body.discreet)),
        })),
    );
    app.post(
      '/contacts/:id/resume',
      {
        config: { scope: 'write' },
        schema: {
          tags: ['reminders'],
          summary:
            'Restart reminders to a contact that stopped them, with a fresh recorded consent',
          description:
            'Only with a new consent: when (after the opt-out) and how the petitioner agreed again. 409 when the reminders never stopped.',
          params: IdParams,
          body: ContactResumeBody,
          response: { 200: ContactView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const box = await runtime.secretBox();
        return respondToWrite(runtime, request, reply, async (tx, ctx) => ({
          statusCode: 200,
          body: contactView(await resumeContact(tx, ctx, idOf(request), request.body, box)),
        }));
      },
    );
    app.get(
      '/cases/:id/contacts',
      {
        schema: {
          tags: ['reminders'],
          summary: "A case's reminder contacts",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(ContactView) }), ...problemResponses },
        },
      },
      async (request) => ({
        items: (await contactsOfCase(db, orgOf(request), idOf(request))).map(contactView),
      }),
    );
    app.post(
      '/contacts/:id/opt-out',
      {
        config: { scope: 'write' },
        schema: {
          tags: ['reminders'],
          summary: 'Record that the petitioner asked to stop reminders',
          description:
            'Pending reminders to it are cancelled, and the page link its emails carried stops. Reminders restart only with a fresh recorded consent (POST /v1/contacts/{id}/resume).',
          params: IdParams,
          response: { 200: ContactView, ...problemResponses },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => ({
          statusCode: 200,
          body: contactView(await optOutContact(tx, ctx, idOf(request))),
        })),
    );

    app.delete(
      '/contacts/:id',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['reminders'],
          summary: 'Erase a contact: the address, its reminders, and what names it (admin)',
          description:
            'In one transaction: the contact, every reminder to it, stored Idempotency-Key responses and audit rows that mention it. One audit tombstone remains (who, when, an opaque id). The case stays.',
          params: IdParams,
          response: { 200: Type.Ref(ErasureView), ...problemResponses },
        },
      },
      async (request, reply) => {
        let linkPrefixes: string[] = [];
        await respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const {
            revokedFeedPrefixes: _none,
            revokedLinkPrefixes,
            ...erasure
          } = await eraseContact(tx, ctx, idOf(request));
          linkPrefixes = revokedLinkPrefixes;
          return { statusCode: 200, body: erasure, headers: { 'cache-control': 'no-store' } };
        });
        // Committed: this process forgets the contact's links at once (others on NOTIFY).
        for (const prefix of linkPrefixes) runtime.petitionerLinks.evict(prefix);
        return reply;
      },
    );

    // Webhook endpoints
    app.post(
      '/webhook-endpoints',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['reminders'],
          summary: 'Add a webhook endpoint (the signing secret is shown once)',
          description:
            'Every reminder of the organization is POSTed to it as JSON signed in the Standard Webhooks way: headers webhook-id (the reminder id: the same on every retry), webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256 of "id.timestamp.body">).',
          body: WebhookEndpointCreateBody,
          response: {
            201: WebhookEndpointWithSecret,
            ...problemResponses,
            409: Type.Ref('Problem'),
            422: Type.Ref('Problem'),
          },
        },
      },
      async (request, reply) => {
        const secrets = await runtime.secretBox();
        return respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const body = request.body;
          const { endpoint, secret } = await createWebhookEndpoint(
            tx,
            ctx,
            secrets,
            runtime.webhookPolicy,
            {
              url: body.url,
              ...(body.description !== undefined && { description: body.description }),
            },
          );
          return {
            statusCode: 201,
            body: { webhookEndpoint: endpointView(endpoint), secret },
            headers: { location: `/v1/webhook-endpoints/${endpoint.id}` },
            replayBody: { webhookEndpoint: endpointView(endpoint), secret: null },
          };
        });
      },
    );
    // Endpoint URLs can carry a receiver's own credentials: admins only, like the changes.
    app.get(
      '/webhook-endpoints',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['reminders'],
          summary: "The organization's webhook endpoints (never their secrets)",
          response: {
            200: Type.Object({ items: Type.Array(WebhookEndpointView) }),
            ...problemResponses,
          },
        },
      },
      async (request) => ({
        items: (await webhookEndpointsOf(db, orgOf(request))).map(endpointView),
      }),
    );
    app.get(
      '/webhook-endpoints/:id',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['reminders'],
          summary: 'A webhook endpoint',
          params: IdParams,
          response: { 200: WebhookEndpointView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const endpoint = await getWebhookEndpoint(db, orgOf(request), idOf(request));
        reply.header('etag', etagOf(endpoint.version));
        return endpointView(endpoint);
      },
    );
    app.patch(
      '/webhook-endpoints/:id',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['reminders'],
          summary: 'Change, disable or re-enable a webhook endpoint (requires If-Match)',
          description:
            'Send the ETag from GET in If-Match: 412 if the endpoint changed since, 428 without it; `If-Match: *` applies to whatever version is current.',
          params: IdParams,
          body: WebhookEndpointPatchBody,
          response: {
            200: WebhookEndpointView,
            ...problemResponses,
            412: Type.Ref('Problem'),
            422: Type.Ref('Problem'),
            428: Type.Ref('Problem'),
          },
        },
      },
      (request, reply) =>
        respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const body = request.body;
          const endpoint = await changeWebhookEndpoint(
            tx,
            ctx,
            runtime.webhookPolicy,
            idOf(request),
            preconditionOf(request),
            {
              ...(body.url !== undefined && { url: body.url }),
              ...(body.description !== undefined && { description: body.description }),
              ...(body.enabled !== undefined && { enabled: body.enabled }),
            },
          );
          return {
            statusCode: 200,
            body: endpointView(endpoint),
            headers: { etag: etagOf(endpoint.version) },
          };
        }),
    );
    app.post(
      '/webhook-endpoints/:id/rotate-secret',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['reminders'],
          summary:
            'Replace the signing secret (shown once; the old one signs too for 24 hours, or graceSeconds)',
          params: IdParams,
          body: RotateSecretBody,
          response: { 200: WebhookEndpointWithSecret, ...problemResponses },
        },
        // No body at all is the default rotation.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) => {
        const secrets = await runtime.secretBox();
        return respondToWrite(runtime, request, reply, async (tx, ctx) => {
          const grace = request.body.graceSeconds;
          const { endpoint, secret } = await rotateWebhookEndpointSecret(
            tx,
            ctx,
            secrets,
            idOf(request),
            ...(grace !== undefined ? [grace * 1000] : []),
          );
          return {
            statusCode: 200,
            body: { webhookEndpoint: endpointView(endpoint), secret },
            replayBody: { webhookEndpoint: endpointView(endpoint), secret: null },
          };
        });
      },
    );

    // Reminders (read-only)
    app.get(
      '/reminders',
      {
        schema: {
          tags: ['reminders'],
          summary: "The organization's reminders, e.g. ?status=FAILED",
          description:
            'Oldest first, cursor-paginated. FAILED reminders gave up after the last retry; lastError says why (status codes, never party data).',
          querystring: ReminderQuery,
          response: { 200: PageOf(ReminderView), ...problemResponses },
        },
      },
      async (request) => {
        const query = request.query;
        const page = await searchReminders(db, orgOf(request), {
          ...(query.status !== undefined && { statuses: [...new Set(query.status)].sort() }),
          ...(query.caseId !== undefined && { caseId: query.caseId }),
          ...(query.cursor !== undefined && { cursor: query.cursor }),
          limit: query.limit,
        });
        return { items: page.items.map(reminderView), nextCursor: page.nextCursor };
      },
    );
    app.get(
      '/reminders/:id',
      {
        schema: {
          tags: ['reminders'],
          summary: 'A reminder',
          params: IdParams,
          response: { 200: ReminderView, ...problemResponses },
        },
      },
      async (request) => reminderView(await getReminder(db, orgOf(request), idOf(request))),
    );
    app.get(
      '/cases/:id/reminders/preview',
      {
        schema: {
          tags: ['reminders'],
          summary: "A case's planned reminders, each rendered as it will be sent",
          description:
            "Every pending reminder, soonest first: the email (each petitioner's in her own language) or the webhook body, rendered by the code the worker sends with, and when it will go (after the quiet hours). A petitioner's personal opt-out token is not shown.",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(PreviewItem) }), ...problemResponses },
        },
      },
      async (request) => {
        const planned = await plannedReminders(db, orgOf(request), idOf(request), {
          now: runtime.clock.now(),
          quietHours: runtime.config.reminders.quietHours,
          publicBaseUrl: runtime.config.publicBaseUrl,
        });
        return { items: planned.map(previewView) };
      },
    );
    app.post(
      '/reminders/:id/send-now',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['reminders'],
          summary: 'Send a pending (or failed) reminder at once',
          description:
            'Delivered now, exactly as the worker would (and never again by it); the answer is the reminder afterwards: SENT, or PENDING with lastError and a retry planned. 409 when it was already sent, is being sent or was cancelled, for a petitioner during the quiet hours, or for email without SMTP_URL.',
          params: IdParams,
          response: { 200: ReminderView, ...problemResponses, 409: Type.Ref('Problem') },
        },
      },
      async (request) =>
        reminderView(
          await sendReminderNow(
            await deliveryDepsOf(runtime),
            contextOf(runtime, request),
            idOf(request),
          ),
        ),
    );
    app.get(
      '/cases/:id/reminders',
      {
        schema: {
          tags: ['reminders'],
          summary: "A case's reminders, in due order, with their delivery status",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(ReminderView) }), ...problemResponses },
        },
      },
      async (request) => ({
        items: (await remindersOfCaseForTenant(db, orgOf(request), idOf(request))).map(
          reminderView,
        ),
      }),
    );
  };

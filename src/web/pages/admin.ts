// Admin: people (invite, role, disable, a new sign-in link), API keys, webhook endpoints, and
// the organization's audit log, naming the person who did each thing. Admins only.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { changePerson, invitePerson, issueSignInLink, peopleOf } from '../../services/accounts.js';
import { apiKeysOf, createApiKey, revokeApiKey } from '../../services/api-keys.js';
import { auditLogWithNames } from '../../services/audit.js';
import { DomainError } from '../../services/errors.js';
import {
  changeWebhookEndpoint,
  createWebhookEndpoint,
  rotateWebhookEndpointSecret,
  webhookEndpointsOf,
} from '../../services/reminders.js';
import { unconditionally } from '../../services/preconditions.js';
import { getRetentionPolicy, retentionRuns } from '../../services/retention.js';
import { contextOf, csrfOf, redirect, requireAdmin, transaction, type Web } from '../context.js';
import {
  csrfField,
  errorSummary,
  formErrorsOf,
  radios,
  sentence,
  textInput,
  textOf,
  type FormErrors,
  type FormValues,
} from '../forms.js';
import { html, type Html } from '../html.js';
import { layout, sendPage } from '../layout.js';
import { courtDateTime } from '../strings/index.js';

const UUID = { type: 'string', format: 'uuid' } as const;
const ID_PARAMS = { type: 'object', properties: { id: UUID }, required: ['id'] } as const;

const TABS = [
  { href: '/admin/people', label: 'People' },
  { href: '/admin/api-keys', label: 'API keys' },
  { href: '/admin/webhooks', label: 'Webhooks' },
  { href: '/admin/audit', label: 'Audit log' },
];

function tabs(current: string): Html {
  return html`<nav aria-label="Admin" class="orderly-switch">
    ${TABS.map((t, i) =>
      t.href === current
        ? html`${i > 0 ? ' · ' : ''}<strong aria-current="page">${t.label}</strong>`
        : html`${i > 0 ? ' · ' : ''}<a class="usa-link" href="${t.href}">${t.label}</a>`,
    )}
  </nav>`;
}

/** A secret shown once, with a copy button. */
function shownOnce(title: string, value: string, note: string): Html {
  return html`<div class="usa-alert usa-alert--success" role="status">
    <div class="usa-alert__body">
      <h2 class="usa-alert__heading">${title}</h2>
      <p class="usa-alert__text">${note}</p>
      <label class="usa-label" for="shown-once">Copy it now: it is shown only once</label>
      <input class="usa-input orderly-copy" id="shown-once" type="text" readonly value="${value}" />
      <button class="usa-button usa-button--outline" type="button" data-copy="shown-once" hidden>
        Copy
      </button>
    </div>
  </div>`;
}

const ACTIONS: Record<string, string> = {
  'case.create': 'created a case',
  'case.import': 'imported a case from a file',
  'case.update': 'changed a case',
  'case.erase': 'erased a case (only this record of it is kept)',
  'contact.erase': 'erased a petitioner contact',
  'event.record': 'recorded an event',
  'event.correct': 'corrected an event',
  'event.void': 'voided an event',
  'feed.create': 'made a calendar link',
  'feed.revoke': 'revoked a calendar link',
  'feed.rotate': 'replaced a calendar link',
  'contact.create': 'recorded a petitioner contact',
  'contact.opt_out': 'stopped reminders to a contact',
  'contact.resume': 'restarted reminders to a contact, with a fresh consent',
  'contact.wording': 'chose discreet or full wording for a contact',
  'user.invite': 'invited a person',
  'user.sign_in_link': 'issued a sign-in link',
  'user.sign_in': 'signed in',
  'user.update': 'changed a person',
  'user.password_set': 'set their password',
  'user.passkey_add': 'added a passkey',
  'user.passkey_remove': 'removed a passkey',
  'user.totp_enable': 'turned codes on',
  'user.totp_disable': 'turned codes off',
  'user.sign_out_everywhere': 'signed out everywhere',
  'session.revoke': 'signed out a browser',
  'api_key.create': 'made an API key',
  'api_key.revoke': 'revoked an API key',
  'webhook_endpoint.create': 'added a webhook endpoint',
  'webhook_endpoint.update': 'changed a webhook endpoint',
  'webhook_endpoint.rotate_secret': 'replaced a webhook secret',
  'reminder.test': 'sent a test reminder',
  'organization.create': 'created the organization',
  'retention.update': 'changed how long records are kept',
  'advocate.create': 'added an advocate',
  'advocate.update': 'changed an advocate',
};

export const adminPages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;

    function page(
      request: FastifyRequest,
      reply: FastifyReply,
      current: string,
      body: Html,
      status = 200,
    ) {
      const user = requireAdmin(request);
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'admin' },
          html`<h1>Admin</h1>
            ${tabs(current)}${body}`,
        ),
        status,
      );
    }

    // ---- People -----------------------------------------------------------------------------

    async function peoplePage(
      request: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors | null = null,
      values: FormValues = {},
      notice: Html | null = null,
    ) {
      const admin = requireAdmin(request);
      const people = await transaction(web, (tx) => peopleOf(tx, admin.organizationId));
      const csrf = csrfOf(reply);
      return page(
        request,
        reply,
        '/admin/people',
        html`${errorSummary(errors)}${notice}
          <h2>People</h2>
          <div
            class="usa-table-container--scrollable"
            tabindex="0"
            role="region"
            aria-label="People"
          >
            <table class="usa-table usa-table--borderless usa-table--stacked orderly-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Signs in with</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                ${people.map(
                  (p) =>
                    html`<tr>
                      <th scope="row" data-label="Name">
                        ${p.displayName}<br /><span class="orderly-muted">${p.email}</span
                        >${p.disabledAt ? html` <strong>(disabled)</strong>` : ''}
                      </th>
                      <td data-label="Role">
                        ${p.role === 'admin' ? 'Administrator' : 'Advocate'}
                      </td>
                      <td data-label="Signs in with">
                        ${[p.passkeys > 0 ? `${p.passkeys} passkey${p.passkeys === 1 ? '' : 's'}` : null, p.hasPassword ? 'password' : null, p.totpEnabled ? 'codes' : null].filter(Boolean).join(', ') || 'a sign-in link only'}
                      </td>
                      <td data-label="Last sign-in">
                        ${p.lastSignInAt ? courtDateTime(p.lastSignInAt) : 'Never'}
                      </td>
                      <td data-label="Actions">
                        ${
                          p.id !== admin.id &&
                          html`<form
                              class="orderly-inline-form"
                              method="post"
                              action="/admin/people/${p.id}"
                            >
                              ${csrfField(csrf)}<input
                                type="hidden"
                                name="role"
                                value="${p.role === 'admin' ? 'advocate' : 'admin'}"
                              />
                              <button class="usa-button usa-button--unstyled" type="submit">
                                Make ${p.role === 'admin' ? 'advocate' : 'administrator'}<span
                                  class="usa-sr-only"
                                >
                                  (${p.displayName})</span
                                >
                              </button>
                            </form>
                            <form
                              class="orderly-inline-form"
                              method="post"
                              action="/admin/people/${p.id}"
                            >
                              ${csrfField(csrf)}<input
                                type="hidden"
                                name="disabled"
                                value="${p.disabledAt ? 'false' : 'true'}"
                              />
                              <button
                                class="usa-button usa-button--unstyled"
                                type="submit"
                                ${p.disabledAt ? '' : html` data-confirm="Disable this person? They are signed out everywhere."`}
                              >
                                ${p.disabledAt ? 'Enable' : 'Disable'}<span class="usa-sr-only">
                                  ${p.displayName}</span
                                >
                              </button>
                            </form>`
                        }
                        ${
                          !p.disabledAt &&
                          html`<form
                            class="orderly-inline-form"
                            method="post"
                            action="/admin/people/${p.id}/link"
                          >
                            ${csrfField(csrf)}
                            <button class="usa-button usa-button--unstyled" type="submit">
                              New sign-in link<span class="usa-sr-only"> for ${p.displayName}</span>
                            </button>
                          </form>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
          <h2>Invite a person</h2>
          <form class="usa-form" method="post" action="/admin/people" novalidate>
            ${csrfField(csrf)}
            ${textInput({ name: 'displayName', label: 'Name', value: values.displayName as string, error: errors?.displayName, maxlength: 200 })}
            ${textInput({ name: 'email', label: 'Email address', type: 'email', value: values.email as string, error: errors?.email })}
            ${radios({
              name: 'role',
              label: 'Role',
              value: (values.role as string) || 'advocate',
              choices: [
                { value: 'advocate', label: 'Advocate', hint: 'Cases, calendars and reminders.' },
                {
                  value: 'admin',
                  label: 'Administrator',
                  hint: 'Also people, API keys, webhooks and the audit log.',
                },
              ],
            })}
            <button class="usa-button" type="submit">Invite</button>
          </form>`,
        errors ? 400 : 200,
      );
    }

    async function linkNotice(email: string, signInUrl: string): Promise<Html> {
      let sent = false;
      if (runtime.email) {
        const result = await runtime.email.send({
          to: email,
          subject: 'Your sign-in link for Orderly',
          text: `You have been invited to Orderly.\n\nOpen this link to sign in. It works once, within 48 hours:\n\n${signInUrl}\n\nThen add a passkey or a password for next time.`,
          reminderId: `invite-${Date.now()}`,
          unsubscribeUrl: null,
        });
        sent = result.ok;
      }
      return shownOnce(
        sent ? `The sign-in link was emailed to ${email}` : `Sign-in link for ${email}`,
        signInUrl,
        sent
          ? 'It is also here, if you would rather give it in person. It works once, within 48 hours.'
          : 'Give it to them privately (it signs them in). It works once, within 48 hours.',
      );
    }

    app.get('/admin/people', (request, reply) => peoplePage(request, reply));

    app.post('/admin/people', async (request, reply) => {
      requireAdmin(request);
      const body = request.body;
      const role = textOf(body, 'role') === 'admin' ? 'admin' : 'advocate';
      try {
        const invited = await transaction(web, (tx) =>
          invitePerson(
            tx,
            contextOf(web, request),
            { email: textOf(body, 'email'), displayName: textOf(body, 'displayName'), role },
            web.settings,
          ),
        );
        return peoplePage(
          request,
          reply,
          null,
          {},
          await linkNotice(invited.user.email, invited.signInUrl),
        );
      } catch (error) {
        const errors = formErrorsOf(error);
        if (errors) return peoplePage(request, reply, errors, body as FormValues);
        throw error;
      }
    });

    app.post('/admin/people/:id', { schema: { params: ID_PARAMS } }, async (request, reply) => {
      requireAdmin(request);
      const { id } = request.params as { id: string };
      const role = textOf(request.body, 'role');
      const disabled = textOf(request.body, 'disabled');
      await transaction(web, (tx) =>
        changePerson(tx, contextOf(web, request), id, {
          ...((role === 'admin' || role === 'advocate') && { role: role }),
          ...((disabled === 'true' || disabled === 'false') && { disabled: disabled === 'true' }),
        }),
      );
      return redirect(reply, '/admin/people');
    });

    app.post(
      '/admin/people/:id/link',
      { schema: { params: ID_PARAMS } },
      async (request, reply) => {
        requireAdmin(request);
        const { id } = request.params as { id: string };
        const { user, signInUrl } = await transaction(web, (tx) =>
          issueSignInLink(tx, contextOf(web, request), id, web.settings),
        );
        return peoplePage(request, reply, null, {}, await linkNotice(user.email, signInUrl));
      },
    );

    // ---- API keys ---------------------------------------------------------------------------

    async function keysPage(
      request: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors | null = null,
      notice: Html | null = null,
    ) {
      const admin = requireAdmin(request);
      const keys = await transaction(web, (tx) => apiKeysOf(tx, admin.organizationId));
      const csrf = csrfOf(reply);
      return page(
        request,
        reply,
        '/admin/api-keys',
        html`${errorSummary(errors)}${notice}
          <h2>API keys</h2>
          <p>
            For your clinic’s own systems. A key acts for the whole organization; keep it secret.
          </p>
          <ul class="orderly-worklist">
            ${keys.map(
              (k) =>
                html`<li>
                  <strong>${k.name}</strong> <span class="orderly-muted">(${k.prefix}…)</span> ·
                  ${k.scopes.join(', ')} · made ${courtDateTime(k.createdAt)} ·
                  ${
                    k.revokedAt
                      ? html`<strong>revoked ${courtDateTime(k.revokedAt)}</strong>`
                      : html`${k.lastUsedAt ? `last used ${courtDateTime(k.lastUsedAt)}` : 'not used yet'}
                          <form
                            class="orderly-inline-form"
                            method="post"
                            action="/admin/api-keys/${k.id}/revoke"
                          >
                            ${csrfField(csrf)}
                            <button
                              class="usa-button usa-button--unstyled"
                              type="submit"
                              data-confirm="Revoke this key? Systems using it stop working."
                            >
                              Revoke<span class="usa-sr-only"> ${k.name}</span>
                            </button>
                          </form>`
                  }
                </li>`,
            )}
          </ul>
          <h2>Make a key</h2>
          <form class="usa-form" method="post" action="/admin/api-keys" novalidate>
            ${csrfField(csrf)}
            ${textInput({ name: 'name', label: 'What it is for', hint: 'For example: case management system.', error: errors?.name, maxlength: 100 })}
            ${radios({
              name: 'scope',
              label: 'What it may do',
              value: 'read',
              choices: [
                { value: 'read', label: 'Read' },
                { value: 'write', label: 'Read and write' },
                { value: 'admin', label: 'Everything, including keys and webhooks' },
              ],
            })}
            <button class="usa-button" type="submit">Make the key</button>
          </form>`,
        errors ? 400 : 200,
      );
    }

    app.get('/admin/api-keys', (request, reply) => keysPage(request, reply));

    app.post('/admin/api-keys', async (request, reply) => {
      requireAdmin(request);
      const name = textOf(request.body, 'name').trim();
      const scope = textOf(request.body, 'scope');
      if (!name || name.length > 100)
        return keysPage(request, reply, {
          name: 'Say what the key is for (at most 100 characters).',
        });
      const scopes: ('read' | 'write' | 'admin')[] =
        scope === 'admin' ? ['admin'] : scope === 'write' ? ['write'] : ['read'];
      const { key } = await transaction(web, (tx) =>
        createApiKey(tx, contextOf(web, request), { name, scopes }),
      );
      return keysPage(
        request,
        reply,
        null,
        shownOnce(
          'Your new API key',
          key,
          'Orderly keeps only a hash of it: if it is lost, make a new one and revoke this one.',
        ),
      );
    });

    app.post(
      '/admin/api-keys/:id/revoke',
      { schema: { params: ID_PARAMS } },
      async (request, reply) => {
        requireAdmin(request);
        const { id } = request.params as { id: string };
        const revoked = await transaction(web, (tx) =>
          revokeApiKey(tx, contextOf(web, request), id),
        );
        runtime.apiKeys.evict(revoked.prefix);
        return redirect(reply, '/admin/api-keys');
      },
    );

    // ---- Webhook endpoints ------------------------------------------------------------------

    async function webhooksPage(
      request: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors | null = null,
      values: FormValues = {},
      notice: Html | null = null,
    ) {
      const admin = requireAdmin(request);
      const endpoints = await transaction(web, (tx) =>
        webhookEndpointsOf(tx, admin.organizationId),
      );
      const csrf = csrfOf(reply);
      return page(
        request,
        reply,
        '/admin/webhooks',
        html`${errorSummary(errors)}${notice}
          <h2>Webhook endpoints</h2>
          <p>Reminders sent to your systems as signed messages (Standard Webhooks).</p>
          <ul class="orderly-worklist">
            ${endpoints.map(
              (e) =>
                html`<li>
                  <strong>${e.url}</strong>${e.description ? ` · ${e.description}` : ''} ·
                  ${e.enabled ? 'on' : html`<strong>off</strong>`}
                  <form class="orderly-inline-form" method="post" action="/admin/webhooks/${e.id}">
                    ${csrfField(csrf)}<input
                      type="hidden"
                      name="enabled"
                      value="${e.enabled ? 'false' : 'true'}"
                    />
                    <button class="usa-button usa-button--unstyled" type="submit">
                      ${e.enabled ? 'Turn off' : 'Turn on'}<span class="usa-sr-only">
                        ${e.url}</span
                      >
                    </button>
                  </form>
                  <form
                    class="orderly-inline-form"
                    method="post"
                    action="/admin/webhooks/${e.id}/rotate"
                  >
                    ${csrfField(csrf)}
                    <button class="usa-button usa-button--unstyled" type="submit">
                      New secret<span class="usa-sr-only"> for ${e.url}</span>
                    </button>
                  </form>
                </li>`,
            )}
          </ul>
          <h2>Add an endpoint</h2>
          <form class="usa-form" method="post" action="/admin/webhooks" novalidate>
            ${csrfField(csrf)}
            ${textInput({ name: 'url', label: 'Address (https://)', type: 'url', value: values.url as string, error: errors?.url })}
            ${textInput({ name: 'description', label: 'Description (optional)', value: values.description as string, error: errors?.description, maxlength: 200 })}
            <button class="usa-button" type="submit">Add</button>
          </form>`,
        errors ? 400 : 200,
      );
    }

    app.get('/admin/webhooks', (request, reply) => webhooksPage(request, reply));

    app.post('/admin/webhooks', async (request, reply) => {
      requireAdmin(request);
      const url = textOf(request.body, 'url').trim();
      const description = textOf(request.body, 'description').trim().slice(0, 200) || null;
      try {
        const { secret } = await transaction(web, (tx) =>
          createWebhookEndpoint(
            tx,
            contextOf(web, request),
            web.secrets,
            web.runtime.webhookPolicy,
            {
              url,
              description,
            },
          ),
        );
        return webhooksPage(
          request,
          reply,
          null,
          {},
          shownOnce(
            'The endpoint’s signing secret',
            secret,
            'Your system checks each message’s signature with it.',
          ),
        );
      } catch (error) {
        // The organization's cap on endpoints is told beside the address too.
        const errors =
          formErrorsOf(error) ??
          (error instanceof DomainError && error.code === 'CONFLICT'
            ? { url: sentence(error.message) }
            : null);
        if (errors) return webhooksPage(request, reply, errors, request.body as FormValues);
        throw error;
      }
    });

    app.post('/admin/webhooks/:id', { schema: { params: ID_PARAMS } }, async (request, reply) => {
      requireAdmin(request);
      const { id } = request.params as { id: string };
      const enabled = textOf(request.body, 'enabled') === 'true';
      await transaction(web, (tx) =>
        // A toggle sets an absolute state, so it applies to whatever version is current.
        changeWebhookEndpoint(
          tx,
          contextOf(web, request),
          web.runtime.webhookPolicy,
          id,
          unconditionally,
          { enabled },
        ),
      );
      return redirect(reply, '/admin/webhooks');
    });

    app.post(
      '/admin/webhooks/:id/rotate',
      { schema: { params: ID_PARAMS } },
      async (request, reply) => {
        requireAdmin(request);
        const { id } = request.params as { id: string };
        const { secret } = await transaction(web, (tx) =>
          rotateWebhookEndpointSecret(tx, contextOf(web, request), web.secrets, id),
        );
        return webhooksPage(
          request,
          reply,
          null,
          {},
          shownOnce(
            'The new signing secret',
            secret,
            'The old secret keeps signing beside it for 24 hours.',
          ),
        );
      },
    );

    // ---- Audit log --------------------------------------------------------------------------

    app.get('/admin/audit', async (request, reply) => {
      const admin = requireAdmin(request);
      const before = textOf(request.query, 'before');
      const [rows, policy, runs] = await transaction(web, (tx) =>
        Promise.all([
          auditLogWithNames(tx, admin.organizationId, {
            ...(/^[0-9a-f-]{36}$/.test(before) && { beforeId: before }),
            limit: 50,
          }),
          getRetentionPolicy(tx, admin.organizationId),
          retentionRuns(tx, admin.organizationId, { limit: 1 }),
        ]),
      );
      const who = (r: (typeof rows)[number]) =>
        r.userName ??
        (r.actor === 'cli'
          ? 'Command line'
          : r.actor === 'retention'
            ? 'Retention purge'
            : r.actor.startsWith('api-key ')
              ? `API key ${r.actor.slice(8)}`
              : r.actor);
      const lastRun = runs.items[0];
      return page(
        request,
        reply,
        '/admin/audit',
        html`<h2>Audit log</h2>
          <p id="retention">
            Kept: closed cases
            ${
              policy.closedCaseDays === null
                ? 'until someone erases them'
                : `${policy.closedCaseDays} days after closing`
            };
            sent and cancelled reminders ${policy.reminderDays} days; this log
            ${policy.auditDays === null ? 'for good' : `${policy.auditDays} days`}.
            ${
              lastRun
                ? html`Last purge ${courtDateTime(lastRun.startedAt)}: ${lastRun.casesErased} cases
                  erased, ${lastRun.remindersDeleted} reminders, ${lastRun.auditRowsDeleted} log
                  rows and ${lastRun.idempotencyDeleted} stored responses
                  deleted${lastRun.error ? html` (${lastRun.error})` : ''}.`
                : 'No purge has run yet.'
            }
          </p>
          <div
            class="usa-table-container--scrollable"
            tabindex="0"
            role="region"
            aria-label="Audit log"
          >
            <table class="usa-table usa-table--borderless usa-table--stacked orderly-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr>
                      <td data-label="When">${courtDateTime(r.at)}</td>
                      <th scope="row" data-label="Who">${who(r)}</th>
                      <td data-label="What">
                        ${ACTIONS[r.action] ?? r.action}${r.targetType === 'case' && r.targetId ? html` (<a class="usa-link" href="/cases/${r.targetId}">case</a>)` : ''}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
          ${rows.length === 50 && html`<p><a class="usa-button usa-button--outline" href="/admin/audit?before=${rows.at(-1)!.id}">Older</a></p>`}`,
      );
    });
  };

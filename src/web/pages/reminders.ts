// A case's reminders: what will be sent, when, to whom and how — with the actual email text in
// English and Spanish — and what was sent, failed or cancelled; the petitioner's contacts, with
// their recorded consent; and a test reminder to the advocate's own address.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { searchAdvocates } from '../../services/advocates.js';
import { getCase } from '../../services/cases.js';
import { DomainError, invalidInput, type FieldProblem } from '../../services/errors.js';
import { previewCaseReminders, sendTestReminder } from '../../services/reminder-preview.js';
import {
  addContact,
  contactsOfCase,
  optOutContact,
  remindersOfCaseForTenant,
  resumeContact,
  setContactWording,
  webhookEndpointsOf,
  type ContactRecord,
} from '../../services/reminders.js';
import { contextOf, csrfOf, redirect, transaction, userOf, type Web } from '../context.js';
import {
  checkboxes,
  csrfField,
  errorSummary,
  formErrorsOf,
  radios,
  textInput,
  textOf,
  type FormErrors,
  type FormValues,
} from '../forms.js';
import { html, type Html } from '../html.js';
import { layout, sendPage } from '../layout.js';
import { courtDateTime, longDate, strings } from '../strings/index.js';

const UUID = { type: 'string', format: 'uuid' } as const;
const CASE_PARAMS = { type: 'object', properties: { id: UUID }, required: ['id'] } as const;
const CONTACT_PARAMS = {
  type: 'object',
  properties: { id: UUID, contactId: UUID },
  required: ['id', 'contactId'],
} as const;

const t = strings('en');
const STATUS: Record<string, string> = {
  PENDING: 'Planned',
  SENDING: 'Sending',
  SENT: 'Sent',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};
const CANCEL: Record<string, string> = {
  DEADLINE_MOVED: 'the date moved',
  DEADLINE_MET: 'done already',
  DEADLINE_SUPERSEDED: 'no longer applies',
  DEADLINE_PASSED: 'the date passed',
  CASE_CLOSED: 'the case was closed',
  OPTED_OUT: 'the petitioner opted out',
  RECIPIENT_REMOVED: 'the recipient was removed',
};
const CONSENT_METHODS = [
  { value: 'in_person', label: 'In person' },
  { value: 'phone', label: 'By phone' },
  { value: 'written', label: 'In writing (a signed form)' },
  { value: 'email', label: 'By email' },
];

const WORDINGS = [
  {
    value: 'discreet',
    label:
      'Discreet (recommended): the subject is “A reminder for you”, and nothing about courts or orders shows on a lock screen',
  },
  {
    value: 'full',
    label: 'Full: the subject and first line name the case reference and the order',
  },
];

/** A 409 naming a field (an address the case already has) shown beside that field. */
function conflictErrorsOf(error: unknown): FormErrors | null {
  if (!(error instanceof DomainError) || error.code !== 'CONFLICT' || error.fields.length === 0)
    return null;
  return formErrorsOf(new DomainError('INVALID_INPUT', error.message, error.fields));
}

export const reminderPages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;

    async function remindersPage(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      errors: FormErrors | null = null,
      values: FormValues = {},
      notice: Html | null = null,
    ) {
      const user = userOf(request);
      const data = await transaction(web, async (tx) => {
        const found = await getCase(tx, user.organizationId, id);
        const [reminders, contacts, planned, advocates, webhooks] = await Promise.all([
          remindersOfCaseForTenant(tx, user.organizationId, id),
          contactsOfCase(tx, user.organizationId, id),
          previewCaseReminders(
            tx,
            user.organizationId,
            id,
            web.secrets,
            runtime.config.publicBaseUrl,
          ),
          searchAdvocates(tx, user.organizationId, { limit: 500 }),
          webhookEndpointsOf(tx, user.organizationId),
        ]);
        return { found, reminders, contacts, planned, advocates: advocates.items, webhooks };
      });
      const csrf = csrfOf(reply);
      const recipient = (type: string, recipientId: string) =>
        type === 'CONTACT'
          ? (data.contacts.find((c) => c.id === recipientId)?.email ?? 'a petitioner contact')
          : type === 'ADVOCATE'
            ? (data.advocates.find((a) => a.id === recipientId)?.displayName ?? 'an advocate')
            : `webhook ${
                data.webhooks
                  .find((w) => w.id === recipientId)
                  ?.url.replace(/^https?:\/\//, '')
                  .split('/')[0] ?? ''
              }`;
      const stopped = data.contacts.filter((c) => c.optedOutAt !== null);
      const resumeOpen = (values.contactId as string | undefined) ?? null;
      const contactItem = (c: ContactRecord): Html =>
        html`<li>
          ${c.email} · ${c.locale === 'es' ? 'Spanish' : 'English'} ·
          ${c.discreet ? 'discreet wording' : 'full wording'} · agreed
          ${courtDateTime(c.consentAt)}${c.consentMethod ? ` (${CONSENT_METHODS.find((m) => m.value === c.consentMethod)?.label.toLowerCase() ?? c.consentMethod})` : ''}
          ${
            c.optedOutAt
              ? html` · <strong>stopped ${courtDateTime(c.optedOutAt)}</strong>
                  <details class="orderly-details" ${resumeOpen === c.id ? 'open' : ''}>
                    <summary>
                      Restart reminders<span class="usa-sr-only"> to ${c.email}</span> with a fresh
                      consent
                    </summary>
                    <form
                      class="usa-form"
                      method="post"
                      action="/cases/${id}/contacts/${c.id}/resume"
                      novalidate
                    >
                      ${csrfField(csrf)}
                      ${radios({ name: 'resumeMethod', label: 'How the petitioner agreed again', value: resumeOpen === c.id ? (values.resumeMethod as string) : undefined, error: resumeOpen === c.id ? errors?.resumeMethod : undefined, choices: CONSENT_METHODS })}
                      ${textInput({ name: 'resumeDate', label: 'When they agreed again', type: 'date', value: (resumeOpen === c.id && (values.resumeDate as string)) || courtDate(runtime.clock.now()), error: resumeOpen === c.id ? errors?.resumeDate : undefined, width: 'md' })}
                      ${checkboxes({ name: 'resumeConsent', label: 'Fresh consent', values: [], error: resumeOpen === c.id ? errors?.resumeConsent : undefined, choices: [{ value: 'yes', label: 'The petitioner agreed again, after the reminders stopped, to get reminders at this address.' }] })}
                      <button class="usa-button" type="submit">Restart reminders</button>
                    </form>
                  </details>`
              : html`<form
                    class="orderly-inline-form"
                    method="post"
                    action="/cases/${id}/contacts/${c.id}/wording"
                  >
                    ${csrfField(csrf)}
                    <input
                      type="hidden"
                      name="wording"
                      value="${c.discreet ? 'full' : 'discreet'}"
                    />
                    <button class="usa-button usa-button--unstyled" type="submit">
                      ${c.discreet ? 'Use the full wording' : 'Use the discreet wording'}<span
                        class="usa-sr-only"
                      >
                        for ${c.email}</span
                      >
                    </button>
                  </form>
                  ·
                  <form
                    class="orderly-inline-form"
                    method="post"
                    action="/cases/${id}/contacts/${c.id}/stop"
                  >
                    ${csrfField(csrf)}
                    <button
                      class="usa-button usa-button--unstyled"
                      type="submit"
                      data-confirm="Stop all reminders to this address?"
                    >
                      Stop reminders<span class="usa-sr-only"> to ${c.email}</span>
                    </button>
                  </form>`
          }
        </li>`;
      const done = data.reminders
        .filter((r) => r.status !== 'PENDING')
        .slice(-50)
        .reverse();
      return sendPage(
        reply,
        layout(
          { user, csrf, section: 'cases' },
          html`${errorSummary(errors)}${notice}
            <p><a class="usa-link" href="/cases/${id}">Back to case ${data.found.reference}</a></p>
            <h1>Reminders for case ${data.found.reference}</h1>

            <section class="orderly-section" aria-labelledby="planned-title">
              <h2 id="planned-title">What will be sent</h2>
              ${
                data.planned.length === 0
                  ? html`<p>
                      Nothing is planned. Reminders are planned for open deadlines once someone can
                      receive them (an advocate with an email address, a petitioner contact, a
                      webhook).
                    </p>`
                  : html`<ol class="orderly-planned">
                      ${data.planned.map(
                        (p) =>
                          html`<li class="orderly-event">
                            <div>
                              <strong>${courtDateTime(p.dueAt)}</strong>: about
                              “${t.deadlineLabel[p.deadlineKind]} ${longDate(p.deadlineDate)}”, to
                              ${p.recipients} recipient${p.recipients === 1 ? '' : 's'}
                            </div>
                            ${p.messages.map(
                              (m) =>
                                html`<details class="orderly-details">
                                  <summary>
                                    Preview:
                                    ${m.audience === 'ADVOCATE' ? 'advocates’ email' : `petitioner’s email in ${m.locale === 'es' ? 'Spanish' : 'English'}`}${m.to ? ` (to ${m.to})` : m.audience === 'PETITIONER' ? ' (no contact in this language yet)' : ''}
                                  </summary>
                                  <div class="orderly-email" lang="${m.locale}">
                                    <p>
                                      <strong>${m.locale === 'es' ? 'Asunto' : 'Subject'}:</strong>
                                      ${m.subject}
                                    </p>
                                    <pre class="orderly-email__text">${m.text}</pre>
                                  </div>
                                </details>`,
                            )}
                          </li>`,
                      )}
                    </ol>`
              }
              <form method="post" action="/cases/${id}/reminders/test">
                ${csrfField(csrf)}
                <button class="usa-button usa-button--outline" type="submit">
                  Send a test reminder to me (${user.email})
                </button>
              </form>
            </section>

            <section class="orderly-section" aria-labelledby="sent-title">
              <h2 id="sent-title">Sent, failed and cancelled</h2>
              ${
                done.length === 0
                  ? html`<p>Nothing yet.</p>`
                  : html`<ul class="orderly-worklist">
                      ${done.map(
                        (r) =>
                          html`<li>
                            <strong>${STATUS[r.status]}</strong>
                            ${r.sentAt ? courtDateTime(r.sentAt) : courtDateTime(r.dueAt)}:
                            ${t.deadlineLabel[r.payload.deadline.kind]}
                            ${longDate(r.payload.deadline.date)}, to
                            ${recipient(r.recipientType, r.recipientId)} by
                            ${r.channel === 'EMAIL' ? 'email' : 'webhook'}${r.cancelReason ? ` (${CANCEL[r.cancelReason] ?? r.cancelReason})` : ''}${r.lastError ? ` — ${r.lastError}` : ''}
                          </li>`,
                      )}
                    </ul>`
              }
            </section>

            <section class="orderly-section" aria-labelledby="contacts-title">
              <h2 id="contacts-title">Petitioner contacts</h2>
              ${
                data.contacts.length === 0
                  ? html`<p>
                      No contact recorded. Reminders go to a petitioner only with their consent.
                    </p>`
                  : html`${stopped.map(
                        (c) =>
                          html`<div class="usa-alert usa-alert--warning" role="status">
                            <div class="usa-alert__body">
                              <h3 class="usa-alert__heading">Reminders to ${c.email} stopped</h3>
                              <p class="usa-alert__text">
                                On ${courtDateTime(c.optedOutAt!)}, reminders to this address were
                                stopped. It may have been the petitioner, or someone else with their
                                phone: check with the petitioner in a safe way. Reminders restart
                                only with their fresh consent, recorded below.
                              </p>
                            </div>
                          </div>`,
                      )}
                      <ul class="orderly-worklist">
                        ${data.contacts.map((c) => contactItem(c))}
                      </ul>`
              }
              <h3>Record a contact the petitioner agreed to</h3>
              <form class="usa-form" method="post" action="/cases/${id}/contacts" novalidate>
                ${csrfField(csrf)}
                ${textInput({ name: 'email', label: 'Email address', type: 'email', value: values.email as string, error: errors?.email })}
                ${radios({
                  name: 'locale',
                  label: 'Language of the reminders',
                  value: (values.locale as string) || 'en',
                  error: errors?.locale,
                  choices: [
                    { value: 'en', label: 'English' },
                    { value: 'es', label: 'Spanish (español)' },
                  ],
                })}
                ${radios({
                  name: 'wording',
                  label: 'Wording of the reminders',
                  value: (values.wording as string) || 'discreet',
                  error: errors?.wording,
                  choices: WORDINGS,
                })}
                ${radios({ name: 'consentMethod', label: 'How the petitioner agreed', value: values.consentMethod as string, error: errors?.consentMethod, choices: CONSENT_METHODS })}
                ${textInput({ name: 'consentDate', label: 'When they agreed', type: 'date', value: (values.consentDate as string) || courtDate(runtime.clock.now()), error: errors?.consentDate, width: 'md' })}
                ${checkboxes({ name: 'consent', label: 'Consent', values: values.consent === 'yes' ? ['yes'] : [], error: errors?.consent, choices: [{ value: 'yes', label: 'The petitioner agreed to get reminders at this address, and knows others who see it could read them.' }] })}
                <button class="usa-button" type="submit">Record the contact</button>
              </form>
            </section>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.get('/cases/:id/reminders', { schema: { params: CASE_PARAMS } }, (request, reply) =>
      remindersPage(request, reply, (request.params as { id: string }).id),
    );

    app.post('/cases/:id/contacts', { schema: { params: CASE_PARAMS } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body;
      const values: FormValues = { ...(body as Record<string, string>) };
      const problems: FieldProblem[] = [];
      const email = textOf(body, 'email').trim();
      const locale = textOf(body, 'locale');
      const consentMethod = textOf(body, 'consentMethod');
      const consentDate = textOf(body, 'consentDate');
      if (!/^[^@\s<>"]{1,64}@[^@\s<>"]{1,255}\.[^@\s<>"]{2,}$/.test(email))
        problems.push({
          name: 'body.email',
          reason: 'enter an email address, like name@example.org',
        });
      if (locale !== 'en' && locale !== 'es')
        problems.push({ name: 'body.locale', reason: 'choose a language' });
      const wording = textOf(body, 'wording') || 'discreet';
      if (wording !== 'discreet' && wording !== 'full')
        problems.push({ name: 'body.wording', reason: 'choose discreet or full wording' });
      if (!CONSENT_METHODS.some((m) => m.value === consentMethod))
        problems.push({ name: 'body.consentMethod', reason: 'say how the petitioner agreed' });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(consentDate) || Number.isNaN(Date.parse(consentDate)))
        problems.push({ name: 'body.consentDate', reason: 'enter the date they agreed' });
      if (textOf(body, 'consent') !== 'yes')
        problems.push({
          name: 'body.consent',
          reason: 'reminders go to a petitioner only with their consent',
        });
      try {
        if (problems.length > 0) throw invalidInput(problems);
        // The day they agreed, at noon court time (the form asks for the day only).
        const consentAt = new Date(`${consentDate}T12:00:00-08:00`);
        const at = consentAt > runtime.clock.now() ? runtime.clock.now() : consentAt;
        await transaction(web, (tx) =>
          addContact(
            tx,
            contextOf(web, request),
            id,
            {
              email,
              locale: locale as 'en' | 'es',
              consentAt: at.toISOString(),
              consentMethod,
              discreet: wording === 'discreet',
            },
            web.secrets,
          ),
        );
        return redirect(reply, `/cases/${id}/reminders#contacts-title`);
      } catch (error) {
        const errors = formErrorsOf(error) ?? conflictErrorsOf(error);
        if (errors) return remindersPage(request, reply, id, errors, values);
        throw error;
      }
    });

    app.post(
      '/cases/:id/contacts/:contactId/stop',
      { schema: { params: CONTACT_PARAMS } },
      async (request, reply) => {
        const { id, contactId } = request.params as { id: string; contactId: string };
        await transaction(web, async (tx) => {
          const contacts = await contactsOfCase(tx, userOf(request).organizationId, id);
          if (!contacts.some((c) => c.id === contactId))
            throw invalidInput([{ name: 'path.contactId', reason: 'not this case’s contact' }]);
          return optOutContact(tx, contextOf(web, request), contactId);
        });
        return redirect(reply, `/cases/${id}/reminders#contacts-title`);
      },
    );

    /** The case's contact `contactId`, or a 400 naming it (another case's, or none). */
    async function contactOfCase(
      tx: Parameters<Parameters<typeof transaction>[1]>[0],
      request: FastifyRequest,
      id: string,
      contactId: string,
    ): Promise<ContactRecord> {
      const contacts = await contactsOfCase(tx, userOf(request).organizationId, id);
      const contact = contacts.find((c) => c.id === contactId);
      if (!contact)
        throw invalidInput([{ name: 'path.contactId', reason: 'not this case’s contact' }]);
      return contact;
    }

    app.post(
      '/cases/:id/contacts/:contactId/wording',
      { schema: { params: CONTACT_PARAMS } },
      async (request, reply) => {
        const { id, contactId } = request.params as { id: string; contactId: string };
        const wording = textOf(request.body, 'wording');
        if (wording !== 'discreet' && wording !== 'full')
          throw invalidInput([{ name: 'body.wording', reason: 'discreet or full' }]);
        await transaction(web, async (tx) => {
          await contactOfCase(tx, request, id, contactId);
          return setContactWording(tx, contextOf(web, request), contactId, wording === 'discreet');
        });
        return redirect(reply, `/cases/${id}/reminders#contacts-title`);
      },
    );

    app.post(
      '/cases/:id/contacts/:contactId/resume',
      { schema: { params: CONTACT_PARAMS } },
      async (request, reply) => {
        const { id, contactId } = request.params as { id: string; contactId: string };
        const body = request.body;
        const values: FormValues = { ...(body as Record<string, string>), contactId };
        const method = textOf(body, 'resumeMethod');
        const date = textOf(body, 'resumeDate');
        const problems: FieldProblem[] = [];
        if (!CONSENT_METHODS.some((m) => m.value === method))
          problems.push({
            name: 'body.resumeMethod',
            reason: 'say how the petitioner agreed again',
          });
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
          problems.push({ name: 'body.resumeDate', reason: 'enter the date they agreed again' });
        if (textOf(body, 'resumeConsent') !== 'yes')
          problems.push({
            name: 'body.resumeConsent',
            reason: 'reminders restart only with the petitioner’s fresh consent',
          });
        try {
          if (problems.length > 0) throw invalidInput(problems);
          const now = runtime.clock.now();
          // Today means now (after the stop); another day, noon court time on that day.
          const consentAt = date === courtDate(now) ? now : new Date(`${date}T12:00:00-08:00`);
          await transaction(web, async (tx) => {
            await contactOfCase(tx, request, id, contactId);
            return resumeContact(
              tx,
              contextOf(web, request),
              contactId,
              { consentAt: consentAt.toISOString(), consentMethod: method },
              web.secrets,
            );
          });
          return redirect(reply, `/cases/${id}/reminders#contacts-title`);
        } catch (error) {
          const rename = (f: string) =>
            f === 'consentAt' ? 'resumeDate' : f === 'consentMethod' ? 'resumeMethod' : f;
          const errors = formErrorsOf(error, rename) ?? conflictErrorsOf(error);
          if (errors) return remindersPage(request, reply, id, errors, values);
          throw error;
        }
      },
    );

    app.post(
      '/cases/:id/reminders/test',
      { schema: { params: CASE_PARAMS } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const user = userOf(request);
        const result = await transaction(web, (tx) =>
          sendTestReminder(tx, contextOf(web, request), id, user.email, runtime.email),
        );
        const notice = result.sent
          ? html`<div class="usa-alert usa-alert--success" role="status">
              <div class="usa-alert__body">
                <p class="usa-alert__text">A test reminder was sent to ${result.to}.</p>
              </div>
            </div>`
          : html`<div class="usa-alert usa-alert--warning" role="status">
              <div class="usa-alert__body">
                <p class="usa-alert__text">
                  ${result.error ? `The test reminder could not be sent (${result.error}).` : 'Email is not set up on this server (SMTP_URL), so nothing was sent.'}
                  This is the message:
                </p>
                <p><strong>Subject:</strong> ${result.subject}</p>
                <pre class="orderly-email__text">${result.text}</pre>
              </div>
            </div>`;
        return remindersPage(request, reply, id, null, {}, notice);
      },
    );
  };

function courtDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(now);
}

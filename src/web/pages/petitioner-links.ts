// The staff side of petitioners' pages: on the case page, a panel to make a link (its language,
// and an expiry if not 30 days after the order ends), the links made so far (by prefix, never
// the token) with a Revoke button; after making one, its address and a QR code, shown once, to
// hand over in person (the petitioner's phone camera opens it).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { getCase } from '../../services/cases.js';
import {
  createPetitionerLink,
  petitionerUrl,
  revokePetitionerLink,
  type PetitionerLinkRecord,
} from '../../services/petitioner-links.js';
import { PETITIONER_LOCALES, petitionerWords } from '../../services/petitioner-words.js';
import { contextOf, csrfOf, redirect, transaction, userOf, type Web } from '../context.js';
import {
  csrfField,
  errorSummary,
  formErrorsOf,
  select,
  textInput,
  textOf,
  type FormErrors,
  type FormValues,
} from '../forms.js';
import { html, type Html } from '../html.js';
import { layout, sendPage } from '../layout.js';
import { courtDateTime } from '../strings/index.js';
import { qrSvg } from './account.js';

const UUID = { type: 'string', format: 'uuid' } as const;
const ID_PARAMS = { type: 'object', properties: { id: UUID }, required: ['id'] } as const;

const languageChoices = () =>
  PETITIONER_LOCALES.map((code) => ({ value: code, label: petitionerWords(code).language.name }));

function linkState(link: PetitionerLinkRecord, now: Date): Html {
  if (link.revokedAt) return html`<strong>Revoked ${courtDateTime(link.revokedAt)}</strong>`;
  if (Date.parse(link.expiresAt) <= now.getTime())
    return html`<strong>Expired ${courtDateTime(link.expiresAt)}</strong>`;
  return html`Works until
  ${courtDateTime(link.expiresAt)}${link.expiresWithOrder ? ' (30 days after the order ends)' : ''}
  · ${link.lastOpenedAt ? html`Last opened ${courtDateTime(link.lastOpenedAt)}` : 'Not opened yet'}`;
}

/** The form that makes a link (on the case page, and again with its errors). */
function linkForm(caseId: string, csrf: string, values: FormValues, errors: FormErrors): Html {
  return html`<form
    class="usa-form orderly-petitioner-form"
    method="post"
    action="/cases/${caseId}/petitioner-links"
  >
    ${csrfField(csrf)}
    ${select({ name: 'locale', label: 'Language the page opens in', hint: 'The petitioner can switch it on the page.', value: typeof values.locale === 'string' ? values.locale : 'en', choices: languageChoices(), error: errors.locale })}
    ${textInput({ name: 'expiresAt', label: 'Stops working on (optional)', hint: 'Leave empty: 30 days after the order ends, moving with it.', type: 'date', value: typeof values.expiresAt === 'string' ? values.expiresAt : undefined, error: errors.expiresAt })}
    <button class="usa-button" type="submit">Make a link for the petitioner</button>
  </form>`;
}

/** The case page's panel: what the page is, the form, and the links made so far. */
export function petitionerPanel(
  caseId: string,
  links: readonly PetitionerLinkRecord[],
  csrf: string,
  now: Date,
): Html {
  return html`<section
    aria-labelledby="petitioner-title"
    class="orderly-section orderly-petitioner-panel"
    id="petitioner"
  >
    <h2 id="petitioner-title">Petitioner’s page</h2>
    <p>
      A private page for the petitioner: their dates and what to do, in English or Spanish, with a
      quick-exit button. No names, addresses or case numbers appear on it. Make a link and hand it
      over in person; anyone with the link can see the dates, so give it only to the petitioner.
    </p>
    ${linkForm(caseId, csrf, {}, {})}
    ${
      links.length === 0
        ? html`<p>No links yet.</p>`
        : html`<h3>Links made for this case</h3>
            <ul class="orderly-feeds">
              ${links.map(
                (l) =>
                  html`<li class="orderly-feed" data-link-prefix="${l.prefix}">
                    <div>
                      <strong
                        >${l.contactId === null ? 'Handed over' : 'In reminder emails'}</strong
                      >
                      <span class="orderly-muted">(${l.prefix}…)</span> ·
                      ${petitionerWords(l.locale).language.name}
                    </div>
                    <div class="orderly-muted">
                      Made ${courtDateTime(l.createdAt)} · ${linkState(l, now)}
                    </div>
                    ${
                      !l.revokedAt &&
                      html`<form method="post" action="/petitioner-links/${l.id}/revoke">
                        ${csrfField(csrf)}
                        <button
                          class="usa-button usa-button--unstyled"
                          type="submit"
                          data-confirm="Revoke this link? The page stops opening for anyone who has it."
                        >
                          Revoke<span class="usa-sr-only"> ${l.prefix}</span>
                        </button>
                      </form>`
                    }
                  </li>`,
              )}
            </ul>`
    }
  </section>`;
}

export const petitionerLinkPages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;
    const db = runtime.db.prisma;

    async function formAgain(
      request: FastifyRequest,
      reply: FastifyReply,
      caseId: string,
      values: FormValues,
      errors: FormErrors,
    ) {
      const user = userOf(request);
      const found = await getCase(db, user.organizationId, caseId);
      const csrf = csrfOf(reply);
      return sendPage(
        reply,
        layout(
          { user, csrf, section: 'cases' },
          html`<p>
              <a class="usa-link" href="/cases/${caseId}">Back to case ${found.reference}</a>
            </p>
            <h1>A link for the petitioner</h1>
            ${errorSummary(errors, { locale: 'Language', expiresAt: 'Stops working on' })}
            ${linkForm(caseId, csrf, values, errors)}`,
        ),
        400,
      );
    }

    app.post(
      '/cases/:id/petitioner-links',
      { schema: { params: ID_PARAMS } },
      async (request, reply) => {
        const user = userOf(request);
        const { id } = request.params as { id: string };
        const locale = textOf(request.body, 'locale');
        const expiresAt = textOf(request.body, 'expiresAt').trim();
        try {
          const { token } = await transaction(web, (tx) =>
            createPetitionerLink(tx, contextOf(web, request), id, {
              ...(locale !== '' && { locale }),
              ...(expiresAt !== '' && { expiresAt }),
            }),
          );
          const url = petitionerUrl(runtime.config.publicBaseUrl, token);
          const found = await getCase(db, user.organizationId, id);
          return sendPage(
            reply,
            layout(
              { user, csrf: csrfOf(reply), section: 'cases', wide: true },
              html`<p>
                  <a class="usa-link" href="/cases/${id}#petitioner"
                    >Back to case ${found.reference}</a
                  >
                </p>
                <h1>A link for the petitioner</h1>
                <div class="usa-alert usa-alert--success" role="status">
                  <div class="usa-alert__body">
                    <h2 class="usa-alert__heading">The link is ready</h2>
                    <p class="usa-alert__text">
                      It is shown only once. Hand it over in person: the petitioner scans the code
                      with their phone’s camera, or you copy the address to them. You can revoke it
                      from the case page at any time.
                    </p>
                  </div>
                </div>
                <div class="grid-row grid-gap-lg orderly-section orderly-petitioner-handover">
                  <div class="tablet:grid-col-6">
                    <h2>On the petitioner’s phone</h2>
                    <p>Ask them to open the camera and point it at this code.</p>
                    ${await qrSvg(url, 'QR code of the petitioner’s link')}
                  </div>
                  <div class="tablet:grid-col-6">
                    <h2>The address</h2>
                    <label class="usa-label" for="petitioner-url">Copy it for the petitioner</label>
                    <input
                      class="usa-input orderly-copy"
                      id="petitioner-url"
                      type="text"
                      readonly
                      value="${url}"
                      data-petitioner-url
                    />
                    <button
                      class="usa-button usa-button--outline"
                      type="button"
                      data-copy="petitioner-url"
                      hidden
                    >
                      Copy the address
                    </button>
                    <p class="usa-hint">
                      Tell them: the page says “Appointments” and has a “Leave this page” button;
                      pressing Esc leaves it too.
                    </p>
                  </div>
                </div>`,
            ),
          );
        } catch (error) {
          const errors = formErrorsOf(error);
          if (errors) return formAgain(request, reply, id, { locale, expiresAt }, errors);
          throw error;
        }
      },
    );

    app.post(
      '/petitioner-links/:id/revoke',
      { schema: { params: ID_PARAMS } },
      async (request, reply) => {
        const revoked = await transaction(web, (tx) =>
          revokePetitionerLink(tx, contextOf(web, request), (request.params as { id: string }).id),
        );
        // Committed: this process forgets the link now (NOTIFY tells the others).
        runtime.petitionerLinks.evict(revoked.prefix);
        return redirect(reply, `/cases/${revoked.caseId}#petitioner`);
      },
    );
  };

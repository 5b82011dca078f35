// Calendar subscriptions: for a case, for me (my assigned cases), or for the organization.
// Pick the privacy level, then get the webcal:// and https:// links and a QR code for a phone;
// the token is shown once (as in the API). A link may stop working on a chosen day (the end of
// that day at the court). Each link shows when it was last fetched and when it stops, expired
// ones marked, and can be revoked or rotated (a new link, the old one stops).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { getCase } from '../../services/cases.js';
import {
  createFeed,
  isLive,
  revokeFeed,
  rotateFeed,
  searchFeeds,
  type FeedTokenRecord,
} from '../../services/feeds.js';
import { contextOf, csrfOf, redirect, transaction, userOf, type Web } from '../context.js';
import {
  csrfField,
  errorSummary,
  formErrorsOf,
  radios,
  textInput,
  textOf,
  type Choice,
  type FormErrors,
  type FormValues,
} from '../forms.js';
import { html, type Html } from '../html.js';
import { layout, sendPage } from '../layout.js';
import { courtDateTime } from '../strings/index.js';
import { qrSvg } from './account.js';

const UUID = { type: 'string', format: 'uuid' } as const;
const ID_PARAMS = { type: 'object', properties: { id: UUID }, required: ['id'] } as const;

type Scope = 'CASE' | 'ADVOCATE' | 'ORGANIZATION';
type Privacy = 'busy' | 'neutral' | 'full';

function privacyChoices(admin: boolean): Choice[] {
  return [
    {
      value: 'neutral',
      label: 'Neutral (recommended)',
      hint: 'The kind of date and your case reference. No names, no court case numbers.',
    },
    {
      value: 'busy',
      label: 'Busy only',
      hint: 'Every item just says “Court deadline”. For a calendar others can see.',
    },
    ...(admin
      ? [
          {
            value: 'full',
            label: 'Full',
            hint: 'Court case numbers and party labels. Only for a calendar no one else can see.',
          },
        ]
      : []),
  ];
}

/** Which calendar an admin makes on /calendars (advocates make their own only). */
const SCOPE_CHOICES: Choice[] = [
  { value: 'ADVOCATE', label: 'My cases', hint: 'Every case you are assigned to, as they change.' },
  {
    value: 'ORGANIZATION',
    label: 'The whole organization',
    hint: 'Every open case of the organization.',
  },
];

const FIELD_LABELS = {
  scope: 'Which calendar',
  privacy: 'What the calendar shows',
  label: 'A note to tell links apart',
  expiresAt: 'Stops working on',
};

/** Where a link stands: revoked, expired (marked), or live, with when it stops. */
function feedState(f: FeedTokenRecord, now: Date): Html {
  if (f.revokedAt) return html`<strong>Revoked ${courtDateTime(f.revokedAt)}</strong>`;
  const fetched = f.lastFetchedAt
    ? html`Last fetched ${courtDateTime(f.lastFetchedAt)}`
    : html`Not fetched yet`;
  if (!isLive(f, now))
    return html`<strong data-feed-expired>Expired ${courtDateTime(f.expiresAt!)}</strong> ·
      ${fetched}`;
  return html`${fetched} ·
  ${f.expiresAt ? html`Works until ${courtDateTime(f.expiresAt)}` : html`Works until revoked`}`;
}

const PRIVACY_WORDS: Record<Privacy, string> = {
  busy: 'Busy only',
  neutral: 'Neutral',
  full: 'Full',
};

/** The token, shown once: links to copy, and a QR code a phone's camera opens. */
export async function subscriptionLinks(urls: { url: string; webcalUrl: string }): Promise<Html> {
  return html`<div class="usa-alert usa-alert--success" role="status">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">Your calendar link is ready</h2>
        <p class="usa-alert__text">
          Copy it now: it is shown only once. Anyone with the link can see this calendar, so keep it
          private. You can revoke it at any time.
        </p>
      </div>
    </div>
    <div class="grid-row grid-gap-lg orderly-section">
      <div class="tablet:grid-col-7">
        <h2>On this computer</h2>
        <p>
          <a class="usa-button" href="${urls.webcalUrl}" data-feed-webcal
            >Open in my calendar app</a
          >
        </p>
        <label class="usa-label" for="feed-url"
          >Or paste this address into your calendar (Google: “From URL”; Outlook: “Subscribe from
          web”)</label
        >
        <input
          class="usa-input orderly-copy"
          id="feed-url"
          type="text"
          readonly
          value="${urls.url}"
          data-feed-url
        />
        <button class="usa-button usa-button--outline" type="button" data-copy="feed-url" hidden>
          Copy the address
        </button>
      </div>
      <div class="tablet:grid-col-5">
        <h2>On a phone</h2>
        <p>Scan this code with the phone’s camera.</p>
        ${await qrSvg(urls.webcalUrl, 'QR code of the calendar link')}
      </div>
    </div>`;
}

export const calendarPages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;
    const db = runtime.db.prisma;

    function feedList(feeds: FeedTokenRecord[], csrf: string, back: string): Html {
      if (feeds.length === 0) return html`<p>No calendar links yet.</p>`;
      const now = runtime.clock.now();
      return html`<ul class="orderly-feeds">
        ${feeds.map((f) => {
          const live = isLive(f, now);
          return html`<li class="orderly-feed" data-feed-prefix="${f.prefix}">
            <div>
              <strong>${f.label ?? 'Calendar link'}</strong>
              <span class="orderly-muted">(${f.prefix}…)</span> · ${PRIVACY_WORDS[f.privacy]}
            </div>
            <div class="orderly-muted">
              Made ${courtDateTime(f.createdAt)} · ${feedState(f, now)}
            </div>
            ${
              !f.revokedAt &&
              html`<div class="orderly-event__actions">
                ${
                  // An expired link's replacement would expire with it: make a new one instead.
                  live &&
                  html`<form method="post" action="/calendars/${f.id}/rotate">
                    ${csrfField(csrf)}<input type="hidden" name="back" value="${back}" />
                    <button class="usa-button usa-button--unstyled" type="submit">
                      Replace with a new link<span class="usa-sr-only"> (${f.prefix})</span>
                    </button>
                  </form>`
                }
                <form method="post" action="/calendars/${f.id}/revoke">
                  ${csrfField(csrf)}<input type="hidden" name="back" value="${back}" />
                  <button
                    class="usa-button usa-button--unstyled"
                    type="submit"
                    data-confirm="Revoke this link? Calendars using it stop updating."
                  >
                    Revoke<span class="usa-sr-only"> ${f.prefix}</span>
                  </button>
                </form>
              </div>`
            }
          </li>`;
        })}
      </ul>`;
    }

    /** The form that makes a link; with `scopes`, an admin's choice of calendar on /calendars. */
    function subscribeForm(
      action: string,
      csrf: string,
      admin: boolean,
      values: FormValues,
      errors: FormErrors,
      scopes = false,
    ): Html {
      const value = (name: string) => {
        const given = values[name];
        return typeof given === 'string' ? given : undefined;
      };
      return html`<form class="usa-form" method="post" action="${action}" novalidate>
        ${csrfField(csrf)}
        ${
          scopes
            ? radios({
                name: 'scope',
                label: FIELD_LABELS.scope,
                value: value('scope') ?? 'ADVOCATE',
                choices: SCOPE_CHOICES,
                error: errors.scope,
              })
            : !admin && action === '/calendars'
              ? html`<input type="hidden" name="scope" value="ADVOCATE" />`
              : html``
        }
        ${radios({ name: 'privacy', label: FIELD_LABELS.privacy, value: value('privacy') ?? 'neutral', choices: privacyChoices(admin), error: errors.privacy })}
        ${textInput({ name: 'label', label: `${FIELD_LABELS.label} (optional)`, hint: 'For example: my phone. Never shown in the calendar.', maxlength: 100, value: value('label'), error: errors.label })}
        ${textInput({ name: 'expiresAt', label: `${FIELD_LABELS.expiresAt} (optional)`, hint: 'For example, the end of a school year. It stops at the end of that day, California time. Leave empty: it works until you revoke it.', type: 'date', value: value('expiresAt'), error: errors.expiresAt })}
        <button class="usa-button" type="submit">Make a calendar link</button>
      </form>`;
    }

    async function calendarsPage(
      request: FastifyRequest,
      reply: FastifyReply,
      values: FormValues = {},
      errors: FormErrors | null = null,
    ) {
      const user = userOf(request);
      const admin = user.role === 'admin';
      const [mine, organization] = await transaction(web, (tx) =>
        Promise.all([
          searchFeeds(
            tx,
            user.organizationId,
            { scope: 'ADVOCATE', advocateId: user.advocateId },
            { limit: 100 },
          ),
          admin
            ? searchFeeds(tx, user.organizationId, { scope: 'ORGANIZATION' }, { limit: 100 })
            : null,
        ]),
      );
      const csrf = csrfOf(reply);
      return sendPage(
        reply,
        layout(
          { user, csrf, section: 'calendars' },
          html`${errorSummary(errors, FIELD_LABELS)}
            <h1>Calendars</h1>
            <p class="usa-intro">
              Put your deadlines in the calendar on your phone or computer. It updates itself when
              dates change.
            </p>
            <section class="orderly-section" aria-labelledby="mine-title">
              <h2 id="mine-title">My cases</h2>
              <p>Every case you are assigned to, as they change.</p>
              ${feedList(mine.items, csrf, '/calendars')}
            </section>
            ${
              organization &&
              html`<section class="orderly-section" aria-labelledby="org-title">
                <h2 id="org-title">The whole organization</h2>
                ${feedList(organization.items, csrf, '/calendars')}
              </section>`
            }
            <section class="orderly-section" aria-labelledby="new-title">
              <h2 id="new-title">Make a calendar link</h2>
              ${!admin && html`<p>A calendar of every case you are assigned to.</p>`}
              ${subscribeForm('/calendars', csrf, admin, values, errors ?? {}, admin)}
            </section>
            <p>For one case’s calendar, use “Calendar link” on the case’s page.</p>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.get('/calendars', (request, reply) => calendarsPage(request, reply));

    /**
     * Makes the link and shows it once; bad input (a date in the past or not a date, a label
     * with control characters) gives the form again with the message beside the field.
     */
    async function created(
      request: FastifyRequest,
      reply: FastifyReply,
      scope: Scope,
      caseId: string | null,
      back: string,
      formAgain: (values: FormValues, errors: FormErrors) => Promise<FastifyReply>,
    ) {
      const user = userOf(request);
      const privacy = textOf(request.body, 'privacy') as Privacy;
      // Full detail and the whole organization's calendar are for admins.
      const allowed = user.role === 'admin' ? ['busy', 'neutral', 'full'] : ['busy', 'neutral'];
      if (!allowed.includes(privacy) || (scope === 'ORGANIZATION' && user.role !== 'admin'))
        return redirect(reply, back);
      const rawLabel = textOf(request.body, 'label');
      const label = rawLabel.trim().slice(0, 100) || null;
      const expiresAt = textOf(request.body, 'expiresAt').trim();
      let made: { token: string; feed: FeedTokenRecord };
      try {
        made = await transaction(web, (tx) =>
          createFeed(tx, contextOf(web, request), {
            scope,
            privacy,
            label,
            ...(expiresAt !== '' && { expiresAt }),
            ...(scope === 'CASE' && caseId && { caseId }),
            ...(scope === 'ADVOCATE' && { advocateId: user.advocateId }),
          }),
        );
      } catch (error) {
        const errors = formErrorsOf(error);
        if (errors) return formAgain({ scope, privacy, label: rawLabel, expiresAt }, errors);
        throw error;
      }
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'calendars' },
          html`<p><a class="usa-link" href="${back}">Back</a></p>
            <h1>Calendar link</h1>
            ${
              made.feed.expiresAt &&
              html`<p data-feed-expires>It stops working ${courtDateTime(made.feed.expiresAt)}.</p>`
            }
            ${await subscriptionLinks(runtime.feeds.urlsOf(made.token))}`,
        ),
      );
    }

    app.post('/calendars', async (request, reply) => {
      const scope = textOf(request.body, 'scope') === 'ORGANIZATION' ? 'ORGANIZATION' : 'ADVOCATE';
      return created(request, reply, scope, null, '/calendars', (values, errors) =>
        calendarsPage(request, reply, values, errors),
      );
    });

    async function caseCalendarPage(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: FormValues = {},
      errors: FormErrors | null = null,
    ) {
      const user = userOf(request);
      const [found, feeds] = await transaction(web, (tx) =>
        Promise.all([
          getCase(tx, user.organizationId, id),
          searchFeeds(tx, user.organizationId, { scope: 'CASE', caseId: id }, { limit: 100 }),
        ]),
      );
      const csrf = csrfOf(reply);
      return sendPage(
        reply,
        layout(
          { user, csrf, section: 'cases' },
          html`${errorSummary(errors, FIELD_LABELS)}
            <p><a class="usa-link" href="/cases/${id}">Back to case ${found.reference}</a></p>
            <h1>Calendar link for case ${found.reference}</h1>
            <p class="usa-intro">This case’s deadlines in a calendar app, kept up to date.</p>
            ${subscribeForm(`/cases/${id}/calendar`, csrf, user.role === 'admin', values, errors ?? {})}
            <section class="orderly-section" aria-labelledby="links-title">
              <h2 id="links-title">Links made for this case</h2>
              ${feedList(feeds.items, csrf, `/cases/${id}/calendar`)}
            </section>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.get('/cases/:id/calendar', { schema: { params: ID_PARAMS } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return caseCalendarPage(request, reply, id);
    });

    app.post('/cases/:id/calendar', { schema: { params: ID_PARAMS } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      await getCase(db, userOf(request).organizationId, id);
      return created(request, reply, 'CASE', id, `/cases/${id}/calendar`, (values, errors) =>
        caseCalendarPage(request, reply, id, values, errors),
      );
    });

    const backOf = (request: FastifyRequest): string => {
      const back = textOf(request.body, 'back');
      return /^\/(calendars|cases\/[0-9a-f-]{36}\/calendar)$/.test(back) ? back : '/calendars';
    };

    app.post('/calendars/:id/revoke', { schema: { params: ID_PARAMS } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const revoked = await transaction(web, (tx) => revokeFeed(tx, contextOf(web, request), id));
      // Committed: this process forgets the token now (NOTIFY tells the others).
      runtime.feedTokens.evict(revoked.prefix);
      return redirect(reply, backOf(request));
    });

    app.post('/calendars/:id/rotate', { schema: { params: ID_PARAMS } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const user = userOf(request);
      const { token, replaced } = await transaction(web, (tx) =>
        rotateFeed(tx, contextOf(web, request), id),
      );
      runtime.feedTokens.evict(replaced.prefix);
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), section: 'calendars' },
          html`<p><a class="usa-link" href="${backOf(request)}">Back</a></p>
            <h1>New calendar link</h1>
            <p>The old link no longer works. Replace it in your calendar app with this one.</p>
            ${await subscriptionLinks(runtime.feeds.urlsOf(token))}`,
        ),
      );
    });
  };

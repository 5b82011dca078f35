// The petitioner's own page, /p/<token>: their dates and what to do, in their language, safe on
// a phone someone else may see (survivors' technology-safety guidance: NNEDV Safety Net).
// - Quick exit on every page: a visible button and the Escape key replace the page with a
//   neutral site (location.replace, so Back does not return); without JavaScript, a plain link.
// - Neutral identity: the tab says "Appointments"; nothing visible before a "Why this date?" is
//   opened names the kind of order; no party name, address, court case number or case reference
//   anywhere (the page never reads them).
// - Headers: no-store, no-referrer, noindex, and a CSP stricter than the staff pages'.
// - The language is a visible switch remembered in a cookie, never in the URL.
// - A link that is unknown, revoked or expired gets the same 404 page as any unknown address,
//   and counts against the failed-credential throttle; the token never reaches a log.
// No session, no CSRF cookie: nothing here changes anything but the language cookie.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { FailedAuthThrottle } from '../../services/request-limits.js';
import type { PetitionerLinkCredential } from '../../services/petitioner-links.js';
import {
  petitionerCalendar,
  petitionerPage,
  type PetitionerDate,
  type PetitionerView,
} from '../../services/petitioner-page.js';
import {
  DEFAULT_LOCALE,
  fill,
  isPetitionerLocale,
  PETITIONER_LOCALES,
  petitionerWords,
  wordsDate,
  wordsTime,
  type PetitionerWords,
} from '../../services/petitioner-words.js';
import { inTransaction } from '../../services/transaction.js';
import type { Web } from '../context.js';
import { LANGUAGE_COOKIE, notFoundPage, tooManyPage } from '../errors.js';
import { html, type Html } from '../html.js';
import { quickExit, sendPage } from '../layout.js';

/** Stricter than the staff pages': nothing is fetched by script, no form leaves this site. */
export const PETITIONER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const TOKEN_PARAMS = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 200 } },
  required: ['token'],
} as const;

/** A year: the language is remembered on this device, and nothing else is. */
const LANGUAGE_COOKIE_MAX_AGE = 365 * 86_400;

function privateHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PETITIONER_CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow');
}

function whenOf(d: PetitionerDate, words: PetitionerWords): string {
  const date = wordsDate(d.deadline.date, words);
  if (d.kind === 'renewal' && d.from)
    return fill(words.page.range, { from: wordsDate(d.from.date, words), to: date });
  return d.deadline.at === null
    ? date
    : fill(words.page.dateAtTime, { date, time: wordsTime(d.deadline.at, words) });
}

function dateWords(
  d: PetitionerDate,
  words: PetitionerWords,
): { title: string; todo: string; why: string } {
  const w = words.dates;
  const values = {
    date: wordsDate(d.deadline.date, words),
    form: d.form ?? '',
    days: d.days ?? '',
  };
  switch (d.kind) {
    case 'hearing':
    case 'renewalHearing':
    case 'service':
    case 'renewalService':
    case 'emergencyEnds':
    case 'temporaryEnds':
    case 'renewal':
      return {
        title: w[d.kind].title,
        todo: fill(w[d.kind].todo, values),
        why: fill(w[d.kind].why, values),
      };
    case 'orderEnds':
      return {
        title: w.orderEnds.title,
        todo: w.orderEnds.todo,
        why: d.writtenOnOrder ? w.orderEnds.whyWritten : w.orderEnds.whyByLaw,
      };
    case 'orderEnded':
      return {
        title: w.orderEnded.title,
        todo: w.orderEnded.todo,
        why: d.writtenOnOrder ? w.orderEnds.whyWritten : w.orderEnds.whyByLaw,
      };
  }
}

function dateItem(d: PetitionerDate, view: PetitionerView, words: PetitionerWords): Html {
  const text = dateWords(d, words);
  const id = `date-${d.deadline.key.toLowerCase().replace(/_/g, '-')}`;
  const hearing = d.kind === 'hearing' || d.kind === 'renewalHearing';
  return html`<li
    class="orderly-pdate orderly-pdate--${d.kind}"
    data-deadline-key="${d.deadline.key}"
    ${d.from ? html`data-from-key="${d.from.key}"` : ''}
  >
    <h2 class="orderly-pdate__title" id="${id}">${text.title}</h2>
    <p class="orderly-pdate__when">
      <time datetime="${d.deadline.date}">${whenOf(d, words)}</time>
    </p>
    ${hearing && html`<p class="orderly-pdate__where">${view.court ? fill(words.page.court, { court: view.court }) : words.page.courtUnknown}</p>`}
    <p class="orderly-pdate__todo">${text.todo}</p>
    <details class="orderly-details orderly-pdate__why">
      <summary>${words.page.why}<span class="usa-sr-only"> ${text.title}</span></summary>
      <p>${text.why}</p>
      <p class="orderly-muted">${fill(words.page.law, { citation: d.deadline.citation })}</p>
      ${
        d.deadline.explanation.length > 0 &&
        html`<p class="orderly-pdate__steps-title">${words.page.steps}</p>
          <ol class="orderly-steps" lang="en">
            ${d.deadline.explanation.map((step) => html`<li>${step}</li>`)}
          </ol>`
      }
    </details>
  </li>`;
}

function languageSwitch(words: PetitionerWords): Html {
  return html`<form class="orderly-language" method="post" aria-labelledby="language-label">
    <span class="orderly-language__label" id="language-label">${words.page.language}:</span>
    ${PETITIONER_LOCALES.map((code) => {
      const other = petitionerWords(code);
      const current = code === words.language.code;
      return html`<button
        class="usa-button ${current ? '' : 'usa-button--outline'} orderly-language__button"
        type="submit"
        name="lang"
        value="${code}"
        lang="${other.language.tag}"
        aria-pressed="${current ? 'true' : 'false'}"
      >
        ${other.language.name}
      </button>`;
    })}
  </form>`;
}

function page(
  view: PetitionerView,
  words: PetitionerWords,
  token: string,
  quickExitUrl: string,
): Html {
  const p = words.page;
  return html`<!doctype html>
    <html lang="${words.language.tag}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${p.title}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/web/app.css" />
        <link rel="stylesheet" href="/assets/web/petitioner.css" />
        <script src="/assets/web/quick-exit.js" defer></script>
      </head>
      <body class="orderly-petitioner">
        <header class="orderly-petitioner__bar">
          <div class="grid-container orderly-petitioner__bar-inner">
            ${quickExit(quickExitUrl, p.quickExit, p.quickExitHint)} ${languageSwitch(words)}
          </div>
        </header>
        <main id="main-content" class="grid-container orderly-main orderly-petitioner__main">
          <h1>${p.heading}</h1>
          <p class="usa-intro orderly-petitioner__intro">${p.intro}</p>
          ${
            view.dates.length === 0
              ? html`<p class="orderly-pdates-empty">${p.nothing}</p>`
              : html`<ol class="orderly-pdates">
                  ${view.dates.map((d) => dateItem(d, view, words))}
                </ol>`
          }
          ${
            view.dates.length > 0 &&
            html`<div class="orderly-petitioner__actions">
              <p>
                <a class="usa-button" href="/p/${token}/calendar.ics" download="appointments.ics"
                  >${p.addToCalendar}</a
                >
                <button class="usa-button usa-button--outline" type="button" data-print hidden>
                  ${p.print}
                </button>
              </p>
              <p class="usa-hint">
                ${fill(p.calendarHint, { appointment: words.calendar.appointment })}
              </p>
            </div>`
          }
        </main>
        <footer class="orderly-footer orderly-petitioner__footer">
          <div class="grid-container">
            <p><strong>${p.help}</strong></p>
            <p>${p.notAdvice}</p>
          </div>
        </footer>
      </body>
    </html>`;
}

export const petitionerPages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;
    const quickExitUrl = runtime.config.quickExitUrl;
    // Unknown, revoked and expired links count against the client's address, as failed API keys
    // and feed tokens do. A live link is checked first, so a petitioner on a shared network (a
    // shelter's wifi) is not locked out by someone else's guessing.
    // The same counters as API keys and feeds (src/services/request-limits.ts): shared by every
    // process, per address and credential prefix.
    const throttle = new FailedAuthThrottle(runtime.counters, runtime.config.authFailuresPerMinute);

    /**
     * The link's live record, or null once the answer is sent (404, or 429 when over the limit).
     * Not the reply itself: a Fastify reply is thenable, so an async function returning it resolves
     * to undefined once it is sent.
     */
    async function open(
      request: FastifyRequest,
      reply: FastifyReply,
    ): Promise<PetitionerLinkCredential | null> {
      const { token } = request.params as { token: string };
      const link = await runtime.petitionerLinks.verify(token);
      if (link) return link;
      const wait = await throttle.failed('petitioner-link', request.ip, token);
      privateHeaders(reply);
      if (wait > 0) tooManyPage(request, reply, wait);
      else notFoundPage(request, reply, quickExitUrl);
      return null;
    }

    /** A link whose case was erased a moment ago (its record still cached): the same 404. */
    function gone(request: FastifyRequest, reply: FastifyReply): FastifyReply {
      privateHeaders(reply);
      return notFoundPage(request, reply, quickExitUrl);
    }

    function localeOf(request: FastifyRequest, link: PetitionerLinkCredential): string {
      const chosen = request.cookies[LANGUAGE_COOKIE];
      if (chosen !== undefined && isPetitionerLocale(chosen)) return chosen;
      return isPetitionerLocale(link.locale) ? link.locale : DEFAULT_LOCALE;
    }

    async function viewOf(link: PetitionerLinkCredential): Promise<PetitionerView | null> {
      const now = runtime.clock.now();
      const view = await inTransaction(runtime.db, (tx) => petitionerPage(tx, link, now));
      if (view) runtime.petitionerLinks.markUsed(link, now);
      return view;
    }

    app.get('/p/:token', { schema: { params: TOKEN_PARAMS } }, async (request, reply) => {
      const link = await open(request, reply);
      if (!link) return reply;
      const view = await viewOf(link);
      if (!view) return gone(request, reply);
      const words = petitionerWords(localeOf(request, link));
      const { token } = request.params as { token: string };
      privateHeaders(reply);
      return sendPage(reply, page(view, words, token, quickExitUrl));
    });

    // The language switch: a form, so the choice is never in the URL (nor in history).
    app.post('/p/:token', { schema: { params: TOKEN_PARAMS } }, async (request, reply) => {
      const link = await open(request, reply);
      if (!link) return reply;
      const chosen = (request.body as Record<string, unknown> | undefined)?.lang;
      if (typeof chosen === 'string' && isPetitionerLocale(chosen))
        reply.setCookie(LANGUAGE_COOKIE, chosen, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: web.secure,
          maxAge: LANGUAGE_COOKIE_MAX_AGE,
        });
      const { token } = request.params as { token: string };
      privateHeaders(reply);
      return reply.code(303).header('location', `/p/${token}`).send();
    });

    // "Add to my calendar": the page's dates, once, as a file (nothing subscribes to a URL).
    app.get(
      '/p/:token/calendar.ics',
      { schema: { params: TOKEN_PARAMS } },
      async (request, reply) => {
        const link = await open(request, reply);
        if (!link) return reply;
        const view = await viewOf(link);
        if (!view) return gone(request, reply);
        const words = petitionerWords(localeOf(request, link));
        privateHeaders(reply);
        return reply
          .code(200)
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="appointments.ics"')
          .send(petitionerCalendar(view, words));
      },
    );
  };

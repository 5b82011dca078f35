// The frame of every page: neutral title, language, skip link, a header that works without
// JavaScript at any width, and the footer. Pages give their main content.
import type { FastifyReply } from 'fastify';
import type { UserRecord } from '../services/accounts.js';
import { html, type Content, type Html } from './html.js';
import { strings, type Locale } from './strings/index.js';

export type Section = 'today' | 'cases' | 'calendars' | 'admin' | 'account' | null;

export interface Frame {
  /** The person signed in (null on sign-in pages). */
  user: UserRecord | null;
  /** The CSRF token for the sign-out form (and any form the page has). */
  csrf: string;
  section?: Section;
  locale?: Locale;
  /** Scripts beyond app.js (module files under /assets/web/). */
  scripts?: string[];
  /** Wider main column (the case page). */
  wide?: boolean;
  /** A quick-exit button to this neutral site (pages a petitioner may see). */
  quickExitUrl?: string;
}

/**
 * "Leave this page": a plain link without JavaScript; with it (quick-exit.js) the button and the
 * Escape key replace the page with the neutral site (location.replace: Back does not return).
 */
export function quickExit(url: string, label: string, hint: string): Html {
  return html`<div class="orderly-quick-exit" data-quick-exit>
    <a
      class="usa-button usa-button--secondary orderly-quick-exit__button"
      href="${url}"
      rel="noreferrer noopener"
      data-quick-exit-link
      >${label}</a
    >
    <span class="orderly-quick-exit__hint">${hint}</span>
  </div>`;
}

const NAV: { section: Exclude<Section, null>; href: string; label: string; admin?: boolean }[] = [
  { section: 'today', href: '/', label: 'Today' },
  { section: 'cases', href: '/cases', label: 'Cases' },
  { section: 'calendars', href: '/calendars', label: 'Calendars' },
  { section: 'admin', href: '/admin/people', label: 'Admin', admin: true },
  { section: 'account', href: '/account', label: 'My account' },
];

function header(frame: Frame): Html {
  const user = frame.user;
  return html`<header class="orderly-header">
    <div class="grid-container orderly-header__inner">
      <a class="orderly-brand" href="/">${strings(frame.locale ?? 'en').siteName}</a>
      ${
        user &&
        html`<nav class="orderly-nav" aria-label="Main">
            <ul class="orderly-nav__list">
              ${NAV.filter((item) => !item.admin || user.role === 'admin').map(
                (item) =>
                  html`<li>
                    <a
                      class="orderly-nav__link"
                      href="${item.href}"
                      ${item.section === frame.section ? html`aria-current="page"` : ''}
                      >${item.label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
          <form class="orderly-signout" method="post" action="/sign-out">
            <input type="hidden" name="_csrf" value="${frame.csrf}" />
            <button
              class="usa-button usa-button--outline usa-button--inverse orderly-signout__button"
              type="submit"
            >
              Sign out
            </button>
          </form>`
      }
    </div>
  </header>`;
}

export function layout(frame: Frame, main: Content): Html {
  const t = strings(frame.locale ?? 'en');
  return html`<!doctype html>
    <html lang="${frame.locale ?? 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${t.siteName}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/web/app.css" />
        <script src="/assets/web/app.js" defer></script>
        ${
          frame.quickExitUrl &&
          html`<link rel="stylesheet" href="/assets/web/petitioner.css" />
            <script src="/assets/web/quick-exit.js" defer></script>`
        }
        ${(frame.scripts ?? []).map(
          (src) => html`<script type="module" src="/assets/web/${src}"></script>`,
        )}
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">${t.skipToContent}</a>
        ${frame.quickExitUrl && quickExit(frame.quickExitUrl, t.quickExit.label, t.quickExit.hint)}
        ${header(frame)}
        <main
          id="main-content"
          class="grid-container orderly-main${frame.wide ? ' orderly-main--wide' : ''}"
          tabindex="-1"
        >
          ${main}
        </main>
        <footer class="orderly-footer">
          <div class="grid-container">
            <p>
              Dates are worked out from the law and the facts entered. A date the court writes on an
              order controls. Orderly is not legal advice.
            </p>
          </div>
        </footer>
      </body>
    </html>`;
}

/** Sends a page: HTML, never cached, never indexed. */
export function sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.value);
}

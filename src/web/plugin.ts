// The web app: server-rendered pages for clinic staff, at `/`, in the same process and on the
// same services as the API. Registered in order: cookies, form bodies and CSRF; security
// headers; static assets (no session lookup); then the pages behind the session hook.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { Runtime } from '../runtime.js';
import { resumeSession } from '../services/accounts.js';
import { csrfUserInfo, webOf, type Web } from './context.js';
import { notFoundPage, webErrorHandler } from './errors.js';
import { accountPages } from './pages/account.js';
import { adminPages } from './pages/admin.js';
import { calendarPages } from './pages/calendars.js';
import { casePages } from './pages/cases.js';
import { reminderPages } from './pages/reminders.js';
import { homePages } from './pages/home.js';
import { PETITIONER_CSP, petitionerPages } from './pages/petitioner.js';
import { petitionerLinkPages } from './pages/petitioner-links.js';
import { signInPages } from './pages/sign-in.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page that works without signing in (the sign-in pages). */
    signedOut?: boolean;
  }
}

/**
 * No inline script or style anywhere: every script and stylesheet is a file served from here.
 * `data:` images are USWDS's own icons inside its stylesheet.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export const ASSETS = {
  uswds: path.join(PROJECT_ROOT, 'node_modules', '@uswds', 'uswds', 'dist'),
  web: path.join(PROJECT_ROOT, 'src', 'web', 'assets'),
  webauthn: path.join(PROJECT_ROOT, 'node_modules', '@simplewebauthn', 'browser', 'esm'),
};

/**
 * Whether an unknown path should get the web app's 404 page: a browser asking for a page
 * (Accept: text/html) outside the API, feeds, docs, health and opt-out links. Everyone else
 * gets the API's problem+json.
 */
export function wantsPage(url: string, accept: string | undefined): boolean {
  return (
    !/^\/(v1|feeds|docs|health|ready|opt-out)(\/|$|\?)/.test(url) &&
    (accept ?? '').includes('text/html')
  );
}

function installHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // The petitioner's pages send a stricter policy of their own; every other page (whatever
    // helmet set for the API) gets the web app's.
    if (reply.getHeader('content-security-policy') !== PETITIONER_CSP)
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

async function assets(app: FastifyInstance): Promise<void> {
  const cacheControl = 'public, max-age=3600';
  await app.register(fastifyStatic, {
    root: ASSETS.uswds,
    prefix: '/assets/uswds/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders: (res) => void res.setHeader('cache-control', cacheControl),
  });
  await app.register(fastifyStatic, {
    root: ASSETS.web,
    prefix: '/assets/web/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders: (res) => void res.setHeader('cache-control', 'no-cache'),
  });
  await app.register(fastifyStatic, {
    root: ASSETS.webauthn,
    prefix: '/assets/vendor/simplewebauthn/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders: (res) => void res.setHeader('cache-control', cacheControl),
  });
}

async function pages(app: FastifyInstance, web: Web): Promise<void> {
  app.decorateRequest('signedIn', null);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[web.cookies.session];
    if (token) {
      request.signedIn = await resumeSession(
        web.runtime.db.prisma,
        token,
        web.runtime.clock.now(),
        web.settings,
      );
      if (!request.signedIn) reply.clearCookie(web.cookies.session, { path: '/' });
    }
    if (!request.signedIn && !request.routeOptions.config.signedOut)
      return reply.code(303).header('location', '/sign-in').send();
  });
  // Every form post carries the CSRF token (bound to the session), checked before any work.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done);
    else done();
  });
  await app.register(signInPages(web));
  await app.register(homePages(web));
  await app.register(accountPages(web));
  await app.register(casePages(web));
  await app.register(calendarPages(web));
  await app.register(petitionerLinkPages(web));
  await app.register(reminderPages(web));
  await app.register(adminPages(web));
}

export const webApp = (runtime: Runtime): FastifyPluginAsync =>
  async function (app) {
    const secrets = await runtime.secretBox();
    const web = webOf(runtime, secrets);
    await app.register(cookie, { secret: secrets.derive('web cookie signing') });
    await app.register(formbody, { bodyLimit: 64 * 1024 });
    await app.register(csrf, {
      cookieKey: web.secure ? '__Host-orderly_csrf' : 'orderly_csrf',
      cookieOpts: {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: web.secure,
        signed: true,
      },
      sessionPlugin: '@fastify/cookie',
      getUserInfo: csrfUserInfo,
      csrfOpts: { userInfo: true, hmacKey: secrets.derive('web csrf') },
    });
    installHeaders(app);
    app.setErrorHandler(webErrorHandler);
    // Pages are for people, not part of the API's document.
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    await app.register(assets);
    // The petitioner's own pages: no session, no CSRF (they change nothing but a language cookie).
    await app.register(petitionerPages(web));
    await app.register(async (scope) => pages(scope, web));
  };

export { notFoundPage };

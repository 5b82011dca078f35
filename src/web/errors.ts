// Error pages: neutral, in plain words, and revealing nothing — an unknown id and another
// organization's id get the same 404 page; a server error shows only a reference.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../services/errors.js';
import { csrfOf } from './context.js';
import { html } from './html.js';
import { layout, sendPage } from './layout.js';
import { strings, type Locale } from './strings/index.js';

function messagePage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  body: string,
  options: { locale?: Locale; quickExitUrl?: string } = {},
): FastifyReply {
  // Only a signed-in page has a form (sign out): nobody else gets a CSRF cookie from an error.
  let csrf = '';
  if (request.signedIn) {
    try {
      csrf = csrfOf(reply);
    } catch {
      csrf = '';
    }
  }
  const t = strings(options.locale ?? 'en');
  return sendPage(
    reply,
    layout(
      {
        user: request.signedIn?.user ?? null,
        csrf,
        ...(options.locale && { locale: options.locale }),
        ...(options.quickExitUrl && { quickExitUrl: options.quickExitUrl }),
      },
      html`<h1>${title}</h1>
        <p class="usa-intro">${body}</p>
        <p><a class="usa-link" href="/">${t.errors.backHome}</a></p>`,
    ),
    status,
  );
}

/** The language a visitor chose on a petitioner's page (a cookie), where the staff catalogue has it. */
export const LANGUAGE_COOKIE = 'orderly_lang';

/**
 * The one 404 page: unknown paths, other organizations' ids, and petitioners' links that are
 * unknown, revoked or expired all look the same. It has the quick-exit button (a petitioner
 * may be the one reading it) and follows the language chosen on a petitioner's page.
 */
export function notFoundPage(
  request: FastifyRequest,
  reply: FastifyReply,
  quickExitUrl?: string,
): FastifyReply {
  const chosen = request.cookies?.[LANGUAGE_COOKIE];
  const locale: Locale = chosen === 'es' ? 'es' : 'en';
  const t = strings(locale);
  return messagePage(request, reply, 404, t.errors.notFoundTitle, t.errors.notFoundBody, {
    locale,
    ...(quickExitUrl !== undefined && { quickExitUrl }),
  });
}

export function tooManyPage(
  request: FastifyRequest,
  reply: FastifyReply,
  waitSeconds: number,
): FastifyReply {
  const t = strings('en');
  reply.header('retry-after', String(waitSeconds));
  return messagePage(
    request,
    reply,
    429,
    t.errors.tooManyTitle,
    t.errors.tooManyBody(Math.max(1, Math.ceil(waitSeconds / 60))),
  );
}

const CSRF_ERRORS = new Set([
  'FST_CSRF_INVALID_TOKEN',
  'FST_CSRF_MISSING_SECRET',
  'FST_CSRF_MISSING_TOKEN',
]);

/** The web app's error handler (the API keeps its problem+json one). */
export function webErrorHandler(
  error: FastifyError & { validation?: unknown },
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const t = strings('en');
  if (error instanceof DomainError) {
    switch (error.code) {
      case 'NOT_FOUND':
        return notFoundPage(request, reply);
      case 'UNAUTHORIZED':
        return reply.code(303).header('location', '/sign-in').send();
      case 'FORBIDDEN':
        return messagePage(request, reply, 403, t.errors.forbiddenTitle, t.errors.forbiddenBody);
      case 'CONFLICT':
      case 'PRECONDITION_FAILED':
      case 'PRECONDITION_REQUIRED':
        return messagePage(
          request,
          reply,
          409,
          'This could not be done',
          `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}. Nothing was changed. Go back, reload the page and try again.`,
        );
      case 'INVALID_INPUT':
      case 'NOT_ALLOWED':
        return messagePage(
          request,
          reply,
          error.code === 'INVALID_INPUT' ? 400 : 422,
          'This could not be done',
          `${error.fields.map((f) => f.reason).join('; ') || error.message}. Nothing was changed.`,
        );
      case 'IDEMPOTENCY_KEY_IN_USE':
      case 'IDEMPOTENCY_KEY_REUSED':
        break;
    }
  }
  if (error.code && CSRF_ERRORS.has(error.code))
    return messagePage(request, reply, 403, t.errors.expiredFormTitle, t.errors.expiredFormBody);
  // A malformed id in the path cannot name anything that exists.
  if (Array.isArray(error.validation) && error.validationContext === 'params')
    return notFoundPage(request, reply);
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500)
    return messagePage(
      request,
      reply,
      status,
      'This could not be done',
      'The request was not understood. Nothing was changed.',
    );
  request.log.error({ err: error }, 'page failed');
  return messagePage(request, reply, 500, t.errors.serverTitle, t.errors.serverBody(request.id));
}

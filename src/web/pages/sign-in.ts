// Signing in and out: one-time links (invitations), email and password (then a TOTP code when
// the person turned codes on), and passkeys. Every success starts a new session with a new
// cookie value (nothing a browser held before signing in is ever promoted to a session).
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  checkPassword,
  normaliseEmail,
  passkeySignInOptions,
  personAwaitingCode,
  beginStep,
  signInLinkIsLive,
  signInWithCode,
  signInWithLink,
  signInWithPasskey,
  signInWithPassword,
  signOut,
  type NewSession,
} from '../../services/accounts.js';
import { SignInThrottle, type Attempt } from '../../services/sign-in-throttle.js';
import { csrfOf, deviceOf, redirect, transaction, type Web } from '../context.js';
import { tooManyPage } from '../errors.js';
import { csrfField, errorSummary, textInput, textOf, type FormErrors } from '../forms.js';
import { html } from '../html.js';
import { layout, sendPage } from '../layout.js';

const LINK_PARAMS = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 80 } },
  required: ['token'],
} as const;

const DEVICE_COOKIE_MAX_AGE = 365 * 86_400;

export const signInPages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;
    const throttle = new SignInThrottle();
    const now = () => runtime.clock.now();
    const signedOut = { config: { signedOut: true } };

    /** The browser's device cookie, when it signed in to `userId` (or any account, for null) before. */
    function trustedDevice(request: FastifyRequest, userId: string | null): string | null {
      const raw = request.cookies[web.cookies.device];
      if (!raw) return null;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return null;
      const [owner, id] = unsigned.value.split('.');
      return owner && id && (userId === null || owner === userId) ? id : null;
    }

    function attemptOf(
      request: FastifyRequest,
      account: string | null,
      userId: string | null,
    ): Attempt {
      return {
        address: request.ip,
        account,
        trustedDevice: account ? trustedDevice(request, userId) : null,
      };
    }

    /** Starts the browser's session: a fresh cookie, the device remembered, any sign-in step cleared. */
    function begin(reply: FastifyReply, session: NewSession): void {
      reply.setCookie(web.cookies.session, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: web.secure,
      });
      reply.setCookie(web.cookies.device, `${session.user.id}.${randomUUID()}`, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: web.secure,
        signed: true,
        maxAge: DEVICE_COOKIE_MAX_AGE,
      });
      reply.clearCookie(web.cookies.step, { path: '/' });
    }

    function stepCookie(reply: FastifyReply, token: string): void {
      reply.setCookie(web.cookies.step, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: web.secure,
        maxAge: 300,
      });
    }

    function signInForm(
      request: FastifyRequest,
      reply: FastifyReply,
      options: { errors?: FormErrors; email?: string; notice?: string } = {},
      status = 200,
    ) {
      const errors = options.errors;
      return sendPage(
        reply,
        layout(
          { user: null, csrf: csrfOf(reply), scripts: ['passkey.js'] },
          html`<div class="orderly-narrow">
            ${errorSummary(errors)}
            ${
              options.notice &&
              html`<div class="usa-alert usa-alert--info usa-alert--slim">
                <div class="usa-alert__body"><p class="usa-alert__text">${options.notice}</p></div>
              </div>`
            }
            <h1>Sign in</h1>
            <div class="orderly-passkey" data-passkey-sign-in hidden>
              <button class="usa-button usa-button--big" type="button" data-passkey-button>
                Sign in with a passkey
              </button>
              <p class="usa-error-message" data-passkey-error role="alert" hidden></p>
              <p class="orderly-or">or</p>
            </div>
            <form class="usa-form" method="post" action="/sign-in" novalidate>
              ${csrfField(csrfOf(reply))}
              ${textInput({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'username', value: options.email, error: errors?.email })}
              ${textInput({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', error: errors?.password })}
              <button class="usa-button" type="submit">Sign in</button>
            </form>
            <p>
              No password or passkey yet, or lost it? Ask an administrator of your organization for
              a new sign-in link.
            </p>
          </div>`,
        ),
        status,
      );
      void request;
    }

    app.get('/sign-in', signedOut, async (request, reply) => {
      if (request.signedIn) return redirect(reply, '/');
      const notice =
        (request.query as Record<string, unknown>)['signed-out'] !== undefined
          ? 'You are signed out.'
          : undefined;
      return signInForm(request, reply, notice ? { notice } : {});
    });

    app.post('/sign-in', signedOut, async (request, reply) => {
      const email = normaliseEmail(textOf(request.body, 'email'));
      const password = textOf(request.body, 'password');
      const errors: FormErrors = {};
      if (!email) errors.email = 'Enter your email address.';
      if (!password) errors.password = 'Enter your password.';
      if (Object.keys(errors).length > 0) return signInForm(request, reply, { errors, email }, 400);

      const result = await transaction(web, async (tx) => {
        const at = now();
        const preliminary = attemptOf(request, email, null);
        const wait = await throttle.waitFor(tx, preliminary, at);
        if (wait > 0) return { wait } as const;
        const check = await checkPassword(tx, email, password);
        const attempt = attemptOf(request, email, check.ok ? check.user.id : null);
        if (!check.ok) {
          await throttle.failed(tx, attempt, at);
          return { failed: true } as const;
        }
        // Checked again with the account's own device cookie: a device trusted for another
        // account does not lift this account's limits.
        const waitNow = await throttle.waitFor(tx, attempt, at);
        if (waitNow > 0) return { wait: waitNow } as const;
        await throttle.succeeded(tx, attempt);
        if (check.needsCode)
          return { step: await beginStep(tx, 'totp', check.user.id, null, at) } as const;
        return {
          session: await signInWithPassword(tx, check.user, deviceOf(request), at, web.settings),
        } as const;
      });
      if ('wait' in result) return tooManyPage(request, reply, result.wait);
      if ('failed' in result)
        return signInForm(
          request,
          reply,
          {
            email,
            errors: {
              password: 'The email address or password is not right. Check both and try again.',
            },
          },
          400,
        );
      if ('step' in result) {
        stepCookie(reply, result.step);
        return redirect(reply, '/sign-in/code');
      }
      begin(reply, result.session);
      return redirect(reply, '/');
    });

    function codeForm(reply: FastifyReply, errors?: FormErrors, status = 200) {
      return sendPage(
        reply,
        layout(
          { user: null, csrf: csrfOf(reply) },
          html`<div class="orderly-narrow">
            ${errorSummary(errors)}
            <h1>Enter your code</h1>
            <form class="usa-form" method="post" action="/sign-in/code" novalidate>
              ${csrfField(csrfOf(reply))}
              ${textInput({
                name: 'code',
                label: 'The 6-digit code from your authenticator app',
                inputmode: 'numeric',
                autocomplete: 'one-time-code',
                width: 'sm',
                maxlength: 8,
                error: errors?.code,
              })}
              <button class="usa-button" type="submit">Continue</button>
            </form>
            <p><a class="usa-link" href="/sign-in">Start again</a></p>
          </div>`,
        ),
        status,
      );
    }

    app.get('/sign-in/code', signedOut, async (request, reply) => {
      const step = request.cookies[web.cookies.step];
      const user = step ? await personAwaitingCode(runtime.db.prisma, step, now()) : null;
      if (!user) return redirect(reply, '/sign-in');
      return codeForm(reply);
    });

    app.post('/sign-in/code', signedOut, async (request, reply) => {
      const step = request.cookies[web.cookies.step] ?? '';
      const code = textOf(request.body, 'code');
      const result = await transaction(web, async (tx) => {
        const at = now();
        const user = step ? await personAwaitingCode(tx, step, at) : null;
        if (!user) return { restart: true } as const;
        const attempt = attemptOf(request, user.email, user.id);
        const wait = await throttle.waitFor(tx, attempt, at);
        if (wait > 0) return { wait } as const;
        const session = await signInWithCode(
          tx,
          web.secrets,
          step,
          code,
          deviceOf(request),
          at,
          web.settings,
        );
        if (!session) {
          await throttle.failed(tx, attempt, at);
          return { failed: true } as const;
        }
        await throttle.succeeded(tx, attempt);
        return { session } as const;
      });
      if ('restart' in result) return redirect(reply, '/sign-in');
      if ('wait' in result) return tooManyPage(request, reply, result.wait);
      if ('failed' in result)
        return codeForm(
          reply,
          { code: 'That code is not right. Enter the newest code from your app.' },
          400,
        );
      begin(reply, result.session);
      return redirect(reply, '/');
    });

    // Passkeys: the page's script asks for options, the browser signs, the script posts the result.
    app.post('/sign-in/passkey/options', signedOut, async (_request, reply) => {
      const { options, stepToken } = await transaction(web, (tx) =>
        passkeySignInOptions(tx, now(), web.settings),
      );
      stepCookie(reply, stepToken);
      return reply.send(options);
    });

    app.post('/sign-in/passkey', signedOut, async (request, reply) => {
      const step = request.cookies[web.cookies.step] ?? '';
      const attempt = attemptOf(request, null, null);
      const result = await transaction(web, async (tx) => {
        const at = now();
        const wait = await throttle.waitFor(tx, attempt, at);
        if (wait > 0) return { wait } as const;
        const response = (request.body as { response?: AuthenticationResponseJSON } | null)
          ?.response;
        const session = response
          ? await signInWithPasskey(tx, step, response, deviceOf(request), at, web.settings)
          : null;
        if (!session) await throttle.failed(tx, attempt, at);
        return { session } as const;
      });
      if ('wait' in result)
        return reply.code(429).send({ error: 'Too many attempts. Wait a few minutes.' });
      if (!result.session)
        return reply
          .code(400)
          .send({ error: 'That passkey could not sign you in. Try again, or use your password.' });
      begin(reply, result.session);
      return reply.send({ redirect: '/' });
    });

    // One-time links. Opening one shows a page that continues at once (its script submits the
    // form; without JavaScript, one button): link scanners that fetch URLs do not use it up.
    const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
      sendPage(
        reply,
        layout(
          { user: request.signedIn?.user ?? null, csrf: csrfOf(reply) },
          html`<h1>This sign-in link does not work</h1>
            <p class="usa-intro">
              It may have expired, or it was already used: each link works once. Ask an
              administrator of your organization for a new one.
            </p>
            <p><a class="usa-link" href="/sign-in">Go to sign in</a></p>`,
        ),
        404,
      );

    app.get(
      '/sign-in/link/:token',
      { config: { signedOut: true }, schema: { params: LINK_PARAMS } },
      async (request, reply) => {
        const { token } = request.params as { token: string };
        if (!(await signInLinkIsLive(runtime.db.prisma, token, now())))
          return invalidLink(request, reply);
        return sendPage(
          reply,
          layout(
            { user: null, csrf: csrfOf(reply) },
            html`<div class="orderly-narrow">
              <h1>Welcome to Orderly</h1>
              <form class="usa-form" method="post" action="/sign-in/link/${token}" data-auto-submit>
                ${csrfField(csrfOf(reply))}
                <p>Signing you in…</p>
                <button class="usa-button" type="submit">Continue</button>
              </form>
            </div>`,
          ),
        );
      },
    );

    app.post(
      '/sign-in/link/:token',
      { config: { signedOut: true }, schema: { params: LINK_PARAMS } },
      async (request, reply) => {
        const { token } = request.params as { token: string };
        const session = await transaction(web, async (tx) => {
          if (request.signedIn) await signOut(tx, request.signedIn, now());
          return signInWithLink(tx, token, deviceOf(request), now(), web.settings);
        });
        if (!session) return invalidLink(request, reply);
        begin(reply, session);
        return redirect(reply, '/welcome');
      },
    );

    app.post('/sign-out', signedOut, async (request, reply) => {
      if (request.signedIn) {
        const signedIn = request.signedIn;
        await transaction(web, (tx) => signOut(tx, signedIn, now()));
      }
      reply.clearCookie(web.cookies.session, { path: '/' });
      return redirect(reply, '/sign-in?signed-out');
    });
  };

// My account: passkeys, password, authenticator codes, and the sessions that are signed in
// (each can be ended; "sign out everywhere" ends them all). Also the page after a sign-in link.
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import {
  beginTotp,
  confirmTotp,
  disableTotp,
  passkeyRegistrationOptions,
  passkeysOfPerson,
  registerPasskey,
  removePasskey,
  revokeOwnSession,
  sessionsOfPerson,
  setPassword,
  signOutEverywhere,
} from '../../services/accounts.js';
import { contextOf, csrfOf, redirect, transaction, userOf, type Web } from '../context.js';
import {
  csrfField,
  errorSummary,
  formErrorsOf,
  textInput,
  textOf,
  type FormErrors,
} from '../forms.js';
import { html, trusted, type Html } from '../html.js';
import { layout, sendPage } from '../layout.js';
import { courtDateTime } from '../strings/index.js';

const ID_PARAMS = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

/** An SVG QR code (no inline style: the CSP allows none). */
export async function qrSvg(text: string, label: string): Promise<Html> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return trusted(
    svg.replace(
      '<svg ',
      `<svg role="img" aria-label="${label.replace(/"/g, '&quot;')}" class="orderly-qr" `,
    ),
  );
}

const passkeyScript = ['passkey.js'];

export const accountPages = (web: Web): FastifyPluginAsync =>
  async function (app) {
    const { runtime } = web;

    function passkeyAdder(reply: FastifyReply): Html {
      return html`<div data-passkey-register hidden>
          <button class="usa-button" type="button" data-passkey-button>Add a passkey</button>
          <p class="usa-error-message" data-passkey-error role="alert" hidden></p>
        </div>
        <p class="usa-hint" data-passkey-unsupported>
          Passkeys need JavaScript and a browser or phone that supports them. You can set a password
          instead.
        </p>
        ${csrfField(csrfOf(reply))}`;
    }

    app.get('/welcome', async (request, reply) => {
      const user = userOf(request);
      return sendPage(
        reply,
        layout(
          { user, csrf: csrfOf(reply), scripts: passkeyScript },
          html`<h1>You are signed in</h1>
            <p class="usa-intro">
              Welcome, ${user.displayName}. Your sign-in link is used up: choose how you will sign
              in next time.
            </p>
            <div class="grid-row grid-gap">
              <section class="tablet:grid-col-6 orderly-card" aria-labelledby="passkey-title">
                <h2 id="passkey-title">A passkey (recommended)</h2>
                <p>
                  Your phone or computer unlocks Orderly with your fingerprint, face or PIN. Nothing
                  to remember or type.
                </p>
                ${passkeyAdder(reply)}
              </section>
              <section class="tablet:grid-col-6 orderly-card" aria-labelledby="password-title">
                <h2 id="password-title">A password</h2>
                <p>
                  At least 12 characters. A few words together are easy to remember and hard to
                  guess.
                </p>
                <a class="usa-button usa-button--outline" href="/account#password"
                  >Set a password</a
                >
              </section>
            </div>
            <p><a class="usa-link" href="/">Not now: continue to Orderly</a></p>`,
        ),
      );
    });

    async function accountPage(
      request: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors | null = null,
      notice: string | null = null,
      status = 200,
    ) {
      const user = userOf(request);
      const at = runtime.clock.now();
      const [passkeys, sessions] = await transaction(web, (tx) =>
        Promise.all([passkeysOfPerson(tx, user.id), sessionsOfPerson(tx, user.id, at)]),
      );
      const csrf = csrfOf(reply);
      const currentId = request.signedIn?.sessionId;
      return sendPage(
        reply,
        layout(
          { user, csrf, section: 'account', scripts: passkeyScript },
          html`${errorSummary(errors)}
            ${
              notice &&
              html`<div class="usa-alert usa-alert--success usa-alert--slim" role="status">
                <div class="usa-alert__body"><p class="usa-alert__text">${notice}</p></div>
              </div>`
            }
            <h1>My account</h1>
            <p>
              ${user.displayName} · ${user.email} ·
              ${user.role === 'admin' ? 'Administrator' : 'Advocate'}
            </p>

            <h2 id="passkeys">Passkeys</h2>
            ${
              passkeys.length === 0
                ? html`<p>You have no passkey yet.</p>`
                : html`<ul class="usa-list">
                    ${passkeys.map(
                      (p) =>
                        html`<li>
                          Passkey added
                          ${courtDateTime(p.createdAt)}${p.lastUsedAt ? `, last used ${courtDateTime(p.lastUsedAt)}` : ', not used yet'}
                          <form
                            class="orderly-inline-form"
                            method="post"
                            action="/account/passkeys/${p.id}/remove"
                          >
                            ${csrfField(csrf)}
                            <button class="usa-button usa-button--unstyled" type="submit">
                              Remove<span class="usa-sr-only"> this passkey</span>
                            </button>
                          </form>
                        </li>`,
                    )}
                  </ul>`
            }
            ${passkeyAdder(reply)}

            <h2 id="password">Password</h2>
            <form class="usa-form" method="post" action="/account/password" novalidate>
              ${csrfField(csrf)}
              ${
                user.hasPassword &&
                textInput({
                  name: 'current',
                  label: 'Current password',
                  type: 'password',
                  autocomplete: 'current-password',
                  error: errors?.current,
                })
              }
              ${textInput({
                name: 'password',
                label: user.hasPassword ? 'New password' : 'Password',
                hint: 'At least 12 characters.',
                type: 'password',
                autocomplete: 'new-password',
                error: errors?.password,
              })}
              ${textInput({ name: 'confirmation', label: 'The same password again', type: 'password', autocomplete: 'new-password', error: errors?.confirmation })}
              <button class="usa-button" type="submit">
                ${user.hasPassword ? 'Change password' : 'Set password'}
              </button>
            </form>

            <h2 id="codes">Codes from an authenticator app</h2>
            ${
              user.totpEnabled
                ? html`<p>On: after your password, Orderly asks for a code from your app.</p>
                    <form method="post" action="/account/totp/disable">
                      ${csrfField(csrf)}
                      <button class="usa-button usa-button--secondary" type="submit">
                        Turn codes off
                      </button>
                    </form>`
                : html`<p>Off. Turn it on so a stolen password alone cannot open your account.</p>
                    <form method="post" action="/account/totp">
                      ${csrfField(csrf)}
                      <button class="usa-button usa-button--outline" type="submit">
                        Turn codes on
                      </button>
                    </form>`
            }

            <h2 id="sessions">Where you are signed in</h2>
            <ul class="usa-list">
              ${sessions.map(
                (s) =>
                  html`<li>
                    ${s.device ?? 'A browser'}, since ${courtDateTime(s.createdAt)}, last active
                    ${courtDateTime(s.lastSeenAt)}${
                      s.id === currentId
                        ? html` <strong>(this browser)</strong>`
                        : html`<form
                            class="orderly-inline-form"
                            method="post"
                            action="/account/sessions/${s.id}/revoke"
                          >
                            ${csrfField(csrf)}
                            <button class="usa-button usa-button--unstyled" type="submit">
                              Sign out<span class="usa-sr-only"> that browser</span>
                            </button>
                          </form>`
                    }
                  </li>`,
              )}
            </ul>
            <form method="post" action="/account/sign-out-everywhere">
              ${csrfField(csrf)}
              <button class="usa-button usa-button--secondary" type="submit">
                Sign out everywhere
              </button>
            </form>`,
        ),
        status,
      );
    }

    const SAVED: Record<string, string> = {
      password: 'Your password is saved.',
      codes: 'Codes are on.',
      passkey: 'Your passkey is added.',
    };
    app.get('/account', (request, reply) => {
      const saved = (request.query as Record<string, unknown>).saved;
      return accountPage(
        request,
        reply,
        null,
        typeof saved === 'string' ? (SAVED[saved] ?? null) : null,
      );
    });

    app.post('/account/password', async (request, reply) => {
      try {
        await transaction(web, (tx) =>
          setPassword(tx, contextOf(web, request), {
            password: textOf(request.body, 'password'),
            confirmation: textOf(request.body, 'confirmation'),
            current: textOf(request.body, 'current'),
          }),
        );
      } catch (error) {
        const errors = formErrorsOf(error);
        if (errors) return accountPage(request, reply, errors, null, 400);
        throw error;
      }
      return redirect(reply, '/account?saved=password');
    });

    app.post('/account/totp', async (request, reply) => {
      const user = userOf(request);
      const { uri, key } = await transaction(web, (tx) =>
        beginTotp(tx, contextOf(web, request), web.secrets, user.email),
      );
      return totpSetup(reply, uri, key);
    });

    async function totpSetup(reply: FastifyReply, uri: string, key: string, errors?: FormErrors) {
      return sendPage(
        reply,
        layout(
          { user: null, csrf: csrfOf(reply), section: 'account' },
          html`${errorSummary(errors)}
            <h1>Turn on codes</h1>
            <ol class="usa-process-list">
              <li class="usa-process-list__item">
                <h2 class="usa-process-list__heading">Scan this with your authenticator app</h2>
                ${await qrSvg(uri, 'QR code for your authenticator app')}
                <p>Or type this key: <code class="orderly-secret">${key}</code></p>
              </li>
              <li class="usa-process-list__item">
                <h2 class="usa-process-list__heading">Enter the code it shows</h2>
                <form class="usa-form" method="post" action="/account/totp/confirm" novalidate>
                  ${csrfField(csrfOf(reply))}
                  <input type="hidden" name="uri" value="${uri}" />
                  ${textInput({ name: 'code', label: '6-digit code', inputmode: 'numeric', autocomplete: 'one-time-code', width: 'sm', maxlength: 8, error: errors?.code })}
                  <button class="usa-button" type="submit">Turn on</button>
                </form>
              </li>
            </ol>`,
        ),
        errors ? 400 : 200,
      );
    }

    app.post('/account/totp/confirm', async (request, reply) => {
      const user = userOf(request);
      try {
        await transaction(web, (tx) =>
          confirmTotp(
            tx,
            contextOf(web, request),
            web.secrets,
            user.email,
            textOf(request.body, 'code'),
          ),
        );
      } catch (error) {
        const errors = formErrorsOf(error);
        const uri = textOf(request.body, 'uri');
        const key = /secret=([A-Z2-7]+)/.exec(uri)?.[1];
        if (errors && key) return totpSetup(reply, uri, key, errors);
        throw error;
      }
      return redirect(reply, '/account?saved=codes');
    });

    app.post('/account/totp/disable', async (request, reply) => {
      await transaction(web, (tx) => disableTotp(tx, contextOf(web, request)));
      return redirect(reply, '/account');
    });

    app.post('/account/passkeys/options', async (request, reply) => {
      const user = userOf(request);
      const { options, stepToken } = await transaction(web, (tx) =>
        passkeyRegistrationOptions(tx, user, runtime.clock.now(), web.settings),
      );
      reply.setCookie(web.cookies.step, stepToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: web.secure,
        maxAge: 300,
      });
      return reply.send(options);
    });

    app.post('/account/passkeys', async (request, reply) => {
      const response = (request.body as { response?: RegistrationResponseJSON } | null)?.response;
      const step = request.cookies[web.cookies.step] ?? '';
      try {
        if (!response) throw new Error('no response');
        await transaction(web, (tx) =>
          registerPasskey(tx, contextOf(web, request), step, response, web.settings),
        );
      } catch {
        return reply.code(400).send({ error: 'The passkey could not be added. Try again.' });
      }
      reply.clearCookie(web.cookies.step, { path: '/' });
      return reply.send({ redirect: '/account?saved=passkey' });
    });

    app.post(
      '/account/passkeys/:id/remove',
      { schema: { params: ID_PARAMS } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        await transaction(web, (tx) => removePasskey(tx, contextOf(web, request), id));
        return redirect(reply, '/account');
      },
    );

    app.post(
      '/account/sessions/:id/revoke',
      { schema: { params: ID_PARAMS } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        await transaction(web, (tx) => revokeOwnSession(tx, contextOf(web, request), id));
        return redirect(reply, '/account');
      },
    );

    app.post('/account/sign-out-everywhere', async (request, reply) => {
      await transaction(web, (tx) => signOutEverywhere(tx, contextOf(web, request)));
      reply.clearCookie(web.cookies.session, { path: '/' });
      return redirect(reply, '/sign-in?signed-out');
    });
  };

// The petitioner's opt-out link (in every reminder email): public, no API key. The token is
// an HMAC of the contact's id (src/adapters/secret-box.ts), so it cannot be guessed, and the
// pages say nothing about the case or the person. GET only shows a button — link scanners
// and previews fetch links, and must not opt anyone out; POST (the button, or a mail client's
// RFC 8058 one-click) does it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { optOutByLink } from '../../services/reminders.js';
import { inTransaction } from '../../services/transaction.js';

const TokenParams = Type.Object(
  { token: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

const TEXT = {
  confirm: 'Stop reminders? / ¿Dejar de recibir recordatorios?',
  button: 'Stop reminders / Dejar de recibir recordatorios',
  done: 'You will not receive more reminders at this address. / No recibirá más recordatorios en esta dirección.',
  invalid: 'This link is not valid. / Este enlace no es válido.',
};

function page(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Reminders</title></head><body>${body}</body></html>`,
    );
}

export const optOutRoutes = (runtime: Runtime): FastifyPluginAsyncTypebox =>
  async function (app) {
    // Mail clients' one-click opt-out posts a form (RFC 8058); its content is not needed.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, _body, done) => done(null, {}),
    );

    app.get(
      '/opt-out/:token',
      { schema: { hide: true, params: TokenParams } },
      async (request, reply) => {
        const { token } = request.params;
        if ((await runtime.secretBox()).contactOfOptOutToken(token) === null)
          return page(reply, 404, `<p>${TEXT.invalid}</p>`);
        return page(
          reply,
          200,
          `<p>${TEXT.confirm}</p><form method="post"><button type="submit">${TEXT.button}</button></form>`,
        );
      },
    );
    app.post(
      '/opt-out/:token',
      { schema: { hide: true, params: TokenParams } },
      async (request, reply) => {
        const { token } = request.params;
        const secrets = await runtime.secretBox();
        const done = await inTransaction(runtime.db, (tx) =>
          optOutByLink(tx, secrets, token, runtime.clock.now(), request.id),
        );
        return done
          ? page(reply, 200, `<p>${TEXT.done}</p>`)
          : page(reply, 404, `<p>${TEXT.invalid}</p>`);
      },
    );
  };

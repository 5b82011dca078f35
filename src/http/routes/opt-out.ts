// The petitioner's opt-out link (in every reminder email): public, no API key. The token is
// an HMAC of the contact's id (src/adapters/secret-box.ts), so it cannot be guessed, and the
// pages say nothing about the case or the person. GET only shows a button — link scanners
// and previews fetch links, and must not opt anyone out; POST from that button (it carries
// confirm=yes) does it. Nothing acts in one click (a POST without the confirmation, as a mail
// client's RFC 8058 one-click would send, gets the question again): anyone holding the phone
// could otherwise stop every reminder unseen. The opt-out is recorded with its time, and the
// case's advocates are told — on the case page, and by email after the commit.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { optOutNoticeEmail } from '../../reminders/messages.js';
import { optOutByLink, type OptOutNotice } from '../../services/reminders.js';
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
    // The button's form: only whether it says confirm=yes matters.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, body, done) =>
        done(null, { confirm: new URLSearchParams(String(body)).get('confirm') === 'yes' }),
    );

    const ask = (reply: FastifyReply) =>
      page(
        reply,
        200,
        `<p>${TEXT.confirm}</p><form method="post"><input type="hidden" name="confirm" value="yes"><button type="submit">${TEXT.button}</button></form>`,
      );

    /** After the commit: each assigned advocate gets an email (the case page shows it anyway). */
    function tellAdvocates(notice: OptOutNotice): void {
      const email = runtime.email;
      if (!email || notice.advocates.length === 0) return;
      const message = optOutNoticeEmail(
        notice,
        `${runtime.config.publicBaseUrl}/cases/${notice.caseId}/reminders`,
      );
      for (const to of notice.advocates)
        void email
          .send({ to, ...message, reminderId: randomUUID(), unsubscribeUrl: null })
          .then((result) => {
            if (!result.ok)
              runtime.log.warn({ error: result.error }, 'could not email an opt-out notice');
          });
    }

    app.get(
      '/opt-out/:token',
      { schema: { hide: true, params: TokenParams } },
      async (request, reply) => {
        const { token } = request.params;
        if ((await runtime.secretBox()).contactOfOptOutToken(token) === null)
          return page(reply, 404, `<p>${TEXT.invalid}</p>`);
        return ask(reply);
      },
    );
    app.post(
      '/opt-out/:token',
      { schema: { hide: true, params: TokenParams } },
      async (request, reply) => {
        const { token } = request.params;
        const secrets = await runtime.secretBox();
        if (secrets.contactOfOptOutToken(token) === null)
          return page(reply, 404, `<p>${TEXT.invalid}</p>`);
        if ((request.body as { confirm?: boolean } | undefined)?.confirm !== true)
          return ask(reply);
        const done = await inTransaction(runtime.db, (tx) =>
          optOutByLink(tx, secrets, token, runtime.clock.now(), request.id),
        );
        if (typeof done === 'object') tellAdvocates(done);
        return done
          ? page(reply, 200, `<p>${TEXT.done}</p>`)
          : page(reply, 404, `<p>${TEXT.invalid}</p>`);
      },
    );
  };

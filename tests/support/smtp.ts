// A real SMTP server for tests (smtp-server), keeping each message parsed (mailparser).
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  /** Whether the message came over TLS (STARTTLS). */
  secure: boolean;
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Map<string, unknown>;
  raw: string;
}

export interface SmtpSink {
  /**
   * smtp:// URL of the sink. When it offers STARTTLS (the default) its certificate is
   * smtp-server's self-signed one, so the URL tells nodemailer not to verify it.
   */
  url: string;
  messages: ReceivedEmail[];
  /** Connections made to the sink so far. */
  connections: number;
  /** Answer the next `n` messages with this SMTP error code (e.g. 451, 550). */
  failNext(n: number, code: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(
  options: {
    /** Offer STARTTLS (default true); false: a server that only speaks clear text. */
    startTls?: boolean;
    /** Wait this long before answering each MAIL FROM, RCPT TO and DATA (a slow relay). */
    delayMs?: number;
  } = {},
): Promise<SmtpSink> {
  const messages: ReceivedEmail[] = [];
  const startTls = options.startTls ?? true;
  let failures = 0;
  let failCode = 451;
  let sessions = 0;
  const server = new SMTPServer({
    authOptional: true,
    ...(startTls ? {} : { disabledCommands: ['STARTTLS'] }),
    logger: false,
    onConnect(_session, callback) {
      sessions++;
      callback();
    },
    ...(options.delayMs && {
      onMailFrom: (_address, _session, callback) => void setTimeout(callback, options.delayMs),
      onRcptTo: (_address, _session, callback) => void setTimeout(callback, options.delayMs),
    }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const error = new Error('try later') as Error & { responseCode: number };
          error.responseCode = failCode;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
            messages.push({
              secure: session.secure,
              to: to.flatMap((t) => t.value.map((v) => v.address ?? '')),
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? '',
              headers: mail.headers,
              raw,
            });
            if (options.delayMs) setTimeout(callback, options.delayMs);
            else callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}${startTls ? '?tls.rejectUnauthorized=false' : ''}`,
    messages,
    get connections() {
      return sessions;
    },
    failNext(n, code) {
      failures = n;
      failCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

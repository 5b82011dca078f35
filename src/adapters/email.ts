// Email over SMTP with nodemailer (SMTP_URL, MAIL_FROM): one pooled transport per process,
// built in src/runtime.ts and closed with it.
// Errors are reported in Orderly's words: an SMTP server's own message often quotes the
// recipient's address, and addresses never go into `lastError` or the log.
import nodemailer from 'nodemailer';
import type { DeliveryResult } from './webhook.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** The reminder id: the Message-ID and X-Orderly-Reminder-Id, so duplicates can be dropped. */
  reminderId: string;
  /**
   * An opt-out URL for List-Unsubscribe (RFC 2369); null for none. Not one-click (RFC 8058):
   * anyone holding the phone could stop every reminder with one press, so the page asks first.
   */
  unsubscribeUrl: string | null;
}

export interface EmailSender {
  /** Messages that can be in flight at once (the pool's connections). */
  readonly connections: number;
  send(email: OutgoingEmail): Promise<DeliveryResult>;
  close(): void;
}

/** The domain of the From address, for Message-IDs. */
function domainOf(from: string): string {
  return /@([^@\s>]+)>?\s*$/.exec(from)?.[1] ?? 'orderly.invalid';
}

export interface EmailSettings {
  smtpUrl: string;
  from: string;
  timeoutMs: number;
  /** Send in clear text when an smtp:// server offers no STARTTLS (else: refuse, as a TLS error). */
  allowPlaintext: boolean;
}

export function createEmailSender({
  smtpUrl,
  from,
  timeoutMs,
  allowPlaintext,
}: EmailSettings): EmailSender {
  // Pooled connections and timeouts as connection-URL parameters (nodemailer reads them there),
  // unless SMTP_URL sets them itself.
  const url = new URL(smtpUrl);
  // smtp://: STARTTLS is required unless plain text is explicitly allowed, whatever SMTP_URL
  // says; with it allowed, STARTTLS is still used whenever the server offers it.
  url.searchParams.delete('requireTLS');
  url.searchParams.delete('ignoreTLS');
  if (url.protocol === 'smtp:' && !allowPlaintext) url.searchParams.set('requireTLS', 'true');
  const defaults: Record<string, string> = {
    pool: 'true',
    maxConnections: '5',
    connectionTimeout: String(timeoutMs),
    greetingTimeout: String(timeoutMs),
    socketTimeout: String(timeoutMs * 3),
  };
  for (const [name, value] of Object.entries(defaults))
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  const transport = nodemailer.createTransport(url.toString());
  const connections = Number(url.searchParams.get('maxConnections')) || 5;
  const domain = domainOf(from);
  return {
    connections,
    async send(email) {
      try {
        await transport.sendMail({
          from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          messageId: `<${email.reminderId}@${domain}>`,
          headers: {
            'X-Orderly-Reminder-Id': email.reminderId,
            'Auto-Submitted': 'auto-generated',
            ...(email.unsubscribeUrl !== null && {
              'List-Unsubscribe': `<${email.unsubscribeUrl}>`,
            }),
          },
        });
        return { ok: true };
      } catch (error) {
        const e = error as { responseCode?: number; code?: string; command?: string };
        // No STARTTLS offered, or the handshake or certificate failed: nothing was sent in clear.
        if (e.code === 'ETLS' || e.command === 'STARTTLS')
          return {
            ok: false,
            permanent: false,
            error: 'TLS error (no STARTTLS offered, or the TLS handshake failed)',
          };
        // 5xx: the server refused for good (no such mailbox...); 4xx and network errors pass.
        if (typeof e.responseCode === 'number')
          return {
            ok: false,
            permanent: e.responseCode >= 500,
            error: `SMTP ${e.responseCode}${e.code ? ` (${e.code})` : ''}`,
          };
        return { ok: false, permanent: false, error: `SMTP error (${e.code ?? 'unknown'})` };
      }
    },
    close() {
      transport.close();
    },
  };
}

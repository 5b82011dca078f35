import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggedUrl, redactUrl } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()),
  });
  return { log: createLogger('info', sink), lines };
}

describe('logger', () => {
  it('logs errors by kind, code, message and a short stack, never the objects drivers attach', () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error('terminating connection'), {
      code: '57P01',
      client: { parsedStatements: { q1: 'SELECT secret FROM somewhere' } },
      meta: { arguments: { respondentLabel: 'Respondent Z' } },
      cause: new Error('socket closed'),
    });
    log.warn({ err: error }, 'database connection lost');
    const entry = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(Object.keys(entry.err).sort()).toEqual(['cause', 'code', 'message', 'stack', 'type']);
    expect(entry.err).toMatchObject({
      type: 'Error',
      code: '57P01',
      message: 'terminating connection',
      cause: { message: 'socket closed' },
    });
    expect(lines[0]).not.toContain('SELECT secret');
    expect(lines[0]).not.toContain('Respondent Z');
  });

  it('masks feed and opt-out tokens and token-like query parameters in URLs', () => {
    expect(redactUrl('/feeds/ofd_0123456789_abc.ics?x=1')).toBe('/feeds/[redacted]?x=1');
    expect(redactUrl('/opt-out/abc.def')).toBe('/opt-out/[redacted]');
    expect(redactUrl('/sign-in/link/osl_0123456789_secret')).toBe('/sign-in/link/[redacted]');
    expect(redactUrl('/v1/x?token=abc&api_key=def&keep=1')).toBe(
      '/v1/x?token=[redacted]&api_key=[redacted]&keep=1',
    );
  });

  it("masks a petitioner's link in any letter case or percent-encoding of its path", () => {
    const token = 'opl_0123456789_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';
    const secret = token.split('_').slice(2).join('_');
    const encode = (text: string) =>
      [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    for (const url of [
      `/p/${token}`,
      `/p/${token}/calendar.ics`,
      `/P/${token}`,
      `/%70/${token}`,
      `/%2570/${token}`,
      `/p/${encode(token)}`,
      `/p/${encode(token).toUpperCase()}`,
      `/p%2F${token}`,
      `/p/${token.toUpperCase()}`,
      `/elsewhere/${token}`,
    ]) {
      const logged = redactUrl(url);
      expect(logged, url).not.toContain(secret);
      expect(logged.toLowerCase(), url).not.toContain(secret.toLowerCase());
      expect(logged, url).not.toContain(encode(secret).slice(0, 30));
    }
    expect(redactUrl(`/p/${token}`)).toBe('/p/[redacted]');
    // Nothing to hide: logged as it came, escapes and all.
    expect(redactUrl('/cases?q=a%20b')).toBe('/cases?q=a%20b');
  });

  it('logs a request by its route pattern; a URL with no route decoded, case-folded and masked', () => {
    const token = 'ofd_0123456789_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
    expect(loggedUrl(`/%66eeds/${token}.ics`, '/feeds/:file')).toBe('/feeds/:file');
    expect(loggedUrl(`/p/${token}`, '/p/:token')).toBe('/p/:token');
    for (const url of [
      `/%66eeds/${token}.ics/x`,
      `/FEEDS/${token}.ICS/x`,
      `/F%45EDS/${token}`,
      `/Opt-Out/${token}`,
      `/petitioner/${token}/more`,
      `/nowhere/${encodeURIComponent(token)}?token=${token}`,
    ]) {
      const logged = loggedUrl(url, undefined);
      expect(logged, url).not.toMatch(/0123456789_|abcdefg/i);
      expect(logged, url).toContain('[redacted]');
    }
    expect(loggedUrl('/FEEDS/x', undefined)).toBe('/feeds/[redacted]');
    expect(loggedUrl('/no/such/page', undefined)).toBe('/no/such/page');
  });
});

// Petitioner links through HTTP against a real PostgreSQL: made over the API (the URL once, a
// hash stored), listed by prefix, revoked; the page's dates equal the API's deadlines; unknown,
// revoked and expired links all get the one neutral 404 page and count against the throttle;
// the expiry follows the order; the headers, the neutral identity, the language cookie, the
// calendar file; and the token never reaches a log line, whatever the case or encoding.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createOrganization } from '../../src/services/organizations.js';
import { inTransaction } from '../../src/services/transaction.js';
import { PETITIONER_CSP } from '../../src/web/pages/petitioner.js';
import { parseWithIcalJs as parseIcs } from '../support/ical.js';
import { createDatabase, type TestDatabase } from '../support/database.js';
import { TestClock } from '../support/reminders.js';

const BASE = 'https://orderly.clinic.example';
const QUICK_EXIT = 'https://neutral.example/';
// Monday, January 4, 2027, 10:00 in Los Angeles.
const clock = new TestClock(new Date('2027-01-04T18:00:00Z'));
const logLines: string[] = [];
let database: TestDatabase;
let runtime: Runtime;
let app: FastifyInstance;
let key: string;
let otherKey: string;

beforeAll(async () => {
  database = await createDatabase({ migrated: true });
  const config = loadConfig({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
    PUBLIC_BASE_URL: BASE,
    QUICK_EXIT_URL: QUICK_EXIT,
    RATE_LIMIT_PER_MINUTE: '0',
    AUTH_FAILURES_PER_MINUTE: '5',
    WORKER: 'off',
  });
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => (logLines.push(chunk.toString()), done()),
  });
  runtime = await openRuntime(config, createLogger('info', sink), { migrate: false, clock });
  app = await buildApp(runtime);
  await app.ready();
  const made = async (name: string) =>
    (await inTransaction(runtime.db, (tx) => createOrganization(tx, { name, now: clock.now() })))
      .key;
  key = await made('Clinic');
  otherKey = await made('Other clinic');
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await database?.drop();
});

const api = (method: 'GET' | 'POST', url: string, payload?: object, as = key) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${as}` },
    ...(payload !== undefined && { payload }),
  });

/** A browser asking for a page, from `ip`, with cookies. */
const browse = (url: string, options: { ip?: string; cookie?: string } = {}) =>
  app.inject({
    method: 'GET',
    url,
    remoteAddress: options.ip ?? '127.0.0.1',
    headers: {
      accept: 'text/html,application/xhtml+xml',
      ...(options.cookie !== undefined && { cookie: options.cookie }),
    },
  });

const SENSITIVE = {
  reference: 'REF-PETITION-77',
  courtCaseNumber: '27FL001234',
  petitionerLabel: 'Maria Q. Example',
  respondentLabel: 'Rex Z. Example',
};

/** A DV case with a TRO, a hearing at 8:30 and papers still to serve. */
async function troCase(as = key): Promise<string> {
  const response = await api(
    'POST',
    '/v1/cases',
    {
      family: 'DV',
      court: 'CA-los-angeles',
      ...SENSITIVE,
      reference: `${SENSITIVE.reference}-${Math.random().toString(36).slice(2, 8)}`,
      events: [
        { type: 'TRO_GRANTED', date: '2027-01-04' },
        { type: 'HEARING_SET', date: '2027-01-22', time: '08:30' },
      ],
    },
    as,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ case: { id: string } }>().case.id;
}

interface Created {
  id: string;
  prefix: string;
  url: string | null;
  createdAt: string;
  expiresAt: string;
  expiresWithOrder: boolean;
  locale: string;
}

async function makeLink(caseId: string, body: object = {}): Promise<Created & { path: string }> {
  const response = await api('POST', `/v1/cases/${caseId}/petitioner-links`, body);
  expect(response.statusCode, response.body).toBe(201);
  const created = response.json<Created>();
  return { ...created, path: created.url!.slice(BASE.length) };
}

/** A token is `tag_prefix_secret`, and the base64url secret may itself hold "_". */
const secretOfToken = (token: string) => token.split('_').slice(2).join('_');
const secretOf = (url: string) => secretOfToken(url.split('/p/')[1]!);

describe('the API', () => {
  it('makes a link: 201 with the URL once; the database keeps only its hash; listed by prefix; revoked', async () => {
    const caseId = await troCase();
    const response = await api('POST', `/v1/cases/${caseId}/petitioner-links`, { locale: 'es' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const created = response.json<Created>();
    expect(Object.keys(created).sort()).toEqual(
      ['createdAt', 'expiresAt', 'expiresWithOrder', 'id', 'locale', 'prefix', 'url'].sort(),
    );
    expect(created.url).toMatch(
      /^https:\/\/orderly\.clinic\.example\/p\/opl_[0-9a-f]{10}_[\w-]{43}$/,
    );
    expect(created.url!.split('/p/')[1]!.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created.locale).toBe('es');
    // 30 days after the temporary order ends (the hearing, 2027-01-22): 2027-02-21, end of day.
    expect(created.expiresWithOrder).toBe(true);
    expect(created.expiresAt).toBe(new Date('2027-02-21T23:59:59-08:00').toISOString());

    const row = await runtime.db.prisma.petitionerLink.findUniqueOrThrow({
      where: { id: created.id },
    });
    const token = created.url!.split('/p/')[1]!;
    expect(Buffer.from(row.tokenHash)).toEqual(createHash('sha256').update(token).digest());
    expect(JSON.stringify(row)).not.toContain(secretOf(created.url!));

    const list = await api('GET', `/v1/cases/${caseId}/petitioner-links`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secretOf(created.url!));
    expect(list.json<{ items: { prefix: string; purpose: string }[] }>().items).toEqual([
      expect.objectContaining({ prefix: created.prefix, purpose: 'handover', revokedAt: null }),
    ]);

    expect((await browse(created.url!.slice(BASE.length))).statusCode).toBe(200);
    const revoked = await api('POST', `/v1/petitioner-links/${created.id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json<{ revokedAt: string }>().revokedAt).toBe(clock.now().toISOString());
    // Twice: the same answer, nothing more changes.
    const again = await api('POST', `/v1/petitioner-links/${created.id}/revoke`);
    expect(again.json<{ revokedAt: string }>().revokedAt).toBe(clock.now().toISOString());
    expect((await browse(created.url!.slice(BASE.length))).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, answers 404 for another organization, and needs the write scope', async () => {
    const caseId = await troCase();
    for (const [body, field] of [
      [{ expiresAt: '2026-12-01' }, 'body.expiresAt'],
      // Before the court calendar's first year: a past date, not a server error (a fuzzer's find).
      [{ expiresAt: '1999-12-31' }, 'body.expiresAt'],
      [{ expiresAt: 'next week' }, 'body.expiresAt'],
      [{ expiresAt: '2025-13-01' }, 'body.expiresAt'],
      [{ expiresAt: '2027-02-30' }, 'body.expiresAt'],
      [{ expiresAt: '2040-01-01' }, 'body.expiresAt'],
      [{ locale: 'xx' }, 'body.locale'],
      [{ color: 'red' }, 'body'],
    ] as const) {
      const response = await api('POST', `/v1/cases/${caseId}/petitioner-links`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toContain(field);
    }
    const foreign = await api('POST', `/v1/cases/${caseId}/petitioner-links`, {}, otherKey);
    expect(foreign.statusCode).toBe(404);
    expect(
      (await api('GET', `/v1/cases/${caseId}/petitioner-links`, undefined, otherKey)).statusCode,
    ).toBe(404);
    const link = await makeLink(caseId);
    expect(
      (await api('POST', `/v1/petitioner-links/${link.id}/revoke`, undefined, otherKey)).statusCode,
    ).toBe(404);
    expect(await runtime.db.prisma.petitionerLink.count({ where: { caseId } })).toBe(1);

    const readKey = await api('POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    expect(readKey.statusCode, readKey.body).toBe(201);
    const reader = readKey.json<{ key: string }>().key;
    expect((await api('POST', `/v1/cases/${caseId}/petitioner-links`, {}, reader)).statusCode).toBe(
      403,
    );
    expect(
      (await api('GET', `/v1/cases/${caseId}/petitioner-links`, undefined, reader)).statusCode,
    ).toBe(200);
  });

  it('an expiry the advocate sets stays; one that follows the order moves when the order does', async () => {
    const caseId = await troCase();
    const set = await makeLink(caseId, { expiresAt: '2027-01-31' });
    expect(set.expiresWithOrder).toBe(false);
    expect(set.expiresAt).toBe(new Date('2027-01-31T23:59:59-08:00').toISOString());
    const follows = await makeLink(caseId);

    // The hearing is held: an order after hearing for 3 years, written to end 2030-01-22.
    const recorded = await api('POST', `/v1/cases/${caseId}/events`, {
      type: 'ORDER_AFTER_HEARING',
      date: '2027-01-22',
      expires: '2030-01-22',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const items = (await api('GET', `/v1/cases/${caseId}/petitioner-links`)).json<{
      items: Created[];
    }>().items;
    expect(items.find((l) => l.id === set.id)!.expiresAt).toBe(set.expiresAt);
    expect(items.find((l) => l.id === follows.id)!.expiresAt).toBe(
      new Date('2030-02-21T23:59:59-08:00').toISOString(),
    );
  });
});

describe('the page', () => {
  it('shows the petitioner’s dates equal to the API’s deadlines, with neutral identity and private headers', async () => {
    const caseId = await troCase();
    const link = await makeLink(caseId);
    const page = await browse(link.path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-robots-tag']).toContain('noindex');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toBe(PETITIONER_CSP);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.body).not.toMatch(/\sstyle=/);

    // Neutral: the title; no party, no number, no reference; nothing visible before a
    // "Why this date?" is opened names the kind of order.
    expect(/<title>([^<]*)<\/title>/.exec(page.body)![1]).toBe('Appointments');
    for (const value of [...Object.values(SENSITIVE), 'Maria', 'Rex'])
      expect(page.body).not.toContain(value);
    const visible = page.body.replace(/<details[\s\S]*?<\/details>/g, '').replace(/<[^>]+>/g, ' ');
    expect(visible).not.toMatch(/restrain|protective|violence|abuse|harass|DV-1/i);

    // Every date on the page is the API's date for the same deadline.
    const deadlines = (await api('GET', `/v1/cases/${caseId}/deadlines`)).json<{
      deadlines: { key: string; date: string; status: string }[];
    }>().deadlines;
    const shown = [
      ...page.body.matchAll(/data-deadline-key="([A-Z_]+)"[\s\S]*?<time datetime="([\d-]+)"/g),
    ].map((m) => [m[1], m[2]]);
    expect(shown.map(([k]) => k)).toEqual(['SERVICE_DEADLINE', 'HEARING', 'TRO_EXPIRES']);
    for (const [k, date] of shown)
      expect(deadlines.find((d) => d.key === k)).toMatchObject({ date, status: 'OPEN' });
    expect(page.body).toContain('Friday, January 22, 2027 at 8:30');
    expect(page.body).toContain('Superior Court of California, County of Los Angeles');
    expect(page.body).toContain('DV-200');
    expect(page.body).toContain(`href="${QUICK_EXIT}"`);
  });

  it('speaks Spanish when chosen by the switch: a cookie, never the URL', async () => {
    const caseId = await troCase();
    const link = await makeLink(caseId);
    const english = await browse(link.path);
    expect(english.body).toContain('<html lang="en-US">');
    const switched = await app.inject({
      method: 'POST',
      url: link.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'lang=es',
    });
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe(link.path);
    const cookie = String(switched.headers['set-cookie']);
    expect(cookie).toMatch(/^orderly_lang=es;/);
    expect(cookie).toContain('HttpOnly');
    const spanish = await browse(link.path, { cookie: 'orderly_lang=es' });
    expect(spanish.body).toContain('<html lang="es-US">');
    expect(/<title>([^<]*)<\/title>/.exec(spanish.body)![1]).toBe('Citas');
    expect(spanish.body).toContain('viernes, 22 de enero de 2027 a las 8:30');
    expect(spanish.body).toContain('Fecha en la corte');
    expect(spanish.body).not.toContain('a.m..');
    // A link made in Spanish opens in Spanish until the petitioner picks another language.
    const made = await makeLink(caseId, { locale: 'es' });
    expect((await browse(made.path)).body).toContain('<html lang="es-US">');
    expect((await browse(made.path, { cookie: 'orderly_lang=en' })).body).toContain(
      '<html lang="en-US">',
    );
  });

  it('adds the dates to a calendar once: an attachment where every event says only “Appointment”', async () => {
    const caseId = await troCase();
    const link = await makeLink(caseId);
    const file = await browse(`${link.path}/calendar.ics`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/calendar');
    expect(file.headers['content-disposition']).toBe('attachment; filename="appointments.ics"');
    expect(file.headers['cache-control']).toBe('no-store');
    const calendar = parseIcs(file.body);
    expect(calendar.name).toBe('Appointments');
    const summaries = calendar.events.map((e) => e.summary);
    expect(summaries.length).toBe(3);
    expect(new Set(summaries)).toEqual(new Set(['Appointment']));
    expect(file.body).toContain('PRODID:-//Orderly//Orderly//EN');
    expect(file.body).not.toMatch(/court|restrain|protect|REF-|27FL|Maria|Rex/i);
    // No event description; an alarm's text (DESCRIPTION is required in a VALARM) is the word too.
    const descriptions = file.body.split('\r\n').filter((l) => l.startsWith('DESCRIPTION'));
    expect(descriptions.length).toBeGreaterThan(0);
    expect(new Set(descriptions)).toEqual(new Set(['DESCRIPTION:Appointment']));
    const spanish = await browse(`${link.path}/calendar.ics`, { cookie: 'orderly_lang=es' });
    expect(parseIcs(spanish.body).name).toBe('Citas');
  });
});

describe('links that do not open', () => {
  it('unknown, malformed, revoked and expired links get the same neutral 404 page as an unknown address', async () => {
    const caseId = await troCase();
    const revoked = await makeLink(caseId);
    await api('POST', `/v1/petitioner-links/${revoked.id}/revoke`);
    const expiring = await makeLink(caseId, { expiresAt: '2027-01-05' });
    expect((await browse(expiring.path)).statusCode).toBe(200);
    clock.set('2027-01-06T18:00:00Z');
    try {
      const unknown = await browse('/nothing-here');
      expect(unknown.statusCode).toBe(404);
      const neutral = unknown.body;
      expect(neutral).toContain(`href="${QUICK_EXIT}"`);
      for (const path of [
        revoked.path,
        expiring.path,
        `${revoked.path.slice(0, -3)}AAA`,
        '/p/opl_0123456789_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        '/p/nonsense',
        `${revoked.path}/calendar.ics`,
      ]) {
        const response = await browse(path, { ip: `10.9.0.${path.length % 200}` });
        expect(response.statusCode, path).toBe(404);
        expect(response.body, path).toBe(neutral);
        expect(response.headers['x-robots-tag'], path).toContain('noindex');
        expect(response.headers['cache-control'], path).toBe('no-store');
      }
    } finally {
      clock.set('2027-01-04T18:00:00Z');
    }
  });

  it('count against the failed-credential throttle; a live link still opens from the same address', async () => {
    const caseId = await troCase();
    const live = await makeLink(caseId);
    const ip = '10.1.2.3';
    const wrong = `${live.path.slice(0, -4)}ZZZZ`;
    for (let i = 0; i < 5; i++) expect((await browse(wrong, { ip })).statusCode).toBe(404);
    const blocked = await browse(wrong, { ip });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await browse(wrong, { ip: '10.1.2.4' })).statusCode).toBe(404);
    expect((await browse(live.path, { ip })).statusCode).toBe(200);
  });
});

describe('logs', () => {
  it('never hold the token, in any letter case or percent-encoding of the path', async () => {
    const caseId = await troCase();
    const link = await makeLink(caseId);
    const token = link.path.slice('/p/'.length);
    const secret = secretOfToken(token);
    const encode = (text: string) =>
      [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    logLines.length = 0;
    const paths = [
      link.path,
      `${link.path}/calendar.ics`,
      `/P/${token}`,
      `/%70/${token}`,
      `/%2570/${token}`,
      `/p/${encode(token)}`,
      `/p/${token.toUpperCase()}`,
      `/p%2F${token}`,
      `/p/${token}?lang=es`,
      `/elsewhere?t=${token}`,
    ];
    for (const path of paths) await browse(path);
    await app.inject({
      method: 'POST',
      url: link.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'lang=es',
    });
    const logged = logLines.join('\n');
    expect(logLines.length).toBeGreaterThanOrEqual(paths.length);
    for (const needle of [
      secret,
      secret.toUpperCase(),
      encode(secret),
      encode(secret).toUpperCase(),
    ])
      expect(logged).not.toContain(needle);
    expect(logged).toContain('/p/[redacted]');
    // A wrong token is a plain 404, not an error: no request logged one (a reply returned from an
    // async function is thenable, and once resolved to undefined it broke the handler after the 404).
    expect(logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});

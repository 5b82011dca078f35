// The web app keeps tenancy exactly as the API does: a person signed in to one organization
// who opens, or posts a valid form to, any page that names another organization's case,
// event, contact, calendar link, person, API key or webhook endpoint gets the same 404 page
// as for an id that does not exist — and nothing in the database changes. Lists never show
// the other organization's rows. Every page route with an id is covered (the last test reads
// the page sources, so a new route fails here until it is added).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { databaseFingerprint } from '../support/snapshot.js';
import { createClinic, invite, startTestWeb, WebClient, type TestWeb } from '../support/web.js';

let web: TestWeb;
let alice: WebClient;
const bob: Record<string, string> = {};

/** Every page route that takes an id, with a form that would pass validation. */
const ROUTES: { method: 'GET' | 'POST'; path: string; form?: Record<string, string> }[] = [
  { method: 'GET', path: '/cases/{case}' },
  { method: 'GET', path: '/cases/{case}/events/new' },
  {
    method: 'POST',
    path: '/cases/{case}/events/new',
    form: { type: 'HEARING_SET', date: '2026-12-01' },
  },
  { method: 'GET', path: '/cases/{case}/events/{event}/correct' },
  {
    method: 'POST',
    path: '/cases/{case}/events/{event}/correct',
    form: { type: 'EPO_ISSUED', date: '2026-11-02', reason: 'typo' },
  },
  { method: 'GET', path: '/cases/{case}/events/{event}/void' },
  { method: 'POST', path: '/cases/{case}/events/{event}/void', form: { reason: 'wrong case' } },
  { method: 'POST', path: '/cases/{case}/advocates', form: { version: '1' } },
  { method: 'POST', path: '/cases/{case}/status', form: { status: 'CLOSED', version: '1' } },
  { method: 'GET', path: '/cases/{case}/erase' },
  { method: 'POST', path: '/cases/{case}/erase', form: { confirm: 'BOB-1' } },
  { method: 'GET', path: '/cases/{case}/calendar' },
  { method: 'GET', path: '/cases/{case}/deadlines/{deadline}/history' },
  { method: 'POST', path: '/cases/{case}/calendar', form: { privacy: 'neutral' } },
  { method: 'GET', path: '/cases/{case}/reminders' },
  {
    method: 'POST',
    path: '/cases/{case}/contacts',
    form: {
      email: 'x@example.org',
      locale: 'en',
      consentMethod: 'phone',
      consentDate: '2026-11-01',
      consent: 'yes',
    },
  },
  { method: 'POST', path: '/cases/{case}/contacts/{contact}/stop' },
  { method: 'POST', path: '/cases/{case}/contacts/{contact}/wording', form: { wording: 'full' } },
  {
    method: 'POST',
    path: '/cases/{case}/contacts/{contact}/resume',
    form: { resumeMethod: 'phone', resumeDate: '2026-11-02', resumeConsent: 'yes' },
  },
  { method: 'POST', path: '/cases/{case}/reminders/test' },
  { method: 'POST', path: '/calendars/{feed}/revoke' },
  { method: 'POST', path: '/calendars/{feed}/rotate' },
  { method: 'POST', path: '/cases/{case}/petitioner-links', form: { locale: 'en' } },
  { method: 'POST', path: '/petitioner-links/{petitionerLink}/revoke' },
  { method: 'POST', path: '/admin/people/{user}', form: { disabled: 'true' } },
  { method: 'POST', path: '/admin/people/{user}/link' },
  { method: 'POST', path: '/admin/api-keys/{apiKey}/revoke' },
  { method: 'POST', path: '/admin/webhooks/{webhook}', form: { enabled: 'false' } },
  { method: 'POST', path: '/admin/webhooks/{webhook}/rotate' },
  { method: 'POST', path: '/account/passkeys/{passkey}/remove' },
  { method: 'POST', path: '/account/sessions/{session}/revoke' },
];

const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_m, name: string) => bob[name]!);

beforeAll(async () => {
  web = await startTestWeb({ listen: false });
  const a = await createClinic(web, 'Alice Clinic');
  const b = await createClinic(web, 'Bob Clinic');
  alice = new WebClient(web);
  await alice.signInWithLink((await invite(web, a, 'alice@a.example', 'admin')).signInUrl);

  const bobInvite = await invite(web, b, 'bob@b.example', 'admin');
  const bobClient = new WebClient(web);
  await bobClient.signInWithLink(bobInvite.signInUrl);
  bob.user = bobInvite.userId;
  const created = await bobClient.post(
    '/cases/new',
    {
      family: 'DV',
      court: 'CA',
      reference: 'BOB-1',
      type: 'EPO_ISSUED',
      date: '2026-11-02',
      advocateIds: bobInvite.advocateId,
    },
    '/cases/new',
  );
  bob.case = /\/cases\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
  const prisma = web.runtime.db.prisma;
  bob.event = (await prisma.orderEvent.findFirstOrThrow({ where: { caseId: bob.case } })).id;
  bob.deadline = (await prisma.deadline.findFirstOrThrow({ where: { caseId: bob.case } })).id;
  await bobClient.post(
    `/cases/${bob.case}/calendar`,
    { privacy: 'neutral' },
    `/cases/${bob.case}/calendar`,
  );
  bob.feed = (await prisma.feedToken.findFirstOrThrow({ where: { caseId: bob.case } })).id;
  await bobClient.post(
    `/cases/${bob.case}/petitioner-links`,
    { locale: 'en' },
    `/cases/${bob.case}`,
  );
  bob.petitionerLink = (
    await prisma.petitionerLink.findFirstOrThrow({ where: { caseId: bob.case } })
  ).id;
  await bobClient.post(
    `/cases/${bob.case}/contacts`,
    {
      email: 'p@b.example',
      locale: 'es',
      consentMethod: 'phone',
      consentDate: '2026-11-01',
      consent: 'yes',
    },
    `/cases/${bob.case}/reminders`,
  );
  bob.contact = (await prisma.contact.findFirstOrThrow({ where: { caseId: bob.case } })).id;
  await bobClient.post('/admin/api-keys', { name: 'bob system', scope: 'read' }, '/admin/api-keys');
  bob.apiKey = (await prisma.apiKey.findFirstOrThrow({ where: { name: 'bob system' } })).id;
  await bobClient.post(
    '/admin/webhooks',
    { url: 'https://hooks.b.example/orderly' },
    '/admin/webhooks',
  );
  bob.webhook = (
    await prisma.webhookEndpoint.findFirstOrThrow({ where: { organizationId: b.organizationId } })
  ).id;
  bob.session = (await prisma.session.findFirstOrThrow({ where: { userId: bob.user } })).id;
  // A passkey row of bob's (its content does not matter: it is never used here).
  bob.passkey = (
    await prisma.passkey.create({
      data: {
        organizationId: b.organizationId,
        userId: bob.user,
        credentialId: 'bob-credential',
        publicKey: new Uint8Array([1, 2, 3]),
        counter: 0n,
        transports: [],
        deviceType: 'singleDevice',
      },
    })
  ).id;
});
afterAll(() => web.close());

describe('pages with another organization’s ids', () => {
  it.each(ROUTES)(
    '$method $path answers 404 and changes nothing',
    async ({ method, path: route, form }) => {
      const before = await databaseFingerprint(web.runtime.db.pool);
      const url = fill(route);
      const response =
        method === 'GET' ? await alice.get(url) : await alice.post(url, form ?? {}, '/account');
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('Page not found');
      expect(response.body).not.toContain('BOB-1');
      expect(await databaseFingerprint(web.runtime.db.pool)).toEqual(before);
    },
  );

  it('lists never show the other organization’s rows', async () => {
    for (const url of [
      '/cases',
      '/',
      '/?cases=all',
      '/calendars',
      '/admin/people',
      '/admin/api-keys',
      '/admin/webhooks',
      '/admin/audit',
    ]) {
      const page = await alice.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('BOB-1');
      expect(page.body).not.toContain('bob@b.example');
      expect(page.body).not.toContain('hooks.b.example');
      expect(page.body).not.toContain('bob system');
    }
    const search = await alice.post('/cases/search', { q: 'BOB', status: 'ANY' }, '/cases');
    expect(search.body).toContain('No cases match.');
  });

  it('covers every page route that takes an id', () => {
    const dir = path.join(PROJECT_ROOT, 'src', 'web', 'pages');
    const declared = fs
      .readdirSync(dir)
      .flatMap((file) => [
        ...fs
          .readFileSync(path.join(dir, file), 'utf8')
          .matchAll(/app\.(get|post)\(\s*'([^']*:[^']*)'/g),
      ])
      .map((m) => `${m[1]!.toUpperCase()} ${m[2]!.replace(/:(\w+)/g, '{$1}')}`)
      .filter((route) => !route.includes('{token}'));
    const covered = ROUTES.map((r) =>
      `${r.method} ${r.path}`
        .replace('{case}', '{id}')
        .replace('{event}', '{eventId}')
        .replace('{deadline}', '{deadlineId}')
        .replace('{contact}', '{contactId}')
        .replace(/\{(feed|user|apiKey|webhook|passkey|session|petitionerLink)\}/, '{id}'),
    );
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((route) => !covered.includes(route))).toEqual([]);
  });
});

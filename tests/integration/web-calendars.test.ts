// The web app's calendar links with an expiry (issue 11: "Feed tokens can carry an expiry"; the
// API had it, the web app had no field). "Stops working on" is a date: the link stops at the
// end of that day at the court. A bad date (past, impossible, not a date) or a bad label gives
// the form again, status 400, the message beside the field, and no link made — never a 500.
// The list shows when each link stops, and marks expired ones (no "Replace": its replacement
// would be expired too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, courtTimeOf, instantAt } from '../../src/engine/index.js';
import { createClinic, invite, startTestWeb, WebClient, type TestWeb } from '../support/web.js';

let web: TestWeb;
let admin: WebClient;
let advocate: WebClient;
let caseId: string;

const today = courtTimeOf(Date.now()).date;
const feeds = () => web.runtime.db.prisma.feedToken.count();

beforeAll(async () => {
  web = await startTestWeb({ listen: false });
  const clinic = await createClinic(web);
  const asAdmin = await invite(web, clinic, 'lead@clinic.example', 'admin');
  const asAdvocate = await invite(web, clinic, 'adv@clinic.example', 'advocate');
  admin = new WebClient(web);
  advocate = new WebClient(web);
  await admin.signInWithLink(asAdmin.signInUrl);
  await advocate.signInWithLink(asAdvocate.signInUrl);
  const created = await admin.post(
    '/cases/new',
    {
      family: 'CH',
      court: 'CA',
      reference: 'CAL-1',
      type: 'PETITION_FILED',
      date: today,
      advocateIds: asAdvocate.advocateId,
    },
    '/cases/new',
  );
  expect(created.statusCode, created.body).toBe(303);
  caseId = /\/cases\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
});
afterAll(() => web.close());

describe('"Stops working on" on the calendar forms', () => {
  const bad: [string, RegExp][] = [
    [addCalendarDays(today, -1), /Must be in the future\./],
    ['2027-13-01', /A date \(YYYY-MM-DD\) or an instant\./],
    ['next friday', /A date \(YYYY-MM-DD\) or an instant\./],
    [addCalendarDays(today, 7 * 366), /At most 6 years from now\./],
  ];

  it('answers a bad date on /calendars with the form again, the message beside the field, and no link', async () => {
    for (const [expiresAt, message] of bad) {
      const response = await advocate.post('/calendars', {
        scope: 'ADVOCATE',
        privacy: 'busy',
        label: 'my phone',
        expiresAt,
      });
      expect(response.statusCode, `${expiresAt}: ${response.body.slice(0, 200)}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toMatch(
        new RegExp(`id="f-expiresAt-error"[^>]*>\\s*${message.source}`),
      );
      expect(response.body).toMatch(/aria-invalid="true"/);
      // The summary links to the field; what was typed is kept.
      expect(response.body).toContain('href="#f-expiresAt"');
      expect(response.body).toContain(`value="${expiresAt}"`);
      expect(response.body).toContain('value="my phone"');
      expect(response.body).toMatch(/value="busy"\s+checked/);
    }
    expect(await feeds()).toBe(0);
  });

  it('answers a bad date or label on the case calendar form the same way', async () => {
    const response = await admin.post(`/cases/${caseId}/calendar`, {
      privacy: 'neutral',
      expiresAt: '2025-02-30',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/id="f-expiresAt-error"[^>]*>\s*A date \(YYYY-MM-DD\)/);
    expect(response.body).toContain('Calendar link for case CAL-1');

    const label = await admin.post(`/cases/${caseId}/calendar`, {
      privacy: 'neutral',
      label: 'phone\u0007',
    });
    expect(label.statusCode).toBe(400);
    expect(label.body).toMatch(/id="f-label-error"/);
    expect(await feeds()).toBe(0);
  });

  it('makes a link that stops at the end of the chosen day at the court, and lists when it stops', async () => {
    const until = addCalendarDays(today, 30);
    const response = await admin.post(`/cases/${caseId}/calendar`, {
      privacy: 'neutral',
      label: 'school year',
      expiresAt: until,
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.body).toContain('data-feed-expires');
    const row = await web.runtime.db.prisma.feedToken.findFirstOrThrow();
    expect(row.expiresAt?.toISOString()).toBe(new Date(instantAt(until, '23:59:59')).toISOString());
    const list = await admin.get(`/cases/${caseId}/calendar`);
    expect(list.body).toMatch(/Works until/);
    expect(list.body).not.toMatch(/data-feed-expired/);
    expect(list.body).toMatch(/Replace with a new link/);
  });

  it('marks an expired link in the list, offers no replacement, and its URL no longer serves', async () => {
    const made = await advocate.post('/calendars', {
      scope: 'ADVOCATE',
      privacy: 'neutral',
      expiresAt: addCalendarDays(today, 1),
    });
    expect(made.statusCode).toBe(200);
    const feedUrl = /value="(http[^"]+\/feeds\/[^"]+\.ics)"/.exec(made.body)![1]!;
    expect((await web.app.inject({ url: new URL(feedUrl).pathname })).statusCode).toBe(200);
    // Two days pass.
    const prefix = /\((ofd_[0-9a-f]+)…\)/.exec((await advocate.get('/calendars')).body)![1]!;
    await web.runtime.db.prisma.feedToken.update({
      where: { prefix },
      data: { expiresAt: new Date(Date.now() - 86_400_000) },
    });
    const list = await advocate.get('/calendars');
    const item = new RegExp(`data-feed-prefix="${prefix}"[\\s\\S]*?</li>`).exec(list.body)![0];
    expect(item).toMatch(/data-feed-expired[^>]*>\s*Expired/);
    expect(item).not.toMatch(/Replace with a new link/);
    expect(item).toMatch(/Revoke/);
    web.runtime.feedTokens.evict(prefix);
    expect((await web.app.inject({ url: new URL(feedUrl).pathname })).statusCode).toBe(404);
  });
});

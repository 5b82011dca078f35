// An advocate's whole path in real Chromium, as a new user would take it: invited, signed in;
// a DV case created from an EPO; the TRO, the hearing, service and a continuance recorded; the
// timeline and the moved dates with their history; a mistake corrected with a reason; bad
// input answered beside the field with nothing changed. axe-core runs on every page;
// screenshots of the dashboard and the case page (1280 px and 360 px) go to test-results/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, courtTimeOf } from '../../src/engine/index.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp.js';
import {
  createClinic,
  expectAccessible,
  invite,
  launchBrowser,
  screenshot,
  startTestWeb,
  watchPage,
  type TestWeb,
} from '../support/web.js';

let web: TestWeb;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let caseUrl: string;
let smtp: SmtpSink;

const today = courtTimeOf(Date.now()).date;
const day = (n: number) => addCalendarDays(today, n);

beforeAll(async () => {
  smtp = await startSmtpSink();
  [web, browser] = await Promise.all([
    startTestWeb({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'reminders@clinic.example' } }),
    launchBrowser(),
  ]);
  const clinic = await createClinic(web);
  const { signInUrl } = await invite(web, clinic, 'rosa@clinic.example', 'admin', 'Rosa Advocate');
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  problems = watchPage(page).problems;
  await page.goto(signInUrl);
  await page.waitForURL(`${web.baseUrl}/welcome`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await web?.close();
  await smtp?.close();
});

async function recordEvent(fill: (page: Page) => Promise<void>): Promise<void> {
  await page.getByRole('link', { name: 'Record what happened' }).click();
  await page.waitForURL(/\/events\/new$/);
  await fill(page);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await page.waitForURL(`${caseUrl}#events`);
}

describe('an advocate’s path through a DV case', () => {
  it('creates a DV case from an EPO; the form offers only that family’s events and answers bad input beside the field', async () => {
    await page.goto(`${web.baseUrl}/`);
    await expectAccessible(page, 'dashboard (empty)');
    await page.getByRole('link', { name: 'New case' }).first().click();
    await page.waitForURL(`${web.baseUrl}/cases/new`);
    await expectAccessible(page, 'intake');

    // Workplace violence has no EPO: the choice disappears (and the server would refuse it).
    await page.getByLabel('Kind of order').selectOption('WV');
    const wvTypes = await page.locator('#f-type option').allTextContents();
    expect(wvTypes).not.toContain('Emergency protective order issued');
    await page.getByLabel('Kind of order').selectOption('DV');
    await expect(page.locator('#f-type option').allTextContents()).resolves.toContain(
      'Emergency protective order issued',
    );

    // Bad input: no reference and an impossible time. The form comes back with both messages.
    await page.getByLabel('Court', { exact: true }).selectOption('CA-los-angeles');
    await page.getByLabel('What happened').selectOption('EPO_ISSUED');
    await page.getByLabel('Date', { exact: true }).fill(day(-2));
    await page.getByLabel('Time (optional)').fill('22:15');
    // The time input cannot hold an impossible value; without a reference the engine is not reached.
    await page.getByRole('button', { name: 'Create case' }).click();
    await expect(page.locator('#error-summary').isVisible()).resolves.toBe(true);
    await expect(
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      ),
    ).resolves.toBe('error-summary');
    await expect(page.locator('#f-reference-error').textContent()).resolves.toContain('reference');
    await expectAccessible(page, 'intake with errors');
    expect(await web.runtime.db.prisma.case.count()).toBe(0);
    // The values entered are kept.
    await expect(page.getByLabel('Date', { exact: true }).inputValue()).resolves.toBe(day(-2));

    await page.getByLabel('Your reference for this case').fill('RO-2041');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    await expect(page.title()).resolves.toBe('Orderly');
    await expect(page.locator('h1').textContent()).resolves.toBe('Case RO-2041');
    await expect(page.locator('#d-EPO_EXPIRES h3').textContent()).resolves.toContain(
      'The emergency protective order ends',
    );
    await expectAccessible(page, 'case page (EPO)');
  });

  it('records the TRO, the hearing, service and a continuance; the dates move, with their history', async () => {
    await recordEvent(async (p) => {
      await p.getByLabel('What happened').selectOption('TRO_GRANTED');
      await p.getByLabel('Date', { exact: true }).fill(day(0));
    });
    await recordEvent(async (p) => {
      await p.getByLabel('What happened').selectOption('HEARING_SET');
      await p.getByLabel('Date', { exact: true }).fill(day(20));
      await p.getByLabel('Time (optional)').fill('08:30');
    });
    const serviceBefore = await page.locator('#d-SERVICE_DEADLINE h3').textContent();
    await recordEvent(async (p) => {
      await p.getByLabel('What happened').selectOption('SERVED');
      await p.getByLabel('Date', { exact: true }).fill(day(5));
      await p.locator('label', { hasText: 'In person' }).click();
    });
    await recordEvent(async (p) => {
      await p.getByLabel('What happened').selectOption('HEARING_CONTINUED');
      await p.getByLabel('Date', { exact: true }).fill(day(34));
      await p.getByLabel('Time (optional)').fill('09:00');
    });

    // The hearing moved, and its history says from what, to what, and by which event.
    const hearing = page.locator('#d-HEARING');
    await expect(hearing.locator('h3').textContent()).resolves.toContain('Court hearing on');
    const history = (await hearing.locator('.orderly-history').textContent())!.replace(/\s+/g, ' ');
    expect(history).toMatch(/Moved from .* to .* by “Hearing continued \(moved\)” recorded/);
    // The service deadline followed the hearing.
    const serviceAfter = await page.locator('#d-SERVICE_DEADLINE h3').textContent();
    expect(serviceAfter).not.toBe(serviceBefore);
    await expect(page.locator('#d-SERVICE_DEADLINE .orderly-tag').textContent()).resolves.toBe(
      'Done',
    );

    // The timeline: a picture with the protection bars and markers, and the same facts in words.
    const svg = page.locator('svg.orderly-timeline');
    await expect(svg.isVisible()).resolves.toBe(true);
    await expect(svg.locator('a.orderly-tl-marker').count()).resolves.toBeGreaterThan(0);
    const list = await page.locator('.orderly-timeline-list').textContent();
    expect(list).toContain('Emergency protective order in force');
    expect(list).toContain('Temporary restraining order in force');
    expect(list).toContain('Court hearing on');
    // The explanation is one click away.
    const details = page.locator('#d-HEARING details').first();
    await expect(details.getAttribute('open')).resolves.toBeNull();
    await details.locator('summary').click();
    await expect(details.locator('.orderly-steps li').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'case page (full)');
    await screenshot(page, 'case-1280');

    // Keyboard: a timeline marker can be reached and leads to its deadline.
    await page.locator('a.orderly-tl-marker').first().focus();
    await page.keyboard.press('Enter');
    await expect(
      page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash),
    ).resolves.toMatch(/^#d-/);

    // 360 px: the picture gives way to the vertical list, and nothing overflows sideways.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(caseUrl);
    await expect(svg.isVisible()).resolves.toBe(false);
    await expect(page.locator('.orderly-timeline-list').isVisible()).resolves.toBe(true);
    const overflow = await page.evaluate(() => {
      const d = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document;
      return d.documentElement.scrollWidth - d.documentElement.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'case page at 360 px');
    await screenshot(page, 'case-360');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('corrects an event with a reason and voids one; both stay visible in the history', async () => {
    await page.goto(caseUrl);
    const served = page.locator('.orderly-event', { hasText: 'Papers served' });
    await served.getByRole('link', { name: /^Correct/ }).click();
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await expect(page.locator('#f-reason-error').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'correction with errors');
    await page.getByLabel('Date', { exact: true }).fill(day(6));
    await page.getByLabel('Why is this a correction?').fill('Typed the wrong day');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.waitForURL(`${caseUrl}#events`);
    await expect(page.locator('#events').textContent()).resolves.toContain('Typed the wrong day');
    await expect(
      page.locator('#events .orderly-tag', { hasText: 'Corrected' }).count(),
    ).resolves.toBe(1);

    const continued = page.locator('.orderly-event', { hasText: 'Hearing continued' });
    await continued.getByRole('link', { name: /^Void/ }).click();
    await expectAccessible(page, 'void');
    await page.getByLabel('Why is it void?').fill('Entered on the wrong case');
    await page.getByRole('button', { name: 'Void the event' }).click();
    await page.waitForURL(`${caseUrl}#events`);
    await expect(page.locator('#events').textContent()).resolves.toContain(
      'Entered on the wrong case',
    );
    // Back to the first hearing date: the history shows the move back.
    await expect(
      page.locator('#d-HEARING .orderly-history li').count(),
    ).resolves.toBeGreaterThanOrEqual(3);
  });

  it('lists and finds the case, and the dashboard shows what is due', async () => {
    await page.goto(`${web.baseUrl}/cases`);
    await expectAccessible(page, 'case list');
    await page.getByLabel('Reference or court case number').fill('ro-20');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('link', { name: 'RO-2041' }).isVisible()).resolves.toBe(true);
    // The search text is not in the URL.
    expect(page.url()).not.toContain('ro-20');
    // A second case, an EPO issued yesterday with no temporary order yet: the start page warns.
    await page.goto(`${web.baseUrl}/cases/new`);
    await page.getByLabel('Your reference for this case').fill('RO-2042');
    await page.getByLabel('What happened').selectOption('EPO_ISSUED');
    await page.getByLabel('Date', { exact: true }).fill(day(-1));
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.goto(`${web.baseUrl}/`);
    await expect(page.locator('#week-title').isVisible()).resolves.toBe(true);
    await expect(page.locator('.orderly-worklist--warnings').textContent()).resolves.toContain(
      'no temporary restraining order is recorded',
    );
    await expect(page.locator('#week-title + ul').textContent()).resolves.toContain('RO-2042');
    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard');
    expect(problems).toEqual([]);
  });

  it('subscribes to the case’s calendar, and the feed URL the page shows serves the deadlines', async () => {
    await page.goto(caseUrl);
    await page.getByRole('link', { name: 'Calendar link' }).click();
    await expectAccessible(page, 'calendar subscribe');
    await page.locator('label', { hasText: 'Neutral (recommended)' }).click();
    await page.getByLabel('A note to tell links apart (optional)').fill('my phone');
    await page.getByRole('button', { name: 'Make a calendar link' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Calendar link');
    const feedUrl = await page.locator('[data-feed-url]').inputValue();
    const webcal = await page.locator('[data-feed-webcal]').getAttribute('href');
    expect(feedUrl.startsWith(`${web.baseUrl}/feeds/ofd_`)).toBe(true);
    expect(webcal).toBe(feedUrl.replace(/^http:/, 'webcal:'));
    await expect(page.locator('svg.orderly-qr').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'calendar link shown once');
    await screenshot(page, 'subscribe');

    const feed = await fetch(feedUrl);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('RO-2041');

    // The token is not shown again; the list says when the link was last fetched.
    await page.goto(`${caseUrl}/calendar`);
    await expect(page.content()).resolves.not.toContain(feedUrl.split('/feeds/')[1]!);
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator('.orderly-feed').first().textContent();
      })
      .toContain('Last fetched');
  });

  it('previews the reminders in English and Spanish, records a consented contact, and sends a test reminder to the advocate', async () => {
    await page.goto(caseUrl);
    await page.getByRole('link', { name: 'Reminders' }).click();
    await expectAccessible(page, 'reminders');
    // A contact, with the error pattern first: consent is required.
    await page.getByLabel('Email address').fill('p.contact@example.org');
    await page.locator('label', { hasText: 'Spanish (español)' }).click();
    await page.locator('label', { hasText: 'In person' }).click();
    await page.getByRole('button', { name: 'Record the contact' }).click();
    await expect(page.locator('#f-consent-error').isVisible()).resolves.toBe(true);
    expect(await web.runtime.db.prisma.contact.count()).toBe(0);
    await page.locator('label', { hasText: 'The petitioner agreed' }).click();
    await page.getByRole('button', { name: 'Record the contact' }).click();
    await expect(page.locator('#contacts-title + ul').textContent()).resolves.toContain(
      'p.contact@example.org',
    );

    // The hearing reminders: the advocates' text, and the petitioner's in both languages.
    const planned = page.locator('.orderly-planned > li').first();
    await expect(planned.isVisible()).resolves.toBe(true);
    const spanish = page.locator('.orderly-email[lang="es"]').first();
    const english = page.locator('.orderly-email[lang="en"]').first();
    await expect(spanish.count()).resolves.toBe(1);
    await page.locator('summary', { hasText: 'petitioner’s email in Spanish' }).first().click();
    // The contact is discreet (the default): a generic subject, what to do in the body.
    await expect(spanish.textContent()).resolves.toContain('Un recordatorio para usted');
    await expect(spanish.textContent()).resolves.toContain('Qué hacer: vaya a la corte ese día.');
    await expect(english.count()).resolves.toBe(1);
    await expectAccessible(page, 'reminders with previews');

    await page.getByRole('button', { name: /Send a test reminder to me/ }).click();
    await expect(
      page.getByText('A test reminder was sent to rosa@clinic.example').isVisible(),
    ).resolves.toBe(true);
    await expect.poll(() => smtp.messages.length).toBe(1);
    expect(smtp.messages[0]!.to).toEqual(['rosa@clinic.example']);
    expect(smtp.messages[0]!.subject).toMatch(/^\[Test\]/);
  });

  it('the admin pages work, and the audit log names the person', async () => {
    for (const path of ['/admin/people', '/admin/api-keys', '/admin/webhooks', '/admin/audit']) {
      await page.goto(`${web.baseUrl}${path}`);
      await expectAccessible(page, path);
    }
    await expect(page.locator('table').textContent()).resolves.toContain('Rosa Advocate');
    await expect(page.locator('table').textContent()).resolves.toContain('recorded an event');
    await page.goto(`${web.baseUrl}/admin/people`);
    await page.getByLabel('Name').fill('Lee Advocate');
    await page.getByLabel('Email address').fill('lee@clinic.example');
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = await page.locator('#shown-once').inputValue();
    expect(link).toContain('/sign-in/link/osl_');
    await expectAccessible(page, 'people with a new link');
  });

  it('erases the case after a typed confirmation; a wrong one is answered beside the field and changes nothing', async () => {
    const caseId = caseUrl.split('/').at(-1)!;
    const rowsOf = async () => ({
      cases: await web.runtime.db.prisma.case.count({ where: { id: caseId } }),
      contacts: await web.runtime.db.prisma.contact.count({ where: { caseId } }),
    });
    expect(await rowsOf()).toEqual({ cases: 1, contacts: 1 });
    await page.goto(caseUrl);
    await page.getByRole('link', { name: 'Erase this case…' }).click();
    await page.waitForURL(`${caseUrl}/erase`);
    await expectAccessible(page, 'erase confirmation');
    await page.getByLabel(/To confirm, type the case’s reference/).fill('RO-2040');
    await page.getByRole('button', { name: 'Erase the case for good' }).click();
    await expect(page.locator('#f-confirm-error').textContent()).resolves.toContain('exactly');
    await expectAccessible(page, 'erase confirmation with an error');
    expect(await rowsOf()).toEqual({ cases: 1, contacts: 1 });

    await page.getByLabel(/To confirm, type the case’s reference/).fill('RO-2041');
    await page.getByRole('button', { name: 'Erase the case for good' }).click();
    await page.waitForURL(`${web.baseUrl}/cases?erased=1`);
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain(
      'The case was erased',
    );
    await expectAccessible(page, 'cases after an erasure');
    expect(await rowsOf()).toEqual({ cases: 0, contacts: 0 });
    const response = await page.goto(caseUrl);
    expect(response?.status()).toBe(404);
    await page.goto(`${web.baseUrl}/admin/audit`);
    const log = (await page.locator('table').textContent()) ?? '';
    expect(log).toContain('erased a case');
    expect(log).not.toContain('recorded an event');
  });

  it('signs out, and the session no longer works', async () => {
    const session = (await context.cookies()).find((c) => c.name === 'orderly_session')!;
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.baseUrl}/sign-in?signed-out`);
    const replay = await fetch(caseUrl, {
      headers: { cookie: `orderly_session=${session.value}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/sign-in');
    await page.goto(caseUrl);
    await page.waitForURL(`${web.baseUrl}/sign-in`);
    expect(problems).toEqual([]);
  });
});

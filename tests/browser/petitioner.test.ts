// The petitioner's side in real Chromium, as the "done when" reads: an advocate makes a
// link from the case page (its QR code and address, shown once); a petitioner opens it on a
// 360 px phone in Spanish and in English (a switch remembered in a cookie, never the URL), sees
// the dates the API has, downloads them as a calendar file, prints a one-page handout with no
// buttons or links, and leaves with the quick-exit button or the Escape key without leaving a
// history entry behind. Revoked and expired links are the neutral 404. axe-core runs on every
// page; screenshots go to test-results/screenshots/.
//
// The neutral site the quick exit goes to is a tiny server on this machine (tests send traffic
// only to 127.0.0.1).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, courtTimeOf } from '../../src/engine/index.js';
import { TestClock } from '../support/reminders.js';
import {
  createClinic,
  expectAccessible,
  invite,
  launchBrowser,
  screenshot,
  SCREENSHOTS,
  startTestWeb,
  watchPage,
  type Clinic,
  type TestWeb,
} from '../support/web.js';

let web: TestWeb;
let browser: Browser;
let clinic: Clinic;
let staff: BrowserContext;
let staffPage: Page;
let neutral: http.Server;
let neutralUrl: string;
const clock = new TestClock(new Date());

const today = courtTimeOf(Date.now()).date;
const day = (n: number) => addCalendarDays(today, n);

beforeAll(async () => {
  neutral = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><html lang="en"><title>Weather</title><p>Sunny.</p></html>');
  });
  await new Promise<void>((resolve) => neutral.listen(0, '127.0.0.1', resolve));
  neutralUrl = `http://127.0.0.1:${(neutral.address() as AddressInfo).port}/`;
  [web, browser] = await Promise.all([
    startTestWeb({ clock, env: { QUICK_EXIT_URL: neutralUrl } }),
    launchBrowser(),
  ]);
  clinic = await createClinic(web);
  const { signInUrl } = await invite(web, clinic, 'ana@clinic.example', 'admin', 'Ana Advocate');
  staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  staffPage = await staff.newPage();
  await staffPage.goto(signInUrl);
  await staffPage.waitForURL(`${web.baseUrl}/welcome`);
});
afterAll(async () => {
  await staff?.close();
  await browser?.close();
  await web?.close();
  await new Promise((resolve) => neutral?.close(resolve));
});

const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
  const response = await web.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${clinic.adminKey}` },
    ...(payload !== undefined && { payload }),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<T>();
};

/** A DV case with a temporary order made today and its hearing in 18 days at 8:30. */
async function troCase(): Promise<string> {
  const created = await api<{ case: { id: string } }>('POST', '/v1/cases', {
    family: 'DV',
    court: 'CA-los-angeles',
    reference: `PET-${Math.random().toString(36).slice(2, 8)}`,
    courtCaseNumber: '26FL009876',
    petitionerLabel: 'Lucia Example',
    respondentLabel: 'Raul Example',
    events: [
      { type: 'TRO_GRANTED', date: today },
      { type: 'HEARING_SET', date: day(18), time: '08:30' },
    ],
  });
  return created.case.id;
}

async function linkFor(caseId: string, body: object = {}): Promise<{ id: string; url: string }> {
  return api('POST', `/v1/cases/${caseId}/petitioner-links`, body);
}

/** A phone: 360 px wide, touch, its own cookies. */
async function phone(options: { javaScript?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: options.javaScript ?? true,
  });
}

describe('the advocate makes a link from the case page', () => {
  it('shows a panel, then the link and its QR code once; the list shows it by prefix with Revoke', async () => {
    const problems = watchPage(staffPage).problems;
    const caseId = await troCase();
    await staffPage.goto(`${web.baseUrl}/cases/${caseId}`);
    const panel = staffPage.locator('#petitioner');
    await expect(panel.getByRole('heading', { name: 'Petitioner’s page' }).count()).resolves.toBe(
      1,
    );
    await expect(panel.textContent()).resolves.toContain('No links yet.');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await panel.screenshot({ path: path.join(SCREENSHOTS, 'case-petitioner-panel.png') });

    // A bad date: the form again, the message beside the field, nothing made.
    await panel.getByLabel('Stops working on (optional)').fill(day(-3));
    await panel.getByRole('button', { name: 'Make a link for the petitioner' }).click();
    await staffPage.waitForURL(`${web.baseUrl}/cases/${caseId}/petitioner-links`);
    await expect(staffPage.locator('.usa-error-message').textContent()).resolves.toMatch(
      /in the future/,
    );
    await expectAccessible(staffPage, 'petitioner link form with an error');
    expect(await web.runtime.db.prisma.petitionerLink.count({ where: { caseId } })).toBe(0);

    await staffPage.getByLabel('Language the page opens in').selectOption('es');
    await staffPage.getByLabel('Stops working on (optional)').fill('');
    await staffPage.getByRole('button', { name: 'Make a link for the petitioner' }).click();
    await staffPage.getByRole('heading', { name: 'The link is ready' }).waitFor();
    const url = await staffPage.locator('[data-petitioner-url]').inputValue();
    expect(url).toMatch(new RegExp(`^${web.baseUrl}/p/opl_[0-9a-f]{10}_[\\w-]{43}$`));
    await expect(
      staffPage.getByRole('img', { name: 'QR code of the petitioner’s link' }).count(),
    ).resolves.toBe(1);
    await expectAccessible(staffPage, 'petitioner link made');
    await screenshot(staffPage, 'case-petitioner-link-made');

    await staffPage.getByRole('link', { name: /Back to case/ }).click();
    const prefix = url.split('/p/')[1]!.split('_').slice(0, 2).join('_');
    const item = staffPage.locator(`[data-link-prefix="${prefix}"]`);
    await expect(item.textContent()).resolves.toContain('Handed over');
    await expect(item.textContent()).resolves.toContain('Español');
    // The token itself is never on the case page.
    expect(await staffPage.content()).not.toContain(url.split('/p/')[1]);
    await expectAccessible(staffPage, 'case page with a petitioner link');
    await panel.screenshot({ path: path.join(SCREENSHOTS, 'case-petitioner-panel-link.png') });

    // Revoke (the page asks first): the petitioner's page is the neutral 404 at once.
    staffPage.once('dialog', (dialog) => void dialog.accept());
    await item.getByRole('button', { name: /Revoke/ }).click();
    await staffPage.waitForURL(`${web.baseUrl}/cases/${caseId}#petitioner`);
    await expect(item.textContent()).resolves.toContain('Revoked');
    const visitor = await phone();
    try {
      const response = await (await visitor.newPage()).goto(url);
      expect(response!.status()).toBe(404);
    } finally {
      await visitor.close();
    }
    expect(problems).toEqual([]);
  });
});

describe('the petitioner opens the link on a phone', () => {
  let caseId: string;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    caseId = await troCase();
    url = (await linkFor(caseId, { locale: 'es' })).url;
    context = await phone();
    page = await context.newPage();
    problems = watchPage(page).problems;
  });
  afterAll(async () => {
    await context?.close();
  });

  it('in Spanish, then in English by the switch (a cookie, never the URL); the dates are the API’s', async () => {
    const response = await page.goto(url);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['cache-control']).toBe('no-store');
    expect(await page.title()).toBe('Citas');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es-US');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sus fechas');
    await expectAccessible(page, 'petitioner page (es, 360 px)');
    await screenshot(page, 'petitioner-es-360');

    // A screen reader's outline: one h1, one h2 per date, a list of dates, a labelled switch.
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.map((h) => h.trim())).toEqual([
      'Fecha límite para entregar los papeles',
      'Fecha en la corte',
      'Su orden temporal termina',
    ]);
    await expect(page.getByRole('list').first().locator('> li').count()).resolves.toBe(3);
    await expect(page.getByRole('button', { name: 'English' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Salir de esta página' }).count()).resolves.toBe(1);

    // The dates on the page are the API's, deadline by deadline.
    const { deadlines } = await api<{
      deadlines: { key: string; date: string; at: string | null }[];
    }>('GET', `/v1/cases/${caseId}/deadlines`);
    const shown: [string | null, string | null][] = [];
    for (const item of await page.locator('[data-deadline-key]').all())
      shown.push([
        await item.getAttribute('data-deadline-key'),
        await item.locator('time').getAttribute('datetime'),
      ]);
    expect(shown.map(([key]) => key)).toEqual(['SERVICE_DEADLINE', 'HEARING', 'TRO_EXPIRES']);
    for (const [key, date] of shown)
      expect(deadlines.find((d) => d.key === key)?.date, String(key)).toBe(date);
    const hearing = page.locator('[data-deadline-key="HEARING"]');
    await expect(hearing.textContent()).resolves.toContain('a las 8:30 a.m.');
    await expect(hearing.textContent()).resolves.not.toContain('a.m..');
    await expect(hearing.textContent()).resolves.toContain(
      'Superior Court of California, County of Los Angeles',
    );
    // "Why this date?" is collapsed; opening it shows the citation.
    const why = hearing.locator('details');
    await expect(why.getAttribute('open')).resolves.toBeNull();
    await why.locator('summary').click();
    await expect(why.textContent()).resolves.toMatch(/La ley: .*\d/);

    // Nothing names the parties, the court case number or the reference.
    const text = await page.locator('body').innerText();
    for (const secret of ['Lucia', 'Raul', '26FL009876', 'PET-'])
      expect(text).not.toContain(secret);

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState();
    expect(page.url()).toBe(url);
    expect(await page.title()).toBe('Appointments');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your dates');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'orderly_lang')).toMatchObject({
      value: 'en',
      httpOnly: true,
    });
    await expectAccessible(page, 'petitioner page (en, 360 px)');
    await screenshot(page, 'petitioner-en-360');
    // Remembered: the next visit is in English without asking.
    await page.goto(url);
    expect(await page.title()).toBe('Appointments');
    expect(problems).toEqual([]);
  });

  it('adds the dates to a calendar: one file, every event an “Appointment”', async () => {
    await page.goto(url);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to my calendar' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('appointments.ics');
    const file = fs.readFileSync(await download.path(), 'utf8');
    expect(file).toContain('X-WR-CALNAME;VALUE=TEXT:Appointments');
    const summaries = file.split('\r\n').filter((l) => l.startsWith('SUMMARY:'));
    expect(summaries).toEqual([
      'SUMMARY:Appointment',
      'SUMMARY:Appointment',
      'SUMMARY:Appointment',
    ]);
    // Nothing says what the dates are ("Orderly", the program's name in PRODID and UIDs, aside).
    expect(file).not.toMatch(/court|restrain|protect|\border(?!ly)|Lucia|Raul|26FL|PET-/i);
  });

  it('prints a one-page handout without the quick exit, the switch, buttons or links', async () => {
    await page.goto(url);
    await page.emulateMedia({ media: 'print' });
    try {
      for (const selector of [
        '[data-quick-exit]',
        '.orderly-language',
        '.orderly-petitioner__actions',
      ])
        await expect(page.locator(selector).first().isVisible(), selector).resolves.toBe(false);
      await expect(page.locator('a:visible').count()).resolves.toBe(0);
      await expect(page.locator('[data-deadline-key]').first().isVisible()).resolves.toBe(true);
      const pdf = await page.pdf({ format: 'Letter', printBackground: false });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
      expect(pages.length).toBe(1);
      fs.writeFileSync(path.join(SCREENSHOTS, 'petitioner-handout.pdf'), pdf);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
});

describe('quick exit', () => {
  const before = 'about:blank';

  async function leave(how: 'escape' | 'button', javaScript = true): Promise<void> {
    const caseId = await troCase();
    const { url } = await linkFor(caseId);
    const context = await phone({ javaScript });
    try {
      const page = await context.newPage();
      await page.goto(url);
      if (how === 'escape') await page.keyboard.press('Escape');
      else await page.getByRole('link', { name: 'Leave this page' }).click();
      await page.waitForURL(neutralUrl);
      expect(await page.title()).toBe('Weather');
      // Back goes to what was open before the page, never to it.
      await page.goBack();
      expect(page.url(), `${how}: Back`).toBe(before);
      if (javaScript) {
        // location.replace: the page's history entry was replaced, not added to.
        await page.goForward();
        expect(page.url()).toBe(neutralUrl);
      }
    } finally {
      await context.close();
    }
  }

  it('the Escape key replaces the page with the neutral site: Back does not return', async () => {
    await leave('escape');
  });

  it('the button does the same', async () => {
    await leave('button');
  });

  it('without JavaScript, the button is a plain link to the neutral site', async () => {
    const caseId = await troCase();
    const { url } = await linkFor(caseId);
    const context = await phone({ javaScript: false });
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('link', { name: 'Leave this page' }).click();
      await page.waitForURL(neutralUrl);
      expect(await page.title()).toBe('Weather');
    } finally {
      await context.close();
    }
  });
});

describe('links that do not open', () => {
  it('revoked and expired links give the same neutral 404 page as an unknown address', async () => {
    const caseId = await troCase();
    const revoked = await linkFor(caseId);
    await api('POST', `/v1/petitioner-links/${revoked.id}/revoke`);
    const expiring = await linkFor(caseId, { expiresAt: day(2) });
    const context = await phone();
    try {
      const page = await context.newPage();
      expect((await page.goto(expiring.url))!.status()).toBe(200);
      const unknown = await page.goto(`${web.baseUrl}/p/opl_0123456789_${'A'.repeat(43)}`);
      expect(unknown!.status()).toBe(404);
      const neutralText = await page.locator('main').innerText();
      await expectAccessible(page, 'the neutral 404 page');
      await expect(page.getByRole('link', { name: 'Leave this page' }).count()).resolves.toBe(1);
      clock.set(new Date(Date.now() + 4 * 86_400_000));
      try {
        for (const url of [revoked.url, expiring.url]) {
          const response = await page.goto(url);
          expect(response!.status(), url).toBe(404);
          expect(await page.locator('main').innerText()).toBe(neutralText);
          expect(await page.title()).not.toMatch(/restrain|protect|court|appointment/i);
        }
      } finally {
        clock.set(new Date());
      }
    } finally {
      await context.close();
    }
  });
});

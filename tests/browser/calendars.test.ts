// Calendar links with an expiry, in real Chromium (issue 11): an admin makes a link of the whole
// organization that stops working on a chosen day; a date in the past comes back beside the
// field; the list says when each link stops and marks an expired one. axe-core on every page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, courtTimeOf } from '../../src/engine/index.js';
import {
  createClinic,
  expectAccessible,
  invite,
  launchBrowser,
  startTestWeb,
  watchPage,
  type TestWeb,
} from '../support/web.js';

let web: TestWeb;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

const today = courtTimeOf(Date.now()).date;

beforeAll(async () => {
  [web, browser] = await Promise.all([startTestWeb(), launchBrowser()]);
  const clinic = await createClinic(web);
  const { signInUrl } = await invite(web, clinic, 'lead@clinic.example', 'admin', 'Lead');
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
});

describe('calendar links that stop working on a chosen day', () => {
  it('answers a past date beside the field, then makes the link and lists when it stops', async () => {
    await page.goto(`${web.baseUrl}/calendars`);
    await expectAccessible(page, 'calendars');
    await page.locator('label', { hasText: 'The whole organization' }).click();
    await page.getByLabel('A note to tell links apart (optional)').fill('front desk');
    await page.getByLabel('Stops working on (optional)').fill(addCalendarDays(today, -3));
    await page.getByRole('button', { name: 'Make a calendar link' }).click();

    // The form again: the message beside the field, the summary focused, what was typed kept.
    await expect(page.locator('#f-expiresAt-error').textContent()).resolves.toContain(
      'Must be in the future.',
    );
    await expect(page.locator('#error-summary').isVisible()).resolves.toBe(true);
    await expect(
      page.getByLabel('A note to tell links apart (optional)').inputValue(),
    ).resolves.toBe('front desk');
    await expect(page.locator('#f-scope-1').isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'calendars with an error');
    expect(await web.runtime.db.prisma.feedToken.count()).toBe(0);

    const until = addCalendarDays(today, 60);
    await page.getByLabel('Stops working on (optional)').fill(until);
    await page.getByRole('button', { name: 'Make a calendar link' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Calendar link');
    await expect(page.locator('[data-feed-expires]').textContent()).resolves.toMatch(
      /It stops working .*11:59/,
    );
    await expectAccessible(page, 'calendar link with an expiry');
    const feedUrl = await page.locator('[data-feed-url]').inputValue();
    expect((await fetch(feedUrl)).status).toBe(200);

    await page.goto(`${web.baseUrl}/calendars`);
    const item = page.locator('section[aria-labelledby="org-title"] .orderly-feed');
    await expect(item.textContent()).resolves.toMatch(/front desk[\s\S]*Works until/);
    await expect(item.locator('[data-feed-expired]').count()).resolves.toBe(0);
    const row = await web.runtime.db.prisma.feedToken.findFirstOrThrow();
    expect(row.scope).toBe('ORGANIZATION');
    expect(courtTimeOf(row.expiresAt!.getTime()).date).toBe(until);
  });

  it('marks a link that has expired, with no replacement offered', async () => {
    const row = await web.runtime.db.prisma.feedToken.findFirstOrThrow();
    // Its day has passed.
    await web.runtime.db.prisma.feedToken.update({
      where: { id: row.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    await page.goto(`${web.baseUrl}/calendars`);
    const item = page.locator(`[data-feed-prefix="${row.prefix}"]`);
    await expect(item.locator('[data-feed-expired]').textContent()).resolves.toContain('Expired');
    await expect(
      item.getByRole('button', { name: /Replace with a new link/ }).count(),
    ).resolves.toBe(0);
    await expect(item.getByRole('button', { name: /Revoke/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'calendars with an expired link');
    expect(problems).toEqual([]);
  });
});

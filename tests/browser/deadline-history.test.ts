// A deadline's history in the web app, paged (issue 11: "paginate events and history"): the case
// page shows each date's newest changes and links to the whole history, which pages newest first
// with a "Show older changes" link — plain links carrying the cursor, so paging needs no script.
// axe-core on every page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let caseId: string;
let hearingId: string;

beforeAll(async () => {
  [web, browser] = await Promise.all([startTestWeb(), launchBrowser()]);
  const clinic = await createClinic(web);
  const { signInUrl } = await invite(web, clinic, 'lead@clinic.example', 'admin', 'Lead');
  const created = await web.app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: { authorization: `Bearer ${clinic.adminKey}` },
    payload: {
      family: 'DV',
      court: 'CA',
      reference: 'HIST-1',
      events: [
        { type: 'TRO_GRANTED', date: '2025-11-03' },
        { type: 'HEARING_SET', date: '2025-11-24' },
      ],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const body = created.json<{ case: { id: string }; deadlines: { id: string; key: string }[] }>();
  caseId = body.case.id;
  hearingId = body.deadlines.find((d) => d.key === 'HEARING')!.id;
  // Years of closures and rules changes: 60 more changes than the hearing was worked out with.
  const prisma = web.runtime.db.prisma;
  const row = await prisma.deadline.findUniqueOrThrow({ where: { id: hearingId } });
  await prisma.deadlineChange.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      organizationId: clinic.organizationId,
      caseId,
      deadlineId: hearingId,
      revision: row.revision + 1 + i,
      previousDate: row.date,
      date: row.date,
      status: row.status,
      cause: i % 2 === 0 ? 'COURT_CLOSURE_RECORDED' : 'RULES_CHANGED',
    })),
  });
  await prisma.deadline.update({ where: { id: hearingId }, data: { revision: row.revision + 60 } });

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

describe("a deadline's history, paged", () => {
  it('shows the newest changes on the case page and pages the whole history with "Show older changes"', async () => {
    await page.goto(`${web.baseUrl}/cases/${caseId}`);
    const hearing = page.locator('#d-HEARING');
    await expect(
      hearing.locator('summary').filter({ hasText: 'History' }).textContent(),
    ).resolves.toContain('History (61)');
    await expect(hearing.locator('.orderly-history li').count()).resolves.toBe(10);
    await expectAccessible(page, 'case page with a long history');

    await hearing.locator('summary').filter({ hasText: 'History' }).click(); // opens the details
    await hearing.locator('[data-history-link]').click();
    await page.waitForURL(`${web.baseUrl}/cases/${caseId}/deadlines/${hearingId}/history`);
    await expect(page.locator('h1').textContent()).resolves.toBe('History of a date');
    await expect(page.locator('[data-history] li').count()).resolves.toBe(50);
    await expect(page.locator('[data-history] li').first().textContent()).resolves.toContain(
      'Orderly’s rules changed',
    );
    await expectAccessible(page, 'history, newest page');

    // A plain link with the cursor in it: paging needs no script.
    const older = page.getByRole('link', { name: 'Show older changes' });
    await expect(older.getAttribute('href')).resolves.toMatch(
      new RegExp(`^/cases/${caseId}/deadlines/${hearingId}/history\\?cursor=[\\w.-]+$`),
    );
    await older.click();
    await page.waitForURL(/\/history\?cursor=/);
    const oldest = page.locator('[data-history] li');
    await expect(oldest.count()).resolves.toBe(11);
    await expect(oldest.last().textContent()).resolves.toContain('Worked out as');
    await expect(page.getByRole('link', { name: 'Show older changes' }).count()).resolves.toBe(0);
    await expect(page.content()).resolves.toContain('That is the first value it had.');
    await expectAccessible(page, 'history, oldest page');
    expect(problems).toEqual([]);
  });

  it("answers another case's deadline, or a forged cursor, without showing anything", async () => {
    const other = await page.goto(
      `${web.baseUrl}/cases/${caseId}/deadlines/00000000-0000-7000-8000-000000000000/history`,
    );
    expect(other!.status()).toBe(404);
    const response = await page.goto(
      `${web.baseUrl}/cases/${caseId}/deadlines/${hearingId}/history?cursor=forged.AAAAAAAAAAAAAAAAAAAAAA`,
    );
    expect(response!.status()).toBe(400);
    await expect(page.locator('[data-history]').count()).resolves.toBe(0);
  });
});

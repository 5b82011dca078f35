// Signing in as a new person does, in real Chromium: the invitation link signs in at once, the
// welcome page offers a passkey (a virtual authenticator stands in for the phone) or a
// password; both then sign in; signing out ends the session on the server. axe-core checks
// every page on the way, and no page breaks its CSP or logs an error.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(async () => {
  [web, browser] = await Promise.all([startTestWeb(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await web?.close();
});

async function withVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

describe('signing in', () => {
  it('an invitation signs in at once, then a passkey and a password both work, and signing out ends the session', async () => {
    const clinic = await createClinic(web);
    const { signInUrl } = await invite(web, clinic, 'ana@clinic.example', 'admin', 'Ana Advocate');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await withVirtualAuthenticator(context, page);

    // The link continues by itself and lands on the welcome page, signed in.
    await page.goto(signInUrl);
    await page.waitForURL(`${web.baseUrl}/welcome`);
    await expect(page.title()).resolves.toBe('Orderly');
    await expect(page.locator('h1').textContent()).resolves.toBe('You are signed in');
    await expectAccessible(page, 'welcome');

    // A passkey, added from the welcome page.
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(`${web.baseUrl}/account?saved=passkey`);
    await expect(page.getByText('Your passkey is added.').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'account');

    // A password, with the error pattern on the way: a short one is refused beside the field.
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('The same password again').fill('short');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.locator('#error-summary').isVisible()).resolves.toBe(true);
    await expect(
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      ),
    ).resolves.toBe('error-summary');
    await expect(page.locator('#f-password-error').textContent()).resolves.toContain('at least 12');
    await expectAccessible(page, 'account with errors');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByLabel('The same password again').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(`${web.baseUrl}/account?saved=password`);

    // The link worked once: opened again, it does not sign anyone in.
    const second = await context.newPage();
    await second.goto(signInUrl);
    await expect(second.locator('h1').textContent()).resolves.toBe(
      'This sign-in link does not work',
    );
    await second.close();

    // Sign out: the old cookie no longer opens anything.
    const cookiesBefore = await context.cookies();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.baseUrl}/sign-in?signed-out`);
    await expectAccessible(page, 'sign-in');
    const stale = cookiesBefore.find((c) => c.name === 'orderly_session')!;
    const replay = await web.app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: `orderly_session=${stale.value}` },
    });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in');

    // Password sign-in.
    await page.getByLabel('Email address').fill('ANA@clinic.example ');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${web.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.baseUrl}/sign-in?signed-out`);

    // Passkey sign-in (the same virtual authenticator holds it).
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${web.baseUrl}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Today');
    await screenshot(page, 'sign-in-done');
    expect(watch.problems).toEqual([]);
    await context.close();
  });

  it('a wrong password gets the message beside the field, and nothing says whether the account exists', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill('nobody@clinic.example');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.locator('#f-password-error').textContent()).resolves.toContain(
      'The email address or password is not right',
    );
    await expect(
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      ),
    ).resolves.toBe('error-summary');
    await expectAccessible(page, 'sign-in with errors');
    await context.close();
  });
});

// The web app under test: an in-process server on a free port of this machine (named
// `localhost`, which passkeys need), its own database, and helpers to make organizations,
// people and signed-in sessions. Browser tests drive Debian's Chromium (never a downloaded
// browser) with playwright-core, and run axe-core in every page they visit.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { freePort } from '../../src/net.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { Runtime } from '../../src/runtime.js';
import { invitePerson, type UserRole } from '../../src/services/accounts.js';
import type { Clock } from '../../src/adapters/clock.js';
import { createOrganization } from '../../src/services/organizations.js';
import { inTransaction } from '../../src/services/transaction.js';
import { createDatabase, type TestDatabase } from './database.js';
import { openTestRuntime } from './runtime.js';

export interface TestWeb {
  app: FastifyInstance;
  runtime: Runtime;
  database: TestDatabase;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startTestWeb(
  options: { env?: Record<string, string>; clock?: Clock; listen?: boolean } = {},
): Promise<TestWeb> {
  const database = await createDatabase({ migrated: true });
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const runtime = await openTestRuntime(
    database.url,
    { migrate: false, ...(options.clock && { clock: options.clock }) },
    {
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_FAILURES_PER_MINUTE: '100000',
      PUBLIC_BASE_URL: baseUrl,
      WORKER: 'off',
      ...options.env,
    },
  );
  const app = await buildApp(runtime);
  if (options.listen === false) await app.ready();
  else await app.listen({ port, host: 'localhost' });
  return {
    app,
    runtime,
    database,
    baseUrl,
    async close() {
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}

export interface Clinic {
  organizationId: string;
  adminKey: string;
}

export async function createClinic(web: TestWeb, name = 'Test Clinic'): Promise<Clinic> {
  const { organization, key } = await inTransaction(web.runtime.db, (tx) =>
    createOrganization(tx, { name, now: web.runtime.clock.now() }),
  );
  return { organizationId: organization.id, adminKey: key };
}

/** Invites a person as the CLI does; returns their one-time sign-in URL. */
export async function invite(
  web: TestWeb,
  clinic: Clinic,
  email: string,
  role: UserRole = 'admin',
  displayName?: string,
): Promise<{ signInUrl: string; userId: string; advocateId: string }> {
  const { config } = web.runtime;
  const invited = await inTransaction(web.runtime.db, (tx) =>
    invitePerson(
      tx,
      {
        actor: {
          organizationId: clinic.organizationId,
          apiKeyId: null,
          label: 'cli',
          scopes: ['admin'],
        },
        requestId: null,
        now: web.runtime.clock.now(),
      },
      { email, role, ...(displayName && { displayName }) },
      {
        publicBaseUrl: config.publicBaseUrl,
        sessionIdleMs: config.sessions.idleMinutes * 60_000,
        sessionMaxMs: config.sessions.maxHours * 3600_000,
      },
    ),
  );
  return {
    signInUrl: invited.signInUrl,
    userId: invited.user.id,
    advocateId: invited.user.advocateId,
  };
}

// ---- A cookie-keeping client over inject (security tests without a browser) -----------------

export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly web: TestWeb,
    readonly ip = '127.0.0.1',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>) {
    const payload =
      form &&
      new URLSearchParams(
        Object.entries(form).flatMap(([k, v]): [string, string][] =>
          Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
        ),
      ).toString();
    const response = await this.web.app.inject({
      method,
      url: url.replace(this.web.baseUrl, ''),
      remoteAddress: this.ip,
      headers: {
        accept: 'text/html,application/xhtml+xml',
        cookie: this.cookieHeader(),
        ...(payload !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(payload !== undefined && { payload }),
    });
    for (const c of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const gone =
        c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }

  /** The CSRF token on the page at `url` (GET), for a form post. */
  async csrf(url = '/'): Promise<string> {
    const page = await this.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${url} (status ${page.statusCode})`);
    return token;
  }

  /** Posts a form the way the page would: with the token from `from` (GET). */
  async post(url: string, form: Record<string, string | string[]> = {}, from = url) {
    const token = await this.csrf(from);
    return this.request('POST', url, { _csrf: token, ...form });
  }

  /** Opens a one-time link and continues, as the page's script does. */
  async signInWithLink(signInUrl: string) {
    const token = await this.csrf(signInUrl);
    const response = await this.request('POST', signInUrl, { _csrf: token });
    expect(response.statusCode).toBe(303);
    return response;
  }
}

// ---- A real browser -------------------------------------------------------------------------

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE_SOURCE = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; fails on any serious or critical WCAG 2.2 A/AA violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) still holds.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations;
  });
  const serious = (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
  expect(serious, `axe on ${what}`).toEqual([]);
}

export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Collects CSP violations and page errors, to assert there were none. */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (message) => {
    // A page answered 4xx on purpose (a form with errors) is logged as a failed load: those
    // are checked by status below, for everything but the page itself.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' && response.status() >= 400)
      problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { problems };
}

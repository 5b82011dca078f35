// The web app's protections, through HTTP against a real PostgreSQL: CSRF on every form, a
// session never fixed by what the browser held before, sessions that end (sign out, sign out
// everywhere, idle timeout), TOTP codes that work once, the failed sign-in throttle (which
// does not lock the real person out of their own browser), the headers every page carries,
// and the CLI invitation beside the server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web/plugin.js';
import {
  createClinic,
  invite,
  startTestWeb,
  WebClient,
  type Clinic,
  type TestWeb,
} from '../support/web.js';

const run = promisify(execFile);
let web: TestWeb;
let clinic: Clinic;

beforeAll(async () => {
  web = await startTestWeb({ listen: false });
  clinic = await createClinic(web);
});
afterAll(() => web.close());

let people = 0;
/** A person invited and signed in through their link, in a client of their own. */
async function signedInPerson(ip = '127.0.0.1', role: 'admin' | 'advocate' = 'advocate') {
  people += 1;
  const email = `person${people}@clinic.example`;
  const invited = await invite(web, clinic, email, role);
  const client = new WebClient(web, ip);
  await client.signInWithLink(invited.signInUrl);
  return { client, email, ...invited };
}

async function hasPassword(userId: string): Promise<boolean> {
  const row = await web.runtime.db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  return row.passwordHash !== null;
}

const PASSWORD = 'a long enough passphrase';

describe('CSRF', () => {
  it('a form post without the token, or with another session’s token, is refused and changes nothing', async () => {
    const alice = await signedInPerson();
    const bob = await signedInPerson();
    const form = { password: PASSWORD, confirmation: PASSWORD };

    const without = await alice.client.request('POST', '/account/password', form);
    expect(without.statusCode).toBe(403);
    expect(without.body).toContain('This form has expired');

    const bobsToken = await bob.client.csrf('/account');
    const foreign = await alice.client.request('POST', '/account/password', {
      ...form,
      _csrf: bobsToken,
    });
    expect(foreign.statusCode).toBe(403);
    expect(await hasPassword(alice.userId)).toBe(false);

    const withToken = await alice.client.post('/account/password', form, '/account');
    expect(withToken.statusCode).toBe(303);
    expect(await hasPassword(alice.userId)).toBe(true);
  });
});

describe('sessions', () => {
  it('signing in never keeps a session id the browser held before (fixation)', async () => {
    const invited = await invite(web, clinic, 'fixation@clinic.example');
    const victim = new WebClient(web);
    victim.cookies.set('orderly_session', 'attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaaa');
    await victim.signInWithLink(invited.signInUrl);
    const issued = victim.cookies.get('orderly_session')!;
    expect(issued).not.toBe('attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaaa');
    expect((await victim.get('/')).statusCode).toBe(200);
    // The attacker's value opens nothing.
    const attacker = new WebClient(web);
    attacker.cookies.set('orderly_session', 'attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaaa');
    expect((await attacker.get('/')).headers.location).toBe('/sign-in');
  });

  it('signing in again from a signed-in browser replaces its session', async () => {
    const person = await signedInPerson();
    const first = person.client.cookies.get('orderly_session')!;
    const { signInUrl } = await invite(web, clinic, person.email);
    await person.client.signInWithLink(signInUrl);
    expect(person.client.cookies.get('orderly_session')).not.toBe(first);
    const old = new WebClient(web);
    old.cookies.set('orderly_session', first);
    expect((await old.get('/')).statusCode).toBe(303);
  });

  it('sign out everywhere ends every session of the person', async () => {
    const person = await signedInPerson();
    const { signInUrl } = await invite(web, clinic, person.email);
    const phone = new WebClient(web);
    await phone.signInWithLink(signInUrl);
    expect((await phone.get('/')).statusCode).toBe(200);
    const out = await person.client.post('/account/sign-out-everywhere', {}, '/account');
    expect(out.headers.location).toBe('/sign-in?signed-out');
    expect((await phone.get('/')).headers.location).toBe('/sign-in');
    expect((await person.client.get('/')).headers.location).toBe('/sign-in');
  });

  it('another browser can be signed out from the account page', async () => {
    const person = await signedInPerson();
    const { signInUrl } = await invite(web, clinic, person.email);
    const other = new WebClient(web);
    await other.signInWithLink(signInUrl);
    const page = await person.client.get('/account');
    const revoke = /action="(\/account\/sessions\/[^"]+\/revoke)"/.exec(page.body)![1]!;
    expect((await person.client.post(revoke, {}, '/account')).statusCode).toBe(303);
    expect((await other.get('/')).statusCode).toBe(303);
    expect((await person.client.get('/')).statusCode).toBe(200);
  });

  it('a session idle longer than the timeout (30 minutes by default) has ended', async () => {
    const person = await signedInPerson();
    expect((await person.client.get('/')).statusCode).toBe(200);
    await web.runtime.db.prisma.session.updateMany({
      where: { userId: person.userId },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    expect((await person.client.get('/')).headers.location).toBe('/sign-in');
  });

  it('session cookies are HttpOnly and SameSite=Lax; a disabled person’s sessions end', async () => {
    const invited = await invite(web, clinic, 'cookies@clinic.example');
    const client = new WebClient(web);
    const token = await client.csrf(invited.signInUrl);
    const response = await client.request('POST', invited.signInUrl, { _csrf: token });
    const cookie = ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('orderly_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    await web.runtime.db.prisma.user.update({
      where: { id: invited.userId },
      data: { disabledAt: new Date() },
    });
    expect((await client.get('/')).headers.location).toBe('/sign-in');
  });
});

describe('one-time links', () => {
  it('work once, and an expired one does not work', async () => {
    const invited = await invite(web, clinic, 'once@clinic.example');
    const first = new WebClient(web);
    await first.signInWithLink(invited.signInUrl);
    const second = new WebClient(web);
    const reopened = await second.get(invited.signInUrl);
    expect(reopened.statusCode).toBe(404);
    expect(reopened.body).toContain('This sign-in link does not work');

    const fresh = await invite(web, clinic, 'once@clinic.example');
    await web.runtime.db.prisma.signInLink.updateMany({
      where: { userId: fresh.userId, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await new WebClient(web).get(fresh.signInUrl)).statusCode).toBe(404);
  });
});

describe('codes (TOTP)', () => {
  it('once turned on, a password needs a code; a wrong code is refused and a code works once', async () => {
    const person = await signedInPerson('127.0.0.9');
    await person.client.post(
      '/account/password',
      { password: PASSWORD, confirmation: PASSWORD },
      '/account',
    );
    const setup = await person.client.post('/account/totp', {}, '/account');
    const key = /<code class="orderly-secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
    const uri = /name="uri" value="([^"]+)"/.exec(setup.body)![1]!.replace(/&amp;/g, '&');
    const totp = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30 });
    const token = await person.client.csrf('/account');
    const confirmed = await person.client.request('POST', '/account/totp/confirm', {
      _csrf: token,
      uri,
      code: totp.generate({ timestamp: Date.now() - 30_000 }),
    });
    expect(confirmed.statusCode).toBe(303);

    const browser = new WebClient(web, '127.0.0.9');
    const step = await browser.post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      '/sign-in',
    );
    expect(step.headers.location).toBe('/sign-in/code');
    expect((await browser.get('/')).statusCode).toBe(303); // not signed in yet
    const wrong = await browser.post('/sign-in/code', { code: '000000' }, '/sign-in/code');
    expect(wrong.statusCode).toBe(400);
    const now = totp.generate();
    const right = await browser.post('/sign-in/code', { code: now }, '/sign-in/code');
    expect(right.headers.location).toBe('/');
    expect((await browser.get('/')).statusCode).toBe(200);

    // The same code does not open a second session.
    const replay = new WebClient(web, '127.0.0.9');
    await replay.post('/sign-in', { email: person.email, password: PASSWORD }, '/sign-in');
    const again = await replay.post('/sign-in/code', { code: now }, '/sign-in/code');
    expect(again.statusCode).toBe(400);
  });
});

describe('the failed sign-in throttle', () => {
  it('stops one address guessing at an account, not the person elsewhere; a trusted browser gets in even when the account is under attack', async () => {
    const person = await signedInPerson('10.1.0.1');
    await person.client.post(
      '/account/password',
      { password: PASSWORD, confirmation: PASSWORD },
      '/account',
    );
    // The person's own browser has signed in (link) and holds a device cookie.
    const own = person.client;
    await own.post('/sign-out', {}, '/');

    const attacker = new WebClient(web, '10.9.9.9');
    for (let i = 0; i < 5; i++) {
      const r = await attacker.post(
        '/sign-in',
        { email: person.email, password: `guess ${i}` },
        '/sign-in',
      );
      expect(r.statusCode).toBe(400);
    }
    // The attacker's address is stopped even with the right password…
    const stopped = await attacker.post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      '/sign-in',
    );
    expect(stopped.statusCode).toBe(429);
    expect(stopped.body).toContain('Too many attempts');
    expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(0);
    // …while the person, from another address, signs in.
    const elsewhere = new WebClient(web, '10.2.0.2');
    const ok = await elsewhere.post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      '/sign-in',
    );
    expect(ok.headers.location).toBe('/');

    // Many addresses guessing: the account stops accepting passwords from untrusted browsers…
    for (let i = 0; i < 20; i++) {
      const bot = new WebClient(web, `10.3.0.${i + 1}`);
      await bot.post('/sign-in', { email: person.email, password: `bot ${i}` }, '/sign-in');
    }
    const newBrowser = new WebClient(web, '10.4.0.1');
    const refused = await newBrowser.post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      '/sign-in',
    );
    expect(refused.statusCode).toBe(429);
    // …but the person's own browser (device cookie from an earlier sign-in) still gets in.
    const trusted = await own.post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      '/sign-in',
    );
    expect(trusted.headers.location).toBe('/');
    // Nothing identifying is stored in the counters.
    const buckets = await web.runtime.db.prisma.authFailure.findMany();
    expect(JSON.stringify(buckets)).not.toContain('10.9.9.9');
    expect(JSON.stringify(buckets)).not.toContain(person.email);
  });
});

describe('every page', () => {
  it('carries the CSP, no-store, no-referrer and a neutral title; unknown pages are a 404 page', async () => {
    const person = await signedInPerson();
    const page = await person.client.get('/account');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<title>Orderly</title>');
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\sstyle="|\son[a-z]+="/);

    const missing = await person.client.get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.body).toContain('Page not found');
    const api = await web.app.inject({ url: '/v1/no-such-route' });
    expect(api.headers['content-type']).toContain('application/problem+json');
  });
});

describe('orderly user invite', () => {
  it('prints {"signInUrl"} and the link signs the person in', async () => {
    const { stdout } = await run(
      'npm',
      [
        'run',
        '--silent',
        'orderly',
        '--',
        'user',
        'invite',
        'first.admin@clinic.example',
        '--org',
        clinic.organizationId,
        '--role',
        'admin',
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: web.database.url,
          LOG_LEVEL: 'warn',
          PUBLIC_BASE_URL: web.baseUrl,
        },
      },
    );
    const { signInUrl } = JSON.parse(stdout) as { signInUrl: string };
    expect(signInUrl.startsWith(`${web.baseUrl}/sign-in/link/osl_`)).toBe(true);
    const client = new WebClient(web);
    await client.signInWithLink(signInUrl);
    expect((await client.get('/')).body).toContain('<h1>Today</h1>');
  });

  it('exits 2 naming the option for a bad organization or role', async () => {
    const attempt = (args: string[]) =>
      run('npm', ['run', '--silent', 'orderly', '--', 'user', 'invite', ...args], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: web.database.url, LOG_LEVEL: 'warn' },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    const badOrg = await attempt(['x@clinic.example', '--org', 'nope', '--role', 'admin']);
    expect(badOrg).toMatchObject({ code: 2 });
    expect(badOrg.stderr).toContain('--org');
    const badRole = await attempt([
      'x@clinic.example',
      '--org',
      clinic.organizationId,
      '--role',
      'owner',
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');
  });
});

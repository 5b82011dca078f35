// Discreet messages end to end (issue 12): a new contact is discreet by default, so the real
// worker's email to it has a generic subject and a first line with no court words, and links
// to the petitioner's page (which opens); addresses are normalised and unique per case; the
// opt-out link asks before it acts (a one-click POST only asks again), records its time, and
// tells the case's advocates — on the case page and by email; reminders restart only with a
// fresh recorded consent, through the API and the web app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReminderLoop, type ReminderLoop } from '../../src/workers/reminder-loop.js';
import { TEST_SECRETS_KEY, TestClock } from '../support/reminders.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp.js';
import {
  createClinic,
  invite,
  startTestWeb,
  WebClient,
  type Clinic,
  type TestWeb,
} from '../support/web.js';

const clock = new TestClock(new Date('2027-02-21T18:00:00Z'));
let web: TestWeb;
let smtp: SmtpSink;
let worker: ReminderLoop;
let clinic: Clinic;
let advocateId: string;
let people = 0;

/** A person signed in to the web app now (sessions end after 30 idle minutes of the clock). */
async function signedIn(): Promise<WebClient> {
  const invited = await invite(web, clinic, `staff${++people}@clinic.example`, 'admin');
  const client = new WebClient(web);
  await client.signInWithLink(invited.signInUrl);
  return client;
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  web = await startTestWeb({
    clock,
    listen: false,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Clinic Reminders <reminders@clinic.example>',
      SECRETS_KEY: TEST_SECRETS_KEY,
    },
  });
  worker = await createReminderLoop(web.runtime);
  clinic = await createClinic(web);
  advocateId = (await invite(web, clinic, 'ada@clinic.example', 'admin', 'Ada Advocate'))
    .advocateId;
});
afterAll(async () => {
  await worker.stop();
  await web.close();
  await smtp.close();
});

async function api<T = unknown>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const response = await web.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${clinic.adminKey}` },
    ...(payload !== undefined && { payload }),
  });
  return Object.assign(response, { data: () => response.json<T>() });
}

async function drain(): Promise<void> {
  for (let i = 0; i < 50; i++) if ((await worker.tick()).claimed === 0) return;
  throw new Error('the worker never ran dry');
}

/** A DV case with a hearing on Tuesday 2027-03-16 at 8:30, its advocate Ada. */
async function hearingCase(reference: string): Promise<string> {
  const created = await api<{ case: { id: string } }>('POST', '/v1/cases', {
    family: 'DV',
    court: 'CA',
    reference,
    advocateIds: [advocateId],
    events: [
      { type: 'TRO_GRANTED', date: '2027-02-20' },
      { type: 'HEARING_SET', date: '2027-03-16', time: '08:30' },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.data().case.id;
}

interface ContactJson {
  id: string;
  email: string;
  discreet: boolean;
  optedOutAt: string | null;
  consentAt: string;
  consentMethod: string | null;
}

const COURT_WORDS =
  /court|order|restrain|hearing|judge|legal|clinic|case|REF-|corte|orden|audiencia|juez|clínica|caso/i;

describe('discreet contacts', () => {
  it('are the default: the email has no reference, no court words on the lock screen, and links to the page', async () => {
    const caseId = await hearingCase('REF-DISCREET');
    const added = await api<ContactJson>('POST', `/v1/cases/${caseId}/contacts`, {
      email: 'Peticionaria@Example.ORG',
      locale: 'es',
      consentAt: '2027-02-21T17:00:00Z',
      consentMethod: 'in_person',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.data()).toMatchObject({ email: 'peticionaria@example.org', discreet: true });
    // The same address again, however written, is a 409 naming the field; nothing is added.
    const again = await api('POST', `/v1/cases/${caseId}/contacts`, {
      email: 'PETICIONARIA@example.org',
      consentAt: '2027-02-21T17:00:00Z',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('body.email');
    const listed = await api<{ items: ContactJson[] }>('GET', `/v1/cases/${caseId}/contacts`);
    expect(listed.data().items).toHaveLength(1);

    smtp.messages.length = 0;
    clock.set('2027-03-09T17:00:00Z');
    await drain();
    const mail = smtp.messages.find((m) => m.to.includes('peticionaria@example.org'))!;
    expect(mail.subject).toBe('Un recordatorio para usted');
    expect(`${mail.subject}\n${mail.text}`).not.toContain('REF-DISCREET');
    expect(mail.text.split('\n')[0]).not.toMatch(COURT_WORDS);
    expect(mail.text).toContain('Qué hacer: vaya a la corte ese día.');
    expect(mail.text).not.toMatch(/\.\./);
    // The page link in the email opens the petitioner's page.
    const page = /http:\/\/localhost:\d+(\/p\/[\w-]+)/.exec(mail.text)?.[1];
    expect(page).toBeDefined();
    expect((await web.app.inject({ method: 'GET', url: page! })).statusCode).toBe(200);
    // No one-click unsubscribe header: the link asks first.
    expect(mail.raw).not.toContain('List-Unsubscribe-Post');

    // The full wording, once chosen, names the reference again.
    const full = await api<ContactJson>('PUT', `/v1/contacts/${added.data().id}/wording`, {
      discreet: false,
    });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.data().discreet).toBe(false);
    smtp.messages.length = 0;
    clock.set('2027-03-15T16:00:00Z');
    await drain();
    const second = smtp.messages.find((m) => m.to.includes('peticionaria@example.org'))!;
    expect(second.subject).toBe('Recordatorio de su clínica legal (REF-DISCREET)');
    expect(second.text).toContain(
      'Su audiencia en la corte es mañana, martes, 16 de marzo de 2027',
    );
    expect(second.text).not.toMatch(/\.\./);
  });
});

describe('the opt-out link', () => {
  it('asks first, records the time, tells the advocates in the app and by email; only a fresh consent restarts', async () => {
    clock.set('2027-02-21T18:00:00Z');
    const caseId = await hearingCase('REF-OPTOUT');
    // Recorded in the web app (the address as typed, spaces and capitals and all), where
    // discreet is the preselected wording.
    let person = await signedIn();
    const form = await person.post(
      `/cases/${caseId}/contacts`,
      {
        email: ' Petitioner@Example.org ',
        locale: 'en',
        wording: 'discreet',
        consentMethod: 'phone',
        consentDate: '2027-02-21',
        consent: 'yes',
      },
      `/cases/${caseId}/reminders`,
    );
    expect(form.statusCode, form.body).toBe(303);
    const [contact] = (
      await api<{ items: ContactJson[] }>('GET', `/v1/cases/${caseId}/contacts`)
    ).data().items;
    expect(contact).toMatchObject({ email: 'petitioner@example.org', discreet: true });

    smtp.messages.length = 0;
    clock.set('2027-03-09T17:00:00Z');
    await drain();
    const mail = smtp.messages.find((m) => m.to.includes('petitioner@example.org'))!;
    expect(mail.subject).toBe('A reminder for you');
    const optOut = /http:\/\/localhost:\d+(\/opt-out\/[\w-]+)/.exec(mail.text)![1]!;

    // GET asks; a POST without the confirmation (a mail client's one-click) asks again.
    for (const response of [
      await web.app.inject({ method: 'GET', url: optOut }),
      await web.app.inject({
        method: 'POST',
        url: optOut,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      }),
    ]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('name="confirm" value="yes"');
    }
    const still = (
      await api<{ items: ContactJson[] }>('GET', `/v1/cases/${caseId}/contacts`)
    ).data().items[0]!;
    expect(still.optedOutAt).toBeNull();

    // The button confirms: recorded with its time, pending reminders cancelled.
    smtp.messages.length = 0;
    clock.set('2027-03-09T18:30:00Z');
    const done = await web.app.inject({
      method: 'POST',
      url: optOut,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'confirm=yes',
    });
    expect(done.statusCode).toBe(200);
    const stopped = (
      await api<{ items: ContactJson[] }>('GET', `/v1/cases/${caseId}/contacts`)
    ).data().items[0]!;
    expect(stopped.optedOutAt).toBe('2027-03-09T18:30:00.000Z');
    const reminders = (
      await api<{ items: { recipient: { id: string }; status: string }[] }>(
        'GET',
        `/v1/cases/${caseId}/reminders`,
      )
    )
      .data()
      .items.filter((r) => r.recipient.id === contact!.id);
    expect(reminders.some((r) => r.status === 'PENDING')).toBe(false);

    // The advocate is told by email (sent after the commit)…
    await expect
      .poll(() => smtp.messages.find((m) => m.to.includes('ada@clinic.example'))?.subject, {
        timeout: 10_000,
      })
      .toBe('[Orderly] Reminders stopped by the petitioner (case REF-OPTOUT)');
    const notice = smtp.messages.find((m) => m.to.includes('ada@clinic.example'))!;
    expect(notice.text).not.toContain('petitioner@example.org');
    expect(notice.text).toContain('fresh consent');
    // …and in the app, on the case page and the reminders page.
    person = await signedIn();
    const casePage = await person.get(`/cases/${caseId}`);
    expect(casePage.body).toContain('Reminders to a petitioner contact stopped on');
    const remindersPage = await person.get(`/cases/${caseId}/reminders`);
    expect(remindersPage.body).toContain('Reminders to petitioner@example.org stopped');

    // Restarting needs a fresh consent: one dated before the stop is refused, naming the field.
    const stale = await api('POST', `/v1/contacts/${contact!.id}/resume`, {
      consentAt: '2027-03-09T18:00:00Z',
      consentMethod: 'phone',
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('body.consentAt');
    // In the web app, without ticking the consent box: the form again, nothing changed.
    const unticked = await person.post(
      `/cases/${caseId}/contacts/${contact!.id}/resume`,
      { resumeMethod: 'phone', resumeDate: '2027-03-09' },
      `/cases/${caseId}/reminders`,
    );
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('fresh consent');
    // With it: restarted, the new consent recorded, reminders planned again.
    clock.set('2027-03-10T17:00:00Z');
    person = await signedIn();
    const resumed = await person.post(
      `/cases/${caseId}/contacts/${contact!.id}/resume`,
      { resumeMethod: 'in_person', resumeDate: '2027-03-10', resumeConsent: 'yes' },
      `/cases/${caseId}/reminders`,
    );
    expect(resumed.statusCode, resumed.body).toBe(303);
    const back = (await api<{ items: ContactJson[] }>('GET', `/v1/cases/${caseId}/contacts`)).data()
      .items[0]!;
    expect(back).toMatchObject({
      optedOutAt: null,
      consentAt: '2027-03-10T17:00:00.000Z',
      consentMethod: 'in_person',
    });
    const planned = (
      await api<{ items: { recipient: { id: string }; status: string }[] }>(
        'GET',
        `/v1/cases/${caseId}/reminders`,
      )
    )
      .data()
      .items.filter((r) => r.recipient.id === contact!.id && r.status === 'PENDING');
    expect(planned.length).toBeGreaterThan(0);
    // A contact whose reminders never stopped cannot be "resumed".
    const twice = await api('POST', `/v1/contacts/${contact!.id}/resume`, {
      consentAt: '2027-03-10T17:00:00Z',
      consentMethod: 'phone',
    });
    expect(twice.statusCode).toBe(409);
  });
});

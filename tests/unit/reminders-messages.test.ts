// What reminder messages say (issue 13): advocates read words and court names, not Orderly's
// codes (RENEWAL_FILED, SERVICE_DEADLINE, CA-los-angeles); webhooks carry the deadline's
// nature and state beside its title; the catch-up sent for a case recorded late says so.
import { describe, expect, it } from 'vitest';
import type { ReminderPayload } from '../../src/db/reminders.js';
import { advocateEmail, petitionerEmail, webhookEvent } from '../../src/reminders/messages.js';

const payload = (overrides: Partial<ReminderPayload> = {}): ReminderPayload => ({
  schedule: 'RENEWAL',
  deadline: {
    id: '01a20768-6388-7688-bda5-6a3f8f6c21a3',
    key: 'RENEWAL_DEADLINE',
    kind: 'RENEWAL_DEADLINE',
    date: '2027-06-04',
    at: null,
  },
  case: {
    id: '01a20768-6300-76c9-95ba-fc87059ee520',
    reference: 'REF-7',
    family: 'DV',
    court: 'CA-los-angeles',
  },
  orderExpires: '2027-06-04',
  windowOpens: '2027-03-04',
  sendDate: '2027-05-28',
  ...overrides,
});

const SERVICE: Partial<ReminderPayload> = {
  schedule: 'SERVICE',
  deadline: {
    id: '01a20768-6388-7688-bda5-6a3f8f6c21a4',
    key: 'SERVICE_DEADLINE',
    kind: 'SERVICE_DEADLINE',
    date: '2027-06-15',
    at: null,
  },
  orderExpires: null,
  windowOpens: null,
};
const HEARING: Partial<ReminderPayload> = {
  schedule: 'HEARING',
  deadline: {
    id: '01a20768-6388-7688-bda5-6a3f8f6c21a5',
    key: 'HEARING',
    kind: 'HEARING',
    date: '2027-06-22',
    at: '2027-06-22T08:30:00-07:00',
  },
  orderExpires: null,
  windowOpens: null,
};
const EPO: Partial<ReminderPayload> = {
  schedule: 'EPO',
  deadline: {
    id: '01a20768-6388-7688-bda5-6a3f8f6c21a6',
    key: 'EPO_EXPIRES',
    kind: 'EPO_EXPIRES',
    date: '2027-06-08',
    at: '2027-06-08T16:00:00-07:00',
  },
  orderExpires: null,
  windowOpens: null,
};

/** Orderly's own codes: event types, deadline kinds and keys, court ids. */
const CODES = /\b[A-Z]{2,}(?:_[A-Z]+)+\b|\bCA-[a-z-]+\b|\b(?:DV|CH|WV|SV|EA|GV)\b(?!-\d)/;

describe("advocates' emails", () => {
  it.each([
    ['renewal', payload()],
    ['service', payload(SERVICE)],
    ['hearing', payload(HEARING)],
    ['EPO', payload(EPO)],
  ])('%s: words and the court name, no internal codes', (_name, p) => {
    const email = advocateEmail(p, '01a20768-0000-7000-8000-000000000001');
    expect(`${email.subject}\n${email.text}`).not.toMatch(CODES);
    expect(email.text).toContain('Superior Court of California, County of Los Angeles');
    expect(email.text).toContain('domestic violence restraining order');
    // Dates in words, not 2027-06-04.
    expect(email.subject).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('say what to record in the words of the API and web app', () => {
    expect(advocateEmail(payload(), 'r').text).toContain(
      'Reminders stop once the renewal request is recorded as filed.',
    );
    expect(advocateEmail(payload(SERVICE), 'r').text).toContain(
      'Record the service once the papers are served.',
    );
    expect(advocateEmail(payload(), 'r').subject).toBe(
      '[Orderly] Last day to request renewal: Friday, June 4, 2027 (case REF-7)',
    );
  });

  it('a case on the statewide calendar names no court', () => {
    const email = advocateEmail(payload({ case: { ...payload().case, court: 'CA' } }), 'r');
    expect(email.text).not.toMatch(CODES);
    expect(email.text).toContain('court not given');
  });
});

describe('catch-up reminders', () => {
  it('say the case was recorded after earlier reminders would have gone out', () => {
    const p = payload({ sendDate: '2027-06-01', catchUp: true });
    expect(advocateEmail(p, 'r').text).toContain(
      'Recorded after earlier reminders for this date would have gone out',
    );
    expect(petitionerEmail(p, 'es', null, { discreet: false }).text).toContain(
      'Su orden de restricción termina',
    );
    // Discreet (a contact's default): what to do, without naming the order first.
    expect(petitionerEmail(p, 'es', null).text).toContain('presente el formulario DV-700');
  });
});

describe('webhooks', () => {
  it('carry the deadline title, nature and state (an act is due; an EPO is in force)', () => {
    const event = webhookEvent(
      { id: 'r1', occurrence: '7d-before', dueAt: '2027-05-28T16:00:00.000Z' },
      payload(),
    );
    expect(event.data.deadline).toMatchObject({
      title: 'Last day to request renewal',
      nature: 'act',
      state: 'due',
    });
    expect(event.data.case.courtName).toBe('Superior Court of California, County of Los Angeles');
    const epo = webhookEvent(
      { id: 'r2', occurrence: 'immediately', dueAt: '2027-06-03T16:00:00.000Z' },
      payload(EPO),
    );
    expect(epo.data.deadline).toMatchObject({
      title: 'Emergency protective order ends',
      nature: 'expiry',
      state: 'in_force',
    });
  });
});

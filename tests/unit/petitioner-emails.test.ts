// What a petitioner's reminder email says (issue 12, "Discreet messages"): in discreet mode (a
// contact's default) the subject is generic with no reference, and the first line — what a lock
// screen shows — has no word about courts or orders, in English and Spanish; the body says what
// to do and links to the petitioner's page. The full wording keeps the reference. The 1-day
// reminder says "tomorrow" / "mañana" and differs from the 7-day one; Spanish times do not end
// in a doubled period.
import { describe, expect, it } from 'vitest';
import type { Locale, ReminderPayload } from '../../src/db/reminders.js';
import { optOutNoticeEmail, petitionerEmail } from '../../src/reminders/messages.js';

const REFERENCE = 'REF-7731';
const PAGE = 'https://orderly.clinic.example/p/opl_secret';
const OPT_OUT = 'https://orderly.clinic.example/opt-out/abc';

/** Words that would tell someone holding the phone what the message is about. */
const COURT_WORDS: Record<Locale, RegExp> = {
  en: /court|order|restrain|hearing|judge|protect|legal|clinic|case|abuse|violen|DV-|renew|petition|respondent|serve/i,
  es: /corte|tribunal|orden|restric|audiencia|juez|jueza|protecci|legal|clínica|caso|abuso|violencia|DV-|renova|petici|demandad|entrega/i,
};

function hearing(sendDate: string): ReminderPayload {
  return {
    schedule: 'HEARING',
    deadline: {
      id: '0190a4c0-0000-7000-8000-000000000001',
      key: 'HEARING',
      kind: 'HEARING',
      date: '2027-03-16',
      at: '2027-03-16T08:30:00-07:00',
    },
    case: {
      id: '0190a4c0-0000-7000-8000-000000000002',
      reference: REFERENCE,
      family: 'DV',
      court: 'CA',
    },
    orderExpires: null,
    windowOpens: null,
    sendDate,
  };
}

const renewal: ReminderPayload = {
  schedule: 'RENEWAL',
  deadline: {
    id: '0190a4c0-0000-7000-8000-000000000003',
    key: 'RENEWAL_DEADLINE',
    kind: 'RENEWAL_DEADLINE',
    date: '2027-03-10',
    at: null,
  },
  case: {
    id: '0190a4c0-0000-7000-8000-000000000002',
    reference: REFERENCE,
    family: 'DV',
    court: 'CA',
  },
  orderExpires: '2027-03-10',
  windowOpens: '2026-12-10',
  sendDate: '2026-12-10',
};

const firstLine = (text: string) => text.split('\n')[0]!;
const LOCALES: Locale[] = ['en', 'es'];

describe('discreet reminder emails (the default)', () => {
  for (const locale of LOCALES) {
    for (const [name, payload] of [
      ['hearing, 7 days before', hearing('2027-03-09')],
      ['hearing, the day before', hearing('2027-03-15')],
      ['renewal', renewal],
    ] as const) {
      it(`${locale}, ${name}: no reference and no court words in the subject or the first line`, () => {
        const email = petitionerEmail(payload, locale, OPT_OUT, { pageUrl: PAGE });
        expect(email.subject).toBe(
          locale === 'en' ? 'A reminder for you' : 'Un recordatorio para usted',
        );
        expect(`${email.subject}\n${email.text}`).not.toContain(REFERENCE);
        expect(email.subject).not.toMatch(COURT_WORDS[locale]);
        expect(firstLine(email.text)).not.toMatch(COURT_WORDS[locale]);
        // The body says what to do and links to the petitioner's page and the opt-out.
        expect(email.text).toMatch(locale === 'en' ? /What to do: / : /Qué hacer: /);
        expect(email.text).toContain(PAGE);
        expect(email.text).toContain(OPT_OUT);
      });
    }
  }

  it('without a page link, says the advocate can give one (and still no reference)', () => {
    const email = petitionerEmail(hearing('2027-03-09'), 'en', null, { pageUrl: null });
    expect(email.text).toContain('Your advocate can give you a private page with your dates.');
    expect(email.text).toContain('To stop these reminders, tell your advocate.');
    expect(email.text).not.toContain(REFERENCE);
  });

  it('the renewal email says which form to file by when', () => {
    const en = petitionerEmail(renewal, 'en', OPT_OUT, { pageUrl: PAGE }).text;
    expect(en).toContain('file form DV-700 by Wednesday, March 10, 2027');
    const es = petitionerEmail(renewal, 'es', OPT_OUT, { pageUrl: PAGE }).text;
    expect(es).toContain(
      'presente el formulario DV-700 a más tardar el miércoles, 10 de marzo de 2027',
    );
  });
});

describe('full wording (a contact who chose it)', () => {
  it('keeps the reference in the subject and the words of today', () => {
    const en = petitionerEmail(hearing('2027-03-09'), 'en', OPT_OUT, { discreet: false });
    expect(en.subject).toBe(`Reminder from your legal clinic (${REFERENCE})`);
    expect(en.text).toContain('Your court hearing is on Tuesday, March 16, 2027 at 8:30 AM.');
    const es = petitionerEmail(hearing('2027-03-09'), 'es', OPT_OUT, { discreet: false });
    expect(es.subject).toBe(`Recordatorio de su clínica legal (${REFERENCE})`);
  });
});

describe('wording fixes, in both modes', () => {
  for (const discreet of [true, false]) {
    it(`the day-before reminder says tomorrow and differs from the 7-day one (${discreet ? 'discreet' : 'full'})`, () => {
      for (const locale of LOCALES) {
        const week = petitionerEmail(hearing('2027-03-09'), locale, OPT_OUT, { discreet });
        const day = petitionerEmail(hearing('2027-03-15'), locale, OPT_OUT, { discreet });
        expect(day.text).not.toBe(week.text);
        const tomorrow = locale === 'en' ? /\btomorrow\b/ : /\bmañana\b/;
        expect(day.text).toMatch(tomorrow);
        expect(week.text).not.toMatch(tomorrow);
      }
    });

    it(`Spanish hearing times end in one period, not "a.m.." (${discreet ? 'discreet' : 'full'})`, () => {
      for (const sendDate of ['2027-03-09', '2027-03-15']) {
        const { text } = petitionerEmail(hearing(sendDate), 'es', OPT_OUT, { discreet });
        expect(text).toMatch(/8:30\s?a\.\s?m\./);
        expect(text).not.toMatch(/m\.\./);
        expect(text).not.toMatch(/\.\./);
      }
    });
  }
});

describe("the advocates' opt-out notice", () => {
  it('says when, on which case, and that only a fresh consent restarts reminders; no address', () => {
    const email = optOutNoticeEmail(
      { reference: REFERENCE, at: '2027-03-09T17:05:00Z' },
      'https://orderly.clinic.example/cases/x/reminders',
    );
    expect(email.subject).toBe(`[Orderly] Reminders stopped by the petitioner (case ${REFERENCE})`);
    expect(email.text).toContain('Tuesday, March 9, 2027 at 9:05 AM');
    expect(email.text).toContain('fresh consent');
    expect(email.text).not.toContain('@');
  });
});

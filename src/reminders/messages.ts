// What reminders say. Plain and safe: the deadline in plain words, its date, the clinic's
// reference and what to do — never a party's name, an address or the court's case number
// (the payload does not even hold them). Petitioners read English or Spanish; advocates get
// English, with the court's name and the kind of order in words, never Orderly's codes.
// Petitioners' subjects are neutral: they show on lock screens and in shared inboxes. A contact
// in discreet mode (the default) gets a generic subject with no reference, and a first line
// with no word about courts or orders (its words are in locales/<code>.json, beside the page's).
import {
  addCalendarDays,
  courtTimeOf,
  deadlineState,
  natureOf,
  type DeadlineKind,
  type DeadlineNature,
  type DeadlineState,
} from '../engine/index.js';
import { courtName, familyName } from '../services/words.js';
import type { Locale, ReminderPayload } from '../db/reminders.js';
import { changeNoticeEmail } from './notices.js';
import { fill, petitionerWords } from '../services/petitioner-words.js';

const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }),
  es: new Intl.DateTimeFormat('es-US', {
    timeZone: 'UTC',
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }),
};
// Wall-clock times in words: the court time (courtTimeOf) is formatted as a UTC time of day.
const TIME_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }),
  es: new Intl.DateTimeFormat('es-US', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }),
};

/** 'YYYY-MM-DD' in words ("Tuesday, June 15, 2027" / "martes, 15 de junio de 2027"). */
export function longDate(date: string, locale: Locale): string {
  return DATE_FORMATS[locale].format(new Date(`${date}T12:00:00Z`));
}

/** The court-zone time of an instant ("8:30 AM"), or null. */
export function localTime(at: string | null, locale: Locale): string | null {
  return at === null
    ? null
    : TIME_FORMATS[locale].format(courtTimeOf(Date.parse(at)).second * 1000);
}

/** The deadline kind in plain words (advocates and webhook consumers). */
export function kindInWords(kind: DeadlineKind): string {
  switch (kind) {
    case 'EPO_EXPIRES':
      return 'Emergency protective order ends';
    case 'HEARING_LATEST':
      return 'Latest date for the hearing';
    case 'HEARING_LATEST_GOOD_CAUSE':
      return 'Latest date for the hearing (good cause)';
    case 'HEARING':
      return 'Hearing';
    case 'TRO_EXPIRES':
      return 'Temporary restraining order ends';
    case 'SERVICE_DEADLINE':
      return 'Last day to serve the papers';
    case 'ORDER_EXPIRES':
      return 'Restraining order ends';
    case 'RENEWAL_WINDOW_OPENS':
      return 'Renewal window opens';
    case 'RENEWAL_DEADLINE':
      return 'Last day to request renewal';
    case 'FIREARM_RELINQUISHMENT':
      return "Respondent's deadline to relinquish firearms";
    case 'FIREARM_RECEIPT':
      return "Respondent's deadline to file the firearm receipt";
    case 'OPPOSITION_DEADLINE':
      return 'Last day to oppose the motion';
  }
}

/** The form that asks the court to renew an order: DV-700, CH-700, WV-700, SV-700, EA-700, GV-700. */
const renewalForm = (p: ReminderPayload): string => `${p.case.family}-700`;

export interface EmailMessage {
  subject: string;
  text: string;
}

interface PetitionerText {
  subject: (ref: string) => string;
  hello: string;
  about: (ref: string) => string;
  renewal: (p: ReminderPayload, d: (date: string) => string) => string;
  /** `when`: "on Friday, …, at 8:30 AM" or "tomorrow, Friday, …" (no final period). */
  hearing: (when: string) => string;
  renewalHearing: (when: string) => string;
  motionHearing: (when: string) => string;
  /** The hearing's day: `date` ("Friday, …"), the day before "tomorrow, Friday, …". */
  on: (date: string, tomorrow: boolean, time: string | null) => string;
  questions: (ref: string) => string;
  optOutLink: (url: string) => string;
  optOutAsk: string;
  notAdvice: string;
}

const PETITIONER: Record<Locale, PetitionerText> = {
  en: {
    subject: (ref) => `Reminder from your legal clinic (${ref})`,
    hello: 'Hello,',
    about: (ref) => `This is a reminder about case ${ref}.`,
    renewal: (p, d) =>
      [
        `Your restraining order ends on ${d(p.orderExpires ?? p.deadline.date)}. To keep it, ask the court to renew it before it ends: file form ${renewalForm(p)} (Request to Renew Restraining Order) by ${d(p.deadline.date)}, the last day the court is open before the order ends.`,
        ...(p.windowOpens !== null && p.sendDate === p.windowOpens
          ? [`You can ask for the renewal from today on.`]
          : []),
        'If you have already filed it, you can ignore this message.',
      ].join('\n\n'),
    hearing: (when) =>
      `${period(`Your court hearing is ${when}`)} Please go to court that day. If you do not go, your temporary order may end.`,
    renewalHearing: (when) =>
      `${period(`The hearing on your renewal request is ${when}`)} Please go to court that day. If you do not go, your order may not be renewed.`,
    motionHearing: (when) =>
      `${period(`There is a court hearing about changing or ending your restraining order ${when}`)} Please go to court that day, or talk to your clinic before it.`,
    on: (date, tomorrow, time) =>
      `${tomorrow ? `tomorrow, ${date}` : `on ${date}`}${time ? `${tomorrow ? ',' : ''} at ${time}` : ''}`,
    questions: (ref) => `If you have questions, contact your clinic and mention reference ${ref}.`,
    optOutLink: (url) => `To stop these reminders, open this link: ${url}`,
    optOutAsk: 'To stop these reminders, tell your clinic.',
    notAdvice: 'This message is a reminder, not legal advice.',
  },
  es: {
    subject: (ref) => `Recordatorio de su clínica legal (${ref})`,
    hello: 'Hola:',
    about: (ref) => `Este es un recordatorio sobre el caso ${ref}.`,
    renewal: (p, d) =>
      [
        `Su orden de restricción termina el ${d(p.orderExpires ?? p.deadline.date)}. Para mantenerla, pida a la corte que la renueve antes de que termine: presente el formulario ${renewalForm(p)} (Solicitud para renovar la orden de restricción) a más tardar el ${d(p.deadline.date)}, el último día que la corte está abierta antes de que termine la orden.`,
        ...(p.windowOpens !== null && p.sendDate === p.windowOpens
          ? ['Desde hoy puede pedir la renovación.']
          : []),
        'Si ya lo presentó, puede ignorar este mensaje.',
      ].join('\n\n'),
    hearing: (when) =>
      `${period(`Su audiencia en la corte es ${when}`)} Por favor, vaya a la corte ese día. Si no va, su orden temporal puede terminar.`,
    renewalHearing: (when) =>
      `${period(`La audiencia sobre su solicitud de renovación es ${when}`)} Por favor, vaya a la corte ese día. Si no va, es posible que su orden no se renueve.`,
    motionHearing: (when) =>
      `${period(`Hay una audiencia en la corte sobre cambiar o terminar su orden de restricción ${when}`)} Por favor, vaya a la corte ese día o hable con su clínica antes.`,
    on: (date, tomorrow, time) =>
      `${tomorrow ? `mañana, ${date}` : `el ${date}`}${time ? `${tomorrow ? ',' : ''} a las ${time}` : ''}`,
    questions: (ref) =>
      `Si tiene preguntas, comuníquese con su clínica y mencione la referencia ${ref}.`,
    optOutLink: (url) => `Para dejar de recibir estos recordatorios, abra este enlace: ${url}`,
    optOutAsk: 'Para dejar de recibir estos recordatorios, avise a su clínica.',
    notAdvice: 'Este mensaje es un recordatorio, no asesoría legal.',
  },
};

/** How a petitioner's reminder is written, besides its language. */
export interface PetitionerEmailOptions {
  /**
   * Discreet (a contact's default): the subject is "A reminder for you" with no reference, and
   * the first line — what a lock screen shows — says nothing about courts or orders; the body
   * says what to do and links to the petitioner's own page. False: the full wording.
   */
  discreet?: boolean;
  /** The petitioner's own page (the contact's live link); null when there is none. */
  pageUrl?: string | null;
}

/** A sentence's end after a value that may end in a period itself ("8:30 a.m." + "." → one). */
const period = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

/** Whether the reminder goes out the day before its date. */
const isTomorrow = (p: ReminderPayload): boolean =>
  p.sendDate !== null && addCalendarDays(p.sendDate, 1) === p.deadline.date;

/** The deadline's day in words, "tomorrow, …" the day before, with its time where it has one. */
function whenInWords(p: ReminderPayload, locale: Locale): string {
  const words = petitionerWords(locale);
  const date = longDate(p.deadline.date, locale);
  const day = isTomorrow(p) ? fill(words.email.tomorrow, { date }) : date;
  const time = localTime(p.deadline.at, locale);
  return time === null ? day : fill(words.email.atTime, { date: day, time });
}

/** The discreet email: no reference, nothing about courts or orders before the second line. */
function discreetEmail(
  p: ReminderPayload,
  locale: Locale,
  optOutUrl: string | null,
  pageUrl: string | null,
): EmailMessage {
  const e = petitionerWords(locale).email;
  const d = (date: string) => longDate(date, locale);
  let todo: string[];
  switch (p.schedule) {
    case 'RENEWAL':
      todo = [
        fill(e.renewal, {
          ends: d(p.orderExpires ?? p.deadline.date),
          form: renewalForm(p),
          date: d(p.deadline.date),
        }),
        ...(p.windowOpens !== null && p.sendDate === p.windowOpens ? [e.renewalOpens] : []),
      ];
      break;
    case 'HEARING':
      todo = [
        p.deadline.key.startsWith('RENEWAL_')
          ? e.renewalHearing
          : p.deadline.key.startsWith('MOTION_')
            ? e.motionHearing
            : e.hearing,
      ];
      break;
    case 'SERVICE':
    case 'EPO':
    case 'FIREARMS':
    case 'OPPOSITION':
    case 'CHANGE':
      // Not sent to petitioners (see schedule.ts, change-notices.ts): the date alone if that
      // ever changes.
      todo = [];
  }
  return {
    subject: e.subject,
    text: [
      period(fill(e.firstLine, { when: whenInWords(p, locale) })),
      ...todo,
      pageUrl === null ? e.noPage : fill(e.page, { url: pageUrl }),
      e.questions,
      optOutUrl === null ? e.optOutAsk : fill(e.optOutLink, { url: optOutUrl }),
    ].join('\n\n'),
  };
}

/**
 * The email to a petitioner's contact; `optOutUrl` null when no public URL is configured.
 * Discreet unless `options.discreet` is false (a contact who chose the full wording).
 */
export function petitionerEmail(
  p: ReminderPayload,
  locale: Locale,
  optOutUrl: string | null,
  options: PetitionerEmailOptions = {},
): EmailMessage {
  if (options.discreet !== false)
    return discreetEmail(p, locale, optOutUrl, options.pageUrl ?? null);
  const t = PETITIONER[locale];
  const d = (date: string) => longDate(date, locale);
  const time = localTime(p.deadline.at, locale);
  const when = t.on(d(p.deadline.date), isTomorrow(p), time);
  let body: string;
  switch (p.schedule) {
    case 'RENEWAL':
      body = t.renewal(p, d);
      break;
    case 'HEARING':
      body = p.deadline.key.startsWith('RENEWAL_')
        ? t.renewalHearing(when)
        : p.deadline.key.startsWith('MOTION_')
          ? t.motionHearing(when)
          : t.hearing(when);
      break;
    case 'SERVICE':
    case 'EPO':
    case 'FIREARMS':
    case 'OPPOSITION':
    case 'CHANGE':
      // Not sent to petitioners (see schedule.ts, change-notices.ts); a neutral line if that ever changes.
      body = `${kindInWords(p.deadline.kind)}: ${d(p.deadline.date)}.`;
      break;
  }
  const ref = p.case.reference;
  return {
    subject: t.subject(ref),
    text: [
      t.hello,
      t.about(ref),
      body,
      t.questions(ref),
      ...(options.pageUrl
        ? [fill(petitionerWords(locale).email.page, { url: options.pageUrl })]
        : []),
      optOutUrl === null ? t.optOutAsk : t.optOutLink(optOutUrl),
      t.notAdvice,
    ].join('\n\n'),
  };
}

/** The email to an assigned advocate (English): words and court names, never Orderly's codes. */
export function advocateEmail(p: ReminderPayload, reminderId: string): EmailMessage {
  if (p.schedule === 'CHANGE') return changeNoticeEmail(p, reminderId);
  const d = (date: string) => longDate(date, 'en');
  const time = localTime(p.deadline.at, 'en');
  const when = `${d(p.deadline.date)}${time ? ` at ${time}` : ''}`;
  let todo: string;
  switch (p.schedule) {
    case 'RENEWAL':
      todo = `The order ends ${d(p.orderExpires ?? p.deadline.date)}. The request to renew it (form ${renewalForm(p)}) must be filed by ${d(p.deadline.date)}${p.windowOpens ? `; the renewal window opened ${d(p.windowOpens)}` : ''}. Reminders stop once the renewal request is recorded as filed.`;
      break;
    case 'HEARING':
      todo = `${p.deadline.key.startsWith('RENEWAL_') ? 'Renewal hearing' : p.deadline.key.startsWith('MOTION_') ? 'Hearing on the motion to modify or terminate the order' : 'Hearing'} on ${when}. Check the petitioner can attend.`;
      break;
    case 'SERVICE':
      todo = p.deadline.key.startsWith('MOTION_')
        ? `Notice of the motion to modify or terminate the order must be served and filed by ${d(p.deadline.date)} (16 court days before the hearing). If the respondent moved, check the petitioner was served in time. Record the service once the notice is served.`
        : `The papers must be served by ${d(p.deadline.date)}. Record the service once the papers are served.`;
      break;
    case 'FIREARMS':
      todo = `The respondent was served and must give up any firearms and ammunition by ${when}, and file the receipt (or a statement of having none) with the court within 48 hours of service. This is the respondent's duty: check the court file for the receipt and record it as filed; raise a missing receipt with the court or law enforcement.`;
      break;
    case 'OPPOSITION':
      todo = `Any opposition to the motion to modify or terminate the order must be filed and served by ${d(p.deadline.date)} (9 court days before the hearing).`;
      break;
    case 'EPO':
      todo = `The emergency protective order ends ${when}. File the request for a temporary restraining order before then.`;
      break;
  }
  return {
    subject: `[Orderly] ${kindInWords(p.deadline.kind)}: ${d(p.deadline.date)} (case ${p.case.reference})`,
    text: [
      `Case ${p.case.reference}: ${familyName(p.case.family)}, ${courtName(p.case.court)}.`,
      `${kindInWords(p.deadline.kind)}: ${when}.`,
      todo,
      ...(p.catchUp
        ? [
            'Recorded after earlier reminders for this date would have gone out: this is the first reminder for it.',
          ]
        : []),
      `Reminder ${reminderId} (quote it when asking about this message).`,
      'Computed by Orderly: dates the court writes on an order override computed ones. Not legal advice.',
    ].join('\n\n'),
  };
}

/**
 * The email telling a case's advocates that the petitioner's contact stopped reminders with
 * the link in an email (English, like every advocate email): no address, no party names.
 */
export function optOutNoticeEmail(
  notice: { reference: string; at: string },
  caseUrl: string,
): EmailMessage {
  const at = courtTimeOf(Date.parse(notice.at));
  const when = `${longDate(at.date, 'en')} at ${TIME_FORMATS.en.format(at.second * 1000)}`;
  return {
    subject: `[Orderly] Reminders stopped by the petitioner (case ${notice.reference})`,
    text: [
      `On ${when}, the petitioner's contact on case ${notice.reference} used the link in a reminder email to stop reminders. No more reminders go to that address.`,
      'It may have been the petitioner, or someone else with their phone. Check with the petitioner in a safe way. Reminders restart only with their fresh consent, recorded on the case’s Reminders page.',
      caseUrl,
    ].join('\n\n'),
  };
}

export interface WebhookEvent {
  type: 'reminder.due';
  /** The reminder id: the same on every delivery of this reminder. */
  id: string;
  /** When the reminder was due. */
  timestamp: string;
  data: {
    reminderId: string;
    occurrence: string;
    schedule: ReminderPayload['schedule'];
    /** True for the one reminder sent when a case or event was recorded after earlier ones would have gone out. */
    catchUp: boolean;
    case: ReminderPayload['case'] & { courtName: string; orderType: string };
    deadline: ReminderPayload['deadline'] & {
      title: string;
      nature: DeadlineNature;
      /** Where it stood when the reminder was due (README "Deadline statuses"). */
      state: DeadlineState;
    };
    orderExpires: string | null;
    windowOpens: string | null;
  };
}

/** The JSON a webhook endpoint receives (the same bytes on every delivery of the reminder). */
export function webhookEvent(
  reminder: { id: string; occurrence: string; dueAt: string },
  p: ReminderPayload,
): WebhookEvent {
  return {
    type: 'reminder.due',
    id: reminder.id,
    timestamp: reminder.dueAt,
    data: {
      reminderId: reminder.id,
      occurrence: reminder.occurrence,
      schedule: p.schedule,
      catchUp: p.catchUp === true,
      case: { ...p.case, courtName: courtName(p.case.court), orderType: familyName(p.case.family) },
      deadline: {
        ...p.deadline,
        title: kindInWords(p.deadline.kind),
        nature: natureOf(p.deadline.kind),
        // Reminders are only ever due while their deadline is open.
        state: deadlineState({ ...p.deadline, status: 'OPEN' }, Date.parse(reminder.dueAt)),
      },
      orderExpires: p.orderExpires,
      windowOpens: p.windowOpens,
    },
  };
}

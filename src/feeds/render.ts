// Deadlines → RFC 5545 text. ical-generator renders every event (and the calendar's own
// properties); this module only decides what each event says at each privacy level and puts
// the rendered pieces together, so that an event rendered once can be reused from a cache
// until its deadline (or the case fields it shows) change. See src/services/feeds.ts.
//
// Time zones (STYLE.md trap): no calendar time zone is ever set on an ical-generator calendar
// here, because with one set it prints all-day dates in the *server's* zone. All-day events get
// a Date at UTC midnight of their calendar date, which it then prints as that date in any
// server zone; timed events get a TZDate in America/Los_Angeles and TZID=America/Los_Angeles,
// with the zone's VTIMEZONE (from @touch4it/ical-timezones, the generator ical-generator's
// documentation names) added once to any calendar that has a timed event. TZDate is only the
// zoned-date value ical-generator reads a TZID start from (a plain Date would be printed in the
// server's zone); what a deadline's court time is, Orderly decides with courtTimeOf.
import { TZDate } from '@date-fns/tz';
import { createHash } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import {
  ICalAlarmRelatesTo,
  ICalAlarmType,
  ICalCalendar,
  ICalCalendarMethod,
  ICalEvent,
  ICalEventClass,
  ICalEventStatus,
  ICalEventTransparency,
  escape,
  type ICalEventData,
} from 'ical-generator';
import {
  courtTimeOf,
  DEADLINE_KINDS,
  DEADLINE_STATUSES,
  natureOf,
  type DeadlineKind,
} from '../engine/index.js';
import { clockTime, courtName } from '../services/words.js';
import { alarmsFor } from './alarms.js';
import { foldLines } from './fold.js';
import {
  FEED_PRIVACY_LEVELS,
  type FeedCase,
  type FeedEntry,
  type FeedEntryDetails,
  type FeedPrivacy,
  type FeedScope,
} from '../db/feeds.js';

export const COURT_TIME_ZONE = 'America/Los_Angeles';
/** How often subscribers are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const REFRESH_SECONDS = 3_600;
export const UID_DOMAIN = 'orderly';

// `full`: the legal names, for the clinic's own calendars.
const FULL_LABELS: Record<DeadlineKind, string> = {
  EPO_EXPIRES: 'Emergency protective order ends',
  HEARING_LATEST: 'Latest hearing date',
  HEARING_LATEST_GOOD_CAUSE: 'Latest hearing date (good cause)',
  HEARING: 'Hearing',
  TRO_EXPIRES: 'Temporary restraining order ends',
  SERVICE_DEADLINE: 'Service deadline',
  ORDER_EXPIRES: 'Restraining order ends',
  RENEWAL_WINDOW_OPENS: 'Renewal window opens',
  RENEWAL_DEADLINE: 'Renewal deadline',
  FIREARM_RELINQUISHMENT: 'Firearms due (respondent)',
  FIREARM_RECEIPT: 'Firearm receipt due (respondent)',
  OPPOSITION_DEADLINE: 'Opposition due',
};

// `neutral` (and every alarm, which lock screens show): plain words for the kind of act that
// tell someone nearby nothing about the kind of case — no order type, statute or form.
const NEUTRAL_LABELS: Record<DeadlineKind, string> = {
  EPO_EXPIRES: 'Ends',
  HEARING_LATEST: 'Court date needed by',
  HEARING_LATEST_GOOD_CAUSE: 'Court date needed by (extended)',
  HEARING: 'Court date',
  TRO_EXPIRES: 'Ends',
  SERVICE_DEADLINE: 'Papers due',
  ORDER_EXPIRES: 'Ends',
  RENEWAL_WINDOW_OPENS: 'Filing opens',
  RENEWAL_DEADLINE: 'File by',
  FIREARM_RELINQUISHMENT: "Other side's deadline",
  FIREARM_RECEIPT: "Other side's proof due",
  OPPOSITION_DEADLINE: 'Response due',
};

// `neutral` descriptions: what the date means, in the same plain words.
const NEUTRAL_MEANING: Record<DeadlineKind, string> = {
  EPO_EXPIRES: 'Ends on this day.',
  HEARING_LATEST: 'The court date must be on or before this day.',
  HEARING_LATEST_GOOD_CAUSE:
    'If the court allows more time, the court date must be on or before this day.',
  HEARING: 'Court date. Be at court on time.',
  TRO_EXPIRES: 'Ends on this day.',
  SERVICE_DEADLINE: 'Last day for the papers to be delivered.',
  ORDER_EXPIRES: 'Ends on this day.',
  RENEWAL_WINDOW_OPENS: 'From this day the papers can be filed.',
  RENEWAL_DEADLINE: 'Last day to file the papers.',
  FIREARM_RELINQUISHMENT: 'Last day for the other side to do what the court ordered.',
  FIREARM_RECEIPT: 'Last day for the other side to file proof with the court.',
  OPPOSITION_DEADLINE: 'Last day to file a response.',
};

export const BUSY_SUMMARY = 'Court deadline';

/** How sure the date is, in words (the deadline's machine-readable basis in brackets). */
const BASIS_WORDS: Record<FeedEntryDetails['basis'], string> = {
  statute: 'statute (the statute says it) [statute]',
  form: 'form (a Judicial Council form says it) [form]',
  interpretation:
    'interpretation (a reading Orderly chose where the law is open; see below) [interpretation]',
  unverified: 'unverified (a secondary source only; see below) [unverified]',
};
const DISCLAIMER =
  'Computed by Orderly. Not legal advice: a date the court writes on an order overrides the computed one.';
const NEUTRAL_DISCLAIMER = 'Computed by Orderly: a date the court writes overrides it.';

/** An expiry is shown on its last day; the time it ends (if it has one) is in its title. */
const isExpiry = (entry: FeedEntry): boolean => natureOf(entry.kind) === 'expiry';
const endsAt = (entry: FeedEntry): string | null =>
  isExpiry(entry) && entry.at !== null ? clockTime(courtTimeOf(Date.parse(entry.at)).time) : null;

/** "Papers due", "Ends 11:59 p.m.", "Restraining order ends 11:59 p.m.". */
function label(entry: FeedEntry, labels: Record<DeadlineKind, string>): string {
  const time = endsAt(entry);
  return time === null ? labels[entry.kind] : `${labels[entry.kind]} ${time}`;
}

/** What happened to a met or superseded deadline, as a short note (titles) and a sentence. */
function statusWords(
  entry: FeedEntry,
  details: FeedEntryDetails,
): { note: string; sentence: string } | null {
  const nature = natureOf(entry.kind);
  switch (entry.status) {
    case 'OPEN':
      return null;
    case 'MET':
      switch (nature) {
        case 'act':
          return { note: 'done', sentence: 'Done.' };
        case 'window':
          return { note: 'filed', sentence: 'Filed.' };
        case 'expiry':
          return {
            note: 'next order granted in time',
            sentence: 'The next order was granted before this one ended.',
          };
      }
      break;
    case 'SUPERSEDED':
      switch (details.supersededBy) {
        case 'ORDER_AFTER_HEARING':
          return {
            note: 'replaced by the order after hearing',
            sentence: 'Replaced by the order after hearing.',
          };
        case 'ORDER_RENEWED':
          return {
            note: 'renewed without an end date',
            sentence: 'Renewed without an end date: this date no longer applies.',
          };
        case 'ORDER_TERMINATED':
          return { note: 'ended by the court', sentence: 'Ended by the court.' };
        case null:
          return nature === 'act'
            ? {
                note: 'no longer needed',
                sentence: 'No longer needed: it no longer follows from the case.',
              }
            : {
                note: 'no longer applies',
                sentence: 'No longer applies: it no longer follows from the case.',
              };
      }
  }
}

/** What a `busy` event says: "Court deadline" in the clinic's feeds; a petitioner's own words in theirs. */
export interface BusyWords {
  summary: string;
  /** An alarm's text, from how far ahead it rings in English ("tomorrow"). */
  alarm: (when: string) => string;
}

const CLINIC_BUSY: BusyWords = {
  summary: BUSY_SUMMARY,
  alarm: (when) => `${BUSY_SUMMARY} ${when}`,
};

function summaryOf(
  entry: FeedEntry,
  details: FeedEntryDetails,
  privacy: FeedPrivacy,
  busy: BusyWords,
): string {
  if (privacy === 'busy') return busy.summary;
  const number =
    privacy === 'full' && entry.case.courtCaseNumber !== null
      ? ` (${entry.case.courtCaseNumber})`
      : '';
  const status = statusWords(entry, details);
  const labels = privacy === 'full' ? FULL_LABELS : NEUTRAL_LABELS;
  return `${label(entry, labels)} — case ${entry.case.reference}${number}${status ? ` (${status.note})` : ''}`;
}

function descriptionOf(
  entry: FeedEntry,
  details: FeedEntryDetails,
  privacy: FeedPrivacy,
): string | undefined {
  if (privacy === 'busy') return undefined;
  const status = statusWords(entry, details);
  if (privacy === 'neutral') {
    const time = endsAt(entry);
    const meaning = time === null ? NEUTRAL_MEANING[entry.kind] : `Ends at ${time} on this day.`;
    return [
      meaning,
      ...(status ? [status.sentence] : []),
      `Case ${entry.case.reference}.`,
      '',
      NEUTRAL_DISCLAIMER,
    ].join('\n');
  }
  const lines: string[] = [];
  if (status) lines.push(status.sentence, '');
  const c = entry.case;
  lines.push(`Court: ${courtName(c.court)}`);
  if (c.courtCaseNumber !== null) lines.push(`Court case number: ${c.courtCaseNumber}`);
  if (c.petitionerLabel !== null) lines.push(`Petitioner: ${c.petitionerLabel}`);
  if (c.respondentLabel !== null) lines.push(`Respondent: ${c.respondentLabel}`);
  lines.push('');
  lines.push(`Rule: ${details.ruleId}`, `Citation: ${details.citation}`);
  lines.push(`Basis: ${BASIS_WORDS[details.basis]}`);
  if (details.dutyOf !== null) lines.push(`Whose act: the ${details.dutyOf.toLowerCase()}'s`);
  lines.push('');
  for (const step of details.explanation) lines.push(`- ${step}`);
  if (details.interpretation !== null) lines.push('', `Interpretation: ${details.interpretation}`);
  lines.push('', DISCLAIMER);
  return lines.join('\n');
}

/**
 * Lock screens show alarm text to anyone nearby: at every level but `busy`, the neutral words
 * and the case reference — never the kind of order, a case number or a party label.
 */
function alarmText(entry: FeedEntry, privacy: FeedPrivacy, when: string, busy: BusyWords): string {
  if (privacy === 'busy') return busy.alarm(when);
  return `${label(entry, NEUTRAL_LABELS)} — case ${entry.case.reference}: ${when}`;
}

/** ical-generator writes LAST-MODIFIED (and more) after the VALARMs; RFC 5545 wants properties first. */
function alarmsLast(vevent: string): string {
  const first = vevent.indexOf('BEGIN:VALARM\r\n');
  if (first === -1) return vevent;
  const endMarker = 'END:VALARM\r\n';
  const last = vevent.lastIndexOf(endMarker) + endMarker.length;
  const closing = vevent.lastIndexOf('END:VEVENT\r\n');
  return (
    vevent.slice(0, first) +
    vevent.slice(last, closing) +
    vevent.slice(first, last) +
    vevent.slice(closing)
  );
}

// The parent ical-generator needs for each event. It must never get a time zone (see above).
const parent = new ICalCalendar();

const utcMidnight = (date: string): Date => new Date(`${date}T00:00:00.000Z`);

/**
 * Whether a deadline is a timed event: a hearing with a time. An expiry is an all-day event on
 * its last day (the time it ends is in its title), so no calendar shows it as a zero-length
 * meeting at 23:59:59.
 */
export function isTimed(kind: DeadlineKind, hasTime: boolean): boolean {
  return hasTime && natureOf(kind) !== 'expiry';
}

/** One VEVENT, folded, ending in CRLF. */
export function renderEvent(
  entry: FeedEntry,
  details: FeedEntryDetails,
  privacy: FeedPrivacy,
  /** At `busy`, what the event and its alarms say instead of "Court deadline". */
  busy: BusyWords = CLINIC_BUSY,
): string {
  const updatedAt = new Date(entry.updatedAt);
  const data: ICalEventData = {
    id: `${entry.id}@${UID_DOMAIN}`,
    start: utcMidnight(entry.date),
    sequence: entry.revision,
    stamp: updatedAt,
    lastModified: updatedAt,
    summary: summaryOf(entry, details, privacy, busy),
    status: entry.status === 'SUPERSEDED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // Only a hearing takes the advocate's time; deadlines and expiries are markers.
    transparency:
      entry.kind === 'HEARING' ? ICalEventTransparency.OPAQUE : ICalEventTransparency.TRANSPARENT,
  };
  const description = descriptionOf(entry, details, privacy);
  if (description !== undefined) data.description = description;
  if (privacy !== 'busy') data.class = ICalEventClass.PRIVATE;
  if (isTimed(entry.kind, entry.at !== null)) {
    const start = Date.parse(entry.at!);
    data.timezone = COURT_TIME_ZONE;
    data.start = new TZDate(start, COURT_TIME_ZONE);
    // A hearing blocks an hour (the court does not say how long).
    data.end = new TZDate(start + 3_600_000, COURT_TIME_ZONE);
  } else {
    data.allDay = true;
    data.end = new Date(utcMidnight(entry.date).getTime() + 86_400_000);
  }
  const event = new ICalEvent(data, parent);
  if (entry.status === 'OPEN') {
    for (const alarm of alarmsFor(entry, details)) {
      event
        .createAlarm({
          type: ICalAlarmType.display,
          trigger: alarm.secondsBefore,
          description: alarmText(entry, privacy, alarm.when, busy),
        })
        // Set after creation: ical-generator 10 ignores `relatesTo` in the constructor's data,
        // and relates a trigger after the start to the event's END unless told otherwise.
        .relatesTo(ICalAlarmRelatesTo.start);
    }
  }
  return foldLines(alarmsLast(event.toString()));
}

let vtimezone: string | undefined;
/** America/Los_Angeles as a VTIMEZONE component, folded, ending in CRLF. */
export function courtVtimezone(): string {
  if (vtimezone === undefined) {
    const text = getVtimezoneComponent(COURT_TIME_ZONE);
    if (!text) throw new Error(`no VTIMEZONE for ${COURT_TIME_ZONE}`);
    vtimezone = foldLines(text.trim().split(/\r?\n/).join('\r\n')) + '\r\n';
  }
  return vtimezone;
}

/** X-WR-CALNAME: never a person's name; at busy not even the case reference. */
export function calendarName(
  privacy: FeedPrivacy,
  scope: FeedScope,
  caseReference: string | null,
): string {
  if (privacy === 'busy') return 'Orderly — court deadlines';
  switch (scope) {
    case 'CASE':
      return `Orderly — case ${caseReference ?? ''}`;
    case 'ADVOCATE':
      return 'Orderly — assigned cases';
    case 'ORGANIZATION':
      return 'Orderly — all cases';
  }
}

const heads = new Map<string, string>();
/**
 * The calendar's own properties (BEGIN:VCALENDAR … X-PUBLISHED-TTL), folded, ending in CRLF.
 * The name is TEXT, escaped as RFC 5545 §3.3.11 says; `VALUE=TEXT` is written out because an
 * X- property's type is otherwise unknown to parsers (ical.js then shows `\;` and `\n`).
 */
export function calendarHead(name: string, product = 'Orderly court deadlines'): string {
  const key = `${product}\n${name}`;
  let head = heads.get(key);
  if (head === undefined) {
    const text = new ICalCalendar({
      prodId: { company: 'Orderly', product, language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
      scale: 'gregorian',
      ttl: REFRESH_SECONDS,
    }).toString();
    const escaped = escape(name, false);
    const nameLines = `NAME;VALUE=TEXT:${escaped}\r\nX-WR-CALNAME;VALUE=TEXT:${escaped}\r\n`;
    const properties = text.slice(0, text.lastIndexOf('END:VCALENDAR'));
    // After METHOD, where ical-generator itself would put the name.
    const at = properties.indexOf('REFRESH-INTERVAL');
    head =
      foldLines(
        (at === -1
          ? properties + nameLines
          : properties.slice(0, at) + nameLines + properties.slice(at)
        ).replace(/\r\n$/, ''),
      ) + '\r\n';
    if (heads.size > 1_000) heads.clear();
    heads.set(key, head);
  }
  return head;
}

const END = Buffer.from('END:VCALENDAR\r\n');

/**
 * A whole calendar (UTF-8) from rendered events in the order given. Events are kept as UTF-8
 * bytes, so a 10,000-event calendar is one memory copy, not a string join and re-encoding.
 * `product` names the program in PRODID (a petitioner's file: no word about courts).
 */
export function assembleCalendar(
  name: string,
  events: readonly Buffer[],
  timed: boolean,
  options: { product?: string } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from(calendarHead(name, options.product))];
  if (timed) parts.push(Buffer.from(courtVtimezone()));
  for (const event of events) parts.push(event);
  parts.push(END);
  return Buffer.concat(parts);
}

let fingerprint: string | undefined;
/**
 * A digest of how this code renders: every kind, timed and all-day, in every status and at
 * every privacy level, plus the calendar's head and VTIMEZONE. Part of every ETag, so a
 * deployment that changes what feeds say never answers 304 to a calendar rendered before it.
 */
export function renderFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    const details: FeedEntryDetails = {
      ruleId: 'RULE',
      citation: 'Citation § 1',
      basis: 'interpretation',
      dutyOf: 'RESPONDENT',
      explanation: ['Step one.', 'Step two.'],
      interpretation: 'Interpretation.',
      lastCourtDayOnOrBefore: '2030-01-04',
      supersededBy: 'ORDER_AFTER_HEARING',
    };
    const sample: FeedCase = {
      reference: 'REF',
      court: 'CA',
      courtCaseNumber: 'NUMBER',
      petitionerLabel: 'P',
      respondentLabel: 'R',
    };
    for (const kind of DEADLINE_KINDS)
      for (const status of DEADLINE_STATUSES)
        for (const at of [null, '2030-01-07T16:30:00-08:00'])
          for (const privacy of FEED_PRIVACY_LEVELS)
            hash.update(
              renderEvent(
                {
                  id: '00000000-0000-7000-8000-000000000000',
                  caseId: '00000000-0000-7000-8000-000000000001',
                  kind,
                  date: '2030-01-07',
                  at,
                  status,
                  revision: 1,
                  updatedAt: '2030-01-01T00:00:00.000Z',
                  case: sample,
                },
                details,
                privacy,
              ),
            );
    hash.update(assembleCalendar('Orderly', [], true));
    fingerprint = hash.digest('base64url').slice(0, 16);
  }
  return fingerprint;
}

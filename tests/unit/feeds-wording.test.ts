// What calendar events say (issue 13): `neutral` is lock-screen safe — plain words and the
// clinic's reference, no statute, form or order type; legal detail is only in `full`; an expiry
// is an all-day event on its last day with the time in the title; a TRO replaced by the order
// after hearing says so; the calendar's name is escaped so parsers read it back as typed.
import { describe, expect, it } from 'vitest';
import { DEADLINE_KINDS, DEADLINE_STATUSES } from '../../src/engine/index.js';
import { alarmsFor } from '../../src/feeds/alarms.js';
import type { FeedEntry, FeedEntryDetails, FeedPrivacy } from '../../src/db/feeds.js';
import { assembleCalendar, calendarName, renderEvent } from '../../src/feeds/render.js';
import { parseWithIcalJs, parseWithPython, rfc5545Problems, unfold } from '../support/ical.js';

const details = (overrides: Partial<FeedEntryDetails> = {}): FeedEntryDetails => ({
  ruleId: 'DV.EPO.EXPIRY',
  citation: 'Fam. Code § 6256; Pen. Code § 646.91',
  basis: 'statute',
  dutyOf: null,
  explanation: ['EPO issued (EPO-001) Fri 2027-01-15 at 09:00.', 'Fam. Code § 6256: …'],
  interpretation: 'Close of judicial business is read as 16:00 (DV-110 says nothing).',
  lastCourtDayOnOrBefore: '2027-01-22',
  supersededBy: null,
  ...overrides,
});

function entry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    id: '01a20768-6388-7688-bda5-6a3f8f6c21a3',
    caseId: '01a20768-6300-76c9-95ba-fc87059ee520',
    kind: 'SERVICE_DEADLINE',
    date: '2027-02-17',
    at: null,
    status: 'OPEN',
    revision: 2,
    updatedAt: '2026-11-23T07:56:51.123Z',
    case: {
      reference: '2025-014',
      court: 'CA-los-angeles',
      courtCaseNumber: '25STRO01234',
      petitionerLabel: 'Petitioner Zed',
      respondentLabel: 'Respondent Quill',
    },
    ...overrides,
  };
}

const calendar = (
  entries: { entry: FeedEntry; details?: FeedEntryDetails }[],
  privacy: FeedPrivacy,
): string =>
  assembleCalendar(
    calendarName(privacy, 'CASE', entries[0]?.entry.case.reference ?? null),
    entries.map((e) => Buffer.from(renderEvent(e.entry, e.details ?? details(), privacy))),
    entries.some((e) => e.entry.kind === 'HEARING' && e.entry.at !== null),
  ).toString('utf8');

const epo = (at: string, date = at.slice(0, 10)) => entry({ kind: 'EPO_EXPIRES', date, at });

/** Words that tell a reader nearby this is a restraining order, or cite the law. */
const LEGAL =
  /§|\bCode\b|\bCCP\b|\bCRC\b|\b(DV|CH|WV|SV|EA|GV|EPO)-\d|\bEPO\b|\bTRO\b|restrain|protective|emergency|Fam\.|Pen\.|statute|petition|respondent|abuse|violence/i;

describe('neutral titles and descriptions', () => {
  it.each([
    ['HEARING', 'Court date — case 2025-014'],
    ['SERVICE_DEADLINE', 'Papers due — case 2025-014'],
    ['RENEWAL_DEADLINE', 'File by — case 2025-014'],
    ['RENEWAL_WINDOW_OPENS', 'Filing opens — case 2025-014'],
    ['HEARING_LATEST', 'Court date needed by — case 2025-014'],
  ] as const)('%s reads "%s"', (kind, summary) => {
    const [event] = parseWithIcalJs(calendar([{ entry: entry({ kind }) }], 'neutral')).events;
    expect(event!.summary).toBe(summary);
  });

  it('carry no statute, form number or order type, for any kind or status (alarms included)', () => {
    const entries = DEADLINE_KINDS.flatMap((kind, k) =>
      DEADLINE_STATUSES.map((status, s) => ({
        entry: entry({
          id: `01a20768-63c1-769e-ab36-${String(k * 10 + s).padStart(12, '0')}`,
          kind,
          status,
          at: kind.endsWith('_EXPIRES') ? '2027-02-17T16:00:00-08:00' : null,
        }),
        details: details({ supersededBy: status === 'SUPERSEDED' ? 'ORDER_TERMINATED' : null }),
      })),
    );
    const text = calendar(entries, 'neutral');
    expect(rfc5545Problems(text)).toEqual([]);
    for (const line of unfold(text).filter((l) => /^(SUMMARY|DESCRIPTION|X-WR-CALNAME)/.test(l)))
      expect(line).not.toMatch(LEGAL);
    expect(text).not.toContain('DV.EPO.EXPIRY');
    expect(text).not.toContain('Interpretation');
  });

  it('full keeps the legal detail: rule, citation, explanation, interpretation', () => {
    const [event] = parseWithIcalJs(calendar([{ entry: entry() }], 'full')).events;
    expect(event!.summary).toBe('Service deadline — case 2025-014 (25STRO01234)');
    expect(event!.description).toContain('Rule: DV.EPO.EXPIRY');
    expect(event!.description).toContain('Citation: Fam. Code § 6256');
    expect(event!.description).toContain('EPO issued (EPO-001)');
    expect(event!.description).toContain('Interpretation: Close of judicial business');
  });
});

describe('expiries', () => {
  it('are all-day events on their last day with the time in the title, read alike by ical.js and python-icalendar', () => {
    const text = calendar(
      [
        // Ends at the end of Sunday 2026-11-01, the night DST ends.
        { entry: epo('2026-11-01T23:59:59-08:00') },
        {
          entry: entry({
            id: '01a20768-63c1-769e-ab36-25b2e1bbf6f4',
            kind: 'ORDER_EXPIRES',
            date: '2030-02-05',
            at: '2030-02-05T23:59:59-08:00',
          }),
        },
        {
          entry: entry({
            id: '01a20768-63c1-769e-ab36-25b2e1bbf6f5',
            kind: 'TRO_EXPIRES',
            date: '2027-02-09',
            at: '2027-02-09T16:00:00-08:00',
          }),
        },
      ],
      'full',
    );
    expect(rfc5545Problems(text)).toEqual([]);
    expect(text).toContain('DTSTART;VALUE=DATE:20261101\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20261102\r\n');
    expect(text).not.toContain('T235959');
    expect(text).not.toContain('VTIMEZONE');
    const js = parseWithIcalJs(text).events;
    const py = parseWithPython(text);
    expect(py.errors).toEqual([]);
    const read = (events: { start: string; allDay: boolean; summary: string }[]) =>
      events.map((e) => [e.start, e.allDay, e.summary]);
    expect(read(js)).toEqual([
      [
        '2026-11-01',
        true,
        'Emergency protective order ends 11:59 p.m. — case 2025-014 (25STRO01234)',
      ],
      ['2030-02-05', true, 'Restraining order ends 11:59 p.m. — case 2025-014 (25STRO01234)'],
      [
        '2027-02-09',
        true,
        'Temporary restraining order ends 4:00 p.m. — case 2025-014 (25STRO01234)',
      ],
    ]);
    expect(read(py.events)).toEqual(read(js));
  });

  it('neutral: "Ends 11:59 p.m." and the reference; a DV TRO lasting until the hearing has no time', () => {
    const text = calendar(
      [
        { entry: epo('2027-01-22T23:59:59-08:00') },
        {
          entry: entry({
            id: '01a20768-63c1-769e-ab36-25b2e1bbf6f4',
            kind: 'TRO_EXPIRES',
            date: '2027-02-05',
          }),
        },
      ],
      'neutral',
    );
    expect(parseWithIcalJs(text).events.map((e) => e.summary)).toEqual([
      'Ends 11:59 p.m. — case 2025-014',
      'Ends — case 2025-014',
    ]);
  });

  it('keep their alarms at 09:00, and none at or after the instant they end', () => {
    // Sunday 2027-02-21 at 23:59:59; the last court day before is Friday the 19th.
    const sunday = alarmsFor(
      epo('2027-02-21T23:59:59-08:00'),
      details({ lastCourtDayOnOrBefore: '2027-02-19' }),
    );
    expect(sunday.map((a) => a.secondsBefore)).toEqual([
      3 * 86_400 - 9 * 3_600,
      2 * 86_400 - 9 * 3_600,
    ]);
    // Ends at 08:00 on a court day: 09:00 that day would be too late; the day before stays.
    const early = alarmsFor(
      epo('2027-02-19T08:00:00-08:00'),
      details({ lastCourtDayOnOrBefore: '2027-02-19' }),
    );
    expect(early.map((a) => a.secondsBefore)).toEqual([86_400 - 9 * 3_600]);
  });
});

describe('met and superseded', () => {
  it('a TRO replaced by the order after hearing reads so, in neutral and full; not "(cancelled)"', () => {
    for (const privacy of ['neutral', 'full'] as const) {
      const text = calendar(
        [
          {
            entry: entry({ kind: 'TRO_EXPIRES', date: '2027-02-05', status: 'SUPERSEDED' }),
            details: details({ supersededBy: 'ORDER_AFTER_HEARING' }),
          },
        ],
        privacy,
      );
      const [event] = parseWithIcalJs(text).events;
      expect(event!.summary, privacy).toMatch(/\(replaced by the order after hearing\)$/);
      expect(event!.status).toBe('CANCELLED');
      expect(text).not.toContain('(cancelled)');
      expect(event!.description, privacy).toContain('Replaced by the order after hearing');
    }
  });

  it('a done act reads "(done)"', () => {
    const [event] = parseWithIcalJs(
      calendar([{ entry: entry({ status: 'MET' }) }], 'neutral'),
    ).events;
    expect(event!.summary).toBe('Papers due — case 2025-014 (done)');
  });
});

describe('the calendar name', () => {
  it('is escaped as RFC 5545 says and read back as typed by ical.js and python-icalendar', () => {
    const reference = 'A;B,C\\D';
    const text = calendar([{ entry: entry({ case: { ...entry().case, reference } }) }], 'neutral');
    expect(text).toContain('X-WR-CALNAME;VALUE=TEXT:Orderly — case A\\;B\\,C\\\\D\r\n');
    expect(parseWithIcalJs(text).name).toBe('Orderly — case A;B,C\\D');
    expect(parseWithPython(text).name).toBe('Orderly — case A;B,C\\D');
  });
});

// The feed renderer without a database: folding (byte-for-byte what ical-generator does, but
// fast), time zones that do not depend on the machine's, alarms per kind, escaping of what a
// clinic types, the caches' bounds.
import fc from 'fast-check';
import { foldLines as icalGeneratorFoldLines } from 'ical-generator';
import { afterEach, describe, expect, it } from 'vitest';
import { alarmsFor, alarmRules } from '../../src/feeds/alarms.js';
import { foldLines } from '../../src/feeds/fold.js';
import { SizeBoundedLru } from '../../src/feeds/lru.js';
import type { FeedEntry, FeedEntryDetails, FeedPrivacy } from '../../src/db/feeds.js';
import {
  assembleCalendar,
  calendarName,
  renderEvent,
  renderFingerprint,
} from '../../src/feeds/render.js';
import { DEADLINE_KINDS, DEADLINE_STATUSES } from '../../src/engine/index.js';
import { ifNoneMatchHits } from '../../src/services/feeds.js';
import { parseWithIcalJs, parseWithPython, rfc5545Problems, unfold } from '../support/ical.js';

const details: FeedEntryDetails = {
  ruleId: 'DV.SERVICE',
  citation: 'Fam. Code § 243(a),(b); CCP § 12c',
  basis: 'statute',
  dutyOf: null,
  explanation: [
    'Hearing on Mon 2027-02-22.',
    'Counting back 5 days from the hearing, which is not counted (CCP § 12c(a)): Wed 2027-02-17, a court day.',
  ],
  interpretation: null,
  lastCourtDayOnOrBefore: '2027-02-19',
  supersededBy: null,
};

function entry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    id: '01a20768-6388-7688-bda5-6a3f8f6c21a3',
    caseId: '01a20768-6300-76c9-95ba-fc87059ee520',
    kind: 'SERVICE_DEADLINE',
    date: '2027-02-17',
    at: null,
    status: 'OPEN',
    revision: 1,
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

const calendar = (entries: FeedEntry[], privacy: FeedPrivacy = 'neutral'): string =>
  assembleCalendar(
    calendarName(privacy, 'CASE', entries[0]?.case.reference ?? null),
    entries.map((e) => Buffer.from(renderEvent(e, details, privacy))),
    entries.some((e) => e.at !== null),
  ).toString('utf8');

describe('foldLines', () => {
  it('matches ical-generator byte for byte on arbitrary text (any Unicode, lone surrogates too)', () => {
    const line = fc.string({ unit: 'binary', maxLength: 400 });
    const grapheme = fc.string({ unit: 'grapheme', maxLength: 300 });
    const text = fc
      .array(fc.oneof(line, grapheme, fc.constantFrom('—', '§', '𝄞', 'é', 'x'.repeat(74))), {
        maxLength: 6,
      })
      .map((lines) => lines.join('\r\n'));
    fc.assert(
      fc.property(text, (input) => {
        expect(foldLines(input)).toBe(icalGeneratorFoldLines(input));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps every physical line within 75 octets, and unfolding gives the input back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (input) => {
        const line = input.replace(/[\r\n]/g, '');
        const folded = foldLines(line);
        for (const physical of folded.split('\r\n'))
          expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('rendered events', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('are the same text whatever the machine time zone (all-day dates do not slide, TZID times do not shift)', () => {
    const entries = [
      entry(),
      entry({
        id: '01a20768-63a5-778a-953c-b38fe3003fb9',
        kind: 'HEARING',
        date: '2027-03-15',
        at: '2027-03-15T08:30:00-07:00',
      }),
      entry({
        id: '01a20768-63c1-769e-ab36-25b2e1bbf6f4',
        kind: 'EPO_EXPIRES',
        date: '2026-11-01',
        at: '2026-11-01T23:59:59-08:00',
      }),
    ];
    const seen = new Set<string>();
    for (const tz of ['America/Los_Angeles', 'UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      process.env.TZ = tz;
      seen.add(calendar(entries));
    }
    expect(seen.size).toBe(1);
    const text = [...seen][0]!;
    expect(text).toContain('DTSTART;VALUE=DATE:20270217\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20270218\r\n');
    expect(text).toContain('DTSTART;TZID=America/Los_Angeles:20270315T083000\r\n');
    expect(text).toContain('DTEND;TZID=America/Los_Angeles:20270315T093000\r\n');
    // An expiry at 23:59:59 the night DST ends is an all-day event on its last day.
    expect(text).toContain('DTSTART;VALUE=DATE:20261101\r\n');
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    const parsed = parseWithIcalJs(text);
    expect(parsed.events.map((e) => e.start)).toEqual([
      '2027-02-17',
      '2027-03-15T15:30:00.000Z',
      '2026-11-01',
    ]);
    expect(parseWithPython(text).events.map((e) => e.start)).toEqual([
      '2027-02-17',
      '2027-03-15T15:30:00.000Z',
      '2026-11-01',
    ]);
    expect(rfc5545Problems(text)).toEqual([]);
  });

  it('have no VTIMEZONE when nothing is timed', () => {
    const text = calendar([entry()]);
    expect(text).not.toContain('VTIMEZONE');
    expect(rfc5545Problems(text)).toEqual([]);
  });

  it('put every property before the VALARMs (ical-generator writes LAST-MODIFIED after them)', () => {
    const text = renderEvent(entry(), details, 'neutral');
    const lines = unfold(text + 'END:VCALENDAR\r\n');
    const firstAlarm = lines.indexOf('BEGIN:VALARM');
    expect(firstAlarm).toBeGreaterThan(0);
    expect(lines.slice(0, firstAlarm).some((l) => l.startsWith('LAST-MODIFIED:'))).toBe(true);
    expect(
      lines.slice(firstAlarm).filter((l) => !/^(BEGIN|END|ACTION|TRIGGER|DESCRIPTION)[:;]/.test(l)),
    ).toEqual([]);
  });

  it('are valid for every kind, status and privacy level, by both parsers and our own rules', () => {
    for (const privacy of ['busy', 'neutral', 'full'] as const) {
      const entries = DEADLINE_KINDS.flatMap((kind, k) =>
        DEADLINE_STATUSES.flatMap((status, s) =>
          [null, '2027-04-05T17:00:00-07:00'].map((at, t) =>
            entry({
              id: `01a20768-63c1-769e-ab36-${String(k * 100 + s * 10 + t).padStart(12, '0')}`,
              kind,
              status,
              at,
              date: '2027-04-05',
            }),
          ),
        ),
      );
      const text = calendar(entries, privacy);
      expect(rfc5545Problems(text), privacy).toEqual([]);
      const js = parseWithIcalJs(text);
      const py = parseWithPython(text);
      expect(py.errors).toEqual([]);
      expect(js.events).toHaveLength(entries.length);
      expect(py.events.map((e) => e.uid)).toEqual(js.events.map((e) => e.uid));
      // Cancelled and met deadlines do not ring.
      for (const e of js.events) {
        if (e.status === 'CANCELLED') expect(e.alarms).toEqual([]);
        expect(e.uid).toMatch(/^[0-9a-f-]{36}@orderly$/);
      }
    }
  });

  it('escape what a clinic types into a reference (no property or component can be smuggled in)', () => {
    const reference = 'A;B,C\\D\r\nBEGIN:VEVENT\nSUMMARY:x';
    const tricky = entry({ case: { ...entry().case, reference } });
    const text = calendar([tricky]);
    expect(rfc5545Problems(text)).toEqual([]);
    const parsed = parseWithIcalJs(text);
    expect(parsed.events).toHaveLength(1);
    // X-WR-CALNAME is TEXT (VALUE=TEXT written out): parsers read it back as typed.
    expect(parsed.name).toBe(`Orderly — case ${reference.replace(/\r\n/g, '\n')}`);
    expect(parsed.events[0]!.summary).toBe(`Papers due — case ${reference.replace(/\r\n/g, '\n')}`);
    expect(parseWithPython(text).events).toHaveLength(1);
  });
});

describe('privacy levels', () => {
  const party = ['25STRO01234', 'Petitioner Zed', 'Respondent Quill', 'CA-los-angeles'];

  it('busy: "Court deadline" and nothing else about the case', () => {
    const text = calendar(
      [
        entry(),
        entry({
          id: '01a20768-63c1-769e-ab36-25b2e1bbf6f5',
          kind: 'HEARING',
          at: '2027-02-22T08:30:00-08:00',
        }),
      ],
      'busy',
    );
    for (const secret of [...party, '2025-014', 'Service', 'Hearing', 'Fam. Code'])
      expect(text).not.toContain(secret);
    const parsed = parseWithIcalJs(text);
    expect(parsed.name).toBe('Orderly — court deadlines');
    expect(parsed.events.map((e) => [e.summary, e.description])).toEqual([
      ['Court deadline', null],
      ['Court deadline', null],
    ]);
  });

  it('neutral: the act in plain words and the clinic reference; no party data, no legal detail', () => {
    const text = calendar([entry()], 'neutral');
    for (const secret of party) expect(text).not.toContain(secret);
    const [event] = parseWithIcalJs(text).events;
    expect(event!.summary).toBe('Papers due — case 2025-014');
    expect(event!.description).toContain('Last day for the papers to be delivered.');
    for (const legal of ['DV.SERVICE', 'Fam. Code', 'CCP', 'court day'])
      expect(event!.description).not.toContain(legal);
    expect(text).toContain('CLASS:PRIVATE');
  });

  it('full: adds court, case number and party labels (but alarms, on lock screens, stay neutral)', () => {
    const text = calendar([entry()], 'full');
    const [event] = parseWithIcalJs(text).events;
    expect(event!.summary).toBe('Service deadline — case 2025-014 (25STRO01234)');
    for (const shown of party.slice(0, 3)) expect(event!.description).toContain(shown);
    expect(event!.description).toContain(
      'Court: Superior Court of California, County of Los Angeles',
    );
    const alarms = unfold(text).filter(
      (l) => l.startsWith('DESCRIPTION:') && l.includes('in 3 days'),
    );
    expect(alarms).toEqual(['DESCRIPTION:Papers due — case 2025-014: in 3 days']);
  });
});

describe('alarms', () => {
  it('ring at 09:00 local the given days before an all-day deadline', () => {
    expect(alarmsFor(entry(), details).map((a) => a.secondsBefore)).toEqual([
      3 * 86_400 - 9 * 3_600,
      1 * 86_400 - 9 * 3_600,
    ]);
    const opens = entry({ kind: 'RENEWAL_WINDOW_OPENS' });
    expect(alarmsFor(opens, details).map((a) => a.secondsBefore)).toEqual([-9 * 3_600]);
    expect(renderEvent(opens, details, 'neutral')).toContain('TRIGGER;RELATED=START:PT9H');
  });

  it('for an EPO: 09:00 on the last court day before expiry, and the day before that', () => {
    // Expires Sunday 2027-02-21 at 23:59:59; the last court day before is Friday the 19th.
    const epo = entry({
      kind: 'EPO_EXPIRES',
      date: '2027-02-21',
      at: '2027-02-21T23:59:59-08:00',
    });
    // An expiry is an all-day event on its last day: alarms count from that day's start.
    const alarms = alarmsFor(epo, details);
    expect(alarms.map((a) => a.secondsBefore)).toEqual([
      3 * 86_400 - 9 * 3_600,
      2 * 86_400 - 9 * 3_600,
    ]);
    expect(alarms.map((a) => a.when)).toEqual([
      'the day before the last court day',
      'last court day before it ends',
    ]);
  });

  it('for a timed hearing: a day and two hours before; never after a timed event starts', () => {
    const hearing = entry({ kind: 'HEARING', at: '2027-02-22T08:30:00-08:00' });
    expect(alarmsFor(hearing, details).map((a) => a.secondsBefore)).toEqual([86_400, 7_200]);
    // An EPO the court wrote to end at 08:00 on a court day: 09:00 that day would be too late.
    const early = entry({
      kind: 'EPO_EXPIRES',
      date: '2027-02-19',
      at: '2027-02-19T08:00:00-08:00',
    });
    expect(alarmsFor(early, details).every((a) => a.secondsBefore > 0)).toBe(true);
  });

  it('exist for every kind, and only for OPEN deadlines', () => {
    for (const kind of DEADLINE_KINDS) expect(alarmRules(kind, false).length).toBeGreaterThan(0);
    for (const status of ['MET', 'SUPERSEDED'] as const)
      expect(renderEvent(entry({ status }), details, 'neutral')).not.toContain('VALARM');
  });
});

describe('caches and validators', () => {
  it('the LRU keeps the most recently used entries within its size', () => {
    const lru = new SizeBoundedLru<string>(10);
    lru.set('a', 'aaaa');
    lru.set('b', 'bbbb');
    expect(lru.get('a')).toBe('aaaa');
    lru.set('c', 'cccc'); // evicts b, the least recently used
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('aaaa');
    expect(lru.stats()).toEqual({ entries: 2, size: 8 });
    lru.set('huge', 'x'.repeat(11));
    expect(lru.get('huge')).toBeUndefined();
  });

  it('If-None-Match matches lists, weak forms and *', () => {
    expect(ifNoneMatchHits(undefined, '"a"')).toBe(false);
    expect(ifNoneMatchHits('"b", W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('*', '"a"')).toBe(true);
    expect(ifNoneMatchHits('"ab"', '"a"')).toBe(false);
  });

  it('the render fingerprint is stable within a build', () => {
    expect(renderFingerprint()).toBe(renderFingerprint());
    expect(renderFingerprint()).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

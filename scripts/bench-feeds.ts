// Benchmark of the calendar feeds: the time to serve an organization feed of 1,000 and of
// 10,000 events through the real route (GET /feeds/<token>.ics on the real app listening on
// 127.0.0.1, with its own embedded PostgreSQL) and through the feed service alone, beside a minimal hand-built RFC 5545 string of the same events measured in
// the same run, so the ratios mean something on any machine. A script that prints figures,
// not a test.
//
//   npx tsx scripts/bench-feeds.ts            # 1,000 and 10,000 events
//   npx tsx scripts/bench-feeds.ts 2000       # other sizes
//
// Goal (issue 5): serving ≤ 3× the hand-built string. Printed, for each size:
// - the database reads alone (digest, listing, full rows);
// - rendering alone, from rows already in memory: stock ical-generator (its own folding),
//   Orderly's renderer with nothing cached, and with every event cached;
// - the route end to end: first fetch (nothing cached), after one deadline changed, an
//   unchanged feed (another subscriber, no If-None-Match), and a 304.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ical, { ICalAlarmRelatesTo, ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { loadConfig } from '../src/config.js';
import {
  feedDigest,
  feedEvents,
  feedListing,
  readFeedSnapshot,
  type FeedTarget,
  type FeedWindow,
} from '../src/db/feeds.js';
import { inTransaction } from '../src/db/transaction.js';
import { computeDeadlines, type CaseEvent, type Deadline } from '../src/engine/index.js';
import { alarmsFor } from '../src/feeds/alarms.js';
import type { FeedEntry, FeedEntryDetails } from '../src/db/feeds.js';
import { assembleCalendar, calendarName, renderEvent } from '../src/feeds/render.js';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { openRuntime } from '../src/runtime.js';
import { createFeed } from '../src/services/feeds.js';
import { createOrganization } from '../src/services/organizations.js';

const sizes = process.argv.slice(2).map(Number);
const SIZES = sizes.length > 0 ? sizes : [1_000, 10_000];

/** Median of `runs` timings of `fn` (after one warm-up call), in ms. */
async function median(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

// ---- the baseline: a plain string builder ------------------------------------------------

const text = (s: string): string => s.replace(/[\\;,]/g, (m) => `\\${m}`).replace(/\r?\n/g, '\\n');

// Any line with no character above U+007F.
const ASCII = /^[^\u0080-\uffff]*$/;

/** Folds at 75 octets (continuations 74 + the space), counting UTF-8 by code unit. */
function fold(line: string): string {
  if (line.length <= 25) return line;
  if (ASCII.test(line)) {
    if (line.length <= 75) return line;
    let out = line.slice(0, 75);
    for (let i = 75; i < line.length; i += 74) out += '\r\n ' + line.slice(i, i + 74);
    return out;
  }
  let out = '';
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const w = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c <= 0xdfff ? 0 : 3;
    if (octets + w > 75) {
      out += line.slice(start, i) + '\r\n ';
      start = i;
      octets = 1;
    }
    octets += w;
  }
  return out + line.slice(start);
}

const stamp = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
const basic = (date: string): string => date.replace(/-/g, '');
const nextDay = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function duration(seconds: number): string {
  const sign = seconds < 0 ? '' : '-';
  let s = Math.abs(seconds);
  const d = Math.floor(s / 86_400);
  s %= 86_400;
  const h = Math.floor(s / 3_600);
  s %= 3_600;
  const m = Math.floor(s / 60);
  s %= 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return d === 0 && time === '' ? 'PT0S' : `${sign}P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/** The same events as Orderly's neutral feed says them, by hand: the least serving can cost. */
function handBuilt(
  name: string,
  entries: readonly FeedEntry[],
  details: ReadonlyMap<string, FeedEntryDetails>,
): string {
  let out = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:${text(name)}\r\n`;
  for (const e of entries) {
    const d = details.get(e.id)!;
    out += `BEGIN:VEVENT\r\nUID:${e.id}@orderly\r\nSEQUENCE:${e.revision}\r\nDTSTAMP:${stamp(e.updatedAt)}\r\n`;
    out +=
      e.at === null
        ? `DTSTART;VALUE=DATE:${basic(e.date)}\r\nDTEND;VALUE=DATE:${basic(nextDay(e.date))}\r\n`
        : `DTSTART;TZID=America/Los_Angeles:${basic(e.at.slice(0, 10))}T${e.at.slice(11, 19).replace(/:/g, '')}\r\n`;
    const summary = `${e.kind} — case ${e.case.reference}`;
    out += fold(`SUMMARY:${text(summary)}`) + '\r\n';
    out +=
      fold(
        `DESCRIPTION:${text(`Rule: ${d.ruleId}\nCitation: ${d.citation}\n\n${d.explanation.map((s) => `- ${s}`).join('\n')}`)}`,
      ) + '\r\n';
    out += `STATUS:${e.status === 'SUPERSEDED' ? 'CANCELLED' : 'CONFIRMED'}\r\nLAST-MODIFIED:${stamp(e.updatedAt)}\r\n`;
    if (e.status === 'OPEN') {
      for (const alarm of alarmsFor(e, d)) {
        out += `BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:${duration(alarm.secondsBefore)}\r\n`;
        out += fold(`DESCRIPTION:${text(`${summary}: ${alarm.when}`)}`) + '\r\nEND:VALARM\r\n';
      }
    }
    out += 'END:VEVENT\r\n';
  }
  return out + 'END:VCALENDAR\r\n';
}

/** Stock ical-generator: one calendar, every event, its own toString() (and its own folding). */
function stockIcalGenerator(
  name: string,
  entries: readonly FeedEntry[],
  details: ReadonlyMap<string, FeedEntryDetails>,
): string {
  const calendar = ical({ name, method: ICalCalendarMethod.PUBLISH });
  for (const e of entries) {
    const d = details.get(e.id)!;
    const event = calendar.createEvent({
      id: `${e.id}@orderly`,
      sequence: e.revision,
      stamp: new Date(e.updatedAt),
      lastModified: new Date(e.updatedAt),
      start: new Date(`${e.date}T00:00:00Z`),
      allDay: true,
      summary: `${e.kind} — case ${e.case.reference}`,
      description: `Rule: ${d.ruleId}\nCitation: ${d.citation}\n\n${d.explanation.map((s) => `- ${s}`).join('\n')}`,
    });
    if (e.status === 'OPEN')
      for (const alarm of alarmsFor(e, d))
        event
          .createAlarm({
            type: ICalAlarmType.display,
            trigger: alarm.secondsBefore,
            description: alarm.when,
          })
          .relatesTo(ICalAlarmRelatesTo.start);
  }
  return calendar.toString();
}

// ---- data: real engine output for realistic cases -----------------------------------------

const DAY_MS = 86_400_000;
const dateAfter = (base: string, days: number): string =>
  new Date(Date.parse(`${base}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** A DV case from TRO to order after hearing, around `start`: about 6–9 deadlines. */
function caseEvents(start: string, i: number): CaseEvent[] {
  const events: CaseEvent[] = [
    { type: 'EPO_ISSUED', date: dateAfter(start, -2), time: '22:15' },
    { type: 'TRO_GRANTED', date: start },
    { type: 'HEARING_SET', date: dateAfter(start, 21), time: '08:30' },
  ];
  if (i % 3 === 0) events.push({ type: 'SERVED', date: dateAfter(start, 9), method: 'PERSONAL' });
  if (i % 4 === 0) events.push({ type: 'HEARING_CONTINUED', date: dateAfter(start, 42) });
  if (i % 5 === 0) events.push({ type: 'ORDER_AFTER_HEARING', date: dateAfter(start, 42) });
  return events;
}

// ---- run --------------------------------------------------------------------------------

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orderly-bench-feeds-'));
await fs.chmod(dataDir, 0o755);
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' });
const runtime = await openRuntime(config, createLogger('silent'), {
  embeddedSettings: { fsync: 'off', synchronous_commit: 'off' },
});
const app = await buildApp(runtime);
// A real HTTP server on the loopback interface: what a calendar app's request goes through.
const origin = await app.listen({ host: '127.0.0.1', port: 0 });
const prisma = runtime.db.prisma;

const ms = (n: number): string => `${n.toFixed(1).padStart(8)} ms`;
const row = (label: string, value: number, baseline: number): void =>
  console.log(`  ${label.padEnd(58)} ${ms(value)}   ${(value / baseline).toFixed(2).padStart(6)}×`);

try {
  console.log(
    `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}); medians; ratio = time / hand-built string`,
  );
  for (const size of SIZES) {
    // One organization per size, with engine-computed deadlines for enough cases.
    const { organization } = await inTransaction(runtime.db, (tx) =>
      createOrganization(tx, { name: `Bench ${size}`, now: new Date() }),
    );
    const organizationId = organization.id;
    let inserted = 0;
    for (let i = 0; inserted < size; i++) {
      const start = dateAfter('2027-01-04', (i * 3) % 700);
      const computed: Deadline[] = computeDeadlines({
        family: 'DV',
        court: 'CA-los-angeles',
        events: caseEvents(start, i),
      }).deadlines.slice(0, size - inserted);
      const created = await prisma.case.create({
        data: {
          organizationId,
          family: 'DV',
          court: 'CA-los-angeles',
          reference: `2027-${String(i).padStart(5, '0')}`,
          petitionerLabel: 'Petitioner A',
          respondentLabel: 'Respondent B',
        },
      });
      await prisma.deadline.createMany({
        data: computed.map((d) => ({
          organizationId,
          caseId: created.id,
          key: d.key,
          kind: d.kind,
          date: new Date(`${d.date}T00:00:00Z`),
          at: d.at === undefined ? null : new Date(d.at),
          status: d.status,
          ruleId: d.ruleId,
          citation: d.citation,
          explanation: d.explanation,
          ...(d.advisory !== undefined && {
            advisory: d.advisory as Record<string, string | number | boolean>,
          }),
          interpretation: d.interpretation ?? null,
          basedOn: [],
        })),
      });
      inserted += computed.length;
    }
    await runtime.db.pool.query('ANALYZE');
    const ctx = {
      actor: { organizationId, apiKeyId: null, label: 'bench', scopes: ['admin' as const] },
      requestId: null,
      now: new Date(),
    };
    const { token } = await inTransaction(runtime.db, (tx) =>
      createFeed(tx, ctx, { scope: 'ORGANIZATION', privacy: 'neutral' }),
    );
    const url = `/feeds/${token}.ics`;

    const target: FeedTarget = {
      organizationId,
      scope: 'ORGANIZATION',
      caseId: null,
      advocateId: null,
    };
    const window: FeedWindow = {
      from: '2000-01-01',
      supersededSince: new Date(Date.now() - 30 * DAY_MS),
      openOnly: false,
    };
    const listed = await readFeedSnapshot(runtime.db, (tx) => feedListing(tx, target, window));
    const ids = listed.map((e) => e.id);
    const read = await readFeedSnapshot(runtime.db, (tx) => feedEvents(tx, organizationId, ids));
    const byId = new Map(read.map((e) => [e.entry.id, e]));
    const entries = ids.map((id) => byId.get(id)!.entry);
    const details = new Map(read.map((e) => [e.entry.id, e.details]));
    const name = calendarName('neutral', 'ORGANIZATION', null);
    const runs = size >= 10_000 ? 9 : 21;

    const baseline = await median(runs + 6, () => handBuilt(name, entries, details));
    const bytes = Buffer.byteLength(handBuilt(name, entries, details));

    const digest = await median(runs, () =>
      readFeedSnapshot(runtime.db, (tx) => feedDigest(tx, target, window)),
    );
    const listing = await median(runs, () =>
      readFeedSnapshot(runtime.db, (tx) => feedListing(tx, target, window)),
    );
    const fullRows = await median(runs, () =>
      readFeedSnapshot(runtime.db, (tx) => feedEvents(tx, organizationId, ids)),
    );

    const stock = await median(size >= 10_000 ? 1 : 3, () =>
      stockIcalGenerator(name, entries, details),
    );
    const cold = await median(runs, () =>
      assembleCalendar(
        name,
        entries.map((e) => Buffer.from(renderEvent(e, details.get(e.id)!, 'neutral'))),
        true,
      ),
    );
    const fragments = new Map(
      listed.map((e) => [
        `${e.version}|neutral`,
        Buffer.from(renderEvent(byId.get(e.id)!.entry, byId.get(e.id)!.details, 'neutral')),
      ]),
    );
    const warm = await median(runs, () =>
      assembleCalendar(
        name,
        listed.map((e) => fragments.get(`${e.version}|neutral`)!),
        true,
      ),
    );

    const get = async (headers: Record<string, string> = {}) => {
      const response = await fetch(`${origin}${url}`, { headers });
      const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
      if (response.status !== 200 && response.status !== 304)
        throw new Error(`GET feed: ${response.status} ${body.slice(0, 200)}`);
      return { body, etag: response.headers.get('etag') ?? '' };
    };
    const first = await median(Math.min(runs, 9), async () => {
      runtime.feeds.clearRenderCaches();
      await get();
    });
    const events = (await get()).body.split('BEGIN:VEVENT').length - 1;
    let n = 0;
    const changed = await median(runs, async () => {
      // One deadline moves (as a continuance would move it): new revision, new updatedAt.
      await prisma.deadline.update({
        where: { id: ids[n++ % ids.length]! },
        data: { revision: { increment: 1 } },
      });
      await get();
    });
    const credential = (await runtime.feeds.open(token))!;
    const serviceCold = await median(Math.min(runs, 9), async () => {
      runtime.feeds.clearRenderCaches();
      await runtime.feeds.serve(credential, undefined);
    });
    const serviceChanged = await median(runs, async () => {
      await prisma.deadline.update({
        where: { id: ids[n++ % ids.length]! },
        data: { revision: { increment: 1 } },
      });
      await runtime.feeds.serve(credential, undefined);
    });
    const serviceUnchanged = await median(runs, () => runtime.feeds.serve(credential, undefined));
    const unchanged = await median(runs, () => get());
    const etag = (await get()).etag;
    const notModified = await median(runs, () => get({ 'if-none-match': etag }));

    console.log(
      `\n${size.toLocaleString('en-US')} deadlines → ${events.toLocaleString('en-US')} events, ${(bytes / 1e6).toFixed(1)} MB`,
    );
    row('hand-built RFC 5545 string (baseline)', baseline, baseline);
    console.log('  database (PostgreSQL + Prisma, one snapshot each):');
    row('  digest for the ETag (one aggregate row)', digest, baseline);
    row('  listed deadlines without explanations', listing, baseline);
    row('  full rows (rule, citation, explanation)', fullRows, baseline);
    console.log('  rendering, rows in memory:');
    row('  stock ical-generator (calendar.toString)', stock, baseline);
    row('  Orderly renderer, nothing cached', cold, baseline);
    row('  Orderly renderer, every event cached', warm, baseline);
    console.log('  FeedService.serve (the real feed service, DB included, no HTTP):');
    row('  first fetch, nothing cached', serviceCold, baseline);
    row('  after one deadline changed', serviceChanged, baseline);
    row('  unchanged (calendar cached by ETag)', serviceUnchanged, baseline);
    console.log('  GET /feeds/<token>.ics over HTTP on 127.0.0.1 (the real app, DB included):');
    row('  first fetch, nothing cached', first, baseline);
    row('  after one deadline changed', changed, baseline);
    row('  unchanged, no If-None-Match (another subscriber)', unchanged, baseline);
    row('  If-None-Match → 304', notModified, baseline);
  }
} finally {
  await app.close();
  await runtime.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}

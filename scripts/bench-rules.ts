// Benchmark of the deadline engine: court-day lookups and full DV-lifecycle timelines
// (with explanations) per second, each beside a baseline measured in the same run so
// the ratio means something on any machine. A script that prints figures, not a test.
//
//   npx tsx scripts/bench-rules.ts
//
// Goal (issue 3): >= 100,000 full DV-lifecycle timelines per second on one core.

import { performance } from 'node:perf_hooks';
import { isCourtDayNumber } from '../src/engine/calendar.js';
import { DEFAULT_CALENDAR_SOURCE } from '../src/engine/calendar-data.js';
import {
  computeDeadlines,
  createCourtCalendars,
  defaultCourtCalendars,
  isCourtDay,
  judicialHolidays,
  SUPPORTED_YEARS,
  type CaseEvent,
  type ComputeInput,
} from '../src/engine/index.js';

const DAY_MS = 86_400_000;
const toDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Runs `fn` repeatedly for about `ms` milliseconds; returns calls per second (median of 5 runs). */
function rate(fn: (i: number) => number, ms = 400): { perSecond: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += fn(i); // warm-up (JIT)
  const rates: number[] = [];
  for (let run = 0; run < 5; run++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < 1000; i++) sink += fn(calls + i);
      calls += 1000;
      elapsed = performance.now() - start;
    }
    rates.push((calls / elapsed) * 1000);
  }
  rates.sort((a, b) => a - b);
  return { perSecond: rates[2] ?? 0, sink };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(13);
}

function line(label: string, ours: number, baseline: number, baselineLabel: string): void {
  console.log(
    `${label.padEnd(44)} ${fmt(ours)}/s   baseline ${baselineLabel.padEnd(34)} ${fmt(baseline)}/s   ratio ${(ours / baseline).toPrecision(3)}`,
  );
}

// ---- setup -----------------------------------------------------------------------------

const t0 = performance.now();
const fresh = createCourtCalendars(DEFAULT_CALENDAR_SOURCE);
fresh.get('CA');
fresh.get('CA-los-angeles');
const buildMs = performance.now() - t0;

const first = Date.UTC(SUPPORTED_YEARS.from, 0, 1);
const last = Date.UTC(SUPPORTED_YEARS.to, 11, 31);
const span = (last - first) / DAY_MS + 1;
const N = 4096;
const randomDays: number[] = [];
const randomDates: string[] = [];
let seed = 12345;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
for (let i = 0; i < N; i++) {
  const ms = first + Math.floor(rnd() * span) * DAY_MS;
  randomDates.push(toDate(ms));
  randomDays.push(ms / DAY_MS);
}

// The baseline set: every statewide non-court weekday in the range, as day numbers.
const closed = new Set<number>();
for (let y = SUPPORTED_YEARS.from; y <= SUPPORTED_YEARS.to; y++)
  for (const h of judicialHolidays(y)) closed.add(dayNumber(h.date));

// ---- court-day lookups ------------------------------------------------------------------

const cal = defaultCourtCalendars.get('CA');
const setLookup = rate((i) => (closed.has(randomDays[i & (N - 1)] as number) ? 1 : 0));
const numeric = rate((i) => (isCourtDayNumber(cal, randomDays[i & (N - 1)] as number) ? 1 : 0));
const publicApi = rate((i) => (isCourtDay(randomDates[i & (N - 1)] as string) ? 1 : 0));

// ---- full DV lifecycle timelines -----------------------------------------------------------

/** The 11-event DV timeline of tests/engine/lifecycle-dv.test.ts, shifted by `k` days. */
function timeline(k: number): ComputeInput {
  const base = Date.UTC(2025, 10, 29) + k * DAY_MS;
  const at = (offset: number): string => toDate(base + offset * DAY_MS);
  const events: CaseEvent[] = [
    { id: 'epo', type: 'EPO_ISSUED', date: at(0), time: '22:15' },
    { id: 'petition', type: 'PETITION_FILED', date: at(2) },
    { id: 'tro', type: 'TRO_GRANTED', date: at(2) },
    { id: 'hearing', type: 'HEARING_SET', date: at(20), time: '08:30' },
    { id: 'served', type: 'SERVED', date: at(11), method: 'PERSONAL' },
    { id: 'continued', type: 'HEARING_CONTINUED', date: at(41), time: '08:30' },
    { id: 'oah', type: 'ORDER_AFTER_HEARING', date: at(41) },
    { id: 'renewal-filed', type: 'RENEWAL_FILED', date: at(41 + 1096 - 60) },
    { id: 'renewal-hearing', type: 'HEARING_SET', date: at(41 + 1096 - 20), time: '09:00' },
    {
      id: 'renewed',
      type: 'ORDER_RENEWED',
      date: at(41 + 1096 - 20),
      expires: at(41 + 1096 - 20 + 1826),
    },
    { id: 'terminated', type: 'ORDER_TERMINATED', date: at(41 + 1096 + 500) },
  ];
  return { family: 'DV', court: 'CA', events };
}

// Shifts spread over ~5 years so holidays, weekends and month ends vary; all stay in range.
const T = 1024;
const timelines = Array.from({ length: T }, (_, k) => timeline(-1500 + Math.floor((k * 1800) / T)));
const timelineDays = timelines.map((t) => t.events.map((e) => dayNumber(e.date)));
let explanationSteps = 0;
for (const t of timelines)
  for (const d of computeDeadlines(t).deadlines) explanationSteps += d.explanation.length;

// Baseline: the same timelines as plain integer day arithmetic (the raw counts, no calendar,
// no explanations): a floor for what any implementation must do.
const arithmetic = rate((i) => {
  const d = timelineDays[i & (T - 1)] as number[];
  const epo = (d[0] as number) + 7;
  const h21 = (d[2] as number) + 21;
  const h25 = (d[2] as number) + 25;
  const service = (d[5] as number) - 5;
  const order = (d[6] as number) + 1096;
  const window = order - 92;
  const renewed = (d[9] as number) + 1826;
  return epo + h21 + h25 + service + order + window + renewed;
});
const lifecycles = rate(
  (i) => computeDeadlines(timelines[i & (T - 1)] as ComputeInput).deadlines.length,
  1000,
);

// ---- report ------------------------------------------------------------------------------

console.log(`Orderly engine benchmark (node ${process.version}, one thread)`);
console.log(
  `calendar build for ${SUPPORTED_YEARS.from}-${SUPPORTED_YEARS.to} (holiday rules -> per-day table, 2 courts): ${buildMs.toFixed(2)} ms`,
);
console.log('');
line(
  'court-day lookup, numeric (isCourtDayNumber)',
  numeric.perSecond,
  setLookup.perSecond,
  'Set<number>.has(day)',
);
line(
  'court-day lookup, public (isCourtDay string)',
  publicApi.perSecond,
  setLookup.perSecond,
  'Set<number>.has(day)',
);
line(
  'full DV lifecycle timelines (11 events)',
  lifecycles.perSecond,
  arithmetic.perSecond,
  'integer day arithmetic (7 sums)',
);
console.log('');
console.log(
  `each timeline: ${timelines[0]?.events.length ?? 0} events -> ${computeDeadlines(timelines[0] as ComputeInput).deadlines.length} deadlines, ` +
    `${(explanationSteps / T).toFixed(1)} explanation steps on average`,
);
console.log(`goal >= 100,000 timelines/s: ${lifecycles.perSecond >= 100_000 ? 'met' : 'NOT met'}`);
// Keep the work observable so nothing is optimised away.
if (setLookup.sink + numeric.sink + publicApi.sink + arithmetic.sink + lifecycles.sink === -1)
  console.log('');

// The case timeline: a server-rendered SVG (protection as patterned bars, acts due as shaped
// markers, a "today" line, gaps with a pattern and the word GAP — never colour alone) and the
// same facts as a list, which screen readers, print and narrow screens use (below 40em the
// picture is hidden and the list is the vertical timeline). Markers link to their deadline.
import type { CaseTimeline, ProtectionKind } from '../services/timeline.js';
import { html, type Html } from './html.js';
import { longDate, shortDate } from './strings/index.js';
import { deadlineSentence, statusTag, statusWord } from './words.js';

const DAY_MS = 86_400_000;
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

const WIDTH = 1000;
const PLOT_LEFT = 118;
const PLOT_RIGHT = 985;
const BAND_TOP = 34;
const BAND_HEIGHT = 30;
const ACTS_Y = 104;
const AXIS_Y = 190;
const HEIGHT = 214;

const SHORT: Record<ProtectionKind, string> = {
  EPO: 'EPO',
  TRO: 'TRO',
  ORDER: 'Order',
  RENEWED: 'Renewed',
};
export const PROTECTION_NAMES: Record<ProtectionKind, string> = {
  EPO: 'Emergency protective order',
  TRO: 'Temporary restraining order',
  ORDER: 'Order after hearing',
  RENEWED: 'Renewed order',
};
const FILL: Record<ProtectionKind, string> = {
  EPO: 'url(#orderly-p-epo)',
  TRO: 'url(#orderly-p-tro)',
  ORDER: '#1a4480',
  RENEWED: 'url(#orderly-p-renewed)',
};

/** Maps dates to x: linear, or in two parts with a marked break when the story spans years. */
interface Scale {
  x(date: string): number;
  breakAt: { x: number; date: string } | null;
  from: number;
  to: number;
}

function scaleFor(t: CaseTimeline): Scale {
  const near: string[] = [t.today];
  const far: string[] = [];
  for (const p of t.periods) {
    near.push(p.from);
    if (p.to) (p.kind === 'ORDER' || p.kind === 'RENEWED' ? far : near).push(p.to);
  }
  for (const g of t.gaps) near.push(g.from, ...(g.to ? [g.to] : []));
  for (const a of t.acts) (a.kind === 'RENEWAL_DEADLINE' ? far : near).push(a.date);
  if (t.renewalWindow) far.push(t.renewalWindow.from, t.renewalWindow.to);
  const days = [...near, ...far].map(dayOf);
  const from = Math.min(...days) - 4;
  const to = Math.max(...days) + 6;
  const nearEnd = Math.max(...near.map(dayOf)) + 14;
  const plot = PLOT_RIGHT - PLOT_LEFT;
  if (to - nearEnd > 60 && to - from > 150) {
    const split = PLOT_LEFT + plot * 0.7;
    const gapPx = 26;
    return {
      from,
      to,
      breakAt: {
        x: split + gapPx / 2,
        date: new Date(nearEnd * DAY_MS).toISOString().slice(0, 10),
      },
      x: (date) => {
        const d = dayOf(date);
        if (d <= nearEnd) return PLOT_LEFT + ((d - from) / (nearEnd - from)) * (split - PLOT_LEFT);
        return split + gapPx + ((d - nearEnd) / (to - nearEnd)) * (PLOT_RIGHT - split - gapPx);
      },
    };
  }
  return {
    from,
    to,
    breakAt: null,
    x: (date) => PLOT_LEFT + ((dayOf(date) - from) / (to - from)) * plot,
  };
}

const r = (n: number): string => n.toFixed(1);

function defs(): Html {
  return html`<defs>
    <pattern
      id="orderly-p-epo"
      width="8"
      height="8"
      patternUnits="userSpaceOnUse"
      patternTransform="rotate(45)"
    >
      <rect width="8" height="8" fill="#d9e8f6" /><line
        x1="0"
        y1="0"
        x2="0"
        y2="8"
        stroke="#1a4480"
        stroke-width="3"
      />
    </pattern>
    <pattern id="orderly-p-tro" width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" fill="#d9e8f6" /><circle cx="4" cy="4" r="2" fill="#1a4480" />
    </pattern>
    <pattern id="orderly-p-renewed" width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" fill="#1a4480" /><line
        x1="0"
        y1="4"
        x2="8"
        y2="4"
        stroke="#d9e8f6"
        stroke-width="2"
      />
    </pattern>
    <pattern id="orderly-p-gap" width="10" height="10" patternUnits="userSpaceOnUse">
      <rect width="10" height="10" fill="#fff" />
      <path d="M0 0 L10 10 M10 0 L0 10" stroke="#b50909" stroke-width="1.5" />
    </pattern>
    <pattern
      id="orderly-p-window"
      width="6"
      height="6"
      patternUnits="userSpaceOnUse"
      patternTransform="rotate(-45)"
    >
      <rect width="6" height="6" fill="#ecf3ec" /><line
        x1="0"
        y1="0"
        x2="0"
        y2="6"
        stroke="#4d8055"
        stroke-width="2"
      />
    </pattern>
  </defs>`;
}

function marker(kind: string, x: number, y: number): Html {
  switch (kind) {
    case 'HEARING':
      return html`<path
        d="M${r(x)} ${r(y - 9)} L${r(x + 9)} ${r(y)} L${r(x)} ${r(y + 9)} L${r(x - 9)} ${r(y)} Z"
        fill="#1b1b1b"
      />`;
    case 'SERVICE_DEADLINE':
      return html`<path
        d="M${r(x)} ${r(y - 9)} L${r(x + 9)} ${r(y + 8)} L${r(x - 9)} ${r(y + 8)} Z"
        fill="#1b1b1b"
      />`;
    case 'RENEWAL_DEADLINE':
      return html`<rect x="${r(x - 8)}" y="${r(y - 8)}" width="16" height="16" fill="#1b1b1b" />`;
    default:
      return html`<circle
        cx="${r(x)}"
        cy="${r(y)}"
        r="8"
        fill="#fff"
        stroke="#1b1b1b"
        stroke-width="3"
      />`;
  }
}

const MARKER_LABEL: Record<string, string> = {
  HEARING: 'Hearing',
  SERVICE_DEADLINE: 'Serve by',
  RENEWAL_DEADLINE: 'File renewal by',
  HEARING_LATEST: 'Hearing by',
};

function axis(scale: Scale): Html {
  const ticks: Html[] = [];
  const first = new Date(scale.from * DAY_MS);
  const last = new Date(scale.to * DAY_MS);
  const span = scale.to - scale.from;
  const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
  let lastX = -100;
  while (cursor <= last) {
    const date = cursor.toISOString().slice(0, 10);
    const x = scale.x(date);
    const yearStart = cursor.getUTCMonth() === 0;
    // Near the break and in the compressed part, only years; elsewhere months.
    const compressed = scale.breakAt !== null && x > scale.breakAt.x;
    if ((!compressed || yearStart) && x - lastX > 44 && (span < 1500 || yearStart || !compressed)) {
      const label =
        yearStart || compressed
          ? String(cursor.getUTCFullYear())
          : cursor.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      ticks.push(
        html`<line x1="${r(x)}" y1="${AXIS_Y - 6}" x2="${r(x)}" y2="${AXIS_Y}" stroke="#565c65" />
          <text x="${r(x)}" y="${AXIS_Y + 16}" text-anchor="middle" class="orderly-tl-axis"
            >${label}</text
          >`,
      );
      lastX = x;
    }
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return html`<line
      x1="${PLOT_LEFT}"
      y1="${AXIS_Y}"
      x2="${PLOT_RIGHT}"
      y2="${AXIS_Y}"
      stroke="#565c65"
    />${ticks}
    ${
      scale.breakAt &&
      html`<g>
        <rect x="${r(scale.breakAt.x - 9)}" y="20" width="18" height="${AXIS_Y - 14}" fill="#fff" />
        <path
          d="M${r(scale.breakAt.x - 6)} ${AXIS_Y + 6} l6 -12 l6 12"
          fill="none"
          stroke="#565c65"
          stroke-width="2"
        />
        <text x="${r(scale.breakAt.x)}" y="16" text-anchor="middle" class="orderly-tl-axis"
          >scale changes</text
        >
      </g>`
    }`;
}

export function timelineSvg(t: CaseTimeline): Html {
  if (t.periods.length === 0 && t.acts.length === 0) return html``;
  const scale = scaleFor(t);
  const bars = t.periods.map((p) => {
    const x1 = scale.x(p.from);
    const x2 = p.to ? scale.x(p.to) : PLOT_RIGHT;
    const w = Math.max(4, x2 - x1);
    return html`<g>
      <rect
        x="${r(x1)}"
        y="${BAND_TOP}"
        width="${r(w)}"
        height="${BAND_HEIGHT}"
        fill="${FILL[p.kind]}"
        stroke="#1a4480"
      />
      <text x="${r(x1 + 2)}" y="${BAND_TOP - 6}" class="orderly-tl-label">${SHORT[p.kind]}</text>
    </g>`;
  });
  const gaps = t.gaps.map((g) => {
    const x1 = scale.x(g.from);
    const x2 = g.to ? scale.x(g.to) : Math.max(scale.x(t.today), x1 + 30);
    const w = Math.max(10, x2 - x1);
    return html`<g>
      <rect
        x="${r(x1)}"
        y="${BAND_TOP}"
        width="${r(w)}"
        height="${BAND_HEIGHT}"
        fill="url(#orderly-p-gap)"
        stroke="#b50909"
        stroke-width="2"
      />
      <text
        x="${r(x1 + w / 2)}"
        y="${BAND_TOP + BAND_HEIGHT + 16}"
        text-anchor="middle"
        class="orderly-tl-gap"
        >GAP</text
      >
    </g>`;
  });
  const window =
    t.renewalWindow &&
    html`<g>
      <rect
        x="${r(scale.x(t.renewalWindow.from))}"
        y="${ACTS_Y - 14}"
        width="${r(Math.max(6, scale.x(t.renewalWindow.to) - scale.x(t.renewalWindow.from)))}"
        height="28"
        fill="url(#orderly-p-window)"
        stroke="#4d8055"
      />
      <text x="${r(scale.x(t.renewalWindow.from))}" y="${ACTS_Y - 18}" class="orderly-tl-label"
        >Renewal window</text
      >
    </g>`;
  // Labels of markers take the first of three rows where they do not overlap an earlier one.
  const rowsEnd = [-Infinity, -Infinity, -Infinity];
  const markers = t.acts.map((a) => {
    const x = scale.x(a.date);
    const text = `${MARKER_LABEL[a.kind] ?? a.kind} ${shortDate(a.date).replace(/, \d{4}$/, '')}`;
    const width = text.length * 6.6;
    let row = rowsEnd.findIndex((end) => x - width / 2 > end + 6);
    if (row < 0) row = rowsEnd.indexOf(Math.min(...rowsEnd));
    rowsEnd[row] = x + width / 2;
    // The accessible name starts with the visible label (WCAG 2.5.3), then says it in full.
    const sentence = `${text}: ${deadlineSentence(a)}`;
    return html`<a href="#d-${a.key}" aria-label="${sentence}" class="orderly-tl-marker">
      <title>${sentence}</title>
      ${marker(a.kind, x, ACTS_Y)}
      <text x="${r(x)}" y="${ACTS_Y + 28 + row * 15}" text-anchor="middle" class="orderly-tl-label"
        >${text}</text
      >
    </a>`;
  });
  const todayX = scale.x(t.today);
  return html`<svg
    class="orderly-timeline"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    role="group"
    aria-label="Timeline picture. The same facts follow as a list."
    xmlns="http://www.w3.org/2000/svg"
  >
    ${defs()}
    <text x="4" y="${BAND_TOP + 20}" class="orderly-tl-row">Protection</text>
    <text x="4" y="${ACTS_Y + 5}" class="orderly-tl-row">Acts due</text>
    ${bars}${gaps}${window}
    <line
      x1="${r(todayX)}"
      y1="22"
      x2="${r(todayX)}"
      y2="${AXIS_Y}"
      stroke="#1b1b1b"
      stroke-width="2"
      stroke-dasharray="5 3"
    />
    <text x="${r(todayX + 4)}" y="${AXIS_Y - 8}" class="orderly-tl-today">Today</text>
    ${markers}${axis(scale)}
  </svg>`;
}

const SWATCH: Record<ProtectionKind | 'GAP' | 'WINDOW', string> = {
  EPO: 'url(#orderly-p-epo)',
  TRO: 'url(#orderly-p-tro)',
  ORDER: '#1a4480',
  RENEWED: 'url(#orderly-p-renewed)',
  GAP: 'url(#orderly-p-gap)',
  WINDOW: 'url(#orderly-p-window)',
};

/** The key to the picture's patterns (the picture's own defs fill the swatches). */
export function timelineLegend(t: CaseTimeline): Html {
  const kinds = [...new Set(t.periods.map((p) => p.kind))];
  const items: [keyof typeof SWATCH, string][] = [
    ...kinds.map((k): [keyof typeof SWATCH, string] => [k, PROTECTION_NAMES[k]]),
    ...(t.gaps.length > 0 ? [['GAP', 'Gap in protection'] as [keyof typeof SWATCH, string]] : []),
    ...(t.renewalWindow ? [['WINDOW', 'Renewal window'] as [keyof typeof SWATCH, string]] : []),
  ];
  return html`<ul class="orderly-legend" aria-hidden="true">
    ${items.map(
      ([k, label]) =>
        html`<li>
          <svg width="28" height="14" viewBox="0 0 28 14" class="orderly-legend__swatch">
            <rect width="28" height="14" fill="${SWATCH[k]}" stroke="#1a4480" /></svg
          >${label}
        </li>`,
    )}
    <li><span class="orderly-legend__shape">◆</span>Hearing</li>
    <li><span class="orderly-legend__shape">▲</span>Serve by</li>
    <li><span class="orderly-legend__shape">■</span>File renewal by</li>
  </ul>`;
}

interface Item {
  date: string;
  order: number;
  body: Html;
  kind: string;
}

/** The timeline's facts in date order: the text equivalent, and the vertical timeline on phones. */
export function timelineList(t: CaseTimeline): Html {
  const items: Item[] = [];
  for (const p of t.periods)
    items.push({
      date: p.from,
      order: 0,
      kind: 'period',
      body: html`<strong>${PROTECTION_NAMES[p.kind]}</strong> in force from ${longDate(p.from)}
        ${p.to ? html`to ${longDate(p.to)}` : html`with no end date`}`,
    });
  for (const g of t.gaps)
    items.push({
      date: g.from,
      order: 1,
      kind: 'gap',
      body: html`<strong>Gap in protection</strong> from ${longDate(g.from)}
        ${g.to ? html`to ${longDate(g.to)}` : html`until now`}: ${g.why}.`,
    });
  if (t.renewalWindow)
    items.push({
      date: t.renewalWindow.from,
      order: 2,
      kind: 'window',
      body: html`<strong>Renewal window</strong>: the renewal request can be filed from
        ${longDate(t.renewalWindow.from)} to ${longDate(t.renewalWindow.to)}.`,
    });
  for (const a of t.acts)
    items.push({
      date: a.date,
      order: 3,
      kind: 'act',
      body: html`<a class="usa-link" href="#d-${a.key}">${deadlineSentence(a)}</a>
        ${statusTag(statusWord(a, t.today))}`,
    });
  items.push({
    date: t.today,
    order: 4,
    kind: 'today',
    body: html`<strong>Today</strong>, ${longDate(t.today)}`,
  });
  items.sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order);
  return html`<ol class="orderly-timeline-list">
    ${items.map((i) => html`<li class="orderly-timeline-list__item orderly-timeline-list__item--${i.kind}">${i.body}</li>`)}
  </ol>`;
}

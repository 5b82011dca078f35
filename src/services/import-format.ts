// The CSV format of `orderly import` / `POST /v1/imports` and `orderly export` (docs/IMPORT.md).
// Pure: text in, cases (or problems naming a line and a column) out, and back. CSV itself is
// csv-parse and csv-stringify's (RFC 4180 quoting, BOM, CRLF); this file only gives the
// columns their meaning.
//
// Two layouts, told apart by the header:
// - event rows (what `orderly export` writes): one row per event, the case's columns repeated
//   (or left blank) on each of its rows; a case with no event is one row with no event columns.
// - event columns (a case-management export): one row per case, one group of columns per event
//   type (`petition_filed`, `hearing_set`, `hearing_set_time`...): at most one event of a type.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { EVENT_TYPES, parseComputeInput, type EventType, type Family } from '../engine/index.js';
import type { CaseStatus } from '../db/cases.js';
import type { EventFields } from '../db/events.js';
import { caseFieldProblems } from './cases.js';

/** A problem with one row: its line in the file (1 is the header), its column, and why. */
export interface RowProblem {
  line: number;
  column: string;
  reason: string;
}

export interface ImportedEvent {
  /** The line it was read from. */
  line: number;
  fields: EventFields;
}

export interface CaseColumns {
  family: Family;
  court: string;
  status: CaseStatus;
  courtCaseNumber: string | null;
  petitionerLabel: string | null;
  respondentLabel: string | null;
}

export interface ImportedCase extends CaseColumns {
  /** The first line of the case. */
  line: number;
  reference: string;
  events: ImportedEvent[];
}

export type Layout = 'event-rows' | 'event-columns';

export interface ParsedFile {
  layout: Layout;
  /** Data rows read (the header not counted). */
  rows: number;
  cases: ImportedCase[];
  problems: RowProblem[];
}

// ---- Columns ----------------------------------------------------------------------------

/** The case's columns, in the order `orderly export` writes them. */
export const CASE_COLUMNS = [
  'reference',
  'family',
  'court',
  'status',
  'court_case_number',
  'petitioner_label',
  'respondent_label',
] as const;
type CaseColumn = (typeof CASE_COLUMNS)[number];
const REQUIRED_CASE_COLUMNS: readonly CaseColumn[] = ['reference', 'family', 'court'];

type EventField = Exclude<keyof EventFields, 'type' | 'date'>;
type ValueKind = 'date' | 'time' | 'integer' | 'word' | 'boolean';

/** An event's fields besides its type and date: the column suffix and how a cell reads. */
const EVENT_FIELDS: readonly { field: EventField; suffix: string; kind: ValueKind }[] = [
  { field: 'time', suffix: 'time', kind: 'time' },
  { field: 'days', suffix: 'days', kind: 'integer' },
  { field: 'method', suffix: 'method', kind: 'word' },
  { field: 'expires', suffix: 'expires', kind: 'date' },
  { field: 'expiresTime', suffix: 'expires_time', kind: 'time' },
  { field: 'permanent', suffix: 'permanent', kind: 'boolean' },
  { field: 'motion', suffix: 'motion', kind: 'word' },
  { field: 'movedBy', suffix: 'moved_by', kind: 'word' },
];

/** Event rows: `event_type`, `event_date`, then one column per field. */
export const EVENT_COLUMNS = [
  'event_type',
  'event_date',
  ...EVENT_FIELDS.map((f) => `event_${f.suffix}`),
] as const;

export const EXPORT_COLUMNS: readonly string[] = [...CASE_COLUMNS, ...EVENT_COLUMNS];

/** Event columns: `<type>` holds the date, `<type>_<suffix>` a field (`hearing_set_time`). */
const typeColumn = (type: EventType): string => type.toLowerCase();
const TYPE_BY_COLUMN = new Map(EVENT_TYPES.map((type) => [typeColumn(type), type]));

/** "Hearing Set Time", "hearing-set-time" → "hearing_set_time". */
const normaliseHeader = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

// ---- Cells ------------------------------------------------------------------------------

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const SHORT_TIME = /^(\d):(\d\d)$/;

/** A cell as the engine's field: dates also as M/D/YYYY, times as H:MM, yes/no as booleans. */
function cellValue(kind: ValueKind, text: string): unknown {
  switch (kind) {
    case 'date': {
      const us = US_DATE.exec(text);
      return us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : text;
    }
    case 'time': {
      const short = SHORT_TIME.exec(text);
      return short ? `0${short[1]}:${short[2]}` : text;
    }
    case 'integer':
      return /^-?\d{1,6}$/.test(text) ? Number(text) : text;
    case 'word':
      return text.toUpperCase();
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'yes') return true;
      if (lower === 'false' || lower === 'no') return false;
      return text;
    }
  }
}

// ---- Reading ----------------------------------------------------------------------------

interface Row {
  line: number;
  cells: Map<string, string>;
}

/** Each event of a case with the column each of its fields came from (to name it in problems). */
interface PendingEvent {
  line: number;
  raw: Record<string, unknown>;
  columnOf: (field: string) => string;
}

interface PendingCase {
  line: number;
  cells: Map<CaseColumn, string>;
  /** The line each case cell was first given on. */
  cellLines: Map<CaseColumn, number>;
  events: PendingEvent[];
}

/** Reads CSV text: the header's columns, and every data row with its line number. */
function readRows(text: string, problems: RowProblem[]): { columns: string[]; rows: Row[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    problems.push({
      line,
      column: '(file)',
      reason: `not readable as CSV: ${(error as Error).message.replace(/^Invalid.*?:\s*/, '')}`,
    });
    return { columns: [], rows: [] };
  }
  const [header, ...body] = records;
  if (!header) {
    problems.push({ line: 1, column: '(file)', reason: 'empty: expected a header row' });
    return { columns: [], rows: [] };
  }
  const columns = header.record.map(normaliseHeader);
  const rows = body.map(({ record, info }) => {
    if (record.length > columns.length) {
      problems.push({
        line: info.lines,
        column: '(row)',
        reason: `${record.length} cells, but the header has ${columns.length} columns`,
      });
    }
    const cells = new Map<string, string>();
    columns.forEach((column, i) => {
      const value = record[i];
      if (value !== undefined && value !== '') cells.set(column, value);
    });
    return { line: info.lines, cells };
  });
  return { columns, rows };
}

function checkHeader(columns: string[], problems: RowProblem[]): Layout | null {
  const known = new Set<string>([...CASE_COLUMNS, ...EVENT_COLUMNS]);
  const isTypeColumn = (column: string): boolean => {
    if (TYPE_BY_COLUMN.has(column)) return true;
    return EVENT_FIELDS.some(
      (f) =>
        column.endsWith(`_${f.suffix}`) &&
        TYPE_BY_COLUMN.has(column.slice(0, -f.suffix.length - 1)),
    );
  };
  const byType = columns.some(isTypeColumn);
  const layout: Layout = byType ? 'event-columns' : 'event-rows';
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push({ line: 1, column, reason: 'appears twice in the header' });
    seen.add(column);
    const allowed =
      (CASE_COLUMNS as readonly string[]).includes(column) ||
      (layout === 'event-rows' ? known.has(column) : isTypeColumn(column));
    if (!allowed) {
      problems.push({
        line: 1,
        column,
        reason:
          layout === 'event-columns' && known.has(column)
            ? 'event rows (event_type, event_date...) and event columns (petition_filed, hearing_set...) cannot be mixed'
            : `unknown column (expected ${CASE_COLUMNS.join(', ')}, and event columns: see docs/IMPORT.md)`,
      });
    }
  }
  for (const required of REQUIRED_CASE_COLUMNS) {
    if (!seen.has(required)) problems.push({ line: 1, column: required, reason: 'missing column' });
  }
  return problems.length > 0 ? null : layout;
}

/** An event row's event, or null when the row has no event cells. */
function eventOfRow(row: Row, problems: RowProblem[]): PendingEvent | null {
  const given = EVENT_COLUMNS.filter((column) => row.cells.has(column));
  if (given.length === 0) return null;
  const type = row.cells.get('event_type');
  if (type === undefined) {
    problems.push({
      line: row.line,
      column: 'event_type',
      reason: `required when other event columns are filled (${given.join(', ')})`,
    });
    return null;
  }
  const raw: Record<string, unknown> = { type: type.toUpperCase() };
  const date = row.cells.get('event_date');
  if (date !== undefined) raw.date = cellValue('date', date);
  for (const { field, suffix, kind } of EVENT_FIELDS) {
    const cell = row.cells.get(`event_${suffix}`);
    if (cell !== undefined) raw[field] = cellValue(kind, cell);
  }
  return {
    line: row.line,
    raw,
    columnOf: (field) => {
      if (field === 'type' || field === 'date') return `event_${field}`;
      const known = EVENT_FIELDS.find((f) => f.field === field);
      return known ? `event_${known.suffix}` : 'event_type';
    },
  };
}

/** A case-management row's events: one per event type whose date (or any field) is given. */
function eventsOfColumns(row: Row): PendingEvent[] {
  const events: PendingEvent[] = [];
  for (const type of EVENT_TYPES) {
    const base = typeColumn(type);
    const fields = EVENT_FIELDS.filter((f) => row.cells.has(`${base}_${f.suffix}`));
    const date = row.cells.get(base);
    if (date === undefined && fields.length === 0) continue;
    const raw: Record<string, unknown> = { type };
    if (date !== undefined) raw.date = cellValue('date', date);
    for (const { field, suffix, kind } of fields)
      raw[field] = cellValue(kind, row.cells.get(`${base}_${suffix}`)!);
    events.push({
      line: row.line,
      raw,
      columnOf: (field) => {
        if (field === 'type' || field === 'date') return base;
        const known = EVENT_FIELDS.find((f) => f.field === field);
        return known ? `${base}_${known.suffix}` : base;
      },
    });
  }
  // The order the facts happened in: by date, then in the lifecycle's order (a petition
  // before the temporary order granted on it the same day).
  const dateOf = (e: PendingEvent): string => (typeof e.raw.date === 'string' ? e.raw.date : '');
  return events.sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0));
}

/** Groups rows into cases by reference; a case's cells must agree across its rows. */
function groupCases(layout: Layout, rows: Row[], problems: RowProblem[]): Map<string, PendingCase> {
  const cases = new Map<string, PendingCase>();
  for (const row of rows) {
    const reference = row.cells.get('reference');
    if (reference === undefined) {
      problems.push({ line: row.line, column: 'reference', reason: 'required' });
      continue;
    }
    let pending = cases.get(reference);
    if (pending && layout === 'event-columns') {
      problems.push({
        line: row.line,
        column: 'reference',
        reason: `the case ${JSON.stringify(reference)} is already on line ${pending.line} (one row per case in this layout; use event rows for repeated events)`,
      });
      continue;
    }
    if (!pending) {
      pending = { line: row.line, cells: new Map(), cellLines: new Map(), events: [] };
      cases.set(reference, pending);
    }
    for (const column of CASE_COLUMNS) {
      const value = row.cells.get(column);
      if (value === undefined) continue;
      const before = pending.cells.get(column);
      if (before === undefined) {
        pending.cells.set(column, value);
        pending.cellLines.set(column, row.line);
      } else if (before !== value) {
        problems.push({
          line: row.line,
          column,
          reason: `${JSON.stringify(value)} differs from ${JSON.stringify(before)} on line ${pending.cellLines.get(column)} for the same case`,
        });
      }
    }
    if (layout === 'event-rows') {
      const event = eventOfRow(row, problems);
      if (event) pending.events.push(event);
    } else pending.events.push(...eventsOfColumns(row));
  }
  return cases;
}

const CASE_FIELD_COLUMNS: Record<string, CaseColumn> = {
  'body.reference': 'reference',
  'body.courtCaseNumber': 'court_case_number',
  'body.petitionerLabel': 'petitioner_label',
  'body.respondentLabel': 'respondent_label',
};

/** Checks one case as the API's schema and the engine would, naming lines and columns. */
function checkCase(
  reference: string,
  pending: PendingCase,
  problems: RowProblem[],
): ImportedCase | null {
  const lineOf = (column: CaseColumn): number => pending.cellLines.get(column) ?? pending.line;
  const before = problems.length;
  const cell = (column: CaseColumn): string | null => pending.cells.get(column) ?? null;
  const family = cell('family')?.toUpperCase() ?? null;
  const court = cell('court');
  const status = cell('status')?.toUpperCase() ?? 'OPEN';
  if (family === null) problems.push({ line: pending.line, column: 'family', reason: 'required' });
  if (court === null) problems.push({ line: pending.line, column: 'court', reason: 'required' });
  if (status !== 'OPEN' && status !== 'CLOSED')
    problems.push({
      line: lineOf('status'),
      column: 'status',
      reason: `unknown status ${JSON.stringify(cell('status'))} (expected OPEN or CLOSED)`,
    });
  const own = {
    reference,
    courtCaseNumber: cell('court_case_number'),
    petitionerLabel: cell('petitioner_label'),
    respondentLabel: cell('respondent_label'),
  };
  for (const problem of caseFieldProblems(own)) {
    const column = CASE_FIELD_COLUMNS[problem.name] ?? 'reference';
    problems.push({ line: lineOf(column), column, reason: problem.reason });
  }
  if (family !== null && court !== null) {
    // The engine's own checks: family, court, and every event against them.
    const parsed = parseComputeInput({ family, court, events: pending.events.map((e) => e.raw) });
    if (!parsed.ok) {
      for (const error of parsed.errors) {
        const at = /^events\[(\d+)\]\.?(\w*)/.exec(error.field);
        if (at) {
          const event = pending.events[Number(at[1])]!;
          problems.push({
            line: event.line,
            column: event.columnOf(at[2] || 'type'),
            reason: error.message,
          });
        } else {
          const column = (CASE_COLUMNS as readonly string[]).includes(error.field)
            ? (error.field as CaseColumn)
            : 'reference';
          problems.push({ line: lineOf(column), column, reason: error.message });
        }
      }
    }
  }
  if (problems.length > before) return null;
  return {
    line: pending.line,
    reference,
    family: family as Family,
    court: court!,
    status: status as CaseStatus,
    courtCaseNumber: own.courtCaseNumber,
    petitionerLabel: own.petitionerLabel,
    respondentLabel: own.respondentLabel,
    events: pending.events.map((e) => ({ line: e.line, fields: e.raw as unknown as EventFields })),
  };
}

/** Reads an import file: every case in it, or every problem found, each naming its line and column. */
export function parseImportFile(text: string): ParsedFile {
  const problems: RowProblem[] = [];
  const { columns, rows } = readRows(text, problems);
  const layout = columns.length > 0 ? checkHeader(columns, problems) : null;
  if (layout === null) return { layout: 'event-rows', rows: rows.length, cases: [], problems };
  const cases: ImportedCase[] = [];
  for (const [reference, pending] of groupCases(layout, rows, problems)) {
    const checked = checkCase(reference, pending, problems);
    if (checked) cases.push(checked);
  }
  problems.sort((a, b) => a.line - b.line);
  return { layout, rows: rows.length, cases, problems };
}

/** One line per problem: `line 7: event_date: not a real calendar date: 2025-02-30`. */
export const describeProblem = (p: RowProblem): string =>
  `line ${p.line}: ${p.column}: ${p.reason}`;

// ---- Writing ----------------------------------------------------------------------------

export interface ExportedCase extends CaseColumns {
  reference: string;
  /** The events in force, in the order the engine reads them. */
  events: EventFields[];
}

function eventCells(event: EventFields | undefined): string[] {
  if (!event) return EVENT_COLUMNS.map(() => '');
  return [
    event.type,
    event.date,
    ...EVENT_FIELDS.map(({ field }) => {
      const value = event[field];
      return value === undefined ? '' : String(value);
    }),
  ];
}

/** The event-rows layout: what `parseImportFile` reads back as the same cases. */
export function formatExport(cases: Iterable<ExportedCase>): string {
  const records: string[][] = [];
  for (const c of cases) {
    const own = [
      c.reference,
      c.family,
      c.court,
      c.status,
      c.courtCaseNumber ?? '',
      c.petitionerLabel ?? '',
      c.respondentLabel ?? '',
    ];
    if (c.events.length === 0) records.push([...own, ...eventCells(undefined)]);
    for (const event of c.events) records.push([...own, ...eventCells(event)]);
  }
  return (
    exportHeader() + (records.length > 0 ? stringify(records, { record_delimiter: 'unix' }) : '')
  );
}

export const exportHeader = (): string => stringify([EXPORT_COLUMNS], { record_delimiter: 'unix' });

/** The same rows without the header (an export written a page at a time). */
export const formatExportRows = (cases: Iterable<ExportedCase>): string =>
  formatExport(cases).slice(exportHeader().length);

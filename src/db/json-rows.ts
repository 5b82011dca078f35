// Rows read as JSON (`json_agg` or `to_jsonb` of a table's rows, keys named as the columns, which
// are Prisma's field names): their dates and instants come back as text and are turned into the
// Dates Prisma would give, so the same `to…Record` functions convert them. One statement can
// then read a case's lists together (src/db/case-state.ts, src/db/bulk-recompute.ts,
// src/db/deadlines.ts).
import type { toChangeRecord, toDeadlineRecord } from './deadlines.js';
import type { toEventRecord } from './events.js';
import type { toReminderRecord } from './reminders.js';

/** The columns of each table that Prisma gives as Dates (`@db.Date` and `timestamptz`). */
const DATE_COLUMNS = {
  OrderEvent: ['date', 'expires', 'voidedAt', 'recordedAt'],
  Deadline: ['date', 'at', 'computedAt', 'updatedAt'],
  DeadlineChange: ['previousDate', 'previousAt', 'date', 'at', 'changedAt'],
  Reminder: [
    'dueAt',
    'expiresAt',
    'nextAttemptAt',
    'sentAt',
    'cancelledAt',
    'createdAt',
    'updatedAt',
  ],
} as const;

/** A row as `json_agg` gave it, with its date columns as Dates (null stays null). */
function revive<T>(row: Record<string, unknown>, columns: readonly string[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const column of columns) {
    const value = row[column];
    // A date column's text is YYYY-MM-DD: read as UTC midnight, as Prisma reads @db.Date.
    if (typeof value === 'string') out[column] = new Date(value);
  }
  return out as T;
}

type Revived<K extends keyof typeof DATE_COLUMNS> = Parameters<
  {
    OrderEvent: typeof toEventRecord;
    Deadline: typeof toDeadlineRecord;
    DeadlineChange: typeof toChangeRecord;
    Reminder: typeof toReminderRecord;
  }[K]
>[0];

export const rowsOf = <K extends keyof typeof DATE_COLUMNS>(
  table: K,
  rows: unknown,
): Revived<K>[] =>
  (rows as Record<string, unknown>[]).map((row) => revive<Revived<K>>(row, DATE_COLUMNS[table]));

// Thousands of rows in one statement: `INSERT … SELECT … FROM unnest($1::text[], $2::text[], …)`,
// one array parameter per column, cast to the column's type in SQL. Measured on a bulk import
// of 500 cases (2,500 events, 5,000 deadlines): Prisma's createMany built and sent the same
// rows more than ten times slower, and is bounded by PostgreSQL's 65,535 parameters a
// statement, which this is not.
//
// Each table's columns are typed here once. A row with a column this module has no type for
// is refused (a new column must be added here, or the import would silently drop it).
import { Prisma } from './client.js';
import type { Tx } from './transaction.js';

/** SQL types of the columns bulk inserts write. `uuid[]` is written from a JS array of ids. */
const COLUMN_TYPES: Record<string, Record<string, string>> = {
  Case: {
    id: 'uuid',
    organizationId: 'uuid',
    family: '"Family"',
    court: 'text',
    reference: 'text',
    courtCaseNumber: 'text',
    petitionerLabel: 'text',
    respondentLabel: 'text',
    status: '"CaseStatus"',
    warnings: 'jsonb',
    rulesVersion: 'text',
    updatedAt: 'timestamptz',
  },
  OrderEvent: {
    id: 'uuid',
    organizationId: 'uuid',
    caseId: 'uuid',
    sequence: 'int4',
    type: '"EventType"',
    date: 'date',
    time: 'text',
    days: 'int4',
    method: '"ServiceMethod"',
    expires: 'date',
    expiresTime: 'text',
    permanent: 'boolean',
    motion: '"Motion"',
    movedBy: '"Party"',
    correctsId: 'uuid',
    correctionReason: 'text',
    recordedAt: 'timestamptz',
  },
  Deadline: {
    id: 'uuid',
    organizationId: 'uuid',
    caseId: 'uuid',
    key: 'text',
    kind: '"DeadlineKind"',
    date: 'date',
    at: 'timestamptz',
    status: '"DeadlineStatus"',
    ruleId: 'text',
    citation: 'text',
    basis: '"DeadlineBasis"',
    dutyOf: '"Party"',
    explanation: 'jsonb',
    advisory: 'jsonb',
    interpretation: 'text',
    basedOn: 'uuid[]',
    revision: 'int4',
    computedAt: 'timestamptz',
    updatedAt: 'timestamptz',
  },
  DeadlineChange: {
    id: 'uuid',
    organizationId: 'uuid',
    caseId: 'uuid',
    deadlineId: 'uuid',
    revision: 'int4',
    previousDate: 'date',
    previousAt: 'timestamptz',
    previousStatus: '"DeadlineStatus"',
    date: 'date',
    at: 'timestamptz',
    status: '"DeadlineStatus"',
    cause: 'text',
    causedByEventId: 'uuid',
    causedByClosureId: 'uuid',
    causedByJobId: 'uuid',
    changedAt: 'timestamptz',
  },
  Reminder: {
    id: 'uuid',
    organizationId: 'uuid',
    caseId: 'uuid',
    deadlineId: 'uuid',
    deadlineRevision: 'int4',
    occurrence: 'text',
    recipientType: '"ReminderRecipientType"',
    recipientId: 'uuid',
    channel: '"ReminderChannel"',
    dueAt: 'timestamptz',
    expiresAt: 'timestamptz',
    nextAttemptAt: 'timestamptz',
    payload: 'jsonb',
    updatedAt: 'timestamptz',
  },
  AuditEvent: {
    id: 'uuid',
    organizationId: 'uuid',
    apiKeyId: 'uuid',
    userId: 'uuid',
    actor: 'text',
    action: 'text',
    targetType: 'text',
    targetId: 'text',
    requestId: 'text',
    details: 'jsonb',
  },
  IdempotencyRecord: {
    organizationId: 'uuid',
    key: 'text',
    requestHash: 'text',
    statusCode: 'int4',
    responseBody: 'text',
    responseHeaders: 'jsonb',
    expiresAt: 'timestamptz',
  },
};

/** A value as the text PostgreSQL casts to the column's type; null stays null. */
function asText(value: unknown, type: string): string | null {
  if (value === null || value === undefined || value === Prisma.DbNull) return null;
  if (type === 'jsonb') return JSON.stringify(value);
  if (type === 'uuid[]') return (value as string[]).join(',');
  if (value instanceof Date)
    return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`cannot write ${typeof value} to a ${type} column`);
}

/** One SQL statement with its parameters ($1, $2, …), not yet sent. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Inserts `rows` (objects with the same keys, named as the table's columns) in one statement.
 * `onConflictDoNothing`: rows that would break a unique key are skipped (createMany's skipDuplicates).
 */
export async function insertRows(
  tx: Tx,
  table: keyof typeof COLUMN_TYPES,
  rows: readonly Record<string, unknown>[],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<number> {
  const statement = insertStatement(table, rows, options);
  return statement ? tx.$executeRawUnsafe(statement.sql, ...statement.params) : 0;
}

/** The statement `insertRows` sends (null: no rows). */
export function insertStatement(
  table: keyof typeof COLUMN_TYPES,
  rows: readonly Record<string, unknown>[],
  options: { onConflictDoNothing?: boolean } = {},
): Statement | null {
  if (rows.length === 0) return null;
  const types = COLUMN_TYPES[table]!;
  const columns = Object.keys(rows[0]!);
  for (const column of columns) {
    if (!Object.hasOwn(types, column))
      throw new Error(`bulk insert into ${table}: no SQL type for column ${column}`);
  }
  const arrays = columns.map((column) => rows.map((row) => asText(row[column], types[column]!)));
  const cast = (column: string, i: number): string => {
    const type = types[column]!;
    return type.endsWith('[]') ? `string_to_array(c${i}, ',')::${type}` : `c${i}::${type}`;
  };
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
    SELECT ${columns.map(cast).join(', ')}
    FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS t(${columns.map((_, i) => `c${i}`).join(', ')})
    ${options.onConflictDoNothing ? 'ON CONFLICT DO NOTHING' : ''}`;
  return { sql, params: arrays };
}

/**
 * Updates rows by id, each with its own values, in one statement: `UPDATE … FROM unnest(…)`.
 * `bumpVersion`: also `version = version + 1` (a case's ETag).
 */
export async function updateRows(
  tx: Tx,
  table: keyof typeof COLUMN_TYPES,
  rows: readonly Record<string, unknown>[],
  options: { bumpVersion?: boolean } = {},
): Promise<number> {
  const statement = updateStatement(table, rows, options);
  return statement ? tx.$executeRawUnsafe(statement.sql, ...statement.params) : 0;
}

/** The statement `updateRows` sends (null: no rows). */
export function updateStatement(
  table: keyof typeof COLUMN_TYPES,
  rows: readonly Record<string, unknown>[],
  options: { bumpVersion?: boolean } = {},
): Statement | null {
  if (rows.length === 0) return null;
  const types = COLUMN_TYPES[table]!;
  const columns = Object.keys(rows[0]!);
  for (const column of columns) {
    if (!Object.hasOwn(types, column))
      throw new Error(`bulk update of ${table}: no SQL type for column ${column}`);
  }
  const arrays = columns.map((column) => rows.map((row) => asText(row[column], types[column]!)));
  const value = (column: string, i: number): string => {
    const type = types[column]!;
    return type.endsWith('[]') ? `string_to_array(t.c${i}, ',')::${type}` : `t.c${i}::${type}`;
  };
  const sets = columns
    .map((column, i) => (column === 'id' ? null : `"${column}" = ${value(column, i)}`))
    .filter((set): set is string => set !== null);
  if (options.bumpVersion) sets.push('"version" = x."version" + 1');
  const sql = `UPDATE "${table}" AS x SET ${sets.join(', ')}
    FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS t(${columns.map((_, i) => `c${i}`).join(', ')})
    WHERE x.id = t.c${columns.indexOf('id')}::uuid`;
  return { sql, params: arrays };
}

/**
 * Several writes sent as one statement (data-modifying CTEs, `WITH w0 AS (…), w1 AS (…) SELECT 1`):
 * one round trip instead of one each. They all run, on the same snapshot, so none may read what
 * another writes or write a row another writes; foreign keys are checked at the statement's end,
 * so a row may refer to one inserted beside it. `select` (given the CTEs' names, in the order of
 * `statements`, null where there was nothing to write) reads what their RETURNING clauses return.
 */
export async function writeTogether<T = unknown>(
  tx: Tx,
  statements: readonly (Statement | null)[],
  select: (names: (string | null)[]) => string = () => 'SELECT 1',
): Promise<T[]> {
  const names: (string | null)[] = [];
  const params: unknown[] = [];
  const ctes: string[] = [];
  for (const part of statements) {
    if (part === null) {
      names.push(null);
      continue;
    }
    const offset = params.length;
    params.push(...part.params);
    // The builders above write no "$" but their placeholders.
    const sql = part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    names.push(`w${ctes.length}`);
    ctes.push(`w${ctes.length} AS (${sql})`);
  }
  if (ctes.length === 0) return [];
  return tx.$queryRawUnsafe<T[]>(`WITH ${ctes.join(',\n')}\n${select(names)}`, ...params);
}

/**
 * Writes a request has decided on but not yet sent, sent together in one statement
 * (`writeTogether`) just before its transaction commits: recording an event queues its event,
 * recomputation, reminders, audit row and idempotency record here, one round trip for all.
 * Nothing queued is visible to the transaction's reads until `flush`; queue only what no later
 * read of the same request needs.
 */
export class PendingWrites {
  private readonly statements: Statement[] = [];

  add(...statements: (Statement | null)[]): void {
    for (const statement of statements) if (statement !== null) this.statements.push(statement);
  }

  async flush(tx: Tx): Promise<void> {
    await writeTogether(tx, this.statements.splice(0));
  }
}

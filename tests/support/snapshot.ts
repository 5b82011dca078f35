// A fingerprint of everything in the database (every row of every table but the migration
// bookkeeping), to prove that a rejected request changed nothing.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** When a key or feed token was last used is bookkeeping of reads, not a change. */
const READ_BOOKKEEPING = new Set(['lastUsedAt', 'lastFetchedAt', 'lastSeenAt']);

export async function databaseFingerprint(pool: pg.Pool): Promise<Record<string, string>> {
  const columns = await pool.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns.rows) {
    if (!READ_BOOKKEEPING.has(column)) byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  const fingerprint: Record<string, string> = {};
  for (const [table, cols] of byTable) {
    const list = cols.map((c) => `"${c}"`).join(', ');
    const rows = await pool.query<{ row: string }>(
      `SELECT ROW(${list})::text AS row FROM "${table}" ORDER BY 1`,
    );
    const text = rows.rows.map((r) => r.row).join('\n');
    fingerprint[table] =
      `${rows.rowCount}:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  }
  return fingerprint;
}

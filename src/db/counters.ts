// Fixed-window counters in PostgreSQL, so every Orderly process counts the same: the web app's
// failed sign-ins (src/services/sign-in-throttle.ts, through db/accounts.ts), the API's failed
// authentications and its per-key request budget (src/services/request-limits.ts). One table,
// "AuthFailure" (bucket, windowStart, count); buckets are hashes, never an address or a key.
import type { Database } from './client.js';

/**
 * Adds `by` (1 unless said) to each bucket in the window starting at `windowStart`; the counts
 * after, in order.
 */
export async function incrementCounters(
  db: Database,
  buckets: readonly string[],
  windowStart: Date,
  by = 1,
): Promise<number[]> {
  // One statement, its own transaction: concurrent increments of one bucket queue on its row.
  const { rows } = await db.pool.query<{ bucket: string; count: number }>(
    `INSERT INTO "AuthFailure" (bucket, "windowStart", count)
       SELECT b, $2, $3 FROM unnest($1::text[]) AS b
     ON CONFLICT (bucket, "windowStart") DO UPDATE SET count = "AuthFailure".count + $3
     RETURNING bucket, count`,
    [buckets, windowStart, by],
  );
  const counts = new Map(rows.map((r) => [r.bucket, r.count]));
  return buckets.map((b) => counts.get(b) ?? 0);
}

/** Removes windows that started before `before` (they count for nothing any more). */
export async function pruneCounters(db: Database, before: Date): Promise<number> {
  const result = await db.pool.query(`DELETE FROM "AuthFailure" WHERE "windowStart" < $1`, [
    before,
  ]);
  return result.rowCount ?? 0;
}

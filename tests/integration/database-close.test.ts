// Closing the database is done only when the server has seen every connection go: the
// embedded PostgreSQL is stopped right after, and a connection still open then is cut off
// (57P01 in the log of what should be a clean stop).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { adminUrl, createDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let admin: pg.Client;
beforeAll(async () => {
  database = await createDatabase({ migrated: true });
  admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await database.drop();
});

async function connectionsLeft(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'orderly'`,
    [database.name],
  );
  return rows[0]!.n;
}

describe('closing the database', () => {
  it('returns only once the server has seen each of the pool’s connections end', async () => {
    for (let round = 0; round < 10; round++) {
      const db = openDatabase({ url: database.url, poolMax: 6, log: createLogger('silent') });
      // Six connections at once, each used, then idle in the pool.
      await Promise.all(Array.from({ length: 6 }, () => db.pool.query('SELECT pg_sleep(0.02)')));
      await db.prisma.$queryRaw`SELECT 1`;
      expect(await connectionsLeft()).toBeGreaterThan(0);
      await db.close();
      expect(await connectionsLeft(), `round ${round}`).toBe(0);
    }
  });
});

// The per-key request budget claimed in leases (src/services/request-limits.ts): the shared count
// in PostgreSQL is written once per lease instead of once per request, and across processes no
// more than the limit is ever let through. Each "process" here is a RequestBudget of its own over
// the same database, as two API processes have.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { RequestBudget, SharedCounters } from '../../src/services/request-limits.js';
import { createDatabase, type TestDatabase } from '../support/database.js';
import { TestClock } from '../support/reminders.js';
import { openTestRuntime } from '../support/runtime.js';

const MINUTE = 60_000;

describe('RequestBudget', () => {
  let database: TestDatabase;
  let runtime: Runtime;
  let clock: TestClock;
  let counters: SharedCounters;
  let keys = 0;
  const newKey = () => `key-${++keys}`;
  /** Every count in the shared table (each test empties it first): what the database was told. */
  const storedCount = async () => {
    const rows = await runtime.db.pool.query<{ total: string }>(
      `SELECT coalesce(sum(count), 0) AS total FROM "AuthFailure"`,
    );
    return Number(rows.rows[0]!.total);
  };

  beforeAll(async () => {
    database = await createDatabase({ migrated: true });
    clock = new TestClock(new Date('2027-03-01T17:00:05Z'));
    runtime = await openTestRuntime(database.url, { migrate: false, clock });
    counters = new SharedCounters(runtime.db, clock, runtime.log);
  });
  afterAll(async () => {
    await runtime.close();
    await database.drop();
  });

  const clear = () => runtime.db.pool.query(`DELETE FROM "AuthFailure"`);

  it('one process: exactly the limit answered, counted 1, 2, 3…, with one write per lease', async () => {
    await clear();
    // Leases of 10; the last one is cut to the 5 left.
    const budget = new RequestBudget(counters, 1005);
    const key = newKey();
    const currents: number[] = [];
    for (let i = 0; i < 1005; i++) currents.push((await budget.take(key, MINUTE)).current);
    expect(currents).toEqual(Array.from({ length: 1005 }, (_, i) => i + 1));
    // 101 leases: the database holds what was claimed.
    expect(await storedCount()).toBe(1010);
    const refused = await budget.take(key, MINUTE);
    expect(refused.current).toBeGreaterThan(1005);
    expect(refused.ttl).toBe(55_000);
    const afterFirstRefusal = await storedCount();
    // Once the limit is reached, refusals cost no write.
    for (let i = 0; i < 50; i++) expect((await budget.take(key, MINUTE)).current).toBe(1006);
    expect(await storedCount()).toBe(afterFirstRefusal);
  });

  it('a new window starts a new budget', async () => {
    await clear();
    const budget = new RequestBudget(counters, 5);
    const key = newKey();
    for (let i = 0; i < 5; i++) expect((await budget.take(key, MINUTE)).current).toBe(i + 1);
    expect((await budget.take(key, MINUTE)).current).toBe(6);
    clock.advance(MINUTE);
    expect(await budget.take(key, MINUTE)).toEqual({ current: 1, ttl: 55_000 });
    clock.advance(-MINUTE);
  });

  it('requests arriving together while the lease is empty share one claim', async () => {
    await clear();
    const budget = new RequestBudget(counters, 10_000); // leases of 100
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 250 }, () => budget.take(key, MINUTE)));
    expect(answers.map((a) => a.current).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
    expect(await storedCount()).toBe(300); // three leases, not 250 writes
  });

  it('two processes, any interleaving: never more than the limit, at most a lease each left unspent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 600 }),
        async (limit, order) => {
          await clear();
          const key = newKey();
          const processes = [
            new RequestBudget(counters, limit),
            new RequestBudget(counters, limit),
          ];
          const lease = Math.max(1, Math.floor(limit / 100));
          let answered = 0;
          for (const first of order) {
            const { current } = await processes[first ? 0 : 1]!.take(key, MINUTE);
            if (current <= limit) answered += 1;
          }
          expect(answered).toBeLessThanOrEqual(limit);
          // Refused only when the budget is spent, apart from what the other process holds.
          expect(answered).toBeGreaterThanOrEqual(Math.min(order.length, limit - 2 * (lease - 1)));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('two processes at once, concurrently: never more than the limit', async () => {
    await clear();
    const key = newKey();
    // Leases of 7, and a limit that is not a multiple of them.
    const processes = [new RequestBudget(counters, 703), new RequestBudget(counters, 703)];
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => processes[i % 2]!.take(key, MINUTE)),
    );
    const answered = answers.filter((a) => a.current <= 703).length;
    expect(answered).toBeLessThanOrEqual(703);
    expect(answered).toBeGreaterThanOrEqual(703 - 2 * 6);
  });

  it('holds at most maxKeys leases', async () => {
    await clear();
    const budget = new RequestBudget(counters, 600, 5);
    for (let i = 0; i < 20; i++) await budget.take(newKey(), MINUTE);
    expect(budget.size).toBe(5);
    clock.advance(MINUTE);
    await budget.take(newKey(), MINUTE);
    expect(budget.size).toBe(1); // the past window's leases are gone
    clock.advance(-MINUTE);
  });
});

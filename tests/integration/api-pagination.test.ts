// Cursor pagination with a stable order: while rows are being added, paging through the
// organization's deadlines never repeats a row and never skips one that existed when the
// walk began.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type Tenant, type TestApi } from '../support/api.js';

let api: TestApi;
let clinic: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  clinic = await createTenant(api);
});
afterAll(() => api.close());

interface Item {
  id: string;
  date: string;
  kind: string;
  caseReference: string;
}

const trigger = (i: number) => {
  const day = new Date(Date.UTC(2026, 0, 5) + i * 3 * 86_400_000).toISOString().slice(0, 10);
  return {
    family: 'CH',
    court: 'CA',
    reference: `PAGE-${i}`,
    events: [{ type: 'PETITION_FILED', date: day }],
  };
};

async function addCases(from: number, count: number) {
  for (let i = from; i < from + count; i++) {
    const response = await clinic.request({
      method: 'POST',
      url: '/v1/cases',
      payload: trigger(i),
    });
    expect(response.statusCode).toBe(201);
  }
}

describe('GET /v1/deadlines pagination', () => {
  it('pages in (date, id) order with no repeats and no gaps while rows are added mid-walk', async () => {
    await addCases(0, 30);
    const before = (
      await clinic.request({ method: 'GET', url: '/v1/deadlines?status=all&limit=200' })
    ).json<{ items: Item[] }>().items;
    expect(before.length).toBeGreaterThan(40);

    const seen: Item[] = [];
    let cursor: string | null = null;
    let added = 30;
    do {
      const url: string = `/v1/deadlines?status=all&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await clinic.request({ method: 'GET', url });
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json<{ items: Item[]; nextCursor: string | null }>();
      seen.push(...body.items);
      cursor = body.nextCursor;
      // Rows keep arriving, dated before, inside and after the walk's position.
      if (added < 45) {
        await clinic.request({
          method: 'POST',
          url: '/v1/cases',
          payload: trigger(added % 2 === 0 ? 1000 + added : added - 28),
        });
        added += 1;
      }
    } while (cursor);

    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length); // no repeats
    for (const row of before) expect(ids).toContain(row.id); // nothing that existed was skipped
    const keys = seen.map((item) => `${item.date} ${item.id}`);
    expect(keys).toEqual([...keys].sort()); // stable order
  });

  it('filters by date range and kind, and a cursor is bound to its filters', async () => {
    const page = await clinic.request({
      method: 'GET',
      url: '/v1/deadlines?status=all&from=2026-02-01&to=2026-02-28&kind=HEARING_LATEST&limit=2',
    });
    const body = page.json<{ items: Item[]; nextCursor: string }>();
    expect(
      body.items.every(
        (i) => i.kind === 'HEARING_LATEST' && i.date >= '2026-02-01' && i.date <= '2026-02-28',
      ),
    ).toBe(true);
    expect(body.nextCursor).toEqual(expect.any(String));
    const reused = await clinic.request({
      method: 'GET',
      url: `/v1/deadlines?status=all&kind=HEARING&cursor=${encodeURIComponent(body.nextCursor)}`,
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({
      errors: [{ name: 'query.cursor', reason: 'this cursor was issued for different filters' }],
    });
  });

  it("upcoming and overdue are relative to today in the court's zone", async () => {
    const all = (
      await clinic.request({ method: 'GET', url: '/v1/deadlines?status=open&limit=200' })
    ).json<{ items: (Item & { overdue: boolean })[] }>().items;
    const upcoming = (
      await clinic.request({ method: 'GET', url: '/v1/deadlines?status=upcoming&limit=200' })
    ).json<{ items: (Item & { overdue: boolean })[] }>().items;
    const overdue = (
      await clinic.request({ method: 'GET', url: '/v1/deadlines?status=overdue&limit=200' })
    ).json<{ items: (Item & { overdue: boolean })[] }>().items;
    expect(upcoming.length + overdue.length).toBe(all.length);
    expect(overdue.every((i) => i.overdue)).toBe(true);
    expect(upcoming.every((i) => !i.overdue)).toBe(true);
  });

  it('pages cases and advocates too', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await clinic.request({
        method: 'GET',
        url: `/v1/cases?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      });
      const body = page.json<{ items: { id: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen.length).toBe(
      Number(
        (await api.runtime.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM "Case"'))
          .rows[0]!.n,
      ),
    );
  });
});

describe('cursors are signed and checked (issue 11: a forged cursor was a 500)', () => {
  const lists = [
    '/v1/cases',
    '/v1/advocates',
    '/v1/deadlines?status=all',
    '/v1/reminders',
    '/v1/feeds',
    '/v1/audit-events',
    '/v1/retention-runs',
  ];
  const unsigned = (k: unknown[], f = 'x') =>
    Buffer.from(JSON.stringify({ k, f })).toString('base64url');

  it('answers a forged, edited or foreign cursor with 400 naming query.cursor, on every list', async () => {
    await addCases(100, 3);
    const real = (await clinic.request({ method: 'GET', url: '/v1/cases?limit=1' })).json<{
      nextCursor: string;
    }>().nextCursor;
    expect(real).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    const [payload, mac] = real.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { f: string };
    const edited = `${unsigned(['00000000-0000-7000-8000-000000000000'], decoded.f)}.${mac}`;
    const forged = [
      unsigned(['not-a-uuid'], decoded.f), // the old unsigned format, a key no query takes (was a 500)
      `${unsigned(["'; DROP TABLE"])}.${mac}`,
      edited,
      `${payload}.${'A'.repeat(22)}`,
      'garbage',
      '.',
      `${payload}.`,
    ];
    for (const list of lists) {
      for (const cursor of forged) {
        const url = `${list}${list.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
        const response = await clinic.request({ method: 'GET', url });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(response.json()).toMatchObject({ errors: [{ name: 'query.cursor' }] });
      }
    }
    // The real one still works.
    const next = await clinic.request({
      method: 'GET',
      url: `/v1/cases?limit=1&cursor=${encodeURIComponent(real)}`,
    });
    expect(next.statusCode, next.body).toBe(200);
  });
});

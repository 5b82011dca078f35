// UUIDv7 ids made in bulk stay in creation order: keyset pages, and an export's case order,
// rely on it. A bulk import makes thousands in one millisecond (more than the 12-bit counter).
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/db/ids.js';

describe('uuidv7', () => {
  it('keeps ids increasing past 4,096 in one millisecond, and when the clock steps back', () => {
    const at = Date.parse('2026-11-29T12:00:00Z');
    const ids = [
      ...Array.from({ length: 10_000 }, () => uuidv7(at)),
      ...Array.from({ length: 100 }, () => uuidv7(at - 5)),
    ];
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

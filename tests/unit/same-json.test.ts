import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/services/deadlines.js';

describe('sameJson', () => {
  it.each([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [null, null, true],
    [['x', 'y'], ['x', 'y'], true],
    [['x', 'y'], ['y', 'x'], false],
    [{ a: 1 }, { a: '1' }, false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: null }, {}, false],
    [[], {}, false],
    [{ a: { b: [{ c: 1, d: 2 }] } }, { a: { b: [{ d: 2, c: 1 }] } }, true],
    [null, {}, false],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
    expect(sameJson(b, a)).toBe(same);
  });

  it('agrees with a JSON round trip through sorted keys, whatever the key order', () => {
    const sorted = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sorted)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([x], [y]) => (x < y ? -1 : 1))
                .map(([k, w]) => [k, sorted(w)]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, JSON.parse(JSON.stringify(sorted(a))))).toBe(true);
        expect(sameJson(a, b)).toBe(JSON.stringify(sorted(a)) === JSON.stringify(sorted(b)));
      }),
      { numRuns: 2_000 },
    );
  });
});

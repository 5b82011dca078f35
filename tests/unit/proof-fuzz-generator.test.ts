// The proof's hostile-input generator, alone: no server, no database. A value the generator
// draws must never crash the harness (a prototype-less object in a query array once did, minutes
// into CI). Each run draws a fresh seed, as CI's proof does; a failure prints the seed, and
// FUZZ_SEED=<n> replays it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asJson,
  asText,
  operationsOf,
  requestsFor,
  type Request,
} from '../../scripts/proof/fuzz.js';
import { openApiDocument } from '../../src/http/openapi.js';

const DRAWS = 20_000;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 1_000_000;

describe('the proof fuzzer’s request generator', () => {
  it('turns any generated value into text without throwing', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = Object.create(null);
    // What crashed the harness: String() of an object without a prototype.
    expect(() => `${bare as unknown as string}`).toThrow(TypeError);
    expect(asText(bare)).toBe('{"k":{}}');
    expect(asText([bare, 1])).toBe('[{"k":{}},1]');
    expect(asText('a b')).toBe('a b');
    expect(asText(3.5)).toBe('3.5');
    expect(asText(null)).toBe('null');
    expect(asText(10n)).toBe('10');
    expect(asText({ n: 10n })).toBe('{"n":"10"}');
    expect(asJson('a b')).toBe('"a b"');
    expect(asJson(undefined)).toBe('null');
    expect(asJson(bare)).toBe('{"k":{}}');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(asText(cycle)).toBe('[object Object]');
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true }), (value) => {
        expect(typeof asText(value)).toBe('string');
        expect(typeof asJson(value)).toBe('string');
      }),
      { seed, numRuns: 2_000 },
    );
  });

  it(`draws ${DRAWS.toLocaleString('en-US')} requests from the OpenAPI document without crashing (seed ${seed})`, async () => {
    const doc = JSON.parse(JSON.stringify(await openApiDocument())) as Parameters<
      typeof operationsOf
    >[0] & { components: { schemas: Record<string, Record<string, unknown>> } };
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(20);
    const ownIds = ['0190a0a0-0000-7000-8000-000000000001', '0190a0a0-0000-7000-8000-000000000002'];
    const generator = requestsFor(ops, doc.components.schemas, {
      actor: { key: `ork_0123456789_${'A'.repeat(43)}`, ids: () => ownIds },
      victim: { ids: ['0190a0a0-0000-7000-8000-0000000000ff'], secrets: [] },
      feedPath: (token) => `/feeds/${token}.ics`,
    });
    let requests: Request[];
    try {
      requests = fc.sample(generator, { numRuns: DRAWS, seed });
    } catch (error) {
      throw new Error(
        `the generator crashed with seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run tests/unit/proof-fuzz-generator.test.ts)`,
        { cause: error },
      );
    }
    expect(requests).toHaveLength(DRAWS);
    const operations = new Set<string>();
    for (const request of requests) {
      operations.add(request.op);
      expect(request.url.startsWith('/'), `seed ${seed}: ${request.url}`).toBe(true);
      expect(['string', 'undefined']).toContain(typeof request.body);
      for (const value of Object.values(request.headers)) expect(typeof value).toBe('string');
    }
    // Every operation is reached, so a crash in any one's generator shows here.
    expect(operations.size, `seed ${seed}`).toBe(ops.length);
  }, 300_000); // 4 s alone; minutes on a 2-core machine shared with other test runs
});

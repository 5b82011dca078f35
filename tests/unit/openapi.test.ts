// The OpenAPI document is generated from the route schemas; the copy in the repository
// must be what the code generates now (run `npm run openapi` after changing a route).
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/openapi.js';
import { PROJECT_ROOT } from '../../src/paths.js';

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>
  >;
  components: { schemas: Record<string, unknown> };
}

describe('OpenAPI', () => {
  it('docs/openapi.json is what the code generates (run `npm run openapi` if this fails)', async () => {
    const generated = JSON.parse(JSON.stringify(await openApiDocument())) as Doc;
    const committed = JSON.parse(
      await fs.readFile(path.join(PROJECT_ROOT, 'docs', 'openapi.json'), 'utf8'),
    ) as Doc;
    expect(committed).toEqual(generated);
  });

  it('is OpenAPI 3.1 with every operation documented and every $ref resolvable', async () => {
    const doc = JSON.parse(JSON.stringify(await openApiDocument())) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => ({ name: `${m.toUpperCase()} ${p}`, op })),
    );
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'POST /v1/compute',
        'POST /v1/cases',
        'GET /v1/cases/{id}',
        'PATCH /v1/cases/{id}',
        'POST /v1/cases/{id}/events',
        'GET /v1/deadlines',
        'GET /v1/cases/{id}/deadlines',
      ]),
    );
    for (const { name, op } of operations) {
      expect(Object.keys(op.responses ?? {}), name).not.toHaveLength(0);
    }
    const refs = [
      ...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(doc.components.schemas, ref).toHaveProperty(ref);
  });
});

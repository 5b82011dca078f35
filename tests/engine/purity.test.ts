// The engine is pure: no process, no clock, no I/O, no machine-time-zone Date methods,
// no date libraries on its code paths. A cheap source check keeps it that way.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = resolve(import.meta.dirname, '../../src/engine');
const FORBIDDEN: [RegExp, string][] = [
  [/\bprocess\./, 'process'],
  [/\bDate\.now\b|\bnew Date\b|\bDate\(/, 'the JS Date (clock or machine zone)'],
  [
    /\.(getDate|getDay|getMonth|getFullYear|getHours|setHours|setDate|toLocaleString|toLocaleDateString)\(/,
    'time-zone-dependent Date methods',
  ],
  [/from '(node:)?(fs|path|child_process|http|https|net|os)'/, 'I/O modules'],
  [/from 'date-(holidays|fns)'|from '@date-fns/, 'date libraries (precomputed data only)'],
  [/\bMath\.random\b/, 'randomness'],
];

function code(file: string): string {
  // Comments may mention these names; only code counts.
  return readFileSync(join(ENGINE, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('engine purity', () => {
  // Every file, in law/ and lifecycle/ too.
  const files = readdirSync(ENGINE, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  it('has source files', () => expect(files.length).toBeGreaterThan(10));
  it.each(files)('%s uses no clock, process, I/O or machine time zone', (file) => {
    const src = code(file);
    for (const [pattern, what] of FORBIDDEN) expect(src, `${file}: ${what}`).not.toMatch(pattern);
  });
});

// The law book (docs/LAW.md) is generated from the rule table; the copy in the
// repository must be what the code generates now (run `npm run law` after changing a
// rule, an interpretation or an example).
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, INTERPRETATIONS } from '../../src/engine/index.js';
import { renderLawBook } from '../../src/engine/law/book.js';
import { PROJECT_ROOT } from '../../src/paths.js';

describe('the law book', () => {
  const book = renderLawBook();

  it('docs/LAW.md is what the rule table generates (run `npm run law` if this fails)', async () => {
    const committed = await fs.readFile(path.join(PROJECT_ROOT, 'docs', 'LAW.md'), 'utf8');
    expect(committed).toBe(book);
  });

  it('has a section for every rule and every interpretation, each rule with a worked example', () => {
    const sections = book.split('\n### ').slice(1);
    for (const r of ALL_RULES) {
      const section = sections.find((s) => s.startsWith(`${r.id}\n`));
      expect(section, r.id).toBeDefined();
      expect(section, r.id).toContain(`| Basis | ${r.basis} |`);
      for (const v of r.versions) expect(section, r.id).toContain(v.citation.replace(/\|/g, '\\|'));
      expect(section, r.id).toContain('**Worked example**');
    }
    for (const id of Object.keys(INTERPRETATIONS)) {
      expect(
        sections.some((s) => s.startsWith(`${id}\n`)),
        id,
      ).toBe(true);
    }
  });

  it('lets a reviewer check the EPO against Fam. Code § 6256 in one entry', () => {
    const epo = book.split('\n### ').find((s) => s.startsWith('EPO.EXPIRY\n')) ?? '';
    expect(epo).toContain('Fam. Code § 6256(a),(b)');
    expect(epo).toContain('`courtDays: 5`, `calendarDays: 7`');
    expect(epo).toContain('`src/engine/law/emergency.ts`');
    expect(epo).toContain('`src/engine/lifecycle/emergency-order.ts`');
    expect(epo).toMatch(/\(a\) 5th court day after issuance: .*\n3\. \(b\) 7th calendar day/);
  });
});

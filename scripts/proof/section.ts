/** One part of PROOF.md: what was done, what was measured, and whether it passed. */
export interface Section {
  title: string;
  passed: boolean;
  markdown: string;
  /** Nothing to pass or fail (e.g. what was not tested): rendered without a verdict. */
  informational?: boolean;
}

/** One thing a section checks: what, the figure measured, and whether it holds. */
export interface Check {
  check: string;
  measured: string;
  ok: boolean;
}

/** A section's checks as a table for PROOF.md. */
export function checkTable(checks: Check[]): string {
  return [
    '| check | measured | result |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.check} | ${c.measured} | ${c.ok ? 'pass' : '**FAIL**'} |`),
  ].join('\n');
}

// PROOF.md as sections: rendering one, and replacing some in the file (`--only`) while keeping
// the others where they are.
import type { Section } from './section.js';

/** A section's lines: its heading with the verdict, its text, a blank line. */
export function renderSection(section: Section): string[] {
  return [
    `## ${section.title}${section.informational ? '' : ` — ${section.passed ? 'passed' : 'FAILED'}`}`,
    '',
    section.markdown,
    '',
  ];
}

/** A heading's title without its verdict ("## Load — passed" → "Load"). */
const titleOf = (heading: string) =>
  heading
    .replace(/^## /, '')
    .replace(/ — (passed|FAILED)$/, '')
    .trim();

/**
 * `existing` (PROOF.md) with each of `sections` in place of the section of the same title, or
 * after the last one when it is new. Everything before the first section (the title, how and
 * where the file was made) stays as it was.
 */
export function mergeSections(existing: string, sections: Section[]): string {
  const lines = existing.split('\n');
  const headings = lines.flatMap((line, i) => (line.startsWith('## ') ? [i] : []));
  const head = lines.slice(0, headings[0] ?? lines.length);
  const parts = headings.map((start, k) => ({
    title: titleOf(lines[start]!),
    lines: lines.slice(start, headings[k + 1] ?? lines.length),
  }));
  for (const section of sections) {
    const rendered = renderSection(section);
    const at = parts.findIndex((part) => part.title === section.title);
    if (at >= 0) parts[at] = { title: section.title, lines: rendered };
    else parts.push({ title: section.title, lines: rendered });
  }
  const text = [
    ...(existing.trim() ? head : ['# PROOF — load, faults and hostile input', '']),
    ...parts.flatMap((part) => part.lines),
  ].join('\n');
  return `${text.trimEnd()}\n`;
}

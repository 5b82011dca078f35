// Text a person reads somewhere else — a case's reference and labels in calendars, feeds and
// lists — must look like what it is. Bidirectional overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) can make "CASE-12" display as another case's reference, and text made only of
// invisible characters (zero-width spaces, joiners, word joiners, the BOM) looks empty where it is
// shown. Control characters have no place in a label either. Both are refused, naming the field.
import type { FieldProblem } from './errors.js';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
// C0 and C1 controls, and the Unicode line and paragraph separators (some readers break lines
// there: iCalendar, email headers).
const isControl = (code: number) =>
  code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
/** Characters that display as nothing (besides whitespace). */
const INVISIBLE = new Set([
  0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e,
  0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x3164, 0xfeff, 0xffa0,
]);

/** Why `value` cannot be shown as a reference or label; null when it can. */
export function unsafeTextReason(value: string): string | null {
  if (BIDI_CONTROLS.test(value))
    return 'must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)';
  const codes = [...value].map((c) => c.codePointAt(0)!);
  if (codes.some(isControl)) return 'must not contain control characters';
  if ([...value].every((c) => /\s/u.test(c) || INVISIBLE.has(c.codePointAt(0)!)))
    return 'must contain a visible character (not only spaces or zero-width characters)';
  return null;
}

/** Adds a problem for each of `fields` that is present and unsafe, named `body.<field>`. */
export function checkDisplayText(
  fields: Record<string, string | null | undefined>,
  problems: FieldProblem[],
): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    const reason = unsafeTextReason(value);
    if (reason) problems.push({ name: `body.${name}`, reason });
  }
}

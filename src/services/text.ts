// Text a person reads somewhere else — a case's reference and labels in calendars, feeds and
// lists — must look like what it is. Bidirectional overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) can make "CASE-12" display as another case's reference, and text made only of
// invisible characters (zero-width spaces, joiners, word joiners, the BOM) looks empty where it is
// shown. Control characters have no place in a label either. Both are refused, naming the field.
import type { FieldProblem } from './errors.js';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/u;
/** Whitespace and the characters that display as nothing. */
const INVISIBLE =
  /[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0]/gu;

/** Why `value` cannot be shown as a reference or label; null when it can. */
export function unsafeTextReason(value: string): string | null {
  if (BIDI_CONTROLS.test(value))
    return 'must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)';
  if (CONTROLS.test(value)) return 'must not contain control characters';
  if (value.replace(INVISIBLE, '').length === 0)
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

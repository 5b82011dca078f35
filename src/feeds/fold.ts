// RFC 5545 §3.1 line folding: content lines longer than 75 octets are split with CRLF and a
// single space. This produces byte for byte what ical-generator 10's own `foldLines` produces
// (tests/unit/feeds-fold.test.ts checks that on arbitrary Unicode, lone surrogates included),
// but without the cost that made a 10,000-event feed take seconds: the library encodes every
// character with a fresh `new TextEncoder()` (≈1 µs each, ~1 ms per event) and appends to the
// result one character at a time. Here the UTF-8 width comes from the UTF-16 code unit, and
// lines are copied in slices; ASCII lines short enough to need no fold are kept as they are.
//
// Written as a drop-in replacement for `foldLines` in ical-generator's src/tools.ts (same name,
// same contract, no dependencies), so it can be offered upstream as is. The same hot spot is
// reported upstream (sebbo2002/ical-generator#765); the fixed releases need Node 22, and
// Orderly stays on ical-generator 10 for Node 20, so the feed renderer folds with this instead.
// src/feeds/UPSTREAM.md has the same change as a patch to the library, and the other
// ical-generator problems the feeds work around.

/** Longest first line, in octets (the library's choice: continuation lines get one more, the space). */
const FIRST_LINE_OCTETS = 74;

// Any line with no character above U+007F.
const ASCII = /^[^\u0080-\uffff]*$/;

/** One UTF-16 unit encoded on its own (a lone surrogate becomes U+FFFD, 3 octets). */
const unitWidth = (unit: number): number => (unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3);

function foldLine(line: string): string {
  // Every UTF-16 unit is at most 3 octets, so a line this short never needs a fold.
  if (line.length * 3 <= FIRST_LINE_OCTETS) return line;
  if (ASCII.test(line)) {
    if (line.length <= FIRST_LINE_OCTETS) return line;
    let out = line.slice(0, FIRST_LINE_OCTETS);
    for (let i = FIRST_LINE_OCTETS; i < line.length; i += FIRST_LINE_OCTETS)
      out += '\r\n ' + line.slice(i, i + FIRST_LINE_OCTETS);
    return out;
  }
  let out = '';
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length;) {
    // The width of the character at i, counted as ical-generator counts it: a high surrogate
    // is taken together with the unit after it, whatever that is (a valid pair is 4 octets; a
    // lone high surrogate is U+FFFD, 3 octets, plus the unit it swallowed).
    const unit = line.charCodeAt(i);
    let width: number;
    let units = 1;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < line.length) {
      const next = line.charCodeAt(i + 1);
      width = next >= 0xdc00 && next <= 0xdfff ? 4 : 3 + unitWidth(next);
      units = 2;
    } else {
      width = unitWidth(unit);
    }
    octets += width;
    if (octets > FIRST_LINE_OCTETS) {
      out += line.slice(start, i) + '\r\n ';
      start = i;
      octets = width;
    }
    i += units;
  }
  return out + line.slice(start);
}

/** Folds every CRLF-separated line of `input` (RFC 5545 §3.1). */
export function foldLines(input: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const end = input.indexOf('\r\n', from);
    if (end === -1) return out + foldLine(input.slice(from));
    out += foldLine(input.slice(from, end)) + '\r\n';
    from = end + 2;
  }
}

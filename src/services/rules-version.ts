// The engine's rules version: a fingerprint of everything a stored deadline depends on besides
// the case's own events and its court's recorded closures — the rule table (numbers, versions,
// citations, interpretations), the court calendars (holidays, closures shipped, close of
// business), the warning codes, and the engine's own answers to one worked example per rule
// (the law book, docs/LAW.md: so a change in the computation or its wording shows too).
//
// Every recomputation stamps it on the case (Case.rulesVersion). A release whose fingerprint
// differs finds, at start-up, the cases computed under another one and recomputes them in the
// background (src/services/recompute-jobs.ts, cause RULES_CHANGED).
//
// Computed once per process, on first use (the law book takes 30–200 ms to compute), not when
// the module loads, so start-up does not wait for it.
import { createHash } from 'node:crypto';
import { DEFAULT_CALENDAR_SOURCE, LAW, WARNING_CODES } from '../engine/index.js';
import { renderLawBook } from '../engine/law/book.js';

let memo: string | undefined;

/** 16 hex digits; the same in every process running the same engine and calendars. */
export function rulesVersion(): string {
  memo ??= createHash('sha256')
    .update(JSON.stringify(LAW))
    .update('\0')
    .update(JSON.stringify(DEFAULT_CALENDAR_SOURCE))
    .update('\0')
    .update(JSON.stringify(WARNING_CODES))
    .update('\0')
    .update(renderLawBook())
    .digest('hex')
    .slice(0, 16);
  return memo;
}

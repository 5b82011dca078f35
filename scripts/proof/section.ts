/** One part of PROOF.md: what was done, what was measured, and whether it passed. */
export interface Section {
  title: string;
  passed: boolean;
  markdown: string;
  /** Nothing to pass or fail (e.g. what was not tested): rendered without a verdict. */
  informational?: boolean;
}

// What the shared pieces of the pages say, one catalogue per language. Translators add a
// language by copying en.ts and translating it: the type below makes every string required,
// so a missing one fails the build, not a page. Staff-only page text stays beside its page.
import type { DeadlineKind, EventType, Family } from '../../engine/index.js';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Catalogue {
  /** BCP 47 tag for `lang` and for formatting dates. */
  tag: string;
  /** The neutral title of every page: no names, nothing about orders. */
  siteName: string;
  skipToContent: string;
  quickExit: { label: string; hint: string };
  errors: {
    summaryTitle: string;
    notFoundTitle: string;
    notFoundBody: string;
    serverTitle: string;
    serverBody: (reference: string) => string;
    expiredFormTitle: string;
    expiredFormBody: string;
    tooManyTitle: string;
    tooManyBody: (minutes: number) => string;
    forbiddenTitle: string;
    forbiddenBody: string;
    backHome: string;
  };
  /** A deadline as a sentence with its date ("Papers must be served by Friday, March 12, 2027"). */
  deadline: Record<DeadlineKind, (date: string) => string>;
  /** A deadline's kind as a short label ("Serve by"). */
  deadlineLabel: Record<DeadlineKind, string>;
  status: {
    open: string;
    overdue: string;
    met: string;
    superseded: string;
    inForce: string;
    ended: string;
  };
  families: Record<Family, string>;
  events: Record<EventType, string>;
  at: (time: string) => string;
}

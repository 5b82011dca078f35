// Stage: renewal, when a renewal was permanent. The order no longer expires, but the
// expiry, window and deadline its last dated term had stay on subscribers' calendars,
// cancelled (SUPERSEDED), so nobody keeps a reminder for a date that no longer exists.

import { lastCourtDayOnOrBefore } from '../counting.js';
import { addMonthsClamped } from '../days.js';
import { versionOn } from '../law/model.js';
import type { DatedTerm, OrderTerm } from './order-term.js';
import {
  expiryResult,
  windowResult,
  type OrderExpiryResult,
  type OrderOutcome,
  type RenewalDeadlineResult,
  type RenewalWindowResult,
} from './renewal.js';
import { computed, type Run } from './run.js';

/**
 * A permanent renewal: the expiry, window and deadline slots the last dated term had
 * stay on subscribers' calendars, cancelled. Yielded one by one, so a calendar-range
 * failure on a later one keeps the earlier ones.
 */
/** What replaced them (feeds and reminders say so). */
const REPLACED = { supersededBy: 'ORDER_RENEWED' } as const;

export function* supersededByPermanent(
  run: Run,
  o: OrderOutcome,
  permanent: OrderTerm,
  replaced: DatedTerm,
): Generator<OrderExpiryResult | RenewalWindowResult | RenewalDeadlineResult> {
  const based = [o.order, permanent.ev];
  const expires = replaced.expires;
  yield expiryResult(
    computed(
      'ORDER_EXPIRES',
      'ORDER_EXPIRES',
      expires,
      replaced.second,
      'SUPERSEDED',
      permanent.version,
      REPLACED,
      based,
    ),
    permanent,
    'permanent',
    undefined,
    undefined,
  );
  const months = versionOn(run.law.rules.renewalWindow.versions, expires).numbers
    .monthsBeforeExpiry;
  const opens = addMonthsClamped(expires, -months);
  yield windowResult(
    computed(
      'RENEWAL_WINDOW_OPENS',
      'RENEWAL_WINDOW_OPENS',
      opens.day,
      undefined,
      'SUPERSEDED',
      versionOn(run.law.rules.renewalWindow.versions, expires),
      REPLACED,
      based,
    ),
    expires,
    months,
    opens,
    opens.day,
    undefined,
    permanent,
  );
  yield {
    stage: 'renewalDeadline',
    deadline: computed(
      'RENEWAL_DEADLINE',
      'RENEWAL_DEADLINE',
      lastCourtDayOnOrBefore(run.cal, expires),
      undefined,
      'SUPERSEDED',
      versionOn(run.law.rules.renewalDeadline.versions, expires),
      REPLACED,
      based,
    ),
    expires,
    skipped: [],
    filed: undefined,
    permanent,
  };
}

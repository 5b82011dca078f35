// Words several families' rules share, written once.

/** Counting a period to an act: trigger day excluded, a non-court last day rolled forward, a hearing on a holiday adjourned. */
export const ROLL = 'CCP §§ 12, 12a, 136';

export const RENEWAL_SERVICE_CAVEAT =
  'Unverified: no statutory number of days for serving renewal papers was found; the days are the ones the court set.';

export const RENEWAL_SERVICE_DESCRIPTION =
  'Service of the renewal papers by the number of days before the hearing the court set.';

/** WV, SV and GV take CH-710's and EA-710's rule that a pending renewal keeps the order alive. */
export const PARALLEL_PENDING_DESCRIPTION =
  'A timely renewal request keeps the order in effect until the end of the renewal hearing (parallel CH-710, EA-710).';

export const PARALLEL_PENDING_CAVEAT =
  'Unverified: that a timely renewal request keeps the order in effect until the renewal hearing is verified only for CH (CH-710) and EA (EA-710); the parallel value is used.';

// Words and entries several families' laws share, written once.

import type { Family } from '../types.js';
import type { FormId, PlainSpec } from './model.js';

/** Counting a period to an act: trigger day excluded, a non-court last day rolled forward, a hearing on a holiday adjourned. */
export const ROLL = 'CCP §§ 12, 12a, 136';

/**
 * RENEWAL.SERVICE: no statute sets how long before the renewal hearing the papers must be
 * served; the engine uses the days the court sets (SERVICE_TIME_SHORTENED), and none without.
 */
export function renewalServiceSetByCourt(
  family: Family,
  citation: string,
  forms: Readonly<Record<string, FormId>> = {},
  description = 'Service of the renewal papers by the number of days before the hearing the court set.',
): PlainSpec {
  return {
    id: `${family}.RENEWAL.SERVICE`,
    kind: 'SERVICE_DEADLINE',
    families: [family],
    description,
    basis: 'unverified',
    caveat:
      'Unverified: no statutory number of days for serving renewal papers was found; the days are the ones the court set.',
    numbers: {},
    forms,
    versions: [{ from: null, citation }],
  };
}

/**
 * RENEWAL.PENDING where only the parallel forms say it: that a timely renewal request
 * keeps the order in effect until the renewal hearing is verified for CH (CH-710) and
 * EA (EA-710) only.
 */
export function renewalPendingByParallel(family: Family, citation: string): PlainSpec {
  return {
    id: `${family}.RENEWAL.PENDING`,
    kind: 'ORDER_EXPIRES',
    families: [family],
    description:
      'A timely renewal request keeps the order in effect until the end of the renewal hearing (parallel CH-710, EA-710).',
    basis: 'unverified',
    caveat:
      'Unverified: that a timely renewal request keeps the order in effect until the renewal hearing is verified only for CH (CH-710) and EA (EA-710); the parallel value is used.',
    numbers: {},
    forms: {},
    versions: [{ from: null, citation }],
  };
}

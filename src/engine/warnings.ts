// Warning codes: facts that contradict each other or the statute. They are what an
// advocate needs to see, so each is stable (clients key on it) and documented here.

export const WARNING_CODES = {
  EVENT_OUT_OF_ORDER:
    'An event is dated before an event it depends on (served before filing, order before the hearing...).',
  EVENT_WITHOUT_PREREQUISITE:
    'An event needs an earlier event that was not recorded (a continuance with no hearing set, a renewal with no order).',
  EVENT_NOT_APPLICABLE: 'An event does not apply to this family or at this stage and was not used.',
  EVENT_AFTER_TERMINATION: 'An event is dated after the order was terminated.',
  ORDER_AFTER_HEARING_TWICE:
    'Two orders after hearing with no renewal between them: the later replaces the earlier; a renewal recorded as a new order, or a duplicate?',
  HEARING_BEYOND_LIMIT:
    'The hearing was set beyond the statutory limit (21 days, or 25 for good cause; 21 for a GVRO).',
  HEARING_NEEDS_GOOD_CAUSE:
    'The hearing was set after the 21-day limit but within 25 days: lawful only with good cause.',
  HEARING_ON_NON_COURT_DAY:
    'The hearing date is not a court day (CCP 136 adjourns it to the next day).',
  CONTINUANCE_NOT_LATER:
    'A continuance moved the hearing to a date on or before the hearing it continued.',
  SERVED_LATE: 'Personal service was after the last day to serve (less notice than required).',
  SERVED_AFTER_HEARING: 'Service is dated after the hearing.',
  SERVICE_NOT_PERSONAL:
    'Initial papers were served by mail or electronically; they must be personally served.',
  SERVICE_DAYS_NOT_SHORTENED:
    'A SERVICE_TIME_SHORTENED event gives more days than the statutory 5.',
  TRO_EXPIRES_BEFORE_HEARING: 'The temporary order ends before the hearing: a gap in protection.',
  GV_EMERGENCY_EXPIRES_BEFORE_HEARING_DEADLINE:
    'The emergency GVRO expires on a non-court day before the rolled hearing deadline: set the hearing by the last court day before expiry.',
  TRO_EXPIRES_BEFORE_HEARING_DEADLINE:
    'A capped temporary order (CH, WV, SV) or an ex parte GVRO with no hearing set ends on a non-court day before the extended hearing deadline: set the hearing by the last court day before it ends.',
  RENEWAL_HEARING_AFTER_EXPIRY:
    'The renewal hearing is after the order expires, and no statute or form found keeps this kind of order in effect until the renewal hearing: it may lapse unless the court extends it.',
  ALTERNATIVE_SERVICE_NOT_AVAILABLE:
    'Service by a court-ordered alternative method is recorded on a date the law for this order is not known to allow it; it was not counted.',
  FIREARMS_LATE:
    "The respondent's firearm relinquishment or receipt is recorded after its deadline.",
  TERMINATION_REQUEST_TOO_SOON:
    'A request to terminate a GVRO within 12 months of the previous one (Pen. Code 18185: one per year; one per order before September 2020).',
  EPO_EXPIRED_BEFORE_TRO:
    'The temporary order was granted after the emergency protective order expired: a gap in protection.',
  EXPIRY_BEYOND_STATUTORY_MAX: 'A written expiry is later than the statute allows.',
  EXPIRY_BELOW_STATUTORY_MIN:
    'A written expiry is earlier than the statute allows (GVRO: at least 1 year).',
  EXPIRY_NOT_AFTER_ISSUANCE: 'A written expiry is on or before the date the order was issued.',
  EXPIRY_NOT_WRITTEN:
    'No expiry was entered where the law sets no default; a conservative default was used.',
  DV_RENEWAL_UNDER_FIVE_YEARS:
    'A DV renewal shorter than 5 years (not allowed: Fam. Code 6345(a), Hart v. Hart).',
  PERMANENT_NOT_AVAILABLE:
    'A permanent order is not available for this family or this kind of order.',
  PERMANENT_WITH_EXPIRY: 'An order is marked permanent and also has an expiry date.',
  RENEWAL_FILED_BEFORE_WINDOW: 'The renewal request was filed before the 3-month window opened.',
  RENEWAL_FILED_AFTER_EXPIRY:
    'The renewal request was filed after the order expired (a new petition is needed).',
  OUTSIDE_CALENDAR_RANGE:
    'A computed date falls outside the supported court calendar; that deadline was not computed.',
} as const;

export type WarningCode = keyof typeof WARNING_CODES;

// Typed input errors. The CLI prints them as one line naming the field and exits 2;
// the HTTP layer maps `code` to a 4xx problem. Nothing here is a bug report: each means
// the caller asked for something the engine will not guess about.

export type EngineInputErrorCode =
  'INVALID_DATE' | 'OUTSIDE_CALENDAR_RANGE' | 'UNKNOWN_COURT' | 'INVALID_ARGUMENT';

export class EngineInputError extends Error {
  override readonly name: string = 'EngineInputError';
  constructor(
    readonly code: EngineInputErrorCode,
    message: string,
    /** The input field at fault, e.g. 'events[2].date', when known. */
    public field?: string,
  ) {
    super(message);
  }
}

/** A date outside the years the court calendar covers (calendars/ca-judicial-holidays.json). */
export class CalendarRangeError extends EngineInputError {
  override readonly name = 'CalendarRangeError';
  constructor(
    readonly date: string,
    readonly supported: { readonly from: number; readonly to: number },
    field?: string,
  ) {
    super(
      'OUTSIDE_CALENDAR_RANGE',
      `${date} is outside the supported court calendar (${supported.from}-${supported.to})`,
      field,
    );
  }
}

export class UnknownCourtError extends EngineInputError {
  override readonly name = 'UnknownCourtError';
  constructor(
    readonly court: string,
    field?: string,
  ) {
    super(
      'UNKNOWN_COURT',
      `unknown court id ${JSON.stringify(court)} (use "CA" or "CA-<county>", e.g. "CA-los-angeles")`,
      field,
    );
  }
}

export class InvalidDateError extends EngineInputError {
  override readonly name = 'InvalidDateError';
  constructor(
    readonly value: string,
    field?: string,
  ) {
    super(
      'INVALID_DATE',
      /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? `not a real calendar date: ${value}`
        : `not a date in YYYY-MM-DD form: ${JSON.stringify(value)}`,
      field,
    );
  }
}

// The database border for dates. Prisma maps `@db.Date` to a JS Date at UTC midnight;
// the rest of Orderly speaks 'YYYY-MM-DD' strings (court-zone calendar dates), so the
// conversion happens here and nowhere else — no Date at UTC midnight ever leaves src/db.
// Instants come back in court time through the engine's one conversion, `courtTimeOf`.
import { courtTimeOf } from '../engine/index.js';

/** `@db.Date` value → 'YYYY-MM-DD'. */
export function toCalendarDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export function toCalendarDateOrNull(value: Date | null): string | null {
  return value === null ? null : toCalendarDate(value);
}

/** 'YYYY-MM-DD' → the Date Prisma expects for a `@db.Date` column. */
export function fromCalendarDate(date: string): Date {
  const value = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(value.getTime()) || toCalendarDate(value) !== date) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return value;
}

/** An ISO instant with offset ('2025-10-17T17:00:00-07:00') → Date; keeps the instant exactly. */
export function fromInstant(iso: string): Date {
  const value = new Date(iso);
  if (Number.isNaN(value.getTime())) throw new RangeError(`not an instant: ${iso}`);
  return value;
}

/**
 * A stored instant (`timestamptz`) → ISO 8601 in the court's zone with its offset,
 * '2025-10-17T17:00:00-07:00', the form the engine produced it in.
 */
export function toCourtInstant(value: Date): string {
  return courtTimeOf(value.getTime()).iso;
}

export function toCourtInstantOrNull(value: Date | null): string | null {
  return value === null ? null : toCourtInstant(value);
}

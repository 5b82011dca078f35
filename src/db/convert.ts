// The database border for dates. Prisma maps `@db.Date` to a JS Date at UTC midnight;
// the rest of Orderly speaks 'YYYY-MM-DD' strings (court-zone calendar dates), so the
// conversion happens here and nowhere else — no Date at UTC midnight ever leaves src/db.

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

const courtZoneParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * A stored instant (`timestamptz`) → ISO 8601 in the court's zone with its offset,
 * '2025-10-17T17:00:00-07:00', the form the engine produced it in.
 */
export function toCourtInstant(value: Date): string {
  // Intl formatting costs microseconds and the same stored instants are read again and
  // again (a case's deadlines on every request): remember recent answers.
  const key = value.getTime();
  const known = recentInstants.get(key);
  if (known !== undefined) return known;
  const formatted = formatCourtInstant(value);
  if (recentInstants.size >= 10_000) recentInstants.clear();
  recentInstants.set(key, formatted);
  return formatted;
}

const recentInstants = new Map<number, string>();

function formatCourtInstant(value: Date): string {
  const parts = Object.fromEntries(
    courtZoneParts.formatToParts(value).map((p) => [p.type, p.value]),
  );
  const wall = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMinutes = Math.round(
    (Date.parse(`${wall}Z`) - Math.floor(value.getTime() / 1000) * 1000) / 60_000,
  );
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function toCourtInstantOrNull(value: Date | null): string | null {
  return value === null ? null : toCourtInstant(value);
}

// The one source of "now". Tests pass a fixed clock; nothing else calls Date.now().

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const courtDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in the court's time zone (America/Los_Angeles), 'YYYY-MM-DD'. */
export function courtToday(now: Date): string {
  return courtDateFormat.format(now);
}

/** The calendar date before `date` ('YYYY-MM-DD' arithmetic, no time zone involved). */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Whether `text` is a real 'YYYY-MM-DD' date (2025-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

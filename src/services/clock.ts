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

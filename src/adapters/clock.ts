// The one source of "now", built in src/runtime.ts. Tests pass a fixed clock; nothing else
// calls Date.now(). Turning an instant into the court's date and time is the engine's
// `courtTimeOf` (src/engine/time-zone.ts).

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

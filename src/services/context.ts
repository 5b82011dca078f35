import type { Scope } from '../db/api-keys.js';

export type { Scope };

/** Who is acting: an organization's API key, a person signed in to the web app, or the command line. */
export interface Actor {
  organizationId: string;
  /** Null for the command line and for people. */
  apiKeyId: string | null;
  /** The person signed in to the web app (absent for keys and the command line). */
  userId?: string;
  /** "api-key ork_XXXXXXXX", "user <email>" or "cli": what the audit log shows. */
  label: string;
  scopes: readonly Scope[];
}

/** Court-time hours when no reminder is delivered ("21:00"-"08:00"); null: none. */
export type QuietHours = { from: string; to: string } | null;

/** What every service call that writes needs to know about the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
  now: Date;
  /**
   * REMINDER_QUIET_HOURS, for reminders a write schedules at once (a catch-up for a case
   * recorded late goes at the next time outside them). Absent: none known here — the worker
   * still delivers nothing during quiet hours.
   */
  quietHours?: QuietHours;
}

/** The command line acting for an organization (an operator at the server: every scope). */
export function operatorContext(organizationId: string, now: Date): RequestContext {
  return {
    actor: { organizationId, apiKeyId: null, label: 'cli', scopes: ['admin'] },
    requestId: null,
    now,
  };
}

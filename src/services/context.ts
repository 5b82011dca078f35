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

/** What every service call that writes needs to know about the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
  now: Date;
}

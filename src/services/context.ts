import type { Scope } from '../db/api-keys.js';

export type { Scope };

/** Who is acting: an organization's API key, or the command line. */
export interface Actor {
  organizationId: string;
  /** Null for the command line. */
  apiKeyId: string | null;
  /** "api-key ork_XXXXXXXX" or "cli": what the audit log shows. */
  label: string;
  scopes: readonly Scope[];
}

/** What every service call that writes needs to know about the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
  now: Date;
}

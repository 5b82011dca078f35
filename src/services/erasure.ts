// Erasure (VAWA confidentiality: a program must be able to delete a survivor's data for good).
// Erasing a case removes, in one transaction, the case and everything derived from it — events,
// deadlines and their history, assignments, reminders, contacts, feed tokens scoped to it,
// petitioner links, stored Idempotency-Key responses and audit rows that mention it — and
// leaves one audit tombstone: who erased, when, and an opaque id that names nothing else. After the commit every
// Orderly process drops the feed renderings it cached and forgets the case's feed tokens and
// petitioner links.
//
// A table added later that holds a case's data must be erased here too:
// Recompute jobs (src/db/recompute-jobs.ts) name cases in their cursor, failures and last error:
// those are taken out here too (their rows stay: they belong to the organization, not the case).
// The erasure test (tests/integration/erasure.test.ts) searches a whole pg_dump for the case's
// text, so a table that keeps any of it fails there.
import { randomUUID } from 'node:crypto';
import {
  caseFootprint,
  deleteAuditRowsMentioning,
  deleteCaseRows,
  deleteContactRows,
  deleteIdempotencyResponsesMentioning,
  lockContact,
  notifyCaseErased,
  type ErasedCounts,
} from '../db/erasure.js';
import { notifyFeedTokenRevoked } from '../db/feeds.js';
import { forgetCaseInJobs, lockJobsNamingCase } from '../db/recompute-jobs.js';
import { notifyPetitionerLinkRevoked } from '../db/petitioner-links.js';
import type { Tx } from '../db/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { notFound } from './errors.js';

export { CASE_ERASED_CHANNEL } from '../db/erasure.js';

export interface Erasure {
  /** The tombstone's opaque id (a random UUID, not the erased row's). */
  tombstoneId: string;
  erasedAt: string;
  counts: ErasedCounts;
  /** Feed-token prefixes that no longer open anything: forget them in this process after the commit. */
  revokedFeedPrefixes: string[];
  /** Petitioner-link prefixes that no longer open anything: likewise. */
  revokedLinkPrefixes: string[];
}

/** The audit tombstone: the action, who, when; an opaque id and counts, nothing about the case. */
async function tombstone(
  tx: Tx,
  ctx: RequestContext,
  action: 'case.erase' | 'contact.erase',
  counts: ErasedCounts,
): Promise<string> {
  const id = randomUUID();
  await audit(tx, ctx, action, { type: 'tombstone', id }, { counts });
  return id;
}

/** Erases a case and everything derived from it (admin scope); 404 when the organization has no such case. */
export async function eraseCase(tx: Tx, ctx: RequestContext, caseId: string): Promise<Erasure> {
  const organizationId = ctx.actor.organizationId;
  // Jobs before the case: the order a recompute batch locks them in.
  const jobIds = await lockJobsNamingCase(tx, organizationId, caseId);
  const footprint = await caseFootprint(tx, organizationId, caseId);
  if (!footprint) throw notFound('case');
  const mentioned = [
    caseId,
    ...footprint.eventIds,
    ...footprint.deadlineIds,
    ...footprint.contactIds,
    ...footprint.reminderIds,
    ...footprint.feedTokens.map((f) => f.id),
    ...footprint.petitionerLinks.map((l) => l.id),
  ];
  const counts = await deleteCaseRows(tx, footprint);
  counts.recomputeJobs = await forgetCaseInJobs(tx, jobIds, organizationId, caseId);
  counts.idempotencyResponses = await deleteIdempotencyResponsesMentioning(
    tx,
    organizationId,
    mentioned,
  );
  counts.auditRows = await deleteAuditRowsMentioning(tx, organizationId, mentioned);
  const revokedFeedPrefixes = footprint.feedTokens.map((f) => f.prefix);
  for (const prefix of revokedFeedPrefixes) await notifyFeedTokenRevoked(tx, prefix);
  const revokedLinkPrefixes = footprint.petitionerLinks.map((l) => l.prefix);
  for (const prefix of revokedLinkPrefixes) await notifyPetitionerLinkRevoked(tx, prefix);
  await notifyCaseErased(tx);
  const tombstoneId = await tombstone(tx, ctx, 'case.erase', counts);
  return {
    tombstoneId,
    erasedAt: ctx.now.toISOString(),
    counts,
    revokedFeedPrefixes,
    revokedLinkPrefixes,
  };
}

/**
 * Erases one petitioner contact: the address, every reminder to it, the stored responses and
 * audit rows that name it. The case stays. 404 when the organization has no such contact.
 */
export async function eraseContact(
  tx: Tx,
  ctx: RequestContext,
  contactId: string,
): Promise<Erasure> {
  const organizationId = ctx.actor.organizationId;
  const contact = await lockContact(tx, organizationId, contactId);
  if (!contact) throw notFound('contact');
  const { reminderIds, linkPrefixes, counts } = await deleteContactRows(
    tx,
    organizationId,
    contactId,
  );
  for (const prefix of linkPrefixes) await notifyPetitionerLinkRevoked(tx, prefix);
  const mentioned = [contactId, ...reminderIds];
  counts.idempotencyResponses = await deleteIdempotencyResponsesMentioning(
    tx,
    organizationId,
    mentioned,
  );
  counts.auditRows = await deleteAuditRowsMentioning(tx, organizationId, mentioned);
  const tombstoneId = await tombstone(tx, ctx, 'contact.erase', counts);
  return {
    tombstoneId,
    erasedAt: ctx.now.toISOString(),
    counts,
    revokedFeedPrefixes: [],
    revokedLinkPrefixes: linkPrefixes,
  };
}

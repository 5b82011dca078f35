// Petitioner links: a secret link per case to the petitioner's own page (/p/<token>), made by
// an advocate (API or case page) to hand over in person, or made for a contact so that every
// reminder email can point to the page.
//
// Tokens are secret tokens like API keys (src/services/tokens.ts): `opl_<10 hex>_<43 base64url>`,
// found by their visible prefix, stored as a SHA-256 hash, compared in constant time, revocable
// (NOTIFY evicts them in every process). A contact's link is the one exception to "shown once":
// its token is a MAC of the row id under a key derived from the secrets key, so the worker can
// put it in each email again; only its hash is stored, as for every other token.
//
// Expiry: 30 days after the order the link concerns ends, unless an advocate sets a date. While
// a link follows the order, every recomputation of the case's dates moves it (never earlier
// than 30 days after the link was made; an expired link stays expired).
import { createHmac } from 'node:crypto';
import type { SecretBox } from '../adapters/secret-box.js';
import type { Statement } from '../db/bulk-insert.js';
import type { Database } from '../db/client.js';
import { findCase } from '../db/cases.js';
import { deadlinesOfCase, type DeadlineRecord } from '../db/deadlines.js';
import {
  findPetitionerLink,
  findPetitionerLinkByPrefix,
  insertPetitionerLink,
  listPetitionerLinks,
  moveFollowingExpiries,
  moveFollowingExpiriesStatement,
  notifyPetitionerLinkRevoked,
  PETITIONER_LINK_REVOKED_CHANNEL,
  revokePetitionerLinkRow,
  touchPetitionerLink,
  type PetitionerLinkCredential,
  type PetitionerLinkRecord,
} from '../db/petitioner-links.js';
import { uuidv7 } from '../db/ids.js';
import type { Tx } from '../db/transaction.js';
import { addCalendarDays, courtTimeOf, instantAt, type DeadlineKind } from '../engine/index.js';
import { audit } from './audit.js';
import { parseExpiry } from './expiry.js';
import type { RequestContext } from './context.js';
import { invalidInput, notFound } from './errors.js';
import { DEFAULT_LOCALE, isPetitionerLocale, PETITIONER_LOCALES } from './petitioner-words.js';
import { issueToken, tokenFromSeed, type IssuedToken, type TokenKind } from './tokens.js';

export type { PetitionerLinkCredential, PetitionerLinkRecord };

export const PETITIONER_LINK_TAG = 'opl';

/** How long a link outlives the order it concerns (and, at least, its making). */
export const LINK_DAYS_AFTER_ORDER = 30;

/** The page of a token. */
export const petitionerUrl = (publicBaseUrl: string, token: string): string =>
  `${publicBaseUrl}/p/${token}`;

/** Petitioner links as secret tokens: what src/runtime.ts builds their TokenVerifier over. */
export function petitionerLinkTokens(db: Database): TokenKind<PetitionerLinkCredential> {
  return {
    tag: PETITIONER_LINK_TAG,
    revokedChannel: PETITIONER_LINK_REVOKED_CHANNEL,
    useNotRecorded: 'could not record a petitioner link opening',
    find: async (prefix) => {
      const credential = await findPetitionerLinkByPrefix(db.prisma, prefix);
      return credential && { record: credential, hash: credential.tokenHash };
    },
    isLive: (link, now) => link.revokedAt === null && Date.parse(link.expiresAt) > now.getTime(),
    touch: (id, at) => touchPetitionerLink(db.prisma, id, at),
  };
}

// ---- Expiry -------------------------------------------------------------------------------

const ORDER_ENDS: ReadonlySet<DeadlineKind> = new Set([
  'EPO_EXPIRES',
  'TRO_EXPIRES',
  'ORDER_EXPIRES',
]);

/**
 * The end of the order a link concerns. Interpretation (the issue says "the order it
 * concerns"): the latest end among the case's orders, in effect or ended (emergency, temporary,
 * after hearing; not superseded ones); with none (a permanent order, nothing recorded yet), the
 * case's last date still standing; null when the case has no date at all.
 */
export function orderEndOf(
  deadlines: readonly Pick<DeadlineRecord, 'kind' | 'date' | 'status'>[],
): string | null {
  const standing = deadlines.filter((d) => d.status !== 'SUPERSEDED');
  const latest = (list: typeof standing) =>
    list.reduce<string | null>((max, d) => (max === null || d.date > max ? d.date : max), null);
  return latest(standing.filter((d) => ORDER_ENDS.has(d.kind))) ?? latest(standing);
}

/** The end of the day `LINK_DAYS_AFTER_ORDER` days after `date`, at the court. */
const daysAfter = (date: string): Date =>
  new Date(instantAt(addCalendarDays(date, LINK_DAYS_AFTER_ORDER), '23:59:59'));

/** A new link's expiry when it follows the order: 30 days after the order ends, or after today. */
export function linkExpiryFor(
  deadlines: readonly Pick<DeadlineRecord, 'kind' | 'date' | 'status'>[],
  today: string,
): Date {
  const end = orderEndOf(deadlines);
  return daysAfter(end !== null && end > today ? end : today);
}

/** After a recomputation, in its transaction: links that follow the order move with it. */
export async function followOrderWithLinks(
  tx: Tx,
  caseId: string,
  deadlines: readonly Pick<DeadlineRecord, 'kind' | 'date' | 'status'>[],
  now: Date,
): Promise<void> {
  await followOrdersWithLinks(tx, [{ caseId, deadlines }], now);
}

/** `followOrderWithLinks` as a statement to send with the request's other writes (null: none). */
export function followOrderStatement(
  caseId: string,
  deadlines: readonly Pick<DeadlineRecord, 'kind' | 'date' | 'status'>[],
  now: Date,
): Statement | null {
  return moveFollowingExpiriesStatement(orderMoves([{ caseId, deadlines }]), now);
}

/** The same for a batch of recomputed cases (a recompute job's batch), in one statement. */
export async function followOrdersWithLinks(
  tx: Tx,
  cases: readonly {
    caseId: string;
    deadlines: readonly Pick<DeadlineRecord, 'kind' | 'date' | 'status'>[];
  }[],
  now: Date,
): Promise<void> {
  await moveFollowingExpiries(tx, orderMoves(cases), now);
}

/** Where each case's following links move: the day after its order ends (cases with none: no move). */
function orderMoves(
  cases: readonly {
    caseId: string;
    deadlines: readonly Pick<DeadlineRecord, 'kind' | 'date' | 'status'>[];
  }[],
): { caseId: string; expiresAt: Date }[] {
  const moves: { caseId: string; expiresAt: Date }[] = [];
  for (const { caseId, deadlines } of cases) {
    const end = orderEndOf(deadlines);
    // Each link keeps at least its first 30 days (moveFollowingExpiries).
    if (end !== null) moves.push({ caseId, expiresAt: daysAfter(end) });
  }
  return moves;
}

// ---- Management (API write scope, or a person on the case page) ---------------------------

export interface NewPetitionerLink {
  /** The page's language until the petitioner picks one (default English). */
  locale?: string;
  /** An expiry the advocate chose, instead of 30 days after the order ends. */
  expiresAt?: string;
}

async function caseDeadlines(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<DeadlineRecord[]> {
  if (!(await findCase(tx, organizationId, caseId))) throw notFound('case');
  return deadlinesOfCase(tx, caseId);
}

function checkNewLink(input: NewPetitionerLink, now: Date): Date | null {
  const problems = [];
  if (input.locale !== undefined && !isPetitionerLocale(input.locale))
    problems.push({
      name: 'body.locale',
      reason: `one of ${PETITIONER_LOCALES.join(', ')}`,
    });
  let expiresAt: Date | null = null;
  if (input.expiresAt !== undefined) {
    const parsed = parseExpiry(input.expiresAt, now, 'body.expiresAt');
    if ('problem' in parsed) problems.push(parsed.problem);
    else expiresAt = parsed.at;
  }
  if (problems.length > 0) throw invalidInput(problems);
  return expiresAt;
}

/** Makes a link to hand over; its token is in the result only (shown once). */
export async function createPetitionerLink(
  tx: Tx,
  ctx: RequestContext,
  caseId: string,
  input: NewPetitionerLink,
): Promise<{ link: PetitionerLinkRecord; token: string }> {
  const organizationId = ctx.actor.organizationId;
  const chosen = checkNewLink(input, ctx.now);
  const deadlines = await caseDeadlines(tx, organizationId, caseId);
  const { token, prefix, hash } = issueToken(PETITIONER_LINK_TAG);
  const link = await insertPetitionerLink(tx, {
    organizationId,
    caseId,
    contactId: null,
    locale: input.locale ?? DEFAULT_LOCALE,
    prefix,
    tokenHash: hash,
    expiresWithOrder: chosen === null,
    expiresAt: chosen ?? linkExpiryFor(deadlines, courtTimeOf(ctx.now.getTime()).date),
  });
  await audit(
    tx,
    ctx,
    'petitioner_link.create',
    { type: 'petitioner_link', id: link.id },
    { caseId, prefix, expiresWithOrder: link.expiresWithOrder },
  );
  return { link, token };
}

export async function petitionerLinksOfCase(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<PetitionerLinkRecord[]> {
  if (!(await findCase(tx, organizationId, caseId))) throw notFound('case');
  return listPetitionerLinks(tx, organizationId, caseId);
}

export async function getPetitionerLink(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<PetitionerLinkRecord> {
  const found = await findPetitionerLink(tx, organizationId, id);
  if (!found) throw notFound('petitioner link');
  return found;
}

/**
 * Revokes a link: its page answers the neutral 404 from the next request on, in every Orderly
 * process. Revoking a revoked link changes nothing and answers the same.
 */
export async function revokePetitionerLink(
  tx: Tx,
  ctx: RequestContext,
  id: string,
): Promise<PetitionerLinkRecord> {
  const result = await revokePetitionerLinkRow(tx, ctx.actor.organizationId, id, ctx.now);
  if (!result) throw notFound('petitioner link');
  if (result.revokedNow) {
    await notifyPetitionerLinkRevoked(tx, result.link.prefix);
    await audit(
      tx,
      ctx,
      'petitioner_link.revoke',
      { type: 'petitioner_link', id },
      { caseId: result.link.caseId, prefix: result.link.prefix },
    );
  }
  return result.link;
}

// ---- Contacts' links (in reminder emails) ---------------------------------------------------

/** The token of a contact's link: a MAC of its row id, made again for each email. */
export function contactLinkToken(box: SecretBox, linkId: string): IssuedToken {
  const seed = createHmac('sha512', box.derive('petitioner link in reminder emails'))
    .update(linkId)
    .digest();
  return tokenFromSeed(PETITIONER_LINK_TAG, seed);
}

/** Makes a link for a contact's reminder emails (a new one replaces none: see revokeContactLinks). */
export async function createContactLink(
  tx: Tx,
  box: SecretBox,
  contact: { id: string; organizationId: string; caseId: string; locale: string },
  now: Date,
): Promise<PetitionerLinkRecord> {
  const deadlines = await caseDeadlines(tx, contact.organizationId, contact.caseId);
  const id = uuidv7();
  const { prefix, hash } = contactLinkToken(box, id);
  return insertPetitionerLink(tx, {
    id,
    organizationId: contact.organizationId,
    caseId: contact.caseId,
    contactId: contact.id,
    locale: isPetitionerLocale(contact.locale) ? contact.locale : DEFAULT_LOCALE,
    prefix,
    tokenHash: hash,
    expiresWithOrder: true,
    expiresAt: linkExpiryFor(deadlines, courtTimeOf(now.getTime()).date),
  });
}

// Petitioner links: secret links to a petitioner's own page. Every query names the
// organization (or the case, found through a verified link), so one clinic never reads
// another's rows.
import type { Prisma } from './client.js';
import type { Statement } from './bulk-insert.js';
import type { Tx } from './transaction.js';

export interface PetitionerLinkRecord {
  id: string;
  organizationId: string;
  caseId: string;
  /** The contact whose reminder emails carry this link; null for a link made to hand over. */
  contactId: string | null;
  /** The page's language until the petitioner picks one. */
  locale: string;
  prefix: string;
  /** True while the expiry follows the order (30 days after it ends). */
  expiresWithOrder: boolean;
  expiresAt: string;
  createdAt: string;
  lastOpenedAt: string | null;
  revokedAt: string | null;
}

/** What opening a link needs: the record plus the stored hash. */
export interface PetitionerLinkCredential extends PetitionerLinkRecord {
  tokenHash: Buffer;
}

type Row = Prisma.PetitionerLinkGetPayload<object>;

const toRecord = (row: Row): PetitionerLinkRecord => ({
  id: row.id,
  organizationId: row.organizationId,
  caseId: row.caseId,
  contactId: row.contactId,
  locale: row.locale,
  prefix: row.prefix,
  expiresWithOrder: row.expiresWithOrder,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  lastOpenedAt: row.lastOpenedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function insertPetitionerLink(
  tx: Tx,
  data: {
    id?: string;
    organizationId: string;
    caseId: string;
    contactId: string | null;
    locale: string;
    prefix: string;
    tokenHash: Buffer;
    expiresWithOrder: boolean;
    expiresAt: Date;
  },
): Promise<PetitionerLinkRecord> {
  const row = await tx.petitionerLink.create({
    data: { ...data, tokenHash: new Uint8Array(data.tokenHash) },
  });
  return toRecord(row);
}

export async function findPetitionerLinkByPrefix(
  tx: Tx,
  prefix: string,
): Promise<PetitionerLinkCredential | null> {
  const row = await tx.petitionerLink.findUnique({ where: { prefix } });
  return row && { ...toRecord(row), tokenHash: Buffer.from(row.tokenHash) };
}

export async function findPetitionerLink(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<PetitionerLinkRecord | null> {
  const row = await tx.petitionerLink.findFirst({ where: { id, organizationId } });
  return row && toRecord(row);
}

/** A case's links, oldest first. */
export async function listPetitionerLinks(
  tx: Tx,
  organizationId: string,
  caseId: string,
): Promise<PetitionerLinkRecord[]> {
  const rows = await tx.petitionerLink.findMany({
    where: { organizationId, caseId },
    orderBy: { id: 'asc' },
  });
  return rows.map(toRecord);
}

/** The live link of each contact given (not revoked, not expired at `now`), newest first. */
export async function liveContactLinks(
  tx: Tx,
  contactIds: readonly string[],
  now: Date,
): Promise<Map<string, PetitionerLinkRecord>> {
  if (contactIds.length === 0) return new Map();
  const rows = await tx.petitionerLink.findMany({
    where: { contactId: { in: [...contactIds] }, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { id: 'desc' },
  });
  const out = new Map<string, PetitionerLinkRecord>();
  for (const row of rows)
    if (row.contactId && !out.has(row.contactId)) out.set(row.contactId, toRecord(row));
  return out;
}

/** Revokes the organization's link; null when it has no such link. Revoking twice keeps the first time. */
export async function revokePetitionerLinkRow(
  tx: Tx,
  organizationId: string,
  id: string,
  at: Date,
): Promise<{ link: PetitionerLinkRecord; revokedNow: boolean } | null> {
  const { count } = await tx.petitionerLink.updateMany({
    where: { id, organizationId, revokedAt: null },
    data: { revokedAt: at },
  });
  const row = await tx.petitionerLink.findFirst({ where: { id, organizationId } });
  return row && { link: toRecord(row), revokedNow: count === 1 };
}

/** Revokes every live link of a contact (its reminders stopped); the prefixes revoked. */
export async function revokeContactLinks(tx: Tx, contactId: string, at: Date): Promise<string[]> {
  const rows = await tx.petitionerLink.findMany({
    where: { contactId, revokedAt: null },
    select: { id: true, prefix: true },
  });
  if (rows.length === 0) return [];
  await tx.petitionerLink.updateMany({
    where: { id: { in: rows.map((r) => r.id) } },
    data: { revokedAt: at },
  });
  return rows.map((r) => r.prefix);
}

/**
 * Moves the expiry of the links that follow the order and are still live at `now`, for each
 * case to its `expiresAt`, but never earlier than 30 days after a link was made (an expired
 * link stays expired: a new order does not bring it back). One statement for any number of
 * cases (an event's recomputation passes one, a recompute job's batch all of its cases).
 */
export async function moveFollowingExpiries(
  tx: Tx,
  moves: readonly { caseId: string; expiresAt: Date }[],
  now: Date,
): Promise<void> {
  const statement = moveFollowingExpiriesStatement(moves, now);
  if (statement) await tx.$executeRawUnsafe(statement.sql, ...statement.params);
}

/** `moveFollowingExpiries` as a statement to send with the request's other writes (null: none). */
export function moveFollowingExpiriesStatement(
  moves: readonly { caseId: string; expiresAt: Date }[],
  now: Date,
): Statement | null {
  if (moves.length === 0) return null;
  return {
    sql: `UPDATE "PetitionerLink" AS l
       SET "expiresAt" = GREATEST(t.expires_at, l."createdAt" + interval '30 days')
      FROM unnest($1::uuid[], $2::timestamptz[]) AS t(case_id, expires_at)
     WHERE l."caseId" = t.case_id
       AND l."expiresWithOrder"
       AND l."revokedAt" IS NULL
       AND l."expiresAt" > $3::timestamptz
       AND l."expiresAt" <> GREATEST(t.expires_at, l."createdAt" + interval '30 days')`,
    params: [
      moves.map((m) => m.caseId),
      moves.map((m) => m.expiresAt.toISOString()),
      now.toISOString(),
    ],
  };
}

export async function touchPetitionerLink(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.petitionerLink.updateMany({ where: { id }, data: { lastOpenedAt: at } });
}

/** Channel on which revocations are announced to every Orderly process (delivered at commit). */
export const PETITIONER_LINK_REVOKED_CHANNEL = 'orderly_petitioner_link_revoked';

export async function notifyPetitionerLinkRevoked(tx: Tx, prefix: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${PETITIONER_LINK_REVOKED_CHANNEL}, ${prefix})`;
}

import type { Tx } from './transaction.js';

export interface AdvocateRecord {
  id: string;
  displayName: string;
  email: string | null;
  active: boolean;
  /** Bumped on every change; the ETag for If-Match. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

type Row = {
  id: string;
  displayName: string;
  email: string | null;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
const toRecord = (row: Row): AdvocateRecord => ({
  id: row.id,
  displayName: row.displayName,
  email: row.email,
  active: row.active,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function insertAdvocate(
  tx: Tx,
  organizationId: string,
  data: { displayName: string; email: string | null },
): Promise<AdvocateRecord> {
  return toRecord(await tx.advocate.create({ data: { organizationId, ...data } }));
}

export async function findAdvocate(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<AdvocateRecord | null> {
  const row = await tx.advocate.findFirst({ where: { id, organizationId } });
  return row && toRecord(row);
}

export async function updateAdvocate(
  tx: Tx,
  organizationId: string,
  id: string,
  data: { displayName?: string; email?: string | null; active?: boolean },
): Promise<AdvocateRecord | null> {
  const { count } = await tx.advocate.updateMany({
    where: { id, organizationId },
    data: { ...data, version: { increment: 1 } },
  });
  return count === 0 ? null : findAdvocate(tx, organizationId, id);
}

/** Locks the advocate's row until the transaction ends; its version, or null when there is none. */
export async function lockAdvocateVersion(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<number | null> {
  const rows = await tx.$queryRaw<{ version: number }[]>`
    SELECT version FROM "Advocate"
    WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  return rows[0]?.version ?? null;
}

/** Keyset page in creation order (ids are UUIDv7: time-ordered, immutable, unique). */
export async function listAdvocates(
  tx: Tx,
  organizationId: string,
  page: { afterId?: string; limit: number },
): Promise<AdvocateRecord[]> {
  const rows = await tx.advocate.findMany({
    where: { organizationId, ...(page.afterId && { id: { gt: page.afterId } }) },
    orderBy: { id: 'asc' },
    take: page.limit,
  });
  return rows.map(toRecord);
}

/** Which of `ids` are advocates of the organization. */
export async function existingAdvocateIds(
  tx: Tx,
  organizationId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.advocate.findMany({
    where: { organizationId, id: { in: ids } },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

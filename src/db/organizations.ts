import type { Tx } from './transaction.js';

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: string;
}

export async function insertOrganization(tx: Tx, name: string): Promise<OrganizationRecord> {
  const row = await tx.organization.create({ data: { name } });
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}

export async function findOrganization(tx: Tx, id: string): Promise<OrganizationRecord | null> {
  const row = await tx.organization.findUnique({ where: { id } });
  return row && { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}

/** Every organization, oldest first (the operator's `org list`). */
export async function listOrganizations(tx: Tx): Promise<OrganizationRecord[]> {
  const rows = await tx.organization.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
  }));
}

import {
  findOrganization,
  insertOrganization,
  listOrganizations,
  type OrganizationRecord,
} from '../db/organizations.js';
import type { Tx } from '../db/transaction.js';
import { createApiKey, type ApiKeyRecord } from './api-keys.js';
import { operatorContext } from './context.js';
import { audit } from './audit.js';
import { notFound } from './errors.js';

export type { OrganizationRecord };

/** A new clinic with its first admin key (the command line's `org create`). */
export async function createOrganization(
  tx: Tx,
  input: { name: string; keyName?: string; now: Date },
): Promise<{ organization: OrganizationRecord; apiKey: ApiKeyRecord; key: string }> {
  const organization = await insertOrganization(tx, input.name);
  const ctx = operatorContext(organization.id, input.now);
  await audit(tx, ctx, 'organization.create', { type: 'organization', id: organization.id });
  const { apiKey, key } = await createApiKey(tx, ctx, {
    name: input.keyName ?? 'admin',
    scopes: ['admin'],
  });
  return { organization, apiKey, key };
}

export async function getOrganization(tx: Tx, id: string): Promise<OrganizationRecord> {
  const found = await findOrganization(tx, id);
  if (!found) throw notFound('organization');
  return found;
}

export async function organizationExists(tx: Tx, id: string): Promise<boolean> {
  return (await findOrganization(tx, id)) !== null;
}

/** Every organization (the command line's `org list`: an operator at the server sees them all). */
export function allOrganizations(tx: Tx): Promise<OrganizationRecord[]> {
  return listOrganizations(tx);
}

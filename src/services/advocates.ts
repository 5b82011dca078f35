import {
  findAdvocate,
  insertAdvocate,
  listAdvocates,
  lockAdvocateVersion,
  updateAdvocate,
  type AdvocateRecord,
} from '../db/advocates.js';
import type { Tx } from '../db/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { invalidInput, notFound, type FieldProblem } from './errors.js';
import { decodeCursor, toPage, type Page } from './pagination.js';
import { checkPrecondition, type Precondition } from './preconditions.js';
import { checkDisplayText } from './text.js';

export type { AdvocateRecord };

function checkName(displayName: string | undefined): void {
  const problems: FieldProblem[] = [];
  checkDisplayText({ displayName }, problems);
  if (problems.length > 0) throw invalidInput(problems);
}

export async function createAdvocate(
  tx: Tx,
  ctx: RequestContext,
  input: { displayName: string; email?: string | null },
): Promise<AdvocateRecord> {
  checkName(input.displayName);
  const advocate = await insertAdvocate(tx, ctx.actor.organizationId, {
    displayName: input.displayName,
    email: input.email ?? null,
  });
  await audit(tx, ctx, 'advocate.create', { type: 'advocate', id: advocate.id });
  return advocate;
}

export async function getAdvocate(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<AdvocateRecord> {
  const found = await findAdvocate(tx, organizationId, id);
  if (!found) throw notFound('advocate');
  return found;
}

export async function changeAdvocate(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  expected: Precondition,
  changes: { displayName?: string; email?: string | null; active?: boolean },
): Promise<AdvocateRecord> {
  checkPrecondition(
    expected,
    await lockAdvocateVersion(tx, ctx.actor.organizationId, id),
    'advocate',
  );
  checkName(changes.displayName);
  const updated = await updateAdvocate(tx, ctx.actor.organizationId, id, changes);
  if (!updated) throw notFound('advocate');
  await audit(
    tx,
    ctx,
    'advocate.update',
    { type: 'advocate', id },
    { fields: Object.keys(changes).sort() },
  );
  return updated;
}

export async function searchAdvocates(
  tx: Tx,
  organizationId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<AdvocateRecord>> {
  const afterId = page.cursor === undefined ? undefined : decodeCursor(page.cursor, {}, 1)[0];
  const rows = await listAdvocates(tx, organizationId, {
    ...(afterId && { afterId }),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, (row) => [row.id], {});
}

// Court closures recorded without a release (CCP § 12b; Gov. Code § 68115), and the calendars
// every recomputation computes with.
//
// Who a closure applies to (README, "Court closures"): one recorded through the API is that
// organization's overlay, for its own cases only, so one clinic can never move another's
// deadlines; one recorded by the operator with the CLI may be shared, for every organization's
// cases in that court. Recording or withdrawing one queues a background recomputation of the
// cases it may affect (src/services/recompute-jobs.ts), one job per organization.
import {
  calendarDaysBetween,
  defaultCourtCalendars,
  isCalendarDate,
  SUPPORTED_YEARS,
} from '../engine/index.js';
import {
  findClosure,
  insertClosure,
  listClosures,
  lockClosuresExclusive,
  markClosureWithdrawn,
  organizationsWithCasesIn,
  overlappingClosure,
  type ClosureAuthority,
  type ClosureFilters,
  type ClosureRecord,
  type ClosureViewer,
} from '../db/court-closures.js';
import { listJobs, type RecomputeJobRecord } from '../db/recompute-jobs.js';
import type { Tx } from '../db/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { DomainError, invalidInput, notFound, type FieldProblem } from './errors.js';
import { decodeCursor, toPage, type Page } from './pagination.js';
import { queueRecompute } from './recompute-jobs.js';

export type { ClosureAuthority, ClosureRecord, ClosureViewer };
export { CLOSURE_AUTHORITIES } from '../db/court-closures.js';

/** Longest closure one record may hold; a longer emergency is recorded in parts, each with its order. */
export const MAX_CLOSURE_DAYS = 31;

// ---- Recording and withdrawing -------------------------------------------------------------

export interface NewClosure {
  court: string;
  from: string;
  /** The last day closed; default `from`. */
  to?: string;
  reason: string;
  source: string;
  authority?: ClosureAuthority;
}

/** Who records: an organization's admin through the API, or the operator with the CLI. */
export type ClosureAuthor =
  { kind: 'organization'; ctx: RequestContext } | { kind: 'operator'; now: Date; label: string };

// Letters, digits, punctuation and spaces; no control characters (they hide text in logs and emails).
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

function checkText(name: string, value: string, max: number, problems: FieldProblem[]): void {
  if (value.trim().length === 0) problems.push({ name, reason: 'must not be empty' });
  else if (value.length > max) problems.push({ name, reason: `at most ${max} characters` });
  else if (!PRINTABLE.test(value))
    problems.push({ name, reason: 'must not contain control characters' });
}

function checkDate(name: string, value: string, problems: FieldProblem[]): boolean {
  if (!isCalendarDate(value)) {
    problems.push({ name, reason: `not a real calendar date (YYYY-MM-DD): ${value}` });
    return false;
  }
  const year = Number(value.slice(0, 4));
  if (year < SUPPORTED_YEARS.from || year > SUPPORTED_YEARS.to) {
    problems.push({
      name,
      reason: `outside the court calendar (${SUPPORTED_YEARS.from}-${SUPPORTED_YEARS.to})`,
    });
    return false;
  }
  return true;
}

/** Every problem with a new closure, named `body.<field>`. */
export function closureProblems(input: NewClosure): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!defaultCourtCalendars.has(input.court)) {
    problems.push({
      name: 'body.court',
      reason: `unknown court id ${JSON.stringify(input.court)} (use "CA-<county>", e.g. "CA-los-angeles", or "CA" for every court)`,
    });
  }
  const to = input.to ?? input.from;
  const fromOk = checkDate('body.from', input.from, problems);
  const toOk = input.to === undefined || checkDate('body.to', input.to, problems);
  if (fromOk && toOk) {
    const span = calendarDaysBetween(input.from, to);
    if (span < 0) problems.push({ name: 'body.to', reason: `is before from (${input.from})` });
    else if (span + 1 > MAX_CLOSURE_DAYS)
      problems.push({
        name: 'body.to',
        reason: `a closure may span at most ${MAX_CLOSURE_DAYS} days; record a longer one in parts`,
      });
  }
  checkText('body.reason', input.reason, 200, problems);
  checkText('body.source', input.source, 500, problems);
  return problems;
}

export interface RecordedClosure {
  closure: ClosureRecord;
  /** The recomputations queued: one per organization whose cases it may move. */
  jobs: RecomputeJobRecord[];
}

const authorLabel = (author: ClosureAuthor): string =>
  author.kind === 'organization' ? author.ctx.actor.label : author.label;
const authorNow = (author: ClosureAuthor): Date =>
  author.kind === 'organization' ? author.ctx.now : author.now;

/** Audit rows: the organization's own, or one in each organization a shared closure reaches. */
async function auditClosure(
  tx: Tx,
  author: ClosureAuthor,
  action: string,
  closure: ClosureRecord,
  jobs: RecomputeJobRecord[],
): Promise<void> {
  const details = {
    court: closure.court,
    from: closure.from,
    to: closure.to,
    shared: closure.organizationId === null,
  };
  if (author.kind === 'organization') {
    await audit(tx, author.ctx, action, { type: 'court_closure', id: closure.id }, details);
    return;
  }
  for (const job of jobs) {
    await audit(
      tx,
      {
        actor: {
          organizationId: job.organizationId,
          apiKeyId: null,
          label: author.label,
          scopes: [],
        },
        requestId: null,
        now: author.now,
      },
      action,
      { type: 'court_closure', id: closure.id },
      details,
    );
  }
}

/**
 * Records a closure and queues the recomputation of the cases it may move. An organization's
 * closure applies to its own cases; the operator's (`organizationId` null) to everyone's.
 */
export async function recordClosure(
  tx: Tx,
  author: ClosureAuthor,
  organizationId: string | null,
  input: NewClosure,
): Promise<RecordedClosure> {
  const problems = closureProblems(input);
  if (problems.length > 0) throw invalidInput(problems);
  const to = input.to ?? input.from;
  // Waits for recomputations in flight, so the jobs below see every case they committed.
  await lockClosuresExclusive(tx);
  const overlap = await overlappingClosure(tx, {
    organizationId,
    court: input.court,
    from: input.from,
    to,
  });
  if (overlap) {
    throw new DomainError(
      'CONFLICT',
      `a closure of this court from ${overlap.from} to ${overlap.to} is already recorded (${overlap.id}); withdraw it first to record it again`,
      [{ name: 'body.from', reason: `overlaps closure ${overlap.id}` }],
    );
  }
  const closure = await insertClosure(tx, {
    organizationId,
    court: input.court,
    from: input.from,
    to,
    reason: input.reason.trim(),
    source: input.source.trim(),
    authority: input.authority ?? 'CCP_12B',
    recordedBy: authorLabel(author),
  });
  const jobs = await queueClosureJobs(tx, closure, 'COURT_CLOSURE_RECORDED');
  await auditClosure(tx, author, 'court_closure.record', closure, jobs);
  return { closure, jobs };
}

async function queueClosureJobs(
  tx: Tx,
  closure: ClosureRecord,
  cause: 'COURT_CLOSURE_RECORDED' | 'COURT_CLOSURE_WITHDRAWN',
): Promise<RecomputeJobRecord[]> {
  const organizations =
    closure.organizationId === null
      ? await organizationsWithCasesIn(tx, closure.court)
      : [closure.organizationId];
  const jobs: RecomputeJobRecord[] = [];
  for (const organizationId of organizations) {
    jobs.push(
      await queueRecompute(tx, {
        organizationId,
        cause,
        closureId: closure.id,
        court: closure.court === 'CA' ? null : closure.court,
        rulesVersion: null,
      }),
    );
  }
  return jobs;
}

const viewerOf = (author: ClosureAuthor): ClosureViewer =>
  author.kind === 'organization' ? { organizationId: author.ctx.actor.organizationId } : 'operator';

/** Withdraws a closure recorded in error; the cases it moved are recomputed without it. */
export async function withdrawClosure(
  tx: Tx,
  author: ClosureAuthor,
  id: string,
  reason: string,
): Promise<RecordedClosure> {
  const problems: FieldProblem[] = [];
  checkText('body.reason', reason, 500, problems);
  if (problems.length > 0) throw invalidInput(problems);
  await lockClosuresExclusive(tx);
  const found = await findClosure(tx, viewerOf(author), id);
  if (!found) throw notFound('court closure');
  if (found.organizationId === null && author.kind === 'organization') {
    throw new DomainError(
      'FORBIDDEN',
      "a shared closure is the operator's: it is withdrawn with `orderly court-closure withdraw`",
    );
  }
  if (found.withdrawnAt !== null)
    throw new DomainError('CONFLICT', `the closure was already withdrawn (${found.withdrawnAt})`);
  const closure = await markClosureWithdrawn(tx, id, {
    at: authorNow(author),
    by: authorLabel(author),
    reason: reason.trim(),
  });
  const jobs = await queueClosureJobs(tx, closure, 'COURT_CLOSURE_WITHDRAWN');
  await auditClosure(tx, author, 'court_closure.withdraw', closure, jobs);
  return { closure, jobs };
}

// ---- Reading -------------------------------------------------------------------------------

/** A closure the viewer may see, with the recomputations it started for the viewer's cases. */
export async function getClosure(
  tx: Tx,
  viewer: ClosureViewer,
  id: string,
): Promise<RecordedClosure> {
  const closure = await findClosure(tx, viewer, id);
  if (!closure) throw notFound('court closure');
  const jobs = await listJobs(tx, viewer, { closureId: id }, { limit: 100 });
  return { closure, jobs };
}

export async function searchClosures(
  tx: Tx,
  viewer: ClosureViewer,
  filters: ClosureFilters,
  page: { cursor?: string; limit: number },
): Promise<Page<ClosureRecord>> {
  const afterId = page.cursor === undefined ? undefined : decodeCursor(page.cursor, filters, 1)[0];
  const rows = await listClosures(tx, viewer, filters, {
    ...(afterId && { afterId }),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, (row) => [row.id], filters);
}

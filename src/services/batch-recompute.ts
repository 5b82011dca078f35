// A batch of a background recomputation (src/services/recompute-jobs.ts) as a few statements
// for all its cases, not a dozen per case: the cases locked together (in id order), their
// events, deadlines, reminders and recipients read in one query per table, each case planned
// by the same pure code as an event's recomputation (planRecomputation, reminderChanges,
// changeNoticesFor), and every write of the batch sent together — new, moved and superseded
// deadlines, history, the cases' warnings and rules version, reminders cancelled, revived and
// enqueued, the change notices, and the expiry of petitioner links that follow the order. The
// rows are the ones the case-by-case path writes (the court-closure and recompute-job tests,
// written against that path, run through this one).
import type { CourtCalendars } from '../engine/index.js';
import {
  lockCases,
  readCasesState,
  saveCasesWarnings,
  supersedeDeadlineRows,
  updateDeadlineRows,
} from '../db/bulk-recompute.js';
import { insertDeadlineChangeRows, insertDeadlineRows, insertReminderRows } from '../db/imports.js';
import {
  cancelPendingReminders,
  reviveReminders,
  type CancelReason,
  type NewReminder,
} from '../db/reminders.js';
import type { RecomputeJobRecord } from '../db/recompute-jobs.js';
import type { Tx } from '../db/transaction.js';
import { changeNoticesFor, type NoticeCause } from './change-notices.js';
import { planRecomputation, type RecomputationPlan } from './deadlines.js';
import { followOrdersWithLinks } from './petitioner-links.js';
import { reminderChanges } from './reminders.js';
import { rulesVersion } from './rules-version.js';

export interface BatchRecomputeContext {
  job: RecomputeJobRecord;
  calendars: CourtCalendars;
  cause: NoticeCause;
  now: Date;
}

export interface BatchRecomputeOutcome {
  /** Cases recomputed (a case erased meanwhile is not). */
  processed: number;
  changedCases: number;
  movedDeadlines: number;
}

/** Recomputes the job's cases `caseIds` (in id order) inside the caller's transaction. */
export async function recomputeCasesTogether(
  tx: Tx,
  context: BatchRecomputeContext,
  caseIds: string[],
): Promise<BatchRecomputeOutcome> {
  const { job, calendars, now } = context;
  const owners = await lockCases(tx, job.organizationId, caseIds);
  if (owners.length === 0) return { processed: 0, changedCases: 0, movedDeadlines: 0 };
  const state = await readCasesState(
    tx,
    job.organizationId,
    owners.map((o) => o.id),
  );

  const plans: RecomputationPlan[] = owners.map((owner) =>
    planRecomputation(
      owner,
      state.events.get(owner.id) ?? [],
      state.deadlines.get(owner.id) ?? [],
      calendars,
      job.cause,
      null,
      now,
      { calendars, closureId: job.closureId, jobId: job.id },
    ),
  );

  const cancel = new Map<CancelReason, string[]>();
  const revive: string[] = [];
  const enqueue: NewReminder[] = [];
  let changedCases = 0;
  let movedDeadlines = 0;
  for (const plan of plans) {
    const { owner, recomputation } = plan;
    const moved = recomputation.changes.length;
    if (moved > 0) changedCases++;
    movedDeadlines += moved;
    if (plan.saveCase) {
      const changes = reminderChanges(
        owner,
        recomputation.deadlines,
        state.recipients(owner.id),
        state.reminders.get(owner.id) ?? [],
        // Nobody recorded anything late: no catch-up reminders (src/services/reminders.ts).
        { now, catchUp: false },
      );
      for (const [reason, ids] of changes.cancel)
        cancel.set(reason, [...(cancel.get(reason) ?? []), ...ids]);
      revive.push(...changes.revive);
      enqueue.push(...changes.insert);
    }
    const notices = changeNoticesFor(owner, recomputation, job, context.cause, now, () =>
      state.recipients(owner.id),
    );
    if (notices) enqueue.push(...(await notices));
  }

  await updateDeadlineRows(
    tx,
    plans.flatMap((p) => p.updated),
    now,
  );
  await supersedeDeadlineRows(
    tx,
    plans.flatMap((p) => p.superseded),
    now,
  );
  await insertDeadlineRows(
    tx,
    plans.flatMap((p) => p.created),
    now,
  );
  await insertDeadlineChangeRows(
    tx,
    plans.flatMap((p) => p.history),
  );
  await saveCasesWarnings(
    tx,
    plans
      .filter((p) => p.saveCase)
      .map((p) => ({ id: p.owner.id, warnings: p.recomputation.warnings })),
    rulesVersion(),
    now,
  );
  for (const [reason, ids] of cancel) await cancelPendingReminders(tx, ids, reason, now);
  await reviveReminders(tx, revive, now);
  await insertReminderRows(tx, enqueue, now);
  // A petitioner's link that follows the order moves with it, as after an event.
  await followOrdersWithLinks(
    tx,
    plans
      .filter((p) => p.saveCase)
      .map((p) => ({ caseId: p.owner.id, deadlines: p.recomputation.deadlines })),
    now,
  );
  return { processed: owners.length, changedCases, movedDeadlines };
}

// Telling the clinic when something outside a case moved its dates: a court closure recorded or
// withdrawn, or a release whose rules differ. After a background recomputation of an open case
// moves a deadline that is (or was) open, or raises a warning the case did not have (a hearing
// now set on a closed day), one notice goes to each assigned advocate (email) and each of the
// organization's webhook endpoints, through the reminder outbox, in the same transaction as the
// change. Texts: src/reminders/notices.ts.
import type { CaseRow } from '../db/cases.js';
import type { DeadlineRecord } from '../db/deadlines.js';
import {
  caseRecipients,
  insertReminders,
  type CaseRecipients,
  type ChangeNotice,
  type NewReminder,
  type ReminderPayload,
} from '../db/reminders.js';
import type { RecomputeJobRecord } from '../db/recompute-jobs.js';
import type { Tx } from '../db/transaction.js';
import { deadlinePassesAt } from '../reminders/schedule.js';
import type { Recomputation } from './deadlines.js';

/** The occurrence of a job's notice: one per job, case and recipient. */
export const noticeOccurrence = (jobId: string): string => `change:${jobId}`;

export const isChangeNotice = (reminder: { payload: ReminderPayload }): boolean =>
  reminder.payload.schedule === 'CHANGE';

/** Why a job's cases moved, as its notices say it (read once per batch). */
export type NoticeCause = Omit<ChangeNotice, 'moved' | 'warnings'>;

/** The deadline a notice hangs on in the outbox: the first that moved, else the hearing, else any. */
function anchorOf(
  deadlines: readonly DeadlineRecord[],
  movedKeys: readonly string[],
): DeadlineRecord | undefined {
  const byKey = new Map(deadlines.map((d) => [d.key, d]));
  for (const key of movedKeys) {
    const d = byKey.get(key);
    if (d) return d;
  }
  return byKey.get('HEARING') ?? deadlines.find((d) => d.status === 'OPEN') ?? deadlines[0];
}

/** Queues the notices of one recomputed case; returns how many. */
export async function queueChangeNotices(
  tx: Tx,
  owner: CaseRow,
  recomputation: Recomputation,
  job: Pick<RecomputeJobRecord, 'id'>,
  cause: NoticeCause,
  now: Date,
): Promise<number> {
  const notices = changeNoticesFor(owner, recomputation, job, cause, now, () =>
    caseRecipients(tx, owner.organizationId, owner.id),
  );
  return notices === null ? 0 : insertReminders(tx, await notices);
}

/**
 * The notices of one recomputed case (the recipients read only when there is one to send);
 * null when there is none. A batch collects them for all its cases and writes them together.
 */
export function changeNoticesFor(
  owner: CaseRow,
  recomputation: Recomputation,
  job: Pick<RecomputeJobRecord, 'id'>,
  cause: NoticeCause,
  now: Date,
  recipientsOf: () => Promise<CaseRecipients> | CaseRecipients,
): Promise<NewReminder[]> | null {
  if (owner.status !== 'OPEN') return null;
  const moved = recomputation.changes.flatMap((c) =>
    c.previous !== null && (c.previous.status === 'OPEN' || c.current.status === 'OPEN')
      ? [{ key: c.key, kind: c.kind, previous: c.previous, current: c.current }]
      : [],
  );
  const known = new Set(owner.warnings.map((w) => `${w.code}\n${w.message}`));
  const warnings = recomputation.warnings
    .filter((w) => !known.has(`${w.code}\n${w.message}`))
    .map((w) => ({ code: w.code, message: w.message }));
  if (moved.length === 0 && warnings.length === 0) return null;
  const anchor = anchorOf(
    recomputation.deadlines,
    moved.map((m) => m.key),
  );
  if (anchor === undefined) return null;
  // Worth sending until the last of the dates it names has passed.
  const passes = [anchor, ...moved.flatMap((m) => [m.previous, m.current])].map((d) =>
    deadlinePassesAt(d).getTime(),
  );
  const expiresAt = new Date(Math.max(...passes));
  if (expiresAt <= now) return null;
  return Promise.resolve(recipientsOf()).then((recipients) =>
    noticesTo(recipients, owner, anchor, moved, warnings, job, cause, now, expiresAt),
  );
}

function noticesTo(
  recipients: CaseRecipients,
  owner: CaseRow,
  anchor: DeadlineRecord,
  moved: ChangeNotice['moved'],
  warnings: ChangeNotice['warnings'],
  job: Pick<RecomputeJobRecord, 'id'>,
  cause: NoticeCause,
  now: Date,
  expiresAt: Date,
): NewReminder[] {
  const payload: ReminderPayload = {
    schedule: 'CHANGE',
    deadline: {
      id: anchor.id,
      key: anchor.key,
      kind: anchor.kind,
      date: anchor.date,
      at: anchor.at,
    },
    case: { id: owner.id, reference: owner.reference, family: owner.family, court: owner.court },
    orderExpires: null,
    windowOpens: null,
    sendDate: null,
    change: { ...cause, jobId: job.id, moved, warnings },
  };
  const base = {
    organizationId: owner.organizationId,
    caseId: owner.id,
    deadlineId: anchor.id,
    deadlineRevision: anchor.revision,
    occurrence: noticeOccurrence(job.id),
    dueAt: now,
    expiresAt,
    payload,
  };
  const notices: NewReminder[] = [
    ...recipients.advocates.map((a) => ({
      ...base,
      recipientType: 'ADVOCATE' as const,
      recipientId: a.id,
      channel: 'EMAIL' as const,
    })),
    ...recipients.webhooks.map((w) => ({
      ...base,
      recipientType: 'WEBHOOK' as const,
      recipientId: w.id,
      channel: 'WEBHOOK' as const,
    })),
  ];
  return notices;
}

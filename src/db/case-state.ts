// Everything recording an event reads about its (locked) case, in one statement: its events,
// deadlines and their history, reminders, who the reminders go to, its advocates, and the court
// closures in force for its court. One round trip instead of seven (issue 15). It must be sent
// after the case's row is locked, in a statement of its own: a statement reads the snapshot of
// its start, so reading in the statement that waits for the lock could miss a change committed
// while it waited.
//
// Each list comes back as JSON (`json_agg` of the rows; src/db/json-rows.ts turns them into the
// rows Prisma would give, so the same `to…Record` functions convert them).
import { toCalendarDate } from './convert.js';
import type { ClosureAuthority, ClosureInForce } from './court-closures.js';
import {
  compareCourtOrder,
  toChangeRecord,
  toDeadlineRecord,
  type ChangeRow,
} from './deadlines.js';
import type { DeadlineChangeRecord, DeadlineRecord } from './deadlines.js';
import { toEventRecord, type EventRecord } from './events.js';
import {
  recipientColumns,
  toCaseRecipients,
  toReminderRecord,
  type CaseRecipients,
  type RecipientColumns,
  type ReminderRecord,
} from './reminders.js';
import { rowsOf } from './json-rows.js';
import type { Tx } from './transaction.js';

export interface CaseState {
  /** In recording order. */
  events: EventRecord[];
  /** In court order (date, time, key). */
  deadlines: DeadlineRecord[];
  /** Each deadline's changes, oldest first (revision, then id). */
  history: Map<string, DeadlineChangeRecord[]>;
  /** In id order. */
  reminders: ReminderRecord[];
  recipients: CaseRecipients;
  /** In order of assignment. */
  advocateIds: string[];
  /** In force for the case's court and for every court ("CA"), the organization's and shared. */
  closures: ClosureInForce[];
}

export async function readCaseState(
  tx: Tx,
  organizationId: string,
  caseId: string,
  court: string,
): Promise<CaseState> {
  const courts = [...new Set([court, 'CA'])];
  const rows = await tx.$queryRaw<
    (RecipientColumns & {
      events: unknown;
      deadlines: unknown;
      changes: unknown;
      reminders: unknown;
      advocateIds: string[];
      closures: {
        id: string;
        court: string;
        firstDate: string;
        lastDate: string;
        reason: string;
        authority: ClosureAuthority;
      }[];
    })[]
  >`
    SELECT
      (SELECT coalesce(json_agg(e ORDER BY e.sequence), '[]')
         FROM "OrderEvent" e WHERE e."caseId" = ${caseId}::uuid) AS events,
      (SELECT coalesce(json_agg(d), '[]')
         FROM "Deadline" d WHERE d."caseId" = ${caseId}::uuid) AS deadlines,
      (SELECT coalesce(json_agg(c ORDER BY c."deadlineId", c.revision, c.id), '[]')
         FROM "DeadlineChange" c
        WHERE c."caseId" = ${caseId}::uuid AND c."organizationId" = ${organizationId}::uuid) AS changes,
      (SELECT coalesce(json_agg(r ORDER BY r.id), '[]')
         FROM "Reminder" r WHERE r."caseId" = ${caseId}::uuid) AS reminders,
      ${recipientColumns(organizationId, caseId)},
      ARRAY(SELECT ca."advocateId"::text FROM "CaseAdvocate" ca
             WHERE ca."caseId" = ${caseId}::uuid ORDER BY ca."assignedAt") AS "advocateIds",
      (SELECT coalesce(json_agg(json_build_object(
                'id', k.id, 'court', k.court, 'firstDate', k."firstDate", 'lastDate', k."lastDate",
                'reason', k.reason, 'authority', k.authority) ORDER BY k.id), '[]')
         FROM "CourtClosure" k
        WHERE k."withdrawnAt" IS NULL
          AND (k."organizationId" = ${organizationId}::uuid OR k."organizationId" IS NULL)
          AND k.court = ANY(${courts}::text[])) AS closures`;
  const row = rows[0]!;
  const history = new Map<string, DeadlineChangeRecord[]>();
  for (const change of rowsOf('DeadlineChange', row.changes) as (ChangeRow & {
    deadlineId: string;
  })[]) {
    const list = history.get(change.deadlineId) ?? [];
    list.push(toChangeRecord(change));
    history.set(change.deadlineId, list);
  }
  return {
    events: rowsOf('OrderEvent', row.events).map(toEventRecord),
    deadlines: rowsOf('Deadline', row.deadlines).map(toDeadlineRecord).sort(compareCourtOrder),
    history,
    reminders: rowsOf('Reminder', row.reminders).map(toReminderRecord),
    recipients: toCaseRecipients(row),
    advocateIds: row.advocateIds,
    closures: row.closures.map((k) => ({
      id: k.id,
      court: k.court,
      from: toCalendarDate(new Date(k.firstDate)),
      to: toCalendarDate(new Date(k.lastDate)),
      reason: k.reason,
      authority: k.authority,
    })),
  };
}

import type { EventType, Motion, Party, ServiceMethod } from '../engine/index.js';
import { fromCalendarDate, toCalendarDate, toCalendarDateOrNull } from './convert.js';
import { insertStatement, type Statement } from './bulk-insert.js';
import { uuidv7 } from './ids.js';
import type { Tx } from './transaction.js';

/** The fields of an event as recorded (the engine's CaseEvent without its id). */
export interface EventFields {
  type: EventType;
  date: string;
  time?: string;
  days?: number;
  method?: ServiceMethod;
  expires?: string;
  expiresTime?: string;
  permanent?: boolean;
  motion?: Motion;
  movedBy?: Party;
}

/** The recorded facts of an event, without its bookkeeping (id, order, corrections, voids). */
export function eventFieldsOf(event: EventFields): EventFields {
  return {
    type: event.type,
    date: event.date,
    ...(event.time !== undefined && { time: event.time }),
    ...(event.days !== undefined && { days: event.days }),
    ...(event.method !== undefined && { method: event.method }),
    ...(event.expires !== undefined && { expires: event.expires }),
    ...(event.expiresTime !== undefined && { expiresTime: event.expiresTime }),
    ...(event.permanent !== undefined && { permanent: event.permanent }),
    ...(event.motion !== undefined && { motion: event.motion }),
    ...(event.movedBy !== undefined && { movedBy: event.movedBy }),
  };
}

export interface EventRecord extends EventFields {
  id: string;
  caseId: string;
  sequence: number;
  correctsId: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  /** Why this record corrects the one it points at (the web app asks). */
  correctionReason: string | null;
  recordedAt: string;
}

type Row = {
  id: string;
  caseId: string;
  sequence: number;
  type: EventType;
  date: Date;
  time: string | null;
  days: number | null;
  method: ServiceMethod | null;
  expires: Date | null;
  expiresTime: string | null;
  permanent: boolean | null;
  motion: Motion | null;
  movedBy: Party | null;
  correctsId: string | null;
  voidedAt: Date | null;
  voidReason: string | null;
  correctionReason: string | null;
  recordedAt: Date;
};

export function toEventRecord(row: Row): EventRecord {
  const expires = toCalendarDateOrNull(row.expires);
  return {
    id: row.id,
    caseId: row.caseId,
    sequence: row.sequence,
    type: row.type,
    date: toCalendarDate(row.date),
    ...(row.time !== null && { time: row.time }),
    ...(row.days !== null && { days: row.days }),
    ...(row.method !== null && { method: row.method }),
    ...(expires !== null && { expires }),
    ...(row.expiresTime !== null && { expiresTime: row.expiresTime }),
    ...(row.permanent !== null && { permanent: row.permanent }),
    ...(row.motion !== null && { motion: row.motion }),
    ...(row.movedBy !== null && { movedBy: row.movedBy }),
    correctsId: row.correctsId,
    voidedAt: row.voidedAt?.toISOString() ?? null,
    voidReason: row.voidReason,
    correctionReason: row.correctionReason,
    recordedAt: row.recordedAt.toISOString(),
  };
}

export async function listEvents(tx: Tx, caseId: string): Promise<EventRecord[]> {
  const rows = await tx.orderEvent.findMany({ where: { caseId }, orderBy: { sequence: 'asc' } });
  return rows.map(toEventRecord);
}

/** Up to `take` of a case's events in recording order, after the given sequence number. */
export async function listEventsAfter(
  tx: Tx,
  caseId: string,
  afterSequence: number | undefined,
  take: number,
): Promise<EventRecord[]> {
  const rows = await tx.orderEvent.findMany({
    where: { caseId, ...(afterSequence !== undefined && { sequence: { gt: afterSequence } }) },
    orderBy: { sequence: 'asc' },
    take,
  });
  return rows.map(toEventRecord);
}

/** Of these events, the ones a correction (not itself voided) replaces. */
export async function correctedAmong(tx: Tx, caseId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.orderEvent.findMany({
    where: { caseId, correctsId: { in: ids }, voidedAt: null },
    select: { correctsId: true },
  });
  return new Set(rows.map((row) => row.correctsId!));
}

export async function findEvent(
  tx: Tx,
  organizationId: string,
  caseId: string,
  id: string,
): Promise<EventRecord | null> {
  const row = await tx.orderEvent.findFirst({ where: { id, caseId, organizationId } });
  return row && toEventRecord(row);
}

export const eventColumns = (fields: EventFields) => ({
  type: fields.type,
  date: fromCalendarDate(fields.date),
  time: fields.time ?? null,
  days: fields.days ?? null,
  method: fields.method ?? null,
  expires: fields.expires === undefined ? null : fromCalendarDate(fields.expires),
  expiresTime: fields.expiresTime ?? null,
  permanent: fields.permanent ?? null,
  motion: fields.motion ?? null,
  movedBy: fields.movedBy ?? null,
});

/** Appends an event at the end of the case's recording order; the case row must be locked. */
export async function insertEvent(
  tx: Tx,
  data: {
    organizationId: string;
    caseId: string;
    correctsId: string | null;
    fields: EventFields;
    correctionReason?: string | null;
    /** The case's events, when the caller has just read them under the case's lock (saves a query). */
    after?: readonly EventRecord[];
  },
): Promise<EventRecord> {
  const last = data.after
    ? data.after.reduce((max, e) => Math.max(max, e.sequence), 0)
    : ((
        await tx.orderEvent.aggregate({
          where: { caseId: data.caseId },
          _max: { sequence: true },
        })
      )._max.sequence ?? 0);
  const row = await tx.orderEvent.create({
    data: {
      organizationId: data.organizationId,
      caseId: data.caseId,
      sequence: last + 1,
      correctsId: data.correctsId,
      correctionReason: data.correctionReason ?? null,
      ...eventColumns(data.fields),
    },
  });
  return toEventRecord(row);
}

/**
 * `insertEvent` as a statement to send with the request's other writes (`PendingWrites`), and
 * the event as it will read once written. The case row must be locked and `after` read under
 * that lock.
 */
export function insertEventStatement(data: {
  organizationId: string;
  caseId: string;
  correctsId: string | null;
  fields: EventFields;
  correctionReason: string | null;
  after: readonly EventRecord[];
  recordedAt: Date;
}): { event: EventRecord; statement: Statement } {
  const row = {
    id: uuidv7(),
    organizationId: data.organizationId,
    caseId: data.caseId,
    sequence: data.after.reduce((max, e) => Math.max(max, e.sequence), 0) + 1,
    correctsId: data.correctsId,
    correctionReason: data.correctionReason,
    ...eventColumns(data.fields),
    recordedAt: data.recordedAt,
  };
  return {
    event: toEventRecord({ ...row, voidedAt: null, voidReason: null }),
    statement: insertStatement('OrderEvent', [row])!,
  };
}

/** The first events of a new case, in order, in one statement. */
export async function insertFirstEvents(
  tx: Tx,
  data: { organizationId: string; caseId: string; events: EventFields[] },
): Promise<void> {
  if (data.events.length === 0) return;
  await tx.orderEvent.createMany({
    data: data.events.map((fields, index) => ({
      id: uuidv7(),
      organizationId: data.organizationId,
      caseId: data.caseId,
      sequence: index + 1,
      correctsId: null,
      ...eventColumns(fields),
    })),
  });
}

export async function voidEvent(tx: Tx, id: string, at: Date, reason: string): Promise<void> {
  await tx.orderEvent.update({ where: { id }, data: { voidedAt: at, voidReason: reason } });
}

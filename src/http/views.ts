// Records → the API's representations. Explicit, so nothing internal (organization ids,
// hashes) reaches a response by accident.
import type { AdvocateRecord } from '../services/advocates.js';
import type { ApiKeyRecord } from '../services/api-keys.js';
import type { CaseRecord } from '../services/cases.js';
import {
  eventFieldsOf,
  type CaseDeadline,
  type Standing,
  type EventRecord,
} from '../services/deadlines.js';
import type { ClosureRecord, RecordedClosure } from '../services/court-closures.js';
import { courtName } from '../services/courts.js';
import type { FeedTokenRecord } from '../services/feeds.js';
import type { RecomputeJobRecord } from '../services/recompute-jobs.js';

export function caseView(record: CaseRecord) {
  return {
    id: record.id,
    family: record.family,
    court: record.court,
    reference: record.reference,
    courtCaseNumber: record.courtCaseNumber,
    petitionerLabel: record.petitionerLabel,
    respondentLabel: record.respondentLabel,
    status: record.status,
    advocateIds: record.advocateIds,
    warnings: record.warnings,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function eventView(event: EventRecord, inForce: boolean) {
  return {
    id: event.id,
    caseId: event.caseId,
    sequence: event.sequence,
    ...eventFieldsOf(event),
    correctsId: event.correctsId,
    inForce,
    voidedAt: event.voidedAt,
    voidReason: event.voidReason,
    recordedAt: event.recordedAt,
  };
}

export function deadlineView(
  d: Omit<CaseDeadline, 'history' | 'historyTruncated'> &
    Partial<Pick<CaseDeadline, 'history' | 'historyTruncated'>> &
    Standing,
) {
  return {
    id: d.id,
    caseId: d.caseId,
    key: d.key,
    kind: d.kind,
    date: d.date,
    ...(d.at !== null && { at: d.at }),
    status: d.status,
    ruleId: d.ruleId,
    citation: d.citation,
    basis: d.basis,
    ...(d.dutyOf !== null && { dutyOf: d.dutyOf }),
    explanation: d.explanation,
    ...(d.advisory !== null && { advisory: d.advisory }),
    ...(d.interpretation !== null && { interpretation: d.interpretation }),
    basedOn: d.basedOn,
    nature: d.nature,
    state: d.state,
    revision: d.revision,
    computedAt: d.computedAt,
    ...(d.history !== undefined && {
      history: d.history,
      historyTruncated: d.historyTruncated ?? false,
    }),
  };
}

export function advocateView(a: AdvocateRecord) {
  return {
    id: a.id,
    displayName: a.displayName,
    email: a.email,
    active: a.active,
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function apiKeyView(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  };
}

export function feedView(f: FeedTokenRecord) {
  return {
    id: f.id,
    scope: f.scope,
    caseId: f.caseId,
    advocateId: f.advocateId,
    privacy: f.privacy,
    label: f.label,
    prefix: f.prefix,
    createdAt: f.createdAt,
    lastFetchedAt: f.lastFetchedAt,
    revokedAt: f.revokedAt,
    expiresAt: f.expiresAt,
    createdByApiKeyId: f.createdByApiKeyId,
    createdByUserId: f.createdByUserId,
  };
}

// ---- Court closures and background recomputations (also the CLI's output) ----------------

export const closureView = (c: ClosureRecord) => ({
  id: c.id,
  court: c.court,
  courtName: courtName(c.court),
  from: c.from,
  to: c.to,
  reason: c.reason,
  source: c.source,
  authority: c.authority,
  scope: c.organizationId === null ? ('shared' as const) : ('organization' as const),
  recordedBy: c.recordedBy,
  createdAt: c.createdAt,
  withdrawnAt: c.withdrawnAt,
  withdrawnBy: c.withdrawnBy,
  withdrawnReason: c.withdrawnReason,
});

export const jobView = (j: RecomputeJobRecord) => {
  // Cases created after the job was queued may be in scope too.
  const total = Math.max(j.total, j.processed + j.failedCases);
  const done = j.processed + j.failedCases;
  return {
    id: j.id,
    cause: j.cause,
    closureId: j.closureId,
    court: j.court,
    rulesVersion: j.rulesVersion,
    status: j.status,
    progress: {
      total,
      processed: j.processed,
      percent:
        j.status === 'DONE' || total === 0 ? 100 : Math.min(99, Math.floor((100 * done) / total)),
      changedCases: j.changedCases,
      movedDeadlines: j.movedDeadlines,
      failedCases: j.failedCases,
    },
    failures: j.failures,
    lastError: j.lastError,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    updatedAt: j.updatedAt,
  };
};

export const closureWithJobs = (r: RecordedClosure) => ({
  closure: closureView(r.closure),
  jobs: r.jobs.map(jobView),
});

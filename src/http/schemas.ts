// The API's request and response schemas (TypeBox). They validate requests, shape
// responses, and are the OpenAPI document: one source, never kept twice.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  BASES,
  ComputeInputSchema,
  DEADLINE_KINDS,
  DEADLINE_NATURES,
  DEADLINE_STATES,
  DEADLINE_STATUSES,
  EVENT_SCHEMAS,
  EVENT_TYPES,
  FAMILIES,
  MAX_EVENTS,
  MOTIONS,
  PARTIES,
} from '../engine/index.js';
import { CLOSURE_AUTHORITIES } from '../services/court-closures.js';
import { CHANGE_CAUSES, EMBEDDED_HISTORY_LIMIT } from '../services/deadlines.js';
import { FEED_PRIVACY_LEVELS, FEED_SCOPES } from '../services/feeds.js';
import { RECOMPUTE_CAUSES, RECOMPUTE_JOB_STATUSES } from '../services/recompute-jobs.js';

/** A string enum as JSON Schema `enum` (clearer errors and docs than a union of literals). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A string that may also be null (JSON Schema type array, OpenAPI 3.1). */
function NullableString(options: {
  minLength?: number;
  maxLength: number;
  description: string;
  pattern?: string;
}) {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
}

export const Uuid = Type.String({ format: 'uuid', description: 'A UUID.' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const CaseEventParams = Type.Object(
  { id: Uuid, eventId: Uuid },
  { additionalProperties: false },
);
/** The query fields of every paged list: an opaque cursor, and a page size. */
export const PageFields = {
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};
export const Timestamp = Type.String({
  format: 'date-time',
  description: 'An instant, ISO 8601 (UTC).',
});
export const CalendarDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A calendar date, YYYY-MM-DD (America/Los_Angeles).',
});

export const Family = StringEnum(FAMILIES, {
  description:
    'DV domestic violence, CH civil harassment, WV workplace violence, SV postsecondary school violence, EA elder/dependent adult abuse, GV gun violence.',
});
export const CaseStatus = StringEnum(['OPEN', 'CLOSED'] as const);
export const Scope = StringEnum(['read', 'write', 'admin'] as const, {
  description:
    'read: look; write: change cases, events, advocates, feeds; admin: keys and the audit log (implies the others).',
});

// ---- Problems -------------------------------------------------------------------------

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ name: Type.String(), reason: Type.String() }))),
  },
  {
    $id: 'Problem',
    description: 'RFC 9457 problem details (application/problem+json).',
    additionalProperties: true,
  },
);
const problem = Type.Ref('Problem');
/** The error responses every authenticated route may give. */
export const problemResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  429: problem,
  503: problem,
  507: problem,
};

// ---- Events -----------------------------------------------------------------------------

/** An event as a client records it: the engine's event without the caller id (we assign ids). */
export const EventBody = Type.Union(
  EVENT_TYPES.map((type) => Type.Omit(EVENT_SCHEMAS[type], ['id'])),
  {
    $id: 'EventInput',
    description: "One fact of the order's life. `type` decides which other fields are allowed.",
  },
);

export const VoidBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Why the event is void (recorded in error, wrong case…). No party names.',
    }),
  },
  { additionalProperties: false },
);

export const EventView = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    sequence: Type.Integer({ description: 'Recording order within the case.' }),
    type: StringEnum(EVENT_TYPES),
    date: CalendarDate,
    time: Type.Optional(Type.String()),
    days: Type.Optional(Type.Integer()),
    method: Type.Optional(Type.String()),
    expires: Type.Optional(CalendarDate),
    expiresTime: Type.Optional(Type.String()),
    permanent: Type.Optional(Type.Boolean()),
    motion: Type.Optional(StringEnum(MOTIONS)),
    movedBy: Type.Optional(StringEnum(PARTIES)),
    correctsId: Type.Union([Uuid, Type.Null()], { description: 'The event this record corrects.' }),
    inForce: Type.Boolean({ description: 'False when voided or replaced by a correction.' }),
    voidedAt: Type.Union([Timestamp, Type.Null()]),
    voidReason: Type.Union([Type.String(), Type.Null()]),
    recordedAt: Timestamp,
  },
  { $id: 'Event' },
);

// ---- Deadlines --------------------------------------------------------------------------

export const Warning = Type.Object(
  {
    code: Type.String({ description: 'Stable code (see the engine warning list).' }),
    message: Type.String(),
    eventIds: Type.Array(Type.String()),
  },
  {
    $id: 'Warning',
    description: 'Facts that contradict each other, or a date the engine could not compute.',
  },
);

const DeadlineFields = {
  key: Type.String({
    description:
      'Stable identity of this deadline within the case; a continuance moves the date, not the key.',
  }),
  kind: StringEnum(DEADLINE_KINDS),
  date: CalendarDate,
  at: Type.Optional(
    Type.String({
      description: 'ISO 8601 instant with the court-zone offset, where a time of day applies.',
    }),
  ),
  status: StringEnum(DEADLINE_STATUSES),
  ruleId: Type.String(),
  citation: Type.String(),
  basis: StringEnum(BASES, {
    description:
      "How sure the date is: statute (the statute text says it), form (a Judicial Council form says it), interpretation (a reading Orderly chose where the law is open; `interpretation` says which and why), unverified (a secondary source only, or the parallel statutes' value; `interpretation` says so).",
  }),
  dutyOf: Type.Optional(
    StringEnum(PARTIES, {
      description:
        "Whose act it is, where it is one party's: the respondent's firearm deadlines, a motion's notice (the moving party) and opposition (the other). Advocates watch the respondent's; nobody reminds the respondent.",
    }),
  ),
  explanation: Type.Array(Type.String(), { description: 'Steps a person can check.' }),
  advisory: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  interpretation: Type.Optional(Type.String()),
  basedOn: Type.Array(Type.String(), { description: 'The events it derives from.' }),
};

/** The engine's deadline (POST /v1/compute). */
export const ComputedDeadline = Type.Object(DeadlineFields, { $id: 'ComputedDeadline' });

export const DeadlineChange = Type.Object({
  revision: Type.Integer(),
  previousDate: Type.Union([CalendarDate, Type.Null()]),
  previousAt: Type.Union([Type.String(), Type.Null()]),
  previousStatus: Type.Union([StringEnum(DEADLINE_STATUSES), Type.Null()]),
  date: CalendarDate,
  at: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(DEADLINE_STATUSES),
  cause: StringEnum(CHANGE_CAUSES, {
    description:
      'What moved it: a change to the case (CASE_*, EVENT_*), a court closure recorded or withdrawn (COURT_CLOSURE_*), or a release whose rules changed (RULES_CHANGED).',
  }),
  causedByEventId: Type.Union([Uuid, Type.Null()], {
    description: 'The event whose recording, correction or voiding moved it.',
  }),
  causedByClosureId: Type.Union([Uuid, Type.Null()], {
    description: 'The court closure whose recording or withdrawal moved it.',
  }),
  causedByJobId: Type.Union([Uuid, Type.Null()], {
    description: 'The background recomputation (GET /v1/recompute-jobs/{id}) that moved it.',
  }),
  changedAt: Timestamp,
});

const StoredDeadlineFields = {
  id: Uuid,
  caseId: Uuid,
  ...DeadlineFields,
  nature: StringEnum(DEADLINE_NATURES, {
    description:
      'What the date is. act: something must be done by it (serve, hold the hearing, file); window: a period opens on it; expiry: an order ends.',
  }),
  state: StringEnum(DEADLINE_STATES, {
    description:
      'Where it stands now (America/Los_Angeles). act: due | overdue; window: not_yet_open | open | closed; expiry: in_force | ended; any: met | superseded. Only acts are ever overdue.',
  }),
  revision: Type.Integer({ description: 'Advances whenever the date, time or status changes.' }),
  computedAt: Timestamp,
};

export const CaseDeadline = Type.Object(
  {
    ...StoredDeadlineFields,
    history: Type.Array(DeadlineChange, {
      description: `Every value it had, and what moved it, oldest first: its newest ${EMBEDDED_HISTORY_LIMIT} changes at most (historyTruncated says when older ones were left out).`,
    }),
    historyTruncated: Type.Boolean({
      description: `True when the deadline has more than ${EMBEDDED_HISTORY_LIMIT} changes and the oldest were left out of history: page them all with GET /v1/deadlines/{id}/history (newest first).`,
    }),
  },
  { $id: 'CaseDeadline' },
);

export const EventsQuery = Type.Object(
  {
    cursor: PageFields.cursor,
    limit: Type.Integer({
      minimum: 1,
      maximum: MAX_EVENTS,
      default: MAX_EVENTS,
      description: `Events per page; the default, ${MAX_EVENTS}, is the most a case may hold, so one page is the whole case.`,
    }),
  },
  { additionalProperties: false },
);

export const EventsPage = Type.Object({
  events: Type.Array(Type.Ref('Event')),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next page; null on the last.',
  }),
});

export const DeadlineHistoryPage = Type.Object({
  deadlineId: Uuid,
  caseId: Uuid,
  items: Type.Array(DeadlineChange, { description: 'Newest first.' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next (older) page; null on the last.',
  }),
});

export const DeadlineListItem = Type.Object(
  {
    ...StoredDeadlineFields,
    caseReference: Type.String({ description: "The clinic's reference for the case." }),
    overdue: Type.Boolean({
      description:
        'Deprecated: the same as state = "overdue" (an act whose day has passed, not done). Windows and expiries are never overdue.',
    }),
  },
  { $id: 'DeadlineListItem' },
);

export const DeadlineQuery = Type.Object(
  {
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
    kind: Type.Optional(
      Type.Array(StringEnum(DEADLINE_KINDS), { maxItems: DEADLINE_KINDS.length }),
    ),
    advocate: Type.Optional(Uuid),
    status: StringEnum(['open', 'upcoming', 'overdue', 'met', 'superseded', 'all'] as const, {
      default: 'open',
      description:
        'open = upcoming + overdue (the default); upcoming: OPEN and dated today or later; overdue: acts only, OPEN and dated before today (America/Los_Angeles). open, upcoming and overdue list open cases only; met, superseded and all include closed cases.',
    }),
    ...PageFields,
  },
  { additionalProperties: false },
);

// ---- Cases ------------------------------------------------------------------------------

const Reference = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
  description:
    'The clinic\'s own reference for the case, unique in the organization (shown in neutral feeds and reminders). Not a name, and nothing that tells the kind of case (not "DV-…"). No control characters.',
});
export const CourtId = Type.String({
  minLength: 1,
  maxLength: 64,
  description: '"CA" (statewide) or "CA-<county>", e.g. "CA-los-angeles".',
});
const CaseNumber = NullableString({
  minLength: 1,
  maxLength: 64,
  description: "The court's case number (only in full-privacy feeds).",
});
const PartyLabel = NullableString({
  minLength: 1,
  maxLength: 40,
  description:
    'A minimal label (e.g. "Petitioner A"), never an address. Optional; collect as little as possible.',
});
const AdvocateIds = Type.Array(Uuid, {
  maxItems: 50,
  description: 'Advocates assigned to the case.',
});
const AllowDuplicateReference = Type.Boolean({
  description:
    'true: keep this case even though another case of the organization has the same reference (compared ignoring letter case and surrounding spaces). Without it, that is a 409 naming body.reference.',
});

export const CaseCreateBody = Type.Object(
  {
    family: Family,
    court: CourtId,
    reference: Reference,
    courtCaseNumber: Type.Optional(CaseNumber),
    petitionerLabel: Type.Optional(PartyLabel),
    respondentLabel: Type.Optional(PartyLabel),
    advocateIds: Type.Optional(AdvocateIds),
    allowDuplicateReference: Type.Optional(AllowDuplicateReference),
    events: Type.Optional(
      // A reference to EventInput, typed as the event it validates.
      Type.Array(Type.Unsafe<Static<typeof EventBody>>(Type.Ref('EventInput')), {
        maxItems: MAX_EVENTS,
        description: 'Facts already known, in recording order.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CaseCreateBody = Static<typeof CaseCreateBody>;

export const CasePatchBody = Type.Object(
  {
    family: Type.Optional(Family),
    court: Type.Optional(CourtId),
    reference: Type.Optional(Reference),
    courtCaseNumber: Type.Optional(CaseNumber),
    petitionerLabel: Type.Optional(PartyLabel),
    respondentLabel: Type.Optional(PartyLabel),
    status: Type.Optional(CaseStatus),
    advocateIds: Type.Optional(AdvocateIds),
    allowDuplicateReference: Type.Optional(AllowDuplicateReference),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CaseView = Type.Object(
  {
    id: Uuid,
    family: Family,
    court: Type.String(),
    reference: Type.String(),
    courtCaseNumber: Type.Union([Type.String(), Type.Null()]),
    petitionerLabel: Type.Union([Type.String(), Type.Null()]),
    respondentLabel: Type.Union([Type.String(), Type.Null()]),
    status: CaseStatus,
    advocateIds: Type.Array(Uuid),
    warnings: Type.Array(Type.Ref('Warning')),
    version: Type.Integer({ description: 'Also the ETag; send it back in If-Match to PATCH.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Case' },
);

/** What DELETE answers: the tombstone left in the audit log and how much went. */
export const ErasureView = Type.Object(
  {
    tombstoneId: Type.String({
      format: 'uuid',
      description:
        "The audit tombstone's opaque id (not the erased row's id): keep it to show the erasure happened.",
    }),
    erasedAt: Timestamp,
    counts: Type.Record(Type.String(), Type.Integer(), {
      description: 'How many rows of each kind were erased (events, deadlines, contacts, …).',
    }),
  },
  { $id: 'Erasure' },
);

export const CaseQuery = Type.Object(
  {
    status: Type.Optional(CaseStatus),
    family: Type.Optional(Family),
    advocate: Type.Optional(Uuid),
    ...PageFields,
  },
  { additionalProperties: false },
);

export const PageQuery = Type.Object(PageFields, { additionalProperties: false });

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` for the next page; null on the last.',
    }),
  });
}

/** What a change to a case's events returns: the event, the case's warnings and its deadlines now. */
export const EventOutcome = Type.Object({
  event: Type.Ref('Event'),
  case: Type.Ref('Case'),
  deadlines: Type.Array(Type.Ref('CaseDeadline')),
  changed: Type.Array(Type.String(), {
    description: 'Keys of the deadlines this change created, moved or superseded.',
  }),
});

export const CaseCreated = Type.Object({
  case: Type.Ref('Case'),
  deadlines: Type.Array(Type.Ref('CaseDeadline')),
});

// ---- Compute ----------------------------------------------------------------------------

export const ComputeBody = ComputeInputSchema;
export const ComputeResult = Type.Object({
  deadlines: Type.Array(Type.Ref('ComputedDeadline')),
  warnings: Type.Array(Type.Ref('Warning')),
});

// ---- Advocates --------------------------------------------------------------------------

const Email = NullableString({
  maxLength: 254,
  description: 'For reminders.',
  pattern: '^[^@\\s]+@[^@\\s]+$',
});
export const AdvocateCreateBody = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    email: Type.Optional(Email),
  },
  { additionalProperties: false },
);
export const AdvocatePatchBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' })),
    email: Type.Optional(Email),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const AdvocateView = Type.Object(
  {
    id: Uuid,
    displayName: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
    version: Type.Integer({ description: 'Also the ETag; send it back in If-Match to PATCH.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Advocate' },
);

// ---- API keys, organization, audit ------------------------------------------------------

export const ApiKeyCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 3, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export const ApiKeyView = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    prefix: Type.String({
      description:
        'The visible start of the key, to tell keys apart. The key itself is never shown again.',
    }),
    scopes: Type.Array(Scope),
    createdAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'ApiKey' },
);
export const ApiKeyCreated = Type.Object({
  apiKey: Type.Ref('ApiKey'),
  key: Type.Union([Type.String(), Type.Null()], {
    description:
      'The secret key: shown once, in the first response; only its hash is stored. Null in an Idempotency-Key replay.',
  }),
});

export const OrganizationView = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Timestamp,
});

export const AuditEventView = Type.Object({
  id: Uuid,
  at: Timestamp,
  actor: Type.String(),
  apiKeyId: Type.Union([Uuid, Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

// ---- Calendar feeds ---------------------------------------------------------------------

export const FeedScope = StringEnum(FEED_SCOPES, {
  description:
    'CASE: one case (caseId); ADVOCATE: the cases assigned to one advocate (advocateId); ORGANIZATION: every case.',
});
export const FeedPrivacy = StringEnum(FEED_PRIVACY_LEVELS, {
  description:
    'busy: every event reads "Court deadline", nothing else. neutral (default): kind of deadline and the clinic\'s case reference, rule, citation and explanation; no names, addresses or court case number. full: adds court, court case number and party labels (clinic-internal calendars only).',
});
const FeedLabel = NullableString({
  minLength: 1,
  maxLength: 80,
  description:
    'Who uses this URL ("front desk iPad"), to tell tokens apart. Shown only here, never in the feed. No party data.',
});

export const FeedCreateBody = Type.Object(
  {
    scope: FeedScope,
    caseId: Type.Optional(Uuid),
    advocateId: Type.Optional(Uuid),
    privacy: Type.Optional(FeedPrivacy),
    label: Type.Optional(FeedLabel),
    expiresAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'When the URL stops working (answers 404), e.g. the end of a school year; in the future, at most 6 years ahead. Absent: until revoked.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const FeedView = Type.Object(
  {
    id: Uuid,
    scope: FeedScope,
    caseId: Type.Union([Uuid, Type.Null()]),
    advocateId: Type.Union([Uuid, Type.Null()]),
    privacy: FeedPrivacy,
    label: Type.Union([Type.String(), Type.Null()]),
    prefix: Type.String({
      description:
        'The visible start of the token, to tell feed URLs apart. The token itself is never shown again.',
    }),
    createdAt: Timestamp,
    lastFetchedAt: Type.Union([Timestamp, Type.Null()], {
      description: 'Last time a calendar fetched it (updated at most once a minute).',
    }),
    revokedAt: Type.Union([Timestamp, Type.Null()], {
      description:
        'When it was revoked: by hand, by rotation, or with the API key or person that made it.',
    }),
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    createdByApiKeyId: Type.Union([Uuid, Type.Null()], {
      description: 'The API key that made it (revoking the key revokes the feed).',
    }),
    createdByUserId: Type.Union([Uuid, Type.Null()], {
      description: 'The person who made it in the web app (disabling them revokes the feed).',
    }),
  },
  { $id: 'Feed', description: 'A secret calendar-feed URL (the token is not part of it).' },
);

const FeedSecretFields = {
  token: Type.Union([Type.String(), Type.Null()], {
    description:
      'The secret token: shown once, in the first response; only its hash is stored. Null in an Idempotency-Key replay.',
  }),
  url: Type.Union([Type.String(), Type.Null()], {
    description: 'https://…/feeds/<token>.ics, to subscribe to. Null in a replay.',
  }),
  webcalUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'The same URL as webcal://, which opens the subscribe dialog of calendar apps.',
  }),
};

export const FeedCreated = Type.Object({ feed: Type.Ref('Feed'), ...FeedSecretFields });
export const FeedRotated = Type.Object({
  feed: Type.Ref('Feed'),
  replaced: Type.Ref('Feed'),
  ...FeedSecretFields,
});

export const FeedQuery = Type.Object(
  {
    scope: Type.Optional(FeedScope),
    caseId: Type.Optional(Uuid),
    advocateId: Type.Optional(Uuid),
    ...PageFields,
  },
  { additionalProperties: false },
);

// ---- Courts, court closures and background recomputations ----------------------------------

const Authority = StringEnum(CLOSURE_AUTHORITIES, {
  description:
    'CCP_12B (default): the court is closed for the whole day, which counts as a holiday (CCP § 12b). GOV_CODE_68115: an emergency order deems the days holidays (Gov. Code § 68115).',
});

export const CourtView = Type.Object(
  {
    id: Type.String({ description: '"CA" (statewide judicial holidays only) or "CA-<county>".' }),
    name: Type.String(),
    county: Type.Union([Type.String(), Type.Null()]),
    closeOfBusiness: Type.String({
      description:
        "Close of judicial business (HH:MM): the earliest regular close of the clerk's office.",
    }),
    closeOfBusinessSource: Type.Object(
      {
        basis: StringEnum(['court', 'secondary', 'default'] as const, {
          description:
            "court: the court's own page or notice; secondary: that notice republished; default: nothing sourced (16:00).",
        }),
        citation: Type.String(),
        url: Type.Optional(Type.String()),
        asOf: Type.Optional(Type.String()),
        hours: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    weekdayClose: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], {
      description: 'Per-weekday closes where they differ (monday … friday → HH:MM).',
    }),
    calendarYears: Type.Object({ from: Type.Integer(), to: Type.Integer() }),
    closures: Type.Integer({
      description:
        'Whole-day closures shipped in the calendar data; closures recorded since are at /v1/court-closures.',
    }),
  },
  { $id: 'Court' },
);

export const ClosureCreateBody = Type.Object(
  {
    court: CourtId,
    from: CalendarDate,
    to: Type.Optional(
      Type.String({ ...CalendarDate, description: 'The last day closed (default: from).' }),
    ),
    reason: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'What happened, in words ("power outage"). No party data.',
    }),
    source: Type.String({
      minLength: 1,
      maxLength: 500,
      description: "Where it can be checked: the court's notice or order, a URL.",
    }),
    authority: Type.Optional(Authority),
  },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Why (recorded in error, the court reopened…). No party data.',
    }),
  },
  { additionalProperties: false },
);

export const ClosureView = Type.Object(
  {
    id: Uuid,
    court: Type.String(),
    courtName: Type.String(),
    from: CalendarDate,
    to: CalendarDate,
    reason: Type.String(),
    source: Type.String(),
    authority: Authority,
    scope: StringEnum(['organization', 'shared'] as const, {
      description:
        "organization: this organization's own, for its cases only; shared: recorded by the operator, for every organization's cases.",
    }),
    recordedBy: Type.String(),
    createdAt: Timestamp,
    withdrawnAt: Type.Union([Timestamp, Type.Null()]),
    withdrawnBy: Type.Union([Type.String(), Type.Null()]),
    withdrawnReason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'CourtClosure' },
);

export const JobView = Type.Object(
  {
    id: Uuid,
    cause: StringEnum(RECOMPUTE_CAUSES),
    closureId: Type.Union([Uuid, Type.Null()]),
    court: Type.Union([Type.String(), Type.Null()], { description: 'Null: every court.' }),
    rulesVersion: Type.Union([Type.String(), Type.Null()]),
    status: StringEnum(RECOMPUTE_JOB_STATUSES, {
      description: 'QUEUED, RUNNING (some batches done), DONE.',
    }),
    progress: Type.Object({
      total: Type.Integer({ description: 'Cases in scope when it was queued.' }),
      processed: Type.Integer(),
      percent: Type.Integer({ minimum: 0, maximum: 100 }),
      changedCases: Type.Integer({ description: 'Cases with a deadline that moved.' }),
      movedDeadlines: Type.Integer(),
      failedCases: Type.Integer({ description: 'Cases that could not be recomputed.' }),
    }),
    failures: Type.Array(Type.Object({ caseId: Uuid, error: Type.String() }), {
      description: 'The first cases that could not be recomputed, and why.',
    }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    startedAt: Type.Union([Timestamp, Type.Null()]),
    finishedAt: Type.Union([Timestamp, Type.Null()]),
    updatedAt: Timestamp,
  },
  { $id: 'RecomputeJob' },
);

export const ClosureWithJobs = Type.Object({
  closure: Type.Ref(ClosureView),
  jobs: Type.Array(Type.Ref(JobView), {
    description: "The background recomputations of this organization's cases it started.",
  }),
});

export const ClosureQuery = Type.Object(
  {
    court: Type.Optional(CourtId),
    withdrawn: Type.Boolean({
      default: false,
      description: 'Include withdrawn closures (default: only those in force).',
    }),
    ...PageFields,
  },
  { additionalProperties: false },
);

export const JobQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(RECOMPUTE_JOB_STATUSES)),
    closureId: Type.Optional(Uuid),
    ...PageFields,
  },
  { additionalProperties: false },
);

/** Shared schemas registered once (Type.Ref targets). */
// ---- Imports ----------------------------------------------------------------------------

const Count = Type.Integer({ minimum: 0 });
export const ImportReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    layout: StringEnum(['event-rows', 'event-columns'] as const, {
      description: 'event-rows: one row per event; event-columns: one row per case.',
    }),
    rows: Type.Integer({ minimum: 0, description: 'Data rows read (the header not counted).' }),
    cases: Type.Object({
      total: Count,
      created: Count,
      updated: Type.Integer({
        minimum: 0,
        description: 'Stored cases (same reference) given events they did not have.',
      }),
      unchanged: Count,
    }),
    events: Type.Object({ created: Count, unchanged: Count }),
    deadlines: Type.Integer({
      minimum: 0,
      description: 'Deadlines computed for the cases created or given new events.',
    }),
    reminders: Type.Integer({
      minimum: 0,
      description: 'Reminders scheduled for the cases created.',
    }),
    problems: Type.Array(
      Type.Object({ line: Type.Integer(), column: Type.String(), reason: Type.String() }),
      { description: 'Empty on success (a file with problems is answered 400).' },
    ),
  },
  { $id: 'ImportReport', description: 'What an import did (or, with dryRun, would do).' },
);

export const SHARED_SCHEMAS: TSchema[] = [
  ProblemSchema,
  EventBody,
  EventView,
  Warning,
  ComputedDeadline,
  CaseDeadline,
  DeadlineListItem,
  CaseView,
  AdvocateView,
  ApiKeyView,
  FeedView,
  ErasureView,
  CourtView,
  ClosureView,
  JobView,
  ImportReport,
];

// The compute input's JSON schema (TypeBox, no transforms: the HTTP layer reuses it for
// validation and OpenAPI) and parseComputeInput, which adds the checks a schema cannot
// express: real calendar dates, the calendar's year range, known court ids, expiresTime
// only with expires. Errors name the field the way a person would ('events[2].date').

import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { defaultCourtCalendars, type CourtCalendars } from './calendar.js';
import { dayFromYmd, parseDay } from './days.js';
import {
  EVENT_TYPES,
  FAMILIES,
  MOTIONS,
  PARTIES,
  SERVICE_METHODS,
  type ComputeInput,
  type EventType,
} from './types.js';

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
const DATE_REGEXP = new RegExp(DATE_PATTERN);

/** Longest service time a court could plausibly set, in days before the hearing. */
export const MAX_SERVICE_DAYS = 30;
/** More events than any real case has; keeps one request's work bounded. */
export const MAX_EVENTS = 200;

function dateSchema(description: string) {
  return Type.String({
    pattern: DATE_PATTERN,
    description: `${description} YYYY-MM-DD, America/Los_Angeles.`,
    examples: ['2025-11-03'],
  });
}
function timeSchema(description: string) {
  return Type.String({
    pattern: TIME_PATTERN,
    description: `${description} HH:MM (24-hour), the court's local time.`,
    examples: ['08:30'],
  });
}

export const CalendarDateSchema = dateSchema('A calendar date.');
export const LocalTimeSchema = timeSchema('A local time of day.');

const id = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 200,
    description: "The caller's id for the event; echoed in basedOn and eventIds.",
  }),
);
const time = Type.Optional(
  timeSchema('The time of day it happened (EPO issuance, hearing time, service time...).'),
);
const expires = Type.Optional(
  dateSchema('The expiration date the court wrote on the order; overrides the computed one.'),
);
const expiresTime = Type.Optional(
  timeSchema('The expiration time the court wrote on the order (requires expires).'),
);
const permanent = Type.Optional(Type.Boolean({ description: 'The order has no end date.' }));
const strict = { additionalProperties: false } as const;

/** The fields every event has. */
function common<T extends EventType>(type: T, date: string) {
  return { type: Type.Literal(type), id, date: dateSchema(date), time };
}

// One schema per event type, so a field on the wrong event type is an error.
export const EVENT_SCHEMAS = {
  EPO_ISSUED: Type.Object(
    { ...common('EPO_ISSUED', 'The day the order was issued.'), expires, expiresTime },
    {
      ...strict,
      description: 'An emergency protective order (for GV: a temporary emergency GVRO) was issued.',
    },
  ),
  PETITION_FILED: Type.Object(common('PETITION_FILED', 'The day the petition was filed.'), {
    ...strict,
    description: 'The petition was filed.',
  }),
  TRO_GRANTED: Type.Object(
    { ...common('TRO_GRANTED', 'The day the temporary order was granted.'), expires, expiresTime },
    {
      ...strict,
      description: 'A temporary restraining order (for GV: an ex parte GVRO) was granted.',
    },
  ),
  TRO_DENIED: Type.Object(common('TRO_DENIED', 'The day the request was denied.'), {
    ...strict,
    description: 'The temporary restraining order was denied (the hearing clock still runs).',
  }),
  HEARING_SET: Type.Object(common('HEARING_SET', "The hearing's date."), {
    ...strict,
    description: 'A hearing was set (on the petition, or on a pending renewal request).',
  }),
  HEARING_CONTINUED: Type.Object(
    { ...common('HEARING_CONTINUED', "The continued hearing's date."), expires, expiresTime },
    {
      ...strict,
      description:
        'The hearing was continued; expires = the new TRO expiration written on the order.',
    },
  ),
  SERVICE_TIME_SHORTENED: Type.Object(
    {
      ...common('SERVICE_TIME_SHORTENED', 'The day the court made the order.'),
      days: Type.Integer({
        minimum: 0,
        maximum: MAX_SERVICE_DAYS,
        description: 'Days before the hearing the court allows for service.',
      }),
    },
    {
      ...strict,
      description: 'The court set (shortened) the time for service before the hearing.',
    },
  ),
  SERVED: Type.Object(
    {
      ...common('SERVED', 'The day the respondent was served.'),
      method: Type.Union(
        SERVICE_METHODS.map((m) => Type.Literal(m)),
        {
          description:
            'How the papers were served: PERSONAL, MAIL, ELECTRONIC, or ALTERNATIVE (a method the court ordered after personal service failed; date = the day the order deems service complete).',
        },
      ),
    },
    {
      ...strict,
      description:
        'A party was served: the respondent with the petition, temporary order and notice (or the order after hearing, or renewal papers), or the other party with notice of a motion.',
    },
  ),
  ORDER_AFTER_HEARING: Type.Object(
    {
      ...common('ORDER_AFTER_HEARING', 'The day the order was issued.'),
      expires,
      expiresTime,
      permanent,
    },
    { ...strict, description: 'The order after hearing was issued.' },
  ),
  RENEWAL_FILED: Type.Object(common('RENEWAL_FILED', 'The day the request was filed.'), {
    ...strict,
    description: 'A request to renew the order was filed.',
  }),
  ORDER_RENEWED: Type.Object(
    {
      ...common('ORDER_RENEWED', 'The day the order was renewed.'),
      expires,
      expiresTime,
      permanent,
    },
    { ...strict, description: 'The order was renewed.' },
  ),
  ORDER_TERMINATED: Type.Object(common('ORDER_TERMINATED', 'The day the order was terminated.'), {
    ...strict,
    description: 'The order was terminated (everything pending ends).',
  }),
  FIREARMS_RELINQUISHED: Type.Object(
    common('FIREARMS_RELINQUISHED', 'The day the respondent surrendered, sold or stored them.'),
    {
      ...strict,
      description:
        'The respondent relinquished firearms and ammunition (surrendered to law enforcement, or sold to or stored with a licensed dealer).',
    },
  ),
  FIREARMS_RECEIPT_FILED: Type.Object(
    common('FIREARMS_RECEIPT_FILED', 'The day the receipt was filed with the court.'),
    {
      ...strict,
      description:
        'The respondent filed the receipt for relinquished firearms, or a declaration of having none (DV-800, CH-800...).',
    },
  ),
  MOTION_FILED: Type.Object(
    {
      ...common('MOTION_FILED', 'The day the motion was filed.'),
      motion: Type.Union(
        MOTIONS.map((m) => Type.Literal(m)),
        { description: 'What the motion asks of the order after hearing.' },
      ),
      movedBy: Type.Union(
        PARTIES.map((p) => Type.Literal(p)),
        { description: 'Who filed it.' },
      ),
    },
    {
      ...strict,
      description:
        "A motion to modify or terminate the order after hearing was filed (for a GVRO, the restrained person's request to terminate it). HEARING_SET, HEARING_CONTINUED, SERVICE_TIME_SHORTENED and SERVED that follow belong to it.",
    },
  ),
  MOTION_DECIDED: Type.Object(common('MOTION_DECIDED', 'The day the court decided it.'), {
    ...strict,
    description:
      'The court decided the pending motion (record ORDER_TERMINATED too if it ended the order).',
  }),
} as const;

export const CaseEventSchema = Type.Union(
  EVENT_TYPES.map((t) => EVENT_SCHEMAS[t]),
  { description: 'One fact of the case.' },
);

export const FamilySchema = Type.Union(
  FAMILIES.map((f) => Type.Literal(f)),
  {
    description:
      'DV, CH (civil harassment), WV (workplace violence), SV (postsecondary school violence), EA (elder/dependent adult abuse), GV (gun violence).',
  },
);

export const ComputeInputSchema = Type.Object(
  {
    family: FamilySchema,
    court: Type.String({
      minLength: 1,
      maxLength: 64,
      description: '"CA" (statewide) or "CA-<county-slug>", e.g. "CA-los-angeles".',
      examples: ['CA', 'CA-los-angeles'],
    }),
    events: Type.Array(CaseEventSchema, {
      maxItems: MAX_EVENTS,
      description: 'The events in recording order.',
    }),
  },
  { ...strict, $id: 'ComputeInput', description: "A case's facts, for computing its deadlines." },
);

export type ComputeInputFromSchema = Static<typeof ComputeInputSchema>;
// The schema and the hand-written interface must describe the same thing.
const _schemaMatchesInterface: ComputeInput = {} as ComputeInputFromSchema;
void _schemaMatchesInterface;

export interface FieldError {
  field: string;
  message: string;
}

export type ParseResult = { ok: true; value: ComputeInput } | { ok: false; errors: FieldError[] };

const ENVELOPE = Type.Object(
  {
    family: FamilySchema,
    court: Type.String({ minLength: 1, maxLength: 64 }),
    events: Type.Array(Type.Unknown(), { maxItems: MAX_EVENTS }),
  },
  strict,
);

const KNOWN_EVENT_FIELDS = new Set([
  'id',
  'type',
  'date',
  'time',
  'days',
  'method',
  'expires',
  'expiresTime',
  'permanent',
  'motion',
  'movedBy',
]);

function fieldPath(base: string, pointer: string): string {
  let out = base;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(key) ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`;
  }
  return out;
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

// Valid input is the common case on the API's hot path: a compiled check answers it in a
// fraction of the time the error walk takes, which then only runs for invalid input.
const compiledChecks = new WeakMap<TSchema, TypeCheck<TSchema>>();
function compiledCheck(schema: TSchema): TypeCheck<TSchema> {
  let check = compiledChecks.get(schema);
  if (check === undefined) {
    check = TypeCompiler.Compile(schema);
    compiledChecks.set(schema, check);
  }
  return check;
}

function schemaErrors(
  schema: TSchema,
  value: unknown,
  base: string,
  eventType?: string,
): FieldError[] {
  if (compiledCheck(schema).Check(value)) return [];
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(schema, value)) {
    const field = fieldPath(base, e.path);
    if (seen.has(field)) continue;
    seen.add(field);
    const name = field.slice(field.lastIndexOf('.') + 1);
    out.push({ field, message: friendlyMessage(e, name, eventType) });
  }
  return out;
}

// TypeBox's messages ("Expected union value") are for programmers; these are for the
// clinic staff who read the CLI's one-line error. Only the error types our schemas can
// produce get their own wording; the rest keep TypeBox's.
function friendlyMessage(e: ValueError, name: string, eventType: string | undefined): string {
  const t = e.type;
  if (t === ValueErrorType.ObjectAdditionalProperties) {
    return eventType !== undefined && KNOWN_EVENT_FIELDS.has(name)
      ? `not allowed on ${eventType} events`
      : 'unknown field';
  }
  if (t === ValueErrorType.ObjectRequiredProperty) return 'required';
  if (t === ValueErrorType.StringPattern) {
    return (e.schema as { pattern?: string }).pattern === DATE_PATTERN
      ? `not a date in YYYY-MM-DD form: ${describe(e.value)}`
      : `not a time in HH:MM (24-hour) form: ${describe(e.value)}`;
  }
  if (t === ValueErrorType.Union && name === 'family') {
    return `unknown family ${describe(e.value)} (expected one of ${FAMILIES.join(', ')})`;
  }
  if (t === ValueErrorType.Union && name === 'method') {
    return `unknown service method ${describe(e.value)} (expected one of ${SERVICE_METHODS.join(', ')})`;
  }
  if (t === ValueErrorType.Union && name === 'motion') {
    return `unknown motion ${describe(e.value)} (expected one of ${MOTIONS.join(', ')})`;
  }
  if (t === ValueErrorType.Union && name === 'movedBy') {
    return `unknown party ${describe(e.value)} (expected one of ${PARTIES.join(', ')})`;
  }
  if (
    t === ValueErrorType.Integer ||
    t === ValueErrorType.IntegerMinimum ||
    t === ValueErrorType.IntegerMaximum
  ) {
    return `must be a whole number of days from 0 to ${MAX_SERVICE_DAYS}: ${describe(e.value)}`;
  }
  if (t === ValueErrorType.ArrayMaxItems) return `at most ${MAX_EVENTS} events`;
  if (t === ValueErrorType.Object) return 'expected a JSON object';
  if (t === ValueErrorType.Array) return 'expected an array of events';
  if (t === ValueErrorType.String) return `expected a string: ${describe(e.value)}`;
  if (t === ValueErrorType.Boolean) return `expected true or false: ${describe(e.value)}`;
  return e.message.replace(/^Expected/, 'expected');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates raw JSON as a ComputeInput: the schema, then the semantic checks. Returns
 * every problem found, each naming its field ('events[2].date').
 */
export function parseComputeInput(
  raw: unknown,
  options?: { calendars?: CourtCalendars },
): ParseResult {
  const calendars = options?.calendars ?? defaultCourtCalendars;
  if (!isRecord(raw))
    return {
      ok: false,
      errors: [
        { field: '(input)', message: 'expected a JSON object with family, court and events' },
      ],
    };
  const errors = schemaErrors(ENVELOPE, raw, '');
  if (typeof raw.court === 'string' && raw.court !== '' && !calendars.has(raw.court)) {
    errors.push({
      field: 'court',
      message: `unknown court id ${describe(raw.court)} (use "CA" or "CA-<county>", e.g. "CA-los-angeles")`,
    });
  }
  const { from, to } = calendars.supportedYears;
  const first = dayFromYmd(from, 1, 1);
  const last = dayFromYmd(to, 12, 31);
  const checkDate = (value: unknown, field: string): void => {
    if (typeof value !== 'string' || !DATE_REGEXP.test(value)) return; // the schema reports it
    const day = parseDay(value);
    if (Number.isNaN(day)) errors.push({ field, message: `not a real calendar date: ${value}` });
    else if (day < first || day > last) {
      errors.push({
        field,
        message: `${value} is outside the supported court calendar (${from}-${to})`,
      });
    }
  };
  if (Array.isArray(raw.events)) {
    raw.events.forEach((ev: unknown, i) => {
      const base = `events[${i}]`;
      if (!isRecord(ev)) {
        errors.push({ field: base, message: 'expected a JSON object' });
        return;
      }
      const type = ev.type;
      if (type === undefined) {
        errors.push({ field: `${base}.type`, message: 'required' });
        return;
      }
      if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
        errors.push({
          field: `${base}.type`,
          message: `unknown event type ${describe(type)} (expected one of ${EVENT_TYPES.join(', ')})`,
        });
        return;
      }
      errors.push(...schemaErrors(EVENT_SCHEMAS[type as EventType], ev, base, type));
      checkDate(ev.date, `${base}.date`);
      checkDate(ev.expires, `${base}.expires`);
      if (ev.expiresTime !== undefined && ev.expires === undefined) {
        errors.push({
          field: `${base}.expiresTime`,
          message: 'only allowed together with expires',
        });
      }
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: raw as unknown as ComputeInput };
}

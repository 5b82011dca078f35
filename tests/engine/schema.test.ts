// parseComputeInput: the TypeBox schema plus the semantic checks, with errors that name
// the field the way the CLI and the HTTP problem details will show it.

import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import {
  ComputeInputSchema,
  EVENT_TYPES,
  parseComputeInput,
  type FieldError,
} from '../../src/engine/index.js';

function errors(raw: unknown): FieldError[] {
  const r = parseComputeInput(raw);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

const ok = { family: 'DV', court: 'CA', events: [{ type: 'TRO_GRANTED', date: '2025-11-03' }] };

describe('parseComputeInput', () => {
  it('accepts a valid case and returns it unchanged', () => {
    const r = parseComputeInput(ok);
    expect(r).toEqual({ ok: true, value: ok });
  });

  it('accepts every event type with all the fields it allows', () => {
    const events = [
      {
        id: 'a',
        type: 'EPO_ISSUED',
        date: '2025-10-11',
        time: '22:15',
        expires: '2025-10-17',
        expiresTime: '17:00',
      },
      { type: 'PETITION_FILED', date: '2025-10-14', time: '09:00' },
      { type: 'TRO_GRANTED', date: '2025-10-14', expires: '2025-11-04' },
      { type: 'TRO_DENIED', date: '2025-10-14' },
      { type: 'HEARING_SET', date: '2025-11-04', time: '08:30' },
      {
        type: 'HEARING_CONTINUED',
        date: '2025-11-18',
        expires: '2025-11-18',
        expiresTime: '12:00',
      },
      { type: 'SERVICE_TIME_SHORTENED', date: '2025-10-14', days: 0 },
      { type: 'SERVED', date: '2025-10-20', method: 'PERSONAL', time: '18:05' },
      { type: 'ORDER_AFTER_HEARING', date: '2025-11-18', expires: '2030-11-18', permanent: false },
      { type: 'RENEWAL_FILED', date: '2030-09-01' },
      { type: 'ORDER_RENEWED', date: '2030-10-01', permanent: true },
      { type: 'ORDER_TERMINATED', date: '2031-01-01' },
      { type: 'FIREARMS_RELINQUISHED', date: '2025-10-21', time: '09:10' },
      { type: 'FIREARMS_RECEIPT_FILED', date: '2025-10-21', time: '15:00' },
      {
        type: 'MOTION_FILED',
        date: '2026-03-02',
        motion: 'TERMINATE',
        movedBy: 'RESPONDENT',
      },
      { type: 'MOTION_DECIDED', date: '2026-04-06' },
      { type: 'SERVED', date: '2026-03-03', method: 'ALTERNATIVE' },
    ];
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
    expect(parseComputeInput({ family: 'DV', court: 'CA-los-angeles', events }).ok).toBe(true);
  });

  it.each([
    [
      { ...ok, family: 'XX' },
      'family',
      'unknown family "XX" (expected one of DV, CH, WV, SV, EA, GV)',
    ],
    [
      { ...ok, court: 'CA-atlantis' },
      'court',
      'unknown court id "CA-atlantis" (use "CA" or "CA-<county>", e.g. "CA-los-angeles")',
    ],
    [{ family: 'DV', events: [] }, 'court', 'required'],
    [{ ...ok, extra: 1 }, 'extra', 'unknown field'],
    [{ ...ok, events: {} }, 'events', 'expected an array of events'],
    [
      {
        ...ok,
        events: [
          ok.events[0],
          ok.events[0],
          { type: 'SERVED', date: '2025-02-30', method: 'PERSONAL' },
        ],
      },
      'events[2].date',
      'not a real calendar date: 2025-02-30',
    ],
    [
      { ...ok, events: [{ type: 'TRO_GRANTED', date: '2025-2-3' }] },
      'events[0].date',
      'not a date in YYYY-MM-DD form: "2025-2-3"',
    ],
    [{ ...ok, events: [{ type: 'TRO_GRANTED' }] }, 'events[0].date', 'required'],
    [
      { ...ok, events: [{ type: 'TRO_GRANTED', date: '2050-01-03' }] },
      'events[0].date',
      '2050-01-03 is outside the supported court calendar (2010-2045)',
    ],
    [
      {
        ...ok,
        events: [{ type: 'ORDER_AFTER_HEARING', date: '2025-01-03', expires: '2046-01-03' }],
      },
      'events[0].expires',
      '2046-01-03 is outside the supported court calendar (2010-2045)',
    ],
    [
      { ...ok, events: [{ type: 'HEARD', date: '2025-01-03' }] },
      'events[0].type',
      'unknown event type "HEARD"',
    ],
    [{ ...ok, events: [{ date: '2025-01-03' }] }, 'events[0].type', 'required'],
    [{ ...ok, events: ['x'] }, 'events[0]', 'expected a JSON object'],
    [
      { ...ok, events: [{ type: 'HEARING_SET', date: '2025-11-20', days: 2 }] },
      'events[0].days',
      'not allowed on HEARING_SET events',
    ],
    [
      { ...ok, events: [{ type: 'HEARING_SET', date: '2025-11-20', method: 'MAIL' }] },
      'events[0].method',
      'not allowed on HEARING_SET events',
    ],
    [{ ...ok, events: [{ type: 'SERVED', date: '2025-11-20' }] }, 'events[0].method', 'required'],
    [
      { ...ok, events: [{ type: 'SERVED', date: '2025-11-20', method: 'FAX' }] },
      'events[0].method',
      'unknown service method "FAX"',
    ],
    [
      { ...ok, events: [{ type: 'MOTION_FILED', date: '2025-11-20', motion: 'TERMINATE' }] },
      'events[0].movedBy',
      'required',
    ],
    [
      {
        ...ok,
        events: [
          { type: 'MOTION_FILED', date: '2025-11-20', motion: 'CHANGE', movedBy: 'RESPONDENT' },
        ],
      },
      'events[0].motion',
      'unknown motion "CHANGE" (expected one of MODIFY, TERMINATE)',
    ],
    [
      {
        ...ok,
        events: [{ type: 'MOTION_FILED', date: '2025-11-20', motion: 'MODIFY', movedBy: 'COURT' }],
      },
      'events[0].movedBy',
      'unknown party "COURT" (expected one of PETITIONER, RESPONDENT)',
    ],
    [
      { ...ok, events: [{ type: 'SERVICE_TIME_SHORTENED', date: '2025-11-20' }] },
      'events[0].days',
      'required',
    ],
    [
      { ...ok, events: [{ type: 'SERVICE_TIME_SHORTENED', date: '2025-11-20', days: 1.5 }] },
      'events[0].days',
      'must be a whole number of days from 0 to 30',
    ],
    [
      { ...ok, events: [{ type: 'SERVICE_TIME_SHORTENED', date: '2025-11-20', days: -1 }] },
      'events[0].days',
      'must be a whole number of days from 0 to 30',
    ],
    [
      { ...ok, events: [{ type: 'SERVICE_TIME_SHORTENED', date: '2025-11-20', days: 31 }] },
      'events[0].days',
      'must be a whole number of days from 0 to 30',
    ],
    [
      { ...ok, events: [{ type: 'HEARING_SET', date: '2025-11-20', time: '8:30' }] },
      'events[0].time',
      'not a time in HH:MM (24-hour) form: "8:30"',
    ],
    [
      { ...ok, events: [{ type: 'HEARING_SET', date: '2025-11-20', time: '24:00' }] },
      'events[0].time',
      'not a time in HH:MM',
    ],
    [
      {
        ...ok,
        events: [{ type: 'ORDER_AFTER_HEARING', date: '2025-11-20', expiresTime: '17:00' }],
      },
      'events[0].expiresTime',
      'only allowed together with expires',
    ],
    [
      { ...ok, events: [{ type: 'PETITION_FILED', date: '2025-11-20', permanent: true }] },
      'events[0].permanent',
      'not allowed on PETITION_FILED events',
    ],
    [
      { ...ok, events: [{ type: 'ORDER_RENEWED', date: '2025-11-20', permanent: 'yes' }] },
      'events[0].permanent',
      'expected true or false',
    ],
    [
      { ...ok, events: [{ type: 'PETITION_FILED', date: '2025-11-20', color: 'red' }] },
      'events[0].color',
      'unknown field',
    ],
    [
      { ...ok, events: [{ type: 'PETITION_FILED', date: '2025-11-20', id: '' }] },
      'events[0].id',
      'expected string length greater or equal to 1',
    ],
    ['[]', '(input)', 'expected a JSON object'],
  ])('%j -> %s: %s', (raw, field, message) => {
    const errs = errors(raw);
    const hit = errs.find((e) => e.field === field);
    expect(hit, JSON.stringify(errs)).toBeDefined();
    expect(hit?.message).toContain(message);
  });

  it('reports every problem, not just the first', () => {
    const errs = errors({
      family: 'ZZ',
      court: 'nowhere',
      events: [{ type: 'HEARING_SET', date: '2025-13-01' }, { type: 'X' }],
    });
    expect(errs.map((e) => e.field)).toEqual([
      'family',
      'court',
      'events[0].date',
      'events[1].type',
    ]);
  });
});

describe('ComputeInputSchema (shared with the HTTP layer and OpenAPI)', () => {
  it('is plain JSON Schema: no transforms, additionalProperties false on every object', () => {
    const json = JSON.parse(JSON.stringify(ComputeInputSchema)) as unknown;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const o = node as Record<string, unknown>;
      if (o.type === 'object') expect(o.additionalProperties).toBe(false);
      Object.values(o).forEach(walk);
    };
    walk(json);
    // The JSON copy validates the same as the original (nothing lives only in symbols).
    expect(Value.Check(ComputeInputSchema, ok)).toBe(true);
    expect(JSON.stringify(json)).not.toContain('Transform');
  });

  it('enums are string unions', () => {
    const family = (
      ComputeInputSchema.properties.family as { anyOf: { const: string }[] }
    ).anyOf.map((x) => x.const);
    expect(family).toEqual(['DV', 'CH', 'WV', 'SV', 'EA', 'GV']);
  });
});

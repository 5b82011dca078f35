// Issue 10, items 2 and 5 and "say how sure each date is": an order is kept in force until
// its renewal hearing only on a verified text; explanations match their dates and read as
// sentences; and every deadline carries a basis that agrees with what it rests on.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_RULES,
  BASES,
  computeDeadlines,
  EVENT_TYPES,
  FAMILIES,
  FAMILY_LAW,
  LAW,
  lawProblems,
  RULES,
  SERVICE_METHODS,
  type CaseEvent,
  type ComputeResult,
  type Family,
  type FamilyLaw,
} from '../../src/engine/index.js';
import { rule } from '../../src/engine/law/model.js';
import { codes, deadline, text } from './helpers.js';

function run(family: Family, events: CaseEvent[]): ComputeResult {
  return computeDeadlines({ family, court: 'CA', events });
}

describe('item 2: kept in force until the renewal hearing only where a form or statute says so', () => {
  // An order of 2022-12-12 with no date written ends 2025-12-12 for WV, SV, CH, DV, EA (3
  // years); a GVRO is given its date. Renewal requested in the window; hearing after expiry.
  const events = (family: Family): CaseEvent[] => [
    family === 'GV'
      ? { type: 'ORDER_AFTER_HEARING', date: '2022-12-12', expires: '2025-12-12' }
      : { type: 'ORDER_AFTER_HEARING', date: '2022-12-12' },
    { id: 'f', type: 'RENEWAL_FILED', date: '2025-11-03' },
    { id: 'h', type: 'HEARING_SET', date: '2026-01-08' },
  ];
  // family, kept?, rule of ORDER_EXPIRES, its date, basis, citation
  const rows: [Family, boolean, string, string, string, string][] = [
    ['DV', true, 'DV.RENEWAL.PENDING', '2026-01-08', 'form', 'Fam. Code § 6345(a); DV-710; DV-720'],
    ['CH', true, 'CH.RENEWAL.PENDING', '2026-01-08', 'form', 'CCP § 527.6(j)(1); CH-710 item 3'],
    [
      'EA',
      true,
      'EA.RENEWAL.PENDING',
      '2026-01-08',
      'form',
      'Welf. & Inst. Code § 15657.03; EA-710',
    ],
    ['WV', false, 'WV.ORDER.EXPIRY', '2025-12-12', 'interpretation', 'CCP § 527.8(k)'],
    ['SV', false, 'SV.ORDER.EXPIRY', '2025-12-12', 'interpretation', 'CCP § 527.85 (2024 text)'],
    [
      'GV',
      false,
      'GV.ORDER.EXPIRY',
      '2025-12-12',
      'interpretation',
      'Pen. Code § 18175 (AB 12, Stats. 2019, ch. 724, operative 2020-09-01)',
    ],
  ];

  it.each(rows)('%s: kept in force %s', (family, kept, ruleId, date, basis, citation) => {
    const r = run(family, events(family));
    const order = deadline(r, 'ORDER_EXPIRES');
    expect(order).toMatchObject({ ruleId, date, basis, citation });
    if (kept) {
      expect(r.warnings).toEqual([]);
      expect(text(order)).toContain(
        'the order stays in effect until the end of the renewal hearing',
      );
    } else {
      expect(r.warnings).toEqual([
        expect.objectContaining({ code: 'RENEWAL_HEARING_AFTER_EXPIRY', eventIds: ['f', 'h'] }),
      ]);
      expect(r.warnings[0]?.message).toContain(
        'the order may lapse on Fri 2025-12-12 unless the court extends it',
      );
      expect(text(order)).toContain('it may lapse on Fri 2025-12-12 unless the court extends it');
      // The date itself is the statute's expiration (end of day: 'midnight on' read as its end).
      expect(order.at).toBe('2025-12-12T23:59:59-08:00');
    }
  });

  it('a table that keeps an order in force on an unverified text is refused when it loads', () => {
    const wv = FAMILY_LAW.WV;
    const forced: FamilyLaw = {
      ...wv,
      rules: {
        ...wv.rules,
        renewalPending: rule({
          ...wv.rules.renewalPending,
          versions: wv.rules.renewalPending.versions.map((v) => ({
            from: v.from,
            citation: v.citation,
          })),
          keepsOrderInForce: true,
        }),
      },
    };
    expect(lawProblems({ ...LAW, families: { ...LAW.families, WV: forced } })).toContain(
      'WV.RENEWAL.PENDING: keeps the order in force until the renewal hearing, but not on a verified statute or form',
    );
  });

  it('the verified ones name their form; the others say where nothing was found', () => {
    for (const f of FAMILIES) {
      const p = FAMILY_LAW[f].rules.renewalPending;
      if (p.keepsOrderInForce) expect(p.basis, f).toBe('form');
      else expect(p.caveat, f).toMatch(/was not found to say that the order stays in effect/);
    }
  });
});

describe('item 5: explanations match their dates and read as sentences', () => {
  it('a DV TRO with no hearing set names both the 21-day and the 25-day dates', () => {
    // Granted Mon 2025-11-03: day 21 is Mon 11/24; day 25, Fri 11/28, is the day after
    // Thanksgiving, so the good-cause limit rolls to Mon 12/01.
    const tro = deadline(run('DV', [{ type: 'TRO_GRANTED', date: '2025-11-03' }]), 'TRO_EXPIRES');
    expect(tro.date).toBe('2025-11-24');
    expect(text(tro)).toContain(
      'which must be held by Mon 2025-11-24 (by Mon 2025-12-01 if the court finds good cause for 25 days)',
    );
  });

  /** Every explanation step, caveat and warning message of many generated cases. */
  function sentences(withWarnings = true): string[] {
    const out: string[] = [];
    const cases: [Family, CaseEvent[]][] = [];
    for (const family of FAMILIES) {
      cases.push(
        [
          family,
          [
            { type: 'EPO_ISSUED', date: '2025-11-26', time: '22:15' },
            { type: 'TRO_GRANTED', date: '2025-12-03' },
          ],
        ],
        [
          family,
          [
            { type: 'TRO_GRANTED', date: '2025-11-01' },
            { type: 'HEARING_SET', date: '2025-12-15' },
          ],
        ],
        [
          family,
          [
            { type: 'TRO_GRANTED', date: '2025-11-06', expires: '2025-11-20' },
            { type: 'HEARING_SET', date: '2025-11-20' },
            { type: 'HEARING_CONTINUED', date: '2025-12-04' },
            { type: 'SERVED', date: '2025-11-30', method: 'ALTERNATIVE' },
            { type: 'ORDER_AFTER_HEARING', date: '2025-12-04', permanent: true },
            { type: 'RENEWAL_FILED', date: '2025-10-01' },
            { type: 'ORDER_RENEWED', date: '2025-10-02', permanent: true },
          ],
        ],
      );
    }
    for (const [family, events] of cases) {
      const r = run(family, events);
      for (const d of r.deadlines) out.push(...d.explanation, d.interpretation ?? '');
      if (withWarnings) for (const w of r.warnings) out.push(w.message);
    }
    for (const r of ALL_RULES) out.push(r.description, ...r.versions.map((v) => v.caveat ?? ''));
    return out.filter((s) => s !== '');
  }

  it('no "a" before a vowel sound ("a ex parte GVRO", "a elder ...")', () => {
    for (const s of sentences())
      expect(s).not.toMatch(/\ba (ex parte|elder|EPO|emergency|SV\b|EA\b)/);
  });

  it('every explanation step starts with a capital, a digit or an opening bracket', () => {
    for (const s of sentences(false)) expect(s, s).toMatch(/^[A-Z0-9("'“]/);
  });

  it('a warning starts with a capital or with the label of the event it is about', () => {
    for (const s of sentences()) expect(s, s).toMatch(/^([A-Z0-9("'“]|events\[\d+\] [A-Z_]+ on )/);
  });

  it('an event label never sits inside parentheses that are inside another pair', () => {
    for (const s of sentences()) {
      let depth = 0;
      for (let i = 0; i < s.length; i++) {
        if (s[i] === '(') depth++;
        else if (s[i] === ')') depth--;
        else if (s.startsWith('events[', i)) expect(depth, s).toBeLessThanOrEqual(1);
      }
      expect(s).not.toMatch(/events\[\d+\] \(/);
    }
  });

  it('no explanation, caveat or warning points at a research file outside the repository', () => {
    for (const s of sentences()) expect(s).not.toMatch(/ca-rules|research|examples\.json/i);
  });
});

describe('say how sure each date is: basis', () => {
  it('every rule version has one of the four bases', () => {
    expect(RULES.length).toBeGreaterThan(100);
    for (const r of RULES) expect(BASES, r.id).toContain(r.basis);
  });

  const events = fc.array(
    fc.record({
      type: fc.constantFrom(...EVENT_TYPES),
      date: fc
        .integer({ min: 0, max: 700 })
        .map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)),
      method: fc.constantFrom(...SERVICE_METHODS),
    }),
    { maxLength: 8 },
  );

  it('every deadline has a basis no stronger than its rule version, and interpretation text exactly when it is not statute or form', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FAMILIES), events, (family, raw) => {
        const list: CaseEvent[] = raw.map((e) => {
          const ev: CaseEvent = { type: e.type, date: e.date };
          if (e.type === 'SERVED') ev.method = e.method;
          if (e.type === 'SERVICE_TIME_SHORTENED') ev.days = 3;
          if (e.type === 'MOTION_FILED') {
            ev.motion = 'TERMINATE';
            ev.movedBy = 'RESPONDENT';
          }
          return ev;
        });
        for (const d of run(family, list).deadlines) {
          const version = RULES.find((x) => x.id === d.ruleId && x.citation === d.citation);
          expect(version, d.ruleId).toBeDefined();
          expect(BASES.indexOf(d.basis)).toBeGreaterThanOrEqual(
            BASES.indexOf(version?.basis ?? 'statute'),
          );
          // A verified date carries no interpretation; a reading always says which and why.
          // (An unverified rule may carry only a source for the law book where the date is
          // the one the court set: EA.HEARING, GV.RENEWAL.HEARING.)
          const verified = d.basis === 'statute' || d.basis === 'form';
          const label = `${d.key} ${d.basis} ${d.interpretation ?? ''}`;
          if (verified) expect(d.interpretation, label).toBeUndefined();
          if (d.interpretation !== undefined) expect(verified, label).toBe(false);
          if (d.basis === 'interpretation') expect(d.interpretation, label).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('golden: one deadline of each basis', () => {
    const dv = run('DV', [{ type: 'TRO_GRANTED', date: '2025-11-03' }]);
    expect(deadline(dv, 'HEARING_LATEST').basis).toBe('statute');
    const ch = run('CH', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20' },
      { type: 'RENEWAL_FILED', date: '2028-05-01' },
      { type: 'HEARING_SET', date: '2028-07-10' },
    ]);
    expect(deadline(ch, 'ORDER_EXPIRES').basis).toBe('form');
    const epo = run('DV', [{ type: 'EPO_ISSUED', date: '2025-11-03' }]);
    expect(deadline(epo, 'EPO_EXPIRES').basis).toBe('interpretation');
    const gv = run('GV', [
      { type: 'ORDER_AFTER_HEARING', date: '2025-06-20', expires: '2026-06-22' },
    ]);
    expect(deadline(gv, 'RENEWAL_DEADLINE').basis).toBe('unverified');
    expect(codes(gv)).toEqual([]);
  });
});

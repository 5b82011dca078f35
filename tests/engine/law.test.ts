// The law table (src/engine/law/): it agrees with itself, a table that does not stops
// the engine before it computes anything, and every number the lifecycle uses comes
// from it (change a number in the table and the dates move; the stage files hold none).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  ALL_RULES,
  BASES,
  computeDeadlines,
  FAMILY_LAW,
  INTERPRETATIONS,
  LAW,
  lawProblems,
  LawTableError,
  RULES,
  type CaseEvent,
  type Family,
  type FamilyLaw,
  type LawTable,
  type Rule,
} from '../../src/engine/index.js';
import type * as GvLaw from '../../src/engine/law/gv.js';
import { rule, type RuleSpec } from '../../src/engine/law/model.js';
import { deadline, text } from './helpers.js';

/** The same rule rebuilt from its entry with some fields changed (one-version rules only). */
function rebuilt<R extends Rule>(r: R, changes: Record<string, unknown>): R {
  const spec = {
    ...r,
    versions: r.versions.map((v) => ({ from: v.from, citation: v.citation })),
    ...changes,
  } as unknown as RuleSpec<unknown>;
  return rule(spec) as unknown as R;
}

/** The same rule with other numbers. */
function renumbered<R extends Rule>(r: R, numbers: Partial<R['numbers']>): R {
  return rebuilt(r, { numbers: { ...(r.numbers as object), ...numbers } });
}

function withFamily(law: FamilyLaw, rules: Partial<FamilyLaw['rules']>): FamilyLaw {
  return { ...law, rules: { ...law.rules, ...rules } };
}

function table(
  families: Partial<Record<Family, FamilyLaw>>,
  interpretations: LawTable['interpretations'] = INTERPRETATIONS,
): LawTable {
  return { families: { ...FAMILY_LAW, ...families }, interpretations };
}

const { DV, CH, EA, GV } = FAMILY_LAW;

describe('the law table', () => {
  it('agrees with itself', () => {
    expect(lawProblems(LAW)).toEqual([]);
  });

  it('gives every rule version a basis, a citation and the date it came into force', () => {
    expect(RULES.length).toBeGreaterThan(70);
    for (const r of RULES) {
      expect(BASES, r.id).toContain(r.basis);
      expect(r.citation.length, r.id).toBeGreaterThan(0);
      if (r.basis === 'unverified' || r.basis === 'interpretation') {
        const fromTable = ALL_RULES.find((x) => x.id === r.id);
        expect(r.caveat ?? fromTable?.source, r.id).toBeDefined();
      }
    }
  });

  it('chooses the version in force on the triggering date (DV renewals before and after SB 935)', () => {
    const renew = (renewed: string, expires: string) =>
      computeDeadlines({
        family: 'DV',
        court: 'CA',
        events: [
          { type: 'ORDER_AFTER_HEARING', date: '2019-12-02' },
          { type: 'RENEWAL_FILED', date: '2022-10-03' },
          { type: 'ORDER_RENEWED', date: renewed, expires },
        ],
      });
    const before = renew('2022-11-28', '2032-11-28');
    expect(deadline(before, 'ORDER_EXPIRES').citation).toContain('before SB 935');
    expect(before.warnings.map((w) => w.message).join()).toContain(
      'a renewal before 2023 allowed ("five years or permanently")',
    );
    const after = renew('2023-01-03', '2033-01-03');
    expect(deadline(after, 'ORDER_EXPIRES').citation).toContain('SB 935 (Stats. 2022, ch. 88)');
    expect(after.warnings).toEqual([]);
  });
});

describe("citations come from each family's own rules", () => {
  const beyondLimit = (family: Family) =>
    computeDeadlines({
      family,
      court: 'CA',
      events: [
        { type: 'TRO_GRANTED', date: '2025-11-06' },
        { type: 'HEARING_SET', date: '2025-12-15' },
      ],
    }).warnings.find((w) => w.code === 'HEARING_BEYOND_LIMIT')?.message ?? '';

  it('an EA hearing beyond the limit cites the EA statute, not the Family Code (text fix)', () => {
    expect(beyondLimit('EA')).toContain(
      'Unless extended, the temporary restraining order stops being enforceable (Welf. & Inst. Code § 15657.03).',
    );
    expect(beyondLimit('EA')).not.toContain('Fam. Code');
    expect(beyondLimit('DV')).toContain('the TRO stops being enforceable (Fam. Code § 242(b)).');
    // A capped TRO simply ends at its cap: no sentence about enforceability.
    expect(beyondLimit('CH')).not.toContain('enforceable');
  });
});

describe('load-time checks', () => {
  const problems = (t: LawTable): string => lawProblems(t).join('\n');

  it('catch a rule filed under another family or another role', () => {
    const p = problems(table({ DV: withFamily(DV, { service: CH.rules.service }) }));
    expect(p).toContain('DV.service: id CH.SERVICE, expected DV.SERVICE');
    expect(p).toContain('CH.SERVICE: families CH, expected DV');
    const q = problems(
      table({ DV: withFamily(DV, { hearing: { ...DV.rules.hearing, kind: 'TRO_EXPIRES' } }) }),
    );
    expect(q).toContain('DV.HEARING: kind TRO_EXPIRES, but hearing decides HEARING');
  });

  it('catch an emergency order whose families are not the families that use it', () => {
    expect(problems(table({ EA: { ...EA, emergencyOrder: null } }))).toContain(
      'EPO.EXPIRY: families DV,CH,EA, but used by DV,CH',
    );
  });

  it('catch versions that are out of order, undated or not real dates', () => {
    const versions = (vs: { from: string | null; citation: string }[]) =>
      problems(
        table({
          DV: withFamily(DV, {
            renewalWindow: rule({
              ...DV.rules.renewalWindow,
              numbers: { monthsBeforeExpiry: 3 },
              versions: vs,
            }),
          }),
        }),
      );
    expect(versions([])).toContain('DV.RENEWAL.WINDOW: no versions');
    expect(
      versions([
        { from: '2025-01-01', citation: 'a' },
        { from: '2024-01-01', citation: 'b' },
      ]),
    ).toContain('DV.RENEWAL.WINDOW: versions out of order at 2024-01-01');
    expect(
      versions([
        { from: '2025-01-01', citation: 'a' },
        { from: null, citation: 'b' },
      ]),
    ).toContain('only the first version may be in force from the start');
    expect(versions([{ from: '2025-02-30', citation: 'a' }])).toContain(
      'starts on 2025-02-30, not a date',
    );
  });

  it('catch numbers that are not whole, or limits in the wrong order', () => {
    expect(
      problems(
        table({
          DV: withFamily(DV, {
            service: renumbered(DV.rules.service, { calendarDaysBeforeHearing: 2.5 }),
          }),
        }),
      ),
    ).toContain('DV.SERVICE: calendarDaysBeforeHearing must be a whole number above 0, not 2.5');
    const goodCause = DV.rules.hearingLatestGoodCause as NonNullable<
      typeof DV.rules.hearingLatestGoodCause
    >;
    expect(
      problems(
        table({
          DV: withFamily(DV, {
            hearingLatestGoodCause: renumbered(goodCause, { calendarDays: 20 }),
          }),
        }),
      ),
    ).toContain('DV: the good-cause hearing limit must be longer than the plain one');
    expect(
      problems(
        table({
          CH: withFamily(CH, {
            temporaryOrderExpiry: renumbered(CH.rules.temporaryOrderExpiry, {
              maxDaysGoodCause: 21,
            }),
          }),
        }),
      ),
    ).toContain('CH.TRO.EXPIRY: the good-cause cap must be longer than the cap');
  });

  it('catch a rule that is not settled law but says nothing about why', () => {
    const service = rebuilt(EA.rules.service, { caveat: undefined });
    expect(problems(table({ EA: withFamily(EA, { service }) }))).toContain(
      'EA.SERVICE: basis unverified needs a caveat or a source saying why',
    );
  });

  it('catch interpretations that name rules that do not exist, and duplicate ids', () => {
    const interpretations = {
      ...INTERPRETATIONS,
      'X.NOWHERE': { rules: ['DV.NOPE'], question: 'q', reason: 'r' },
    };
    expect(problems(table({}, interpretations))).toContain(
      'interpretation X.NOWHERE: no rule matches DV.NOPE',
    );
    const twin = { ...DV.rules.renewalDeadline };
    expect(problems(table({ CH: withFamily(CH, { renewalDeadline: twin }) }))).toContain(
      'DV.RENEWAL.DEADLINE: two rules have this id',
    );
  });

  it('catch a family filed under another name', () => {
    expect(problems(table({ DV: CH }))).toContain('families.DV holds the law of CH');
  });

  it('stop a computation under a table that disagrees, before it computes anything', () => {
    const bad = table({ EA: { ...EA, emergencyOrder: null } });
    expect(() => computeDeadlines({ family: 'DV', court: 'CA', events: [] }, { law: bad })).toThrow(
      LawTableError,
    );
  });

  it('stop the engine loading when the shipped table disagrees (the server, worker and CLI fail at start)', async () => {
    vi.resetModules();
    vi.doMock('../../src/engine/law/gv.js', async (original) => {
      const real = await original<typeof GvLaw>();
      return { GV: { ...real.GV, rules: { ...real.GV.rules, hearing: real.GV.rules.service } } };
    });
    try {
      await expect(import('../../src/engine/index.js')).rejects.toThrow(
        /GV\.hearing: id GV\.SERVICE, expected GV\.HEARING/,
      );
    } finally {
      vi.doUnmock('../../src/engine/law/gv.js');
      vi.resetModules();
    }
  });
});

describe('every number the lifecycle uses comes from the table', () => {
  const compute = (family: Family, events: CaseEvent[], law: LawTable) =>
    computeDeadlines({ family, court: 'CA', events }, { law });

  it('the EPO: the earlier of the nth court day and the mth calendar day (Fam. Code § 6256)', () => {
    const epo = DV.emergencyOrder;
    if (epo?.expires !== 'earlierOf') throw new Error('DV has an EPO');
    const expiry = renumbered(epo.expiry, { courtDays: 3, calendarDays: 4 });
    const e2 = { ...epo, expiry };
    const t = table({
      DV: { ...DV, emergencyOrder: e2 },
      CH: { ...CH, emergencyOrder: e2 },
      EA: { ...EA, emergencyOrder: e2 },
    });
    const events: CaseEvent[] = [{ type: 'EPO_ISSUED', date: '2025-10-06' }];
    const shipped = deadline(
      computeDeadlines({ family: 'DV', court: 'CA', events }),
      'EPO_EXPIRES',
    );
    expect(shipped.advisory).toMatchObject({
      fifthCourtDay: '2025-10-13',
      seventhCalendarDay: '2025-10-13',
    });
    const d = deadline(compute('DV', events, t), 'EPO_EXPIRES');
    expect(d.date).toBe('2025-10-09');
    expect(d.advisory).toMatchObject({
      fifthCourtDay: '2025-10-09',
      seventhCalendarDay: '2025-10-10',
      governing: 'fifth_court_day',
    });
    expect(text(d)).toContain('(a) 3rd court day after issuance');
    expect(text(d)).toContain('(b) 4th calendar day after issuance');
  });

  it('the hearing limits, the service days and the temporary order caps', () => {
    const goodCause = DV.rules.hearingLatestGoodCause as NonNullable<
      typeof DV.rules.hearingLatestGoodCause
    >;
    const t = table({
      DV: withFamily(DV, {
        hearingLatest: renumbered(DV.rules.hearingLatest, { calendarDays: 10 }),
        hearingLatestGoodCause: renumbered(goodCause, { calendarDays: 12 }),
        service: renumbered(DV.rules.service, { calendarDaysBeforeHearing: 9 }),
      }),
      CH: withFamily(CH, {
        temporaryOrderExpiry: renumbered(CH.rules.temporaryOrderExpiry, {
          maxDays: 14,
          maxDaysGoodCause: 18,
        }),
      }),
      GV: withFamily(GV, {
        temporaryOrderExpiry: renumbered(GV.rules.temporaryOrderExpiry, { maxDays: 10 }),
      }),
    });
    const granted: CaseEvent = { type: 'TRO_GRANTED', date: '2025-11-06' };
    const dv = compute('DV', [granted, { type: 'HEARING_SET', date: '2025-11-26' }], t);
    // Day 10 is Sun 11/16: rolled to Mon 11/17. Day 12 is Tue 11/18.
    expect(deadline(dv, 'HEARING_LATEST').date).toBe('2025-11-17');
    expect(deadline(dv, 'HEARING_LATEST_GOOD_CAUSE').date).toBe('2025-11-18');
    expect(deadline(dv, 'SERVICE_DEADLINE').date).toBe('2025-11-17');
    expect(dv.warnings.map((w) => w.message).join()).toContain(
      'beyond the 12-day good-cause limit',
    );
    expect(deadline(compute('CH', [granted], t), 'TRO_EXPIRES').date).toBe('2025-11-20');
    expect(text(deadline(compute('CH', [granted], t), 'TRO_EXPIRES'))).toContain(
      'no more than 14 days',
    );
    expect(deadline(compute('GV', [granted], t), 'TRO_EXPIRES').date).toBe('2025-11-16');
  });

  it("the order's default term, the renewal window and the renewal term", () => {
    const t = table({
      DV: withFamily(DV, {
        orderExpiry: renumbered(DV.rules.orderExpiry, { defaultYears: 2 }),
        renewalWindow: renumbered(DV.rules.renewalWindow, { monthsBeforeExpiry: 2 }),
      }),
      CH: withFamily(CH, { renewalTerm: renumbered(CH.rules.renewalTerm, { maxYears: 1 }) }),
    });
    const order: CaseEvent = { type: 'ORDER_AFTER_HEARING', date: '2025-12-01' };
    const dv = compute('DV', [order], t);
    expect(deadline(dv, 'ORDER_EXPIRES').date).toBe('2027-12-01');
    expect(deadline(dv, 'RENEWAL_WINDOW_OPENS').date).toBe('2027-10-01');
    expect(text(deadline(dv, 'RENEWAL_WINDOW_OPENS'))).toContain('within the 2 months');
    const ch = compute(
      'CH',
      [
        { type: 'ORDER_AFTER_HEARING', date: '2022-12-12' },
        { type: 'RENEWAL_FILED', date: '2025-11-03' },
        { type: 'ORDER_RENEWED', date: '2025-12-01', expires: '2027-12-01' },
      ],
      t,
    );
    expect(ch.warnings.map((w) => w.code)).toContain('EXPIRY_BEYOND_STATUTORY_MAX');
  });

  it('the stage files hold no number but 0 and 1', () => {
    const dir = resolve(import.meta.dirname, '../../src/engine/lifecycle');
    const stages = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(stages.length).toBeGreaterThan(6);
    for (const f of stages) {
      const code = readFileSync(join(dir, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'/g, "''");
      const numbers = [...code.matchAll(/(?<![\w.])\d+(?:\.\d+)?(?!\w)/g)].map((m) => m[0]);
      expect(
        numbers.filter((n) => n !== '0' && n !== '1'),
        f,
      ).toEqual([]);
    }
  });
});

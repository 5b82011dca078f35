// The law table: every family's rules, the emergency orders, the interpretations,
// checked to agree with themselves when this module loads (so a bad edit stops the
// server, the worker and the CLI at start, not at a request).

import { parseDay } from '../days.js';
import type { CalendarDate, DeadlineKind, Family } from '../types.js';
import { assertLawAgrees, rulesOf, type LawTable } from './checks.js';
import { CH } from './ch.js';
import { DV } from './dv.js';
import { EA } from './ea.js';
import { GV } from './gv.js';
import { INTERPRETATIONS } from './interpretations.js';
import { versionOn, type Basis, type FamilyLaw, type Rule } from './model.js';
import { SV } from './sv.js';
import { WV } from './wv.js';

export const FAMILY_LAW: Readonly<Record<Family, FamilyLaw>> = { DV, CH, WV, SV, EA, GV };

export const LAW: LawTable = { families: FAMILY_LAW, interpretations: INTERPRETATIONS };

assertLawAgrees(LAW);

/** Every rule once: the emergency orders, then each family's. */
export const ALL_RULES: readonly Rule[] = rulesOf(LAW);

/** One version of one rule, flat: what a deadline's `ruleId` and `citation` point to. */
export interface RuleInForce {
  id: string;
  families: readonly Family[];
  kind: DeadlineKind;
  citation: string;
  /** Inclusive dates the version applies to (by the triggering event's date); null = open. */
  inForce: { from: CalendarDate | null; until: CalendarDate | null };
  description: string;
  basis: Basis;
  /** Shown as the deadline's interpretation when the rule is not settled law. */
  caveat?: string;
}

/** Every version of every rule. */
export const RULES: readonly RuleInForce[] = ALL_RULES.flatMap((r) =>
  r.versions.map((v) => {
    const row: RuleInForce = {
      id: r.id,
      families: r.families,
      kind: r.kind,
      citation: v.citation,
      inForce: { from: v.from, until: v.until },
      description: v.description,
      basis: v.basis,
    };
    if (v.caveat !== undefined) row.caveat = v.caveat;
    return row;
  }),
);

/** Every rule id, sorted. */
export const RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id).sort();

const byId = new Map(ALL_RULES.map((r) => [r.id, r]));

/** The version of rule `id` in force on `date` ('YYYY-MM-DD'). */
export function ruleInForce(id: string, date: CalendarDate): RuleInForce {
  const r = byId.get(id);
  if (r === undefined) throw new Error(`unknown rule id ${id}`);
  const v = versionOn(r.versions, parseDay(date));
  return RULES.find((row) => row.id === id && row.inForce.from === v.from) as RuleInForce;
}

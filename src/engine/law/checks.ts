// Load-time checks: the law table must agree with itself before the engine computes a
// single date. A family's rule must carry that family's id and the kind its role
// decides; a rule's families must be exactly the families that use it; versions must
// start on real dates, in order; numbers must be whole and consistent; interpretations
// must name rules that exist. Any disagreement stops the process at start (the module
// that loads the table throws), never a request.

import { parseDay } from '../days.js';
import { DEADLINE_KINDS, FAMILIES, type Family } from '../types.js';
import type { Interpretation } from './interpretations.js';
import {
  BASES,
  OPTIONAL_ROLES,
  ROLES,
  type EmergencyOrderLaw,
  type FamilyLaw,
  type Rule,
  type RuleRole,
  versionOn,
} from './model.js';

export interface LawTable {
  readonly families: Readonly<Record<Family, FamilyLaw>>;
  readonly interpretations: Readonly<Record<string, Interpretation>>;
}

export class LawTableError extends Error {
  override readonly name = 'LawTableError';
  constructor(readonly problems: readonly string[]) {
    super(`the law table disagrees with itself:\n- ${problems.join('\n- ')}`);
  }
}

/** Every rule of the table once, emergency orders first, then each family's in role order. */
export function rulesOf(table: LawTable): Rule[] {
  const out: Rule[] = [];
  const add = (r: Rule | null): void => {
    if (r !== null && !out.includes(r)) out.push(r);
  };
  for (const law of Object.values(table.families)) {
    add(law.emergencyOrder?.expiry ?? null);
    add(law.emergencyOrder?.hearingLatest ?? null);
  }
  for (const law of Object.values(table.families)) {
    for (const role of Object.keys(ROLES) as RuleRole[]) add(law.rules[role]);
  }
  return out;
}

/** Whether a rule id matches an interpretation's pattern ('*.SERVICE' is every family's). */
export function matchesRulePattern(pattern: string, id: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === id;
  const suffix = pattern.slice(2);
  return FAMILIES.some((f) => id === `${f}.${suffix}`);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

function checkNumbers(r: Rule, problems: string[]): void {
  for (const v of r.versions) {
    for (const [name, value] of Object.entries(v.numbers as Record<string, unknown>)) {
      if (typeof value === 'number' && !(Number.isInteger(value) && value > 0))
        problems.push(`${r.id}: ${name} must be a whole number above 0, not ${value}`);
    }
  }
}

function checkRule(r: Rule, problems: string[]): void {
  if (!(DEADLINE_KINDS as readonly string[]).includes(r.kind))
    problems.push(`${r.id}: unknown deadline kind ${r.kind}`);
  for (const f of r.families)
    if (!(FAMILIES as readonly string[]).includes(f)) problems.push(`${r.id}: unknown family ${f}`);
  if (r.versions.length === 0) problems.push(`${r.id}: no versions`);
  let previous = -Infinity;
  r.versions.forEach((v, i) => {
    if (!(BASES as readonly string[]).includes(v.basis))
      problems.push(`${r.id}: unknown basis ${v.basis}`);
    if (v.basis !== 'statute' && v.basis !== 'form' && v.caveat === undefined && !r.source)
      problems.push(`${r.id}: basis ${v.basis} needs a caveat or a source saying why`);
    if (v.citation.trim() === '') problems.push(`${r.id}: version ${i + 1} has no citation`);
    if (v.from === null) {
      if (i > 0) problems.push(`${r.id}: only the first version may be in force from the start`);
      return;
    }
    const day = parseDay(v.from);
    if (Number.isNaN(day))
      problems.push(`${r.id}: version ${i + 1} starts on ${v.from}, not a date`);
    else if (day <= previous) problems.push(`${r.id}: versions out of order at ${v.from}`);
    previous = day;
  });
  checkNumbers(r, problems);
}

function checkRoles(law: FamilyLaw, problems: string[]): void {
  const f = law.family;
  for (const role of Object.keys(ROLES) as RuleRole[]) {
    const r = law.rules[role] as Rule | null;
    if (r === null) {
      if (!OPTIONAL_ROLES.includes(role)) problems.push(`${f}: no ${role} rule`);
      continue;
    }
    const { kind, suffix } = ROLES[role];
    if (r.id !== `${f}.${suffix}`)
      problems.push(`${f}.${role}: id ${r.id}, expected ${f}.${suffix}`);
    if (r.kind !== kind) problems.push(`${r.id}: kind ${r.kind}, but ${role} decides ${kind}`);
    if (!sameSet(r.families, [f]))
      problems.push(`${r.id}: families ${r.families.join()}, expected ${f}`);
  }
  const { hearingLatest, hearingLatestGoodCause, temporaryOrderExpiry, orderExpiry } = law.rules;
  for (const v of hearingLatestGoodCause?.versions ?? []) {
    const latest =
      hearingLatest.versions.find((l) => l.from === v.from) ?? hearingLatest.versions[0];
    if (latest !== undefined && v.numbers.calendarDays <= latest.numbers.calendarDays)
      problems.push(`${f}: the good-cause hearing limit must be longer than the plain one`);
  }
  if (hearingLatestGoodCause !== null && hearingLatestGoodCause.runsFrom !== hearingLatest.runsFrom)
    problems.push(`${f}: both hearing limits must run from the same trigger`);
  for (const v of temporaryOrderExpiry.versions) {
    const n = v.numbers;
    if (n.lasts === 'capped' && n.maxDaysGoodCause <= n.maxDays)
      problems.push(`${temporaryOrderExpiry.id}: the good-cause cap must be longer than the cap`);
    if (n.lasts === 'untilHearing' && hearingLatestGoodCause === null)
      problems.push(
        `${temporaryOrderExpiry.id}: lasts until the hearing but has no good-cause limit`,
      );
    if (n.lasts === 'untilHearing' && temporaryOrderExpiry.lastsUntilHearingCitation === null)
      problems.push(`${temporaryOrderExpiry.id}: lasts until the hearing but cites nothing for it`);
  }
  for (const v of orderExpiry.versions) {
    const n = v.numbers;
    if (n.defaultYears > n.maxYears || (n.minYears !== null && n.defaultYears < n.minYears))
      problems.push(`${orderExpiry.id}: the default term is outside the minimum and maximum`);
  }
  // An order is kept in force past its expiration only on a verified text (issue 10, item 2).
  const pending = law.rules.renewalPending;
  if (pending.keepsOrderInForce && pending.versions.some((v) => !verified(v.basis)))
    problems.push(
      `${pending.id}: keeps the order in force until the renewal hearing, but not on a verified statute or form`,
    );
  const { firearmRelinquishment, firearmReceipt, motionNotice, motionOpposition } = law.rules;
  for (const v of firearmRelinquishment.versions) {
    const receipt = versionOn(firearmReceipt.versions, v.fromDay).numbers.hours;
    if (receipt < v.numbers.hours)
      problems.push(`${firearmReceipt.id}: the receipt is due before the relinquishment`);
  }
  for (const v of motionOpposition.versions) {
    const notice = versionOn(motionNotice.versions, v.fromDay).numbers.courtDaysBeforeHearing;
    if (v.numbers.courtDaysBeforeHearing >= notice)
      problems.push(`${motionOpposition.id}: the opposition is due no later than the notice`);
  }
}

function verified(basis: string): boolean {
  return basis === 'statute' || basis === 'form';
}

function checkEmergencyOrders(table: LawTable, problems: string[]): void {
  const users = new Map<EmergencyOrderLaw, Family[]>();
  for (const law of Object.values(table.families)) {
    const e = law.emergencyOrder;
    if (e === null) continue;
    users.set(e, [...(users.get(e) ?? []), law.family]);
  }
  for (const [e, families] of users) {
    if (e.expiry.kind !== 'EPO_EXPIRES') problems.push(`${e.expiry.id}: kind must be EPO_EXPIRES`);
    if (!sameSet(e.expiry.families, families))
      problems.push(
        `${e.expiry.id}: families ${e.expiry.families.join()}, but used by ${families.join()}`,
      );
    const h = e.hearingLatest;
    if (h === null) continue;
    if (h.kind !== 'HEARING_LATEST') problems.push(`${h.id}: kind must be HEARING_LATEST`);
    if (!sameSet(h.families, families))
      problems.push(`${h.id}: families ${h.families.join()}, but used by ${families.join()}`);
  }
}

function checkInterpretations(table: LawTable, rules: readonly Rule[], problems: string[]): void {
  const ids = rules.map((r) => r.id);
  for (const [id, entry] of Object.entries(table.interpretations)) {
    for (const pattern of entry.rules) {
      if (!ids.some((r) => matchesRulePattern(pattern, r)))
        problems.push(`interpretation ${id}: no rule matches ${pattern}`);
    }
  }
  for (const law of Object.values(table.families)) {
    const term = law.rules.renewalTerm;
    const reading = table.interpretations[term.noDateReading];
    if (reading === undefined)
      problems.push(`${term.id}: unknown interpretation ${term.noDateReading}`);
    else if (!reading.rules.some((p) => matchesRulePattern(p, term.id)))
      problems.push(`interpretation ${term.noDateReading} does not list ${term.id}`);
  }
}

/** Every disagreement in the table (empty when it agrees with itself). */
export function lawProblems(table: LawTable): string[] {
  const problems: string[] = [];
  const keys = Object.keys(table.families);
  if (!sameSet(keys, FAMILIES))
    problems.push(`families ${keys.join()}, expected ${FAMILIES.join()}`);
  for (const [key, law] of Object.entries(table.families)) {
    if (law.family !== key) problems.push(`families.${key} holds the law of ${law.family}`);
    checkRoles(law, problems);
  }
  checkEmergencyOrders(table, problems);
  const rules = rulesOf(table);
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id)) problems.push(`${r.id}: two rules have this id`);
    seen.add(r.id);
    checkRule(r, problems);
  }
  checkInterpretations(table, rules, problems);
  return problems;
}

/** Throws LawTableError listing every disagreement. */
export function assertLawAgrees(table: LawTable): void {
  const problems = lawProblems(table);
  if (problems.length > 0) throw new LawTableError(problems);
}

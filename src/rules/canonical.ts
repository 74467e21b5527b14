import { isObject } from '../bounds/json.js';
import { group, isGroup, isRule, type Group, type Json } from './shape.js';

const GROUP_KEYS = new Set(['__type', 'combinationType', 'rules']);

/**
 * The canonical form of a definition: what compile(render(d)) gives back. Tolerant in what it reads
 * (the API may omit `__type` or `invertCondition`, and may add `_id` to sub-documents); only changes
 * that keep the meaning are made:
 * - `_id` on groups and rules is dropped, a missing `invertCondition` becomes false, a rule without
 *   `__type` gets "Rule", a group without one gets "RuleCombination";
 * - a nested group with one member is replaced by that member; at the top, a lone rule is an AND group
 *   and a lone group is the definition.
 * Groups with keys the language does not know are kept exactly as they are (they render as raw).
 * Returns undefined when the value is not a RuleCombination at all.
 */
export function canonical(definition: unknown): Group | undefined {
  if (!isGroup(definition)) return undefined;
  const top = element(definition, true);
  if (!isGroup(top)) return group('AND', [top]);
  if (!plainGroup(top) || top.rules.length !== 1) return top;
  const only = top.rules[0]!;
  return isGroup(only) ? only : group('AND', [only]);
}

/** A group the language can write as text: only the three known keys and AND/OR. */
export function plainGroup(g: Group): boolean {
  return Object.keys(g).every((k) => GROUP_KEYS.has(k)) && g.rules.every(isObject) && (g.combinationType === 'AND' || g.combinationType === 'OR') && g.__type === 'RuleCombination';
}

function element(v: unknown, top = false): Json {
  if (isGroup(v)) {
    const { _id: _drop, ...rest } = v;
    const g = { ...rest, __type: 'RuleCombination', rules: v.rules.map((r) => element(r)) } as Group;
    if (!plainGroup(g)) return g;
    return !top && g.rules.length === 1 ? g.rules[0]! : g;
  }
  if (isRule(v)) {
    const { _id: _drop, ...rest } = v;
    return { ...rest, __type: 'Rule', invertCondition: v.invertCondition ?? false };
  }
  return v as Json;
}

import { isObject } from '../bounds/json.js';

/** The API's audience JSON (docs/api.md §6.1), loosely typed: what comes back may hold anything. */

export type Json = Record<string, unknown>;

export interface Group {
  __type: 'RuleCombination';
  combinationType: 'AND' | 'OR';
  rules: Json[];
  [k: string]: unknown;
}

/** A group as the API may send it: `__type` may be missing (one tested script omitted it at the top). */
export function isGroup(v: unknown): v is Group {
  return isObject(v) && (v.__type === 'RuleCombination' || (v.__type === undefined && Array.isArray(v.rules))) && Array.isArray(v.rules);
}

export function isRule(v: unknown): v is Json {
  return isObject(v) && (v.__type === 'Rule' || (v.__type === undefined && 'attribute' in v));
}

/** Leaf rules across nested groups (the API's personalizeRulesPerAudience counts these). */
export function countLeaves(v: unknown): number {
  return isGroup(v) ? v.rules.reduce((n, r) => n + countLeaves(r), 0) : 1;
}

/** Groups nested inside one another, the top one counting 1. */
export function groupDepth(v: unknown): number {
  return isGroup(v) ? 1 + Math.max(0, ...v.rules.map(groupDepth)) : 0;
}

/** Deep equality of JSON values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
}

/** NOT pushed down: a group flips AND/OR and negates its members (De Morgan); a rule flips invertCondition. */
export function negate(v: Json): Json {
  if (isGroup(v)) return { ...v, combinationType: v.combinationType === 'AND' ? 'OR' : 'AND', rules: v.rules.map(negate) };
  return { ...v, invertCondition: v.invertCondition !== true };
}

export function rule(attribute: Json, condition: string, options: Json | undefined, invert: boolean): Json {
  return { __type: 'Rule', attribute, attributeMatchCondition: condition, ...(options ? { attributeMatchOptions: options } : {}), invertCondition: invert };
}

export function group(combinationType: 'AND' | 'OR', rules: Json[]): Group {
  return { __type: 'RuleCombination', combinationType, rules };
}

/** Every custom attribute uid the definition refers to, raw rules included. */
export function customRefs(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) customRefs(x, out);
  else if (isObject(v)) {
    if (v.__type === 'CustomAttributeReference' && typeof v.ref === 'string') out.add(v.ref);
    for (const x of Object.values(v)) customRefs(x, out);
  }
  return out;
}

/** The match conditions of docs/api.md §6.1. */
export const CONDITIONS = [
  'STRING_EQUALS',
  'CONTAINS_SUBSTRING',
  'HAS_ANY_VALUE',
  'IS_TRUE',
  'IS_FALSE',
  'NUMBER_LESS_THAN',
  'NUMBER_GREATER_THAN',
  'NUMBER_EQUAL_TO',
  'JSON_MATCH',
  'IS_MEMBER_OF',
  'BEFORE_TIME',
  'AFTER_TIME',
  'BETWEEN_TIME',
  'IS_IN_FLOW_STATE',
] as const;

/** Conditions that take no attributeMatchOptions. */
export const NO_OPTIONS: ReadonlySet<string> = new Set(['HAS_ANY_VALUE', 'IS_TRUE', 'IS_FALSE']);

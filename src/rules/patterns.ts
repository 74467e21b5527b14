import { plainGroup } from './canonical.js';
import { isObject } from '../bounds/json.js';
import { group, isGroup, isRule, rule, sameJson, type Json } from './shape.js';

/**
 * The JSON each comparison compiles to, chosen so that it means the same whether or not the engine lets
 * an inverted condition match a visitor without the value (not established, docs/api.md §17). A comparison
 * never matches a visitor without the attribute (docs/rule-language.md); `not (…)` is the way to include them.
 *
 *   x >= n              OR(x > n, x = n)
 *   x <= n              OR(x < n, x = n)
 *   x != v              AND(x is set, NOT x = v)     likewise not contains, is not true, is not false
 *   x not in (a, b)     AND(x is set, NOT x = a, NOT x = b)
 *   not (x = v)         OR(x is not set, NOT x = v)  likewise contains, >, <, is true, is false
 *   not (x in (a, b))   OR(x is not set, AND(NOT x = a, NOT x = b))
 *
 * An inverted value rule thus only ever appears beside an is-set guard, which makes it exact under both
 * readings: inside AND(x is set, …) the value is present, inside OR(x is not set, …) its absence already
 * matched. The other negations need no inverted value rule and are written as they are:
 * not (x >= n) is OR(x is not set, x < n), not (x != v) is OR(x is not set, x = v).
 */

/** Conditions that test a value: on a visitor without the value they are false, inverted or not (one reading). */
export const VALUE_CONDITIONS = new Set(['STRING_EQUALS', 'NUMBER_EQUAL_TO', 'CONTAINS_SUBSTRING', 'NUMBER_GREATER_THAN', 'NUMBER_LESS_THAN', 'IS_TRUE', 'IS_FALSE']);
const EQUALS = new Set(['STRING_EQUALS', 'NUMBER_EQUAL_TO']);
/** What may stand after "x is set and not …" (!=, not contains, not in, is not true/false). */
const GUARDED_NOT = new Set(['STRING_EQUALS', 'NUMBER_EQUAL_TO', 'CONTAINS_SUBSTRING', 'IS_TRUE', 'IS_FALSE']);
/** What may stand after "x is not set or not …" (not (x = v), not (x > n), …). */
const UNSET_OR_NOT = new Set([...GUARDED_NOT, 'NUMBER_GREATER_THAN', 'NUMBER_LESS_THAN']);

// ---- building (compile.ts) --------------------------------------------------------------------

export const isSet = (ref: Json) => rule(ref, 'HAS_ANY_VALUE', undefined, false);
export const isNotSet = (ref: Json) => rule(ref, 'HAS_ANY_VALUE', undefined, true);
export const inverted = (r: Json): Json => ({ ...r, invertCondition: true });
const oneOrGroup = (combinator: 'AND' | 'OR', rules: Json[]): Json => (rules.length === 1 ? rules[0]! : group(combinator, rules));

/** x is set and none of these holds: != / not contains / not in / is not true / is not false. */
export const setAndNone = (ref: Json, rules: Json[]): Json => group('AND', [isSet(ref), ...rules.map(inverted)]);
/** x is not set, or the given exact form holds (its meaning on an absent value does not matter here). */
export const unsetOr = (ref: Json, present: Json): Json => group('OR', [isNotSet(ref), present]);
/** x is not set, or none of these holds: not (x = v), not (x in (…)), not (x > n), … */
export const unsetOrNone = (ref: Json, rules: Json[]): Json => unsetOr(ref, oneOrGroup('AND', rules.map(inverted)));
export const anyOf = (rules: Json[]): Json => oneOrGroup('OR', rules);

// ---- reading (render.ts, english.ts, diff.ts) -------------------------------------------------

export type Form =
  /** x >= n, x <= n */
  | { kind: 'at least' | 'at most'; attribute: unknown; value: unknown }
  /** x != v, x not contains v, x not in (…), x is not true, x is not false */
  | { kind: 'set and not'; attribute: unknown; condition: string; values: unknown[] }
  /** not (x = v), not (x in (…)), not (x contains v), not (x > n), not (x < n), not (x is true|false) */
  | { kind: 'unset or not'; attribute: unknown; condition: string; values: unknown[] };

const optionValue = (r: Json) => (isObject(r.attributeMatchOptions) ? r.attributeMatchOptions.value : undefined);
const plainRule = (r: unknown, invert: boolean): r is Json => isRule(r) && r.invertCondition === invert;
const presence = (r: unknown, invert: boolean) => plainRule(r, invert) && r.attributeMatchCondition === 'HAS_ANY_VALUE';
const condition = (r: Json) => String(r.attributeMatchCondition);

/** Inverted rules on one attribute with one condition: a lone one from `allowed`, or several equalities (in-lists). */
function invertedSet(rules: unknown[], attribute: unknown, allowed: Set<string>): { condition: string; values: unknown[] } | undefined {
  if (rules.length === 0 || !rules.every((r) => plainRule(r, true) && sameJson(r.attribute, attribute))) return undefined;
  const first = condition(rules[0] as Json);
  if (!allowed.has(first) || (rules.length > 1 && !EQUALS.has(first)) || !rules.every((r) => condition(r as Json) === first)) return undefined;
  return { condition: first, values: (rules as Json[]).map(optionValue) };
}

/**
 * The language form a group has, by shape only (same attribute, the conditions and inversions above).
 * The renderer still checks that the text compiles back to exactly the group.
 */
export function formOf(m: unknown): Form | undefined {
  if (!isGroup(m) || !plainGroup(m) || m.rules.length < 2) return undefined;
  const [first, second] = m.rules as [Json, Json];
  if (
    m.combinationType === 'OR' &&
    m.rules.length === 2 &&
    plainRule(first, false) &&
    plainRule(second, false) &&
    sameJson(first.attribute, second.attribute) &&
    EQUALS.has(condition(second)) &&
    sameJson(optionValue(first), optionValue(second))
  ) {
    if (condition(first) === 'NUMBER_GREATER_THAN') return { kind: 'at least', attribute: first.attribute, value: optionValue(first) };
    if (condition(first) === 'NUMBER_LESS_THAN') return { kind: 'at most', attribute: first.attribute, value: optionValue(first) };
  }
  if (m.combinationType === 'AND' && presence(first, false)) {
    const rest = invertedSet(m.rules.slice(1), first.attribute, GUARDED_NOT);
    return rest && { kind: 'set and not', attribute: first.attribute, ...rest };
  }
  if (m.combinationType === 'OR' && m.rules.length === 2 && presence(first, true)) {
    const inner = isGroup(second) && plainGroup(second) && second.combinationType === 'AND' && second.rules.length > 1 ? second.rules : [second];
    const rest = invertedSet(inner, first.attribute, inner.length > 1 ? EQUALS : UNSET_OR_NOT);
    return rest && { kind: 'unset or not', attribute: first.attribute, ...rest };
  }
  return undefined;
}

/** A rule whose meaning for visitors without the value depends on the engine: an inverted value condition outside the forms above. */
export const ambiguousInverted = (r: Json) =>
  r.invertCondition === true && VALUE_CONDITIONS.has(condition(r)) && isObject(r.attribute) && r.attribute.__type !== 'LyticsAttributeReference';

/**
 * Evaluates an audience definition (the API's RuleCombination JSON, docs/api.md §6.1) against
 * one visitor. Pure: no I/O. The one evaluator: the sandbox's Edge manifest and the rule language's
 * evaluate_audience both use it (the language compiles to this JSON, so they cannot disagree).
 *
 * Choices where the reference is silent (all deliberate; keep them in step with the docs):
 * - A value condition (anything but HAS_ANY_VALUE) on a missing visitor value (undefined, null, '' or
 *   an empty list) is false. Whether `invertCondition` then makes it true is NOT documented (docs/api.md
 *   §17, "how an inverted condition treats an absent value"), so it is an option, `absentInverted`:
 *   'negate' (the default: invertCondition is the plain NOT of docs/api.md §6.1, so an inverted rule matches
 *   visitors without the value) or 'absent-false' (a value condition on a missing value is false, inverted
 *   or not). The rule language compiles to JSON that means the same under both (rules/compile.ts), so the
 *   option only matters for bare inverted rules read from the API; the sandbox uses the default.
 * - A rule the evaluator cannot evaluate (unknown condition or reference, missing or ill-shaped match
 *   options) is false whatever its `invertCondition`: not knowing never makes a visitor match.
 * - Strings compare case-insensitively; numbers, booleans and numeric strings are accepted where they
 *   make sense ("500" is a number, "true" is true). A list value matches when any element does.
 * - Empty groups follow logic: AND of nothing is true, OR of nothing is false.
 * - DATE_AND_TIME defaults to the current time when the visitor has none: every request has a time.
 * - JSON_MATCH (with QUERY_PARAMETERS or a custom attribute holding JSON): the options shape is not
 *   established; see jsonExpectation() for the forms understood. The match is a subset match.
 * - BEFORE_TIME / AFTER_TIME / BETWEEN_TIME: options shapes are not established; see timeBounds(). The
 *   rule language refuses to write them (rules/established.ts); these forms are read from raw rules.
 */

import { isObject } from '../bounds/json.js';
import type { Json } from './shape.js';

export interface Visitor {
  /** Preset attributes by enum name: COUNTRY, REGION, CITY, DEVICE_TYPE, OPERATING_SYSTEM, REFERRER, QUERY_PARAMETERS, DATE_AND_TIME. */
  presets: Record<string, unknown>;
  /** Custom attributes by attribute uid (not key). */
  custom: Record<string, unknown>;
  /** Lytics audience slugs or ids the visitor belongs to. */
  lyticsAudiences?: string[];
}

/** A value condition on a visitor without the value: false, and what inversion does depends on the reading. */
const ABSENT = Symbol('absent');

/** Outcome of one rule before inversion: matched, not matched, no value to test, or cannot be evaluated. */
type Outcome = boolean | typeof ABSENT | 'unknown';

/** Called with each rule the evaluation reaches and its result (groups stop at the first decisive member). */
export type RuleObserver = (rule: Record<string, unknown>, matched: boolean) => void;

/** How an inverted value condition treats a visitor without the value (see the header). */
export type AbsentInverted = 'negate' | 'absent-false';

export interface MatchOptions {
  /** Default 'negate'. */
  absentInverted?: AbsentInverted;
}

export const DEFAULT_ABSENT_INVERTED: AbsentInverted = 'negate';

export function matches(definition: unknown, visitor: Visitor, onRule?: RuleObserver): boolean;
export function matches(definition: unknown, visitor: Visitor, options: MatchOptions, onRule?: RuleObserver): boolean;
export function matches(definition: unknown, visitor: Visitor, third?: RuleObserver | MatchOptions, fourth?: RuleObserver): boolean {
  const options = typeof third === 'function' ? {} : (third ?? {});
  const onRule = typeof third === 'function' ? third : fourth;
  return evaluateNode(definition, { visitor, reading: options.absentInverted ?? DEFAULT_ABSENT_INVERTED, onRule }, 0);
}

interface Run {
  visitor: Visitor;
  reading: AbsentInverted;
  onRule: RuleObserver | undefined;
}

function evaluateNode(node: unknown, run: Run, depth: number): boolean {
  if (!isObject(node) || depth > 32) return false;
  if (node.__type === 'Rule' || (node.__type === undefined && 'attribute' in node)) {
    const result = evaluateRule(node, run);
    run.onRule?.(node, result);
    return result;
  }
  if (node.__type !== undefined && node.__type !== 'RuleCombination') return false;
  if (!Array.isArray(node.rules)) return false;
  const rules = node.rules as unknown[];
  if (node.combinationType === 'AND') return rules.every((r) => evaluateNode(r, run, depth + 1));
  if (node.combinationType === 'OR') return rules.some((r) => evaluateNode(r, run, depth + 1));
  return false;
}

function evaluateRule(rule: Json, run: Run): boolean {
  const outcome = evaluateCondition(rule, run.visitor);
  if (outcome === 'unknown') return false;
  if (outcome === ABSENT) return rule.invertCondition === true && run.reading === 'negate';
  return rule.invertCondition === true ? !outcome : outcome;
}

/** The visitor's value for the rule's attribute; 'unknown' for a reference the evaluator does not know. */
function visitorValue(attribute: unknown, visitor: Visitor): unknown {
  if (!isObject(attribute) || typeof attribute.ref !== 'string') return UNKNOWN;
  switch (attribute.__type) {
    case 'PresetAttributeReference': {
      const ref = attribute.ref.toUpperCase();
      const v = visitor.presets[attribute.ref] ?? visitor.presets[ref];
      if (ref === 'DATE_AND_TIME' && isMissing(v)) return new Date();
      return v;
    }
    case 'CustomAttributeReference':
      return visitor.custom[attribute.ref];
    case 'LyticsAttributeReference':
      return attribute.ref === 'LYTICS_AUDIENCE' ? visitor.lyticsAudiences : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

const UNKNOWN = Symbol('unknown');

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function evaluateCondition(rule: Json, visitor: Visitor): Outcome {
  const actual = visitorValue(rule.attribute, visitor);
  if (actual === UNKNOWN) return 'unknown';
  const condition = rule.attributeMatchCondition;
  const options = isObject(rule.attributeMatchOptions) ? rule.attributeMatchOptions : undefined;
  const expected = options?.value;
  const missing = isMissing(actual);
  switch (condition) {
    case 'HAS_ANY_VALUE':
      return !missing;
    case 'IS_TRUE':
    case 'IS_FALSE':
      return missing ? ABSENT : anyOf(actual, (v) => truthValue(v) === (condition === 'IS_TRUE'));
    case 'STRING_EQUALS':
    case 'CONTAINS_SUBSTRING': {
      if (!isScalar(expected)) return 'unknown';
      if (missing) return ABSENT;
      const want = String(expected).toLowerCase();
      return anyOf(actual, (v) => {
        const have = asText(v)?.toLowerCase();
        if (have === undefined) return false;
        return condition === 'STRING_EQUALS' ? have === want : have.includes(want);
      });
    }
    case 'NUMBER_LESS_THAN':
    case 'NUMBER_GREATER_THAN':
    case 'NUMBER_EQUAL_TO': {
      const want = asNumber(expected);
      if (want === undefined) return 'unknown';
      if (missing) return ABSENT;
      return anyOf(actual, (v) => {
        const have = asNumber(v);
        if (have === undefined) return false;
        return condition === 'NUMBER_LESS_THAN' ? have < want : condition === 'NUMBER_GREATER_THAN' ? have > want : have === want;
      });
    }
    case 'IS_MEMBER_OF': {
      const want = options?.value ?? options?.slug;
      if (!isScalar(want)) return 'unknown';
      if (missing) return ABSENT;
      const w = String(want).toLowerCase();
      return anyOf(actual, (v) => asText(v)?.toLowerCase() === w);
    }
    case 'JSON_MATCH': {
      const want = options ? jsonExpectation(options) : undefined;
      if (want === undefined) return 'unknown';
      if (missing) return ABSENT;
      const have = asJson(actual);
      return have !== undefined && subset(want, have);
    }
    case 'BEFORE_TIME':
    case 'AFTER_TIME':
    case 'BETWEEN_TIME': {
      const bounds = options ? timeBounds(condition, options) : undefined;
      if (!bounds) return 'unknown';
      if (missing) return ABSENT;
      const at = asDate(actual);
      return at !== undefined && withinBounds(at, bounds);
    }
    default:
      return 'unknown';
  }
}

const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A list value matches when any element does. */
function anyOf(actual: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(actual) ? actual.some(test) : test(actual);
}

/** Text for string comparisons; an object (query parameters) becomes its query string "a=1&b=2". */
function asText(v: unknown): string | undefined {
  if (isScalar(v)) return String(v);
  if (v instanceof Date) return v.toISOString();
  if (isObject(v)) {
    const q = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) for (const x of Array.isArray(val) ? val : [val]) if (isScalar(x)) q.append(k, String(x));
    return q.toString();
  }
  return undefined;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function truthValue(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

// ---- JSON_MATCH -------------------------------------------------------------------------------

/**
 * What a JSON_MATCH rule expects, as an object to be found in the visitor's value. Understood forms:
 * `{ value: { param: expected, … } }`, the same object as a JSON string, `{ value: { key, value } }`, and
 * `{ key | path | name, value }` at the top of the options. Anything else: unknown.
 */
function jsonExpectation(options: Json): Json | undefined {
  let v: unknown = options.value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      v = undefined;
    }
  }
  if (isObject(v)) {
    const keys = Object.keys(v).filter((k) => k !== '__type');
    if (keys.length === 2 && typeof v.key === 'string' && 'value' in v) return { [v.key]: v.value };
    const { __type: _t, ...rest } = v;
    return rest;
  }
  const key = [options.key, options.path, options.name].find((k) => typeof k === 'string');
  if (typeof key === 'string' && options.value !== undefined) return { [key]: options.value };
  return undefined;
}

/** The visitor's value as JSON: objects as they are; strings parsed as JSON, else as a query string or URL. */
function asJson(v: unknown): unknown {
  if (isObject(v) || Array.isArray(v)) return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s.startsWith('{') || s.startsWith('[')) {
    try {
      return JSON.parse(s);
    } catch {
      return undefined;
    }
  }
  const query = s.includes('?') ? s.slice(s.indexOf('?') + 1) : s;
  const out: Record<string, string | string[]> = {};
  for (const [k, val] of new URLSearchParams(query.split('#')[0])) {
    const prev = out[k];
    out[k] = prev === undefined ? val : Array.isArray(prev) ? [...prev, val] : [prev, val];
  }
  return out;
}

/**
 * Subset match: every key the rule names is present with a matching value. Scalars compare as
 * case-insensitive text; an expected list needs each of its elements; an actual list needs any element.
 */
function subset(want: unknown, have: unknown): boolean {
  if (isObject(want)) {
    if (!isObject(have)) return false;
    return Object.entries(want).every(([k, w]) => {
      const found = k in have ? have[k] : Object.entries(have).find(([hk]) => hk.toLowerCase() === k.toLowerCase())?.[1];
      return found !== undefined && subset(w, found);
    });
  }
  if (Array.isArray(want)) return want.every((w) => subset(w, have));
  if (Array.isArray(have)) return have.some((h) => subset(want, h));
  if (want === null) return have === null;
  if (!isScalar(want) || !isScalar(have)) return false;
  return String(want).toLowerCase() === String(have).toLowerCase();
}

// ---- date and time ----------------------------------------------------------------------------

/** A bound: an instant (ms since epoch) or a time of day (minutes after midnight, in timeZone). */
type Bound = { instant: number } | { minutes: number };
interface Bounds {
  from?: Bound;
  to?: Bound;
  timeZone?: string;
}

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function parseBound(v: unknown): Bound | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return { instant: v };
  if (typeof v !== 'string') return undefined;
  const tod = TIME_OF_DAY.exec(v.trim());
  if (tod) {
    const h = Number(tod[1]);
    const m = Number(tod[2]);
    return h < 24 && m < 60 ? { minutes: h * 60 + m + Number(tod[3] ?? 0) / 60 } : undefined;
  }
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : { instant: at };
}

/**
 * Bounds of a date/time rule. BEFORE_TIME / AFTER_TIME take one value: `value`, `time`, `date`,
 * `dateTime` or `datetime`. BETWEEN_TIME takes two: `{ start|from|startTime, end|to|endTime }` at the top
 * of the options or inside `value`, or `value: [start, end]`. A value is an ISO date/time, epoch
 * milliseconds, or a time of day "HH:MM" (compared with the visitor's time of day in `timeZone` /
 * `timezone` when given, else UTC; a BETWEEN whose end is before its start spans midnight).
 */
function timeBounds(condition: string, options: Json): Bounds | undefined {
  const timeZone = [options.timeZone, options.timezone].find((z) => typeof z === 'string') as string | undefined;
  if (timeZone && !validZone(timeZone)) return undefined;
  const first = (o: Json, keys: string[]) => keys.map((k) => o[k]).find((v) => v !== undefined);
  if (condition === 'BETWEEN_TIME') {
    const inner = isObject(options.value) ? options.value : options;
    let from: unknown = first(inner, ['start', 'from', 'startTime', 'startDate']);
    let to: unknown = first(inner, ['end', 'to', 'endTime', 'endDate']);
    if (Array.isArray(options.value) && options.value.length === 2) [from, to] = options.value as unknown[];
    const f = parseBound(from);
    const t = parseBound(to);
    if (!f || !t || 'minutes' in f !== 'minutes' in t) return undefined;
    return { from: f, to: t, timeZone };
  }
  const one = parseBound(first(options, ['value', 'time', 'date', 'dateTime', 'datetime']));
  if (!one) return undefined;
  return condition === 'BEFORE_TIME' ? { to: one, timeZone } : { from: one, timeZone };
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function asDate(v: unknown): Date | undefined {
  const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v) : typeof v === 'string' ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

function minutesOfDay(d: Date, timeZone: string | undefined): number {
  if (!timeZone) return d.getUTCHours() * 60 + d.getUTCMinutes() + d.getUTCSeconds() / 60;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute') + get('second') / 60;
}

/** BEFORE is strict, AFTER is strict, BETWEEN includes both ends. */
function withinBounds(at: Date, b: Bounds): boolean {
  const pos = (bound: Bound) => ('instant' in bound ? at.getTime() : minutesOfDay(at, b.timeZone));
  const val = (bound: Bound) => ('instant' in bound ? bound.instant : bound.minutes);
  if (b.from && b.to) {
    const x = pos(b.from);
    const lo = val(b.from);
    const hi = val(b.to);
    if ('minutes' in b.from && lo > hi) return x >= lo || x <= hi;
    return x >= lo && x <= hi;
  }
  if (b.to) return pos(b.to) < val(b.to);
  if (b.from) return pos(b.from) > val(b.from);
  return false;
}

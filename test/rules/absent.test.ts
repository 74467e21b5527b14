import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/rules/index.js';
import { matches, type Visitor } from '../../src/rules/evaluate.js';
import { attributes, PLAN, POINTS, SUBSCRIBER } from './fixtures.js';

/**
 * A comparison never matches a visitor without the attribute; `not (…)` is plain negation (docs/rule-language.md). The
 * compiled JSON must mean that whatever the engine does with an inverted condition on an absent value
 * (docs/api.md §17), so each text is checked against an oracle written here from that meaning, over a
 * grid of visitors, under both readings (by a small JSON evaluator written here and by the project's
 * evaluator with each option) and under the project's evaluator with its default.
 */

type Attr = 'points' | 'plan' | 'sub' | 'region';
type Scalar = string | number | boolean;
type Sample = Partial<Record<Attr, Scalar>>;
type Text = { kind: 'cmp'; attr: Attr; op: string; values: Scalar[] } | { kind: 'not'; inner: Text } | { kind: 'and' | 'or'; items: Text[] };

const NAMES: Record<Attr, string> = { points: 'loyalty_points', plan: 'plan', sub: 'is_subscriber', region: 'region' };

// ---- the intended meaning, from the text ------------------------------------------------------

const quote = (v: Scalar) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function write(t: Text): string {
  switch (t.kind) {
    case 'cmp': {
      if (t.op.startsWith('is ')) return `${NAMES[t.attr]} ${t.op}`;
      if (t.op.endsWith('in')) return `${NAMES[t.attr]} ${t.op} (${t.values.map(quote).join(', ')})`;
      return `${NAMES[t.attr]} ${t.op} ${quote(t.values[0]!)}`;
    }
    case 'not':
      return `not (${write(t.inner)})`;
    default:
      return `(${t.items.map(write).join(` ${t.kind} `)})`;
  }
}

/** Text values compare without regard to case, as the project's evaluator does (rules/evaluate.ts). */
const same = (a: Scalar, b: Scalar) => (typeof b === 'string' ? String(a).toLowerCase() === b.toLowerCase() : a === b);

function oracle(t: Text, s: Sample): boolean {
  if (t.kind === 'not') return !oracle(t.inner, s);
  if (t.kind !== 'cmp') return t.kind === 'and' ? t.items.every((i) => oracle(i, s)) : t.items.some((i) => oracle(i, s));
  const v = s[t.attr];
  if (t.op === 'is set') return v !== undefined;
  if (t.op === 'is not set') return v === undefined;
  if (v === undefined) return false; // every other comparison needs a value
  const [x] = t.values;
  switch (t.op) {
    case '=':
      return same(v, x!);
    case '!=':
      return !same(v, x!);
    case 'contains':
      return String(v).toLowerCase().includes(String(x).toLowerCase());
    case 'not contains':
      return !String(v).toLowerCase().includes(String(x).toLowerCase());
    case '>':
      return (v as number) > (x as number);
    case '<':
      return (v as number) < (x as number);
    case '>=':
      return (v as number) >= (x as number);
    case '<=':
      return (v as number) <= (x as number);
    case 'in':
      return t.values.some((y) => same(v, y));
    case 'not in':
      return !t.values.some((y) => same(v, y));
    case 'is true':
      return v === true;
    case 'is not true':
      return v !== true;
    case 'is false':
      return v === false;
    case 'is not false':
      return v !== false;
  }
  throw new Error(`no meaning for ${t.op}`);
}

// ---- the compiled JSON, under each reading ----------------------------------------------------

type Reading = 'negate' | 'absent-false';
type Node = Record<string, unknown>;

function valueIn(attribute: Node, s: Sample): Scalar | undefined {
  if (attribute.__type === 'PresetAttributeReference' && attribute.ref === 'REGION') return s.region;
  const byUid: Record<string, Attr> = { [POINTS]: 'points', [PLAN]: 'plan', [SUBSCRIBER]: 'sub' };
  const attr = byUid[String(attribute.ref)];
  if (!attr) throw new Error(`unexpected attribute ${JSON.stringify(attribute)}`);
  return s[attr];
}

function holds(condition: string, v: Scalar, want: unknown): boolean {
  switch (condition) {
    case 'STRING_EQUALS':
      return String(v).toLowerCase() === String(want).toLowerCase();
    case 'CONTAINS_SUBSTRING':
      return String(v).toLowerCase().includes(String(want).toLowerCase());
    case 'NUMBER_EQUAL_TO':
      return v === want;
    case 'NUMBER_GREATER_THAN':
      return (v as number) > (want as number);
    case 'NUMBER_LESS_THAN':
      return (v as number) < (want as number);
    case 'IS_TRUE':
      return v === true;
    case 'IS_FALSE':
      return v === false;
  }
  throw new Error(`unexpected condition ${condition}`);
}

/** Reference §6.1's JSON under one reading of an inverted value condition on an absent value. */
function underReading(node: Node, s: Sample, reading: Reading): boolean {
  if (node.__type === 'RuleCombination') {
    const rules = node.rules as Node[];
    return node.combinationType === 'AND' ? rules.every((r) => underReading(r, s, reading)) : rules.some((r) => underReading(r, s, reading));
  }
  const v = valueIn(node.attribute as Node, s);
  const inverted = node.invertCondition === true;
  if (node.attributeMatchCondition === 'HAS_ANY_VALUE') return (v !== undefined) !== inverted;
  if (v === undefined) return inverted && reading === 'negate';
  return holds(String(node.attributeMatchCondition), v, (node.attributeMatchOptions as Node | undefined)?.value) !== inverted;
}

const visitorOf = (s: Sample): Visitor => ({
  presets: s.region === undefined ? {} : { REGION: s.region },
  custom: Object.fromEntries(
    (
      [
        ['points', POINTS],
        ['plan', PLAN],
        ['sub', SUBSCRIBER],
      ] as const
    )
      .filter(([a]) => s[a] !== undefined)
      .map(([a, uid]) => [uid, s[a]]),
  ),
});

/** Every way of evaluating the compiled text, by name, for one sample visitor. */
function verdicts(definition: Node, s: Sample): Record<string, boolean> {
  const v = visitorOf(s);
  return {
    'reading negate': underReading(definition, s, 'negate'),
    'reading absent-false': underReading(definition, s, 'absent-false'),
    'evaluate.ts, negate': matches(definition, v, { absentInverted: 'negate' }),
    'evaluate.ts, absent-false': matches(definition, v, { absentInverted: 'absent-false' }),
    'evaluate.ts, default': matches(definition, v),
  };
}

// ---- the grid ---------------------------------------------------------------------------------

/** Absent, and boundary values around the constants the texts use (500; "free"; true; "US-CA"). */
const GRID: Record<Attr, Array<Scalar | undefined>> = {
  points: [undefined, 499, 500, 501],
  plan: [undefined, 'free', 'pro', 'freemium', 'FREE'],
  sub: [undefined, true, false],
  region: [undefined, 'US-CA', 'US-NY', 'us-ca'],
};

function attrsOf(t: Text): Set<Attr> {
  if (t.kind === 'cmp') return new Set([t.attr]);
  if (t.kind === 'not') return attrsOf(t.inner);
  return new Set(t.items.flatMap((i) => [...attrsOf(i)]));
}

/** Every combination of grid values for the attributes the text uses (the others absent). */
function samples(t: Text): Sample[] {
  let out: Sample[] = [{}];
  for (const a of attrsOf(t)) out = out.flatMap((s) => GRID[a].map((v) => (v === undefined ? s : { ...s, [a]: v })));
  return out;
}

function expectAgreement(t: Text, s: Sample): void {
  const text = write(t);
  const definition = compile(text, attributes).definition as Node;
  const want = oracle(t, s);
  for (const [how, got] of Object.entries(verdicts(definition, s))) {
    expect(got, `${text} for ${JSON.stringify(s)}, ${how}; compiled ${JSON.stringify(definition)}`).toBe(want);
  }
}

const cmp = (attr: Attr, op: string, ...values: Scalar[]): Text => ({ kind: 'cmp', attr, op, values });
const not = (inner: Text): Text => ({ kind: 'not', inner });
const and = (...items: Text[]): Text => ({ kind: 'and', items });
const or = (...items: Text[]): Text => ({ kind: 'or', items });

const COMPARISONS: Text[] = [
  cmp('points', '=', 500),
  cmp('points', '!=', 500),
  cmp('points', '>', 500),
  cmp('points', '<', 500),
  cmp('points', '>=', 500),
  cmp('points', '<=', 500),
  cmp('points', 'in', 500, 501),
  cmp('points', 'not in', 500, 501),
  cmp('points', 'in', 500),
  cmp('points', 'not in', 499),
  cmp('points', 'is set'),
  cmp('points', 'is not set'),
  cmp('plan', '=', 'free'),
  cmp('plan', '!=', 'free'),
  cmp('plan', 'contains', 'free'),
  cmp('plan', 'not contains', 'free'),
  cmp('plan', 'in', 'free', 'pro'),
  cmp('plan', 'not in', 'free', 'pro'),
  cmp('plan', 'is set'),
  cmp('plan', 'is not set'),
  cmp('sub', 'is true'),
  cmp('sub', 'is not true'),
  cmp('sub', 'is false'),
  cmp('sub', 'is not false'),
  cmp('sub', 'is set'),
  cmp('sub', 'is not set'),
  cmp('region', '=', 'US-CA'),
  cmp('region', '!=', 'US-CA'),
  cmp('region', 'in', 'US-CA', 'US-NY'),
  cmp('region', 'not in', 'US-CA', 'US-NY'),
  cmp('region', 'contains', 'US-'),
  cmp('region', 'not contains', 'US-'),
];

const GROUPS: Text[] = [
  and(cmp('points', '>=', 500), cmp('plan', '!=', 'free')),
  or(cmp('points', '<=', 500), cmp('sub', 'is not true')),
  and(cmp('region', 'not in', 'US-CA', 'US-NY'), or(cmp('plan', 'not contains', 'free'), cmp('sub', 'is not false'))),
  or(not(cmp('region', '=', 'US-CA')), and(cmp('points', '>', 500), not(cmp('plan', 'in', 'free', 'pro')))),
  and(not(or(cmp('points', '<', 500), cmp('sub', 'is true'))), cmp('plan', 'is set')),
];

describe('comparisons exclude visitors without the attribute, whatever the engine does with absent values', () => {
  it('the table covers every operator of the language', () => {
    const ops = new Set(COMPARISONS.map((t) => (t.kind === 'cmp' ? t.op : '')));
    for (const op of ['=', '!=', 'contains', 'not contains', '>', '<', '>=', '<=', 'in', 'not in', 'is set', 'is not set', 'is true', 'is not true', 'is false', 'is not false'])
      expect(ops, op).toContain(op);
  });

  it.each(COMPARISONS.map((t) => [write(t), t] as const))('%s', (_text, t) => {
    for (const s of samples(t)) expectAgreement(t, s);
  });

  it.each(COMPARISONS.map((t) => [write(not(t)), not(t)] as const))('%s includes visitors without the value', (_text, t) => {
    for (const s of samples(t)) expectAgreement(t, s);
    if (!/is (not )?set/.test(write(t))) expect(oracle(t, {})).toBe(true);
  });

  it.each([...GROUPS, ...GROUPS.map(not), not(not(GROUPS[3]!)), not(and(not(GROUPS[0]!), GROUPS[2]!))].map((t) => [write(t), t] as const))('%s', (_text, t) => {
    for (const s of samples(t)) expectAgreement(t, s);
  });

  it('not (region = "US-CA") matches a visitor with no region under either reading', () => {
    const definition = compile('not (region = "US-CA")', attributes).definition as Node;
    expect(verdicts(definition, {})).toEqual(Object.fromEntries(Object.keys(verdicts(definition, {})).map((k) => [k, true])));
  });
});

describe('random rule texts from these operators and not/and/or', () => {
  const comparison = fc.constantFrom(...COMPARISONS);
  const text: fc.Arbitrary<Text> = fc.letrec<{ t: Text }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      { weight: 4, arbitrary: comparison },
      { weight: 1, arbitrary: tie('t').map(not) },
      { weight: 1, arbitrary: fc.array(tie('t'), { minLength: 2, maxLength: 3 }).map((items) => and(...items)) },
      { weight: 1, arbitrary: fc.array(tie('t'), { minLength: 2, maxLength: 3 }).map((items) => or(...items)) },
    ),
  })).t;
  const pick = (values: Array<Scalar | undefined>) => fc.constantFrom(...values);
  const sample: fc.Arbitrary<Sample> = fc
    .record({ points: pick(GRID.points), plan: pick(GRID.plan), sub: pick(GRID.sub), region: pick(GRID.region) })
    .map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Sample);

  it('the compiled JSON agrees with the meaning under both readings and the default', () => {
    fc.assert(
      fc.property(text, fc.array(sample, { minLength: 1, maxLength: 8 }), (t, ss) => {
        for (const s of ss) expectAgreement(t, s);
      }),
      { numRuns: 300 },
    );
  });
});

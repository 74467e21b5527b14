import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical, compile, matches, render } from '../../src/rules/index.js';
import type { Visitor } from '../../src/rules/evaluate.js';
import { all, any, atLeast, atMost, attributes, custom, HOME_COUNTRY, isSet, num, PLAN, POINTS, preset, setAndNot, str, SUBSCRIBER, TWO_FA, unsetOrNot } from './fixtures.js';

const DELETED = 'ffffffffffffffffffffffff';
const noNegativeZero = (n: number) => (Object.is(n, -0) ? 0 : n);
const number = fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero));
const text = fc.string({ maxLength: 12 });
const invert = fc.boolean();

const make = (attribute: object, condition: string, options: object | undefined, inv: boolean) => ({
  __type: 'Rule',
  attribute,
  attributeMatchCondition: condition,
  ...(options ? { attributeMatchOptions: options } : {}),
  invertCondition: inv,
});

/** Single rules the language writes as text (a deleted attribute's uid included, as uid("…")); value rules are not inverted. */
const languageLeaf: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constantFrom('CA', 'US', 'GB').map((v) => make(preset('COUNTRY'), 'STRING_EQUALS', str(v), false)),
  fc.constantFrom('MOBILE', 'TABLET', 'DESKTOP').map((v) => make(preset('DEVICE_TYPE'), 'STRING_EQUALS', str(v), false)),
  fc.tuple(fc.constantFrom('REGION', 'CITY', 'REFERRER'), text).map(([p, v]) => make(preset(p), 'CONTAINS_SUBSTRING', str(v), false)),
  text.map((v) => make(preset('REFERRER'), 'STRING_EQUALS', str(v), false)),
  fc.tuple(fc.constantFrom('OPERATING_SYSTEM', 'QUERY_PARAMETERS', 'REFERRER'), invert).map(([p, i]) => make(preset(p), 'HAS_ANY_VALUE', undefined, i)),
  // REGION and CITY values in the formats of docs/api.md §17: ISO 3166-2 codes, "<city>,<region>,<country>".
  fc.constantFrom('US-CA', 'CA-QC', 'GB-ENG', 'JP-13', 'FR-ZZZ').map((v) => make(preset('REGION'), 'STRING_EQUALS', str(v), false)),
  fc.constantFrom('chicago,IL,US', 'montreal,QC,CA', 'springfield,MA,US', 'nowhere,XX,US').map((v) => make(preset('CITY'), 'STRING_EQUALS', str(v), false)),
  fc
    .tuple(fc.constantFrom(PLAN, HOME_COUNTRY, TWO_FA, DELETED), fc.constantFrom('STRING_EQUALS', 'CONTAINS_SUBSTRING'), text)
    .map(([u, c, v]) => make(custom(u), c, str(v), false)),
  fc
    .tuple(fc.constantFrom(POINTS, DELETED), fc.constantFrom('NUMBER_GREATER_THAN', 'NUMBER_LESS_THAN', 'NUMBER_EQUAL_TO'), number)
    .map(([u, c, v]) => make(custom(u), c, num(v), false)),
  fc.tuple(fc.constantFrom(SUBSCRIBER, PLAN), fc.constantFrom('IS_TRUE', 'IS_FALSE')).map(([u, c]) => make(custom(u), c, undefined, false)),
  fc.tuple(fc.constantFrom(SUBSCRIBER, PLAN, DELETED), invert).map(([u, i]) => make(custom(u), 'HAS_ANY_VALUE', undefined, i)),
);

/** The groups a comparison compiles to (rules/patterns.ts): >=, <=, !=, not contains, not in, is not true/false, not (…). */
const texts = fc.array(text, { minLength: 1, maxLength: 3 });
const languageForm: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.tuple(fc.constantFrom(POINTS, DELETED), number, fc.boolean()).map(([u, n, least]) => (least ? atLeast : atMost)(custom(u), n)),
  fc.tuple(fc.constantFrom(PLAN, DELETED), texts, fc.boolean()).map(([u, vs, guard]) => (guard ? setAndNot : unsetOrNot)(custom(u), 'STRING_EQUALS', ...vs.map(str))),
  fc
    .tuple(fc.constantFrom('COUNTRY', 'DEVICE_TYPE'), fc.boolean())
    .map(([p, guard]) => (guard ? setAndNot : unsetOrNot)(preset(p), 'STRING_EQUALS', str(p === 'COUNTRY' ? 'CA' : 'MOBILE'))),
  fc
    .tuple(fc.constantFrom(POINTS), fc.array(number, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([u, ns, guard]) => (guard ? setAndNot : unsetOrNot)(custom(u), 'NUMBER_EQUAL_TO', ...ns.map(num))),
  fc.tuple(fc.constantFrom(PLAN, DELETED), text, fc.boolean()).map(([u, v, guard]) => (guard ? setAndNot : unsetOrNot)(custom(u), 'CONTAINS_SUBSTRING', str(v))),
  fc
    .tuple(fc.constantFrom(SUBSCRIBER, PLAN), fc.constantFrom('IS_TRUE', 'IS_FALSE'), fc.boolean())
    .map(([u, c, guard]) => (guard ? setAndNot : unsetOrNot)(custom(u), c, undefined)),
  fc.tuple(fc.constantFrom('NUMBER_GREATER_THAN', 'NUMBER_LESS_THAN'), number).map(([c, n]) => unsetOrNot(custom(POINTS), c, num(n))),
);
const languageRule = fc.oneof({ weight: 3, arbitrary: languageLeaf }, { weight: 1, arbitrary: languageForm });

/** Rules as the API may hold them: the language's own, and shapes it can only keep as raw. */
const apiRule: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  languageRule,
  // Values the compiler would normalise, or refuse: kept as raw so they are not changed.
  fc.tuple(fc.constantFrom('Canada', 'ca'), invert).map(([v, i]) => make(preset('COUNTRY'), 'STRING_EQUALS', str(v), i)),
  fc.tuple(fc.constantFrom('Mobile', 'WATCH'), invert).map(([v, i]) => make(preset('DEVICE_TYPE'), 'STRING_EQUALS', str(v), i)),
  // A bare region name, a code in lower case, a city not in the composite form: never sent, kept as raw.
  fc.constantFrom('California', 'us-ca', 'QC', '').map((v) => make(preset('REGION'), 'STRING_EQUALS', str(v), false)),
  fc.tuple(fc.constantFrom('Chicago', 'chicago,il,us', 'San Francisco, CA'), invert).map(([v, i]) => make(preset('CITY'), 'STRING_EQUALS', str(v), i)),
  // Inverted value rules without an is-set guard (as the UI may save them): their meaning on an absent
  // value is not established, so they are kept as raw; likewise a "not in" without the guard.
  fc.tuple(fc.constantFrom('STRING_EQUALS', 'CONTAINS_SUBSTRING'), text).map(([c, v]) => make(custom(PLAN), c, str(v), true)),
  fc.tuple(fc.constantFrom('NUMBER_GREATER_THAN', 'NUMBER_LESS_THAN', 'NUMBER_EQUAL_TO'), number).map(([c, v]) => make(custom(POINTS), c, num(v), true)),
  fc.constantFrom('IS_TRUE', 'IS_FALSE').map((c) => make(custom(SUBSCRIBER), c, undefined, true)),
  fc.tuple(text, text).map(([a, b]) => all(make(custom(PLAN), 'STRING_EQUALS', str(a), true), make(custom(PLAN), 'STRING_EQUALS', str(b), true))),
  // Almost a compiled form, but not quite: a guard on another attribute, or an equality on another value.
  text.map((v) => all(isSet(custom(SUBSCRIBER)), make(custom(PLAN), 'STRING_EQUALS', str(v), true))),
  number.map((n) => any(make(custom(POINTS), 'NUMBER_GREATER_THAN', num(n), false), make(custom(POINTS), 'NUMBER_EQUAL_TO', num(n + 1), false))),
  // Refused by the compiler as not established (rules/established.ts): kept as raw, unchanged.
  fc.tuple(fc.constantFrom('IOS', 'ANDROID', 'MacOS', 'BeOS'), invert).map(([v, i]) => make(preset('OPERATING_SYSTEM'), 'STRING_EQUALS', str(v), i)),
  fc.tuple(fc.constantFrom('STRING_EQUALS', 'CONTAINS_SUBSTRING'), text).map(([c, v]) => make(preset('QUERY_PARAMETERS'), c, str(v), false)),
  fc
    .tuple(fc.constantFrom('BEFORE_TIME', 'AFTER_TIME'), fc.constantFrom('2025-12-01', '09:30', 'soon'), invert)
    .map(([c, v, i]) => make(preset('DATE_AND_TIME'), c, { __type: 'DateTimeMatchOptions', value: v }, i)),
  fc
    .tuple(fc.constantFrom(['09:00', '17:00'], ['2025-01-01', '2025-02-01']), invert)
    .map(([[s, e], i]) => make(preset('DATE_AND_TIME'), 'BETWEEN_TIME', { __type: 'DateTimeRangeMatchOptions', start: s, end: e }, i)),
  fc.constant(make(preset('DATE_AND_TIME'), 'BETWEEN_TIME', { __type: 'DateTimeRangeMatchOptions', start: '09:00', end: '2025-02-01' }, false)),
  // Not established or not the language's: kept as raw, unchanged.
  fc
    .tuple(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), text, { maxKeys: 2 }), invert)
    .map(([v, i]) => make(preset('QUERY_PARAMETERS'), 'JSON_MATCH', { __type: 'JsonMatchOptions', value: v }, i)),
  fc
    .tuple(fc.constantFrom('BEFORE_TIME', 'BETWEEN_TIME'), invert)
    .map(([c, i]) => make(preset('DATE_AND_TIME'), c, { __type: 'DateMatchOptions', date: '2025-01-01', timezone: 'UTC' }, i)),
  fc.tuple(text, invert).map(([v, i]) => make({ __type: 'LyticsAttributeReference', ref: 'LYTICS_AUDIENCE' }, 'IS_MEMBER_OF', { __type: 'AudienceMatchOptions', value: v }, i)),
  fc.tuple(text, invert).map(([v, i]) => ({ ...make(custom(PLAN), 'STRING_EQUALS', str(v), i), priority: 1 })),
  // Tolerated and normalised: no invertCondition, an _id, a number where text belongs.
  text.map((v) => ({ __type: 'Rule', attribute: custom(PLAN), attributeMatchCondition: 'STRING_EQUALS', attributeMatchOptions: str(v) })),
  text.map((v) => ({ ...make(custom(PLAN), 'CONTAINS_SUBSTRING', str(v), false), _id: '6650aa' })),
  number.map((v) => make(preset('CITY'), 'STRING_EQUALS', { __type: 'StringMatchOptions', value: v }, false)),
);

const definitionOf = (leaf: fc.Arbitrary<Record<string, unknown>>, minLength: number) =>
  fc.letrec<{ group: Record<string, unknown>; member: Record<string, unknown> }>((tie) => ({
    group: fc.record({
      __type: fc.constant('RuleCombination'),
      combinationType: fc.constantFrom('AND', 'OR'),
      rules: fc.array(tie('member'), { minLength, maxLength: 3 }),
    }),
    member: fc.oneof({ depthSize: 'small', maxDepth: 3 }, leaf, tie('group')),
  })).group;
const definition = definitionOf(apiRule, 0);

describe('round trip, property-based', () => {
  it('for generated definitions, compile(render(d)) equals d in canonical form', () => {
    fc.assert(
      fc.property(definition, (d) => {
        const text = render(d, attributes).text;
        const back = compile(text, attributes, { strict: false }).definition;
        expect(back).toEqual(canonical(d));
        // and the canonical text is stable
        expect(render(back, attributes).text).toBe(text);
      }),
      { numRuns: 400 },
    );
  });

  it('definitions made of what the language expresses render without raw, and come back the same', () => {
    fc.assert(
      fc.property(definitionOf(languageRule, 1), (d) => {
        const text = render(d, attributes).text;
        expect(text).not.toContain('raw');
        expect(compile(text, attributes, { strict: false }).definition).toEqual(canonical(d));
      }),
      { numRuns: 400 },
    );
  });

  const value = fc.oneof(
    text.map((s) => JSON.stringify(s)),
    fc.constantFrom('"free"', "'pro'", 'plus', '"say \\"hi\\""'),
  );
  const values = fc.array(value, { minLength: 1, maxLength: 3 }).map((v) => `(${v.join(', ')})`);
  const condition: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(fc.constantFrom('country', 'COUNTRY', '"Country"'), fc.constantFrom('=', '!=', '=='), fc.constantFrom('"CA"', 'ca', '"Canada"', "'us'", 'GB')).map((p) => p.join(' ')),
    fc.tuple(fc.constantFrom('device_type'), fc.constantFrom('=', '!='), fc.constantFrom('mobile', '"TABLET"', '"phone"', 'Desktop')).map((p) => p.join(' ')),
    fc.tuple(fc.constantFrom('device_type in', 'device_type not in'), fc.constantFrom('(mobile, tablet)', '("DESKTOP")', '(phone, pc, tablet)')).map((p) => p.join(' ')),
    fc
      .tuple(fc.constantFrom('loyalty_points', '"Loyalty points"', `uid("${POINTS}")`), fc.constantFrom('>', '<', '>=', '<=', '=', '!='), fc.integer({ min: -1000, max: 1000 }))
      .map((p) => p.join(' ')),
    fc.tuple(fc.constantFrom('plan', '"Plan"'), fc.constantFrom('=', '!=', 'contains', 'not contains'), value).map((p) => p.join(' ')),
    fc.tuple(fc.constantFrom('plan in', 'plan not in'), values).map((p) => p.join(' ')),
    fc
      .tuple(fc.constantFrom('plan', 'is_subscriber', '"Newsletter subscriber"'), fc.constantFrom('is set', 'is not set', 'is true', 'is false', 'is not true', 'is not false'))
      .map((p) => p.join(' ')),
    fc
      .tuple(fc.constantFrom('referrer'), fc.constantFrom('contains', 'not contains', '=', '!=', 'is set'), value)
      .map(([a, o, v]) => (o === 'is set' ? `${a} is set` : `${a} ${o} ${v}`)),
    fc.tuple(fc.constantFrom('operating_system', 'query_parameters'), fc.constantFrom('is set', 'is not set')).map((p) => p.join(' ')),
    fc
      .tuple(fc.constantFrom('region', 'city'), fc.constantFrom('contains', 'not contains', 'is set'), value)
      .map(([a, o, v]) => (o === 'is set' ? `${a} is set` : `${a} ${o} ${v}`)),
    fc
      .tuple(fc.constantFrom('=', '!=', 'in', 'not in'), fc.constantFrom('"California"', 'us-ca', '"Quebec"', '"GB-SCT"', '"Bayern"'))
      .map(([o, v]) => (o.endsWith('in') ? `region ${o} (${v}, "US-NY")` : `region ${o} ${v}`)),
    fc
      .tuple(fc.constantFrom('=', '!=', 'not in'), fc.constantFrom('"Chicago"', '"springfield, IL"', '"San Francisco,ca,us"', '"Montréal"'))
      .map(([o, v]) => (o === 'not in' ? `city not in (${v})` : `city ${o} ${v}`)),
  );
  const expression = (depth: number): fc.Arbitrary<string> =>
    depth === 0
      ? condition
      : fc.oneof(
          { weight: 3, arbitrary: condition },
          { weight: 1, arbitrary: expression(depth - 1).map((e) => `not ${e}`) },
          { weight: 1, arbitrary: expression(depth - 1).map((e) => `(${e})`) },
          { weight: 1, arbitrary: expression(depth - 1).map((e) => `not (${e})`) },
          { weight: 2, arbitrary: fc.tuple(expression(depth - 1), fc.constantFrom('and', 'or', 'AND', 'Or'), expression(depth - 1)).map((p) => p.join(' ')) },
        );
  const ruleText = expression(4);

  it('for generated rule texts, render(compile(t)) is stable and means the same', () => {
    fc.assert(
      fc.property(ruleText, (t) => {
        const first = compile(t, attributes).definition;
        const text = render(first, attributes).text;
        const again = compile(text, attributes).definition;
        expect(again).toEqual(canonical(first));
        expect(render(again, attributes).text).toBe(text);
        expect(text).not.toContain('raw');
      }),
      { numRuns: 400 },
    );
  });

  const visitor: fc.Arbitrary<Visitor> = fc.record({
    presets: fc.record({
      COUNTRY: fc.constantFrom('CA', 'US', 'GB', undefined),
      DEVICE_TYPE: fc.constantFrom('MOBILE', 'TABLET', 'DESKTOP', undefined),
      REFERRER: fc.option(text, { nil: undefined }),
      REGION: fc.option(fc.constantFrom('US-CA', 'us-ny', 'CA-QC', ''), { nil: undefined }),
      CITY: fc.option(fc.constantFrom('chicago,IL,US', 'springfield,IL,US', 'free', ''), { nil: undefined }),
      DATE_AND_TIME: fc.date({ min: new Date('2024-06-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    }),
    custom: fc.record({
      [POINTS]: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
      [PLAN]: fc.option(fc.constantFrom('free', 'pro', 'plus', 'say "hi"', ''), { nil: undefined }),
      [SUBSCRIBER]: fc.option(fc.boolean(), { nil: undefined }),
    }),
  });

  it('not (…) pushed down by De Morgan is the negation, for every visitor', () => {
    fc.assert(
      fc.property(ruleText, visitor, (t, v) => {
        const yes = matches(compile(t, attributes).definition, v);
        const no = matches(compile(`not (${t})`, attributes).definition, v);
        expect(no).toBe(!yes);
      }),
      { numRuns: 400 },
    );
  });
});

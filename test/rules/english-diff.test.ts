import { describe, expect, it } from 'vitest';
import { compile, describeDefinition, diff, english, MAX_DEPTH, MAX_RULES, MAX_TEXT_LENGTH, render, RuleError, visitorFrom, matches } from '../../src/rules/index.js';
import { all, any, attributes, custom, num, PLAN, POINTS, preset, rule, str, SUBSCRIBER } from './fixtures.js';

const def = (text: string) => compile(text, attributes).definition;
const say = (text: string) => english(def(text), attributes);

describe('English', () => {
  it.each([
    [
      '(country = "CA" and device_type in ("MOBILE", "TABLET")) or loyalty_points >= 500',
      'Visitors in Canada who use a mobile or tablet device, or who have at least 500 loyalty points',
    ],
    ['country = "CA" and (device_type = "MOBILE" or loyalty_points >= 500)', 'Visitors in Canada who either use a mobile device or have at least 500 loyalty points'],
    ['country = "CA" and device_type = "MOBILE"', 'Visitors in Canada who use a mobile device'],
    ['loyalty_points >= 500 and plan != "free"', 'Visitors who have at least 500 loyalty points and whose plan is set and is not "free"'],
    ['loyalty_points <= 500', 'Visitors who have at most 500 loyalty points'],
    ['country not in ("US", "GB")', 'Visitors who are in a known country other than the United States and the United Kingdom'],
    ['plan not in ("free", "plus")', 'Visitors whose plan is set and is neither "free" nor "plus"'],
    ['plan not contains "tri"', 'Visitors whose plan is set and does not contain "tri"'],
    ['is_subscriber is not true', 'Visitors whose newsletter subscriber is set and is not true'],
    ['loyalty_points != 7', 'Visitors who have loyalty points, but not exactly 7'],
    // not (…) includes visitors without the value, and says so
    ['not (region = "US-CA")', 'Visitors who are not in California or who have no region'],
    ['region in ("US-CA", "FR-ZZZ") and city != "chicago,IL,US"', 'Visitors in California or the region FR-ZZZ who are in a known city other than Chicago'],
    ['not (plan in ("free", "plus"))', 'Visitors whose plan is neither "free" nor "plus" or who have no plan'],
    ['not (loyalty_points >= 500)', 'Visitors who have no loyalty points or have less than 500 loyalty points'],
    ['plan is not set', 'Visitors who have no plan'],
    ['is_subscriber is true', 'Visitors whose newsletter subscriber is true'],
    ['city = "Montreal" or device_type = "tablet"', 'Visitors who are in Montreal or use a tablet device'],
    ['city = "nowhere,XX,US"', 'Visitors in nowhere,XX,US'],
  ])('%s', (text, sentence) => {
    expect(say(text)).toBe(sentence);
  });

  it('a bare inverted value rule (no is-set guard) says its meaning for visitors without a value is not known', () => {
    expect(english(all(rule(custom(PLAN), 'STRING_EQUALS', str('free'), true)), attributes)).toBe(
      'Visitors whose plan is not "free" (whether visitors without a plan match depends on Personalize)',
    );
    const d = describeDefinition(all(rule(custom(POINTS), 'NUMBER_LESS_THAN', num(500), true)), attributes);
    expect(d.rules).toMatch(/^raw /);
    expect(d.warnings.join(' ')).toContain('whether visitors without a value match depends on Personalize');
  });

  it('rules the language refuses to write (date and time, operating system values) are described as raw', () => {
    const time = rule(preset('DATE_AND_TIME'), 'BEFORE_TIME', { __type: 'DateTimeMatchOptions', value: '2025-12-01' });
    expect(english(all(time), attributes)).toBe('Visitors who match a rule shown as raw JSON (BEFORE_TIME on date and time)');
    expect(english(all(rule(preset('OPERATING_SYSTEM'), 'STRING_EQUALS', str('IOS'))), attributes)).toBe('Visitors who use iOS');
  });

  it('empty groups say all or no visitors, and raw rules say so', () => {
    expect(english(all(), attributes)).toBe('All visitors');
    expect(english(any(), attributes)).toBe('No visitors');
    const lytics = all({
      __type: 'Rule',
      attribute: { __type: 'LyticsAttributeReference', ref: 'LYTICS_AUDIENCE' },
      attributeMatchCondition: 'IS_MEMBER_OF',
      attributeMatchOptions: { __type: 'AudienceMatchOptions', value: 'vip' },
      invertCondition: false,
    });
    expect(english(lytics, attributes)).toContain('Lytics audience "vip"');
  });
});

describe('describing definitions read from the API', () => {
  it('a rule on a deleted attribute renders with its uid and a warning, and compiles back leniently', () => {
    const gone = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const d = describeDefinition(all(rule(custom(gone), 'STRING_EQUALS', str('x')), rule(preset('COUNTRY'), 'STRING_EQUALS', str('CA'))), attributes);
    expect(d.rules).toBe(`uid("${gone}") = "x" and country = "CA"`);
    expect(d.warnings.join(' ')).toContain(`uid ${gone}, which no longer exists`);
    expect(d.english).toContain(`attribute ${gone}`);
    expect(() => compile(d.rules, attributes)).toThrow(/No custom attribute with uid aaaa/);
    expect(compile(d.rules, attributes, { strict: false }).warnings.join(' ')).toContain(gone);
  });

  it('JSON_MATCH and an unknown options shape render raw with a warning that names the condition', () => {
    const json = rule(preset('QUERY_PARAMETERS'), 'JSON_MATCH', { __type: 'JsonMatchOptions', value: { utm_campaign: 'spring' } });
    const d = describeDefinition(any(json, rule(custom(PLAN), 'IS_TRUE')), attributes);
    expect(d.rules).toBe(`raw ${JSON.stringify(json)} or plan is true`);
    expect(d.warnings.join(' ')).toContain('JSON_MATCH');
    expect(d.ruleCount).toBe(2);
  });

  it('tolerates what the API may omit: no __type at the top, no invertCondition, an OR of one rule', () => {
    const loose = { combinationType: 'OR', rules: [{ __type: 'Rule', attribute: custom(SUBSCRIBER), attributeMatchCondition: 'IS_TRUE' }] };
    const d = describeDefinition(loose, attributes);
    expect(d.rules).toBe('is_subscriber is true');
    expect(d.warnings).toEqual([]);
  });
});

describe('diff', () => {
  it('names the rules added, removed and changed, inside groups too', () => {
    const d = diff(def('country = "CA" and device_type = "MOBILE"'), def('country = "CA" and device_type in ("MOBILE", "TABLET") and region != "CA-QC"'), attributes);
    expect(d.changed).toBe(true);
    expect(d.changes).toEqual([
      { change: 'changed', where: 'top level', before: 'device_type = "MOBILE"', after: 'device_type in ("MOBILE", "TABLET")' },
      { change: 'added', where: 'top level', after: 'region != "CA-QC"' },
    ]);
    expect(d.text).toBe('~ device_type = "MOBILE" → device_type in ("MOBILE", "TABLET")\n+ region != "CA-QC"');
    const nested = diff(def('country = "CA" or (plan = "pro" and loyalty_points > 5)'), def('country = "CA" or (plan = "pro" and loyalty_points > 50)'), attributes);
    expect(nested.changes).toEqual([{ change: 'changed', where: '(plan = "pro" and loyalty_points > 5)', before: 'loyalty_points > 5', after: 'loyalty_points > 50' }]);
    const widened = diff(def('loyalty_points >= 500 and plan != "free"'), def('loyalty_points >= 500 and plan not in ("free", "trial")'), attributes);
    expect(widened.text).toBe('~ plan != "free" → plan not in ("free", "trial")');
    expect(diff(def('plan != "free"'), def('plan not in ("free", "trial")'), attributes).text).toBe('~ plan != "free" → plan not in ("free", "trial")');
    const removed = diff(def('country = "CA" and plan is set'), def('country = "CA"'), attributes);
    expect(removed.text).toBe('- plan is set');
  });

  it('a change of and/or is one change; equal definitions in different spellings are no change', () => {
    expect(diff(def('plan = "a" or plan is set'), def('plan = "a" and plan is set'), attributes).text).toBe('~ match any of (or) → all of (and)');
    const same = diff({ combinationType: 'OR', rules: [rule(custom(PLAN), 'IS_TRUE')] }, def('plan is true'), attributes);
    expect(same).toEqual({ changed: false, changes: [], text: '' });
  });
});

describe('limits', () => {
  it(`at most ${MAX_RULES} rules, counting every value of in (…)`, () => {
    const values = Array.from({ length: MAX_RULES }, (_, i) => `"v${i}"`);
    expect(compile(`plan in (${values.join(', ')})`, attributes).definition.rules).toHaveLength(MAX_RULES);
    expect(() => compile(`plan in (${values.join(', ')}) or plan is set`, attributes)).toThrow(`have ${MAX_RULES + 1} conditions`);
  });

  it(`nesting deeper than ${MAX_DEPTH} is refused, in text and in raw JSON`, () => {
    const deep = (n: number) => `${'('.repeat(n)}plan is set${')'.repeat(n)}`;
    expect(compile(deep(MAX_DEPTH - 1), attributes).definition.rules).toHaveLength(1);
    expect(() => compile(deep(MAX_DEPTH + 1), attributes)).toThrow(`nested more than ${MAX_DEPTH} deep`);
    expect(() => compile(`${'not '.repeat(MAX_DEPTH + 1)}plan is set`, attributes)).toThrow(RuleError);
    let g: object = rule(custom(PLAN), 'IS_TRUE');
    for (let i = 0; i < MAX_DEPTH + 1; i++) g = all(g, rule(custom(POINTS), 'HAS_ANY_VALUE'));
    expect(() => compile(`raw ${JSON.stringify(g)}`, attributes)).toThrow(`at most ${MAX_DEPTH} levels`);
  });

  it(`input longer than ${MAX_TEXT_LENGTH} characters is refused before parsing`, () => {
    const long = `plan = "${'x'.repeat(MAX_TEXT_LENGTH)}"`;
    expect(() => compile(long, attributes)).toThrow(`at most ${MAX_TEXT_LENGTH} are accepted`);
  });
});

describe('sample visitors', () => {
  it('take preset names and custom keys or names; unknown keys are reported', () => {
    const { visitor, unknown } = visitorFrom({ country: 'Canada', device_type: 'mobile', loyalty_points: 600, Plan: 'pro', shoe_size: 42 }, attributes);
    expect(visitor.presets).toEqual({ COUNTRY: 'CA', DEVICE_TYPE: 'mobile' });
    expect(visitor.custom).toEqual({ [POINTS]: 600, [PLAN]: 'pro' });
    expect(unknown).toEqual(['shoe_size']);
    expect(matches(def('country = "CA" and device_type = "MOBILE" and loyalty_points >= 500'), visitor)).toBe(true);
  });

  it('render and English never throw on odd input', () => {
    for (const odd of [undefined, null, 42, 'x', [], { rules: 'no' }, { __type: 'RuleCombination', combinationType: 'XOR', rules: [] }]) {
      expect(typeof render(odd, attributes).text).toBe('string');
      expect(typeof english(odd, attributes)).toBe('string');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_ABSENT_INVERTED, matches, type Visitor } from '../../src/rules/evaluate.js';

const preset = (ref: string) => ({ __type: 'PresetAttributeReference', ref });
const custom = (ref: string) => ({ __type: 'CustomAttributeReference', ref });
const str = (value: string) => ({ __type: 'StringMatchOptions', value });
const num = (value: number) => ({ __type: 'NumberMatchOptions', value });
const rule = (attribute: object, condition: string, options?: object, invert = false) => ({
  __type: 'Rule',
  attribute,
  attributeMatchCondition: condition,
  ...(options ? { attributeMatchOptions: options } : {}),
  invertCondition: invert,
});
const all = (...rules: object[]) => ({ __type: 'RuleCombination', combinationType: 'AND', rules });
const any = (...rules: object[]) => ({ __type: 'RuleCombination', combinationType: 'OR', rules });
const visitor = (presets: Record<string, unknown> = {}, customs: Record<string, unknown> = {}, lyticsAudiences?: string[]): Visitor => ({
  presets,
  custom: customs,
  lyticsAudiences,
});

const POINTS = '665f0c1e2a9f051bc9dd9e69';
const PLAN = '665f0c1e2a9f051bc9dd9e6a';

describe('matches: strings', () => {
  const canada = all(rule(preset('COUNTRY'), 'STRING_EQUALS', str('CA')));
  it('STRING_EQUALS compares case-insensitively', () => {
    expect(matches(canada, visitor({ COUNTRY: 'ca' }))).toBe(true);
    expect(matches(canada, visitor({ COUNTRY: 'US' }))).toBe(false);
  });
  it('CONTAINS_SUBSTRING finds the text anywhere, any case', () => {
    const google = all(rule(preset('REFERRER'), 'CONTAINS_SUBSTRING', str('Google.')));
    expect(matches(google, visitor({ REFERRER: 'https://www.google.com/search?q=x' }))).toBe(true);
    expect(matches(google, visitor({ REFERRER: 'https://bing.com/' }))).toBe(false);
  });
  it('a list value matches when any element does', () => {
    expect(matches(canada, visitor({ COUNTRY: ['US', 'CA'] }))).toBe(true);
  });
  it('numbers and booleans compare as text', () => {
    const plan = all(rule(custom(PLAN), 'STRING_EQUALS', str('42')));
    expect(matches(plan, visitor({}, { [PLAN]: 42 }))).toBe(true);
  });
});

describe('matches: numbers', () => {
  it('NUMBER_GREATER_THAN, NUMBER_LESS_THAN and NUMBER_EQUAL_TO, numeric strings included', () => {
    expect(matches(all(rule(custom(POINTS), 'NUMBER_GREATER_THAN', num(500))), visitor({}, { [POINTS]: 501 }))).toBe(true);
    expect(matches(all(rule(custom(POINTS), 'NUMBER_GREATER_THAN', num(500))), visitor({}, { [POINTS]: 500 }))).toBe(false);
    expect(matches(all(rule(custom(POINTS), 'NUMBER_LESS_THAN', num(500))), visitor({}, { [POINTS]: '499.5' }))).toBe(true);
    expect(matches(all(rule(custom(POINTS), 'NUMBER_EQUAL_TO', num(500))), visitor({}, { [POINTS]: '500' }))).toBe(true);
    expect(matches(all(rule(custom(POINTS), 'NUMBER_EQUAL_TO', num(500))), visitor({}, { [POINTS]: 'lots' }))).toBe(false);
  });
  it('>= is NUMBER_LESS_THAN inverted', () => {
    const atLeast = all(rule(custom(POINTS), 'NUMBER_LESS_THAN', num(500), true));
    expect(matches(atLeast, visitor({}, { [POINTS]: 500 }))).toBe(true);
    expect(matches(atLeast, visitor({}, { [POINTS]: 499 }))).toBe(false);
  });
});

describe('matches: presence and booleans', () => {
  it('HAS_ANY_VALUE needs a non-empty value', () => {
    const has = all(rule(custom(PLAN), 'HAS_ANY_VALUE'));
    expect(matches(has, visitor({}, { [PLAN]: 'free' }))).toBe(true);
    expect(matches(has, visitor({}, { [PLAN]: '' }))).toBe(false);
    expect(matches(has, visitor())).toBe(false);
    expect(matches(all(rule(custom(PLAN), 'HAS_ANY_VALUE', undefined, true)), visitor())).toBe(true);
  });
  it('IS_TRUE and IS_FALSE accept booleans and "true"/"false"', () => {
    const yes = all(rule(custom(PLAN), 'IS_TRUE'));
    const no = all(rule(custom(PLAN), 'IS_FALSE'));
    expect(matches(yes, visitor({}, { [PLAN]: true }))).toBe(true);
    expect(matches(yes, visitor({}, { [PLAN]: 'TRUE' }))).toBe(true);
    expect(matches(yes, visitor({}, { [PLAN]: false }))).toBe(false);
    expect(matches(no, visitor({}, { [PLAN]: 'false' }))).toBe(true);
    expect(matches(no, visitor({}, { [PLAN]: 'maybe' }))).toBe(false);
  });
});

describe('matches: missing values and inversion', () => {
  const notFree = all(rule(custom(PLAN), 'STRING_EQUALS', str('free'), true));
  it('a value condition on a missing value is false; by default (negate) inverting it makes it true', () => {
    expect(matches(all(rule(custom(PLAN), 'STRING_EQUALS', str('free'))), visitor())).toBe(false);
    expect(DEFAULT_ABSENT_INVERTED).toBe('negate');
    expect(matches(notFree, visitor())).toBe(true);
    expect(matches(notFree, visitor(), { absentInverted: 'negate' })).toBe(true);
    expect(matches(notFree, visitor({}, { [PLAN]: 'FREE' }))).toBe(false);
    expect(matches(notFree, visitor({}, { [PLAN]: 'pro' }))).toBe(true);
  });
  it('absent-false: a value condition on a missing value is false inverted or not; presence is unaffected', () => {
    const absentFalse = { absentInverted: 'absent-false' } as const;
    expect(matches(notFree, visitor(), absentFalse)).toBe(false);
    expect(matches(notFree, visitor({}, { [PLAN]: '' }), absentFalse)).toBe(false);
    expect(matches(notFree, visitor({}, { [PLAN]: 'pro' }), absentFalse)).toBe(true);
    for (const condition of ['NUMBER_LESS_THAN', 'NUMBER_GREATER_THAN', 'NUMBER_EQUAL_TO']) {
      expect(matches(all(rule(custom(POINTS), condition, num(5), true)), visitor(), absentFalse), condition).toBe(false);
    }
    for (const condition of ['IS_TRUE', 'IS_FALSE', 'CONTAINS_SUBSTRING']) {
      const options = condition === 'CONTAINS_SUBSTRING' ? str('f') : undefined;
      expect(matches(all(rule(custom(PLAN), condition, options, true)), visitor(), absentFalse), condition).toBe(false);
      expect(matches(all(rule(custom(PLAN), condition, options, true)), visitor()), condition).toBe(true);
    }
    expect(matches(all(rule(custom(PLAN), 'HAS_ANY_VALUE', undefined, true)), visitor(), absentFalse)).toBe(true);
  });
  it('the observer still sees each rule, with options given or not', () => {
    const seen: boolean[] = [];
    matches(notFree, visitor(), { absentInverted: 'absent-false' }, (_r, ok) => seen.push(ok));
    matches(notFree, visitor(), (_r, ok) => seen.push(ok));
    expect(seen).toEqual([false, true]);
  });
  it('an unknown condition or reference never matches, inverted or not', () => {
    expect(matches(all(rule(custom(PLAN), 'STARTS_WITH', str('f'))), visitor({}, { [PLAN]: 'free' }))).toBe(false);
    expect(matches(all(rule(custom(PLAN), 'STARTS_WITH', str('f'), true)), visitor({}, { [PLAN]: 'free' }))).toBe(false);
    expect(matches(all(rule({ __type: 'SomethingElse', ref: 'X' }, 'HAS_ANY_VALUE', undefined, true)), visitor())).toBe(false);
  });
  it('a value condition without usable options never matches', () => {
    expect(matches(all(rule(custom(PLAN), 'STRING_EQUALS', undefined, true)), visitor())).toBe(false);
    expect(matches(all(rule(custom(POINTS), 'NUMBER_GREATER_THAN', str('many'))), visitor({}, { [POINTS]: 5 }))).toBe(false);
  });
});

describe('matches: groups', () => {
  const loyalOrCanadianMobile = any(
    all(rule(preset('COUNTRY'), 'STRING_EQUALS', str('CA')), rule(preset('DEVICE_TYPE'), 'STRING_EQUALS', str('MOBILE'))),
    all(rule(custom(POINTS), 'NUMBER_GREATER_THAN', num(500)), rule(custom(PLAN), 'STRING_EQUALS', str('free'), true)),
  );
  it('nested AND inside OR', () => {
    expect(matches(loyalOrCanadianMobile, visitor({ COUNTRY: 'CA', DEVICE_TYPE: 'MOBILE' }))).toBe(true);
    expect(matches(loyalOrCanadianMobile, visitor({ COUNTRY: 'CA', DEVICE_TYPE: 'DESKTOP' }))).toBe(false);
    expect(matches(loyalOrCanadianMobile, visitor({}, { [POINTS]: 900, [PLAN]: 'pro' }))).toBe(true);
    expect(matches(loyalOrCanadianMobile, visitor({}, { [POINTS]: 900, [PLAN]: 'free' }))).toBe(false);
  });
  it('empty AND is true, empty OR is false; malformed nodes are false', () => {
    expect(matches(all(), visitor())).toBe(true);
    expect(matches(any(), visitor())).toBe(false);
    expect(matches({ __type: 'RuleCombination', combinationType: 'XOR', rules: [] }, visitor())).toBe(false);
    expect(matches(null, visitor())).toBe(false);
    expect(matches('country = CA', visitor())).toBe(false);
  });
  it('a top-level combination without __type is still read', () => {
    expect(matches({ combinationType: 'AND', rules: [rule(preset('COUNTRY'), 'STRING_EQUALS', str('CA'))] }, visitor({ COUNTRY: 'CA' }))).toBe(true);
  });
});

describe('matches: Lytics', () => {
  const member = all(rule({ __type: 'LyticsAttributeReference', ref: 'LYTICS_AUDIENCE' }, 'IS_MEMBER_OF', { __type: 'AudienceMatchOptions', value: 'ly_aud_1' }));
  it("IS_MEMBER_OF checks the visitor's Lytics audiences", () => {
    expect(matches(member, visitor({}, {}, ['ly_aud_2', 'LY_AUD_1']))).toBe(true);
    expect(matches(member, visitor({}, {}, ['ly_aud_2']))).toBe(false);
    expect(matches(member, visitor())).toBe(false);
  });
});

describe('matches: JSON_MATCH on query parameters', () => {
  const campaign = (options: object) => all(rule(preset('QUERY_PARAMETERS'), 'JSON_MATCH', options));
  const bf = { utm_campaign: 'black_friday', ref: ['a', 'b'] };
  it('accepts an object, a JSON string and a key/value pair as the expectation', () => {
    expect(matches(campaign({ __type: 'JsonMatchOptions', value: { utm_campaign: 'Black_Friday' } }), visitor({ QUERY_PARAMETERS: bf }))).toBe(true);
    expect(matches(campaign({ value: '{"utm_campaign":"black_friday"}' }), visitor({ QUERY_PARAMETERS: bf }))).toBe(true);
    expect(matches(campaign({ value: { key: 'ref', value: 'b' } }), visitor({ QUERY_PARAMETERS: bf }))).toBe(true);
    expect(matches(campaign({ key: 'utm_campaign', value: 'cyber_monday' }), visitor({ QUERY_PARAMETERS: bf }))).toBe(false);
  });
  it('reads a query string or URL as the visitor value', () => {
    expect(matches(campaign({ value: { utm_campaign: 'black_friday' } }), visitor({ QUERY_PARAMETERS: 'https://shop.example/?utm_campaign=black_friday' }))).toBe(true);
    expect(matches(campaign({ value: { utm_campaign: 'black_friday' } }), visitor({ QUERY_PARAMETERS: 'utm_source=mail' }))).toBe(false);
  });
  it('an unreadable expectation never matches', () => {
    expect(matches(campaign({ value: 42 }), visitor({ QUERY_PARAMETERS: bf }))).toBe(false);
  });
  it('string conditions see query parameters as a query string', () => {
    const contains = all(rule(preset('QUERY_PARAMETERS'), 'CONTAINS_SUBSTRING', str('utm_campaign=black')));
    expect(matches(contains, visitor({ QUERY_PARAMETERS: bf }))).toBe(true);
  });
});

describe('matches: date and time', () => {
  const at = (iso: string) => visitor({ DATE_AND_TIME: iso });
  const when = (condition: string, options: object) => all(rule(preset('DATE_AND_TIME'), condition, options));
  it('BEFORE_TIME and AFTER_TIME compare instants', () => {
    expect(matches(when('BEFORE_TIME', { value: '2025-11-28T00:00:00Z' }), at('2025-11-27T12:00:00Z'))).toBe(true);
    expect(matches(when('BEFORE_TIME', { value: '2025-11-28T00:00:00Z' }), at('2025-11-29T12:00:00Z'))).toBe(false);
    expect(matches(when('AFTER_TIME', { dateTime: Date.parse('2025-11-28T00:00:00Z') }), at('2025-11-29T00:00:00Z'))).toBe(true);
  });
  it('BETWEEN_TIME takes start/end, from/to or a pair, both ends included', () => {
    const start = '2025-11-28T00:00:00Z';
    const end = '2025-12-01T23:59:59Z';
    expect(matches(when('BETWEEN_TIME', { start, end }), at(start))).toBe(true);
    expect(matches(when('BETWEEN_TIME', { value: { from: start, to: end } }), at('2025-11-30T10:00:00Z'))).toBe(true);
    expect(matches(when('BETWEEN_TIME', { value: [start, end] }), at('2025-12-02T00:00:00Z'))).toBe(false);
  });
  it('times of day compare in the given time zone and may span midnight', () => {
    const night = when('BETWEEN_TIME', { start: '22:00', end: '06:00', timeZone: 'America/Toronto' });
    expect(matches(night, at('2025-06-02T03:30:00Z'))).toBe(true); // 23:30 in Toronto (EDT)
    expect(matches(night, at('2025-06-02T16:00:00Z'))).toBe(false); // noon in Toronto
    expect(matches(when('AFTER_TIME', { value: '12:00' }), at('2025-06-02T13:00:00Z'))).toBe(true);
  });
  it('without a visitor time the current time is used', () => {
    expect(matches(when('BEFORE_TIME', { value: '2999-01-01T00:00:00Z' }), visitor())).toBe(true);
    expect(matches(when('AFTER_TIME', { value: '2999-01-01T00:00:00Z' }), visitor())).toBe(false);
  });
  it('unreadable bounds never match', () => {
    expect(matches(when('BETWEEN_TIME', { start: 'soon', end: 'later' }), at('2025-06-02T13:00:00Z'))).toBe(false);
    expect(matches(when('BETWEEN_TIME', { start: '10:00', end: '2025-01-01' }), at('2025-06-02T13:00:00Z'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { compile, render, RuleError } from '../../src/rules/index.js';
import {
  all,
  any,
  atLeast,
  atMost,
  attributes,
  custom,
  isNotSet,
  num,
  PLAN,
  POINTS,
  preset,
  rule,
  setAndNot,
  str,
  SUBSCRIBER,
  HOME_COUNTRY,
  TWO_FA,
  unsetOrNot,
} from './fixtures.js';

const CA = rule(preset('COUNTRY'), 'STRING_EQUALS', str('CA'));
const MOBILE = rule(preset('DEVICE_TYPE'), 'STRING_EQUALS', str('MOBILE'));
const LYTICS = {
  __type: 'Rule',
  attribute: { __type: 'LyticsAttributeReference', ref: 'LYTICS_AUDIENCE' },
  attributeMatchCondition: 'IS_MEMBER_OF',
  attributeMatchOptions: { __type: 'AudienceMatchOptions', value: 'high_value' },
  invertCondition: false,
};

/** [text, the definition it compiles to, its canonical text (when not the input itself)] */
const CASES: Array<[string, object, string?]> = [
  // every preset
  ['country = "CA"', all(CA)],
  ['country = ca', all(CA), 'country = "CA"'],
  ['country = "Canada"', all(CA), 'country = "CA"'],
  // REGION: ISO 3166-2 codes; CITY: "<city>,<region>,<country>" (docs/api.md §17); names resolve through src/geo
  ['region = "US-AZ"', all(rule(preset('REGION'), 'STRING_EQUALS', str('US-AZ')))],
  ['region = us-az', all(rule(preset('REGION'), 'STRING_EQUALS', str('US-AZ'))), 'region = "US-AZ"'],
  ['region = "Quebec"', all(rule(preset('REGION'), 'STRING_EQUALS', str('CA-QC'))), 'region = "CA-QC"'],
  [
    'region in ("California", "Bayern", "gb-sct")',
    any(...['US-CA', 'DE-BY', 'GB-SCT'].map((v) => rule(preset('REGION'), 'STRING_EQUALS', str(v)))),
    'region in ("US-CA", "DE-BY", "GB-SCT")',
  ],
  ['region = "Georgia, US"', all(rule(preset('REGION'), 'STRING_EQUALS', str('US-GA'))), 'region = "US-GA"'],
  ['region = "FR-ZZZ"', all(rule(preset('REGION'), 'STRING_EQUALS', str('FR-ZZZ')))],
  ['city = "chicago,IL,US"', all(rule(preset('CITY'), 'STRING_EQUALS', str('chicago,IL,US')))],
  ['city = "Chicago, il, us"', all(rule(preset('CITY'), 'STRING_EQUALS', str('chicago,IL,US'))), 'city = "chicago,IL,US"'],
  ['city = "Montreal"', all(rule(preset('CITY'), 'STRING_EQUALS', str('montreal,QC,CA'))), 'city = "montreal,QC,CA"'],
  ['city = "Montréal"', all(rule(preset('CITY'), 'STRING_EQUALS', str('montreal,QC,CA'))), 'city = "montreal,QC,CA"'],
  ['city = "Springfield, Massachusetts"', all(rule(preset('CITY'), 'STRING_EQUALS', str('springfield,MA,US'))), 'city = "springfield,MA,US"'],
  ['city != "Springfield, US-IL"', setAndNot(preset('CITY'), 'STRING_EQUALS', str('springfield,IL,US')), 'city != "springfield,IL,US"'],
  ['region contains "US-"', all(rule(preset('REGION'), 'CONTAINS_SUBSTRING', str('US-')))],
  ['device_type = mobile', all(MOBILE), 'device_type = "MOBILE"'],
  ['device_type = "phone"', all(MOBILE), 'device_type = "MOBILE"'],
  ['operating_system is set', all(rule(preset('OPERATING_SYSTEM'), 'HAS_ANY_VALUE'))],
  ['referrer contains "google"', all(rule(preset('REFERRER'), 'CONTAINS_SUBSTRING', str('google')))],
  ['query_parameters is not set', all(rule(preset('QUERY_PARAMETERS'), 'HAS_ANY_VALUE', undefined, true))],
  // every operator
  ['country != "US"', setAndNot(preset('COUNTRY'), 'STRING_EQUALS', str('US'))],
  ['referrer not contains "bing"', setAndNot(preset('REFERRER'), 'CONTAINS_SUBSTRING', str('bing'))],
  ['loyalty_points > 500', all(rule(custom(POINTS), 'NUMBER_GREATER_THAN', num(500)))],
  ['loyalty_points < 10', all(rule(custom(POINTS), 'NUMBER_LESS_THAN', num(10)))],
  ['loyalty_points >= 500', atLeast(custom(POINTS), 500)],
  ['loyalty_points <= 500', atMost(custom(POINTS), 500)],
  ['loyalty_points = 7', all(rule(custom(POINTS), 'NUMBER_EQUAL_TO', num(7)))],
  ['loyalty_points != 7', setAndNot(custom(POINTS), 'NUMBER_EQUAL_TO', num(7))],
  ['loyalty_points > -5.5', all(rule(custom(POINTS), 'NUMBER_GREATER_THAN', num(-5.5)))],
  ['plan = "free"', all(rule(custom(PLAN), 'STRING_EQUALS', str('free')))],
  ["plan == '5'", all(rule(custom(PLAN), 'STRING_EQUALS', str('5'))), 'plan = "5"'],
  ['plan in ("free", "plus")', any(rule(custom(PLAN), 'STRING_EQUALS', str('free')), rule(custom(PLAN), 'STRING_EQUALS', str('plus')))],
  ['plan not in ("free", "plus")', setAndNot(custom(PLAN), 'STRING_EQUALS', str('free'), str('plus'))],
  ['plan not in ("free")', setAndNot(custom(PLAN), 'STRING_EQUALS', str('free')), 'plan != "free"'],
  ['plan in ("pro")', all(rule(custom(PLAN), 'STRING_EQUALS', str('pro'))), 'plan = "pro"'],
  ['device_type in (mobile, tablet)', any(MOBILE, rule(preset('DEVICE_TYPE'), 'STRING_EQUALS', str('TABLET'))), 'device_type in ("MOBILE", "TABLET")'],
  ['plan is set', all(rule(custom(PLAN), 'HAS_ANY_VALUE'))],
  ['plan is not set', all(rule(custom(PLAN), 'HAS_ANY_VALUE', undefined, true))],
  ['is_subscriber is true', all(rule(custom(SUBSCRIBER), 'IS_TRUE'))],
  ['is_subscriber is false', all(rule(custom(SUBSCRIBER), 'IS_FALSE'))],
  ['is_subscriber is not true', setAndNot(custom(SUBSCRIBER), 'IS_TRUE', undefined)],
  ['is_subscriber is not false', setAndNot(custom(SUBSCRIBER), 'IS_FALSE', undefined)],
  // quoting and names
  ['"Loyalty points" >= 500', atLeast(custom(POINTS), 500), 'loyalty_points >= 500'],
  ['"Home country" = "FR"', all(rule(custom(HOME_COUNTRY), 'STRING_EQUALS', str('FR')))],
  ['"2fa_enabled" is true', all(rule(custom(TWO_FA), 'IS_TRUE')), '"2FA" is true'],
  [`uid("${PLAN}") = "pro"`, all(rule(custom(PLAN), 'STRING_EQUALS', str('pro'))), 'plan = "pro"'],
  ['plan = "say \\"hi\\""', all(rule(custom(PLAN), 'STRING_EQUALS', str('say "hi"')))],
  [
    'COUNTRY = "us" AND Device_Type = "Desktop"',
    all(rule(preset('COUNTRY'), 'STRING_EQUALS', str('US')), rule(preset('DEVICE_TYPE'), 'STRING_EQUALS', str('DESKTOP'))),
    'country = "US" and device_type = "DESKTOP"',
  ],
  // precedence and grouping
  [
    'country = "CA" or device_type = "MOBILE" and plan = "pro"',
    any(CA, all(MOBILE, rule(custom(PLAN), 'STRING_EQUALS', str('pro')))),
    'country = "CA" or (device_type = "MOBILE" and plan = "pro")',
  ],
  ['(country = "CA" or device_type = "MOBILE") and plan = "pro"', all(any(CA, MOBILE), rule(custom(PLAN), 'STRING_EQUALS', str('pro')))],
  ['(country = "CA" and device_type = "MOBILE") and plan = "pro"', all(all(CA, MOBILE), rule(custom(PLAN), 'STRING_EQUALS', str('pro')))],
  ['((country = "CA"))', all(CA), 'country = "CA"'],
  [
    'country = "CA"\n  and (device_type = "MOBILE"\n       or loyalty_points >= 500)',
    all(CA, any(MOBILE, atLeast(custom(POINTS), 500))),
    'country = "CA" and (device_type = "MOBILE" or loyalty_points >= 500)',
  ],
  // not over conditions and groups (De Morgan): a negated comparison includes visitors without the value
  ['not country = "CA"', unsetOrNot(preset('COUNTRY'), 'STRING_EQUALS', str('CA')), 'not (country = "CA")'],
  ['not (region = "US-CA")', unsetOrNot(preset('REGION'), 'STRING_EQUALS', str('US-CA'))],
  ['not not country = "CA"', all(CA), 'country = "CA"'],
  ['not (plan contains "f")', unsetOrNot(custom(PLAN), 'CONTAINS_SUBSTRING', str('f'))],
  ['not (loyalty_points > 5)', unsetOrNot(custom(POINTS), 'NUMBER_GREATER_THAN', num(5))],
  ['not (loyalty_points < 5)', unsetOrNot(custom(POINTS), 'NUMBER_LESS_THAN', num(5))],
  ['not (loyalty_points >= 5)', any(isNotSet(custom(POINTS)), rule(custom(POINTS), 'NUMBER_LESS_THAN', num(5))), 'loyalty_points is not set or loyalty_points < 5'],
  ['not (loyalty_points <= 5)', any(isNotSet(custom(POINTS)), rule(custom(POINTS), 'NUMBER_GREATER_THAN', num(5))), 'loyalty_points is not set or loyalty_points > 5'],
  ['not (plan != "free")', any(isNotSet(custom(PLAN)), rule(custom(PLAN), 'STRING_EQUALS', str('free'))), 'plan is not set or plan = "free"'],
  ['not (plan not contains "f")', any(isNotSet(custom(PLAN)), rule(custom(PLAN), 'CONTAINS_SUBSTRING', str('f'))), 'plan is not set or plan contains "f"'],
  ['not (is_subscriber is true)', unsetOrNot(custom(SUBSCRIBER), 'IS_TRUE', undefined)],
  ['not is_subscriber is not false', any(isNotSet(custom(SUBSCRIBER)), rule(custom(SUBSCRIBER), 'IS_FALSE')), 'is_subscriber is not set or is_subscriber is false'],
  [
    'not (country = "CA" and device_type = "MOBILE")',
    any(unsetOrNot(preset('COUNTRY'), 'STRING_EQUALS', str('CA')), unsetOrNot(preset('DEVICE_TYPE'), 'STRING_EQUALS', str('MOBILE'))),
    'not (country = "CA") or not (device_type = "MOBILE")',
  ],
  [
    'not (loyalty_points > 5 or plan is set)',
    all(unsetOrNot(custom(POINTS), 'NUMBER_GREATER_THAN', num(5)), isNotSet(custom(PLAN))),
    'not (loyalty_points > 5) and plan is not set',
  ],
  ['not (plan in ("free", "plus"))', unsetOrNot(custom(PLAN), 'STRING_EQUALS', str('free'), str('plus'))],
  [
    'not (plan not in ("free", "plus"))',
    any(isNotSet(custom(PLAN)), any(rule(custom(PLAN), 'STRING_EQUALS', str('free')), rule(custom(PLAN), 'STRING_EQUALS', str('plus')))),
    'plan is not set or plan in ("free", "plus")',
  ],
  [
    'not (country = "CA" and (plan = "pro" or loyalty_points < 3))',
    any(
      unsetOrNot(preset('COUNTRY'), 'STRING_EQUALS', str('CA')),
      all(unsetOrNot(custom(PLAN), 'STRING_EQUALS', str('pro')), unsetOrNot(custom(POINTS), 'NUMBER_LESS_THAN', num(3))),
    ),
    'not (country = "CA") or (not (plan = "pro") and not (loyalty_points < 3))',
  ],
  ['not is_subscriber is true', unsetOrNot(custom(SUBSCRIBER), 'IS_TRUE', undefined), 'not (is_subscriber is true)'],
  // raw keeps what the language cannot say, and not flips it
  [`country = "CA" and raw ${JSON.stringify(LYTICS)}`, all(CA, LYTICS)],
  [`not raw ${JSON.stringify(LYTICS)}`, all({ ...LYTICS, invertCondition: true }), `raw ${JSON.stringify({ ...LYTICS, invertCondition: true })}`],
];

describe('the rule language: a table of texts and what they compile to', () => {
  it.each(CASES)('%s', (text, definition, canonicalText) => {
    const compiled = compile(text, attributes);
    expect(compiled.definition).toEqual(definition);
    const rendered = render(compiled.definition, attributes);
    expect(rendered.text).toBe(canonicalText ?? text);
    // The canonical text compiles to the same definition.
    expect(compile(rendered.text, attributes).definition).toEqual(definition);
  });

  it('covers every operator and every preset', () => {
    const texts = CASES.map(([t]) => t.toLowerCase()).join('\n');
    for (const op of [
      ' = ',
      ' != ',
      ' contains ',
      ' not contains ',
      ' > ',
      ' < ',
      ' >= ',
      ' <= ',
      ' in (',
      ' not in (',
      ' is set',
      ' is not set',
      ' is true',
      ' is false',
      ' is not true',
      ' is not false',
      'not (',
      ' and ',
      ' or ',
    ]) {
      expect(texts, op).toContain(op);
    }
    for (const p of ['country', 'region', 'city', 'device_type', 'operating_system', 'referrer', 'query_parameters']) expect(texts, p).toContain(p);
  });
});

/** [text, line, column, words the message must contain] */
const ERRORS: Array<[string, number, number, string[]]> = [
  ['', 1, 1, ['expected a condition']],
  ['country = and', 1, 11, ['expected a value', '"and"']],
  ['country "CA"', 1, 9, ['expected an operator after country', '!=', 'between']],
  ['(country = "CA"', 1, 16, ['expected ")"', 'end of the rules']],
  ['country = "CA")', 1, 15, ['expected "and", "or" or the end', '")"']],
  ['country = "CA" plan = "pro"', 1, 16, ['expected "and", "or"', '"plan"']],
  ['loyalty_point > 5', 1, 1, ['unknown attribute "loyalty_point"', 'closest known: loyalty_points']],
  ['device_type = "watch"', 1, 15, ['unknown device type "watch"', 'MOBILE, TABLET, DESKTOP']],
  ['country = "Canda"', 1, 11, ['unknown country "Canda"', 'Canada (CA)']],
  ['loyalty_points > "many"', 1, 18, ['expected a number after >']],
  ['plan in ()', 1, 10, ['expected a value']],
  ['plan in ("a" "b")', 1, 14, ['expected "," or ")"']],
  ['plan not like "x"', 1, 10, ['expected "contains" or "in" after "not"']],
  ['plan is maybe', 1, 9, ['expected "set", "true" or "false"']],
  ['country = "CA', 1, 11, ['unterminated string']],
  ['date_and_time between "09:00" "17:00"', 1, 31, ['expected "and" between the two bounds']],
  ['country > 5', 1, 1, ['country holds text', 'expected =']],
  ['is_subscriber = true', 1, 17, ['write "is true"']],
  ['raw {"__type": }', 1, 5, ['expected valid JSON after raw']],
  ['plan = "a" & plan = "b"', 1, 12, ['unexpected character "&"']],
  ['plan before "2025-01-01"', 1, 1, ['applies to date_and_time only']],
  ['country = "CA" and\n  plan = ', 2, 10, ['expected a value', 'end of the rules']],
  ['"Loyalty pts" > 5', 1, 1, ['unknown attribute "Loyalty pts"', '"Loyalty points"']],
  ['region = "Californa"', 1, 10, ['unknown region "Californa"', 'ISO 3166-2 code such as "US-CA"', 'closest: California (US-CA)']],
  ['region = "Distrito Federal"', 1, 10, ['ambiguous region "Distrito Federal"', 'Distrito Federal (BR-DF)', '(MX-CMX)']],
  ['region = "XX-CA"', 1, 10, ['unknown region "XX-CA"']],
  ['city = "Springfield"', 1, 8, ['ambiguous city "Springfield"', 'springfield,IL,US', 'springfield,MA,US']],
  ['city = "Gotham"', 1, 8, ['unknown city "Gotham"', '"<city>,<region code>,<country code>" such as "chicago,IL,US"']],
  ['city = "Chicago, TX"', 1, 8, ['unknown city "Chicago, TX"']],
];

describe('malformed rules: where, and what was expected', () => {
  it.each(ERRORS)('%j', (text, line, column, words) => {
    let error: unknown;
    try {
      compile(text, attributes);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RuleError);
    const message = (error as Error).message;
    expect(message).toContain(`Line ${line}, column ${column}:`);
    for (const w of words) expect(message).toContain(w);
    // The excerpt shows the line and a caret under the column.
    const [, excerpt, caret] = message.split('\n');
    const source = text.split('\n')[line - 1]!;
    expect(source).toContain(excerpt!.trim().replace(/^…|…$/g, ''));
    expect(excerpt![caret!.indexOf('^')] ?? '').toBe(source[column - 1] ?? '');
  });
});

const NOT_ESTABLISHED = 'write the rule as raw {"__type":"Rule",…} copied from an audience built in the Personalize UI';

/** [text, words the refusal must contain]: no guessed shape goes on the wire (docs/api.md §15.3, §17). */
const REFUSED: Array<[string, string[]]> = [
  ['date_and_time before "2025-12-01"', ['date_and_time rules:', 'BEFORE_TIME/AFTER_TIME/BETWEEN_TIME is not established']],
  ['date_and_time after "09:00"', ['date_and_time rules:']],
  ['date_and_time between "09:00" and "17:30"', ['date_and_time rules:']],
  ['country = "CA" and not date_and_time before "2025-01-01"', ['date_and_time rules:']],
  ['date_and_time is set', ['date_and_time rules:']],
  ['query_parameters contains "utm_source=mail"', ['query_parameters rules:', 'JSON_MATCH is not established']],
  ['query_parameters = "utm_source=mail"', ['query_parameters rules:']],
  ['operating_system = "iOS"', ['operating_system rules:', 'wire values of OPERATING_SYSTEM', 'will not guess them']],
  ['operating_system not in ("IOS", "ANDROID")', ['operating_system rules:']],
  ['not (operating_system != "MACOS")', ['operating_system rules:']],
];

describe('conditions whose wire shape is not established are refused, pointing at raw', () => {
  it.each(REFUSED)('%s', (text, words) => {
    let error: unknown;
    try {
      compile(text, attributes);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RuleError);
    const message = (error as Error).message;
    for (const w of [...words, NOT_ESTABLISHED]) expect(message).toContain(w);
    // one sentence after the position
    expect(
      message
        .split('\n')[0]!
        .replace(/^Line \d+, column \d+: /, '')
        .split('; '),
    ).toHaveLength(2);
  });

  it('such rules read from the API render as raw and compile back unchanged', () => {
    const time = rule(preset('DATE_AND_TIME'), 'BETWEEN_TIME', { __type: 'DateTimeRangeMatchOptions', start: '09:00', end: '17:00' });
    const query = rule(preset('QUERY_PARAMETERS'), 'JSON_MATCH', { __type: 'JsonMatchOptions', value: { utm_campaign: 'spring' } });
    const os = rule(preset('OPERATING_SYSTEM'), 'STRING_EQUALS', str('iOS'));
    const d = any(time, query, os);
    const { text } = render(d, attributes);
    expect(text).toBe([time, query, os].map((r) => `raw ${JSON.stringify(r)}`).join(' or '));
    expect(compile(text, attributes).definition).toEqual(d);
  });
});

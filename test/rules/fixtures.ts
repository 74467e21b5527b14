import { Attributes } from '../../src/rules/index.js';

/** A project's attributes as GET /attributes lists them: presets first, then custom ones. */
export const POINTS = '665f0c1e2a9f051bc9dd9e69';
export const PLAN = '665f0c1e2a9f051bc9dd9e6a';
export const SUBSCRIBER = '665f0c1e2a9f051bc9dd9e6b';
export const HOME_COUNTRY = '665f0c1e2a9f051bc9dd9e6c';
export const TWO_FA = '665f0c1e2a9f051bc9dd9e6d';

export const ATTRIBUTE_LIST = [
  { uid: '665f0c1e2a9f051bc9dd0001', key: 'COUNTRY', name: 'Country', __type: 'PRESET' },
  { uid: POINTS, key: 'loyalty_points', name: 'Loyalty points', __type: 'CUSTOM' },
  { uid: PLAN, key: 'plan', name: 'Plan', __type: 'CUSTOM' },
  { uid: SUBSCRIBER, key: 'is_subscriber', name: 'Newsletter subscriber', __type: 'CUSTOM' },
  // A key that is also a preset name, and one that cannot be written bare: both must still round-trip.
  { uid: HOME_COUNTRY, key: 'country', name: 'Home country', __type: 'CUSTOM' },
  { uid: TWO_FA, key: '2fa_enabled', name: '2FA', __type: 'CUSTOM' },
];

export const attributes = new Attributes(ATTRIBUTE_LIST);

export const preset = (ref: string) => ({ __type: 'PresetAttributeReference', ref });
export const custom = (ref: string) => ({ __type: 'CustomAttributeReference', ref });
export const str = (value: string) => ({ __type: 'StringMatchOptions', value });
export const num = (value: number) => ({ __type: 'NumberMatchOptions', value });
export const rule = (attribute: object, condition: string, options?: object, invert = false) => ({
  __type: 'Rule',
  attribute,
  attributeMatchCondition: condition,
  ...(options ? { attributeMatchOptions: options } : {}),
  invertCondition: invert,
});
export const all = (...rules: object[]) => ({ __type: 'RuleCombination', combinationType: 'AND', rules });
export const any = (...rules: object[]) => ({ __type: 'RuleCombination', combinationType: 'OR', rules });

/** The compiled forms of rules/patterns.ts, spelled out independently for the tests. */
export const isSet = (attribute: object) => rule(attribute, 'HAS_ANY_VALUE');
export const isNotSet = (attribute: object) => rule(attribute, 'HAS_ANY_VALUE', undefined, true);
/** x != v and kin: AND(x is set, NOT …). */
export const setAndNot = (attribute: object, condition: string, ...options: Array<object | undefined>) =>
  all(isSet(attribute), ...options.map((o) => rule(attribute, condition, o, true)));
/** not (x = v) and kin: OR(x is not set, NOT …). */
export const unsetOrNot = (attribute: object, condition: string, ...options: Array<object | undefined>) =>
  any(isNotSet(attribute), options.length === 1 ? rule(attribute, condition, options[0], true) : all(...options.map((o) => rule(attribute, condition, o, true))));
export const atLeast = (attribute: object, n: number) => any(rule(attribute, 'NUMBER_GREATER_THAN', num(n)), rule(attribute, 'NUMBER_EQUAL_TO', num(n)));
export const atMost = (attribute: object, n: number) => any(rule(attribute, 'NUMBER_LESS_THAN', num(n)), rule(attribute, 'NUMBER_EQUAL_TO', num(n)));

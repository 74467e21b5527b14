/** The language in a few lines, for the edit_audience prompt and tool descriptions. */
export const GRAMMAR = [
  'Conditions joined by and / or (and binds tighter), grouped with ( ), negated with not. A condition is <attribute> <operator> [value]:',
  '=, !=, contains, not contains (text); >, <, >=, <= (numbers); in ("a", "b"), not in (…); is set, is not set, is true, is false, is not true, is not false.',
  'A comparison never matches a visitor without the attribute (x != "a" means x is set and is not "a"); not (…) includes them: not (x = "a").',
  'Attributes: presets country (ISO code or English name), region (ISO 3166-2 such as "US-CA", or a name such as "California"),',
  'city ("chicago,IL,US", or "Chicago" / "Springfield, IL"), device_type (MOBILE, TABLET, DESKTOP), referrer; custom attributes by key, or by "quoted name".',
  'Not established, so refused: date_and_time (before/after/between), query_parameters values, operating_system values (is set works); use raw.',
  'raw {…JSON…} keeps a rule the language cannot express; copy it unchanged. Text values in "double quotes".',
  'Example: country = "CA" and (device_type in ("MOBILE", "TABLET") or loyalty_points >= 500)',
].join('\n');

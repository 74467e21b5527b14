/** The language in a few lines, for the edit_audience prompt and tool descriptions. */
export const GRAMMAR = [
  'Conditions joined by and / or (and binds tighter), grouped with ( ), negated with not. A condition is <attribute> <operator> [value]:',
  '=, !=, contains, not contains (text); >, <, >=, <= (numbers); in ("a", "b"), not in (…); is set, is not set, is true, is false;',
  'date_and_time before "2025-12-01" / after "09:00" / between "09:00" and "17:00".',
  'Attributes: presets country (ISO code or English name), region, city, device_type (MOBILE, TABLET, DESKTOP), operating_system,',
  'referrer, query_parameters, date_and_time; custom attributes by key, or by "quoted name". Text values in "double quotes".',
  'raw {…JSON…} keeps a rule the language cannot express; copy it unchanged.',
  'Example: country = "CA" and (device_type in ("MOBILE", "TABLET") or loyalty_points >= 500)',
].join('\n');

import fc from 'fast-check';

/** The parts of JSON Schema that tools/list uses (zod 4's output), read loosely. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: Schema | boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/**
 * One fuzz call: its arguments, and whether they are invalid by construction — then the server must
 * refuse them with isError before anything reaches Personalize.
 */
export interface FuzzCall {
  tool: string;
  args: Record<string, unknown>;
  /** Why these arguments must be refused, or undefined for arguments that may be valid. */
  invalid?: string;
}

/** Uids the sandbox holds, so that some calls reach real items. */
export interface Known {
  uids: string[];
}

const MB = 'x'.repeat(1_048_576);

const hostileText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', 'a\u0000b', '\r\n', '\u202e\u2066', '💥🧨', '%00', '${process.exit()}', '"};--', '<script>', 'DROP TABLE'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Values a uid field must refuse: they would travel in a URL path. */
const uidTricks = fc.constantFrom('../../projects', '..', 'a/b', '%2e%2e', 'abc?x=1', 'abc#x', ' ', 'a b', 'x'.repeat(65), '\u0000', '__proto__/x');

function deepObject(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** Management uids travel in URL paths and are checked; a visitor uid (userUid) is any printable text. */
const isPathUid = (name: string) => /Uid$/.test(name) && !/userUid$/i.test(name);

const isFreeObject = (s: Schema) => s.type === 'object' && !s.properties;

/** Arguments that fit the schema's shape, with hostile values wherever the schema allows any. */
function valid(s: Schema, name: string, known: Known, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => valid(b, name, known, depth)));
  switch (s.type) {
    case 'string':
      if (/Uid$/.test(name) && known.uids.length) return fc.oneof(fc.constantFrom(...known.uids), fc.stringMatching(/^[0-9a-f]{24}$/));
      return fc
        .oneof({ weight: 8, arbitrary: hostileText }, { weight: 1, arbitrary: fc.constant(MB) })
        .map((t) => (s.minLength && t.length < s.minLength ? t.padEnd(s.minLength, 'a') : t));
    case 'number':
    case 'integer': {
      const min = s.minimum ?? -1e9;
      const max = s.maximum ?? 1e9;
      return fc.oneof(
        fc.constantFrom(min, max, 0, Math.floor((min + max) / 2)).filter((n) => n >= min && n <= max),
        fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) }),
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth > 3 || !s.items) return fc.constant([]);
      return fc.array(valid(s.items, name, known, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object':
      if (isFreeObject(s)) return hostileJson.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : { value: v }));
      return objectOf(s, known, depth);
    default:
      return hostileJson;
  }
}

function objectOf(s: Schema, known: Known, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of props) record[k] = valid(v, k, known, depth + 1);
  return fc.record(record, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value of the wrong JSON type for a property with one plain type. */
function wrongType(s: Schema): fc.Arbitrary<unknown> | undefined {
  if (s.anyOf || s.oneOf || s.enum || s.const !== undefined || !s.type) return undefined;
  const others: Record<string, unknown[]> = {
    string: [42, true, null, ['x'], { a: 1 }],
    number: ['42', true, null, [1], { n: 1 }],
    integer: ['1', 1.5, true, null, [1]],
    boolean: ['true', 1, null, []],
    array: ['[]', 1, { length: 1 }, null],
    object: ['{}', 1, [{}], null],
  };
  return others[s.type] ? fc.constantFrom(...others[s.type]!) : undefined;
}

/** Calls to one tool: plausible ones, and ones invalid by construction (missing, mistyped, uid tricks, too deep). */
export function callsFor(tool: { name: string; inputSchema: Schema }, known: Known): fc.Arbitrary<FuzzCall> {
  const schema = tool.inputSchema;
  const base = objectOf(schema, known, 0);
  const props = Object.entries(schema.properties ?? {});
  // Plausible calls weigh as much as all the refused kinds together, so the fuzz reaches past validation too.
  const kinds: Array<fc.Arbitrary<FuzzCall>> = [];
  const plausible: Array<fc.Arbitrary<FuzzCall>> = [
    base.map((args) => ({ tool: tool.name, args })),
    // Extra keys are dropped by the schema, so they are plausible, not refused.
    fc
      .tuple(base, fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'extra', 'projectuid', '$ref'), hostileJson, { minKeys: 1, maxKeys: 3 }))
      .map(([args, extra]) => ({ tool: tool.name, args: { ...args, ...extra } })),
  ];
  for (const name of schema.required ?? []) {
    kinds.push(
      base.map((args) => {
        const { [name]: _gone, ...rest } = args;
        return { tool: tool.name, args: rest, invalid: `missing ${name}` };
      }),
    );
  }
  for (const [name, s] of props) {
    const wrong = wrongType(s);
    if (wrong) kinds.push(fc.tuple(base, wrong).map(([args, v]) => ({ tool: tool.name, args: { ...args, [name]: v }, invalid: `${name} of the wrong type` })));
    if (s.type === 'string' && isPathUid(name))
      kinds.push(fc.tuple(base, uidTricks).map(([args, v]) => ({ tool: tool.name, args: { ...args, [name]: v }, invalid: `${name} is not a uid` })));
    if (isFreeObject(s) || (s.anyOf ?? []).some(isFreeObject)) {
      kinds.push(
        fc
          .tuple(base, fc.integer({ min: 40, max: 1_000 }))
          .map(([args, d]) => ({ tool: tool.name, args: { ...args, [name]: deepObject(d) }, invalid: `${name} nested ${d} deep` })),
      );
    }
  }
  return fc.oneof(...plausible.map((arbitrary) => ({ weight: Math.max(1, Math.ceil(kinds.length / plausible.length)), arbitrary })), ...kinds);
}

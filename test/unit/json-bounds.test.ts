import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeExcess, jsonDepth, jsonExcess, measureJson } from '../../src/bounds/json.js';
import { INPUT_LIMITS } from '../../src/bounds/limits.js';

/** {"a":{"a":…}} n objects deep, built without recursion. */
function nested(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

describe('the JSON size checker', () => {
  it('counts bytes exactly as JSON.stringify writes them, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(measureJson(v).bytes).toBe(Buffer.byteLength(JSON.stringify(v)));
      }),
      { numRuns: 500 },
    );
  });

  it('counts what JSON.stringify writes: undefined keys left out, undefined items as null, escapes and UTF-8', () => {
    const v = { a: undefined, b: [undefined, 'é"\n', -0.5, true], c: null, 'k"': {} };
    expect(measureJson(v).bytes).toBe(Buffer.byteLength(JSON.stringify(v)));
  });

  it('measures depth, the widest object or list and the entries in all', () => {
    expect(measureJson('x')).toMatchObject({ depth: 0, widest: 0, entries: 0 });
    expect(measureJson({})).toMatchObject({ depth: 1, widest: 0, entries: 0 });
    expect(measureJson({ a: [1, 2, { b: 3 }], c: 4 })).toMatchObject({ depth: 3, widest: 3, entries: 6 });
    expect(jsonDepth({ a: [1, 2, { b: 3 }], c: 4 })).toBe(3);
  });

  it('walks a million levels without touching the stack', () => {
    const deep = nested(1_000_000);
    expect(measureJson(deep).depth).toBe(1_000_000);
    expect(jsonDepth(deep)).toBe(1_000_000);
  });

  it('names the first limit exceeded: depth, then one object, then all entries, then bytes', () => {
    expect(jsonExcess(nested(32), INPUT_LIMITS)).toBeUndefined();
    expect(jsonExcess(nested(40), INPUT_LIMITS)).toEqual({ limit: 'depth', found: 40, max: 32 });
    const wide = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
    expect(jsonExcess(wide, INPUT_LIMITS)).toEqual({ limit: 'keysPerObject', found: 1001, max: 1000 });
    const many = Array.from({ length: 30 }, () => Array.from({ length: 900 }, () => 0));
    expect(jsonExcess(many, INPUT_LIMITS)).toMatchObject({ limit: 'keysTotal', found: 30 + 30 * 900 });
    expect(jsonExcess('x'.repeat(600 * 1024), INPUT_LIMITS)).toMatchObject({ limit: 'bytes', max: 512 * 1024 });
  });

  it('says which field and which limit in one sentence', () => {
    expect(describeExcess('targeting', { limit: 'depth', found: 40, max: 32 })).toBe('targeting: nested 40 deep; at most 32 levels are accepted.');
    expect(describeExcess('definition', { limit: 'bytes', found: 700 * 1024, max: 512 * 1024 })).toBe('definition: 700 KB as JSON; at most 512 KB are accepted.');
    expect(describeExcess('attributes', { limit: 'keysPerObject', found: 1001, max: 1000 })).toMatch(/^attributes: 1001 keys .* at most 1000 are accepted\.$/);
  });
});

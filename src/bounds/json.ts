/**
 * Sizes of JSON values measured without recursion, so that no input, however deep, can drive the
 * measurement past the stack (JSON.stringify itself overflows a few thousand levels down).
 */

export interface JsonSize {
  /** Objects and arrays nested inside one another; a scalar is 0, `{}` is 1. */
  depth: number;
  /** The most keys of one object, or items of one array. */
  widest: number;
  /** Keys and items in all. */
  entries: number;
  /** UTF-8 bytes of JSON.stringify(value). */
  bytes: number;
}

export interface JsonLimits {
  depth: number;
  keysPerObject: number;
  keysTotal: number;
  bytes: number;
}

export type Excess = { limit: keyof JsonLimits; found: number; max: number };

/** A JSON object: not null, not an array. The one such check of the codebase. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/** Bytes of a value JSON.stringify writes without descending (a scalar); undefined where it writes nothing. */
function scalarBytes(v: unknown): number | undefined {
  if (typeof v === 'string') return Buffer.byteLength(JSON.stringify(v));
  if (typeof v === 'number') return Number.isFinite(v) ? String(v).length : 4;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (typeof v === 'bigint') return String(v).length;
  if (v === null) return 4;
  return undefined;
}

export function measureJson(value: unknown): JsonSize {
  const size: JsonSize = { depth: 0, widest: 0, entries: 0, bytes: 0 };
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (!isContainer(v)) {
      size.bytes += scalarBytes(v) ?? 0;
      continue;
    }
    const here = depth + 1;
    if (here > size.depth) size.depth = here;
    if (Array.isArray(v)) {
      size.widest = Math.max(size.widest, v.length);
      size.entries += v.length;
      size.bytes += 2 + Math.max(0, v.length - 1);
      for (const item of v) {
        // JSON.stringify writes null for what it cannot write in an array.
        if (isContainer(item)) stack.push({ v: item, depth: here });
        else size.bytes += scalarBytes(item) ?? 4;
      }
      continue;
    }
    let written = 0;
    let keys = 0;
    for (const key of Object.keys(v)) {
      keys++;
      const item = v[key];
      const scalar = scalarBytes(item);
      if (isContainer(item)) stack.push({ v: item, depth: here });
      else if (scalar === undefined) continue;
      else size.bytes += scalar;
      size.bytes += Buffer.byteLength(JSON.stringify(key)) + 1;
      written++;
    }
    size.widest = Math.max(size.widest, keys);
    size.entries += keys;
    size.bytes += 2 + Math.max(0, written - 1);
  }
  return size;
}

/** The first limit the value exceeds, in the order depth, one object's keys, all keys, bytes. */
export function jsonExcess(value: unknown, limits: JsonLimits): Excess | undefined {
  const size = measureJson(value);
  const found: JsonLimits = { depth: size.depth, keysPerObject: size.widest, keysTotal: size.entries, bytes: size.bytes };
  for (const limit of ['depth', 'keysPerObject', 'keysTotal', 'bytes'] as const) {
    if (found[limit] > limits[limit]) return { limit, found: found[limit], max: limits[limit] };
  }
  return undefined;
}

export const kib = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** One sentence naming the field and the limit, e.g. "targeting: nested 40 deep; at most 32 levels are accepted." */
export function describeExcess(field: string, e: Excess): string {
  switch (e.limit) {
    case 'depth':
      return `${field}: nested ${e.found} deep; at most ${e.max} levels are accepted.`;
    case 'keysPerObject':
      return `${field}: ${e.found} keys or items in one object or list; at most ${e.max} are accepted.`;
    case 'keysTotal':
      return `${field}: ${e.found} keys and items in all; at most ${e.max} are accepted.`;
    case 'bytes':
      return `${field}: ${kib(e.found)} as JSON; at most ${kib(e.max)} are accepted.`;
  }
}

/** Nesting depth alone, for answers read from upstream (cheaper than a full measure). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (!isContainer(v)) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    for (const item of Array.isArray(v) ? v : Object.values(v)) if (isContainer(item)) stack.push({ v: item, depth: here });
  }
  return deepest;
}

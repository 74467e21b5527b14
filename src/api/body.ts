import type { Dispatcher } from 'undici';
import { jsonDepth } from '../bounds/json.js';
import { MAX_UPSTREAM_BODY_BYTES, MAX_UPSTREAM_DEPTH } from '../bounds/limits.js';

export interface CappedBody {
  text: string;
  /** The answer was longer than the cap: nothing of it was kept, and the connection was closed. */
  oversize: boolean;
}

/**
 * An upstream answer's body, read no further than `cap` bytes: a longer one (by its content-length, or
 * counted as it streams) is dropped at once instead of being held whole in memory.
 */
export async function readCapped(res: Dispatcher.ResponseData, cap = MAX_UPSTREAM_BODY_BYTES): Promise<CappedBody> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    res.body.destroy();
    return { text: '', oversize: true };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > cap) {
      res.body.destroy();
      return { text: '', oversize: true };
    }
    chunks.push(chunk as Buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), oversize: false };
}

export type ParsedBody = { json: unknown } | { malformed: true } | { tooDeep: number };

/** JSON.parse (iterative in V8), then a depth check, so the recursive rule functions only see bounded data. */
export function parseUpstream(text: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { malformed: true };
  }
  const depth = jsonDepth(json);
  return depth > MAX_UPSTREAM_DEPTH ? { tooDeep: depth } : { json };
}

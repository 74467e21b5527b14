import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { kib } from '../bounds/json.js';

const JSON_TYPE = 'application/json';

const text = (body: unknown) => JSON.stringify(body, null, 2);
const bytes = (s: string) => Buffer.byteLength(s);

/**
 * A resource's JSON, held under the cap one tool result may hold (PERSONALIZE_MAX_RESULT_BYTES), as tool
 * results are (src/tools/result-cap.ts). A listing (one top-level array) keeps the rows that fit, first
 * first, and says how many it shows and which tool pages through the rest; anything else over the cap is
 * refused with the tool that reads it in parts. Never half a JSON value.
 */
export function cappedJson(uri: URL, body: Record<string, unknown>, cap: number, instead: string): ReadResourceResult {
  const whole = text(body);
  const size = bytes(whole);
  const answer = (t: string): ReadResourceResult => ({ contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: t }] });
  if (size <= cap) return answer(whole);
  const limit = `${kib(cap)} one result may hold (PERSONALIZE_MAX_RESULT_BYTES)`;
  const lists = Object.entries(body).filter(([, v]) => Array.isArray(v));
  if (lists.length === 1) {
    const [key, rows] = lists[0] as [string, unknown[]];
    const cut = (n: number) =>
      text({
        ...body,
        [key]: rows.slice(0, n),
        cut: `Showing the first ${n} of ${rows.length} ${key}: the whole resource is ${kib(size)}, over the ${limit}. ${instead} pages through them all.`,
      });
    // The largest n that fits: the size grows with n, so a binary search finds it.
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (bytes(cut(mid)) <= cap) lo = mid;
      else hi = mid - 1;
    }
    if (bytes(cut(lo)) <= cap) return answer(cut(lo));
  }
  throw new McpError(
    ErrorCode.InvalidRequest,
    `${uri.href} is ${kib(size)}, over the ${limit}, so it is not shown. Read it with ${instead}, or raise PERSONALIZE_MAX_RESULT_BYTES.`,
  );
}

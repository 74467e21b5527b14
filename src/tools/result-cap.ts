import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isObject, kib } from '../bounds/json.js';
import type { ToolDef } from './define.js';
import { fail } from './results.js';

/** Bytes of a result as the cap counts them: the structured content and every content block. */
export function resultBytes(r: CallToolResult): number {
  let n = r.structuredContent ? Buffer.byteLength(JSON.stringify(r.structuredContent)) : 0;
  for (const c of r.content) n += Buffer.byteLength(c.type === 'text' ? c.text : JSON.stringify(c));
  return n;
}

const isEntity = (v: unknown): v is Record<string, unknown> & { uid: string } => isObject(v) && typeof v.uid === 'string';

/** Text cut to `max` UTF-8 bytes at a character boundary. */
function cutText(text: string, max: number): string {
  const cut = Buffer.from(text).subarray(0, Math.max(0, max)).toString('utf8');
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
}

/**
 * No result over the cap (PERSONALIZE_MAX_RESULT_BYTES). List tools page under it on their own
 * (src/tools/paging.ts); for anything else: an error message is cut with a note; a result whose top-level
 * entities (objects with a uid) can stand as uid and name is cut to that, with a note in each and in the
 * text; otherwise the result is refused with a sentence saying how to get less. Never half a JSON value.
 */
export function capResult(r: CallToolResult, cap: number, def: ToolDef): CallToolResult {
  const bytes = resultBytes(r);
  if (bytes <= cap) return r;
  const limit = `${kib(cap)} one result may hold (PERSONALIZE_MAX_RESULT_BYTES)`;
  if (r.isError) {
    const first = r.content[0];
    const message = first?.type === 'text' ? first.text : '';
    const note = ` … [cut: the message is ${kib(bytes)}, over the ${limit}]`;
    return fail(cutText(message, cap - Buffer.byteLength(note) - 64) + note);
  }
  const structured = r.structuredContent;
  if (structured && Object.values(structured).some(isEntity)) {
    const cut = `Only the uid and name are shown: the whole answer is ${kib(bytes)}, over the ${limit}.`;
    const slim = Object.fromEntries(
      Object.entries(structured).map(([k, v]) => [k, isEntity(v) ? { uid: v.uid, ...(typeof v.name === 'string' && v.name.length <= 200 ? { name: v.name } : {}), cut } : v]),
    );
    const slimmed: CallToolResult = { content: [{ type: 'text', text: `${cut}\n${JSON.stringify(slim)}` }], structuredContent: slim };
    if (resultBytes(slimmed) <= cap) return slimmed;
  }
  const done = def.hints.readOnlyHint ? '' : ' The call itself was carried out: read what it changed with the get_ or list_ tools.';
  return fail(
    `The answer of ${def.name} is ${kib(bytes)}, over the ${limit}, so it is not shown.${done} Ask for less (list tools take limit and cursor; analytics a versionUid) or raise PERSONALIZE_MAX_RESULT_BYTES.`,
  );
}

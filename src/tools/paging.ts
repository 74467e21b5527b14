import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ToolInputError } from '../api/errors.js';
import { isObject, kib } from '../bounds/json.js';
import { PAGE_DEFAULT, PAGE_MAX } from '../bounds/limits.js';
import type { SessionContext } from '../context.js';
import { rowLine } from './rows.js';

/**
 * Inputs every list_* tool takes (README "Tools"). Undescribed, since tools/list repeats them for each list:
 * the server's instructions (src/server.ts) say once what they do.
 */
export const pageInput = {
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  // A refinement, not max(): it stays out of tools/list.
  cursor: z
    .string()
    .refine((s) => s.length <= 200, 'a cursor is at most 200 characters')
    .optional(),
};

export const pageOutput = { total: z.number(), nextCursor: z.string().optional() };

export interface PageArgs {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor?: string;
}

/**
 * Room for the summary line, total, nextCursor and notes. The rest of the cap is halved: the text
 * content (a line per row, or the JSON for tools without a summary: src/tools/results.ts) is at most
 * as long as the items' JSON, and the cap counts both.
 */
const RESERVE_BYTES = 2048;

/** The query a cursor belongs to: the tool and everything that decides the list (project, filters). */
const queryHash = (tool: string, query: ReadonlyArray<string | undefined>) =>
  createHash('sha256')
    .update(JSON.stringify([tool, ...query]))
    .digest('base64url')
    .slice(0, 12);

/** Opaque to the caller: the offset of the next item and the hash of the query it continues. */
export function encodeCursor(offset: number, tool: string, query: ReadonlyArray<string | undefined>): string {
  return Buffer.from(`${offset}.${queryHash(tool, query)}`).toString('base64url');
}

export function decodeCursor(cursor: string, tool: string, query: ReadonlyArray<string | undefined>): number {
  const m = /^(\d{1,9})\.([A-Za-z0-9_-]{12})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!m)
    throw new ToolInputError(
      `cursor: not a cursor this server gave; pass the nextCursor of the previous ${tool} answer unchanged, or leave cursor out to start from the beginning.`,
    );
  if (m[2] !== queryHash(tool, query)) {
    throw new ToolInputError(`cursor: it continues another list (another tool, project or filter), not this ${tool} call; leave cursor out to start from the beginning.`);
  }
  return Number(m[1]);
}

/** What stands for an item too big for a result of its own: who it is, and why the rest is not shown. */
function stub(item: unknown, bytes: number, cap: number): Record<string, unknown> {
  const o = isObject(item) ? item : {};
  const who = Object.fromEntries(['uid', 'name', 'key'].filter((k) => typeof o[k] === 'string' && (o[k] as string).length <= 200).map((k) => [k, o[k]]));
  return { ...who, cut: `Only its uid and name are shown: the item is ${kib(bytes)} as JSON, more than one result may hold (${kib(cap)}, PERSONALIZE_MAX_RESULT_BYTES).` };
}

/**
 * One page of a list read whole (the API has no paging: docs/api.md §3): from the cursor, at most `limit`
 * items and no more than fit in the result cap, so a list of big items gets shorter pages rather than
 * a result over the cap. An item too big for any page is shown as a stub saying so.
 */
export function pageOf<T>(ctx: SessionContext, tool: string, query: ReadonlyArray<string | undefined>, all: readonly T[], args: PageArgs): Page<T> {
  const cap = ctx.runtime.config.maxResultBytes;
  const offset = args.cursor === undefined ? 0 : decodeCursor(args.cursor, tool, query);
  if (offset > all.length) {
    throw new ToolInputError(`cursor: points past the end of the list, which now has ${all.length} items (it changed since); leave cursor out to start from the beginning.`);
  }
  const limit = args.limit ?? PAGE_DEFAULT;
  const budget = Math.floor((cap - RESERVE_BYTES) / 2);
  const items: T[] = [];
  let used = 2;
  let next = offset;
  for (; next < all.length && items.length < limit; next++) {
    const bytes = Buffer.byteLength(JSON.stringify(all[next]) ?? 'null') + 1;
    if (used + bytes <= budget) {
      items.push(all[next]!);
      used += bytes;
      continue;
    }
    if (items.length) break;
    const small = stub(all[next], bytes, cap);
    items.push(small as T);
    used += Buffer.byteLength(JSON.stringify(small)) + 1;
  }
  return { items, total: all.length, ...(next < all.length ? { nextCursor: encodeCursor(next, tool, query) } : {}) };
}

/** "50 of 230 audiences; more with cursor" */
export function pageSummary(o: { total: number; nextCursor?: string }, shown: number, noun: string): string {
  return `${shown} of ${o.total} ${noun}${o.nextCursor ? '; pass nextCursor as cursor for more' : ''}`;
}

/** The text of a list of rows (src/tools/rows.ts): the page summary, then one line per row. */
export function listText(o: { total: number; nextCursor?: string }, rows: ReadonlyArray<Record<string, unknown>>, noun: string): string {
  return [pageSummary(o, rows.length, noun), ...rows.map(rowLine)].join('\n');
}

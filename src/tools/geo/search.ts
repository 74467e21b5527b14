import { z } from 'zod';
import { atMost, nonEmpty } from '../params.js';
import type { SessionContext } from '../../context.js';
import { pageInput, pageOf, pageOutput, type Page } from '../paging.js';

/** The input every geo list takes. */
export const geoInput = {
  search: z
    .string()
    .refine(...nonEmpty)
    .refine(...atMost(100))
    .optional()
    .describe('Text to match'),
  ...pageInput,
};

export const geoOutput = <N extends string>(noun: N) =>
  ({ [noun]: z.array(z.unknown()), ...pageOutput, note: z.string().optional() }) as { [K in N]: z.ZodArray<z.ZodUnknown> } & typeof pageOutput & {
      note: z.ZodOptional<z.ZodString>;
    };

/**
 * The API's own search parameter is not established (src/api/management/geolocation.ts): the whole list is
 * filtered here, and a search result says so, since the API may answer an unfiltered call with only part of
 * its list.
 */
export function searchPage(
  ctx: SessionContext,
  tool: string,
  noun: string,
  all: unknown[],
  a: { search?: string; limit?: number; cursor?: string },
): Page<unknown> & { note?: string } {
  const needle = a.search?.toLowerCase();
  const matches = needle ? all.filter((x) => JSON.stringify(x).toLowerCase().includes(needle)) : all;
  const note = needle ? `Searched here among the ${all.length} ${noun} the API listed: its own search parameter is not established, so the server sends none.` : undefined;
  return { ...pageOf(ctx, tool, [needle], matches, a), ...(note ? { note } : {}) };
}

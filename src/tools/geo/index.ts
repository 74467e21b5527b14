import { z } from 'zod';
import { defineTool, READ } from '../define.js';
import { asList } from '../lookup.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';

/**
 * The docs say the API searches ("based on the provided search query"), but no public source names the
 * parameter (reference §11, docs/evidence.md), so none is sent: the whole list is read and filtered here,
 * and a search result says so, since the API may answer an unfiltered call with only part of its list.
 */
function geoTool(noun: 'countries' | 'regions' | 'cities', title: string, description: string) {
  return defineTool({
    name: `list_${noun}`,
    toolset: 'geo',
    title,
    description,
    input: {
      search: z.string().min(1).max(100).optional().describe('Keep entries whose fields contain this text (any case)'),
      ...pageInput,
    },
    output: { [noun]: z.array(z.unknown()), ...pageOutput, note: z.string().optional() } as { countries: z.ZodArray<z.ZodUnknown>; note: z.ZodOptional<z.ZodString> } & typeof pageOutput,
    hints: READ,
    async run(a, ctx) {
      const all = asList<unknown>(await ctx.api.get(`/geolocation/${noun}`), noun);
      const needle = a.search?.toLowerCase();
      const matches = needle ? all.filter((x) => JSON.stringify(x).toLowerCase().includes(needle)) : all;
      const note = needle ? `Searched here among the ${all.length} ${noun} the API listed: its own search parameter is not established, so the server sends none.` : undefined;
      const { items, ...page } = pageOf(ctx, `list_${noun}`, [needle], matches, a);
      return { [noun]: items, ...page, ...(note ? { note } : {}) } as { countries: unknown[] } & typeof page;
    },
    summary: (o) => pageSummary(o, (o as unknown as Record<string, unknown[]>)[noun]!.length, noun),
  });
}

export const geoTools = [
  geoTool('countries', 'List countries', 'Country names and codes for COUNTRY audience rules.'),
  geoTool('regions', 'List regions', 'Regions (states, provinces) for REGION audience rules.'),
  geoTool('cities', 'List cities', 'Cities for CITY audience rules; use search to narrow.'),
];

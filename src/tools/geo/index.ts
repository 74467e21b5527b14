import { z } from 'zod';
import { defineTool, READ } from '../define.js';
import { asList } from '../lookup.js';

/**
 * The geolocation endpoints' query parameters are not established (reference §11), so nothing is sent
 * upstream; the list is filtered here to keep results small.
 */
function geoTool(noun: 'countries' | 'regions' | 'cities', title: string, description: string) {
  return defineTool({
    name: `list_${noun}`,
    toolset: 'geo',
    title,
    description,
    input: {
      search: z.string().min(1).max(100).optional().describe('Keep entries whose fields contain this text (any case)'),
      limit: z.number().int().min(1).max(1000).default(50),
    },
    output: { [noun]: z.array(z.unknown()), total: z.number() } as { countries: z.ZodArray<z.ZodUnknown>; total: z.ZodNumber },
    hints: READ,
    async run(a, ctx) {
      const all = asList<unknown>(await ctx.api.get(`/geolocation/${noun}`), noun);
      const needle = a.search?.toLowerCase();
      const matches = needle ? all.filter((x) => JSON.stringify(x).toLowerCase().includes(needle)) : all;
      return { [noun]: matches.slice(0, a.limit), total: matches.length } as { countries: unknown[]; total: number };
    },
  });
}

export const geoTools = [
  geoTool('countries', 'List countries', 'Country names and codes for COUNTRY audience rules.'),
  geoTool('regions', 'List regions', 'Regions (states, provinces) for REGION audience rules.'),
  geoTool('cities', 'List cities', 'Cities for CITY audience rules; use search to narrow.'),
];

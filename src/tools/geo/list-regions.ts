import { listRegions as readRegions } from '../../api/management/geolocation.js';
import { defineTool, READ } from '../define.js';
import { pageSummary } from '../paging.js';
import { geoInput, geoOutput, searchPage } from './search.js';

export const listRegions = defineTool({
  name: 'list_regions',
  toolset: 'geo',
  title: 'List regions',
  description: 'Regions (states, provinces) for REGION audience rules.',
  input: geoInput,
  output: geoOutput('regions'),
  hints: READ,
  async run(a, ctx) {
    const { items, ...page } = searchPage(ctx, 'list_regions', 'regions', await readRegions(ctx.api), a);
    return { regions: items, ...page };
  },
  summary: (o) => pageSummary(o, o.regions.length, 'regions'),
});

import { listCities as readCities } from '../../api/management/geolocation.js';
import { defineTool, READ } from '../define.js';
import { pageSummary } from '../paging.js';
import { geoInput, geoOutput, searchPage } from './search.js';

export const listCities = defineTool({
  name: 'list_cities',
  toolset: 'geo',
  title: 'List cities',
  description: 'Cities for CITY audience rules; use search to narrow.',
  input: geoInput,
  output: geoOutput('cities'),
  hints: READ,
  async run(a, ctx) {
    const { items, ...page } = searchPage(ctx, 'list_cities', 'cities', await readCities(ctx.api), a);
    return { cities: items, ...page };
  },
  summary: (o) => pageSummary(o, o.cities.length, 'cities'),
});

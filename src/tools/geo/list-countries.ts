import { listCountries as readCountries } from '../../api/management/geolocation.js';
import { defineTool, READ } from '../define.js';
import { pageSummary } from '../paging.js';
import { geoInput, geoOutput, searchPage } from './search.js';

export const listCountries = defineTool({
  name: 'list_countries',
  toolset: 'geo',
  title: 'List countries',
  description: 'Country names and codes for COUNTRY audience rules.',
  input: geoInput,
  output: geoOutput('countries'),
  hints: READ,
  async run(a, ctx) {
    const { items, ...page } = searchPage(ctx, 'list_countries', 'countries', await readCountries(ctx.api), a);
    return { countries: items, ...page };
  },
  summary: (o) => pageSummary(o, o.countries.length, 'countries'),
});

import { CITIES as CITY_TABLE, cityValue, REGIONS as REGION_TABLE } from '../geo/index.js';

/**
 * The sandbox's geolocation lists, from the table the rule language uses (src/geo). The real lists'
 * fields are not established (docs/api.md §11); `code` is the value a rule uses (docs/api.md §17): an
 * ISO 3166-2 code for a region, "<city lower-case>,<region code>,<country ISO2>" for a city.
 */
export const COUNTRIES = [
  { name: 'Canada', code: 'CA' },
  { name: 'United States', code: 'US' },
  { name: 'United Kingdom', code: 'GB' },
  { name: 'Germany', code: 'DE' },
  { name: 'France', code: 'FR' },
  { name: 'India', code: 'IN' },
  { name: 'Australia', code: 'AU' },
  { name: 'Japan', code: 'JP' },
  { name: 'Brazil', code: 'BR' },
  { name: 'Mexico', code: 'MX' },
];

export const REGIONS = REGION_TABLE.map((r) => ({ name: r.name, code: r.code, country: r.code.slice(0, 2) }));

export const CITIES = CITY_TABLE.map((c) => ({ name: c.name, region: c.region, country: c.country, code: cityValue(c) }));

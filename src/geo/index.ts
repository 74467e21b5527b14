import { cityByValue } from './cities.js';
import { regionByCode } from './regions.js';

/** Regions and cities in the API's value formats (docs/api.md §17), shared by the rule language and the sandbox. */
export { CITIES, cityByValue, cityValue, normaliseCity, type City } from './cities.js';
export { normaliseRegion, regionByCode, REGIONS, type Region, type Resolution } from './regions.js';

/** Words for a REGION or CITY value in English: "California", "San Francisco"; the value itself when not listed. */
export function placeLabel(ref: 'REGION' | 'CITY', value: string): string {
  if (ref === 'REGION') return regionByCode(value)?.name ?? value;
  return cityByValue(value)?.name ?? value;
}

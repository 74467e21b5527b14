import { listCities } from './list-cities.js';
import { listCountries } from './list-countries.js';
import { listRegions } from './list-regions.js';

export const geoTools = [listCountries, listRegions, listCities];

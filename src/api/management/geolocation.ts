import { asList } from '../reads.js';
import type { PersonalizeClient } from './client.js';

/**
 * The docs say the API searches ("based on the provided search query"), but no public source names the
 * parameter (docs/api.md §11, docs/evidence.md), so none is sent: the whole list is read.
 */
export const listCountries = async (api: PersonalizeClient): Promise<unknown[]> => asList<unknown>(await api.get('/geolocation/countries'), 'countries');
export const listRegions = async (api: PersonalizeClient): Promise<unknown[]> => asList<unknown>(await api.get('/geolocation/regions'), 'regions');
export const listCities = async (api: PersonalizeClient): Promise<unknown[]> => asList<unknown>(await api.get('/geolocation/cities'), 'cities');

import { isIPv4, isIPv6 } from 'node:net';
import { cityByValue, cityValue } from '../../geo/index.js';

export interface Place {
  /** ISO 3166-1 alpha-2, "US". */
  country: string;
  /** ISO 3166-2, "US-CA". */
  region: string;
  /** "san francisco,CA,US". */
  city: string;
}

/** A place from a CITY value of the shared table (src/geo), with REGION and COUNTRY in the API's formats (docs/api.md §17). */
function at(city: string): Place {
  const listed = cityByValue(city);
  if (!listed) throw new Error(`the sandbox IP table names ${city}, which src/geo/cities.ts does not list`);
  return { country: listed.country, region: `${listed.country}-${listed.region}`, city: cityValue(listed) };
}

/**
 * The sandbox's geolocation: a few documentation-range addresses (RFC 5737 / RFC 3849), so tests and
 * demos can pick a place by IP. Any other address (loopback, private, unknown) has no place, as the real
 * Edge API gives localhost no country. Values are those of the sandbox's /geolocation lists.
 */
export const IP_TABLE: ReadonlyArray<{ prefix: string; place: Place }> = [
  { prefix: '203.0.113.', place: at('montreal,QC,CA') },
  { prefix: '198.51.100.', place: at('san francisco,CA,US') },
  { prefix: '192.0.2.', place: at('london,ENG,GB') },
  { prefix: '2001:db8:1:', place: at('munich,BY,DE') },
  { prefix: '2001:db8:2:', place: at('paris,IDF,FR') },
];

/** The place of the first address in an x-forwarded-for list (the original client), if the table knows it. */
export function placeOf(forwardedFor: string | undefined): Place | undefined {
  const ip = forwardedFor?.split(',')[0]?.trim().toLowerCase();
  if (!ip || (!isIPv4(ip) && !isIPv6(ip))) return undefined;
  return IP_TABLE.find((row) => ip.startsWith(row.prefix))?.place;
}

import { isIPv4, isIPv6 } from 'node:net';

export interface Place {
  country: string;
  region: string;
  city: string;
}

/**
 * The sandbox's geolocation: a few documentation-range addresses (RFC 5737 / RFC 3849), so tests and
 * demos can pick a place by IP. Any other address (loopback, private, unknown) has no place, as the real
 * Edge API gives localhost no country. Codes match the sandbox's /geolocation lists.
 */
export const IP_TABLE: ReadonlyArray<{ prefix: string; place: Place }> = [
  { prefix: '203.0.113.', place: { country: 'CA', region: 'QC', city: 'Montreal' } },
  { prefix: '198.51.100.', place: { country: 'US', region: 'CA', city: 'San Francisco' } },
  { prefix: '192.0.2.', place: { country: 'GB', region: 'ENG', city: 'London' } },
  { prefix: '2001:db8:1:', place: { country: 'DE', region: 'BY', city: 'Munich' } },
  { prefix: '2001:db8:2:', place: { country: 'FR', region: 'IDF', city: 'Paris' } },
];

/** The place of the first address in an x-forwarded-for list (the original client), if the table knows it. */
export function placeOf(forwardedFor: string | undefined): Place | undefined {
  const ip = forwardedFor?.split(',')[0]?.trim().toLowerCase();
  if (!ip || (!isIPv4(ip) && !isIPv6(ip))) return undefined;
  return IP_TABLE.find((row) => ip.startsWith(row.prefix))?.place;
}

import { describe, expect, it } from 'vitest';
import { Attributes, compile, matches, visitorFrom } from '../../src/rules/index.js';
import { IP_TABLE, placeOf } from '../../src/sandbox/edge/geo.js';
import { visitorFor } from '../../src/sandbox/edge/visitor.js';
import { CITIES, REGIONS } from '../../src/sandbox/geo-data.js';
import { newProject } from '../../src/sandbox/management/misc.js';
import { MONTREAL_IP, SAN_FRANCISCO_IP } from './helpers.js';

const none = new Attributes();
const visitorAt = (ip: string) => visitorFor(newProject('org', { name: 'Geo' }), 'u1', { 'x-forwarded-for': ip }, {}, new Date());

describe('the sandbox places visitors in the value formats rules use (docs/api.md §17)', () => {
  it('an IP in California is region US-CA and city "san francisco,CA,US"', () => {
    expect(visitorAt(SAN_FRANCISCO_IP).presets).toMatchObject({ COUNTRY: 'US', REGION: 'US-CA', CITY: 'san francisco,CA,US' });
    const exact = compile('region = "US-CA" and city = "san francisco,CA,US"', none).definition;
    const byName = compile('region = "California" and city = "San Francisco"', none).definition;
    expect(byName).toEqual(exact);
    expect(matches(exact, visitorAt(SAN_FRANCISCO_IP))).toBe(true);
    expect(matches(exact, visitorAt(MONTREAL_IP))).toBe(false);
    expect(matches(compile('region = "Quebec" and city = "Montreal"', none).definition, visitorAt(MONTREAL_IP))).toBe(true);
  });

  it('every place of the IP table is in the /geolocation lists, by code', () => {
    for (const { place } of IP_TABLE) {
      expect(REGIONS.map((r) => r.code)).toContain(place.region);
      expect(CITIES.map((c) => c.code)).toContain(place.city);
      expect(place.region.startsWith(`${place.country}-`)).toBe(true);
    }
    expect(placeOf('10.0.0.1')).toBeUndefined();
  });

  it('the lists keep their fields and add the code in the rules format', () => {
    expect(REGIONS).toContainEqual({ name: 'California', code: 'US-CA', country: 'US' });
    expect(CITIES).toContainEqual({ name: 'Chicago', region: 'IL', country: 'US', code: 'chicago,IL,US' });
  });

  it('sample visitors for evaluate_audience may name places; they are read in the same formats', () => {
    const { visitor } = visitorFrom({ region: 'California', city: 'San Francisco', country: 'United States' }, none);
    expect(visitor.presets).toEqual({ REGION: 'US-CA', CITY: 'san francisco,CA,US', COUNTRY: 'US' });
  });
});

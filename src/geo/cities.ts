import { countryNames } from '../rules/presets.js';
import { closest } from '../rules/similar.js';
import { fold, regionCode, regionsNamed, type Resolution } from './regions.js';

/**
 * CITY values are composite strings "<city lower-case>,<region code>,<country ISO2>", e.g. "chicago,IL,US"
 * (docs/api.md §17, from a real project export; the region code is the ISO 3166-2 part after the hyphen).
 * A few dozen real cities, in regions of ./regions.ts, for resolving names and for the sandbox.
 */
export interface City {
  /** English name as GeoLite2 spells it (the export's values are its lower case). */
  name: string;
  /** ISO 3166-2 subdivision part, e.g. "CA" of "US-CA". */
  region: string;
  country: string;
  aliases?: string[];
}

const c = (name: string, region: string, country: string, ...aliases: string[]): City => ({ name, region, country, ...(aliases.length ? { aliases } : {}) });

export const CITIES: readonly City[] = [
  c('San Francisco', 'CA', 'US'),
  c('Los Angeles', 'CA', 'US', 'LA'),
  c('San Diego', 'CA', 'US'),
  c('New York', 'NY', 'US', 'New York City', 'NYC'),
  c('Chicago', 'IL', 'US'),
  c('Springfield', 'IL', 'US'),
  c('Springfield', 'MA', 'US'),
  c('Boston', 'MA', 'US'),
  c('Seattle', 'WA', 'US'),
  c('Portland', 'OR', 'US'),
  c('Portland', 'ME', 'US'),
  c('Austin', 'TX', 'US'),
  c('Houston', 'TX', 'US'),
  c('Dallas', 'TX', 'US'),
  c('Miami', 'FL', 'US'),
  c('Phoenix', 'AZ', 'US'),
  c('Denver', 'CO', 'US'),
  c('Atlanta', 'GA', 'US'),
  c('Washington', 'DC', 'US'),
  c('Montreal', 'QC', 'CA', 'Montréal'),
  c('Quebec City', 'QC', 'CA', 'Québec City'),
  c('Toronto', 'ON', 'CA'),
  c('Ottawa', 'ON', 'CA'),
  c('Vancouver', 'BC', 'CA'),
  c('Calgary', 'AB', 'CA'),
  c('London', 'ENG', 'GB'),
  c('Manchester', 'ENG', 'GB'),
  c('Edinburgh', 'SCT', 'GB'),
  c('Cardiff', 'WLS', 'GB'),
  c('Belfast', 'NIR', 'GB'),
  c('Munich', 'BY', 'DE', 'München'),
  c('Berlin', 'BE', 'DE'),
  c('Frankfurt am Main', 'HE', 'DE', 'Frankfurt'),
  c('Cologne', 'NW', 'DE', 'Köln'),
  c('Paris', 'IDF', 'FR'),
  c('Marseille', 'PAC', 'FR'),
  c('Lyon', 'ARA', 'FR'),
  c('Mumbai', 'MH', 'IN', 'Bombay'),
  c('Bengaluru', 'KA', 'IN', 'Bangalore'),
  c('New Delhi', 'DL', 'IN'),
  c('Chennai', 'TN', 'IN'),
  c('Sydney', 'NSW', 'AU'),
  c('Melbourne', 'VIC', 'AU'),
  c('Brisbane', 'QLD', 'AU'),
  c('Perth', 'WA', 'AU'),
  c('Tokyo', '13', 'JP'),
  c('Osaka', '27', 'JP'),
  c('Kyoto', '26', 'JP'),
  c('São Paulo', 'SP', 'BR', 'Sao Paulo'),
  c('Rio de Janeiro', 'RJ', 'BR'),
  c('Brasília', 'DF', 'BR', 'Brasilia'),
  c('Mexico City', 'CMX', 'MX', 'Ciudad de México'),
  c('Guadalajara', 'JAL', 'MX'),
  c('Monterrey', 'NLE', 'MX'),
];

/** The CITY value of a listed city: "chicago,IL,US". */
export const cityValue = (x: City) => `${x.name.toLowerCase()},${x.region},${x.country}`;

/** The listed city a CITY value names, if any. */
export const cityByValue = (value: string) => CITIES.find((x) => cityValue(x) === normaliseComposite(value));

/** "Chicago,il,us" → "chicago,IL,US" when it has the composite shape with a known country, else undefined. */
function normaliseComposite(text: string): string | undefined {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 3 || !parts[0] || !/^[A-Za-z0-9]{1,3}$/.test(parts[1]!) || !countryNames().has(parts[2]!.toUpperCase())) return undefined;
  return `${parts[0].toLowerCase()},${parts[1]!.toUpperCase()},${parts[2]!.toUpperCase()}`;
}

/** Does "IL", "US-IL", "Illinois" or "US" name the city's region or country? */
function within(x: City, where: string): boolean {
  const w = where.trim().toUpperCase();
  if (w === x.region || w === x.country || regionCode(where) === `${x.country}-${x.region}`) return true;
  return regionsNamed(where).some((r) => r.code === `${x.country}-${x.region}`);
}

const FORM = '"<city>,<region code>,<country code>" such as "chicago,IL,US", or a known city name such as "Chicago" or "Springfield, IL"';

/** A CITY value as the API holds it: the composite form (case normalised) or a listed "City" / "City, Region". */
export function normaliseCity(text: string): Resolution {
  const composite = normaliseComposite(text);
  if (composite) return { value: composite };
  const comma = text.indexOf(',');
  const name = fold(comma > 0 ? text.slice(0, comma) : text);
  const where = comma > 0 ? text.slice(comma + 1) : undefined;
  const found = CITIES.filter((x) => [x.name, ...(x.aliases ?? [])].some((n) => fold(n) === name) && (where === undefined || within(x, where)));
  if (found.length === 1) return { value: cityValue(found[0]!) };
  const label = (x: City) => `${x.name}, ${x.region} (${cityValue(x)})`;
  if (found.length > 1) return { error: `ambiguous city "${text}": expected ${FORM}; it may be ${found.map(label).join(' or ')}` };
  const near = closest(
    text,
    CITIES.map((x) => `${x.name}, ${x.region}`),
  );
  return { error: `unknown city "${text}": expected ${FORM}; closest: ${near.join(', ')}` };
}

import { countryNames } from '../rules/presets.js';
import { closest } from '../rules/similar.js';

/**
 * REGION values are ISO 3166-2 codes with a hyphen, "US-AZ" (docs/api.md §17, from a real project export).
 * This table holds a modest set of real subdivisions, for resolving English names and for the sandbox's
 * /geolocation/regions; a well-formed code of a known country is accepted even when it is not listed.
 */
export interface Region {
  /** ISO 3166-2, e.g. "US-CA". */
  code: string;
  name: string;
  /** Other English or local names, e.g. "Bayern". */
  aliases?: string[];
}

const r = (code: string, name: string, ...aliases: string[]): Region => ({ code, name, ...(aliases.length ? { aliases } : {}) });

export const REGIONS: readonly Region[] = [
  // United States: the 50 states and the District of Columbia
  r('US-AL', 'Alabama'),
  r('US-AK', 'Alaska'),
  r('US-AZ', 'Arizona'),
  r('US-AR', 'Arkansas'),
  r('US-CA', 'California'),
  r('US-CO', 'Colorado'),
  r('US-CT', 'Connecticut'),
  r('US-DE', 'Delaware'),
  r('US-FL', 'Florida'),
  r('US-GA', 'Georgia'),
  r('US-HI', 'Hawaii'),
  r('US-ID', 'Idaho'),
  r('US-IL', 'Illinois'),
  r('US-IN', 'Indiana'),
  r('US-IA', 'Iowa'),
  r('US-KS', 'Kansas'),
  r('US-KY', 'Kentucky'),
  r('US-LA', 'Louisiana'),
  r('US-ME', 'Maine'),
  r('US-MD', 'Maryland'),
  r('US-MA', 'Massachusetts'),
  r('US-MI', 'Michigan'),
  r('US-MN', 'Minnesota'),
  r('US-MS', 'Mississippi'),
  r('US-MO', 'Missouri'),
  r('US-MT', 'Montana'),
  r('US-NE', 'Nebraska'),
  r('US-NV', 'Nevada'),
  r('US-NH', 'New Hampshire'),
  r('US-NJ', 'New Jersey'),
  r('US-NM', 'New Mexico'),
  r('US-NY', 'New York'),
  r('US-NC', 'North Carolina'),
  r('US-ND', 'North Dakota'),
  r('US-OH', 'Ohio'),
  r('US-OK', 'Oklahoma'),
  r('US-OR', 'Oregon'),
  r('US-PA', 'Pennsylvania'),
  r('US-RI', 'Rhode Island'),
  r('US-SC', 'South Carolina'),
  r('US-SD', 'South Dakota'),
  r('US-TN', 'Tennessee'),
  r('US-TX', 'Texas'),
  r('US-UT', 'Utah'),
  r('US-VT', 'Vermont'),
  r('US-VA', 'Virginia'),
  r('US-WA', 'Washington'),
  r('US-WV', 'West Virginia'),
  r('US-WI', 'Wisconsin'),
  r('US-WY', 'Wyoming'),
  r('US-DC', 'District of Columbia', 'Washington, D.C.'),
  // Canada: provinces and territories
  r('CA-AB', 'Alberta'),
  r('CA-BC', 'British Columbia'),
  r('CA-MB', 'Manitoba'),
  r('CA-NB', 'New Brunswick'),
  r('CA-NL', 'Newfoundland and Labrador'),
  r('CA-NS', 'Nova Scotia'),
  r('CA-ON', 'Ontario'),
  r('CA-PE', 'Prince Edward Island'),
  r('CA-QC', 'Quebec', 'Québec'),
  r('CA-SK', 'Saskatchewan'),
  r('CA-NT', 'Northwest Territories'),
  r('CA-NU', 'Nunavut'),
  r('CA-YT', 'Yukon'),
  // A few elsewhere
  r('GB-ENG', 'England'),
  r('GB-SCT', 'Scotland'),
  r('GB-WLS', 'Wales'),
  r('GB-NIR', 'Northern Ireland'),
  r('DE-BY', 'Bavaria', 'Bayern'),
  r('DE-BE', 'Berlin'),
  r('DE-HE', 'Hesse', 'Hessen'),
  r('DE-NW', 'North Rhine-Westphalia', 'Nordrhein-Westfalen'),
  r('FR-IDF', 'Île-de-France'),
  r('FR-PAC', "Provence-Alpes-Côte d'Azur"),
  r('FR-ARA', 'Auvergne-Rhône-Alpes'),
  r('IN-MH', 'Maharashtra'),
  r('IN-KA', 'Karnataka'),
  r('IN-DL', 'Delhi'),
  r('IN-TN', 'Tamil Nadu'),
  r('AU-NSW', 'New South Wales'),
  r('AU-VIC', 'Victoria'),
  r('AU-QLD', 'Queensland'),
  r('AU-WA', 'Western Australia'),
  r('JP-13', 'Tokyo'),
  r('JP-27', 'Osaka'),
  r('JP-26', 'Kyoto'),
  r('BR-SP', 'São Paulo'),
  r('BR-RJ', 'Rio de Janeiro'),
  r('BR-DF', 'Distrito Federal', 'Federal District'),
  r('MX-CMX', 'Ciudad de México', 'Mexico City', 'Distrito Federal'),
  r('MX-JAL', 'Jalisco'),
  r('MX-NLE', 'Nuevo León'),
];

/** Case- and accent-insensitive form of a name, for lookups. */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

const CODE = /^([A-Za-z]{2})-([A-Za-z0-9]{1,3})$/;

export const regionByCode = (code: string) => REGIONS.find((x) => x.code === code.toUpperCase());

/** "us-az" → "US-AZ" when it has the shape of an ISO 3166-2 code of a known country, else undefined. */
export function regionCode(text: string): string | undefined {
  const m = CODE.exec(text.trim());
  return m && countryNames().has(m[1]!.toUpperCase()) ? text.trim().toUpperCase() : undefined;
}

/** The listed regions a name means ("California", "Bayern", "Georgia, US"). */
export function regionsNamed(text: string): Region[] {
  const comma = text.lastIndexOf(',');
  const country =
    comma > 0
      ? text
          .slice(comma + 1)
          .trim()
          .toUpperCase()
      : undefined;
  const name = fold(comma > 0 && country && countryNames().has(country) ? text.slice(0, comma) : text);
  const found = REGIONS.filter((x) => [x.name, ...(x.aliases ?? [])].some((n) => fold(n) === name));
  return country && countryNames().has(country) ? found.filter((x) => x.code.startsWith(`${country}-`)) : found;
}

export type Resolution = { value: string } | { error: string };

const FORM = 'an ISO 3166-2 code such as "US-CA" or a region name such as "California"';

/** A REGION value as the API holds it: a code kept (upper-cased), a listed name resolved; anything else an error. */
export function normaliseRegion(text: string): Resolution {
  const code = regionCode(text);
  if (code) return { value: code };
  const found = regionsNamed(text);
  if (found.length === 1) return { value: found[0]!.code };
  const label = (x: Region) => `${x.name} (${x.code})`;
  if (found.length > 1) return { error: `ambiguous region "${text}": expected ${FORM}; it may be ${found.map(label).join(' or ')}` };
  const near = closest(
    text,
    REGIONS.map((x) => x.name),
  ).map((n) => label(REGIONS.find((x) => x.name === n)!));
  return { error: `unknown region "${text}": expected ${FORM}; closest: ${near.join(', ')}` };
}

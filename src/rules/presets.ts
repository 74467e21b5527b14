/**
 * The preset attributes (docs/api.md §5) as the language names them, and the values it
 * normalises. DEVICE_TYPE values are established (MOBILE, TABLET, DESKTOP); COUNTRY is ISO 3166-1
 * alpha-2; REGION and CITY values are in the formats of docs/api.md §17 (src/geo). OPERATING_SYSTEM values
 * are not established, so the compiler refuses them (established.ts); OS_LABELS only words raw rules.
 */

export type ValueKind = 'country' | 'region' | 'city' | 'device' | 'os' | 'text' | 'query' | 'datetime';

export interface Preset {
  /** snake_case name in the language. */
  name: string;
  /** Enum name in the API. */
  ref: string;
  /** Display name in the Personalize UI (also accepted quoted). */
  label: string;
  kind: ValueKind;
}

export const PRESETS: readonly Preset[] = [
  { name: 'country', ref: 'COUNTRY', label: 'Country', kind: 'country' },
  { name: 'region', ref: 'REGION', label: 'Region', kind: 'region' },
  { name: 'city', ref: 'CITY', label: 'City', kind: 'city' },
  { name: 'device_type', ref: 'DEVICE_TYPE', label: 'Device Type', kind: 'device' },
  { name: 'operating_system', ref: 'OPERATING_SYSTEM', label: 'Operating System', kind: 'os' },
  { name: 'referrer', ref: 'REFERRER', label: 'Referrer', kind: 'text' },
  { name: 'query_parameters', ref: 'QUERY_PARAMETERS', label: 'Query Parameter', kind: 'query' },
  { name: 'date_and_time', ref: 'DATE_AND_TIME', label: 'Date and Time', kind: 'datetime' },
];

export const presetByName = (name: string) => PRESETS.find((p) => p.name === name.toLowerCase() || p.ref === name.toUpperCase());
export const presetByRef = (ref: string) => PRESETS.find((p) => p.ref === ref);

export const DEVICE_TYPES = ['MOBILE', 'TABLET', 'DESKTOP'] as const;
const DEVICE_SYNONYMS: Record<string, string> = { phone: 'MOBILE', smartphone: 'MOBILE', mobile_phone: 'MOBILE', computer: 'DESKTOP', pc: 'DESKTOP', laptop: 'DESKTOP' };

export const OS_LABELS: Record<string, string> = { WINDOWS: 'Windows', MACOS: 'macOS', IOS: 'iOS', ANDROID: 'Android', LINUX: 'Linux', CHROMEOS: 'ChromeOS' };

export function normaliseDevice(v: string): string | undefined {
  const k = v.trim().toLowerCase();
  return DEVICE_TYPES.find((d) => d.toLowerCase() === k) ?? DEVICE_SYNONYMS[k];
}

// Region codes that are not countries (Intl knows them as groupings or placeholders).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);

let countries: Map<string, string> | undefined;

/** ISO 3166-1 alpha-2 code → English name, from the runtime's ICU data (no I/O). */
export function countryNames(): Map<string, string> {
  if (countries) return countries;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  countries = new Map();
  for (let a = 65; a < 91; a++) {
    for (let b = 65; b < 91; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (name && !NOT_COUNTRIES.has(code)) countries.set(code, name);
    }
  }
  return countries;
}

/** "ca", "CA" or "Canada" → "CA". */
export function normaliseCountry(v: string): string | undefined {
  const k = v.trim();
  const names = countryNames();
  if (names.has(k.toUpperCase())) return k.toUpperCase();
  for (const [code, name] of names) if (name.toLowerCase() === k.toLowerCase()) return code;
  return undefined;
}

export function countryName(code: string): string | undefined {
  return countryNames().get(code.toUpperCase());
}

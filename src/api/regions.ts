/** The seven Personalize regions and their Management / Edge base URLs (docs/api.md §1 and docs/edge-api.md §1). */
export const REGIONS = {
  na: { api: 'https://personalize-api.contentstack.com', edge: 'https://personalize-edge.contentstack.com' },
  eu: { api: 'https://eu-personalize-api.contentstack.com', edge: 'https://eu-personalize-edge.contentstack.com' },
  au: { api: 'https://au-personalize-api.contentstack.com', edge: 'https://au-personalize-edge.contentstack.com' },
  'azure-na': { api: 'https://azure-na-personalize-api.contentstack.com', edge: 'https://azure-na-personalize-edge.contentstack.com' },
  'azure-eu': { api: 'https://azure-eu-personalize-api.contentstack.com', edge: 'https://azure-eu-personalize-edge.contentstack.com' },
  'gcp-na': { api: 'https://gcp-na-personalize-api.contentstack.com', edge: 'https://gcp-na-personalize-edge.contentstack.com' },
  'gcp-eu': { api: 'https://gcp-eu-personalize-api.contentstack.com', edge: 'https://gcp-eu-personalize-edge.contentstack.com' },
} as const;

export type Region = keyof typeof REGIONS;

const ALIASES: Record<string, Region> = { us: 'na', 'aws-na': 'na', 'aws-eu': 'eu', 'aws-au': 'au' };

/** Accepts any case and `_` or `-` (`AWS_NA`, `Azure-EU`); returns undefined for an unknown name. */
export function parseRegion(input: string): Region | undefined {
  const name = input.trim().toLowerCase().replace(/_/g, '-');
  if (name in REGIONS) return name as Region;
  return ALIASES[name];
}

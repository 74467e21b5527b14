/**
 * The seven Personalize regions: Management / Edge base URLs (docs/api.md §1, docs/edge-api.md §1), and the two
 * hosts of Contentstack's OAuth (docs/oauth.md §1): `app`, where the user signs in and consents, and
 * `developerHub`, whose `/token` issues and refreshes tokens.
 */
export const REGIONS = {
  na: {
    api: 'https://personalize-api.contentstack.com',
    edge: 'https://personalize-edge.contentstack.com',
    app: 'https://app.contentstack.com',
    developerHub: 'https://developerhub-api.contentstack.com',
  },
  eu: {
    api: 'https://eu-personalize-api.contentstack.com',
    edge: 'https://eu-personalize-edge.contentstack.com',
    app: 'https://eu-app.contentstack.com',
    developerHub: 'https://eu-developerhub-api.contentstack.com',
  },
  au: {
    api: 'https://au-personalize-api.contentstack.com',
    edge: 'https://au-personalize-edge.contentstack.com',
    app: 'https://au-app.contentstack.com',
    developerHub: 'https://au-developerhub-api.contentstack.com',
  },
  'azure-na': {
    api: 'https://azure-na-personalize-api.contentstack.com',
    edge: 'https://azure-na-personalize-edge.contentstack.com',
    app: 'https://azure-na-app.contentstack.com',
    developerHub: 'https://azure-na-developerhub-api.contentstack.com',
  },
  'azure-eu': {
    api: 'https://azure-eu-personalize-api.contentstack.com',
    edge: 'https://azure-eu-personalize-edge.contentstack.com',
    app: 'https://azure-eu-app.contentstack.com',
    developerHub: 'https://azure-eu-developerhub-api.contentstack.com',
  },
  'gcp-na': {
    api: 'https://gcp-na-personalize-api.contentstack.com',
    edge: 'https://gcp-na-personalize-edge.contentstack.com',
    app: 'https://gcp-na-app.contentstack.com',
    developerHub: 'https://gcp-na-developerhub-api.contentstack.com',
  },
  'gcp-eu': {
    api: 'https://gcp-eu-personalize-api.contentstack.com',
    edge: 'https://gcp-eu-personalize-edge.contentstack.com',
    app: 'https://gcp-eu-app.contentstack.com',
    developerHub: 'https://gcp-eu-developerhub-api.contentstack.com',
  },
} as const;

export type Region = keyof typeof REGIONS;

const ALIASES: Record<string, Region> = { us: 'na', 'aws-na': 'na', 'aws-eu': 'eu', 'aws-au': 'au' };

/** Accepts any case and `_` or `-` (`AWS_NA`, `Azure-EU`); returns undefined for an unknown name. */
export function parseRegion(input: string): Region | undefined {
  const name = input.trim().toLowerCase().replace(/_/g, '-');
  if (name in REGIONS) return name as Region;
  return ALIASES[name];
}

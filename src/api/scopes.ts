/** Personalize's OAuth scopes (docs/api.md §2): read is GET only, manage reads and writes. */
export const PERSONALIZE_SCOPES = ['personalize:read', 'personalize:manage'] as const;

export type PersonalizeScope = (typeof PERSONALIZE_SCOPES)[number];

export const isPersonalizeScope = (s: string): s is PersonalizeScope => (PERSONALIZE_SCOPES as readonly string[]).includes(s);

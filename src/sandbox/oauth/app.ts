/**
 * The simulated Developer Hub's one OAuth app and its users (docs/oauth.md §7). `--sandbox` defaults the
 * connector's app settings to these, so the whole sign-in runs with no Contentstack account.
 */
export const SANDBOX_OAUTH_APP = {
  appUid: '0sandbox0oauth0app0uid0',
  clientId: 'sandbox-oauth-client-id',
  clientSecret: 'sandbox-oauth-client-secret',
  /** What the app may ask for; a user grants the part of a request their role allows. */
  scopes: ['personalize:read', 'personalize:manage'],
} as const;

export const READ_SCOPE = 'personalize:read';
export const MANAGE_SCOPE = 'personalize:manage';

/** The demo organization is the seeded one (src/sandbox/seed.ts); the second has no project until a user makes one. */
export const SECOND_ORGANIZATION = { uid: 'blt0second0org0sandbox', name: 'Second Organization' };

export interface SandboxUser {
  uid: string;
  name: string;
  email: string;
  organizationUid: string;
  /** The most this user can grant: a read-only member grants personalize:read whatever the app asks. */
  maxScopes: readonly string[];
}

export function sandboxUsers(demoOrganizationUid: string): SandboxUser[] {
  return [
    { uid: 'blt0user0ada0sandbox', name: 'Ada Lovelace', email: 'ada@sandbox.invalid', organizationUid: demoOrganizationUid, maxScopes: [READ_SCOPE, MANAGE_SCOPE] },
    { uid: 'blt0user0grace0sandbox', name: 'Grace Hopper', email: 'grace@sandbox.invalid', organizationUid: SECOND_ORGANIZATION.uid, maxScopes: [READ_SCOPE, MANAGE_SCOPE] },
    { uid: 'blt0user0kath0sandbox', name: 'Katherine Johnson (read-only)', email: 'katherine@sandbox.invalid', organizationUid: demoOrganizationUid, maxScopes: [READ_SCOPE] },
  ];
}

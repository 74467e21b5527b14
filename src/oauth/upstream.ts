import type { Region } from '../api/regions.js';

/**
 * Contentstack's OAuth, as this server uses it when it is a Contentstack OAuth client (MCP_AUTH=oauth,
 * docs/oauth.md). The real implementation and the sandbox's simulated Developer Hub both sit behind this.
 */

/** One user's Contentstack tokens, as the token endpoint granted them. Secrets: never logged, stored encrypted. */
export interface UpstreamTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Scopes granted, e.g. ['personalize:read'] or ['personalize:manage']. */
  scopes: string[];
  organizationUid?: string;
  userUid?: string;
  region: Region;
}

export interface AuthorizeRequest {
  region: Region;
  /** Our callback, registered on the Contentstack app. */
  redirectUri: string;
  state: string;
  /** PKCE S256 challenge of a verifier this server keeps. */
  codeChallenge: string;
  scopes: string[];
}

export interface ContentstackOAuth {
  /** Where to send the user's browser to sign in and consent. */
  authorizeUrl(req: AuthorizeRequest): URL;
  /** Exchanges the code the callback received. Throws UpstreamOAuthError on refusal. */
  exchangeCode(input: { region: Region; code: string; codeVerifier: string; redirectUri: string }): Promise<UpstreamTokens>;
  /** Refreshes; the answer may carry a new refresh token, which replaces the old one. */
  refresh(input: { region: Region; refreshToken: string }): Promise<UpstreamTokens>;
}

/** Contentstack refused a code or refresh token (invalid_grant and the like); `code` is the OAuth error code. */
export class UpstreamOAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UpstreamOAuthError';
  }
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SANDBOX_OAUTH_APP, type SandboxUser } from './app.js';

/**
 * What the simulated Developer Hub has issued: codes, access tokens, refresh tokens (docs/oauth.md §7). Codes are
 * single-use and expire; a reused code revokes what it gave; refresh tokens rotate, and a rotated one presented
 * again revokes its whole family (RFC 9700 §4.14), as a careful authorization server does.
 */

export const ACCESS_TOKEN_PREFIX = 'sandbox-oauth-at-';
const REFRESH_TOKEN_PREFIX = 'sandbox-oauth-rt-';

export interface GrantTimes {
  codeTtlMs: number;
  accessTtlMs: number;
  /** Answer without `scope`, to exercise a client's reading of a silent answer (docs/oauth.md §4). */
  omitScope: boolean;
}

interface Family {
  user: SandboxUser;
  scopes: string[];
  /** The code was exchanged with the client secret: the refresh must carry it too (docs/oauth.md §3). */
  withSecret: boolean;
  revoked: boolean;
}

interface Code {
  user: SandboxUser;
  redirectUri: string;
  scopes: string[];
  challenge?: string;
  method?: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
  family?: Family;
}

export interface Refusal {
  status: number;
  error: string;
  error_description: string;
}

export type TokenResult = { ok: Record<string, unknown> } | { refused: Refusal };

/** An access token the Management API is shown: whose, what it may do, or why not. */
export type AccessCheck = { user: SandboxUser; scopes: string[] } | { refused: 'unknown' | 'expired' | 'revoked' };

const refuse = (error: string, description: string, status = 400): TokenResult => ({ refused: { status, error, error_description: description } });
const newToken = (prefix: string) => prefix + randomBytes(24).toString('base64url');
const sha256url = (s: string) => createHash('sha256').update(s).digest('base64url');
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Grants {
  private readonly codes = new Map<string, Code>();
  private readonly access = new Map<string, { family: Family; expiresAt: number }>();
  private readonly refresh = new Map<string, { family: Family; used: boolean }>();

  constructor(private readonly times: GrantTimes) {}

  issueCode(c: Omit<Code, 'expiresAt' | 'used' | 'family'>): string {
    const now = Date.now();
    for (const [k, v] of this.codes) if (v.expiresAt < now - 60_000) this.codes.delete(k);
    const code = randomBytes(18).toString('base64url');
    this.codes.set(code, { ...c, expiresAt: now + this.times.codeTtlMs, used: false });
    return code;
  }

  /** The token endpoint: a form already parsed; client checks first, then the grant. */
  token(form: URLSearchParams): TokenResult {
    if (form.get('client_id') !== SANDBOX_OAUTH_APP.clientId) return refuse('invalid_client', 'Unknown client_id.', 401);
    const secret = form.get('client_secret');
    if (secret !== null && !same(secret, SANDBOX_OAUTH_APP.clientSecret)) return refuse('invalid_client', 'The client secret does not match.', 401);
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') return this.exchange(form, secret !== null);
    if (grant === 'refresh_token') return this.rotate(form, secret !== null);
    return refuse('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
  }

  private exchange(form: URLSearchParams, withSecret: boolean): TokenResult {
    const key = form.get('code');
    if (!key) return refuse('invalid_request', 'code is required.');
    const code = this.codes.get(key);
    if (!code) return refuse('invalid_grant', 'The authorization code is not valid.');
    if (code.used) {
      if (code.family) code.family.revoked = true;
      return refuse('invalid_grant', 'The authorization code was already used.');
    }
    if (Date.now() > code.expiresAt) return refuse('invalid_grant', 'The authorization code has expired.');
    if (form.get('redirect_uri') !== code.redirectUri) return refuse('invalid_grant', 'redirect_uri does not match the authorization request.');
    if (code.challenge) {
      const verifier = form.get('code_verifier');
      if (!verifier) return refuse('invalid_request', 'code_verifier is required.');
      if (!VERIFIER.test(verifier)) return refuse('invalid_grant', 'code_verifier is not a valid PKCE verifier.');
      const derived = code.method === 'plain' ? verifier : sha256url(verifier);
      if (!same(derived, code.challenge)) return refuse('invalid_grant', 'code_verifier does not match the code challenge.');
    } else if (!withSecret) {
      return refuse('invalid_client', 'Without PKCE the client secret is required.', 401);
    }
    code.used = true;
    code.family = { user: code.user, scopes: code.scopes, withSecret, revoked: false };
    return { ok: this.issueTokens(code.family) };
  }

  private rotate(form: URLSearchParams, withSecret: boolean): TokenResult {
    const key = form.get('refresh_token');
    if (!key) return refuse('invalid_request', 'refresh_token is required.');
    const held = this.refresh.get(key);
    if (!held || held.family.revoked) return refuse('invalid_grant', 'The refresh token is not valid.');
    if (held.used) {
      held.family.revoked = true;
      return refuse('invalid_grant', 'The refresh token was already used; its grant is revoked.');
    }
    if (held.family.withSecret && !withSecret) return refuse('invalid_client', 'This grant was made with the client secret: the refresh must carry it too.', 401);
    held.used = true;
    return { ok: this.issueTokens(held.family) };
  }

  private issueTokens(family: Family): Record<string, unknown> {
    const accessToken = newToken(ACCESS_TOKEN_PREFIX);
    const refreshToken = newToken(REFRESH_TOKEN_PREFIX);
    this.access.set(accessToken, { family, expiresAt: Date.now() + this.times.accessTtlMs });
    this.refresh.set(refreshToken, { family, used: false });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: Math.max(1, Math.round(this.times.accessTtlMs / 1000)),
      ...(this.times.omitScope ? {} : { scope: family.scopes.join(' ') }),
      organization_uid: family.user.organizationUid,
      user_uid: family.user.uid,
      location: 'NA',
    };
  }

  checkAccess(token: string): AccessCheck {
    const held = this.access.get(token);
    if (!held) return { refused: 'unknown' };
    if (held.family.revoked) return { refused: 'revoked' };
    if (Date.now() > held.expiresAt) return { refused: 'expired' };
    return { user: held.family.user, scopes: held.family.scopes };
  }
}

import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { InvalidGrantError, InvalidRequestError, InvalidScopeError, InvalidTargetError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokenRevocationRequest, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Response } from 'express';
import { parseRegion, type Region } from '../api/regions.js';
import { isPersonalizeScope, PERSONALIZE_SCOPES } from '../api/scopes.js';
import type { Logger } from '../log.js';
import type { Secrets } from '../secrets.js';
import type { Clients } from './clients.js';
import { browserCookie, consentPage, cookieValue, PAGE_HEADERS } from './consent.js';
import { hashOf, randomToken, s256, type Sealer } from './crypto.js';
import type { Grants } from './grants.js';
import type { OAuthStore } from './store.js';
import { UpstreamOAuthError, type ContentstackOAuth } from './upstream.js';

/** The scopes this server grants: Contentstack's Personalize scopes, passed through to the user's consent. */

export interface Lifetimes {
  /** Our access tokens (default 1 h). */
  accessMs: number;
  /** Our refresh tokens, and the grant behind them (default 30 days). */
  refreshMs: number;
  /** Authorization codes: 60 s (issue 15). */
  codeMs: number;
  /** A sign-in at Contentstack, from /authorize to the callback (default 10 min). */
  signInMs: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = { accessMs: 3_600_000, refreshMs: 30 * 86_400_000, codeMs: 60_000, signInMs: 600_000 };

/** What an MCP client asked for at /authorize, waiting for the user's answer on our consent page. */
interface Asked {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state?: string;
  scopes: string[];
  resource: string;
  /** SHA-256 of the browser cookie of the page's browser (src/oauth/consent.ts). */
  browser: string;
}

/** A sign-in in progress at Contentstack: the same, and our PKCE verifier for Contentstack (sealed). */
interface Pending extends Asked {
  verifier: string;
}

const OTHER_BROWSER =
  'This sign-in was started in another browser (or its cookie was blocked): nothing was granted. Start again from your MCP client, in one browser, with cookies allowed for this site.';

/** Our authorization code, stored under its hash. */
interface Code {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  resource: string;
  scopes: string[];
  grant: string;
}

/** Our access or refresh token, stored under its hash. */
interface TokenRecord {
  clientId: string;
  grant: string;
  scopes: string[];
  resource: string;
  /** Epoch milliseconds (access tokens): exact, as lifetimes may be shorter than a second in tests. */
  expiresAtMs?: number;
}

export interface ProviderOptions {
  store: OAuthStore;
  clients: Clients;
  grants: Grants;
  sealer: Sealer;
  upstream: ContentstackOAuth;
  secrets: Secrets;
  logger: Logger;
  region: Region;
  /** Our issuer (RFC 8414 / RFC 9207 `iss`): the origin of MCP_PUBLIC_URL. */
  issuer: string;
  /** The protected resource: MCP_PUBLIC_URL. */
  resource: string;
  /** Our callback registered on the Contentstack app: <origin>/oauth/callback. */
  callbackUrl: string;
  lifetimes: Lifetimes;
}

/** What the callback answers: a redirect to the MCP client, or a page for the browser when there is no client to go back to. */
export type CallbackAnswer = { redirect: string } | { status: number; message: string };

/**
 * The authorization server of docs/hosted-http.md "Remote connector (OAuth)", behind the SDK's handlers
 * (src/oauth/server.ts): the user signs in at Contentstack (authorize → callback), and this server then issues
 * its own single-use code, opaque access tokens bound to the resource, and rotating refresh tokens. Every
 * token and code is stored under its SHA-256; Contentstack's tokens are in the grant, sealed (src/oauth/grants.ts).
 */
export class Provider implements OAuthServerProvider {
  constructor(private readonly o: ProviderOptions) {}

  get clientsStore() {
    return this.o.clients;
  }

  private checkResource(resource: URL | string | undefined): string {
    const given = resource === undefined ? this.o.resource : new URL(String(resource)).href;
    if (given !== this.o.resource) throw new InvalidTargetError(`This server grants tokens for ${this.o.resource} only.`);
    return given;
  }

  /**
   * The Personalize scopes asked for; none: all. Other scopes (a client's `offline_access` or `openid`) are left
   * out rather than refused (RFC 6749 §3.3 lets the server ignore part of a request; the token answer's `scope`
   * says what was granted).
   */
  private scopesFor(requested: string[] | undefined): string[] {
    const asked = [...new Set(requested ?? [])].filter(isPersonalizeScope);
    return asked.length ? asked : [...PERSONALIZE_SCOPES];
  }

  /**
   * Shows our consent page (src/oauth/consent.ts) to the browser, naming the client, and binds the request to that
   * browser by a cookie; nothing goes to Contentstack before the user allows this client there.
   */
  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    const resource = this.checkResource(params.resource);
    const scopes = this.scopesFor(params.scopes);
    // RFC 7636 §4.2: an S256 challenge is BASE64URL of 32 bytes; anything else can match no verifier of §4.1.
    if (!/^[A-Za-z0-9_-]{43}$/.test(params.codeChallenge)) throw new InvalidRequestError('code_challenge must be the S256 value of a verifier (43 base64url characters).');
    const cookie = browserCookie(this.o.issuer);
    const known = cookieValue(res.req.headers.cookie, cookie.name);
    const browser = known && /^[\w-]{43}$/.test(known) ? known : randomToken();
    const request = randomToken();
    const asked: Asked = {
      clientId: client.client_id,
      redirectUri: params.redirectUri,
      codeChallenge: params.codeChallenge,
      state: params.state,
      scopes,
      resource,
      browser: hashOf(browser),
    };
    await this.o.store.set(`consent:${hashOf(request)}`, JSON.stringify(asked), this.o.lifetimes.signInMs);
    res.setHeader('set-cookie', `${cookie.name}=${browser}; ${cookie.attributes}; Max-Age=${Math.ceil(this.o.lifetimes.signInMs / 1000)}`);
    res
      .status(200)
      .set(PAGE_HEADERS)
      .type('html')
      .send(consentPage({ client, redirectUri: params.redirectUri, scopes, request, resource }));
  }

  /**
   * The browser that was shown the request? The store holds the cookie's SHA-256 only, and hashes are compared:
   * a timing difference would tell an attacker about a hash, which gives no way to a cookie that matches.
   */
  private sameBrowser(expected: string, cookieHeader: string | undefined): boolean {
    const given = cookieValue(cookieHeader, browserCookie(this.o.issuer).name);
    return given !== undefined && hashOf(given) === expected;
  }

  private back(to: { redirectUri: string; state?: string }, params: Record<string, string>): CallbackAnswer {
    const url = new URL(to.redirectUri);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (to.state !== undefined) url.searchParams.set('state', to.state);
    url.searchParams.set('iss', this.o.issuer);
    return { redirect: url.href };
  }

  /** The consent form's answer: to Contentstack with our own state and PKCE challenge, or back to the client with access_denied. */
  async consent(form: Record<string, unknown>, cookieHeader: string | undefined): Promise<CallbackAnswer> {
    const request = typeof form.request === 'string' && form.request.length <= 100 ? form.request : undefined;
    const text = request ? await this.o.store.take(`consent:${hashOf(request)}`) : undefined;
    if (!text) return { status: 400, message: 'This sign-in page has expired or was already answered. Start again from your MCP client.' };
    const asked = JSON.parse(text) as Asked;
    if (!this.sameBrowser(asked.browser, cookieHeader)) return { status: 400, message: OTHER_BROWSER };
    if (form.decision !== 'allow') return this.back(asked, { error: 'access_denied', error_description: 'The user did not allow this application.' });
    const verifier = randomToken();
    const state = randomToken();
    const pending: Pending = { ...asked, verifier: this.o.sealer.seal(verifier, `pending:${hashOf(state)}`) };
    await this.o.store.set(`pending:${hashOf(state)}`, JSON.stringify(pending), this.o.lifetimes.signInMs);
    const to = this.o.upstream.authorizeUrl({ region: this.o.region, redirectUri: this.o.callbackUrl, state, codeChallenge: s256(verifier), scopes: asked.scopes });
    return { redirect: to.href };
  }

  /** Back from Contentstack, in the browser that allowed: exchange its code, keep the user's tokens sealed, and answer the MCP client with our code. */
  async callback(query: URLSearchParams, cookieHeader?: string): Promise<CallbackAnswer> {
    const state = query.get('state');
    const text = state && state.length <= 200 ? await this.o.store.take(`pending:${hashOf(state)}`) : undefined;
    if (!text) return { status: 400, message: 'This sign-in link has expired or was already used. Start again from your MCP client.' };
    const pending = JSON.parse(text) as Pending;
    // Another browser with this state: a sign-in someone else started (login CSRF, or a victim sent to Contentstack
    // with an attacker's request). Nothing goes back to any client.
    if (!this.sameBrowser(pending.browser, cookieHeader)) return { status: 400, message: OTHER_BROWSER };
    const back = (params: Record<string, string>) => this.back(pending, params);
    const upstreamError = query.get('error');
    if (upstreamError) {
      const denied = upstreamError === 'access_denied';
      this.o.logger.info({ client: pending.clientId.slice(0, 40), error: upstreamError.slice(0, 40) }, 'Contentstack sign-in not completed');
      return back({
        error: denied ? 'access_denied' : 'server_error',
        error_description: denied ? 'The user declined access at Contentstack.' : 'Contentstack could not complete the sign-in.',
      });
    }
    const code = query.get('code');
    if (!code) return back({ error: 'server_error', error_description: 'Contentstack sent no authorization code.' });
    const verifier = this.o.sealer.open(pending.verifier, `pending:${hashOf(state!)}`);
    if (!verifier) return back({ error: 'server_error', error_description: 'The sign-in could not be completed; start again.' });
    // The region the user authorized from, when Contentstack names it (a public app used from another region:
    // docs/oauth.md §2); the code is exchanged there, and the grant's calls go there.
    const region = parseRegion(query.get('location') ?? '') ?? this.o.region;
    let tokens: Awaited<ReturnType<ContentstackOAuth['exchangeCode']>>;
    try {
      tokens = await this.o.upstream.exchangeCode({ region, code, codeVerifier: verifier, redirectUri: this.o.callbackUrl });
    } catch (err) {
      const why = err instanceof UpstreamOAuthError ? err.code : 'network';
      this.o.logger.warn({ client: pending.clientId.slice(0, 40), error: why }, "Contentstack's token endpoint refused the sign-in code");
      return back({ error: 'server_error', error_description: 'Contentstack refused the sign-in; start again.' });
    }
    this.o.secrets.add(tokens.accessToken, tokens.refreshToken);
    const granted = pending.scopes.filter((s) => tokens.scopes.includes(s));
    if (!granted.length) {
      return back({ error: 'access_denied', error_description: `Contentstack granted none of ${pending.scopes.join(' ')}: check the scopes of the Contentstack app.` });
    }
    const grant = await this.o.grants.create(tokens, this.o.lifetimes.refreshMs);
    const ours = randomToken();
    const record: Code = {
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      resource: pending.resource,
      scopes: granted,
      grant: grant.id,
    };
    // The reuse marker goes in first: a redemption that loses a race for the code finds it and ends the grant.
    await this.o.store.set(`used-code:${hashOf(ours)}`, grant.id, this.o.lifetimes.codeMs);
    await this.o.store.set(`code:${hashOf(ours)}`, JSON.stringify(record), this.o.lifetimes.codeMs);
    await this.o.clients.used(pending.clientId);
    this.o.logger.info({ client: pending.clientId.slice(0, 40), scopes: granted, user: tokens.userUid }, 'user signed in with Contentstack');
    return back({ code: ours });
  }

  async challengeForAuthorizationCode(client: OAuthClientInformationFull, authorizationCode: string): Promise<string> {
    return (await this.code(client, authorizationCode, false)).codeChallenge;
  }

  /** A code's record, once (`take`): unknown, expired, another client's, or used before → invalid_grant. */
  private async code(client: OAuthClientInformationFull, code: string, take: boolean): Promise<Code> {
    const key = hashOf(code);
    const text = take ? await this.o.store.take(`code:${key}`) : await this.o.store.get(`code:${key}`);
    if (!text) {
      // A code presented twice: the tokens issued for it may be in the wrong hands, so its grant ends (OAuth 2.1 §4.1.3).
      const used = await this.o.store.get(`used-code:${key}`);
      if (used) {
        await this.o.grants.delete(used);
        this.o.logger.warn({ client: client.client_id.slice(0, 40) }, 'authorization code used twice; its tokens are revoked');
      }
      throw new InvalidGrantError('The authorization code is invalid, expired or already used.');
    }
    const record = JSON.parse(text) as Code;
    if (record.clientId !== client.client_id) throw new InvalidGrantError('The authorization code was issued to another client.');
    return record;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, authorizationCode: string, _verifier?: string, redirectUri?: string, resource?: URL): Promise<OAuthTokens> {
    const code = await this.code(client, authorizationCode, true);
    await this.o.store.set(`used-code:${hashOf(authorizationCode)}`, code.grant, this.o.lifetimes.codeMs);
    if (redirectUri !== code.redirectUri) throw new InvalidGrantError('redirect_uri does not match the one of the authorization request.');
    if (resource !== undefined && resource.href !== code.resource) throw new InvalidTargetError(`The code was issued for ${code.resource}.`);
    if (!(await this.o.grants.view(code.grant))) throw new InvalidGrantError('The sign-in behind this code was revoked.');
    return this.issue(client, code.grant, code.scopes, code.resource);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string, scopes?: string[], resource?: URL): Promise<OAuthTokens> {
    const key = hashOf(refreshToken);
    // Checked before the token is used up, so that a request this server refuses does not cost the client its grant.
    const seen = await this.o.store.get(`refresh:${key}`);
    const record = seen ? (JSON.parse(seen) as TokenRecord) : undefined;
    if (record && record.clientId !== client.client_id) throw new InvalidGrantError('The refresh token was issued to another client.');
    if (record && resource !== undefined && resource.href !== record.resource) throw new InvalidTargetError(`The refresh token was issued for ${record.resource}.`);
    // As at /authorize, scopes that are not Personalize's are left out (scopesFor).
    const personalize = scopes?.filter(isPersonalizeScope) ?? [];
    const narrowed = personalize.length ? personalize : (record?.scopes ?? []);
    if (record && narrowed.some((s) => !record.scopes.includes(s))) throw new InvalidScopeError('A refresh cannot add scopes to the grant.');
    if (!record || !(await this.o.store.take(`refresh:${key}`))) {
      // An old refresh token again, or the loser of a race for one: rotation says someone else holds the newer one,
      // so the whole grant ends. The marker was written when the token was issued (issue()), so a race finds it too.
      const rotated = await this.o.store.take(`rotated:${key}`);
      if (rotated) {
        await this.o.grants.delete(rotated);
        this.o.logger.warn({ client: client.client_id.slice(0, 40) }, 'a rotated refresh token was used again; the grant is revoked');
      }
      throw new InvalidGrantError('The refresh token is invalid, expired, revoked or already used.');
    }
    if (!(await this.o.grants.view(record.grant))) throw new InvalidGrantError('The sign-in behind this refresh token was revoked.');
    await this.o.grants.extend(record.grant, this.o.lifetimes.refreshMs);
    return this.issue(client, record.grant, narrowed, record.resource);
  }

  private async issue(client: OAuthClientInformationFull, grant: string, scopes: string[], resource: string): Promise<OAuthTokens> {
    const access = randomToken();
    const refresh = randomToken();
    const { accessMs, refreshMs } = this.o.lifetimes;
    const expiresAtMs = Date.now() + accessMs;
    await this.o.store.set(`access:${hashOf(access)}`, JSON.stringify({ clientId: client.client_id, grant, scopes, resource, expiresAtMs } satisfies TokenRecord), accessMs);
    await this.o.store.set(`rotated:${hashOf(refresh)}`, grant, refreshMs);
    await this.o.store.set(`refresh:${hashOf(refresh)}`, JSON.stringify({ clientId: client.client_id, grant, scopes, resource } satisfies TokenRecord), refreshMs);
    this.o.secrets.add(access, refresh);
    return { access_token: access, token_type: 'Bearer', expires_in: Math.max(1, Math.round(accessMs / 1000)), refresh_token: refresh, scope: scopes.join(' ') };
  }

  /** An access token of ours: known, unexpired, its grant not revoked. `extra.grant` is the grant (a GrantView), read once here. */
  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const text = token.length <= 200 ? await this.o.store.get(`access:${hashOf(token)}`) : undefined;
    if (!text) throw new InvalidTokenError('The access token is invalid, expired or revoked.');
    const r = JSON.parse(text) as TokenRecord;
    if (!r.expiresAtMs || r.expiresAtMs <= Date.now()) throw new InvalidTokenError('The access token has expired.');
    const grant = await this.o.grants.view(r.grant);
    if (!grant) throw new InvalidTokenError('The access token was revoked.');
    return { token, clientId: r.clientId, scopes: r.scopes, expiresAt: Math.ceil(r.expiresAtMs / 1000), resource: new URL(r.resource), extra: { grant } };
  }

  /** RFC 7009: a refresh token ends its whole grant (and so every access token of it); an access token, itself. */
  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    const key = hashOf(request.token);
    for (const kind of request.token_type_hint === 'access_token' ? ['access', 'refresh'] : ['refresh', 'access']) {
      const text = await this.o.store.get(`${kind}:${key}`);
      if (!text) continue;
      const r = JSON.parse(text) as TokenRecord;
      if (r.clientId !== client.client_id) return;
      await this.o.store.delete(`${kind}:${key}`);
      if (kind === 'refresh') {
        await this.o.grants.delete(r.grant);
        // A revoked token presented later is not a rotation reuse: no marker, no misleading warning.
        await this.o.store.delete(`rotated:${key}`);
      }
      this.o.logger.info({ client: client.client_id.slice(0, 40), kind }, 'token revoked');
      return;
    }
  }
}

import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { parseUpstream, readCapped } from '../api/body.js';
import { REGIONS, type Region } from '../api/regions.js';
import { undici } from '../api/undici.js';
import type { Secrets } from '../secrets.js';
import { type AuthorizeRequest, type ContentstackOAuth, UpstreamOAuthError, type UpstreamTokens } from './upstream.js';

/**
 * Contentstack's OAuth as its own clients use it (docs/oauth.md §2–§5): the consent page on the region's app
 * host, `POST {developerHub}/token` with a form body for the code and the refresh grants.
 */

export interface ContentstackOAuthOptions {
  clientId: string;
  /** Sent with both grants when set (docs/oauth.md §3: a secret given for the code must also come with the refresh). */
  clientSecret?: string;
  /** The app's uid in Developer Hub: part of the consent page's address. */
  appUid: string;
  /** The region's hosts; the sandbox and tests point them at loopback. */
  hosts?: (region: Region) => { app: string; developerHub: string };
  /**
   * The scopes a token answer without `scope` is read as granting (docs/oauth.md §4: not established that the
   * answer carries it). Default: read only, so a silent answer never gives write tools.
   */
  scopesIfUnstated?: readonly string[];
  /** Every secret seen (the client secret, codes, verifiers, tokens) goes here, so logs and messages redact it. */
  secrets?: Secrets;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/** Token answers are small; anything near this is not a token answer. */
const MAX_TOKEN_BODY_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
/** docs/oauth.md §4: "can be used for an hour" when the answer has no `expires_in`. */
const DEFAULT_EXPIRES_IN_S = 3600;

const tokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
  organization_uid: z.string().optional(),
  user_uid: z.string().optional(),
});

/** The error shapes seen from Contentstack's services (docs/oauth.md §5): RFC 6749, NestJS and the CMA's. */
const errorAnswer = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
  error_code: z.union([z.string(), z.number()]).optional(),
  error_message: z.string().optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
});

const OAUTH_CODE = /^[a-z][a-z_]{2,40}$/;

export function contentstackOAuth(options: ContentstackOAuthOptions): ContentstackOAuth {
  const hosts = options.hosts ?? ((region: Region) => REGIONS[region]);
  const unstated = options.scopesIfUnstated ?? ['personalize:read'];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const remember = (...values: Array<string | undefined>) => options.secrets?.add(...values);
  remember(options.clientSecret);

  const scopesOf = (scope: string | string[] | undefined): string[] => {
    const list = Array.isArray(scope) ? scope : (scope ?? '').split(/[\s,]+/);
    const found = list.map((s) => s.trim()).filter(Boolean);
    return found.length ? [...new Set(found)] : [...unstated];
  };

  async function token(region: Region, grant: Record<string, string>, previousRefresh?: string): Promise<UpstreamTokens> {
    const form = new URLSearchParams({ ...grant, client_id: options.clientId });
    if (options.clientSecret) form.set('client_secret', options.clientSecret);
    const url = `${hosts(region).developerHub.replace(/\/+$/, '')}/token`;
    let status: number;
    let text: string;
    try {
      const res = await undici().request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      const body = await readCapped(res, MAX_TOKEN_BODY_BYTES);
      if (body.oversize) throw new UpstreamOAuthError('invalid_response', `Contentstack's token endpoint answered with more than ${MAX_TOKEN_BODY_BYTES} bytes.`, res.statusCode);
      status = res.statusCode;
      text = body.text;
    } catch (err) {
      if (err instanceof UpstreamOAuthError) throw err;
      const e = err as { name?: string; code?: string };
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      // The cause's code only (ECONNREFUSED…): an undici message may quote the URL, never a secret, but stay sure.
      throw new UpstreamOAuthError(
        'temporarily_unavailable',
        timedOut ? `Contentstack's token endpoint did not answer within ${timeoutMs} ms.` : `Contentstack's token endpoint could not be reached (${e.code ?? 'network error'}).`,
      );
    }
    const parsed = text.trim() ? parseUpstream(text) : { json: undefined };
    const json = 'json' in parsed ? parsed.json : undefined;
    const failure = errorAnswer.safeParse(json);
    // An answer carrying `error` is a refusal whatever its status (Contentstack's CLI checks for it on a 200 too).
    if (status < 200 || status >= 300 || (failure.success && failure.data.error && !(json as { access_token?: unknown }).access_token)) {
      throw refusal(status, failure.success ? failure.data : {});
    }
    const ok = tokenAnswer.safeParse(json);
    if (!ok.success) throw new UpstreamOAuthError('invalid_response', `Contentstack's token endpoint answered ${status} without an access token.`, status);
    const a = ok.data;
    const refreshToken = a.refresh_token ?? previousRefresh;
    if (!refreshToken) throw new UpstreamOAuthError('invalid_response', "Contentstack's token endpoint answered without a refresh token.", status);
    remember(a.access_token, refreshToken);
    return {
      accessToken: a.access_token,
      refreshToken,
      expiresAt: Date.now() + (a.expires_in ?? DEFAULT_EXPIRES_IN_S) * 1000,
      scopes: scopesOf(a.scope),
      ...(a.organization_uid ? { organizationUid: a.organization_uid } : {}),
      ...(a.user_uid ? { userUid: a.user_uid } : {}),
      region,
    };
  }

  function refusal(status: number, body: z.infer<typeof errorAnswer>): UpstreamOAuthError {
    const code = body.error && OAUTH_CODE.test(body.error) ? body.error : status >= 500 ? 'server_error' : status === 401 ? 'invalid_client' : 'invalid_grant';
    const said = body.error_description ?? body.error_message ?? (Array.isArray(body.message) ? body.message.join('; ') : body.message) ?? '';
    // What Contentstack said, bounded and redacted: a message may echo the code or token it refused.
    const detail = said ? `: ${(options.secrets ? options.secrets.redact(said) : said).slice(0, 300)}` : '';
    return new UpstreamOAuthError(code, `Contentstack's token endpoint refused (${status} ${code})${detail}`, status);
  }

  return {
    authorizeUrl(req: AuthorizeRequest): URL {
      const base = hosts(req.region).app.replace(/\/+$/, '');
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: options.clientId,
        redirect_uri: req.redirectUri,
        scope: req.scopes.join(' '),
        state: req.state,
        code_challenge: req.codeChallenge,
        code_challenge_method: 'S256',
      });
      // The app host is a single-page app: the route and its query travel in the #! fragment (docs/oauth.md §2).
      return new URL(`${base}/#!/apps/${encodeURIComponent(options.appUid)}/authorize?${query}`);
    },

    exchangeCode({ region, code, codeVerifier, redirectUri }) {
      remember(code, codeVerifier);
      return token(region, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier });
    },

    refresh({ region, refreshToken }) {
      remember(refreshToken);
      return token(region, { grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken);
    },
  };
}

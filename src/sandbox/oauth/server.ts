import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../listen.js';
import { SANDBOX_OAUTH_APP, type SandboxUser } from './app.js';
import { Grants, type GrantTimes } from './grants.js';
import { bootstrapPage, consentPage, errorPage } from './pages.js';

/**
 * The simulated Contentstack OAuth (docs/oauth.md §7), on its own loopback listener as the real app and
 * Developer Hub hosts are their own: `GET /` (the app host's single-page shell), `GET|POST
 * /apps/{appUid}/authorize` (the consent form and its decision) and `POST /token` (the Developer Hub's token
 * endpoint). Both hosts share this one listener: their paths do not overlap.
 */

export interface OAuthServerOptions {
  users: SandboxUser[];
  times: GrantTimes;
  /** Redirect URIs the app registered; unset: any http(s) URL on a loopback host (the sandbox's own callers). */
  redirectUris?: string[];
}

export interface OAuthRequestRecord {
  at: number;
  method: string;
  path: string;
  status: number;
  grantType?: string;
  /** The token request's field names, sorted (never their values). */
  fields?: string[];
}

export interface OAuthServer {
  url: string;
  grants: Grants;
  requests: OAuthRequestRecord[];
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 16 * 1024;
const OAUTH_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

class FormTooLarge extends Error {}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormTooLarge();
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The consent page's address for a non-browser caller: the `#!` route of an authorize URL, as a real path. */
export function appRoute(authorizeUrl: URL | string): URL {
  const u = new URL(authorizeUrl);
  if (!u.hash.startsWith('#!/')) return u;
  return new URL(u.hash.slice(2), u.origin);
}

export async function startOAuthServer(host: string, o: OAuthServerOptions): Promise<OAuthServer> {
  const grants = new Grants(o.times);
  const requests: OAuthRequestRecord[] = [];

  const allowedRedirect = (raw: string | null): URL | undefined => {
    if (!raw) return undefined;
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return undefined;
    }
    if (u.hash) return undefined;
    if (o.redirectUris) return o.redirectUris.includes(raw) ? u : undefined;
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK.has(u.hostname) ? u : undefined;
  };

  type Checked = { error: string; status: number } | { redirect: URL; params: Record<string, string>; scopes: string[]; redirectError?: string };

  /** RFC 6749 §4.1.2.1: a bad client or redirect URI is shown, never redirected to; other faults go back to the client. */
  function check(appUid: string, p: URLSearchParams): Checked {
    if (appUid !== SANDBOX_OAUTH_APP.appUid) return { status: 404, error: 'No such app.' };
    if (p.get('client_id') !== SANDBOX_OAUTH_APP.clientId) return { status: 400, error: 'The client_id does not belong to this app.' };
    const redirect = allowedRedirect(p.get('redirect_uri'));
    if (!redirect) return { status: 400, error: 'The redirect_uri is missing or not registered on the app.' };
    const params: Record<string, string> = {};
    for (const k of OAUTH_PARAMS) {
      const v = p.get(k);
      if (v !== null) params[k] = v;
    }
    const scopes = (params.scope ?? '').split(/\s+/).filter(Boolean);
    let redirectError: string | undefined;
    if (params.response_type !== 'code') redirectError = 'unsupported_response_type';
    else if (params.code_challenge_method && !params.code_challenge) redirectError = 'invalid_request';
    else if (params.code_challenge_method && !['S256', 'plain'].includes(params.code_challenge_method)) redirectError = 'invalid_request';
    else if (scopes.some((s) => !(SANDBOX_OAUTH_APP.scopes as readonly string[]).includes(s))) redirectError = 'invalid_scope';
    return { redirect, params, scopes, redirectError };
  }

  function back(res: ServerResponse, redirect: URL, add: Record<string, string | undefined>): number {
    const to = new URL(redirect);
    for (const [k, v] of Object.entries(add)) if (v !== undefined) to.searchParams.set(k, v);
    res.writeHead(302, { location: to.toString(), 'cache-control': 'no-store' }).end();
    return 302;
  }

  function html(res: ServerResponse, status: number, body: string, script = false): number {
    res
      .writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
        'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'${script ? "; script-src 'unsafe-inline'" : ''}`,
      })
      .end(body);
    return status;
  }

  function json(res: ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' }).end(JSON.stringify(body));
    return status;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: OAuthRequestRecord): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/') return html(res, 200, bootstrapPage(), true);

    const authorize = /^\/apps\/([^/]+)\/authorize$/.exec(url.pathname);
    if (authorize && (method === 'GET' || method === 'POST')) {
      const appUid = decodeURIComponent(authorize[1]!);
      const form = method === 'POST' ? await readForm(req) : url.searchParams;
      const c = check(appUid, form);
      if ('error' in c) return html(res, c.status, errorPage(c.error));
      const state = c.params.state;
      if (c.redirectError) return back(res, c.redirect, { error: c.redirectError, state });
      if (method === 'GET') return html(res, 200, consentPage({ appUid, params: c.params, scopes: c.scopes, users: o.users }));
      const decision = form.get('decision');
      if (decision === 'deny') return back(res, c.redirect, { error: 'access_denied', error_description: 'The user denied the request.', state });
      if (decision !== 'allow') return html(res, 400, errorPage('decision must be allow or deny.'));
      const user = o.users.find((u) => u.uid === form.get('user_uid'));
      if (!user) return html(res, 400, errorPage('Pick a user to sign in as.'));
      const asked = c.scopes.length ? c.scopes : [...SANDBOX_OAUTH_APP.scopes];
      const scopes = asked.filter((s) => user.maxScopes.includes(s));
      if (!scopes.length) return back(res, c.redirect, { error: 'access_denied', error_description: `${user.name} cannot grant ${asked.join(' ')}.`, state });
      const code = grants.issueCode({
        user,
        redirectUri: c.params.redirect_uri!,
        scopes,
        challenge: c.params.code_challenge,
        method: c.params.code_challenge ? ((c.params.code_challenge_method as 'S256' | 'plain' | undefined) ?? 'plain') : undefined,
      });
      // docs/oauth.md §2: the redirect names the region the user authorized from in `location`.
      return back(res, c.redirect, { code, state, location: 'NA' });
    }

    if (url.pathname === '/token') {
      if (method !== 'POST') return json(res, 405, { error: 'invalid_request', error_description: 'POST only.' });
      if (!/^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? ''))) {
        return json(res, 400, { error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded.' });
      }
      const form = await readForm(req);
      record.grantType = form.get('grant_type') ?? undefined;
      record.fields = [...new Set(form.keys())].sort();
      const out = grants.token(form);
      if ('refused' in out) return json(res, out.refused.status, { error: out.refused.error, error_description: out.refused.error_description });
      return json(res, 200, out.ok);
    }
    return json(res, 404, { error: 'not_found', error_description: `Cannot ${method} ${url.pathname}` });
  }

  const server = createServer((req, res) => {
    const record: OAuthRequestRecord = { at: Date.now(), method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, status: 0 };
    requests.push(record);
    handle(req, res, record)
      .then((status) => {
        record.status = status;
      })
      .catch((err: unknown) => {
        if (res.headersSent) return res.destroy();
        record.status = err instanceof FormTooLarge ? 413 : 500;
        res.writeHead(record.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err instanceof FormTooLarge ? 'invalid_request' : 'server_error' }));
      });
  });
  return { ...(await listen(server, host)), grants, requests };
}

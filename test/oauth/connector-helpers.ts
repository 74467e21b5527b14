import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createRuntime } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { contentstackOAuth } from '../../src/oauth/contentstack.js';
import type { Lifetimes } from '../../src/oauth/provider.js';
import { prepareOAuth } from '../../src/oauth/start.js';
import { MemoryStore } from '../../src/oauth/store.js';
import type { ContentstackOAuth } from '../../src/oauth/upstream.js';
import { appRoute, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { serveHttp, type HttpHandle } from '../../src/transport/http.js';

export interface OAuthStackOptions {
  lifetimes?: Partial<Lifetimes>;
  upstreamRefreshMarginMs?: number;
  sandbox?: SandboxOptions['oauth'];
  /** Share another stack's sandbox, store and key (a second deployment of the same authorization data). */
  share?: OAuthStack;
  env?: Record<string, string>;
}

/** The server of `--http --sandbox` with MCP_AUTH=oauth, in this process, against a sandbox on loopback HTTP. */
export interface OAuthStack {
  sandbox: Sandbox;
  http: HttpHandle;
  url: string;
  origin: string;
  config: Config;
  store: MemoryStore;
  key: Buffer;
  /** Every Contentstack token the server was given (access and refresh), recorded as it got them. */
  upstreamTokens: Set<string>;
  /** The region of each code exchange the server made. */
  exchangeRegions: string[];
  log(): string;
  close(): Promise<void>;
}

/** The upstream client, recording every token Contentstack hands out (for the scan that none is kept in the clear). */
function recording(inner: ContentstackOAuth, seen: Set<string>, regions: string[]): ContentstackOAuth {
  const keep = async (p: ReturnType<ContentstackOAuth['refresh']>) => {
    const t = await p;
    seen.add(t.accessToken).add(t.refreshToken);
    return t;
  };
  return {
    authorizeUrl: (r) => inner.authorizeUrl(r),
    exchangeCode: (r) => {
      regions.push(r.region);
      return keep(inner.exchangeCode(r));
    },
    refresh: (r) => keep(inner.refresh(r)),
  };
}

export async function startOAuthStack(o: OAuthStackOptions = {}): Promise<OAuthStack> {
  const sandbox = o.share?.sandbox ?? (await startSandbox({ rateLimit: 1000, oauth: o.sandbox }));
  let log = '';
  const base = loadConfig(['--http', '--sandbox'], { MCP_AUTH: 'oauth', MCP_HTTP_PORT: '0', LOG_LEVEL: 'info', PERSONALIZE_RATE_LIMIT: '1000', ...o.env });
  const app = sandbox.oauth.app;
  // What src/index.ts does under --sandbox.
  const config: Config = {
    ...base,
    apiUrl: sandbox.url,
    edgeUrl: sandbox.edgeUrl,
    projectUid: sandbox.demo.projectUid,
    auth: { ...base.auth, clientId: app.clientId, clientSecret: app.clientSecret, appUid: app.appUid },
  };
  const logger = createLogger(config.logLevel, {
    write: (line: string) => {
      log += line;
    },
  });
  const runtime = createRuntime(config, logger);
  const upstreamTokens = o.share?.upstreamTokens ?? new Set<string>();
  const exchangeRegions: string[] = [];
  // With REDIS_URL the server makes its own Redis store and reads the key from MCP_AUTH_ENCRYPTION_KEY, as deployed.
  const redis = Boolean(o.env?.REDIS_URL);
  const store = o.share?.store ?? new MemoryStore();
  const key = o.share?.key ?? randomBytes(32);
  const hosts = () => ({ app: sandbox.oauth.url, developerHub: sandbox.oauth.url });
  const upstream = recording(
    contentstackOAuth({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      appUid: app.appUid,
      hosts,
      secrets: runtime.secrets,
      scopesIfUnstated: config.auth.scopesIfUnstated,
    }),
    upstreamTokens,
    exchangeRegions,
  );
  const oauth = await prepareOAuth(config, runtime, {
    upstream,
    ...(redis ? {} : { store, encryptionKey: key }),
    lifetimes: o.lifetimes,
    upstreamRefreshMarginMs: o.upstreamRefreshMarginMs,
    allowLoopbackClientIds: true,
  });
  const http = await serveHttp({ runtime, oauth });
  return {
    sandbox,
    http,
    url: http.url,
    origin: new URL(http.url).origin,
    config,
    store,
    key,
    upstreamTokens,
    exchangeRegions,
    log: () => log,
    async close() {
      await http.shutdown(1000);
      await runtime.close();
      if (!o.share) await sandbox.close();
    },
  };
}

export interface Consent {
  /** Which sandbox user signs in (default: the first, Ada, who may grant both scopes). */
  user?: string;
  decision?: 'allow' | 'deny';
  /** Contentstack's `location` on the way back, as when a user authorizes from another region (docs/oauth.md §2). */
  location?: string;
  /** The answer on our own consent page (src/oauth/consent.ts), before Contentstack's. */
  ours?: 'allow' | 'deny';
}

/** Where the browser ended: the MCP client's redirect URI with our answer on it. */
export interface Redirected {
  url: URL;
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  /** The consent page's HTML, as the browser showed it. */
  consentPage: string;
  /** Our consent page's HTML. */
  ourPage: string;
}

async function manual(url: string | URL, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, redirect: 'manual' });
}

/** Our consent page, as a browser gets it from /authorize: the HTML, the request it names, and the browser cookie set. */
export async function ourConsentPage(authorizeUrl: string | URL, cookie?: string): Promise<{ html: string; request: string; cookie: string; response: Response }> {
  const response = await manual(authorizeUrl, cookie ? { headers: { cookie } } : {});
  const html = await response.text();
  if (response.status !== 200) throw new Error(`/authorize answered ${response.status}: ${html}`);
  const set = response.headers.get('set-cookie') ?? '';
  return { html, request: unescapeHtml(/name="request" value="([^"]*)"/.exec(html)![1]!), cookie: set.slice(0, set.indexOf(';')), response };
}

/** Posts our consent form as the browser holding `cookie` would. */
export function answerConsent(origin: string, request: string, decision: 'allow' | 'deny', cookie?: string): Promise<Response> {
  return manual(new URL('/oauth/consent', origin), {
    method: 'POST',
    body: new URLSearchParams({ request, decision }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
}

/** The user at Contentstack's (simulated) authorize page: the form read and posted back; where it sends the browser. */
export async function atContentstack(toContentstack: string, consent: Consent = {}): Promise<{ toCallback: URL; html: string }> {
  const page = await manual(appRoute(toContentstack));
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html}`);
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, unescapeHtml(m[2]!));
  const users = [...html.matchAll(/name="user_uid" value="([^"]+)"/g)].map((m) => m[1]!);
  form.set('user_uid', consent.user ?? users[0]!);
  form.set('decision', consent.decision ?? 'allow');
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
  const posted = await manual(new URL(action, appRoute(toContentstack)), { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (posted.status !== 302) throw new Error(`consent answered ${posted.status}: ${await posted.text()}`);
  const toCallback = new URL(posted.headers.get('location')!);
  if (consent.location) toCallback.searchParams.set('location', consent.location);
  return { toCallback, html };
}

/**
 * A person's browser from our /authorize to the client's redirect URI: our consent page allowed (its cookie kept, as
 * a browser does), our redirect to Contentstack's (simulated) authorize page, the consent form read and posted back
 * with the decision, the callback to this server, and this server's redirect to the client, which is where it stops
 * (nothing listens there).
 */
export async function browse(authorizeUrl: string | URL, consent: Consent = {}): Promise<Redirected> {
  const origin = new URL(authorizeUrl).origin;
  const ours = await ourConsentPage(authorizeUrl);
  const allowed = await answerConsent(origin, ours.request, consent.ours ?? 'allow', ours.cookie);
  if (allowed.status !== 303) throw new Error(`our consent answered ${allowed.status}: ${await allowed.text()}`);
  const toContentstack = allowed.headers.get('location')!;
  // Denied on our page: straight back to the client (Contentstack's URL carries its query in the #! fragment).
  if (new URL(toContentstack).searchParams.has('error')) {
    const url = new URL(toContentstack);
    const q = url.searchParams;
    return { url, code: undefined, state: q.get('state') ?? undefined, iss: q.get('iss') ?? undefined, error: q.get('error') ?? undefined, consentPage: '', ourPage: ours.html };
  }
  const { toCallback, html } = await atContentstack(toContentstack, consent);
  const callback = await manual(toCallback, { headers: { cookie: ours.cookie } });
  if (callback.status !== 302) throw new Error(`callback answered ${callback.status}: ${await callback.text()}`);
  const url = new URL(callback.headers.get('location')!);
  const q = url.searchParams;
  return {
    url,
    code: q.get('code') ?? undefined,
    state: q.get('state') ?? undefined,
    iss: q.get('iss') ?? undefined,
    error: q.get('error') ?? undefined,
    consentPage: html,
    ourPage: ours.html,
  };
}

const unescapeHtml = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

export const REDIRECT_URI = 'http://127.0.0.1:9/oauth-test/callback';

/** An MCP client's OAuth state, kept as the SDK asks; its browser is `browse`. */
export class TestOAuthClient implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier?: string;
  lastRedirect?: Redirected;
  readonly redirects: Redirected[] = [];
  private readonly expectedState = randomBytes(16).toString('hex');

  constructor(
    private readonly consent: Consent = {},
    readonly extra: { scope?: string; clientMetadataUrl?: string } = {},
  ) {}

  get redirectUrl() {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      redirect_uris: [REDIRECT_URI],
      client_name: 'oauth test client',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...(this.extra.scope ? { scope: this.extra.scope } : {}),
    };
  }
  get clientMetadataUrl() {
    return this.extra.clientMetadataUrl;
  }
  state() {
    return this.expectedState;
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(url: URL) {
    if (this.extra.scope) url.searchParams.set('scope', this.extra.scope);
    this.lastRedirect = await browse(url, this.consent);
    this.redirects.push(this.lastRedirect);
    if (this.lastRedirect.state !== this.expectedState) throw new Error('state mismatch');
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier!;
  }
}

export interface SignedIn {
  client: Client;
  transport: StreamableHTTPClientTransport;
  provider: TestOAuthClient;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The whole sign-in as an MCP client does it: connect, get a 401, discover, register, authorize in the browser, token, connect again. */
export async function signIn(url: string, consent: Consent = {}, extra: TestOAuthClient['extra'] = {}): Promise<SignedIn> {
  const provider = new TestOAuthClient(consent, extra);
  const first = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  const probe = new Client({ name: 'oauth-test', version: '0' });
  await probe.connect(first).then(
    () => {
      throw new Error('connected without signing in');
    },
    (err: unknown) => {
      if (!(err instanceof UnauthorizedError)) throw err;
    },
  );
  const redirected = provider.lastRedirect;
  if (!redirected?.code) throw new Error(`no code: ${redirected?.error ?? 'no redirect'}`);
  await first.finishAuth(redirected.code);
  return connectWith(url, provider);
}

export async function connectWith(url: string, provider: TestOAuthClient): Promise<SignedIn> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  const client = new Client({ name: 'oauth-test', version: '0' });
  await client.connect(transport);
  return {
    client,
    transport,
    provider,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    close: () => client.close(),
  };
}

export { pkce } from './helpers.js';

/** POST a form to one of our endpoints; the JSON answer and status. */
export async function postForm(url: string | URL, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Registers a public client by RFC 7591; its client_id. */
export async function register(origin: string, redirectUris = [REDIRECT_URI]): Promise<string> {
  const res = await fetch(new URL('/register', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: redirectUris, token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], client_name: 'raw' }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}`);
  return ((await res.json()) as { client_id: string }).client_id;
}

/** Our /authorize URL for a client, as the SDK would build it. */
export function authorizeUrl(stack: OAuthStack, p: { clientId: string; challenge: string; redirectUri?: string; resource?: string; scope?: string; state?: string }): URL {
  const u = new URL('/authorize', stack.origin);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', p.clientId);
  u.searchParams.set('redirect_uri', p.redirectUri ?? REDIRECT_URI);
  u.searchParams.set('code_challenge', p.challenge);
  u.searchParams.set('code_challenge_method', 'S256');
  u.searchParams.set('state', p.state ?? 'st-1');
  u.searchParams.set('resource', p.resource ?? stack.url);
  if (p.scope) u.searchParams.set('scope', p.scope);
  return u;
}

/** Exchanges a code at our /token. */
export function exchange(stack: OAuthStack, p: { clientId: string; code: string; verifier: string; redirectUri?: string; resource?: string }) {
  return postForm(new URL('/token', stack.origin), {
    grant_type: 'authorization_code',
    client_id: p.clientId,
    code: p.code,
    code_verifier: p.verifier,
    redirect_uri: p.redirectUri ?? REDIRECT_URI,
    resource: p.resource ?? stack.url,
  });
}

/** A raw JSON-RPC initialize at /mcp with a bearer token: the status and WWW-Authenticate. */
export async function initializeWith(url: string, token: string | undefined) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } }),
  });
  await res.body?.cancel();
  return { status: res.status, challenge: res.headers.get('www-authenticate') ?? '' };
}

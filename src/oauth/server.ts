import type { IncomingMessage, ServerResponse } from 'node:http';
import { metadataHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/metadata.js';
import { createOAuthMetadata, getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import express from 'express';
import { REGIONS, type Region } from '../api/regions.js';
import type { Config } from '../config.js';
import { sessionOptionsFromConfig, type SessionOptions } from '../context.js';
import type { Logger } from '../log.js';
import type { Secrets } from '../secrets.js';
import type { Member } from '../team/members.js';
import { Clients } from './clients.js';
import { hashOf, sameSecret, Sealer } from './crypto.js';
import { Grants, type GrantView } from './grants.js';
import { CONSENT_PATH, PAGE_HEADERS } from './consent.js';
import { PERSONALIZE_SCOPES } from '../api/scopes.js';
import { DEFAULT_LIFETIMES, Provider, type CallbackAnswer, type Lifetimes } from './provider.js';
import type { OAuthStore } from './store.js';
import type { ContentstackOAuth } from './upstream.js';

/** Where Contentstack sends the browser back: register <origin>/oauth/callback as the app's redirect URL. */
export const CALLBACK_PATH = '/oauth/callback';

export interface OAuthServerOptions {
  config: Config;
  /** MCP_PUBLIC_URL, or the listen address under --sandbox. */
  publicUrl: string;
  encryptionKey: Buffer;
  upstream: ContentstackOAuth;
  store: OAuthStore;
  secrets: Secrets;
  logger: Logger;
  /** Tests shorten these. */
  lifetimes?: Partial<Lifetimes>;
  /** Refresh Contentstack's token this long before it expires (default 60 s). */
  upstreamRefreshMarginMs?: number;
  /** Tests only (src/oauth/clients.ts). */
  allowLoopbackClientIds?: boolean;
}

/** Who a valid bearer token is, as the HTTP transport needs it: the session owner and the session's options. */
export interface OAuthIdentity {
  member: Member;
  options: SessionOptions;
}

export type Authenticated = { ok: true; identity: OAuthIdentity } | { ok: false; message: string; challenge: string };

export interface OAuthServer {
  /** True for the paths this module answers (metadata, authorize, token, register, revoke, callback). */
  serves(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The bearer token of a /mcp request, checked: who it is, or the 401 to send. */
  authenticate(req: IncomingMessage): Promise<Authenticated>;
  /** Called with the session owner (OAuthIdentity's member.tokenSha256) of a grant this process ended. */
  onGrantEnded(listener: (owner: string) => void): void;
  close(): Promise<void>;
}

const PATHS = new Set(['/authorize', '/token', '/register', '/revoke', CALLBACK_PATH, CONSENT_PATH]);

/**
 * MCP_AUTH=oauth (docs/hosted-http.md "Remote connector (OAuth)"): the SDK's authorization-server handlers
 * (metadata, /authorize, /token, /register, /revoke) over our Provider, plus the Contentstack callback and
 * the bearer check of /mcp. The SDK's per-IP rate limits are off: behind a proxy every client has its one
 * IP; the HTTP server's connection caps bound the load instead.
 */
export function createOAuthServer(o: OAuthServerOptions): OAuthServer {
  const resource = new URL(o.publicUrl).href;
  const issuerUrl = new URL(new URL(o.publicUrl).origin);
  const lifetimes = { ...DEFAULT_LIFETIMES, ...o.lifetimes };
  const sealer = new Sealer(o.encryptionKey);
  const grants = new Grants({
    store: o.store,
    sealer,
    upstream: o.upstream,
    secrets: o.secrets,
    logger: o.logger,
    refreshMarginMs: o.upstreamRefreshMarginMs ?? 60_000,
    grantTtlMs: lifetimes.refreshMs,
  });
  const clients = new Clients({ store: o.store, sealer, logger: o.logger, allowLoopbackClientIds: o.allowLoopbackClientIds });
  const provider = new Provider({
    store: o.store,
    clients,
    grants,
    sealer,
    upstream: o.upstream,
    secrets: o.secrets,
    logger: o.logger,
    region: o.config.region,
    issuer: issuerUrl.href,
    resource,
    callbackUrl: new URL(CALLBACK_PATH, issuerUrl).href,
    lifetimes,
  });
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(resource));
  const scopesSupported = [...PERSONALIZE_SCOPES];
  const metadata = {
    ...createOAuthMetadata({ provider, issuerUrl, scopesSupported }),
    // RFC 9207 and the MCP spec's client ID metadata documents: both supported (src/oauth/provider.ts, clients.ts).
    authorization_response_iss_parameter_supported: true,
    // Public clients (no secret) may revoke too: the SDK's handler authenticates them by client_id alone.
    revocation_endpoint_auth_methods_supported: ['client_secret_post', 'none'],
    client_id_metadata_document_supported: true,
  };
  const protectedResource = { resource, authorization_servers: [metadata.issuer], scopes_supported: scopesSupported, resource_name: 'Contentstack Personalize MCP' };

  const app = express();
  app.disable('x-powered-by');
  app.use('/.well-known/oauth-authorization-server', metadataHandler(metadata));
  // RFC 9728 at the path-suffixed URL (the SDK's router serves it) and at the root, for clients that look there first.
  app.use('/.well-known/oauth-protected-resource/mcp', metadataHandler(protectedResource));
  app.use('/.well-known/oauth-protected-resource', metadataHandler(protectedResource));
  app.use('/authorize', express.urlencoded({ extended: false, limit: '16kb' }), exactRedirectUri(clients, metadata.issuer));
  app.post('/token', express.urlencoded({ extended: false, limit: '16kb' }), verifierFormat, secretInConstantTime(clients));
  app.post('/revoke', express.urlencoded({ extended: false, limit: '16kb' }), secretInConstantTime(clients));
  const answer = (res: express.Response, status: number, pending: Promise<CallbackAnswer>, what: string) =>
    pending
      .then((a) => {
        res.set(PAGE_HEADERS);
        if ('redirect' in a) res.redirect(status, a.redirect);
        else res.status(a.status).type('text/plain').send(a.message);
      })
      .catch((err: unknown) => {
        o.logger.error({ err: err instanceof Error ? err.message : String(err) }, `OAuth ${what} failed`);
        res.status(500).set(PAGE_HEADERS).type('text/plain').send('The sign-in could not be completed; start again from your MCP client.');
      });
  app.get(CALLBACK_PATH, (req, res) => void answer(res, 302, provider.callback(new URL(req.originalUrl, issuerUrl).searchParams, req.headers.cookie), 'callback'));
  app.post(CONSENT_PATH, express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    void answer(res, 303, provider.consent((req.body ?? {}) as Record<string, unknown>, req.headers.cookie), 'consent');
  });
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl,
      scopesSupported,
      resourceServerUrl: new URL(resource),
      resourceName: protectedResource.resource_name,
      authorizationOptions: { rateLimit: false },
      tokenOptions: { rateLimit: false },
      revocationOptions: { rateLimit: false },
      clientRegistrationOptions: { rateLimit: false, clientSecretExpirySeconds: 0 },
    }),
  );
  app.use((_req, res) => void res.status(404).json({ error: 'Not found: MCP is served at /mcp' }));
  // A body the parsers refuse (too large, malformed): one OAuth error, never express's default page or a stack on stderr.
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    o.logger.info({ type: err.type, status: err.status }, 'OAuth request refused');
    if (res.headersSent) return void res.end();
    res.status(err.status && err.status >= 400 && err.status < 500 ? err.status : 500).json({ error: err.status && err.status < 500 ? 'invalid_request' : 'server_error' });
  });

  // The scopes too (the MCP spec: a client asks for those of the challenge first).
  const challenge = (error?: string) => `Bearer resource_metadata="${resourceMetadataUrl}", scope="${PERSONALIZE_SCOPES.join(' ')}"${error ? `, error="${error}"` : ''}`;

  return {
    serves: (path) => PATHS.has(path) || path.startsWith('/.well-known/oauth-'),
    handle: (req, res) => app(req as express.Request, res as express.Response),
    async authenticate(req) {
      const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token)
        return { ok: false, challenge: challenge(), message: 'Unauthorized: sign in first (your MCP client does this by OAuth: see the resource metadata in WWW-Authenticate).' };
      const info = await provider.verifyAccessToken(token).catch(() => undefined);
      if (!info)
        return { ok: false, challenge: challenge('invalid_token'), message: 'Unauthorized: the access token is invalid, expired or revoked; refresh it or sign in again.' };
      if (info.resource?.href !== resource)
        return { ok: false, challenge: challenge('invalid_token'), message: `Unauthorized: the access token was issued for another resource, not ${resource}.` };
      // Checked by verifyAccessToken: the token's grant is live.
      const grant = info.extra?.grant as GrantView;
      const write = info.scopes.includes('personalize:manage');
      const name = grant.userUid ? `user:${grant.userUid}` : `grant:${grant.id.slice(0, 8)}`;
      const owner = ownerOf(grant.id);
      const base = sessionOptionsFromConfig(o.config);
      const stateless = o.config.http.stateless && (base.confirmMode === 'auto' || base.confirmMode === 'elicit');
      return {
        ok: true,
        identity: {
          member: { name, tokenSha256: owner, role: write ? 'write' : 'read' },
          options: {
            ...base,
            credentials: { oauth: grants.source(grant.id, owner) },
            organizationUid: grant.organizationUid ?? base.organizationUid,
            ...regionUrls(o.config, grant.region),
            confirmMode: stateless ? 'token' : base.confirmMode,
            readOnly: base.readOnly || !write,
            member: { name },
          },
        },
      };
    },
    onGrantEnded: (listener) => grants.onEnded((id) => listener(ownerOf(id))),
    close: () => o.store.close(),
  };
}

/** Who holds a grant's MCP sessions (src/transport/http-sessions.ts owner). */
const ownerOf = (grantId: string) => `oauth:${hashOf(grantId)}`;

/** A grant from another region than CONTENTSTACK_REGION calls that region's APIs, unless the URLs were set explicitly. */
function regionUrls(config: Config, region: Region): { apiUrl?: string; edgeUrl?: string } {
  if (region === config.region) return {};
  const own = REGIONS[config.region];
  return { apiUrl: config.apiUrl === own.api ? REGIONS[region].api : undefined, edgeUrl: config.edgeUrl === own.edge ? REGIONS[region].edge : undefined };
}

/**
 * Before the SDK's /authorize: the SDK lets a loopback redirect URI differ in port (RFC 8252); this server holds every
 * client to the exact URI it registered (issue 15), refused with a 400 before anything is redirected. And the error
 * redirects the SDK's handler makes back to the client get our `iss` too, as RFC 9207 asks of every authorization
 * response once the metadata says it is supported.
 */
function exactRedirectUri(clients: Clients, issuer: string): express.RequestHandler {
  return (req, res, next) => {
    const q = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown> | undefined;
    const clientId = typeof q?.client_id === 'string' ? q.client_id : undefined;
    const redirectUri = typeof q?.redirect_uri === 'string' ? q.redirect_uri : undefined;
    if (!clientId) return next();
    clients
      .getClient(clientId)
      .then((client) => {
        if (client && redirectUri !== undefined && !client.redirect_uris.includes(redirectUri)) {
          res.setHeader('cache-control', 'no-store');
          res.status(400).json({ error: 'invalid_request', error_description: 'redirect_uri must be exactly one the client registered.' });
          return;
        }
        const back = redirectUri ?? (client?.redirect_uris.length === 1 ? client.redirect_uris[0] : undefined);
        if (back) withIssOnErrors(res, back, issuer);
        next();
      })
      .catch(next);
  };
}

/**
 * RFC 7636 §4.1: a code_verifier is 43 to 128 unreserved characters. The SDK's token handler hashes whatever it gets; a
 * short verifier is one an eavesdropper on the challenge could guess, so it is refused before the code is looked at.
 */
function verifierFormat(req: express.Request, res: express.Response, next: express.NextFunction): void {
  const body = req.body as Record<string, unknown> | undefined;
  const verifier = body?.code_verifier;
  if (body?.grant_type !== 'authorization_code' || verifier === undefined || (typeof verifier === 'string' && /^[A-Za-z0-9._~-]{43,128}$/.test(verifier))) {
    next();
    return;
  }
  res.setHeader('cache-control', 'no-store');
  res.status(400).json({ error: 'invalid_request', error_description: 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1).' });
}

/**
 * A registered client's secret, compared in constant time before the SDK's client authentication (which compares with
 * `!==`, so that its answer time could tell how much of a guess was right); the SDK then only ever sees the right one.
 */
function secretInConstantTime(clients: Clients): express.RequestHandler {
  return (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    const [id, secret] = [body?.client_id, body?.client_secret];
    if (typeof id !== 'string' || typeof secret !== 'string') return void next();
    clients
      .getClient(id)
      .then((client) => {
        if (!client?.client_secret || sameSecret(client.client_secret, secret)) return void next();
        res.setHeader('cache-control', 'no-store');
        res.status(400).json({ error: 'invalid_client', error_description: 'Invalid client_secret' });
      })
      .catch(next);
  };
}

function withIssOnErrors(res: express.Response, redirectUri: string, issuer: string): void {
  const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
  res.redirect = ((status: number | string, url?: string) => {
    const [code, to] = typeof status === 'number' ? [status, url!] : [302, status];
    const target = new URL(to);
    if (to.startsWith(redirectUri) && target.searchParams.has('error') && !target.searchParams.has('iss')) target.searchParams.set('iss', issuer);
    redirect(code, target.href);
  }) as express.Response['redirect'];
}

import { createHash } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from './listen.js';
import { startEdgeServer, type EdgeRequestRecord } from './edge/server.js';
import { readJsonBody } from './body.js';
import { apiError, plainError, SandboxError } from './errors.js';
import { Faults, oversizeBody, type Fault } from './faults.js';
import { collectionRoutes } from './management/collections.js';
import { experienceRoutes } from './management/experiences.js';
import { analyticsRoutes, geoRoutes, priorityRoutes, projectRoutes } from './management/misc.js';
import { versionRoutes } from './management/versions.js';
import { resolve, type Route, type SandboxRequest, type SandboxResponse } from './router.js';
import { SANDBOX_OAUTH_APP, SECOND_ORGANIZATION, MANAGE_SCOPE, sandboxUsers, type SandboxUser } from './oauth/app.js';
import { ACCESS_TOKEN_PREFIX } from './oauth/grants.js';
import { startOAuthServer, type OAuthRequestRecord } from './oauth/server.js';
import { seedDemo, type DemoIds } from './seed.js';
import { newStore, withSeededIds, type Store } from './store.js';

export interface SandboxOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Management requests per second per organization before 429 (the real default is 10). */
  rateLimit?: number;
  projectCap?: number;
  /** The demo's uids are derived from this seed: the same seed gives the same uids on every start. Random when absent. */
  seed?: string;
  /** The simulated Contentstack OAuth (docs/oauth.md §7). */
  oauth?: SandboxOAuthOptions;
}

export interface SandboxOAuthOptions {
  /** Access tokens' lifetime (default 3600 s, as Contentstack's); short in tests. */
  tokenTtlS?: number;
  /** Authorization codes' lifetime (default 60 s). */
  codeTtlS?: number;
  /** Redirect URIs the app registered; unset: any http(s) URL on a loopback host. */
  redirectUris?: string[];
  /** Token answers without `scope` (docs/oauth.md §4: not established that Contentstack's carry it). */
  omitScope?: boolean;
}

/** The simulated Developer Hub: where its pages and token endpoint listen, its app and its users. */
export interface SandboxOAuth {
  /** The app host and the Developer Hub host both: `/#!/apps/{appUid}/authorize`, `/token`. */
  url: string;
  app: typeof SANDBOX_OAUTH_APP;
  users: SandboxUser[];
  requests: OAuthRequestRecord[];
}

/** One upstream request as the sandbox saw it; tests read these. */
export interface RequestRecord {
  at: number;
  method: string;
  path: string;
  status: number;
  project?: string;
  /** First 12 hex of the SHA-256 of the credential used, never the credential. */
  credential?: string;
  /** The parsed JSON body of a POST or PUT, as it arrived. */
  body?: unknown;
  /** The organization_uid header, when sent. */
  organizationUid?: string;
  /** The user a sandbox OAuth access token belongs to, when one was used. */
  userUid?: string;
}

export interface Sandbox {
  url: string;
  /** The Edge API: its own loopback listener, as the real Edge is its own host; no credentials, no rate limit. */
  edgeUrl: string;
  demo: DemoIds;
  oauth: SandboxOAuth;
  store: Store;
  requests: RequestRecord[];
  /** Edge requests, logged apart from the Management ones. */
  edgeRequests: EdgeRequestRecord[];
  addFault(f: Fault): void;
  /** A fault on the Edge listener (status, with retryAfter, or delay). */
  addEdgeFault(f: Fault): void;
  clearFaults(): void;
  /** The most requests seen in any one-second window so far. */
  peakPerSecond(): number;
  close(): Promise<void>;
}

export type { Fault } from './faults.js';
export { SANDBOX_OAUTH_APP, type SandboxUser } from './oauth/app.js';
export { appRoute } from './oauth/server.js';

export const SANDBOX_TOKEN = 'sandbox-authtoken';

const ROUTES: Route[] = [...projectRoutes, ...collectionRoutes, ...priorityRoutes, ...analyticsRoutes, ...versionRoutes, ...experienceRoutes, ...geoRoutes];

function credentialOf(req: IncomingMessage): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  const token = bearer ?? (req.headers.authtoken as string | undefined);
  return token?.trim() || undefined;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = newStore(options.projectCap ?? 3);
  const seed = options.seed;
  const demo = seed === undefined ? seedDemo(store) : withSeededIds(seed, () => seedDemo(store));
  const rateLimit = options.rateLimit ?? 10;
  const requests: RequestRecord[] = [];
  const faults = new Faults();
  store.organizations.push(SECOND_ORGANIZATION);
  const users = sandboxUsers(demo.organizationUid);
  const host = options.host ?? '127.0.0.1';
  const o = options.oauth ?? {};
  const oauth = await startOAuthServer(host, {
    users,
    redirectUris: o.redirectUris,
    times: { accessTtlMs: (o.tokenTtlS ?? 3600) * 1000, codeTtlMs: (o.codeTtlS ?? 60) * 1000, omitScope: o.omitScope ?? false },
  });
  const accepted = new Map<string, number[]>();

  /** Sliding one-second window per organization over accepted requests (docs/api.md §3: 10/s, then 429). */
  function overLimit(org: string, now: number): boolean {
    const times = (accepted.get(org) ?? []).filter((t) => now - t < 1000);
    accepted.set(org, times);
    if (times.length >= rateLimit) return true;
    times.push(now);
    return false;
  }

  async function handle(req: IncomingMessage, _res: ServerResponse, record: RequestRecord): Promise<SandboxResponse> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const credential = credentialOf(req);
    if (credential) record.credential = createHash('sha256').update(credential).digest('hex').slice(0, 12);
    const fault = faults.take(method, url.pathname);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return {};
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    if (fault?.kind === 'oversize') return { status: 200, body: oversizeBody(fault) };
    if (fault?.kind === 'status') {
      const status = fault.status ?? 503;
      const error = STATUS_CODES[status] ?? 'Error';
      const message =
        status === 429 ? 'Rate limit exceeded' : status === 401 ? "You're not allowed in here unless you're logged in." : status >= 500 ? 'Upstream unavailable' : error;
      return { status, headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}, body: { statusCode: status, error, message } };
    }
    if (!credential) throw plainError(401, "You're not allowed in here unless you're logged in.");
    // A token from the simulated Developer Hub is checked as the real API checks OAuth tokens (docs/oauth.md §6);
    // any other credential is taken as before.
    const grant = credential.startsWith(ACCESS_TOKEN_PREFIX) ? oauth.grants.checkAccess(credential) : undefined;
    if (grant && 'refused' in grant) throw plainError(401, "You're not allowed in here unless you're logged in.");
    if (grant) record.userUid = grant.user.uid;
    if (fault?.kind === 'echo') {
      const status = fault.status ?? 400;
      return {
        status,
        body:
          status < 300
            ? [{ uid: 'echo', key: `seen ${credential}`, note: `seen ${credential}` }]
            : { statusCode: status, error: 'Bad Request', message: `Invalid credential ${credential}` },
      };
    }
    const { route, params } = resolve(ROUTES, method, url.pathname);
    // docs/api.md §2: personalize:read allows GET only; the guard's refusal is NestJS's default 403.
    if (grant && method !== 'GET' && !grant.scopes.includes(MANAGE_SCOPE)) throw plainError(403, 'Forbidden resource');
    const orgHeader = (req.headers.organization_uid as string | undefined)?.trim() || undefined;
    record.organizationUid = orgHeader;
    if (grant && orgHeader && orgHeader !== grant.user.organizationUid) throw plainError(403, 'Forbidden resource');
    // Every real client sends organization_uid on /projects (docs/api.md §2, §12); the sandbox insists on it.
    if (url.pathname === '/projects' || url.pathname.startsWith('/projects/')) {
      if (!orgHeader) throw apiError(400, 'personalize.ORGANIZATION_UID_HEADER_NOT_SET', 'The organization_uid header is required');
    }
    const projectUid = req.headers['x-project-uid'] as string | undefined;
    record.project = projectUid;
    const project = route.scope === 'project' ? store.projects.find((p) => p.uid === projectUid) : undefined;
    if (route.scope === 'project' && !projectUid) throw apiError(400, 'personalize.PROJECT_UID_HEADER_NOT_SET', 'The x-project-uid header is required');
    if (route.scope === 'project' && !project) throw apiError(404, 'personalize.PROJECTS.NOT_FOUND', `Project ${projectUid} not found`);
    if (grant && project && project.organizationUid !== grant.user.organizationUid) throw plainError(403, 'Forbidden resource');
    const organizationUid = project?.organizationUid ?? orgHeader ?? grant?.user.organizationUid ?? demo.organizationUid;
    if (overLimit(organizationUid, Date.now())) {
      return { status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, error: 'Too Many Requests', message: 'ThrottlerException: Too Many Requests' } };
    }
    const body = method === 'POST' || method === 'PUT' ? await readJsonBody(req, () => plainError(400, 'Unexpected token in JSON body')) : undefined;
    record.body = body;
    const sreq: SandboxRequest = { method, path: url.pathname, params, query: url.searchParams, headers: req.headers, body, store, project: project!, organizationUid };
    const out = await route.handle(sreq);
    if (fault?.kind === 'malformed') return { status: out.status ?? 200, body: '{"uid": "truncated', headers: { 'x-raw': '1' } };
    return out;
  }

  const server: Server = createServer((req, res) => {
    const record: RequestRecord = { at: Date.now(), method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, status: 0 };
    requests.push(record);
    handle(req, res, record)
      .catch((err: unknown) => {
        if (err instanceof SandboxError) return { status: err.status, body: err.body } as SandboxResponse;
        return { status: 500, body: { statusCode: 500, message: 'Internal server error' } };
      })
      .then((out) => {
        if (res.destroyed || req.socket.destroyed) return;
        record.status = out.status ?? 200;
        const raw = out.headers?.['x-raw'] === '1';
        const text = out.body === undefined || record.status === 204 ? '' : raw ? String(out.body) : JSON.stringify(out.body);
        const headers: Record<string, string> = { ...out.headers };
        delete headers['x-raw'];
        if (text) headers['content-type'] = 'application/json; charset=utf-8';
        res.writeHead(record.status, headers).end(text);
      });
  });
  const management = await listen(server, host, options.port).catch(async (err: unknown) => {
    await oauth.close();
    throw err;
  });
  const edgeFaults = new Faults();
  const edge = await startEdgeServer(store, host, edgeFaults);

  return {
    url: management.url,
    demo,
    oauth: { url: oauth.url, app: SANDBOX_OAUTH_APP, users, requests: oauth.requests },
    store,
    edgeUrl: edge.url,
    requests,
    edgeRequests: edge.requests,
    addFault: (f) => faults.add(f),
    addEdgeFault: (f) => edgeFaults.add(f),
    clearFaults: () => {
      faults.clear();
      edgeFaults.clear();
    },
    peakPerSecond() {
      const times = requests.map((r) => r.at).sort((a, b) => a - b);
      let peak = 0;
      for (let i = 0, j = 0; j < times.length; j++) {
        while (times[j]! - times[i]! >= 1000) i++;
        peak = Math.max(peak, j - i + 1);
      }
      return peak;
    },
    close: async () => {
      await edge.close();
      await oauth.close();
      await management.close();
    },
  };
}

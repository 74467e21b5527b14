import type { Dispatcher } from 'undici';
import type { Logger } from '../../log.js';
import { PersonalizeApiError, ToolInputError } from '../errors.js';
import { exchange, parseAnswer, type CoreOptions } from '../http.js';
import type { Limiter } from '../limiter.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Credentials {
  authtoken?: string;
  oauthToken?: string;
  /** MCP_AUTH=oauth: the signed-in user's Contentstack token, asked for on every request (it is refreshed under the session). */
  oauth?: TokenSource;
}

/** A user's Contentstack OAuth token that can change while a session lasts (src/oauth/grants.ts). */
export interface TokenSource {
  /** Stable and not secret: keys the user's limiter and cache scope. */
  readonly id: string;
  /** The current access token, refreshed first when it is about to expire. */
  token(): Promise<string>;
  /** After a 401 with `rejected`: a new token; throws, saying what to do, when none can be had. */
  renew(rejected: string): Promise<string>;
}

export interface ClientOptions {
  baseUrl: string;
  credentials: Credentials;
  organizationUid?: string;
  limiter: Limiter;
  dispatcher: () => Dispatcher;
  logger: Logger;
  userAgent?: string;
  /** Called after every write (whatever its outcome), with its project: cached lists of it are stale. */
  onWrite?: (project: string | undefined) => void;
  /** A team member limited to some projects (docs/hosted-http.md; src/team/access.ts). */
  projectLimit?: ProjectLimit;
}

/**
 * The team allow-list below every reader — tools, resources, completions, list callbacks — at the one
 * place all Management calls pass: a request for another project throws before anything is sent, and the
 * organization's project list shows only the allowed projects.
 */
export interface ProjectLimit {
  allowed: readonly string[];
  /** The error for a request to another project, or (undefined) for creating one. */
  refuse(project: string | undefined): Error;
}

const SIGNED_IN_REFUSED =
  'Contentstack refused your signed-in token even after refreshing it (revoked, or your access changed): reconnect the server in your MCP client to sign in again. Nothing was changed.';

const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE']);

export interface RequestOptions {
  /** Project uid for project-scoped endpoints, sent as x-project-uid. */
  project?: string;
  body?: unknown;
  query?: Record<string, string | undefined>;
}

const isProjectsPath = (path: string) => path === '/projects' || path.startsWith('/projects/') || path.startsWith('/projects?');

/**
 * The Personalize Management API client: credentials, the organization's limiter, and the cache drop after
 * writes, over the shared request core (src/api/http.ts). Its endpoints are src/api/management/*.ts.
 */
export class PersonalizeClient {
  private readonly core: CoreOptions;

  constructor(private readonly opts: ClientOptions) {
    this.core = {
      dispatcher: opts.dispatcher,
      logger: opts.logger,
      limiter: opts.limiter,
      timeoutMs: 20_000,
      retry: { rateLimited: 4, transient: 2, baseDelayMs: 250, maxDelayMs: 10_000 },
      retriesTransient: (method) => IDEMPOTENT.has(method),
      error: PersonalizeApiError,
      service: 'personalize',
    };
  }

  get hasCredentials(): boolean {
    return Boolean(this.opts.credentials.oauthToken || this.opts.credentials.authtoken || this.opts.credentials.oauth);
  }

  get<T>(path: string, o: RequestOptions = {}) {
    return this.request<T>('GET', path, o);
  }
  post<T>(path: string, body: unknown, o: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...o, body });
  }
  put<T>(path: string, body: unknown, o: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...o, body });
  }
  delete(path: string, o: RequestOptions = {}) {
    return this.request<undefined>('DELETE', path, o);
  }

  async request<T>(method: Method, path: string, o: RequestOptions = {}): Promise<T> {
    const limit = this.opts.projectLimit;
    if (limit) {
      const named = [o.project, /^\/projects\/([^/?]+)/.exec(path)?.[1]].find((p) => p !== undefined && !limit.allowed.includes(p));
      if (named !== undefined) throw limit.refuse(named);
      if (path === '/projects' && method !== 'GET') throw limit.refuse(undefined);
      if (path === '/projects' && method === 'GET') return onlyAllowed(await this.unlimited<T>(method, path, o), limit.allowed);
    }
    return this.unlimited<T>(method, path, o);
  }

  private async unlimited<T>(method: Method, path: string, o: RequestOptions): Promise<T> {
    if (isProjectsPath(path) && !this.opts.organizationUid) {
      throw new ToolInputError(
        "The projects calls need your organization uid and nothing was sent: set CONTENTSTACK_ORGANIZATION_UID (over hosted HTTP, the X-Contentstack-Organization-Uid header or the member's credentials.organizationUid).",
      );
    }
    if (method === 'GET') return this.send<T>(method, path, o);
    try {
      return await this.send<T>(method, path, o);
    } finally {
      this.opts.onWrite?.(o.project);
    }
  }

  private async send<T>(method: Method, path: string, o: RequestOptions): Promise<T> {
    const url = new URL(this.opts.baseUrl + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const source = this.opts.credentials.oauth;
    const bearer = await source?.token();
    const res = await exchange(this.core, { method, path, url: url.href, headers: this.headers(path, o, bearer), body });
    // A token the API refused although it had not expired by our clock: refreshed once, the request sent once more.
    if (source && bearer && res.status === 401) {
      const renewed = await source.renew(bearer);
      const again = await exchange(this.core, { method, path, url: url.href, headers: this.headers(path, o, renewed), body });
      if (again.status === 401) throw new ToolInputError(SIGNED_IN_REFUSED);
      return parseAnswer(this.core, method, path, again) as T;
    }
    return parseAnswer(this.core, method, path, res) as T;
  }

  private headers(path: string, o: RequestOptions, bearer?: string): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', 'user-agent': this.opts.userAgent ?? 'contentstack-personalize-mcp' };
    const { authtoken } = this.opts.credentials;
    const oauthToken = bearer ?? this.opts.credentials.oauthToken;
    if (oauthToken) h.authorization = `Bearer ${oauthToken}`;
    else if (authtoken) h.authtoken = authtoken;
    if (o.project) h['x-project-uid'] = o.project;
    // Contentstack's CLI sends organization_uid on the org-level /projects calls only (docs/api.md §2, §12).
    if (isProjectsPath(path) && this.opts.organizationUid) h.organization_uid = this.opts.organizationUid;
    if (o.body !== undefined) h['content-type'] = 'application/json';
    return h;
  }
}

/** A project list (bare array, or wrapped as some guides show) with only the allowed projects in it. */
function onlyAllowed<T>(body: T, allowed: readonly string[]): T {
  const keep = (items: unknown[]) => items.filter((p) => typeof (p as { uid?: unknown })?.uid === 'string' && allowed.includes((p as { uid: string }).uid));
  if (Array.isArray(body)) return keep(body) as T;
  if (body && typeof body === 'object') {
    const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    for (const k of ['data', 'items', 'projects']) if (Array.isArray(out[k])) out[k] = keep(out[k] as unknown[]);
    return out as T;
  }
  return body;
}

import { request, type Dispatcher } from 'undici';
import type { Logger } from '../log.js';
import { parseUpstream, readCapped } from './body.js';
import { CallStoppedError, currentCall, type CallScope } from './call.js';
import { parseErrorBody, PersonalizeApiError, ToolInputError } from './errors.js';
import type { Limiter } from './limiter.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Credentials {
  authtoken?: string;
  oauthToken?: string;
}

export interface ClientOptions {
  baseUrl: string;
  credentials: Credentials;
  organizationUid?: string;
  limiter: Limiter;
  dispatcher: Dispatcher;
  logger: Logger;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
  /** Called after every write (whatever its outcome), with its project: cached lists of it are stale. */
  onWrite?: (project: string | undefined) => void;
}

export interface RetryPolicy {
  /** Retries of a 429 (any method: the request was not processed). */
  rateLimited: number;
  /** Retries of 5xx and network errors, for idempotent methods only. */
  transient: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { rateLimited: 4, transient: 2, baseDelayMs: 250, maxDelayMs: 10_000 };
const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'PUT', 'DELETE']);

export interface RequestOptions {
  /** Project uid for project-scoped endpoints, sent as x-project-uid. */
  project?: string;
  body?: unknown;
  query?: Record<string, string | undefined>;
}

interface RawResponse {
  status: number;
  retryAfter?: string;
  text: string;
  /** Longer than MAX_UPSTREAM_BODY_BYTES: not read (src/api/body.ts). */
  oversize?: boolean;
}

const isProjectsPath = (path: string) => path === '/projects' || path.startsWith('/projects/') || path.startsWith('/projects?');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, as RFC 9110 allows. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

/**
 * The Personalize Management API client. Every attempt, retries included, passes the organization's
 * limiter: undici's retry interceptor would resend behind the limiter's back, so retries live here.
 */
export class PersonalizeClient {
  private readonly retry: RetryPolicy;
  /** Upstream requests sent by this client (attempts, retries included); benchmarks read it. */
  requestCount = 0;

  constructor(private readonly opts: ClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
  }

  get hasCredentials(): boolean {
    return Boolean(this.opts.credentials.oauthToken || this.opts.credentials.authtoken);
  }

  get<T>(path: string, o: RequestOptions = {}) { return this.request<T>('GET', path, o); }
  post<T>(path: string, body: unknown, o: RequestOptions = {}) { return this.request<T>('POST', path, { ...o, body }); }
  put<T>(path: string, body: unknown, o: RequestOptions = {}) { return this.request<T>('PUT', path, { ...o, body }); }
  delete(path: string, o: RequestOptions = {}) { return this.request<undefined>('DELETE', path, o); }

  async request<T>(method: Method, path: string, o: RequestOptions = {}): Promise<T> {
    if (isProjectsPath(path) && !this.opts.organizationUid) {
      throw new ToolInputError('The projects calls need your organization uid and nothing was sent: set CONTENTSTACK_ORGANIZATION_UID (over hosted HTTP, the X-Contentstack-Organization-Uid header or the member\'s credentials.organizationUid).');
    }
    if (method === 'GET') return this.attempt<T>(method, path, o);
    try {
      return await this.attempt<T>(method, path, o);
    } finally {
      this.opts.onWrite?.(o.project);
    }
  }

  private async attempt<T>(method: Method, path: string, o: RequestOptions): Promise<T> {
    const url = this.url(path, o.query);
    const headers = this.headers(path, o);
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    // The tool call's deadline and cancel bound the limiter's queue, every attempt and every wait.
    const call = currentCall();
    const pause = (ms: number) => (call ? call.wait(ms, method, path) : sleep(ms));
    let rateLimited = 0;
    let transient = 0;
    for (;;) {
      let res: RawResponse;
      try {
        let sent = false;
        const slot = this.opts.limiter.schedule(() => this.send(method, path, url, headers, body, call, () => { sent = true; }));
        try {
          res = await (call ? call.race(slot, method, path) : slot);
        } catch (err) {
          // The deadline may fire while the request is out: then it was sent, whatever the race saw.
          if (call && err instanceof CallStoppedError && sent && !err.inFlight) throw new CallStoppedError(err.reason, call, { method, path, sent: true });
          throw err;
        }
      } catch (err) {
        if (err instanceof CallStoppedError) throw err;
        const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError' || /timeout/i.test(String((err as { code?: string }).code)));
        if (IDEMPOTENT.has(method) && transient < this.retry.transient) {
          await pause(this.backoff(transient++));
          continue;
        }
        const detail = err instanceof Error ? ((err as { code?: string }).code ?? err.message) : String(err);
        throw new PersonalizeApiError(method, path, undefined, undefined, detail, timeout ? 'timeout' : 'network');
      }
      if (res.status === 429 && rateLimited < this.retry.rateLimited) {
        const after = parseRetryAfter(res.retryAfter);
        const wait = after !== undefined ? Math.min(after * 1000, this.retry.maxDelayMs) : this.backoff(rateLimited);
        // Out of time for the wait the API asked for: say how long to wait instead of waiting.
        if (call && wait >= call.remainingMs()) return this.parse<T>(method, path, res);
        rateLimited++;
        this.opts.logger.warn({ method, path, wait }, 'personalize rate limited; retrying');
        await pause(wait);
        continue;
      }
      if (res.status >= 500 && IDEMPOTENT.has(method) && transient < this.retry.transient) {
        await pause(this.backoff(transient++));
        continue;
      }
      return this.parse<T>(method, path, res);
    }
  }

  private async send(method: Method, path: string, url: string, headers: Record<string, string>, body: string | undefined, call: CallScope | undefined, onSent: () => void): Promise<RawResponse> {
    // Checked again here: a job may leave the limiter's queue after its call ran out of time.
    call?.assertMayStart(method, path);
    onSent();
    const sent = { method, path: path.split('?')[0]!, status: undefined as number | undefined };
    call?.sent.push(sent);
    this.requestCount++;
    const timeoutMs = this.opts.timeoutMs ?? 20_000;
    try {
      const res = await request(url, {
        method,
        headers,
        body,
        dispatcher: this.opts.dispatcher,
        signal: call ? call.requestSignal(timeoutMs) : AbortSignal.timeout(timeoutMs),
      });
      const { text, oversize } = await readCapped(res);
      sent.status = res.statusCode;
      const retryAfter = res.headers['retry-after'];
      return { status: res.statusCode, text, oversize, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
    } catch (err) {
      const stopped = call?.stopReason();
      if (call && stopped) throw new CallStoppedError(stopped, call, { method, path, sent: true });
      throw err;
    }
  }

  private parse<T>(method: Method, path: string, res: RawResponse): T {
    if (res.oversize) throw new PersonalizeApiError(method, path, res.status, undefined, undefined, 'oversize');
    let json: unknown;
    let malformed = false;
    if (res.text.trim() !== '') {
      const parsed = parseUpstream(res.text);
      if ('tooDeep' in parsed) throw new PersonalizeApiError(method, path, res.status, undefined, String(parsed.tooDeep), 'deep');
      if ('malformed' in parsed) malformed = true;
      else json = parsed.json;
    }
    if (res.status >= 200 && res.status < 300) {
      if (malformed) throw new PersonalizeApiError(method, path, res.status, undefined, undefined, 'malformed');
      return json as T;
    }
    const { code, message } = parseErrorBody(malformed ? res.text : json);
    this.opts.logger.debug({ method, path, status: res.status, code }, 'personalize request failed');
    throw new PersonalizeApiError(method, path, res.status, code, message, 'http', parseRetryAfter(res.retryAfter));
  }

  /** Full jitter: a random wait up to base·2^n, capped. */
  private backoff(n: number): number {
    return Math.random() * Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** n);
  }

  private url(path: string, query?: Record<string, string | undefined>): string {
    const url = new URL(this.opts.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    return url.href;
  }

  private headers(path: string, o: RequestOptions): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', 'user-agent': this.opts.userAgent ?? 'contentstack-personalize-mcp' };
    const { oauthToken, authtoken } = this.opts.credentials;
    if (oauthToken) h.authorization = `Bearer ${oauthToken}`;
    else if (authtoken) h.authtoken = authtoken;
    if (o.project) h['x-project-uid'] = o.project;
    // Contentstack's CLI sends organization_uid on the org-level /projects calls only (reference §2, §12).
    if (isProjectsPath(path) && this.opts.organizationUid) h.organization_uid = this.opts.organizationUid;
    if (o.body !== undefined) h['content-type'] = 'application/json';
    return h;
  }
}

import { request, type Dispatcher } from 'undici';
import { kib } from '../bounds/json.js';
import { MAX_UPSTREAM_BODY_BYTES, MAX_UPSTREAM_DEPTH } from '../bounds/limits.js';
import type { Logger } from '../log.js';
import { parseUpstream, readCapped } from './body.js';
import { CallStoppedError, currentCall } from './call.js';
import { parseRetryAfter } from './client.js';
import { parseErrorBody, PersonalizeApiError } from './errors.js';

export interface EdgeClientOptions {
  baseUrl: string;
  dispatcher: Dispatcher;
  logger: Logger;
  timeoutMs?: number;
  /** Retries of a GET after a 5xx or a network failure (writes are never resent for those). */
  getRetries?: number;
  /** Retries after a 429, any method (the request was not processed), as the Management client does. */
  rateLimitedRetries?: number;
  baseDelayMs?: number;
  /** Sent as x-user-agent (the SDK's telemetry header); user-agent itself is the visitor's. */
  clientName?: string;
}

/** What a manifest is evaluated for: the visitor and what the Edge would see of their request. */
export interface ManifestQuery {
  project: string;
  userUid?: string;
  liveAttributes?: Record<string, unknown>;
  pageUrl?: string;
  referrer?: string;
  userAgent?: string;
  ipAddress?: string;
  tags?: string[];
}

export interface ManifestExperience {
  shortUid: string;
  activeVariantShortUid: string | null;
}

export interface Manifest {
  /** The visitor uid in effect: the response header, else the one sent. */
  userUid: string;
  experiences: ManifestExperience[];
}

export type EdgeEvent =
  | { type: 'IMPRESSION'; experienceShortUid: string; variantShortUid: string }
  | { type: 'EVENT'; eventKey: string };

/** An Edge failure: a PersonalizeApiError whose message speaks of the Edge API and PERSONALIZE_EDGE_URL. */
export class EdgeApiError extends PersonalizeApiError {
  constructor(method: string, path: string, status: number | undefined, code: string | undefined, apiMessage: string | undefined, kind: PersonalizeApiError['kind'], retryAfterS?: number) {
    super(method, path, status, code, apiMessage, kind, retryAfterS);
    this.message = describeEdge(method, path, status, code, apiMessage, kind, retryAfterS);
  }
}

function describeEdge(method: string, path: string, status: number | undefined, code: string | undefined, apiMessage: string | undefined, kind: string, retryAfterS?: number): string {
  const what = `Edge ${method} ${path}`;
  if (kind === 'network') return `Could not reach the Personalize Edge API for ${what} (${apiMessage ?? 'connection failed'}); check the network, CONTENTSTACK_REGION and PERSONALIZE_EDGE_URL, then try again.`;
  if (kind === 'timeout') return `The Personalize Edge API did not answer ${what} in time; try again in a moment.`;
  if (kind === 'malformed') return `The Personalize Edge API answered ${what} with a body that is not valid JSON (HTTP ${status}); check PERSONALIZE_EDGE_URL points at the Edge API.`;
  if (kind === 'oversize') return `The Personalize Edge API answered ${what} with more than ${kib(MAX_UPSTREAM_BODY_BYTES)} (HTTP ${status}); the server stops reading there, so the call did not complete. Check PERSONALIZE_EDGE_URL points at the Edge API.`;
  if (kind === 'deep') return `The Personalize Edge API answered ${what} with JSON nested ${apiMessage} deep (HTTP ${status}); the server reads at most ${MAX_UPSTREAM_DEPTH} levels, so the call did not complete. Check PERSONALIZE_EDGE_URL points at the Edge API.`;
  const detail = [code, apiMessage].filter(Boolean).join(': ');
  const next =
    status === 429 ? `The Edge API is limiting requests; wait ${Math.max(1, Math.ceil(retryAfterS ?? 1))} second(s) and try again.`
    : status === 404 && code?.endsWith('PROJECT_NOT_FOUND') ? 'Check projectUid (list_projects) and that CONTENTSTACK_REGION / PERSONALIZE_EDGE_URL is the project\'s region.'
    : status === 403 ? 'The Edge refused the request (its CDN blocks traffic that looks automated); try again later or from another network.'
    : status !== undefined && status >= 500 ? 'The Edge API had a server error; try again in a moment.'
    : 'Fix the request as the message says and try again.';
  return `The Personalize Edge API ${status !== undefined && status >= 500 ? 'failed' : 'refused'} ${what} with HTTP ${status}${detail ? ` (${detail})` : ''}. ${next}`;
}

interface Raw {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /** Longer than MAX_UPSTREAM_BODY_BYTES: not read (src/api/body.ts). */
  oversize?: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Header values must be Latin-1; JSON escapes keep any text intact as ASCII. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The Personalize Edge API: public and unauthenticated, so no credentials and no limiter (it is not rate
 * limited per organization); a timeout on every call; GETs retried on 5xx and network failures only.
 */
export class EdgeClient {
  /** Edge requests sent (attempts, retries included). */
  requestCount = 0;

  constructor(private readonly opts: EdgeClientOptions) {}

  async manifest(q: ManifestQuery): Promise<Manifest> {
    const headers: Record<string, string> = {};
    if (q.userUid) headers['x-cs-personalize-user-uid'] = q.userUid;
    if (q.liveAttributes && Object.keys(q.liveAttributes).length) headers['x-live-attributes'] = asciiJson(q.liveAttributes);
    if (q.pageUrl) headers['x-page-url'] = q.pageUrl;
    if (q.referrer) headers.referer = q.referrer;
    if (q.userAgent) headers['user-agent'] = q.userAgent;
    if (q.ipAddress) headers['x-forwarded-for'] = q.ipAddress;
    // The SDK's encoding: brackets raw, values encoded (edge reference §3.1).
    const query = (q.tags ?? []).map((t) => `tags[]=${encodeURIComponent(t)}`).join('&');
    const res = await this.send('GET', '/manifest', q.project, headers, undefined, query);
    const body = this.json(res, 'GET', '/manifest') as Record<string, unknown> | undefined;
    const header = res.headers['x-cs-personalize-user-uid'];
    const userUid = (Array.isArray(header) ? header[0] : header) ?? q.userUid;
    if (!userUid) throw new EdgeApiError('GET', '/manifest', res.status, undefined, 'no x-cs-personalize-user-uid header in the answer', 'malformed');
    return { userUid, experiences: readExperiences(body) };
  }

  async setUserAttributes(project: string, userUid: string, attributes: Record<string, string | number | boolean>): Promise<void> {
    await this.write('PATCH', '/user-attributes', project, { 'x-cs-personalize-user-uid': userUid }, attributes);
  }

  /** The merge call carries no visitor header (edge reference §3.3). */
  async mergeUsers(project: string, sourceUserUid: string, targetUserUid: string): Promise<void> {
    await this.write('POST', '/user-attributes/actions/merge', project, {}, { sourceUserUid, targetUserUid });
  }

  async sendEvents(project: string, userUid: string, events: EdgeEvent[]): Promise<void> {
    await this.write('POST', '/events', project, { 'x-cs-personalize-user-uid': userUid }, events);
  }

  /** Any 2xx is success; the body, if any, is not used (the API's write answers are not established). */
  private async write(method: 'PATCH' | 'POST', path: string, project: string, headers: Record<string, string>, body: unknown): Promise<void> {
    const res = await this.send(method, path, project, headers, JSON.stringify(body));
    if (res.status < 200 || res.status >= 300) this.json(res, method, path);
  }

  private async send(method: 'GET' | 'PATCH' | 'POST', path: string, project: string, extra: Record<string, string>, body?: string, query = ''): Promise<Raw> {
    const url = `${this.opts.baseUrl}${path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-project-uid': project,
      'x-user-agent': this.opts.clientName ?? 'contentstack-personalize-mcp',
      ...extra,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const retries = method === 'GET' ? (this.opts.getRetries ?? 2) : 0;
    const call = currentCall();
    const pause = (ms: number) => (call ? call.wait(ms, method, path) : sleep(ms));
    let rateLimited = 0;
    for (let attempt = 0; ; attempt++) {
      call?.assertMayStart(method, path);
      const sent = { method, path, status: undefined as number | undefined };
      call?.sent.push(sent);
      let res: Raw;
      try {
        this.requestCount++;
        const timeoutMs = this.opts.timeoutMs ?? 10_000;
        const signal = call ? call.requestSignal(timeoutMs) : AbortSignal.timeout(timeoutMs);
        const r = await request(url, { method, headers, body, dispatcher: this.opts.dispatcher, signal });
        const { text, oversize } = await readCapped(r);
        res = { status: r.statusCode, text, oversize, headers: r.headers };
        sent.status = res.status;
      } catch (err) {
        const stopped = call?.stopReason();
        if (call && stopped) throw new CallStoppedError(stopped, call, { method, path, sent: true });
        if (attempt < retries) { await pause(this.backoffMs(attempt)); continue; }
        const e = err as { name?: string; code?: string; message?: string };
        const timeout = e.name === 'TimeoutError' || e.name === 'AbortError' || /timeout/i.test(String(e.code));
        throw new EdgeApiError(method, path, undefined, undefined, e.code ?? e.message, timeout ? 'timeout' : 'network');
      }
      if (res.status === 429 && rateLimited < (this.opts.rateLimitedRetries ?? 4)) {
        const header = res.headers['retry-after'];
        const after = parseRetryAfter(Array.isArray(header) ? header[0] : header);
        const wait = after !== undefined ? Math.min(after * 1000, 10_000) : this.backoffMs(rateLimited);
        // Out of time for the wait the Edge asked for: the answer says how long to wait instead.
        if (!call || wait < call.remainingMs()) {
          rateLimited++;
          await pause(wait);
          attempt--;
          continue;
        }
      }
      if (res.status >= 500 && attempt < retries) { await pause(this.backoffMs(attempt)); continue; }
      return res;
    }
  }

  private backoffMs(n: number): number {
    return Math.random() * (this.opts.baseDelayMs ?? 200) * 2 ** n;
  }

  /** The parsed body of a success; an EdgeApiError for anything else. */
  private json(res: Raw, method: string, path: string): unknown {
    if (res.oversize) throw new EdgeApiError(method, path, res.status, undefined, undefined, 'oversize');
    let json: unknown;
    let malformed = false;
    if (res.text.trim()) {
      const parsed = parseUpstream(res.text);
      if ('tooDeep' in parsed) throw new EdgeApiError(method, path, res.status, undefined, String(parsed.tooDeep), 'deep');
      if ('malformed' in parsed) malformed = true;
      else json = parsed.json;
    }
    if (res.status >= 200 && res.status < 300) {
      if (malformed) throw new EdgeApiError(method, path, res.status, undefined, undefined, 'malformed');
      return json;
    }
    const { code, message } = parseErrorBody(malformed ? res.text : json);
    this.opts.logger.debug({ method, path, status: res.status, code }, 'edge request failed');
    const header = res.headers['retry-after'];
    throw new EdgeApiError(method, path, res.status, code, message, 'http', parseRetryAfter(Array.isArray(header) ? header[0] : header));
  }
}

/** `experiences[]`, or the legacy `activeVariants` map when only that is present (edge reference §3.1). */
function readExperiences(body: Record<string, unknown> | undefined): ManifestExperience[] {
  const list = body?.experiences;
  if (Array.isArray(list)) {
    return list
      .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && x.shortUid !== undefined)
      .map((x) => ({ shortUid: String(x.shortUid), activeVariantShortUid: x.activeVariantShortUid == null ? null : String(x.activeVariantShortUid) }));
  }
  const map = body?.activeVariants;
  if (map && typeof map === 'object') {
    return Object.entries(map as Record<string, unknown>).map(([shortUid, v]) => ({ shortUid, activeVariantShortUid: v == null ? null : String(v) }));
  }
  return [];
}

import type { Dispatcher } from 'undici';
import type { Logger } from '../../log.js';
import { EdgeApiError } from '../errors.js';
import { exchange, parseAnswer, type Answer, type CoreOptions } from '../http.js';

export interface EdgeClientOptions {
  baseUrl: string;
  dispatcher: () => Dispatcher;
  logger: Logger;
  /** Sent as x-user-agent (the SDK's telemetry header); user-agent itself is the visitor's. */
  clientName?: string;
}

export interface EdgeRequest {
  method: 'GET' | 'PATCH' | 'POST';
  path: string;
  project: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Already encoded (the manifest's tags[] follow the SDK's encoding: docs/edge-api.md §3.1). */
  query?: string;
}

/**
 * The Personalize Edge API: public and unauthenticated, so no credentials and no limiter (it is not rate
 * limited per organization); a timeout on every call; GETs resent after 5xx and network failures, writes
 * never (src/api/http.ts). Its endpoints are src/api/edge/{manifest,user-attributes,events}.ts.
 */
export class EdgeClient {
  private readonly core: CoreOptions;

  constructor(private readonly opts: EdgeClientOptions) {
    this.core = {
      dispatcher: opts.dispatcher,
      logger: opts.logger,
      timeoutMs: 10_000,
      retry: { rateLimited: 4, transient: 2, baseDelayMs: 200, maxDelayMs: 10_000 },
      retriesTransient: (method) => method === 'GET',
      error: EdgeApiError,
      service: 'edge',
    };
  }

  /** The answer as it came (the manifest reads a header of it); a network failure throws. */
  send(r: EdgeRequest): Promise<Answer> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-project-uid': r.project,
      'x-user-agent': this.opts.clientName ?? 'contentstack-personalize-mcp',
      ...r.headers,
    };
    const body = r.body === undefined ? undefined : JSON.stringify(r.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = `${this.opts.baseUrl}${r.path}${r.query ? `?${r.query}` : ''}`;
    return exchange(this.core, { method: r.method, path: r.path, url, headers, body });
  }

  /** The parsed body of a success; an EdgeApiError for anything else. */
  json(res: Answer, method: string, path: string): unknown {
    return parseAnswer(this.core, method, path, res);
  }

  /** Any 2xx is success; the body, if any, is not used (the API's write answers are not established). */
  async write(r: EdgeRequest): Promise<void> {
    const res = await this.send(r);
    if (res.status < 200 || res.status >= 300) this.json(res, r.method, r.path);
  }
}

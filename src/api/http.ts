import type { Dispatcher } from 'undici';
import { undici } from './undici.js';
import type { Logger } from '../log.js';
import { parseUpstream, readCapped } from './body.js';
import { CallStoppedError, currentCall, type CallScope } from './call.js';
import { parseErrorBody, type ApiErrorClass } from './errors.js';
import type { Limiter } from './limiter.js';

/**
 * The one request core of both API clients (Management: src/api/management/client.ts, Edge: src/api/edge/client.ts): every
 * attempt inside the tool call's deadline and cancel (src/api/call.ts), the 8 MB body cap (src/api/body.ts),
 * retries, and parsing into a typed error (src/api/errors.ts).
 */

export interface RetryPolicy {
  /** Retries of a 429 (any method: the request was not processed). */
  rateLimited: number;
  /** Retries of 5xx and network errors, for the methods `retriesTransient` allows only. */
  transient: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface CoreOptions {
  /** The shared connections, made on first use (src/api/undici.ts). */
  dispatcher: () => Dispatcher;
  logger: Logger;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Whether a 5xx or a network failure may be resent: only when resending cannot do the work twice. */
  retriesTransient: (method: string) => boolean;
  /** Every attempt, retries included, waits for the limiter: undici's retry interceptor would resend behind its back. */
  limiter?: Limiter;
  /** The error class the failures are (its messages name this API's settings). */
  error: ApiErrorClass;
  /** For log lines: 'personalize' or 'edge'. */
  service: string;
}

export interface Outgoing {
  method: string;
  /** The path as messages name it (without the query). */
  path: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /** Longer than MAX_UPSTREAM_BODY_BYTES: not read (src/api/body.ts). */
  oversize: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, as RFC 9110 allows. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

export const header = (a: Answer, name: string): string | undefined => {
  const v = a.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Full jitter: a random wait up to base·2^n, capped. */
const backoff = (p: RetryPolicy, n: number) => Math.random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** n);

/**
 * Sends a request until it has an answer worth returning: a 429 is waited out as Retry-After asks (unless
 * the call's time would run out first: then the answer says how long to wait), 5xx and network failures are
 * resent when the method allows. Throws the API's error for a network failure, CallStoppedError past the
 * deadline or after a cancel.
 */
export async function exchange(o: CoreOptions, out: Outgoing): Promise<Answer> {
  const { method, path } = out;
  const call = currentCall();
  const pause = (ms: number) => (call ? call.wait(ms, method, path) : sleep(ms));
  let rateLimited = 0;
  let transient = 0;
  for (;;) {
    let res: Answer;
    try {
      let sent = false;
      const job = () =>
        send(o, out, call, () => {
          sent = true;
        });
      const slot = o.limiter ? o.limiter.schedule(job) : job();
      try {
        res = await (call ? call.race(slot, method, path) : slot);
      } catch (err) {
        // The deadline may fire while the request is out: then it was sent, whatever the race saw.
        if (call && err instanceof CallStoppedError && sent && !err.inFlight) throw new CallStoppedError(err.reason, call, { method, path, sent: true });
        throw err;
      }
    } catch (err) {
      if (err instanceof CallStoppedError) throw err;
      if (o.retriesTransient(method) && transient < o.retry.transient) {
        await pause(backoff(o.retry, transient++));
        continue;
      }
      const e = err as { name?: string; code?: string; message?: string };
      const timeout = e.name === 'TimeoutError' || e.name === 'AbortError' || /timeout/i.test(String(e.code));
      const detail = err instanceof Error ? (e.code ?? e.message) : String(err);
      throw new o.error(method, path, undefined, undefined, detail, timeout ? 'timeout' : 'network');
    }
    if (res.status === 429 && rateLimited < o.retry.rateLimited) {
      const after = parseRetryAfter(header(res, 'retry-after'));
      const wait = after !== undefined ? Math.min(after * 1000, o.retry.maxDelayMs) : backoff(o.retry, rateLimited);
      // Out of time for the wait the API asked for: the answer says how long to wait instead.
      if (!call || wait < call.remainingMs()) {
        rateLimited++;
        o.logger.warn({ method, path, wait }, `${o.service} rate limited; retrying`);
        await pause(wait);
        continue;
      }
    }
    if (res.status >= 500 && o.retriesTransient(method) && transient < o.retry.transient) {
      await pause(backoff(o.retry, transient++));
      continue;
    }
    return res;
  }
}

async function send(o: CoreOptions, out: Outgoing, call: CallScope | undefined, onSent: () => void): Promise<Answer> {
  const { method, path } = out;
  // Checked again here: a job may leave the limiter's queue after its call ran out of time.
  call?.assertMayStart(method, path);
  onSent();
  const sent = { method, path: path.split('?')[0]!, status: undefined as number | undefined };
  call?.sent.push(sent);
  try {
    const res = await undici().request(out.url, {
      method: method as Dispatcher.HttpMethod,
      headers: out.headers,
      body: out.body,
      dispatcher: o.dispatcher(),
      signal: call ? call.requestSignal(o.timeoutMs) : AbortSignal.timeout(o.timeoutMs),
    });
    const { text, oversize } = await readCapped(res);
    sent.status = res.statusCode;
    return { status: res.statusCode, text, oversize, headers: res.headers };
  } catch (err) {
    const stopped = call?.stopReason();
    if (call && stopped) throw new CallStoppedError(stopped, call, { method, path, sent: true });
    throw err;
  }
}

/** The parsed body of a 2xx answer; the API's error, worded for the assistant, for anything else. */
export function parseAnswer(o: Pick<CoreOptions, 'error' | 'logger' | 'service'>, method: string, path: string, res: Answer): unknown {
  if (res.oversize) throw new o.error(method, path, res.status, undefined, undefined, 'oversize');
  let json: unknown;
  let malformed = false;
  if (res.text.trim() !== '') {
    const parsed = parseUpstream(res.text);
    if ('tooDeep' in parsed) throw new o.error(method, path, res.status, undefined, String(parsed.tooDeep), 'deep');
    if ('malformed' in parsed) malformed = true;
    else json = parsed.json;
  }
  if (res.status >= 200 && res.status < 300) {
    if (malformed) throw new o.error(method, path, res.status, undefined, undefined, 'malformed');
    return json;
  }
  const { code, message } = parseErrorBody(malformed ? res.text : json);
  o.logger.debug({ method, path, status: res.status, code }, `${o.service} request failed`);
  throw new o.error(method, path, res.status, code, message, 'http', parseRetryAfter(header(res, 'retry-after')));
}

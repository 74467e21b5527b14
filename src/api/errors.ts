import { kib } from '../bounds/json.js';
import { MAX_UPSTREAM_BODY_BYTES, MAX_UPSTREAM_DEPTH } from '../bounds/limits.js';

/** Which Personalize API a request went to: the words of its messages and the settings they name differ. */
export type ApiName = 'management' | 'edge';

/**
 * A failed call to Personalize, with everything needed to tell an assistant what to do next. Edge failures
 * are EdgeApiErrors; both are worded by `describe` below, the one place that words API failures.
 */
export class PersonalizeApiError extends Error {
  override name = 'PersonalizeApiError';
  readonly api: ApiName = 'management';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly apiMessage: string | undefined,
    /** oversize: the answer was over MAX_UPSTREAM_BODY_BYTES; deep: nested over MAX_UPSTREAM_DEPTH (apiMessage holds the depth). */
    readonly kind: 'http' | 'network' | 'timeout' | 'malformed' | 'oversize' | 'deep',
    readonly retryAfterS?: number,
  ) {
    super();
    this.message = describe(this);
  }
}

/** A failure of the Edge API: its messages speak of the Edge API and PERSONALIZE_EDGE_URL. */
export class EdgeApiError extends PersonalizeApiError {
  override readonly api: ApiName = 'edge';
  constructor(...args: ConstructorParameters<typeof PersonalizeApiError>) {
    super(...args);
    this.message = describe(this);
  }
}

export type ApiErrorClass = typeof PersonalizeApiError;

const CODE_LIKE = /^[A-Za-z]+(\.[A-Za-z_]+)+$|^[A-Z][A-Z0-9_]{3,}$/;

/**
 * Reads an error body the way Contentstack's own CLI does: `errors` (field → message or messages), else
 * `error`, `error_message`, `message`. The exact envelope is not established (docs/api.md §13), so every
 * field is optional and arrays of messages (NestJS validation) are joined.
 */
export function parseErrorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body === 'string') return { message: body.trim().slice(0, 300) || undefined };
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) ? v.map(text).filter(Boolean).join('; ') : undefined);
  let code: string | undefined;
  const parts: string[] = [];
  for (const key of ['errorCode', 'error_code', 'error', 'code']) {
    const v = b[key];
    if (typeof v === 'string' && CODE_LIKE.test(v)) {
      code = v;
      break;
    }
  }
  if (b.errors && typeof b.errors === 'object' && !Array.isArray(b.errors)) {
    for (const [field, msg] of Object.entries(b.errors as Record<string, unknown>)) parts.push(`${field}: ${text(msg) ?? JSON.stringify(msg)}`);
  }
  for (const key of ['error_message', 'errorMessage', 'message', 'error']) {
    const v = text(b[key]);
    if (v && v !== code && !parts.includes(v)) {
      parts.push(v);
      break;
    }
  }
  if (!code) {
    const m = parts.join(' ').match(/\b(personali[sz](?:e|ation)\.[A-Z_.]+[A-Z_]|[A-Z]+_[A-Z_]{3,})\b/);
    if (m) code = m[1];
  }
  return { code, message: parts.join('; ').slice(0, 500) || undefined };
}

function nextStep(status: number | undefined, code: string | undefined, path: string, retryAfterS?: number): string {
  if (code?.endsWith('CANNOT_UPDATE_LOCKED_VERSION')) {
    return 'That version is live or was live and is locked: create a new draft with create_experience_version, edit it, then activate it.';
  }
  if (code?.endsWith('CANNOT_CREATE_VERSION_AS_DRAFT_ALREADY_EXISTS')) return 'The experience already has a draft: edit it with update_experience_version instead.';
  if (code?.endsWith('CANNOT_MARK_VERSION_AS_DRAFT')) return 'A paused version cannot go back to draft: create a new draft version instead.';
  if (code?.endsWith('CANNOT_DELETE_ONLY_DRAFT')) return 'An experience keeps at least one version; delete the experience instead if that is what you want.';
  if (code?.endsWith('MISSING_EXPERIENCES')) return 'The priority order must list every experience of the project: read it with get_experience_priority first.';
  if (code?.endsWith('DUPLICATE_NAME')) return 'Pick another name; list the existing ones first.';
  if (code?.endsWith('RULE_COUNT_EXCEEDED')) return 'An audience may have at most 50 rules: split it into two audiences.';
  switch (status) {
    case 401:
      return 'Check CONTENTSTACK_OAUTH_TOKEN or CONTENTSTACK_AUTHTOKEN: it must be a user authtoken or OAuth token (stack management tokens are refused), still valid, and for this region (CONTENTSTACK_REGION).';
    case 403:
      return 'The token lacks permission: OAuth tokens need the personalize:manage scope to write, and some actions need an organization Owner or Admin.';
    case 404: {
      const uid = path
        .split('?')[0]!
        .split('/')
        .filter(Boolean)
        .find((s) => /^[a-f0-9]{24,32}$/i.test(s));
      return uid
        ? `Nothing with uid ${uid} was found in this project: list the items to get a valid uid, and check projectUid.`
        : 'Not found: check projectUid (list_projects) and the region.';
    }
    case 429:
      return `Personalize's rate limit was hit; wait ${Math.max(1, Math.ceil(retryAfterS ?? 1))} second(s) and try again.`;
    case 400:
    case 422:
      return 'Fix the request as the message says and try again.';
    default:
      return status !== undefined && status >= 500 ? 'Personalize had a server error; try again in a moment.' : 'Try again.';
  }
}

type Failure = Pick<PersonalizeApiError, 'api' | 'method' | 'path' | 'status' | 'code' | 'apiMessage' | 'kind' | 'retryAfterS'>;

function describe(e: Failure): string {
  if (e.api === 'edge') return describeEdge(e);
  const what = `${e.method} ${e.path.split('?')[0]}`;
  if (e.kind === 'network')
    return `Could not reach Personalize for ${what} (${e.apiMessage ?? 'connection failed'}); check the network, the region and PERSONALIZE_API_URL, then try again.`;
  if (e.kind === 'timeout') return `Personalize did not answer ${what} in time; try again in a moment.`;
  if (e.kind === 'malformed')
    return `Personalize answered ${what} with a body that is not valid JSON (HTTP ${e.status}); try again, and check PERSONALIZE_API_URL points at the Personalize API.`;
  if (e.kind === 'oversize' || e.kind === 'deep') return unreadable(e, what);
  const detail = [e.code, e.apiMessage].filter(Boolean).join(': ');
  return `Personalize refused ${what} with HTTP ${e.status}${detail ? ` (${detail})` : ''}. ${nextStep(e.status, e.code, e.path, e.retryAfterS)}`;
}

function describeEdge(e: Failure): string {
  const what = `Edge ${e.method} ${e.path}`;
  if (e.kind === 'network')
    return `Could not reach the Personalize Edge API for ${what} (${e.apiMessage ?? 'connection failed'}); check the network, CONTENTSTACK_REGION and PERSONALIZE_EDGE_URL, then try again.`;
  if (e.kind === 'timeout') return `The Personalize Edge API did not answer ${what} in time; try again in a moment.`;
  if (e.kind === 'malformed')
    return `The Personalize Edge API answered ${what} with a body that is not valid JSON (HTTP ${e.status}); check PERSONALIZE_EDGE_URL points at the Edge API.`;
  if (e.kind === 'oversize')
    return `The Personalize Edge API answered ${what} with more than ${kib(MAX_UPSTREAM_BODY_BYTES)} (HTTP ${e.status}); the server stops reading there, so the call did not complete. Check PERSONALIZE_EDGE_URL points at the Edge API.`;
  if (e.kind === 'deep')
    return `The Personalize Edge API answered ${what} with JSON nested ${e.apiMessage} deep (HTTP ${e.status}); the server reads at most ${MAX_UPSTREAM_DEPTH} levels, so the call did not complete. Check PERSONALIZE_EDGE_URL points at the Edge API.`;
  const { status, code } = e;
  const detail = [code, e.apiMessage].filter(Boolean).join(': ');
  const next =
    status === 429
      ? `The Edge API is limiting requests; wait ${Math.max(1, Math.ceil(e.retryAfterS ?? 1))} second(s) and try again.`
      : status === 404 && code?.endsWith('PROJECT_NOT_FOUND')
        ? "Check projectUid (list_projects) and that CONTENTSTACK_REGION / PERSONALIZE_EDGE_URL is the project's region."
        : status === 403
          ? 'The Edge refused the request (its CDN blocks traffic that looks automated); try again later or from another network.'
          : status !== undefined && status >= 500
            ? 'The Edge API had a server error; try again in a moment.'
            : 'Fix the request as the message says and try again.';
  return `The Personalize Edge API ${status !== undefined && status >= 500 ? 'failed' : 'refused'} ${what} with HTTP ${status}${detail ? ` (${detail})` : ''}. ${next}`;
}

/** An answer the server would not read whole: what it was, that the call stopped, and what to check. */
function unreadable(e: Failure, what: string): string {
  const answer =
    e.kind === 'oversize'
      ? `Personalize answered ${what} with more than ${kib(MAX_UPSTREAM_BODY_BYTES)} (HTTP ${e.status}); the server stops reading an answer there`
      : `Personalize answered ${what} with JSON nested ${e.apiMessage} deep (HTTP ${e.status}); the server reads at most ${MAX_UPSTREAM_DEPTH} levels (real answers nest about 30)`;
  const sent =
    e.method === 'GET'
      ? 'The API has no paging to ask for less: check PERSONALIZE_API_URL points at the Personalize Management API, and remove items the project no longer needs in Personalize.'
      : `The ${e.method} was sent and may have taken effect: read the current state before trying again.`;
  return `${answer}, so this call did not complete. ${sent}`;
}

/** Turns any error thrown inside a tool into the one sentence returned to the assistant. Never a stack. */
export function toToolMessage(err: unknown): string {
  if (err instanceof PersonalizeApiError) return err.message;
  if (err instanceof Error && (err.name === 'ToolInputError' || err.name === 'CallStoppedError')) return err.message;
  if (err instanceof Error) return `The tool failed: ${err.message.split('\n')[0]}`;
  return 'The tool failed for an unknown reason.';
}

/** A problem with the caller's input found by the tool itself (beyond the zod schema). */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listen } from '../listen.js';
import { SandboxError } from '../errors.js';
import type { Project, Store } from '../store.js';
import { manifest } from './manifest.js';
import { readJsonBody } from '../body.js';
import { edgeError } from './respond.js';
import { Faults, oversizeBody } from '../faults.js';

const readJson = (req: IncomingMessage, area: string) => readJsonBody(req, () => edgeError(400, `personalize.${area}.INVALID_BODY`, 'The body is not valid JSON'));
import { mergeVisitors, recordEvents, setAttributes } from './writes.js';

/** One Edge request as the sandbox saw it (no credentials exist on the Edge API). */
export interface EdgeRequestRecord {
  at: number;
  method: string;
  path: string;
  status: number;
  project?: string;
  userUid?: string;
}

export interface EdgeServer {
  url: string;
  requests: EdgeRequestRecord[];
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
};

/**
 * Error codes follow `personalize.<AREA>.<REASON>`. Documented: MANIFEST.PROJECT_NOT_FOUND (404) and
 * USER_ATTRIBUTES.PROJECT_UID_HEADER_NOT_SET (400, the only code known for a missing header, so every
 * endpoint answers it); PROJECT_NOT_FOUND in the other areas, and the other reasons, are the sandbox's
 * own by that pattern.
 */
function projectOf(store: Store, req: IncomingMessage, area: string): Project {
  const uid = header(req, 'x-project-uid');
  if (!uid) throw edgeError(400, 'personalize.USER_ATTRIBUTES.PROJECT_UID_HEADER_NOT_SET', 'The x-project-uid header is required');
  const project = store.projects.find((p) => p.uid === uid);
  if (!project) throw edgeError(404, `personalize.${area}.PROJECT_NOT_FOUND`, `Project ${uid} not found`);
  return project;
}

function userOf(req: IncomingMessage, area: string): string {
  const uid = header(req, 'x-cs-personalize-user-uid');
  if (!uid) throw edgeError(400, `personalize.${area}.USER_UID_HEADER_NOT_SET`, 'The x-cs-personalize-user-uid header is required');
  return uid;
}

/**
 * Success statuses of the writes are not established (docs/edge-api.md §9): the sandbox answers 204 to
 * attribute writes and merges and 202 to events, as the only (third-party) claim says.
 */
async function route(store: Store, req: IncomingMessage, url: URL, record: EdgeRequestRecord): Promise<Answer> {
  const key = `${req.method} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  switch (key) {
    case 'GET /manifest': {
      const project = projectOf(store, req, 'MANIFEST');
      const out = manifest(project, req.headers, url.searchParams);
      record.userUid = out.userUid;
      return { status: 200, body: { experiences: out.experiences }, headers: { 'x-cs-personalize-user-uid': out.userUid } };
    }
    case 'PATCH /user-attributes': {
      const project = projectOf(store, req, 'USER_ATTRIBUTES');
      const user = userOf(req, 'USER_ATTRIBUTES');
      record.userUid = user;
      setAttributes(project, user, await readJson(req, 'USER_ATTRIBUTES'));
      return { status: 204 };
    }
    case 'POST /user-attributes/actions/merge': {
      const project = projectOf(store, req, 'USER_ATTRIBUTES');
      mergeVisitors(project, await readJson(req, 'USER_ATTRIBUTES'));
      return { status: 204 };
    }
    case 'POST /events': {
      const project = projectOf(store, req, 'EVENTS');
      const user = userOf(req, 'EVENTS');
      record.userUid = user;
      recordEvents(project, user, await readJson(req, 'EVENTS'));
      return { status: 202 };
    }
    default:
      return { status: 404, body: { error: 'Not Found', message: `Cannot ${req.method} ${url.pathname}` } };
  }
}

/** A planned fault's answer (status), after its delay; undefined to answer normally. */
async function planned(faults: Faults, method: string, path: string): Promise<Answer | undefined> {
  const fault = faults.take(method, path);
  if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
  if (fault?.kind === 'oversize') return { status: 200, body: oversizeBody(fault), headers: { 'x-cs-personalize-user-uid': 'oversize-visitor' } };
  if (fault?.kind !== 'status') return undefined;
  const status = fault.status ?? 503;
  return {
    status,
    headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
    body: { error: status === 429 ? 'Too Many Requests' : 'Error', message: status === 429 ? 'Rate limit exceeded' : 'Upstream unavailable' },
  };
}

/** The Edge API on its own loopback port, as the real one is its own host: no credentials, no rate limit. */
export async function startEdgeServer(store: Store, host = '127.0.0.1', faults = new Faults()): Promise<EdgeServer> {
  const requests: EdgeRequestRecord[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://edge');
    const record: EdgeRequestRecord = { at: Date.now(), method: req.method ?? 'GET', path: url.pathname, status: 0, project: header(req, 'x-project-uid') };
    requests.push(record);
    planned(faults, req.method ?? 'GET', url.pathname)
      .then((fault) => fault ?? route(store, req, url, record))
      .catch((err: unknown): Answer => {
        if (err instanceof SandboxError) return { status: err.status, body: err.body };
        return { status: 500, body: { error: 'Internal Server Error', message: 'Internal server error' } };
      })
      .then((out) => {
        if (res.destroyed) return;
        record.status = out.status;
        const text = out.body === undefined || out.status === 204 ? '' : JSON.stringify(out.body);
        const headers: Record<string, string> = { ...out.headers };
        if (text) headers['content-type'] = 'application/json; charset=utf-8';
        res.writeHead(out.status, headers).end(text);
      });
  });
  return { ...(await listen(server, host)), requests };
}

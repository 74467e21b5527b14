import type { IncomingHttpHeaders } from 'node:http';
import { plainError } from './errors.js';
import type { Project, Store } from './store.js';

export interface SandboxRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  store: Store;
  /** Set on project-scoped routes (from x-project-uid). */
  project: Project;
  organizationUid: string;
}

export interface SandboxResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Scope = 'project' | 'org' | 'public';

export interface Route {
  method: string;
  pattern: string;
  scope: Scope;
  handle(req: SandboxRequest): SandboxResponse | Promise<SandboxResponse>;
}

export function route(method: string, pattern: string, scope: Scope, handle: Route['handle']): Route {
  return { method, pattern, scope, handle };
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(s[i]!);
    else if (p[i] !== s[i]) return undefined;
  }
  return params;
}

/** Finds the route, or throws the NestJS default 404 "Cannot GET /x" the real API gives for unknown routes. */
export function resolve(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } {
  for (const r of routes) {
    if (r.method !== method) continue;
    const params = match(r.pattern, path);
    if (params) return { route: r, params };
  }
  throw plainError(404, `Cannot ${method} ${path}`);
}

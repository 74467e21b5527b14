import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { PersonalizeClient } from '../api/client.js';
import { ToolInputError } from '../api/errors.js';
import type { ToolDef } from '../tools/define.js';
import { fail } from '../tools/results.js';

const listed = (allowed: readonly string[]) => allowed.join(', ');

export function outsideMessage(project: string, allowed: readonly string[]): string {
  return `Project ${project} is outside your access: your team token allows only ${listed(allowed)}. Pass one of those as projectUid. Nothing was sent to Personalize.`;
}

/**
 * The allow-list check before a tool runs (SPEC §9): the call's projectUid, else the session's default
 * project, must be one of the member's projects; creating projects is for members without a list.
 * Returns the refusal, or undefined to go ahead.
 */
export function checkProjectAccess(
  def: ToolDef,
  args: Record<string, unknown>,
  session: { defaultProject?: string; member?: { projects?: string[] } },
): CallToolResult | undefined {
  const allowed = session.member?.projects;
  if (!allowed) return undefined;
  if (def.name === 'create_project') {
    return fail(`Creating projects is not open to your team token, which is limited to projects ${listed(allowed)}. Nothing was sent to Personalize.`);
  }
  if (!('projectUid' in def.input)) return undefined;
  const project = typeof args.projectUid === 'string' ? args.projectUid : session.defaultProject;
  if (project !== undefined && !allowed.includes(project)) return fail(outsideMessage(project, allowed));
  return undefined;
}

/**
 * The same limit below every reader — resources, completions, list callbacks — at the one place all
 * Management calls pass: a request for another project throws before anything is sent, and the
 * organization's project list shows only the allowed projects.
 */
export function restrictToProjects(api: PersonalizeClient, allowed: readonly string[]): void {
  const request = api.request.bind(api);
  const refuse = (project: string) => { throw new ToolInputError(outsideMessage(project, allowed)); };
  api.request = (async (method, path, o = {}) => {
    if (o.project !== undefined && !allowed.includes(o.project)) refuse(o.project);
    const projectPath = /^\/projects\/([^/?]+)/.exec(path)?.[1];
    if (projectPath !== undefined && !allowed.includes(projectPath)) refuse(projectPath);
    if (path === '/projects' && method !== 'GET') {
      throw new ToolInputError(`Creating projects is not open to your team token, which is limited to projects ${listed(allowed)}.`);
    }
    const body = await request(method, path, o);
    return path === '/projects' && method === 'GET' ? onlyAllowed(body, allowed) : body;
  }) as PersonalizeClient['request'];
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

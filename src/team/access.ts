import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ToolInputError } from '../api/errors.js';
import type { ProjectLimit } from '../api/management/client.js';
import { projectOf } from '../context.js';
import type { ToolDef } from '../tools/define.js';
import { fail } from '../tools/results.js';

const listed = (allowed: readonly string[]) => allowed.join(', ');

export function outsideMessage(project: string, allowed: readonly string[]): string {
  return `Project ${project} is outside your access: your team token allows only ${listed(allowed)}. Pass one of those as projectUid. Nothing was sent to Personalize.`;
}

/**
 * The allow-list check before a tool runs (docs/hosted-http.md): the call's projectUid, else the session's default
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
  const project = projectOf(session, args, def);
  if (project !== undefined && !allowed.includes(project)) return fail(outsideMessage(project, allowed));
  return undefined;
}

/** The Management client's limit for a member's projects (src/api/management/client.ts ProjectLimit). */
export function projectLimit(allowed: readonly string[]): ProjectLimit {
  return {
    allowed,
    refuse: (project) =>
      new ToolInputError(
        project === undefined ? `Creating projects is not open to your team token, which is limited to projects ${listed(allowed)}.` : outsideMessage(project, allowed),
      ),
  };
}

import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { cachedAttributes } from '../api/management/attributes.js';
import { cachedAudiences, isLyticsAudience } from '../api/management/audiences.js';
import type { Item } from '../api/reads.js';
import type { SessionContext } from '../context.js';
import { Attributes, describeDefinition, GRAMMAR } from '../rules/index.js';
import { closest } from '../rules/similar.js';

const MAX_COMPLETIONS = 20;

function project(ctx: SessionContext): string {
  if (!ctx.defaultProject) throw new McpError(ErrorCode.InvalidParams, 'edit_audience works on the default project: set PERSONALIZE_PROJECT_UID (list_projects shows the uids).');
  return ctx.defaultProject;
}

/** Audience names and uids starting with what was typed (names first). */
async function completeAudience(ctx: SessionContext, value: string): Promise<string[]> {
  if (!ctx.defaultProject) return [];
  const v = value.toLowerCase();
  const list = await cachedAudiences(ctx.reads, ctx.defaultProject);
  const names = list.map((a) => String(a.name ?? '')).filter((n) => n?.toLowerCase().startsWith(v));
  const uids = list.map((a) => a.uid).filter((u) => u.toLowerCase().startsWith(v));
  return [...new Set([...names, ...uids])].slice(0, MAX_COMPLETIONS);
}

function find(list: Item[], wanted: string): Item {
  const w = wanted.trim().toLowerCase();
  const hit = list.find((a) => a.uid === wanted.trim()) ?? list.find((a) => String(a.name ?? '').toLowerCase() === w);
  if (hit) return hit;
  const near = closest(
    wanted,
    list.map((a) => String(a.name ?? a.uid)),
  );
  throw new McpError(
    ErrorCode.InvalidParams,
    `No audience named or with uid "${wanted}" in the project; closest: ${near.map((n) => `'${n}'`).join(', ') || 'none (list_audiences shows them)'}.`,
  );
}

/** Registered once per process; the callbacks read the session they serve from `session()` (src/session.ts). */
export function registerEditAudience(server: McpServer, session: () => SessionContext): void {
  server.registerPrompt(
    'edit_audience',
    {
      title: 'Edit an audience in plain language',
      description: "Change an audience's rules from an instruction: describe, preview, confirm with the user, update.",
      argsSchema: {
        audience: completable(z.string().describe('Audience name or uid'), (value) => completeAudience(session(), value)),
        instruction: z.string().describe('The change, in plain words, e.g. "add tablets"'),
      },
    },
    async ({ audience, instruction }): Promise<GetPromptResult> => {
      const ctx = session();
      const p = project(ctx);
      const [audiences, attributeList] = await Promise.all([cachedAudiences(ctx.reads, p), cachedAttributes(ctx.reads, p)]);
      const a = find(audiences, audience);
      const attributes = new Attributes(attributeList);
      const keys = attributes.customs.map((c) => (c.name && c.name !== c.key ? `${c.key} ("${c.name}")` : c.key)).filter(Boolean);
      const uid = JSON.stringify({ audienceUid: a.uid });
      const lines = [`Edit the audience '${String(a.name ?? a.uid)}' (uid ${a.uid}, project ${p}) as the user asks: ${instruction}`, ''];
      if (isLyticsAudience(a) || a.definition === undefined) {
        lines.push('This audience is synced from Lytics and is read-only here: tell the user to edit it in Lytics, and change nothing.');
        return { description: `Edit '${String(a.name)}'`, messages: [{ role: 'user', content: { type: 'text', text: lines.join('\n') } }] };
      }
      const d = describeDefinition(a.definition, attributes);
      lines.push(
        'Current rules:',
        `  ${d.rules}`,
        `In English: ${d.english}`,
        ...(d.warnings.length ? [`Warnings: ${d.warnings.join(' ')}`] : []),
        '',
        `Custom attribute keys: ${keys.join(', ') || 'none'}.`,
        '',
        'Rule language:',
        GRAMMAR,
        '',
        'Steps:',
        `1. describe_audience ${uid} if you need the rules again (shown above).`,
        '2. Write the complete new rule text (keep every condition the user did not ask to change, raw parts unchanged) and call preview_audience_change with audienceUid and rules. Fix any error it reports and preview again.',
        '3. Show the user the English sentence, the changes and the experiences that use the audience (live ones affect visitors at once); ask them to confirm.',
        ctx.readOnly
          ? '4. This server is read-only: stop after the preview and give the user the rule text to apply elsewhere.'
          : '4. Only after they agree, call update_audience with audienceUid and the same rules. If it answers confirmation_required, show its summary and call again with confirmationToken only once the user agrees. Never confirm on their behalf.',
      );
      return { description: `Edit '${String(a.name)}': ${instruction}`, messages: [{ role: 'user', content: { type: 'text', text: lines.join('\n') } }] };
    },
  );
}

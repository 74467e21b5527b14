import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SessionContext } from '../context.js';
import { selectTools } from '../tools/registry.js';
import { fail } from '../tools/results.js';
import { auditFacts, type AuditEntry } from './audit.js';

type CallHandler = (req: { params?: { name?: unknown; arguments?: Record<string, unknown> } }, extra: unknown) => Promise<unknown>;

export function readRoleMessage(tool: string, member: string): string {
  return `${tool} needs the write role, and your team token (member "${member}") has the read role: it can use read tools only. Ask whoever keeps MCP_HTTP_TOKENS_FILE for write access. Nothing was sent to Personalize.`;
}

/**
 * A `read` member's session lists no write tool (src/tools/registry.ts), so a direct tools/call of one
 * would get the SDK's "Tool … not found", as if it did not exist. This says instead that the role is
 * what stops it, with an isError result and a denied audit line, before anything runs. It wraps the
 * SDK's tools/call handler as src/server.ts trimToolList wraps tools/list (the handler map is pinned by
 * the exact SDK version in package.json).
 */
export function explainReadRole(server: McpServer, ctx: SessionContext, audit: (entry: AuditEntry) => void): void {
  const member = ctx.member?.name ?? 'local';
  const writes = new Map(selectTools({ toolsets: ctx.toolsets, readOnly: false }).filter((t) => !t.hints.readOnlyHint).map((t) => [t.name, t]));
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, CallHandler> })._requestHandlers;
  const call = handlers.get('tools/call');
  if (!call) return;
  handlers.set('tools/call', async (req, extra) => {
    const def = typeof req.params?.name === 'string' ? writes.get(req.params.name) : undefined;
    if (!def) return call(req, extra);
    const args = req.params?.arguments ?? {};
    const result: CallToolResult = fail(readRoleMessage(def.name, member));
    audit({ ...auditFacts(ctx, def, args), result, denied: true });
    return result;
  });
}

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SessionContext } from '../context.js';
import { interceptToolCalls } from '../sdk/adapter.js';
import type { ToolDef } from '../tools/define.js';
import { selectTools } from '../tools/registry.js';
import type { Toolset } from '../tools/toolsets.js';
import { fail } from '../tools/results.js';
import { auditFacts, type AuditEntry } from './audit.js';

export function readRoleMessage(tool: string, member: string, signedIn = false): string {
  if (signedIn) {
    return `${tool} needs the personalize:manage scope, and your Contentstack sign-in granted personalize:read only: it can use read tools only. Reconnect and grant personalize:manage (your Contentstack role must allow it). Nothing was sent to Personalize.`;
  }
  return `${tool} needs the write role, and your team token (member "${member}") has the read role: it can use read tools only. Ask whoever keeps MCP_HTTP_TOKENS_FILE for write access. Nothing was sent to Personalize.`;
}

/** The write tools of some toolsets, by name: one map per toolsets, shared by every read member's session. */
const writeTools = new Map<string, Map<string, ToolDef>>();
function writeToolsOf(toolsets: readonly Toolset[]): Map<string, ToolDef> {
  const key = [...toolsets].sort().join(',');
  let writes = writeTools.get(key);
  if (!writes) {
    writes = new Map(
      selectTools({ toolsets, readOnly: false })
        .filter((t) => !t.hints.readOnlyHint)
        .map((t) => [t.name, t]),
    );
    writeTools.set(key, writes);
  }
  return writes;
}

/**
 * A `read` member's session lists no write tool (src/tools/registry.ts), so a direct tools/call of one
 * would get the SDK's "Tool … not found", as if it did not exist. This says instead that the role is
 * what stops it, with an isError result and a denied audit line, before anything runs (through
 * src/sdk/adapter.ts, which wraps the SDK's tools/call handler).
 */
export function explainReadRole(server: McpServer, ctx: SessionContext, audit: (entry: AuditEntry) => void): void {
  const member = ctx.member?.name ?? 'local';
  const writes = writeToolsOf(ctx.toolsets);
  interceptToolCalls(server, (name, args) => {
    const def = writes.get(name);
    if (!def) return undefined;
    const result = fail(readRoleMessage(def.name, member, ctx.credentials.oauth !== undefined));
    audit({ ...auditFacts(ctx, def, args), result, denied: true });
    return result;
  });
}

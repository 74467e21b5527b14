import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SessionContext } from './context.js';
import type { ToolDef } from './tools/define.js';

/**
 * Wraps every tool call of a session (hosted HTTP: the project allow-list and the audit line; src/team/hook.ts).
 * `args` is undefined when the input was refused by its bounds (src/tools/input-bounds.ts): nothing may walk it.
 */
export type ToolHook = (def: ToolDef, args: Record<string, unknown> | undefined, call: () => Promise<CallToolResult>) => Promise<CallToolResult>;

/** What differs from one MCP session to the next; everything else is shared (src/registrations.ts). */
export interface Session {
  ctx: SessionContext;
  /** The session's own McpServer: its client's capabilities, and elicitation (src/safety/confirm.ts). */
  server: McpServer;
  hook?: ToolHook;
}

const storage = new AsyncLocalStorage<Session>();

/** Runs a request of `session` (src/server.ts enters it around every shared handler). */
export function inSession<T>(session: Session, work: () => Promise<T>): Promise<T> {
  return storage.run(session, work);
}

/** The session the running request belongs to; the shared tool, resource and prompt handlers read it here. */
export function currentSession(): Session {
  const session = storage.getStore();
  if (!session) throw new Error('A shared handler ran outside a session: src/server.ts must enter the session (inSession) around it.');
  return session;
}

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SessionContext } from '../context.js';
import { hasPrompts, type Toolset } from '../tools/toolsets.js';
import { registerEditAudience } from './edit-audience.js';

/** Registered once per tool selection; the callbacks read the session they serve from `session()` (src/session.ts). */
export function registerPrompts(server: McpServer, toolsets: readonly Toolset[], session: () => SessionContext): void {
  if (hasPrompts(toolsets)) registerEditAudience(server, session);
}

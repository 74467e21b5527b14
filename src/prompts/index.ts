import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SessionContext } from '../context.js';
import { registerEditAudience } from './edit-audience.js';

/** Prompts follow the toolsets: edit_audience only where the audience tools are. */
export function registerPrompts(server: McpServer, ctx: SessionContext): void {
  if (ctx.toolsets.includes('audiences')) registerEditAudience(server, ctx);
}

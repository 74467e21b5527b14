import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CallScope, withinCall } from './api/call.js';
import { MAX_TOOL_INPUT_ELEMENTS, PAGE_DEFAULT } from './bounds/limits.js';
import { toToolMessage } from './api/errors.js';
import { VERSION, type SessionContext } from './context.js';
import { registerPrompts } from './prompts/index.js';
import { registerResources } from './resources/index.js';
import { confirmGate } from './safety/confirm.js';
import { cacheToolList, lenientPromptCompletion } from './sdk/adapter.js';
import type { ToolDef } from './tools/define.js';
import { inputExcess } from './tools/input-bounds.js';
import { shapeToolList } from './tools/list-shape.js';
import { capResult } from './tools/result-cap.js';
import { selectTools } from './tools/registry.js';
import { fail, ok } from './tools/results.js';

const INSTRUCTIONS = [
  'Runs Contentstack Personalize: projects, attributes, audiences, events, experiences and their versions, priority, analytics.',
  'Lists return uids for the other tools: audienceUid from list_audiences, and so on. Omit projectUid for the default project.',
  `Lists answer up to limit rows (default ${PAGE_DEFAULT}) and, when there are more, a nextCursor: pass it as cursor for the next page.`,
  "Deletes and changes to live traffic need the user's confirmation: such a call answers confirmation_required; ask the user, never confirm on their behalf, and once they agreed call again with its confirmationToken.",
].join(' ');

const WARM_AFTER_MS = 100;

/** What it is and when to pass it is said once, in INSTRUCTIONS. */
const confirmationToken = z.string().optional();

/** Guarded tools answer either their normal output or a confirmation request, so every field but status is optional. */
function outputSchemaFor(def: ToolDef) {
  if (!def.confirm) return z.object(def.output);
  return z.object(def.output).partial().extend({ status: z.string().optional(), summary: z.string().optional(), confirmationToken: z.string().optional() });
}

interface Schemas {
  inputSchema: z.ZodObject;
  outputSchema: z.ZodObject;
}

/** Each tool's zod schemas, built once per process when first needed and shared by every session. */
const schemaCache = new WeakMap<ToolDef, Schemas>();
function schemasOf(def: ToolDef): Schemas {
  let s = schemaCache.get(def);
  if (!s) {
    s = { inputSchema: z.object(def.confirm ? { ...def.input, confirmationToken } : def.input), outputSchema: outputSchemaFor(def) };
    schemaCache.set(def, s);
  }
  return s;
}

/** A result that holds a known secret (the API may echo one) goes back with it redacted. */
function withoutSecrets(result: CallToolResult, ctx: SessionContext): CallToolResult {
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  return ctx.runtime.secrets.appearsIn(text) ? ctx.runtime.secrets.redactDeep(result) : result;
}

/** Wraps every tool call of a session (hosted HTTP: the project allow-list and the audit line; src/team/hook.ts). */
export type ToolHook = (def: ToolDef, args: Record<string, unknown>, call: () => Promise<CallToolResult>) => Promise<CallToolResult>;

function register(server: McpServer, def: ToolDef, ctx: SessionContext, hook?: ToolHook): void {
  const { inputSchema, outputSchema } = schemasOf(def);
  server.registerTool(
    def.name,
    { title: def.title, description: def.description, inputSchema, outputSchema, annotations: def.hints },
    async (args: Record<string, unknown>, extra) => {
      // Before the hook too: its audit line hashes the arguments recursively (src/safety/tokens.ts canonicalJson).
      const excess = inputExcess(args);
      if (excess) return fail(excess);
      // One deadline and the client's cancel for everything the call sends upstream (src/api/call.ts).
      const scope = new CallScope(ctx.runtime.config.callDeadlineS * 1000, extra.signal);
      const run = async (): Promise<CallToolResult> => {
        try {
          const refused = await confirmGate(def, args, ctx, server);
          if (refused) return refused;
          const out = await def.run(args as never, ctx, extra);
          return withoutSecrets(ok(out, def.summary?.(out as never)), ctx);
        } catch (err) {
          ctx.logger.debug({ tool: def.name, err: err instanceof Error ? err.message : String(err) }, 'tool failed');
          return fail(ctx.runtime.secrets.redact(toToolMessage(err)));
        } finally {
          scope.finish();
        }
      };
      const call = () => withinCall(scope, async () => capResult(await run(), ctx.runtime.config.maxResultBytes, def));
      return hook ? hook(def, args, call) : call();
    },
  );
}

/** One MCP server per session: the tools this session may use, bound to its context. */
export function createServer(ctx: SessionContext, hook?: ToolHook): McpServer {
  const server = new McpServer(
    { name: 'contentstack-personalize', version: VERSION, title: 'Contentstack Personalize' },
    { instructions: INSTRUCTIONS, capabilities: { logging: {} }, maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS },
  );
  const tools = selectTools(ctx);
  for (const def of tools) register(server, def, ctx, hook);
  // The answer depends only on which tools are registered: one per (toolsets, role, read-only) selection.
  cacheToolList(server, tools.map((t) => t.name).join(','), shapeToolList);
  registerResources(server, ctx);
  registerPrompts(server, ctx);
  lenientPromptCompletion(server);
  // What start-up left out (src/api/undici.ts) loads just after initialize, once the client's first
  // tools/list (sent right behind its initialized notification) has had its answer, and before a tool call needs it.
  server.server.oninitialized = () => setTimeout(() => ctx.runtime.warm(), WARM_AFTER_MS).unref();
  return server;
}

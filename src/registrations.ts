import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CallScope, withinCall } from './api/call.js';
import { toToolMessage } from './api/errors.js';
import type { SessionContext } from './context.js';
import { registerPrompts } from './prompts/index.js';
import { registerResources } from './resources/index.js';
import { confirmGate } from './safety/confirm.js';
import { sdkToolList } from './sdk/adapter.js';
import { SERVER_INFO, serverOptions, type Selection, selectionKey } from './server.js';
import { currentSession } from './session.js';
import type { ToolDef } from './tools/define.js';
import { inputExcess } from './tools/input-bounds.js';
import { shapeToolList } from './tools/list-shape.js';
import { selectTools } from './tools/registry.js';
import { capResult } from './tools/result-cap.js';
import { fail, ok } from './tools/results.js';

/**
 * What every session of one tool selection shares: the tools, resources and prompts, registered once
 * per process on an McpServer that is never connected. Each session's own McpServer (src/server.ts)
 * hands its requests to these handlers, inside the session, and the handlers read who is calling with
 * currentSession() (src/session.ts). This module and the tool modules load after initialize (or on the
 * first request that needs them), not at start-up.
 */

/** What it is and when to pass it is said once, in the server's instructions. */
const confirmationToken = z.string().optional();

/** Guarded tools answer either their normal output or a confirmation request, so every field but status is optional. */
function outputSchemaFor(def: ToolDef) {
  if (!def.confirm) return z.object(def.output);
  return z.object(def.output).partial().extend({ status: z.string().optional(), summary: z.string().optional(), confirmationToken: z.string().optional() });
}

/** A result that holds a known secret (the API may echo one) goes back with it redacted. */
function withoutSecrets(result: CallToolResult, ctx: SessionContext): CallToolResult {
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  return ctx.runtime.secrets.appearsIn(text) ? ctx.runtime.secrets.redactDeep(result) : result;
}

interface Schemas {
  inputSchema: z.ZodObject;
  outputSchema: z.ZodObject;
}

/** Each tool's zod schemas, built once per process and shared by every selection that has the tool. */
const schemaCache = new WeakMap<ToolDef, Schemas>();
function schemasOf(def: ToolDef): Schemas {
  let s = schemaCache.get(def);
  if (!s) {
    s = { inputSchema: z.object(def.confirm ? { ...def.input, confirmationToken } : def.input), outputSchema: outputSchemaFor(def) };
    schemaCache.set(def, s);
  }
  return s;
}

function register(server: McpServer, def: ToolDef): void {
  const { inputSchema, outputSchema } = schemasOf(def);
  server.registerTool(
    def.name,
    { title: def.title, description: def.description, inputSchema, outputSchema, annotations: def.hints },
    async (args: Record<string, unknown>, extra) => {
      const { ctx, server: own, hook } = currentSession();
      // Before the hook looks at the arguments: its audit line hashes them recursively (src/safety/tokens.ts
      // canonicalJson). The hook still sees the refusal, without them.
      const excess = inputExcess(args);
      if (excess) {
        const refused = async () => fail(excess);
        return hook ? hook(def, undefined, refused) : refused();
      }
      // One deadline and the client's cancel for everything the call sends upstream (src/api/call.ts).
      const scope = new CallScope(ctx.runtime.config.callDeadlineS * 1000, extra.signal);
      const run = async (): Promise<CallToolResult> => {
        try {
          const refused = await confirmGate(def, args, ctx, own);
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

const sessionCtx = () => currentSession().ctx;

/** One per selection, for the life of the process (selections are few: toolsets × read-only). */
const shared = new Map<string, McpServer>();

/** The registrations every session of `selection` is served from (made on first use). */
export function registrationsFor(selection: Selection): McpServer {
  const key = selectionKey(selection);
  let server = shared.get(key);
  if (!server) {
    server = new McpServer(SERVER_INFO, serverOptions());
    for (const def of selectTools(selection)) register(server, def);
    registerResources(server, sessionCtx);
    registerPrompts(server, selection.toolsets, sessionCtx);
    shared.set(key, server);
  }
  return server;
}

/**
 * What the SDK itself answers to tools/list for `selection`, trimmed and shaped: what src/tools/catalog.ts
 * holds for every tool (test/contract/catalog.test.ts writes it from this, and test/sdk/adapter.test.ts holds
 * each selection's answer byte-identical to it).
 */
export function sdkAnswer(selection: Selection): Promise<ListToolsResult> {
  return sdkToolList(registrationsFor(selection), shapeToolList);
}

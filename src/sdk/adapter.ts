import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type CallToolResult, type ListToolsResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * Everything in this server that depends on the MCP SDK's internals, in one place.
 *
 * Three behaviours need to change what a handler McpServer installed answers: tools/list (trimmed, cached),
 * completion/complete (lenient for unknown prompts) and tools/call (a read member's write call explained).
 * Checked against @modelcontextprotocol/sdk 1.32.2: neither McpServer nor the low-level Server has a
 * public way to read or wrap a registered request handler. `server.server.setRequestHandler` only
 * replaces one, and replacing McpServer's would mean copying its schema conversion, validation and
 * error handling. So these wrap the entries of the low-level Server's handler map (`_requestHandlers`,
 * a Map from method to handler, kept by the SDK's Protocol class). The SDK version is pinned exactly in
 * package.json; test/sdk/adapter.test.ts fails, saying what changed, if an upgrade moves any of this.
 */

/** What the SDK's handler map holds: the parsed request and the request's `extra`, to the result. */
type Handler = (request: { method: string; params?: Record<string, unknown> }, extra: unknown) => Promise<unknown>;

/** The SDK no longer looks the way this module relies on. */
export class SdkAdapterError extends Error {
  override name = 'SdkAdapterError';
}

function handlerMap(server: McpServer): Map<string, Handler> {
  const map = (server.server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(map instanceof Map)) {
    throw new SdkAdapterError(
      '@modelcontextprotocol/sdk changed: the low-level Server keeps no `_requestHandlers` Map any more, which src/sdk/adapter.ts wraps; update the adapter for this SDK version.',
    );
  }
  return map as Map<string, Handler>;
}

/**
 * Replaces the handler for `method` with `wrapper(original)`. A server that never registered that
 * kind of thing (no tools, no completable argument) has no handler for it, and nothing is wrapped.
 */
function wrapHandler(server: McpServer, method: string, wrapper: (original: Handler) => Handler): void {
  const map = handlerMap(server);
  const original = map.get(method);
  if (!original) return;
  map.set(method, wrapper(original));
}

/** The methods a server answers, as the SDK's handler map holds them (for the adapter's own test). */
export function requestHandlerMethods(server: McpServer): string[] {
  return [...handlerMap(server).keys()];
}

/**
 * tools/list without what every tool repeats to no effect: the SDK's `$schema` line in both schemas
 * (our schemas use only keywords that mean the same in draft-07 and the 2020-12 default) and
 * `execution.taskSupport: "forbidden"` (the default when absent). About a tenth of the list's tokens.
 */
function trimmed(result: ListToolsResult): ListToolsResult {
  for (const tool of result.tools) {
    delete (tool.inputSchema as Record<string, unknown>).$schema;
    if (tool.outputSchema) delete (tool.outputSchema as Record<string, unknown>).$schema;
    if (tool.execution?.taskSupport === 'forbidden') delete tool.execution;
  }
  return result;
}

/** A value no one may change any more (the cached answer is shared by every session of the process). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The tools/list answers of this process, one per tool selection (see cacheToolList). */
const toolLists = new Map<string, ListToolsResult>();
/** The SDK's own tools/list handler of each server and the shape applied, for uncachedToolList. */
const sdkToolLists = new WeakMap<McpServer, { list: Handler; shape: Shape }>();

/** What the server does to the SDK's answer before it is cached (src/tools/list-shape.ts). */
export type Shape = (result: ListToolsResult) => ListToolsResult;

/**
 * tools/list trimmed (above) and computed once per process for each `key`, then served as is. The SDK
 * rebuilds every tool's JSON Schema on each tools/list (most of a hosted server's CPU under load);
 * the answer depends only on which tools are registered, so `key` must name exactly that selection
 * (src/server.ts: the selected tool names). The answer is frozen: every session shares the object.
 * Call after the tools are registered, and register no more afterwards.
 */
export function cacheToolList(server: McpServer, key: string, shape: Shape = (r) => r): void {
  wrapHandler(server, 'tools/list', (list) => {
    sdkToolLists.set(server, { list, shape });
    return async (req, extra) => {
      let answer = toolLists.get(key);
      if (!answer) {
        answer = deepFreeze(shape(trimmed((await list(req, extra)) as ListToolsResult)));
        toolLists.set(key, answer);
      }
      return answer;
    };
  });
}

/** What the SDK answers now for this server's tools/list, trimmed and shaped, bypassing the cache (the byte-identity test). */
export async function uncachedToolList(server: McpServer): Promise<ListToolsResult> {
  const sdk = sdkToolLists.get(server);
  if (!sdk) throw new SdkAdapterError('cacheToolList was not applied to this server');
  return sdk.shape(trimmed((await sdk.list({ method: 'tools/list', params: {} }, {})) as ListToolsResult));
}

/**
 * completion/complete for a prompt this server does not have answers "no suggestions" (an empty list)
 * instead of the SDK's -32602 "Prompt … not found": a client completing as the user types is better
 * served by an empty list than an error, and the MCP conformance suite's completion-complete asks
 * exactly that of a server without its fixture prompt. Resource-template completion is unchanged.
 * Call after the prompts are registered.
 */
export function lenientPromptCompletion(server: McpServer): void {
  wrapHandler(server, 'completion/complete', (complete) => async (req, extra) => {
    try {
      return await complete(req, extra);
    } catch (err) {
      const ref = req.params?.ref as { type?: string } | undefined;
      if (ref?.type === 'ref/prompt' && err instanceof McpError && err.code === ErrorCode.InvalidParams && /not found/.test(err.message)) {
        return { completion: { values: [], total: 0, hasMore: false } };
      }
      throw err;
    }
  });
}

/** Answers a tools/call itself (a result), or leaves it to the registered tools (undefined). */
export type ToolCallInterceptor = (name: string, args: Record<string, unknown>) => CallToolResult | undefined;

/**
 * Lets `intercept` answer a tools/call before the SDK looks the tool up: for a tool this session does
 * not list, which the SDK would answer "Tool … not found". Call after the tools are registered.
 */
export function interceptToolCalls(server: McpServer, intercept: ToolCallInterceptor): void {
  wrapHandler(server, 'tools/call', (call) => async (req, extra) => {
    const name = req.params?.name;
    const answer = typeof name === 'string' ? intercept(name, (req.params?.arguments as Record<string, unknown> | undefined) ?? {}) : undefined;
    return answer ?? call(req, extra);
  });
}

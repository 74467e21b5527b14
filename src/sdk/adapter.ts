import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult, type ListToolsResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * Everything in this server that depends on the MCP SDK's internals, in one place.
 *
 * Four behaviours need to read or change a handler McpServer installed: tools/list (the SDK's own
 * answer, trimmed, from which the stored one is made), the shared handlers every session delegates to,
 * completion/complete (lenient for unknown prompts) and tools/call (a read member's write call explained).
 * Checked against @modelcontextprotocol/sdk 1.32.2: neither McpServer nor the low-level Server has a
 * public way to read or wrap a registered request handler. `server.server.setRequestHandler` only
 * replaces one, and replacing McpServer's would mean copying its schema conversion, validation and
 * error handling. So these wrap the entries of the low-level Server's handler map (`_requestHandlers`,
 * a Map from method to handler, kept by the SDK's Protocol class). One more wraps how the HTTP transport writes an
 * SSE event, so the stored tools/list answer goes out as bytes serialized once (storedResultsOver). The SDK version is pinned exactly in
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

/**
 * What the SDK itself answers to tools/list for the tools registered on `server`, trimmed (above) and
 * shaped by `shape` (src/tools/list-shape.ts). The SDK rebuilds every tool's JSON Schema on each call;
 * the server serves a stored answer instead (src/tools/catalog.ts), which tests hold identical to this.
 */
export async function sdkToolList(server: McpServer, shape: (result: ListToolsResult) => ListToolsResult): Promise<ListToolsResult> {
  const list = handlerMap(server).get('tools/list');
  if (!list) throw new SdkAdapterError('this server registered no tools, so the SDK installed no tools/list handler');
  return shape(trimmed((await list({ method: 'tools/list', params: {} }, {})) as ListToolsResult));
}

/**
 * Answers `methods` on `server` with the handlers McpServer installed on `from`, where the tools,
 * resources and prompts were registered once for every session (src/registrations.ts); `enter` runs
 * each request inside the session it belongs to. `from` is awaited on each request (it is loaded
 * lazily, then settled). This relies on McpServer's handlers reading only their own registrations and
 * the request's `extra`, never their low-level Server: test/sdk/adapter.test.ts pins it.
 */
export function delegateHandlers(server: McpServer, methods: readonly string[], from: () => Promise<McpServer>, enter: <T>(work: () => Promise<T>) => Promise<T>): void {
  const map = handlerMap(server);
  for (const method of methods) {
    map.set(method, async (req, extra) => {
      const handler = handlerMap(await from()).get(method);
      if (!handler) throw new SdkAdapterError(`the shared registrations have no ${method} handler, though the session declared its capability`);
      return enter(() => handler(req, extra));
    });
  }
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

/** What the Web-standard transport inside StreamableHTTPServerTransport writes each SSE event with. */
type WriteSseEvent = (controller: { enqueue(chunk: Uint8Array): void }, encoder: TextEncoder, message: { result?: unknown }, eventId?: string) => boolean;

/** Stands for a stored result while the rest of its message is serialized (random: no id can hold it by chance). */
const RESULT_MARK = `stored-result-${randomUUID()}`;
const QUOTED_MARK = JSON.stringify(RESULT_MARK);

/**
 * Sends the results `stored` has bytes for (the stored tools/list answers, src/server.ts) from those bytes,
 * serialized once per process, instead of the SDK's JSON.stringify and UTF-8 encoding of the whole answer on
 * every request: for a 30 KB tools/list they were most of the server's CPU per request. The bytes on the wire
 * are the same: the rest of the message is still serialized by JSON.stringify, in the SDK's own field order,
 * and the event framed as the SDK frames it. This wraps `writeSSEEvent` of the Web-standard transport that
 * StreamableHTTPServerTransport keeps in `_webStandardTransport`; an answer sent as plain JSON
 * (enableJsonResponse) is left to the SDK.
 */
export function storedResultsOver(transport: StreamableHTTPServerTransport, stored: (result: unknown) => Uint8Array | undefined): void {
  const inner = (transport as unknown as { _webStandardTransport?: { writeSSEEvent?: WriteSseEvent; onerror?: (e: Error) => void } })._webStandardTransport;
  const write = inner?.writeSSEEvent;
  if (!inner || typeof write !== 'function') {
    throw new SdkAdapterError(
      '@modelcontextprotocol/sdk changed: StreamableHTTPServerTransport keeps no `_webStandardTransport` with a `writeSSEEvent` method any more, which src/sdk/adapter.ts wraps; update the adapter for this SDK version.',
    );
  }
  inner.writeSSEEvent = function (this: typeof inner, controller, encoder, message, eventId) {
    const bytes = message && typeof message === 'object' && 'result' in message ? stored(message.result) : undefined;
    if (!bytes) return write.call(this, controller, encoder, message, eventId);
    try {
      const [head, tail] = JSON.stringify({ ...message, result: RESULT_MARK }).split(QUOTED_MARK);
      const before = Buffer.from(`event: message\n${eventId ? `id: ${eventId}\n` : ''}data: ${head}`);
      controller.enqueue(Buffer.concat([before, bytes, Buffer.from(`${tail}\n\n`)]));
      return true;
    } catch (error) {
      this.onerror?.(error as Error);
      return false;
    }
  };
}

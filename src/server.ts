import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type ListToolsResult, type ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { MAX_TOOL_INPUT_ELEMENTS, PAGE_DEFAULT } from './bounds/limits.js';
import { packageVersion } from './cli.js';
import type { SessionContext } from './context.js';
import type { Logger } from './log.js';
import { delegateHandlers, lenientPromptCompletion } from './sdk/adapter.js';
import { inSession, type ToolHook } from './session.js';
import { CATALOG } from './tools/catalog.js';
import { hasPrompts, type Toolset } from './tools/toolsets.js';

export type { ToolHook } from './session.js';

/**
 * One MCP session's server. It answers initialize and tools/list from what start-up already holds (the
 * stored tools/list, src/tools/catalog.ts), and hands every other request to the handlers all sessions
 * of its tool selection share (src/registrations.ts, loaded right after initialize or by the first
 * request that needs it). What the session owns is its context, its hook and this small object.
 */

export const SERVER_INFO = { name: 'contentstack-personalize', version: packageVersion(), title: 'Contentstack Personalize' };

const INSTRUCTIONS = [
  'Runs Contentstack Personalize: projects, attributes, audiences, events, experiences and their versions, priority, analytics.',
  'Lists return uids for the other tools: audienceUid from list_audiences, and so on. Omit projectUid for the default project.',
  `Lists answer up to limit rows (default ${PAGE_DEFAULT}) and, when there are more, a nextCursor: pass it as cursor for the next page.`,
  "Deletes and changes to live traffic need the user's confirmation: such a call answers confirmation_required; ask the user, never confirm on their behalf, and once they agreed call again with its confirmationToken.",
].join(' ');

const WARM_AFTER_MS = 100;

/** Which tools, resources and prompts a session has: its toolsets, and only reads when read-only. */
export interface Selection {
  toolsets: readonly Toolset[];
  readOnly: boolean;
}

export const selectionKey = (s: Selection) => `${[...s.toolsets].sort().join(',')}${s.readOnly ? ':read-only' : ''}`;

/** The options of every McpServer this process makes (a fresh object each time: the SDK keeps it). */
export function serverOptions() {
  return { instructions: INSTRUCTIONS, capabilities: { logging: {} }, maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS };
}

/**
 * What McpServer declares once the selection's tools, resources and prompts are registered (the shared
 * registrations, test/sdk/adapter.test.ts compares), with the methods each brings. tools/list is not
 * delegated: it is answered from the catalog.
 */
function capabilitiesOf(selection: Selection): { capabilities: ServerCapabilities; delegated: string[] } {
  const capabilities: ServerCapabilities = { tools: { listChanged: true }, resources: { listChanged: true }, completions: {} };
  const delegated = ['tools/call', 'resources/list', 'resources/templates/list', 'resources/read', 'completion/complete'];
  if (hasPrompts(selection.toolsets)) {
    capabilities.prompts = { listChanged: true };
    delegated.push('prompts/list', 'prompts/get');
  }
  return { capabilities, delegated };
}

/** A value no one may change any more (the answer is shared by every session of the process). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The tools/list answer of each selection, taken from the catalog once and served as is. */
const toolLists = new Map<string, ListToolsResult>();
/** Each stored answer as UTF-8 JSON, made with it: what HTTP sessions send (src/sdk/adapter.ts storedResultsOver). */
const toolListBytes = new WeakMap<object, Buffer>();
function toolListFor(selection: Selection): ListToolsResult {
  const key = selectionKey(selection);
  let answer = toolLists.get(key);
  if (!answer) {
    const tools = CATALOG.filter((e) => selection.toolsets.includes(e.toolset) && (!selection.readOnly || e.tool.annotations?.readOnlyHint === true)).map((e) => e.tool);
    answer = deepFreeze({ tools });
    toolLists.set(key, answer);
    toolListBytes.set(answer, Buffer.from(JSON.stringify(answer)));
  }
  return answer;
}

/** The JSON of `result` when it is a stored tools/list answer (frozen, so the bytes stay true); else undefined. */
export function storedAnswerBytes(result: unknown): Buffer | undefined {
  return result !== null && typeof result === 'object' ? toolListBytes.get(result) : undefined;
}

/** The shared registrations of a selection, loaded on first use (their module imports every tool). */
const registrations = new Map<string, Promise<McpServer>>();
export function sharedRegistrations(selection: Selection): Promise<McpServer> {
  const key = selectionKey(selection);
  let shared = registrations.get(key);
  if (!shared) {
    shared = import('./registrations.js').then((r) => r.registrationsFor(selection));
    registrations.set(key, shared);
  }
  return shared;
}

/** One MCP server per session: the tools this session may use, run inside its context. */
export function createServer(ctx: SessionContext, hook?: ToolHook): McpServer {
  const ready = Promise.resolve(ctx);
  return sessionServer({ toolsets: ctx.toolsets, readOnly: ctx.readOnly }, () => ready, ctx.logger, hook);
}

/**
 * A session whose context is made only when first needed: just after initialize, or by the first request
 * that needs it. src/index.ts uses it for stdio, so that --sandbox starts the simulator after the first answer.
 */
export function createLazyServer(selection: Selection, logger: Logger, context: () => Promise<SessionContext>): McpServer {
  let made: Promise<SessionContext> | undefined;
  return sessionServer(selection, () => (made ??= context()), logger);
}

function sessionServer(selection: Selection, context: () => Promise<SessionContext>, logger: Logger, hook?: ToolHook): McpServer {
  const server = new McpServer(SERVER_INFO, serverOptions());
  const { capabilities, delegated } = capabilitiesOf(selection);
  server.server.registerCapabilities(capabilities);
  const answer = toolListFor(selection);
  server.server.setRequestHandler(ListToolsRequestSchema, () => answer);
  const enter = async <T>(work: () => Promise<T>): Promise<T> => inSession({ ctx: await context(), server, hook }, work);
  delegateHandlers(server, delegated, () => sharedRegistrations(selection), enter);
  lenientPromptCompletion(server);
  // What start-up left out (the tool modules, the context, src/api/undici.ts) loads just after initialize, once the
  // client's first tools/list (sent right behind its initialized notification) has had its answer, and before a
  // tool call needs it.
  const warm = async () => {
    (await context()).runtime.warm();
    await sharedRegistrations(selection);
  };
  server.server.oninitialized = () =>
    setTimeout(
      () => warm().catch((err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'starting up the tools failed')),
      WARM_AFTER_MS,
    ).unref();
  return server;
}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { createRuntime, createSessionContext, sessionOptionsFromConfig, type Runtime } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { requestHandlerMethods, uncachedToolList } from '../../src/sdk/adapter.js';
import { createServer } from '../../src/server.js';
import type { AuditEntry } from '../../src/team/audit.js';
import { explainReadRole, readRoleMessage } from '../../src/team/roles.js';
import { text, wirePair } from '../helpers/harness.js';

/**
 * src/sdk/adapter.ts wraps handlers inside the MCP SDK (there is no public way to). These tests say,
 * in their messages, what an SDK upgrade changed when one breaks what the adapter relies on, before
 * any behaviour test fails for a reason that is hard to trace back to it.
 */
const UPGRADE = 'after an @modelcontextprotocol/sdk upgrade, src/sdk/adapter.ts must be updated:';

const runtimes: Runtime[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
});

/** Our server for a session (a read member's when `member` is given); nothing here reaches the API. */
function ourServer(member?: string) {
  const config = loadConfig([], { CONTENTSTACK_AUTHTOKEN: 'adapter-test', PERSONALIZE_API_URL: 'http://127.0.0.1:9', PERSONALIZE_PROJECT_UID: 'p1', LOG_LEVEL: 'silent' });
  const runtime = createRuntime(config, createLogger('silent', { write: () => undefined }));
  runtimes.push(runtime);
  const ctx = createSessionContext(runtime, { ...sessionOptionsFromConfig(config), member: member ? { name: member } : undefined });
  return { server: createServer(ctx), ctx };
}

async function connected(server: McpServer): Promise<Client> {
  const [clientSide, serverSide] = wirePair();
  await server.connect(serverSide);
  const client = new Client({ name: 'adapter-test', version: '0' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

describe('the SDK internals src/sdk/adapter.ts relies on', () => {
  it('the low-level Server keeps its request handlers in a Map holding tools/list, tools/call and completion/complete', () => {
    const { server } = ourServer();
    let methods: string[] = [];
    expect(() => {
      methods = requestHandlerMethods(server);
    }, `${UPGRADE} server.server._requestHandlers is no longer a Map`).not.toThrow();
    for (const method of ['tools/list', 'tools/call', 'completion/complete']) {
      expect(methods, `${UPGRADE} McpServer no longer installs its ${method} handler in server.server._requestHandlers`).toContain(method);
    }
  });

  it('the SDK answers completion for an unknown prompt with -32602 "… not found", which lenientPromptCompletion turns into no suggestions', async () => {
    const bare = new McpServer({ name: 'bare', version: '0' });
    bare.registerPrompt('known', { argsSchema: { a: completable(z.string(), () => ['x']) } }, () => ({ messages: [] }));
    const client = await connected(bare);
    const err = await client.complete({ ref: { type: 'ref/prompt', name: 'nope' }, argument: { name: 'a', value: '' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, `${UPGRADE} the SDK no longer refuses completion for an unknown prompt`).toBeInstanceOf(McpError);
    expect((err as McpError).code, `${UPGRADE} the error code for an unknown prompt's completion changed`).toBe(ErrorCode.InvalidParams);
    expect((err as McpError).message, `${UPGRADE} the message for an unknown prompt's completion no longer says "not found"`).toMatch(/not found/);
  });
});

describe('what the adapter makes of them, through a real client', () => {
  it('cacheToolList: no tool carries a $schema line or the default execution block, and the schemas are whole', async () => {
    const client = await connected(ourServer().server);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    for (const t of tools) {
      expect(t.inputSchema.$schema, `${UPGRADE} ${t.name} still has $schema: tools/list is not trimmed`).toBeUndefined();
      expect(t.outputSchema?.$schema, `${UPGRADE} ${t.name}'s output schema still has $schema`).toBeUndefined();
      expect(t.execution, `${UPGRADE} ${t.name} still has an execution block`).toBeUndefined();
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
    }
  });

  it('lenientPromptCompletion: an unknown prompt completes to nothing; an unknown template still fails', async () => {
    const client = await connected(ourServer().server);
    const r = await client.complete({ ref: { type: 'ref/prompt', name: 'no_such_prompt' }, argument: { name: 'x', value: 'a' } });
    expect(r.completion, `${UPGRADE} completion for an unknown prompt is an error again`).toEqual({ values: [], total: 0, hasMore: false });
    await expect(client.complete({ ref: { type: 'ref/resource', uri: 'nope://{x}' }, argument: { name: 'x', value: 'a' } })).rejects.toThrow();
  });

  it("interceptToolCalls (explainReadRole): a read member's write call is answered by the role, audited; other calls reach the SDK", async () => {
    const { server, ctx } = ourServer('ann');
    const audited: AuditEntry[] = [];
    explainReadRole(server, ctx, (entry) => audited.push(entry));
    const client = await connected(server);
    const denied = await client.callTool({ name: 'delete_event', arguments: { eventUid: 'e'.repeat(24) } });
    expect(denied.isError).toBe(true);
    expect(text(denied as never), `${UPGRADE} tools/call is no longer intercepted`).toBe(readRoleMessage('delete_event', 'ann'));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ tool: 'delete_event', denied: true });
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(text(unknown as never)).toMatch(/no_such_tool not found/);
    expect(audited).toHaveLength(1);
  });
});

describe('cacheToolList: tools/list computed once per selection', () => {
  const selections: Array<{ label: string; env: Record<string, string> }> = [
    { label: 'all toolsets', env: { PERSONALIZE_TOOLSETS: 'all' } },
    { label: 'read-only', env: { PERSONALIZE_TOOLSETS: 'all', PERSONALIZE_READ_ONLY: 'true' } },
    { label: 'two toolsets', env: { PERSONALIZE_TOOLSETS: 'audiences,events' } },
  ];

  /** The result of a tools/list exactly as the server puts it on the wire (a client would re-parse and reorder it). */
  async function rawToolsList(server: McpServer): Promise<string> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const answer = new Promise<string>((resolve) => {
      clientSide.onmessage = (m) => resolve(JSON.stringify((m as { result?: unknown }).result));
    });
    await clientSide.start();
    await clientSide.send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const text = await answer;
    await server.close();
    return text;
  }

  function serverFor(env: Record<string, string>) {
    const config = loadConfig([], { CONTENTSTACK_AUTHTOKEN: 'adapter-test', PERSONALIZE_API_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent', ...env });
    const runtime = createRuntime(config, createLogger('silent', { write: () => undefined }));
    runtimes.push(runtime);
    return createServer(createSessionContext(runtime, sessionOptionsFromConfig(config)));
  }

  for (const { label, env } of selections) {
    it(`${label}: the cached answer is byte-identical to the SDK's own, for every session`, async () => {
      const first = serverFor(env);
      const second = serverFor(env);
      const a = await rawToolsList(first);
      const b = await rawToolsList(second);
      const sdk = JSON.stringify(await uncachedToolList(second));
      expect(a).toBe(sdk);
      expect(b).toBe(sdk);
      expect(JSON.parse(sdk).tools.length).toBeGreaterThan(3);
    });
  }

  it('selections do not share an answer', async () => {
    const all = await (await connected(serverFor({ PERSONALIZE_TOOLSETS: 'all' }))).listTools();
    const ro = await (await connected(serverFor({ PERSONALIZE_TOOLSETS: 'all', PERSONALIZE_READ_ONLY: 'true' }))).listTools();
    expect(ro.tools.length).toBeLessThan(all.tools.length);
    expect(ro.tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
  });
});

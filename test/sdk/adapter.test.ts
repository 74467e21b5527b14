import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport, type EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { createRuntime, createSessionContext, sessionOptionsFromConfig, type Runtime } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { sdkAnswer } from '../../src/registrations.js';
import { requestHandlerMethods, storedResultsOver } from '../../src/sdk/adapter.js';
import { createServer, sharedRegistrations, storedAnswerBytes } from '../../src/server.js';
import type { AuditEntry } from '../../src/team/audit.js';
import { explainReadRole, readRoleMessage } from '../../src/team/roles.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { startStack, text, wirePair } from '../helpers/harness.js';

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
  it('sdkToolList: no tool carries a $schema line or the default execution block, and the schemas are whole', async () => {
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

describe('tools/list from the catalog, and the shared registrations', () => {
  const selections: Array<{ label: string; env: Record<string, string> }> = [
    { label: 'all toolsets', env: { PERSONALIZE_TOOLSETS: 'all' } },
    { label: 'read-only', env: { PERSONALIZE_TOOLSETS: 'all', PERSONALIZE_READ_ONLY: 'true' } },
    { label: 'two toolsets', env: { PERSONALIZE_TOOLSETS: 'audiences,events' } },
    { label: 'no prompts', env: { PERSONALIZE_TOOLSETS: 'events,geo' } },
  ];

  /** The result of a tools/list exactly as the server puts it on the wire (a client would re-parse and reorder it). */
  async function raw(server: McpServer, method: string): Promise<string> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const answer = new Promise<string>((resolve) => {
      clientSide.onmessage = (m) => resolve(JSON.stringify((m as { result?: unknown }).result));
    });
    await clientSide.start();
    await clientSide.send({ jsonrpc: '2.0', id: 1, method, params: {} });
    const text = await answer;
    await server.close();
    return text;
  }

  function sessionFor(env: Record<string, string>) {
    const config = loadConfig([], { CONTENTSTACK_AUTHTOKEN: 'adapter-test', PERSONALIZE_API_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent', ...env });
    const runtime = createRuntime(config, createLogger('silent', { write: () => undefined }));
    runtimes.push(runtime);
    const ctx = createSessionContext(runtime, sessionOptionsFromConfig(config));
    return { server: createServer(ctx), ctx };
  }

  for (const { label, env } of selections) {
    it(`${label}: the stored answer is byte-identical to the SDK's own, for every session`, async () => {
      const first = sessionFor(env);
      const a = await raw(first.server, 'tools/list');
      const b = await raw(sessionFor(env).server, 'tools/list');
      const sdk = JSON.stringify(await sdkAnswer(first.ctx));
      expect(a).toBe(sdk);
      expect(b).toBe(sdk);
      expect(JSON.parse(sdk).tools.length).toBeGreaterThan(3);
    });

    it(`${label}: a session declares the capabilities its shared registrations have`, async () => {
      const { server, ctx } = sessionFor(env);
      const shared = await sharedRegistrations(ctx);
      // What initialize answers (getCapabilities is private in the SDK's types, so it is read as the SDK does).
      const declared = (s: McpServer) => (s.server as unknown as { getCapabilities(): unknown }).getCapabilities();
      expect(declared(server)).toEqual(declared(shared));
      for (const method of requestHandlerMethods(shared)) expect(requestHandlerMethods(server), `the session does not answer ${method}`).toContain(method);
    });
  }

  it('selections do not share an answer', async () => {
    const all = await (await connected(sessionFor({ PERSONALIZE_TOOLSETS: 'all' }).server)).listTools();
    const ro = await (await connected(sessionFor({ PERSONALIZE_TOOLSETS: 'all', PERSONALIZE_READ_ONLY: 'true' }).server)).listTools();
    expect(ro.tools.length).toBeLessThan(all.tools.length);
    expect(ro.tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
  });

  it('sessions of one selection share the registrations, and each call runs in its own session', async () => {
    const sandbox = await startSandbox({ rateLimit: 100 });
    const withProject = await startStack({ use: sandbox });
    const without = await startStack({ use: sandbox, env: { PERSONALIZE_PROJECT_UID: '' } });
    try {
      // Interleaved: each answer must come from its own session's context (the default project or none).
      const calls = await Promise.all([0, 1, 2].flatMap(() => [withProject.call('list_events'), without.call('list_events')]));
      calls.forEach((r, i) => {
        if (i % 2 === 0) expect(r.isError, text(r)).toBeFalsy();
        else expect(text(r)).toMatch(/No project given/);
      });
    } finally {
      await withProject.close();
      await without.close();
      await sandbox.close();
    }
  });
});

describe('storedResultsOver: the stored tools/list over Streamable HTTP', () => {
  const servers: HttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((h) => new Promise((r) => h.close(r))));
  });

  /** An event store whose ids repeat from run to run, so two runs can be compared byte for byte. */
  function countingStore(): EventStore {
    let n = 0;
    return { storeEvent: async () => `event-${++n}`, replayEventsAfter: async () => 'none' };
  }

  /** The raw HTTP body a session answers to tools/list with `id`, through the SDK's transport (wrapped or not). */
  async function rawOverHttp(wrap: boolean, id: number | string, eventStore?: EventStore): Promise<{ body: string; stored: number }> {
    const { server } = ourServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => 'fixed-session', eventStore });
    let stored = 0;
    if (wrap) {
      storedResultsOver(transport, (result) => {
        const bytes = storedAnswerBytes(result);
        if (bytes) stored++;
        return bytes;
      });
    }
    await server.connect(transport);
    const http = createHttpServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      await transport.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString()));
    });
    servers.push(http);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
    const post = async (message: object, session?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      if (session) Object.assign(headers, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' });
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(message) });
      return { status: res.status, session: res.headers.get('mcp-session-id') ?? undefined, body: await res.text() };
    };
    const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
    expect(init.status).toBe(200);
    await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, init.session);
    const list = await post({ jsonrpc: '2.0', id, method: 'tools/list', params: {} }, init.session);
    expect(list.status).toBe(200);
    await server.close();
    return { body: list.body, stored };
  }

  for (const [label, id, store] of [
    ['a number id', 7, false],
    ['a string id with non-ASCII characters', 'list-é-"1"', false],
    ['event ids (an event store)', 8, true],
  ] as const) {
    it(`${label}: the body is byte-identical to the SDK's own, and sent from the stored bytes`, async () => {
      const sdk = await rawOverHttp(false, id, store ? countingStore() : undefined);
      const ours = await rawOverHttp(true, id, store ? countingStore() : undefined);
      expect(ours.stored, `${UPGRADE} the wrapped writeSSEEvent is no longer what sends a response`).toBe(1);
      expect(ours.body).toBe(sdk.body);
      expect(sdk.body).toMatch(store ? /^event: message\nid: event-\d+\ndata: \{"result":\{"tools":\[/ : /^event: message\ndata: \{"result":\{"tools":\[/);
    });
  }
});

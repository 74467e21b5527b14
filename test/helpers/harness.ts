import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath } from 'node:url';
import { assertCredentials, loadConfig } from '../../src/config.js';
import { createRuntime, createSessionContext, sessionOptionsFromConfig } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createServer } from '../../src/server.js';

/** The built server, for the end-to-end tests only (test/global-setup.ts builds it when src is newer). */
export const ENTRY = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const TEST_TOKEN = 'test-authtoken-5f2c9a';
const FAST_LIMIT = 100;

export interface StackOptions {
  /** Settings as environment variables (win over the defaults below), read by src/config.ts loadConfig. */
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
  /** Reuse a sandbox instead of starting one (it is then not closed by the stack). */
  use?: Sandbox;
  /** Declare elicitation and answer with this handler. */
  elicit?: (message: string) => ElicitResult | Promise<ElicitResult>;
}

export interface Stack {
  sandbox: Sandbox;
  client: Client;
  /** Calls a tool and returns the result as the client got it. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Upstream requests the sandbox saw since the last mark(). */
  sinceMark(): Sandbox['requests'];
  mark(): void;
  /** What the server logged (pino JSON lines), as it would have written them to stderr. */
  stderr(): string;
  close(): Promise<void>;
}

/** The environment a server gets pointed at `sandbox`, with `extra` winning. */
function stackEnv(sandbox: Sandbox, options: StackOptions): Record<string, string> {
  return {
    // Tests about other things run at a higher limit on both sides; those about the limit set their own.
    ...(options.use || options.sandbox?.rateLimit !== undefined ? {} : { PERSONALIZE_RATE_LIMIT: String(FAST_LIMIT) }),
    PERSONALIZE_API_URL: sandbox.url,
    PERSONALIZE_EDGE_URL: sandbox.edgeUrl,
    CONTENTSTACK_AUTHTOKEN: TEST_TOKEN,
    CONTENTSTACK_ORGANIZATION_UID: sandbox.demo.organizationUid,
    PERSONALIZE_PROJECT_UID: sandbox.demo.projectUid,
    PERSONALIZE_CONFIRM: 'token',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
}

function newClient(options: StackOptions): Client {
  const client = new Client({ name: 'test', version: '0' }, { capabilities: options.elicit ? { elicitation: { form: {} } } : {} });
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (req) => answer(String(req.params.message)));
  }
  return client;
}

function stackOf(sandbox: Sandbox, client: Client, stderr: () => string, close: () => Promise<void>): Stack {
  let mark = sandbox.requests.length;
  return {
    sandbox,
    client,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    mark() {
      mark = sandbox.requests.length;
    },
    sinceMark: () => sandbox.requests.slice(mark),
    stderr,
    close,
  };
}

/**
 * A linked in-memory transport pair whose messages cross as JSON text, as they do over stdio: the
 * server never sees the client's objects (nor the client the server's), and anything JSON cannot
 * carry is lost here too.
 */
export function wirePair(): [InMemoryTransport, InMemoryTransport] {
  const pair = InMemoryTransport.createLinkedPair();
  for (const t of pair) {
    const send = t.send.bind(t);
    t.send = (message, options) => send(JSON.parse(JSON.stringify(message)) as typeof message, options);
  }
  return pair;
}

/**
 * The server in this process, built from src as src/index.ts builds it for stdio (loadConfig →
 * runtime → session context → createServer), linked to a real SDK client over an in-memory
 * transport, against a sandbox on loopback HTTP. No build, no child process.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = options.use ?? (await startSandbox({ rateLimit: FAST_LIMIT, ...options.sandbox }));
  let log = '';
  try {
    const config = loadConfig([], stackEnv(sandbox, options));
    assertCredentials(config);
    const logger = createLogger(config.logLevel, {
      write: (line: string) => {
        log += line;
      },
    });
    const runtime = createRuntime(config, logger);
    const server = createServer(createSessionContext(runtime, sessionOptionsFromConfig(config)));
    const [clientSide, serverSide] = wirePair();
    await server.connect(serverSide);
    const client = newClient(options);
    await client.connect(clientSide);
    return stackOf(
      sandbox,
      client,
      () => log,
      async () => {
        await client.close();
        await server.close();
        await runtime.close();
        if (!options.use) await sandbox.close();
      },
    );
  } catch (err) {
    if (!options.use) await sandbox.close();
    throw err;
  }
}

/** The server as a user runs it: the built dist/index.js as a child process over stdio, against a sandbox on loopback HTTP. */
export async function spawnStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = options.use ?? (await startSandbox({ rateLimit: FAST_LIMIT, ...options.sandbox }));
  const env = { PATH: process.env.PATH ?? '', ...stackEnv(sandbox, options) };
  const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY], env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = newClient(options);
  await client.connect(transport);
  return stackOf(
    sandbox,
    client,
    () => stderr,
    async () => {
      await client.close();
      if (!options.use) await sandbox.close();
    },
  );
}

/** The text of a result's first content block. */
export function text(r: CallToolResult): string {
  const c = r.content[0];
  return c && c.type === 'text' ? c.text : '';
}

/** The text of a resource's first content (empty for a blob). */
export function resourceText(r: ReadResourceResult): string {
  const c = r.contents[0];
  return c && 'text' in c ? c.text : '';
}

/** Runs a guarded call through the token round trip: first call, then again with the token. */
export async function confirmed(stack: Stack, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const first = await stack.call(name, args);
  const token = (first.structuredContent as { confirmationToken?: string } | undefined)?.confirmationToken;
  if (!token) return first;
  return stack.call(name, { ...args, confirmationToken: token });
}

export function demoProject(sandbox: Sandbox) {
  const p = sandbox.store.projects.find((x) => x.uid === sandbox.demo.projectUid);
  if (!p) throw new Error('demo project missing');
  return p;
}

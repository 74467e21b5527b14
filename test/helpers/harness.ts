import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export const ENTRY = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const TEST_TOKEN = 'test-authtoken-5f2c9a';
const FAST_LIMIT = 100;

export interface StackOptions {
  /** Extra environment for the server process (wins over the defaults below). */
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
  stderr(): string;
  close(): Promise<void>;
}

/** The server as a user runs it: a child process over stdio, pointed at a sandbox on loopback HTTP. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // Tests about other things run at a higher limit on both sides; those about the limit set their own.
  const sandbox = options.use ?? (await startSandbox({ rateLimit: FAST_LIMIT, ...options.sandbox }));
  const env: Record<string, string> = {
    ...(options.use || options.sandbox?.rateLimit !== undefined ? {} : { PERSONALIZE_RATE_LIMIT: String(FAST_LIMIT) }),
    PATH: process.env.PATH ?? '',
    PERSONALIZE_API_URL: sandbox.url,
    PERSONALIZE_EDGE_URL: sandbox.edgeUrl,
    CONTENTSTACK_AUTHTOKEN: TEST_TOKEN,
    CONTENTSTACK_ORGANIZATION_UID: sandbox.demo.organizationUid,
    PERSONALIZE_PROJECT_UID: sandbox.demo.projectUid,
    PERSONALIZE_CONFIRM: 'token',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY], env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const client = new Client({ name: 'test', version: '0' }, { capabilities: options.elicit ? { elicitation: { form: {} } } : {} });
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (req) => answer(String(req.params.message)));
  }
  await client.connect(transport);
  let mark = sandbox.requests.length;
  return {
    sandbox,
    client,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    mark() { mark = sandbox.requests.length; },
    sinceMark: () => sandbox.requests.slice(mark),
    stderr: () => stderr,
    async close() {
      await client.close();
      if (!options.use) await sandbox.close();
    },
  };
}

/** The text of a result's first content block. */
export function text(r: CallToolResult): string {
  const c = r.content[0];
  return c && c.type === 'text' ? c.text : '';
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

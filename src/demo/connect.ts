import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath } from 'node:url';

/** dist/demo/connect.js → dist/index.js, the server as a user runs it. */
const ENTRY = fileURLToPath(new URL('../index.js', import.meta.url));

export interface DemoSession {
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** What the server wrote to stderr, for explaining a failure. */
  stderr(): string;
  close(): Promise<void>;
}

/** Spawns `node dist/index.js --sandbox` with token confirmation and connects a real MCP client to it. */
export async function connectSandboxServer(): Promise<DemoSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, '--sandbox'],
    env: { PATH: process.env.PATH ?? '', PERSONALIZE_CONFIRM: 'token', LOG_LEVEL: 'warn' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'personalize-demo', version: '0.1.0' });
  await client.connect(transport);
  return {
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    stderr: () => stderr,
    close: () => client.close(),
  };
}

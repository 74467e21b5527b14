import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fileURLToPath } from 'node:url';

/** Compiled next to this file: dist/bench/spawn.js → dist/index.js and dist/bench/bare-server.js. */
export const SERVER_ENTRY = fileURLToPath(new URL('../index.js', import.meta.url));
export const BARE_ENTRY = fileURLToPath(new URL('./bare-server.js', import.meta.url));
export const BARE_HTTP_ENTRY = fileURLToPath(new URL('./bare-http-server.js', import.meta.url));

export interface Spawned {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `node <args>` with only PATH plus `env`, and connects an MCP client over stdio. */
export async function spawnClient(args: string[], env: Record<string, string> = {}): Promise<Spawned> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'personalize-bench', version: '0.1.0' });
  try {
    await client.connect(transport);
  } catch (err) {
    await transport.close();
    throw new Error(`node ${args.join(' ')} did not start: ${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  }
  return { client, stderr: () => stderr, close: () => client.close() };
}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig } from '../config.js';
import { createRuntime, createSessionContext, sessionOptionsFromConfig } from '../context.js';
import { createLogger } from '../log.js';
import { SANDBOX_TOKEN, startSandbox } from '../sandbox/index.js';
import { stamp } from '../sandbox/store.js';
import { createServer } from '../server.js';
import { countTokens } from './tokens.js';

export interface ListResultSize {
  audiences: number;
  shown: number;
  /** The text content and the structured content, as a client receives them. */
  tokens: number;
  textTokens: number;
}

/** list_audiences, default arguments, on a project with `count` audiences (each with a description and rules). */
export async function measureListAudiences(count = 200): Promise<ListResultSize> {
  const sandbox = await startSandbox({ rateLimit: 1000 });
  const project = sandbox.store.projects.find((p) => p.uid === sandbox.demo.projectUid)!;
  const definition = { __type: 'RuleCombination', combinationType: 'AND', rules: [] };
  for (let i = project.audiences.length; i < count; i++) {
    project.audiences.push(
      stamp({ name: `Visitors from campaign ${i}`, description: `Everyone who arrived through spring campaign number ${i}, on any device.`, definition }, project.uid),
    );
  }
  const config = {
    ...loadConfig([], {}),
    apiUrl: sandbox.url,
    edgeUrl: sandbox.edgeUrl,
    authtoken: SANDBOX_TOKEN,
    organizationUid: sandbox.demo.organizationUid,
    projectUid: sandbox.demo.projectUid,
    rateLimit: 1000,
  };
  const runtime = createRuntime(config, createLogger('warn'));
  const server = createServer(createSessionContext(runtime, sessionOptionsFromConfig(config)));
  const client = new Client({ name: 'bench', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  try {
    const r = (await client.callTool({ name: 'list_audiences', arguments: {} })) as CallToolResult;
    const text = r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    const textTokens = countTokens(text);
    const shown = ((r.structuredContent as { audiences?: unknown[] }).audiences ?? []).length;
    return { audiences: project.audiences.length, shown, tokens: textTokens + countTokens(JSON.stringify(r.structuredContent)), textTokens };
  } finally {
    await client.close();
    await runtime.close();
    await sandbox.close();
  }
}

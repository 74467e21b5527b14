import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { SANDBOX_TOKEN, startSandbox, type Sandbox } from '../sandbox/index.js';
import { SERVER_ENTRY, spawnClient, type Spawned } from './spawn.js';
import { median, round } from './stats.js';

export interface Latency {
  calls: number;
  toolCallMs: number;
  directHttpMs: number;
  addedMs: number;
}

const WARM_UP = 5;

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function directGet(sandbox: Sandbox, dispatcher: Agent): () => Promise<void> {
  const headers = { accept: 'application/json', 'user-agent': 'contentstack-personalize-mcp', authtoken: SANDBOX_TOKEN, 'x-project-uid': sandbox.demo.projectUid };
  return async () => {
    const res = await request(`${sandbox.url}/attributes`, { headers, dispatcher });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`GET /attributes answered ${res.statusCode}: ${text}`);
    JSON.parse(text);
  };
}

function toolCall(s: Spawned): () => Promise<void> {
  return async () => {
    const r = await s.client.callTool({ name: 'list_attributes', arguments: {} });
    if (r.isError) throw new Error(`list_attributes failed: ${JSON.stringify(r.content)}`);
  };
}

/**
 * One list_attributes tool call (client → stdio → server → HTTP → sandbox and back) against the same
 * GET /attributes made directly with undici over a keep-alive socket, alternating so both see the same load.
 */
export async function measureLatency(calls = 50): Promise<Latency> {
  const sandbox = await startSandbox({ rateLimit: 1000 });
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  let server: Spawned | undefined;
  try {
    server = await spawnClient([SERVER_ENTRY], {
      PERSONALIZE_API_URL: sandbox.url,
      CONTENTSTACK_AUTHTOKEN: SANDBOX_TOKEN,
      CONTENTSTACK_ORGANIZATION_UID: sandbox.demo.organizationUid,
      PERSONALIZE_PROJECT_UID: sandbox.demo.projectUid,
      PERSONALIZE_CONFIRM: 'token',
      PERSONALIZE_RATE_LIMIT: '1000',
    });
    const viaTool = toolCall(server);
    const direct = directGet(sandbox, dispatcher);
    for (let i = 0; i < WARM_UP; i++) {
      await viaTool();
      await direct();
    }
    const tool: number[] = [];
    const http: number[] = [];
    for (let i = 0; i < calls; i++) {
      tool.push(await timed(viaTool));
      http.push(await timed(direct));
    }
    const seen = sandbox.requests.filter((r) => r.path === '/attributes' && r.status === 200).length;
    // Guards the comparison: every tool call must have reached the sandbox, none served from a cache.
    if (seen !== 2 * (WARM_UP + calls)) throw new Error(`the sandbox saw ${seen} GET /attributes, expected ${2 * (WARM_UP + calls)}`);
    const toolCallMs = median(tool);
    const directHttpMs = median(http);
    return { calls, toolCallMs: round(toolCallMs), directHttpMs: round(directHttpMs), addedMs: round(toolCallMs - directHttpMs) };
  } finally {
    await server?.close();
    await dispatcher.close();
    await sandbox.close();
  }
}

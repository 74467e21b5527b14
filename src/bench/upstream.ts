import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { loadConfig } from '../config.js';
import { createRuntime, createSessionContext, sessionOptionsFromConfig } from '../context.js';
import { createLogger } from '../log.js';
import { SANDBOX_TOKEN, startSandbox, type Sandbox } from '../sandbox/index.js';
import { createServer } from '../server.js';

export interface UpstreamTask {
  task: string;
  before: number;
  after: number;
}

type Step = (client: Client, sandbox: Sandbox) => Promise<void>;

/**
 * Typical tasks, each run twice in one session (as an assistant re-reads while it works), counting the
 * Management requests the sandbox saw (Edge requests are not rate limited and are the same either way): with the list cache off ("before") and on ("after").
 */
export const TASKS: Record<string, Step> = {
  'read one experience resource (twice)': async (client, sandbox) => {
    const project = sandbox.store.projects[0]!;
    const uri = `personalize://projects/${project.uid}/experiences/${project.experiences[0]!.uid}`;
    await client.readResource({ uri });
    await client.readResource({ uri });
  },
  'enrich a manifest with names (two visitors)': async (client, _sandbox) => {
    for (const userUid of ['bench-visitor-1', 'bench-visitor-2']) {
      const r = await client.callTool({ name: 'get_manifest', arguments: { userUid, ipAddress: '203.0.113.7', liveAttributes: { loyalty_points: 900, plan: 'pro' } } });
      const named = (r.structuredContent as { experiences?: Array<{ experienceName?: string }> } | undefined)?.experiences?.some((x) => x.experienceName);
      if (r.isError || !named) throw new Error('get_manifest gave no names in the bench');
    }
  },
  'delete an audience with its checks (ask, then confirm)': async (client, sandbox) => {
    const audience = sandbox.store.projects[0]!.audiences.find((a) => a.name === 'Newsletter subscribers')!;
    const first = await client.callTool({ name: 'delete_audience', arguments: { audienceUid: audience.uid } });
    const token = (first.structuredContent as { confirmationToken?: string }).confirmationToken;
    const done = await client.callTool({ name: 'delete_audience', arguments: { audienceUid: audience.uid, confirmationToken: token } });
    if (done.isError) throw new Error('delete_audience failed in the bench');
  },
};

async function count(step: Step, cacheTtlMs: number | undefined): Promise<number> {
  const sandbox = await startSandbox({ rateLimit: 1000 });
  const config = {
    ...loadConfig([], {}),
    apiUrl: sandbox.url,
    edgeUrl: sandbox.edgeUrl,
    authtoken: SANDBOX_TOKEN,
    organizationUid: sandbox.demo.organizationUid,
    projectUid: sandbox.demo.projectUid,
    rateLimit: 1000,
    confirm: 'token' as const,
  };
  const runtime = createRuntime(config, createLogger('warn'), { cacheTtlMs });
  const server = createServer(createSessionContext(runtime, sessionOptionsFromConfig(config)));
  const client = new Client({ name: 'bench', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  try {
    await step(client, sandbox);
    return sandbox.requests.length;
  } finally {
    await client.close();
    await runtime.close();
    await sandbox.close();
  }
}

export async function measureUpstream(): Promise<UpstreamTask[]> {
  const out: UpstreamTask[] = [];
  for (const [task, step] of Object.entries(TASKS)) out.push({ task, before: await count(step, 0), after: await count(step, undefined) });
  return out;
}

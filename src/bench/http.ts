import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startRedis, REDIS_MISSING } from '../dev/redis-server.js';
import { startRemoteSandbox, type RemoteSandbox } from '../dev/remote-sandbox.js';
import { launchHttpServer } from '../dev/http-process.js';
import { BARE_HTTP_ENTRY, SERVER_ENTRY, spawnClient } from './spawn.js';

interface HttpProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `node dist/index.js --http …` on a port the OS picks; resolves with the URL it logged. */
async function spawnHttp(env: Record<string, string>, args: string[] = [], entry = SERVER_ENTRY): Promise<HttpProcess> {
  const { url, child, exited } = await launchHttpServer(entry, env, args);
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(forced);
    },
  };
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'personalize-bench', version: '0.1.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** Resident set size of a process, in bytes (Linux /proc; ps elsewhere). */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    /* not Linux */
  }
  return (
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
        .toString()
        .trim(),
    ) * 1024
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface HttpThroughput {
  sessions: number;
  seconds: number;
  toolsListPerSecond: number;
  cachedReadPerSecond: number;
  /** The bare one-tool SDK server over Streamable HTTP, same clients, same run. */
  bareToolsListPerSecond: number;
}

/**
 * tools/list as raw JSON-RPC over the session's own HTTP headers, the body read as text: the server's
 * work, not the SDK client's (its zod parse of a 40-tool answer costs more than the server's reply, on
 * the same cores). The same for both servers measured.
 */
function rawToolsList(url: string): (c: Client) => Promise<unknown> {
  let id = 0;
  return async (c) => {
    const t = c.transport as StreamableHTTPClientTransport;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': t.sessionId!,
        'mcp-protocol-version': t.protocolVersion ?? '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/list', params: {} }),
    });
    const text = await res.text();
    if (res.status !== 200 || !text.includes('"tools"')) throw new Error(`tools/list answered ${res.status}: ${text.slice(0, 200)}`);
    return text;
  };
}

/** Requests completed, and milliseconds taken, by the clients each sending one request after another for `seconds`. */
async function window(clients: Client[], seconds: number, op: (c: Client) => Promise<unknown>): Promise<{ done: number; ms: number }> {
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        await op(c);
        done++;
      }
    }),
  );
  return { done, ms: performance.now() - start };
}

/** Requests completed per second by `sessions` sessions each sending one request after another. */
async function perSecond(clients: Client[], seconds: number, op: (c: Client) => Promise<unknown>): Promise<number> {
  for (const c of clients) await op(c);
  const { done, ms } = await window(clients, seconds, op);
  return done / (ms / 1000);
}

interface Load {
  clients: Client[];
  op: (c: Client) => Promise<unknown>;
}

/**
 * Requests per second of each load, measured in turns of one second (`seconds` turns each, the order
 * alternating): on a machine whose other work comes and goes, both servers see the same load, where
 * one five-second run after the other could catch a quiet spell for one and a busy one for the other.
 */
async function perSecondInTurns(loads: Load[], seconds: number): Promise<number[]> {
  for (const { clients, op } of loads) for (const c of clients) await op(c);
  const totals = loads.map(() => ({ done: 0, ms: 0 }));
  for (let turn = 0; turn < seconds; turn++) {
    const order = turn % 2 ? [...loads.keys()].reverse() : [...loads.keys()];
    for (const i of order) {
      const { done, ms } = await window(loads[i]!.clients, 1, loads[i]!.op);
      totals[i]!.done += done;
      totals[i]!.ms += ms;
    }
  }
  return totals.map((t) => t.done / (t.ms / 1000));
}

/**
 * tools/list over Streamable HTTP by 50 concurrent sessions against one `--http --sandbox` process and
 * against the bare one-tool SDK server, in alternating turns; then a read of the cached
 * personalize://projects resource.
 */
export async function measureHttpThroughput(sessions = 50, seconds = 5): Promise<HttpThroughput> {
  const servers: HttpProcess[] = [];
  const clients: Client[] = [];
  try {
    const server = await spawnHttp({}, ['--sandbox']);
    servers.push(server);
    const bare = await spawnHttp({}, [], BARE_HTTP_ENTRY);
    servers.push(bare);
    const ours: Client[] = [];
    const theirs: Client[] = [];
    for (let i = 0; i < sessions; i++) ours.push(await connect(server.url));
    for (let i = 0; i < sessions; i++) theirs.push(await connect(bare.url));
    clients.push(...ours, ...theirs);
    // Raw requests (rawToolsList), not client.listTools: the latter compiles every output schema with
    // Ajv and re-parses the answer on each call, which would measure the client rather than the server.
    const [toolsListPerSecond, bareToolsListPerSecond] = await perSecondInTurns(
      [
        { clients: ours, op: rawToolsList(server.url) },
        { clients: theirs, op: rawToolsList(bare.url) },
      ],
      seconds,
    );
    const cachedReadPerSecond = await perSecond(ours, seconds, (c) => c.readResource({ uri: 'personalize://projects' }));
    return {
      sessions,
      seconds,
      toolsListPerSecond: Math.round(toolsListPerSecond!),
      cachedReadPerSecond: Math.round(cachedReadPerSecond),
      bareToolsListPerSecond: Math.round(bareToolsListPerSecond!),
    };
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await Promise.all(servers.map((s) => s.stop()));
  }
}

export interface SessionMemory {
  sessions: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  perSessionKb: number;
  /** The bare one-tool SDK server over Streamable HTTP, measured the same way. */
  barePerSessionKb: number;
}

/** RSS growth of the server process over `sessions` idle sessions (initialized, GET stream open, no calls). */
export async function measureSessionMemory(sessions = 500): Promise<SessionMemory> {
  const ours = await sessionMemoryOf(sessions, () => spawnHttp({}, ['--sandbox']));
  const bare = await sessionMemoryOf(sessions, () => spawnHttp({}, [], BARE_HTTP_ENTRY));
  return { ...ours, barePerSessionKb: bare.perSessionKb };
}

async function sessionMemoryOf(sessions: number, start: () => Promise<HttpProcess>): Promise<Omit<SessionMemory, 'barePerSessionKb'>> {
  const server = await start();
  const clients: Client[] = [];
  try {
    // Warm up: the first sessions load and compile code that every later one shares.
    for (let i = 0; i < 20; i++) await (await connect(server.url)).close();
    await sleep(1500);
    const before = rssOf(server.pid);
    for (let i = 0; i < sessions; i++) clients.push(await connect(server.url));
    await sleep(1500);
    const after = rssOf(server.pid);
    const mb = (b: number) => Number((b / 2 ** 20).toFixed(1));
    return { sessions, rssBeforeMb: mb(before), rssAfterMb: mb(after), perSessionKb: Math.round((after - before) / sessions / 1024) };
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await server.stop();
  }
}

export type ReplicaBurst =
  | {
      replicas: number;
      calls: number;
      limit: number;
      upstreamRequests: number;
      seconds: number;
      perSecond: number;
      fractionOfLimit: number;
      peakPerSecond: number;
      rateLimited: number;
    }
  | { skipped: string };

/**
 * Three replicas sharing one Redis and one sandbox (in its own process) limited to `limit`/s take a
 * burst of 300 tool calls spread over them: the upstream rate they reach together, as a fraction of
 * the limit, from the first to the last request of the burst.
 */
export async function measureReplicaBurst(calls = 300, limit = 10): Promise<ReplicaBurst> {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  try {
    redis = await startRedis();
  } catch (err) {
    if (err instanceof Error && err.message === REDIS_MISSING) return { skipped: 'redis-server is not installed' };
    throw err;
  }
  const sandbox = await startRemoteSandbox(limit);
  const replicas: HttpProcess[] = [];
  const clients: Client[] = [];
  try {
    const env = {
      PERSONALIZE_API_URL: sandbox.url,
      PERSONALIZE_EDGE_URL: sandbox.edgeUrl,
      CONTENTSTACK_AUTHTOKEN: 'bench-authtoken',
      CONTENTSTACK_ORGANIZATION_UID: sandbox.demo.organizationUid,
      PERSONALIZE_PROJECT_UID: sandbox.demo.projectUid,
      PERSONALIZE_RATE_LIMIT: String(limit),
      PERSONALIZE_CONFIRM_SECRET: randomBytes(32).toString('hex'),
      REDIS_URL: redis.url,
      LOG_LEVEL: 'info',
    };
    replicas.push(...(await Promise.all([0, 1, 2].map(() => spawnHttp(env)))));
    clients.push(...(await Promise.all(replicas.map((r) => connect(r.url)))));
    return await burst(clients, sandbox, calls, limit);
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await Promise.all(replicas.map((r) => r.stop()));
    await sandbox.close();
    await redis.stop();
  }
}

export type ProcessBurst = Exclude<ReplicaBurst, { skipped: string }>;

/**
 * One stdio server process against a sandbox (its own process) limited to `limit`/s takes `calls`
 * concurrent tool calls: the upstream rate it reaches, as a fraction of the limit, first to last request.
 */
export async function measureProcessBurst(calls = 100, limit = 10): Promise<ProcessBurst> {
  const sandbox = await startRemoteSandbox(limit);
  const s = await spawnClient([SERVER_ENTRY], {
    PERSONALIZE_API_URL: sandbox.url,
    PERSONALIZE_EDGE_URL: sandbox.edgeUrl,
    CONTENTSTACK_AUTHTOKEN: 'bench-authtoken',
    CONTENTSTACK_ORGANIZATION_UID: sandbox.demo.organizationUid,
    PERSONALIZE_PROJECT_UID: sandbox.demo.projectUid,
    PERSONALIZE_RATE_LIMIT: String(limit),
  });
  try {
    return await burst([s.client], sandbox, calls, limit);
  } finally {
    await s.close();
    await sandbox.close();
  }
}

/**
 * `calls` list tool calls spread over `callers` (one per replica) at once, and what the sandbox saw of them:
 * the share of `limit` they used, the busiest second, the 429s.
 */
async function burst(callers: Client[], sandbox: RemoteSandbox, calls: number, limit: number): Promise<ProcessBurst> {
  const before = (await sandbox.stats()).requests.length;
  const tools = ['list_attributes', 'list_events', 'list_audiences'];
  const results = await Promise.all(
    Array.from({ length: calls }, (_, i) => callers[i % callers.length]!.callTool({ name: tools[i % tools.length]!, arguments: {} }, undefined, { timeout: 300_000 })),
  );
  const failed = results.filter((r) => r.isError).length;
  if (failed) throw new Error(`${failed} of ${calls} tool calls failed`);
  const { requests, peakPerSecond } = await sandbox.stats();
  const sent = requests.slice(before);
  const seconds = (sent[sent.length - 1]!.at - sent[0]!.at) / 1000;
  // n requests over a span of s seconds: n - 1 intervals, so the rate is (n - 1) / s.
  const perSecond = (sent.length - 1) / seconds;
  return {
    replicas: callers.length,
    calls,
    limit,
    upstreamRequests: sent.length,
    seconds: Number(seconds.toFixed(1)),
    perSecond: Number(perSecond.toFixed(2)),
    fractionOfLimit: Number((perSecond / limit).toFixed(2)),
    peakPerSecond,
    rateLimited: requests.filter((r) => r.status === 429).length,
  };
}

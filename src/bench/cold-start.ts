import { performance } from 'node:perf_hooks';
import { CallToolResultSchema, ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { BARE_ENTRY, SERVER_ENTRY, spawnClient } from './spawn.js';
import { median, round } from './stats.js';

export interface ColdStart {
  runs: number;
  /** As a user starts it: stdio, credentials from the environment (start-up sends nothing upstream). */
  serverMs: number;
  /** With --sandbox, which starts the simulator in the same process just after the first answer. */
  sandboxMs: number;
  /** With --sandbox, spawn → the answer to a first tool call (list_events), which waits for the simulator. */
  sandboxFirstCallMs: number;
  bareMs: number;
  ratio: number;
  sandboxRatio: number;
  serverSamples: number[];
  sandboxSamples: number[];
  bareSamples: number[];
}

/** The environment of a plain start: a credential and an API address that is never contacted before a tool call. */
const PLAIN_ENV = { CONTENTSTACK_AUTHTOKEN: 'bench-authtoken', PERSONALIZE_API_URL: 'http://127.0.0.1:9', PERSONALIZE_CONFIRM: 'token' };

/**
 * Spawn → initialize → first tools/list answer, in milliseconds. client.request rather than
 * client.listTools: the latter compiles every output schema with Ajv, which would time the client.
 */
async function timeToToolsList(args: string[], env: Record<string, string>, then?: (ms: number) => void): Promise<number> {
  const start = performance.now();
  const s = await spawnClient(args, env);
  try {
    await s.client.request({ method: 'tools/list' }, ListToolsResultSchema);
    const ms = performance.now() - start;
    if (then) {
      const r = await s.client.request({ method: 'tools/call', params: { name: 'list_events', arguments: {} } }, CallToolResultSchema);
      if (r.isError) throw new Error(`list_events failed: ${JSON.stringify(r.content)}`);
      then(performance.now() - start);
    }
    return ms;
  } finally {
    await s.close();
  }
}

/** Interleaves the servers so that machine noise falls on all alike; one unmeasured warm-up each. */
export async function measureColdStart(runs = 7): Promise<ColdStart> {
  const kinds = {
    server: () => timeToToolsList([SERVER_ENTRY], PLAIN_ENV),
    sandbox: () => timeToToolsList([SERVER_ENTRY, '--sandbox'], { PERSONALIZE_CONFIRM: 'token' }, (ms) => firstCalls.push(ms)),
    bare: () => timeToToolsList([BARE_ENTRY], {}),
  };
  const firstCalls: number[] = [];
  for (const run of Object.values(kinds)) await run();
  firstCalls.length = 0;
  const samples = { server: [] as number[], sandbox: [] as number[], bare: [] as number[] };
  for (let i = 0; i < runs; i++) for (const [k, run] of Object.entries(kinds)) samples[k as keyof typeof samples].push(await run());
  const serverMs = median(samples.server);
  const sandboxMs = median(samples.sandbox);
  const bareMs = median(samples.bare);
  const r1 = (xs: number[]) => xs.map((x) => round(x, 1));
  return {
    runs,
    serverMs: round(serverMs, 1),
    sandboxMs: round(sandboxMs, 1),
    sandboxFirstCallMs: round(median(firstCalls), 1),
    bareMs: round(bareMs, 1),
    ratio: round(serverMs / bareMs),
    sandboxRatio: round(sandboxMs / bareMs),
    serverSamples: r1(samples.server),
    sandboxSamples: r1(samples.sandbox),
    bareSamples: r1(samples.bare),
  };
}

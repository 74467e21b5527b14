import { performance } from 'node:perf_hooks';
import { BARE_ENTRY, SERVER_ENTRY, spawnClient } from './spawn.js';
import { median, round } from './stats.js';

export interface ColdStart {
  runs: number;
  serverMs: number;
  bareMs: number;
  ratio: number;
  serverSamples: number[];
  bareSamples: number[];
}

/** Spawn → initialize → first tools/list answer, in milliseconds. */
async function timeToToolsList(args: string[]): Promise<number> {
  const start = performance.now();
  const s = await spawnClient(args, { PERSONALIZE_CONFIRM: 'token' });
  try {
    await s.client.listTools();
    return performance.now() - start;
  } finally {
    await s.close();
  }
}

/** Interleaves the two servers so that machine noise falls on both alike; one unmeasured warm-up each. */
export async function measureColdStart(runs = 7): Promise<ColdStart> {
  const server = [SERVER_ENTRY, '--sandbox'];
  const bare = [BARE_ENTRY];
  await timeToToolsList(server);
  await timeToToolsList(bare);
  const serverSamples: number[] = [];
  const bareSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    serverSamples.push(await timeToToolsList(server));
    bareSamples.push(await timeToToolsList(bare));
  }
  const serverMs = median(serverSamples);
  const bareMs = median(bareSamples);
  return {
    runs,
    serverMs: round(serverMs, 1),
    bareMs: round(bareMs, 1),
    ratio: round(serverMs / bareMs),
    serverSamples: serverSamples.map((x) => round(x, 1)),
    bareSamples: bareSamples.map((x) => round(x, 1)),
  };
}

import { performance } from 'node:perf_hooks';
import { measureColdStart } from './cold-start.js';
import { measureHttpThroughput, measureProcessBurst, measureReplicaBurst, measureSessionMemory } from './http.js';
import { measureListAudiences } from './results.js';
import { measureLatency } from './latency.js';
import { measurePeers } from './peers.js';
import { formatReport, type BenchResult } from './report.js';
import { measureToolsList } from './tokens.js';
import { measureUpstream } from './upstream.js';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const start = performance.now();
  const progress = (what: string) => {
    if (!json) process.stderr.write(`bench: ${what}…\n`);
  };

  progress('cold start');
  const coldStart = await measureColdStart(7);
  progress('tools/list size');
  const toolsList = [
    await measureToolsList('all toolsets', { PERSONALIZE_TOOLSETS: 'all' }),
    await measureToolsList('read-only', { PERSONALIZE_TOOLSETS: 'all', PERSONALIZE_READ_ONLY: 'true' }),
  ];
  progress('list_audiences on 200 audiences');
  const listAudiences = await measureListAudiences(200);
  progress('one process, burst of 100 calls at 10/s');
  const processBurst = await measureProcessBurst(100);
  progress('tool call latency');
  const latency = await measureLatency(50);
  progress('upstream requests per task');
  const upstream = await measureUpstream();
  progress('HTTP throughput, 50 sessions');
  const http = await measureHttpThroughput(50);
  progress('memory per idle HTTP session');
  const sessionMemory = await measureSessionMemory(500);
  progress('3 replicas sharing Redis, burst of 300 tool calls');
  const replicaBurst = await measureReplicaBurst(300);
  // --no-peers: leave out the published servers (installed once into ~/.cache/cpm-bench-peers).
  progress('published MCP servers beside this one');
  const peers = process.argv.includes('--no-peers') ? undefined : await measurePeers(5, (line) => progress(line));

  const result: BenchResult = {
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    coldStart,
    toolsList,
    listAudiences,
    processBurst,
    latency,
    upstream,
    http,
    sessionMemory,
    replicaBurst,
    peers,
    elapsedSeconds: Number(((performance.now() - start) / 1000).toFixed(1)),
  };
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

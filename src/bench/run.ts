import { performance } from 'node:perf_hooks';
import { measureColdStart } from './cold-start.js';
import { measureLatency } from './latency.js';
import { formatReport, type BenchResult } from './report.js';
import { measureToolsList } from './tokens.js';
import { measureUpstream } from './upstream.js';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const start = performance.now();
  const progress = (what: string) => { if (!json) process.stderr.write(`bench: ${what}…\n`); };

  progress('cold start');
  const coldStart = await measureColdStart(7);
  progress('tools/list size');
  const toolsList = [
    await measureToolsList('all toolsets', { PERSONALIZE_TOOLSETS: 'all' }),
    await measureToolsList('read-only', { PERSONALIZE_TOOLSETS: 'all', PERSONALIZE_READ_ONLY: 'true' }),
  ];
  progress('tool call latency');
  const latency = await measureLatency(50);
  progress('upstream requests per task');
  const upstream = await measureUpstream();

  const result: BenchResult = {
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    coldStart,
    toolsList,
    latency,
    upstream,
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

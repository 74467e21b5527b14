import type { ColdStart } from './cold-start.js';
import type { HttpThroughput, ReplicaBurst, SessionMemory } from './http.js';
import type { Latency } from './latency.js';
import { ENCODING, type ToolsListSize } from './tokens.js';
import type { UpstreamTask } from './upstream.js';

export interface BenchResult {
  node: string;
  platform: string;
  coldStart: ColdStart;
  toolsList: ToolsListSize[];
  latency: Latency;
  upstream: UpstreamTask[];
  http: HttpThroughput;
  sessionMemory: SessionMemory;
  replicaBurst: ReplicaBurst;
  elapsedSeconds: number;
}

const TOP = 10;

function sizeLines(s: ToolsListSize): string[] {
  const lines = [`  ${s.label}: ${s.tools} tools, ${s.totalTokens} tokens (${Math.round(s.totalTokens / Math.max(s.tools, 1))} per tool on average)`];
  const width = Math.max(...s.perTool.slice(0, TOP).map((t) => t.name.length));
  for (const t of s.perTool.slice(0, TOP)) lines.push(`    ${t.name.padEnd(width)}  ${String(t.tokens).padStart(5)}`);
  return lines;
}

function httpLines(r: BenchResult): string[] {
  const h = r.http;
  const m = r.sessionMemory;
  const b = r.replicaBurst;
  return [
    `Hosted HTTP, ${h.sessions} concurrent sessions (${h.seconds} s each)`,
    `  tools/list                           ${h.toolsListPerSecond} requests/s`,
    `  cached read (personalize://projects) ${h.cachedReadPerSecond} requests/s`,
    `Memory per idle session (server RSS over ${m.sessions} sessions)`,
    `  ${m.rssBeforeMb} MB → ${m.rssAfterMb} MB: ${m.perSessionKb} KB per session`,
    'Replicas: 3 sharing Redis and a sandbox limited per second, one burst of tool calls',
    'skipped' in b
      ? `  skipped: ${b.skipped}`
      : `  ${b.calls} calls → ${b.upstreamRequests} upstream requests in ${b.seconds} s: ${b.perSecond}/s, ${b.fractionOfLimit} of the ${b.limit}/s limit; busiest second ${b.peakPerSecond}; 429s ${b.rateLimited}`,
  ];
}

/** The report for people: three figures, each with what it compares. */
export function formatReport(r: BenchResult): string {
  const c = r.coldStart;
  const l = r.latency;
  return [
    `contentstack-personalize-mcp bench (Node ${r.node}, ${r.platform})`,
    '',
    `Cold start, spawn → first tools/list answer (median of ${c.runs})`,
    `  this server (stdio)       ${c.serverMs.toFixed(1)} ms  (${c.ratio.toFixed(2)}× the bare server)`,
    `  this server (--sandbox)   ${c.sandboxMs.toFixed(1)} ms  (${c.sandboxRatio.toFixed(2)}×; starts the simulator first)`,
    `  bare one-tool SDK server  ${c.bareMs.toFixed(1)} ms`,
    '',
    `tools/list size in ${ENCODING} tokens (each tool's JSON as listed; top ${TOP})`,
    ...r.toolsList.flatMap((s, i) => (i ? ['', ...sizeLines(s)] : sizeLines(s))),
    '',
    `Added latency of one tool call (median of ${l.calls}, sandbox on loopback)`,
    `  list_attributes tool call   ${l.toolCallMs.toFixed(2)} ms`,
    `  direct GET /attributes      ${l.directHttpMs.toFixed(2)} ms`,
    `  added by MCP + server       ${l.addedMs.toFixed(2)} ms`,
    '',
    'Upstream requests per task (list cache off → on)',
    ...r.upstream.map((u) => `  ${u.task.padEnd(56)} ${String(u.before).padStart(3)} → ${u.after}`),
    '',
    ...httpLines(r),
    '',
    `(bench took ${r.elapsedSeconds.toFixed(1)} s)`,
  ].join('\n');
}

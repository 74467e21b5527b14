import type { ColdStart } from './cold-start.js';
import type { HttpThroughput, ProcessBurst, ReplicaBurst, SessionMemory } from './http.js';
import type { ListResultSize } from './results.js';
import type { Latency } from './latency.js';
import { peerLines, type PeersResult } from './peers-report.js';
import { ENCODING, type ToolsListSize } from './tokens.js';
import type { UpstreamTask } from './upstream.js';

export interface BenchResult {
  node: string;
  platform: string;
  coldStart: ColdStart;
  toolsList: ToolsListSize[];
  listAudiences: ListResultSize;
  processBurst: ProcessBurst;
  latency: Latency;
  upstream: UpstreamTask[];
  http: HttpThroughput;
  sessionMemory: SessionMemory;
  replicaBurst: ReplicaBurst;
  /** Absent with --no-peers. */
  peers?: PeersResult;
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
    `Hosted HTTP, ${h.sessions} concurrent sessions (tools/list: ${h.seconds} one-second turns each, alternating with the bare server; cached read: ${h.seconds} s)`,
    `  tools/list                           ${h.toolsListPerSecond} requests/s (bare one-tool SDK server: ${h.bareToolsListPerSecond})`,
    `  cached read (personalize://projects) ${h.cachedReadPerSecond} requests/s`,
    `Memory per idle session (server RSS over ${m.sessions} sessions)`,
    `  ${m.rssBeforeMb} MB → ${m.rssAfterMb} MB: ${m.perSessionKb} KB per session (bare one-tool SDK server: ${m.barePerSessionKb} KB)`,
    'Replicas: 3 sharing Redis and a sandbox limited per second, one burst of tool calls',
    'skipped' in b
      ? `  skipped: ${b.skipped}`
      : `  ${b.calls} calls → ${b.upstreamRequests} upstream requests in ${b.seconds} s: ${b.perSecond}/s, ${b.fractionOfLimit} of the ${b.limit}/s limit; busiest second ${b.peakPerSecond}; 429s ${b.rateLimited}`,
  ];
}

/** Issue 12's table: every row, this run's figure beside the goal. */
function goalLines(r: BenchResult): string[] {
  const c = r.coldStart;
  const all = r.toolsList[0]!;
  const ro = r.toolsList[1]!;
  const per = (n: number, s: ToolsListSize) => Math.round((n / Math.max(s.tools, 1)) * 10) / 10;
  const p = r.processBurst;
  const b = r.replicaBurst;
  const h = r.http;
  const m = r.sessionMemory;
  const rows: Array<[string, string, string, boolean | undefined]> = [
    ['cold start vs a bare SDK server (stdio)', `${c.ratio.toFixed(2)}× (${c.serverMs} vs ${c.bareMs} ms)`, '≤ 1.3×', c.ratio <= 1.3],
    ['tools/list model-visible tokens per tool', String(per(all.visibleTokens, all)), '≤ 120', per(all.visibleTokens, all) <= 120],
    ['tools/list whole JSON tokens per tool', String(per(all.totalTokens, all)), '≤ 180', per(all.totalTokens, all) <= 180],
    ['read-only tools/list, whole JSON', `${ro.totalTokens} tokens`, '≤ 2,500', ro.totalTokens <= 2500],
    [
      `list_audiences on ${r.listAudiences.audiences} audiences`,
      `${r.listAudiences.tokens} tokens (${r.listAudiences.shown} rows, text ${r.listAudiences.textTokens})`,
      '≤ 4,000, with paging',
      r.listAudiences.tokens <= 4000,
    ],
    [
      `one process, ${p.calls} calls at ${p.limit}/s`,
      `${p.fractionOfLimit} of the limit, 429s ${p.rateLimited}`,
      '≥ 0.95, zero 429s',
      p.fractionOfLimit >= 0.95 && p.rateLimited === 0,
    ],
    [
      '3 replicas sharing Redis, 300 calls',
      'skipped' in b ? b.skipped : `${b.fractionOfLimit} of the limit, 429s ${b.rateLimited}`,
      '≥ 0.92, zero 429s',
      'skipped' in b ? undefined : b.fractionOfLimit >= 0.92 && b.rateLimited === 0,
    ],
    [
      `HTTP tools/list requests/s, ${h.sessions} sessions`,
      `${h.toolsListPerSecond} (bare ${h.bareToolsListPerSecond})`,
      '≥ 1,000 or ≥ half the bare',
      h.toolsListPerSecond >= 1000 || h.toolsListPerSecond >= h.bareToolsListPerSecond / 2,
    ],
    ['HTTP memory per idle session', `${m.perSessionKb} KB (bare ${m.barePerSessionKb} KB)`, '≤ 1.5× the bare', m.perSessionKb <= 1.5 * m.barePerSessionKb],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  return [
    'Issue 12 goals (this run)',
    ...rows.map(([what, figure, goal, met]) => `  ${what.padEnd(w0)}  ${figure.padEnd(w1)}  goal ${goal}${met === undefined ? '' : met ? '  ✓' : '  ✗'}`),
  ];
}

/** The report for people: the goals first, then each figure with what it compares. */
export function formatReport(r: BenchResult): string {
  const c = r.coldStart;
  const l = r.latency;
  return [
    `contentstack-personalize-mcp bench (Node ${r.node}, ${r.platform})`,
    '',
    ...goalLines(r),
    '',
    `Cold start, spawn → first tools/list answer (median of ${c.runs})`,
    `  this server (stdio)       ${c.serverMs.toFixed(1)} ms  (${c.ratio.toFixed(2)}× the bare server)`,
    `  this server (--sandbox)   ${c.sandboxMs.toFixed(1)} ms  (${c.sandboxRatio.toFixed(2)}×; starts the simulator after this answer)`,
    `    → first tool call       ${c.sandboxFirstCallMs.toFixed(1)} ms  (list_events, which waits for the simulator)`,
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
    ...(r.peers ? [...peerLines(r.peers), ''] : []),
    `(bench took ${r.elapsedSeconds.toFixed(1)} s)`,
  ].join('\n');
}

import type { PeersResult } from './peers.js';
import { ENCODING } from './tokens.js';

export type { PeersResult } from './peers.js';

/** The peers' figures beside this server's and the bare SDK server's, all from one interleaved run. */
export function peerLines(p: PeersResult): string[] {
  const rows = p.rows.map((r) => [
    r.label,
    r.what === 'bare' || r.label === 'this server' ? '' : r.what,
    `${r.coldStartMs.toFixed(0)} ms`,
    `${r.ratio.toFixed(2)}×`,
    String(r.tools),
    String(r.wholeTokens),
    r.wholePerTool.toFixed(1),
    r.visiblePerTool.toFixed(1),
    `${r.largest.name} ${r.largest.tokens}`,
  ]);
  const head = ['server', 'package', 'cold start', 'vs bare', 'tools', 'tokens', 'per tool', 'visible/tool', 'largest tool'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [
    `Published MCP servers, as started without an account (cold start: median of ${p.runs}, interleaved; tools/list in ${ENCODING} tokens, whole JSON)`,
    line(head),
    ...rows.map(line),
    ...p.skipped.map((s) => `  skipped: ${s}`),
    `  (installed in ${p.dir})`,
  ];
}

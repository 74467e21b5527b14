import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ToolDef } from '../../src/tools/define.js';
import { ALL_TOOLS } from '../../src/tools/registry.js';
import { TOOLSETS } from '../../src/tools/toolsets.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = '<!-- tools:start (npm run readme writes this table from the registry) -->';
const END = '<!-- tools:end -->';

/** `*` always asks first, `†` asks in some cases, `‡` writes into production visitor data through the Edge. */
function mark(t: ToolDef): string {
  if (t.confirm && !t.needsConfirmation) return '*';
  if (t.confirm) return '†';
  return !t.hints.readOnlyHint && t.hints.openWorldHint ? '‡' : '';
}

function toolTable(tools: readonly ToolDef[]): string {
  const rows = TOOLSETS.map(
    (set) =>
      `| \`${set}\` | ${tools
        .filter((t) => t.toolset === set)
        .map((t) => `\`${t.name}\`${mark(t)}`)
        .join(', ')} |`,
  );
  return ['| toolset | tools |', '|---|---|', ...rows].join('\n');
}

/** The README's tool table is the registry's: `npm run readme` rewrites it; this fails when they disagree. */
describe('README tool table', () => {
  it('lists every registered tool, in its toolset, with its confirmation mark', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md needs the markers ${START} … ${END}`).toBeGreaterThan(0);
    const want = `${START}\n${toolTable(ALL_TOOLS)}\n${END}`;
    if (process.env.UPDATE_README === '1') writeFileSync(README, readme.slice(0, start) + want + readme.slice(end + END.length));
    else expect(readme.slice(start, end + END.length), 'README.md and the registry disagree: run npm run readme').toBe(want);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../src/bench/tokens.js';
import { sdkAnswer } from '../../src/registrations.js';
import { TOOLSETS } from '../../src/tools/toolsets.js';

/**
 * What tools/list costs an assistant, held under issue 12's goals: per tool, the model-visible part
 * (name, description, inputSchema) and the whole JSON as sent, in o200k_base tokens. Each tool has its
 * own budget in token-budget.json (its cost when last set); the totals must stay under the goals there.
 * A meant change: `npm run token-budget` rewrites the per-tool figures (the goals stay), and the diff shows it.
 */
const FILE = fileURLToPath(new URL('./token-budget.json', import.meta.url));

interface Budget {
  goals: { visiblePerTool: number; wholePerTool: number; readOnlyWhole: number; readOnlyWholeNote?: string };
  tools: Record<string, { visible: number; whole: number }>;
}

async function toolsList(readOnly: boolean): Promise<Tool[]> {
  return (await sdkAnswer({ toolsets: TOOLSETS, readOnly })).tools;
}

const visible = (t: Tool) => countTokens(JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
const whole = (t: Tool) => countTokens(JSON.stringify(t));

describe('tools/list token budget (issue 12)', () => {
  it('each tool within its budget, and the totals under the goals', async () => {
    const budget = JSON.parse(readFileSync(FILE, 'utf8')) as Budget;
    const all = await toolsList(false);
    const readOnly = await toolsList(true);
    const costs = Object.fromEntries(all.map((t) => [t.name, { visible: visible(t), whole: whole(t) }]));
    if (process.env.UPDATE_TOKEN_BUDGET === '1') {
      writeFileSync(FILE, `${JSON.stringify({ ...budget, tools: costs }, null, 2)}\n`);
      return;
    }
    const over = Object.entries(costs).filter(([name, c]) => {
      const b = budget.tools[name];
      return !b || c.visible > b.visible || c.whole > b.whole;
    });
    expect(
      over.map(([name, c]) => `${name}: ${c.visible} visible / ${c.whole} whole, budget ${JSON.stringify(budget.tools[name] ?? 'none')}`),
      'a tool costs more than its budget: trim it, or run npm run token-budget if the cost is meant',
    ).toEqual([]);
    const sum = (tools: Tool[], f: (t: Tool) => number) => tools.reduce((n, t) => n + f(t), 0);
    expect(sum(all, visible) / all.length, 'model-visible tokens per tool').toBeLessThanOrEqual(budget.goals.visiblePerTool);
    expect(sum(all, whole) / all.length, 'whole-JSON tokens per tool').toBeLessThanOrEqual(budget.goals.wholePerTool);
    expect(sum(readOnly, whole), 'read-only tools/list, whole JSON').toBeLessThanOrEqual(budget.goals.readOnlyWhole);
  });
});

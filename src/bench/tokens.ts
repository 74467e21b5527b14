import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { SERVER_ENTRY, spawnClient } from './spawn.js';

export const ENCODING = 'o200k_base';

export interface ToolCost {
  name: string;
  tokens: number;
  /** The model-visible part: name, description, inputSchema. */
  visible: number;
}

export interface ToolsListSize {
  label: string;
  tools: number;
  totalTokens: number;
  visibleTokens: number;
  perTool: ToolCost[];
}

let encoder: Tiktoken | undefined;

export function countTokens(text: string): number {
  encoder ??= new Tiktoken(o200kBase);
  return encoder.encode(text).length;
}

/** Each tool's JSON exactly as tools/list delivers it; the total is their sum, most expensive first. */
export async function measureToolsList(label: string, env: Record<string, string>): Promise<ToolsListSize> {
  const s = await spawnClient([SERVER_ENTRY, '--sandbox'], { PERSONALIZE_CONFIRM: 'token', ...env });
  try {
    // The answer as sent (client.listTools would re-parse it and reorder keys).
    const { tools } = await s.client.request({ method: 'tools/list' }, ListToolsResultSchema);
    const perTool = tools
      .map((t) => ({
        name: t.name,
        tokens: countTokens(JSON.stringify(t)),
        visible: countTokens(JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
      }))
      .sort((a, b) => b.tokens - a.tokens);
    const sum = (f: (t: ToolCost) => number) => perTool.reduce((n, t) => n + f(t), 0);
    return { label, tools: tools.length, totalTokens: sum((t) => t.tokens), visibleTokens: sum((t) => t.visible), perTool };
  } finally {
    await s.close();
  }
}

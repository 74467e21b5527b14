import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { SERVER_ENTRY, spawnClient } from './spawn.js';

export const ENCODING = 'o200k_base';

export interface ToolCost {
  name: string;
  tokens: number;
}

export interface ToolsListSize {
  label: string;
  tools: number;
  totalTokens: number;
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
    const { tools } = await s.client.listTools();
    const perTool = tools.map((t) => ({ name: t.name, tokens: countTokens(JSON.stringify(t)) })).sort((a, b) => b.tokens - a.tokens);
    return { label, tools: tools.length, totalTokens: perTool.reduce((n, t) => n + t.tokens, 0), perTool };
  } finally {
    await s.close();
  }
}

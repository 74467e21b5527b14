import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const MAX_VALUE = 48;

/** One argument value in a few characters: long JSON is cut, arrays and rule trees are counted. */
function shortValue(value: unknown): string {
  if (Array.isArray(value)) {
    const inline = JSON.stringify(value);
    return inline.length <= MAX_VALUE ? inline : `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.__type === 'RuleCombination' && Array.isArray(o.rules)) return `{RuleCombination ${String(o.combinationType)}, ${o.rules.length} rules}`;
  }
  const text = JSON.stringify(value);
  return text.length <= MAX_VALUE ? text : `${text.slice(0, MAX_VALUE - 1)}…`;
}

export function shortArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}: ${shortValue(v)}`)
    .join(', ');
}

export function firstLine(result: CallToolResult): string {
  const block = result.content.find((c) => c.type === 'text');
  return block && block.type === 'text' ? (block.text.split('\n')[0] ?? '') : '';
}

let step = 0;

export function heading(title: string): void {
  step += 1;
  process.stdout.write(`\n${step}. ${title}\n`);
}

export function call(name: string, args: Record<string, unknown>): void {
  process.stdout.write(`   → ${name}(${shortArgs(args)})\n`);
}

export function answer(line: string): void {
  process.stdout.write(`   ← ${line}\n`);
}

export function detail(line: string): void {
  process.stdout.write(`     ${line}\n`);
}

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

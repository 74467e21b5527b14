import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** structuredContent plus its text copy (a summary line for people, then compact JSON for older clients). */
export function ok(structured: Record<string, unknown>, summary?: string): CallToolResult {
  const json = JSON.stringify(structured);
  return { content: [{ type: 'text', text: summary ? `${summary}\n${json}` : json }], structuredContent: structured };
}

export function fail(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

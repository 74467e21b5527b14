import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * structuredContent, which holds the whole answer, and a text for people: the tool's summary (a list's
 * rows, what a write did), not a second copy of the JSON (issue 12). A tool without a summary (the
 * get_* tools, whose details are the answer) gives the compact JSON as its text, as the MCP spec suggests.
 */
export function ok(structured: Record<string, unknown>, summary?: string): CallToolResult {
  return { content: [{ type: 'text', text: summary || JSON.stringify(structured) }], structuredContent: structured };
}

export function fail(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

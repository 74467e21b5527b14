import type { ServerResponse } from 'node:http';

/** A JSON-RPC error as the SDK's transport shapes its own (id null: it answers no particular request). */
export function sendError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** JSON-RPC codes used at the HTTP layer, as the SDK uses them. */
export const RPC = { serverError: -32000, sessionNotFound: -32001, parseError: -32700 } as const;

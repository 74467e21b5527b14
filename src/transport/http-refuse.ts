import type { IncomingMessage, ServerResponse } from 'node:http';

/** After a refusal, what the client still sends is read and dropped, up to this much and this long. */
const DRAIN_LIMIT = 16 * 1_048_576;
const LINGER_MS = 5_000;

/**
 * A 401, 403 or 413: the JSON-RPC error with `Connection: close`, and the connection closed once the
 * request is in. Closing at once, with the body still arriving, would make the kernel answer it with
 * a reset that can destroy this very answer before the client reads it; so the body is read and
 * dropped first (src/transport/http-connections.ts keeps such a socket evictable meanwhile).
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: 401 | 403 | 413, code: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers, connection: 'close' });
  // The answer goes out now; ending the response is what lets node close the socket.
  res.write(body);
  if (req.complete) return void res.end();
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT) req.socket.destroy();
  });
  req.once('end', () => res.end());
  req.socket.once('close', () => clearTimeout(timer));
  req.resume();
}

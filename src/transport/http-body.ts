import type { IncomingMessage } from 'node:http';

export type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/** After a 413, the rest of the body is read and dropped (so the client reads the answer) up to this much. */
const DRAIN_LIMIT = 16 * 1_048_576;

function drain(req: IncomingMessage): void {
  let seen = 0;
  req.on('data', (c: Buffer) => {
    seen += c.length;
    if (seen > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/**
 * Reads a JSON request body of at most `cap` bytes (MCP_MAX_BODY_BYTES): a declared or actual size over
 * the cap is a 413 without buffering the rest, and text that is not JSON a 400.
 */
export async function readJsonBody(req: IncomingMessage, cap: number): Promise<Body> {
  const tooLarge = { ok: false, status: 413, message: `Request body too large: the limit is ${cap} bytes (MCP_MAX_BODY_BYTES).` } as const;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    drain(req);
    return tooLarge;
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= cap) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      drain(req);
      resolve(tooLarge);
    };
    const onEnd = () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, message: 'Parse error: the request body is not JSON.' });
      }
    };
    req.on('data', onData).on('end', onEnd).on('error', () => resolve({ ok: false, status: 400, message: 'The request body could not be read.' }));
  });
}

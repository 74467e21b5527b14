import type { IncomingMessage } from 'node:http';

export type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/**
 * Reads a JSON request body of at most `cap` bytes (MCP_MAX_BODY_BYTES): a declared or actual size over
 * the cap is a 413 without buffering the rest (the refusal drains it: src/transport/http-refuse.ts), and
 * text that is not JSON a 400.
 */
export async function readJsonBody(req: IncomingMessage, cap: number): Promise<Body> {
  const tooLarge = { ok: false, status: 413, message: `Request body too large: the limit is ${cap} bytes (MCP_MAX_BODY_BYTES).` } as const;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) return tooLarge;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= cap) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      resolve(tooLarge);
    };
    const onEnd = () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, message: 'Parse error: the request body is not JSON.' });
      }
    };
    req
      .on('data', onData)
      .on('end', onEnd)
      .on('error', () => resolve({ ok: false, status: 400, message: 'The request body could not be read.' }));
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCapped } from '../../src/api/body.js';

const MB = 1024 * 1024;

/** An upstream answer is read no further than the cap: by its content-length, or counted as it streams. */
describe('readCapped', () => {
  let server: Server;
  let base = '';
  let streamedChunks = 0;
  const agent = new Agent();
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': String(9 * MB) }).end('x'.repeat(9 * MB));
        return;
      }
      if (req.url === '/small') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"é":1}');
        return;
      }
      // Chunked, 1 MB at a time, up to 30 MB unless the reader goes away.
      streamedChunks = 0;
      res.writeHead(200);
      const next = () => {
        if (res.destroyed || streamedChunks >= 30) return res.end();
        streamedChunks++;
        res.write('y'.repeat(MB), next);
      };
      next();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await agent.close();
    await new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  });

  it('a declared length over the cap is not read at all', async () => {
    const out = await readCapped(await request(`${base}/declared`, { dispatcher: agent }), 8 * MB);
    expect(out).toEqual({ text: '', oversize: true });
  });

  it('a streamed body is dropped once past the cap, long before its end', async () => {
    const out = await readCapped(await request(`${base}/streamed`, { dispatcher: agent }), 8 * MB);
    expect(out).toEqual({ text: '', oversize: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(streamedChunks).toBeLessThan(20);
  });

  it('a body within the cap is read whole, as UTF-8', async () => {
    expect(await readCapped(await request(`${base}/small`, { dispatcher: agent }), 8 * MB)).toEqual({ text: '{"é":1}', oversize: false });
    // The agent still serves requests after the dropped ones.
    expect((await readCapped(await request(`${base}/small`, { dispatcher: agent }))).oversize).toBe(false);
  });
});

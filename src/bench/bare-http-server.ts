import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/**
 * The baseline for the hosted figures: the SDK's one-tool server over stateful Streamable HTTP, one
 * McpServer per session as the SDK's own example does. Logs its URL as src/dev/http-process.ts expects.
 */
const sessions = new Map<string, StreamableHTTPServerTransport>();

function bare(): McpServer {
  const server = new McpServer({ name: 'bare', version: '0.0.0' });
  server.registerTool('echo', { description: 'Echo the text back', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

const http = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  const id = req.headers['mcp-session-id'];
  let transport = typeof id === 'string' ? sessions.get(id) : undefined;
  if (!transport && req.method === 'POST' && isInitializeRequest(body)) {
    const t = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (sid) => void sessions.set(sid, t) });
    t.onclose = () => {
      if (t.sessionId) sessions.delete(t.sessionId);
    };
    await bare().connect(t);
    transport = t;
  }
  if (!transport) {
    res.writeHead(400).end();
    return;
  }
  await transport.handleRequest(req, res, body);
});

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stderr.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}/mcp` })}\n`);
});
process.on('SIGTERM', () => process.exit(0));

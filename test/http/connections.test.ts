import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { connectionCap } from '../../src/transport/http-connections.js';
import { connect, newToken, openSlowSockets, sandboxEnv, startHttpServer, stopAll, writeTokensFile, type TeamMember } from './helpers.js';

/** Generous for a loaded 2-core machine; a connection that waited for a timeout (10 s) would take longer. */
const PROMPTLY_MS = 5_000;

/** Waits until `done()` holds, for at most `ms`; resolves with whether it did. */
async function eventually(done: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return done();
}

/** Sockets that never send a token cannot keep a member or a health check out (docs/hosted-http.md, hosted HTTP). */
describe('connections that send no token', () => {
  let sandbox: Sandbox;
  let tokensFile: string;
  const ann: TeamMember = { name: 'ann', token: newToken(), role: 'write', credentials: { authtoken: `ann-${newToken().slice(0, 12)}` } };

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: 1000 });
    tokensFile = writeTokensFile([ann]);
  });

  afterAll(async () => {
    await stopAll();
    await sandbox.close();
  });

  it.each([
    ['within the connection cap', '1000'],
    ['over the connection cap, which closes the oldest of them', '100'],
  ])("1,000 slow sockets %s: a member's initialize + tools/list and GET /healthz still answer promptly", async (_label, maxSessions) => {
    const cap = connectionCap(Number(maxSessions));
    const server = await startHttpServer({ ...sandboxEnv(sandbox), MCP_HTTP_TOKENS_FILE: tokensFile, MCP_MAX_SESSIONS: maxSessions });
    const slow = await openSlowSockets(server.url, { silent: 450, dribbling: 450, tokenless: 100 });
    try {
      let started = Date.now();
      const health = await fetch(new URL('/healthz', server.origin));
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);

      started = Date.now();
      const member = await connect(server.url, { token: ann.token });
      const { tools } = await member.client.listTools();
      expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
      expect(tools.length).toBeGreaterThan(10);
      await member.transport.terminateSession();
      await member.close();

      // Each request without a token: 401 with Connection: close, and the server closes the socket.
      const tokenless = slow.sockets.filter((s) => s.kind === 'tokenless');
      expect(await eventually(() => tokenless.every((s) => s.closedByServer), PROMPTLY_MS)).toBe(true);
      for (const s of tokenless) {
        expect(s.received).toMatch(/^HTTP\/1\.1 401 /);
        expect(s.received).toMatch(/\r\nConnection: close\r\n/i);
        expect(s.received).toMatch(/\r\nWWW-Authenticate: Bearer /i);
      }
      const waiting = slow.sockets.filter((s) => s.kind !== 'tokenless');
      const closed = waiting.filter((s) => s.closedByServer).length;
      if (cap >= 1000 + 10) {
        // Room for all: none is closed before its headers timeout (10 s), far past this test.
        expect(closed).toBe(0);
      } else {
        // At the cap, each new connection closed the oldest one that sent no token; the member got in.
        expect(closed).toBeGreaterThanOrEqual(waiting.length - cap);
        expect(waiting.slice(0, waiting.length - cap).every((s) => s.closedByServer)).toBe(true);
      }
    } finally {
      slow.close();
      await server.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { connect, INITIALIZE, MCP_HEADERS, raw, sandboxEnv, startHttpServer, startRefused, stopAll, type Connected, type HttpServerProcess } from './helpers.js';

const AUTHTOKEN = 'single-user-authtoken-7d1e';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 1000 });
});
afterAll(async () => {
  await stopAll();
  await sandbox.close();
});

/** One user on loopback, no tokens file: the process's own credentials. */
const servers: HttpServerProcess[] = [];
async function single(extra: Record<string, string> = {}): Promise<HttpServerProcess> {
  const s = await startHttpServer({ ...sandboxEnv(sandbox), CONTENTSTACK_AUTHTOKEN: AUTHTOKEN, PERSONALIZE_RATE_LIMIT: '100', ...extra });
  servers.push(s);
  return s;
}

describe('requests the server refuses', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await single({ MCP_MAX_BODY_BYTES: '4096' });
  });

  it('serves /healthz and /readyz', async () => {
    const health = await fetch(new URL('/healthz', server.origin));
    expect(health.status).toBe(200);
    const ready = await fetch(new URL('/readyz', server.origin));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 403 to a Host of evil.example (DNS rebinding) and accepts its own names', async () => {
    const port = new URL(server.url).port;
    const evil = await raw(server.url, { headers: { ...MCP_HEADERS, host: 'evil.example' }, body: INITIALIZE });
    expect(evil.status).toBe(403);
    expect(evil.headers.connection).toBe('close');
    const evilWithPort = await raw(server.url, { headers: { ...MCP_HEADERS, host: `evil.example:${port}` }, body: INITIALIZE });
    expect(evilWithPort.status).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const ok = await raw(server.url, { headers: { ...MCP_HEADERS, host }, body: INITIALIZE });
      expect(ok.status, host).toBe(200);
      await raw(server.url, { method: 'DELETE', headers: { host, 'mcp-session-id': String(ok.headers['mcp-session-id']) } });
    }
  });

  it('answers 403 to a foreign Origin, through a real client too', async () => {
    const foreign = await raw(server.url, { headers: { ...MCP_HEADERS, origin: 'http://evil.example' }, body: INITIALIZE });
    expect(foreign.status).toBe(403);
    await expect(connect(server.url, { headers: { origin: 'https://evil.example' } })).rejects.toMatchObject({ code: 403 });
  });

  it("accepts the server's own origin (same-origin is not cross-site) but not another port on the same host", async () => {
    const port = Number(new URL(server.url).port);
    const own = await raw(server.url, { headers: { ...MCP_HEADERS, origin: server.origin }, body: INITIALIZE });
    expect(own.status).toBe(200);
    await raw(server.url, { method: 'DELETE', headers: { 'mcp-session-id': String(own.headers['mcp-session-id']) } });
    const otherPort = await raw(server.url, { headers: { ...MCP_HEADERS, origin: `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}` }, body: INITIALIZE });
    expect(otherPort.status).toBe(403);
    const rebound = await raw(server.url, { headers: { ...MCP_HEADERS, host: `evil.example:${port}`, origin: `http://evil.example:${port}` }, body: INITIALIZE });
    expect(rebound.status).toBe(403);
  });

  it('answers 413 to a body over MCP_MAX_BODY_BYTES, and the session goes on', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(10_000) } });
    const r = await raw(server.url, { headers: MCP_HEADERS, body: big });
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    const chunked = await raw(server.url, { headers: { ...MCP_HEADERS, 'transfer-encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    // A body far over the cap is read and dropped, so the client still reads the 413 rather than a reset.
    const huge = await raw(server.url, { headers: MCP_HEADERS, body: Buffer.alloc(4 * 1_048_576, 'x') });
    expect(huge.status).toBe(413);

    const c = await connect(server.url);
    try {
      const before = sandbox.requests.length;
      await expect(c.call('create_event', { key: 'too_big', description: 'y'.repeat(5000) })).rejects.toMatchObject({ code: 413 });
      expect(sandbox.requests.length).toBe(before);
      const small = await c.call('list_events');
      expect(small.isError).toBeFalsy();
      expect(sandbox.requests.slice(before).map((q) => q.path)).toEqual(['/events']);
    } finally {
      await c.close();
    }
  });

  it('answers anything but /mcp, /healthz and /readyz with 404', async () => {
    expect((await fetch(new URL('/other', server.origin))).status).toBe(404);
  });
});

describe('session cap and idle expiry', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await single({ MCP_MAX_SESSIONS: '2', MCP_SESSION_IDLE_S: '1' });
  });

  it('refuses a session over MCP_MAX_SESSIONS with 503 and a JSON-RPC error, and admits one when a place frees', async () => {
    const a = await connect(server.url);
    const b = await connect(server.url);
    const third = await raw(server.url, { headers: MCP_HEADERS, body: INITIALIZE });
    expect(third.status).toBe(503);
    expect(JSON.parse(third.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    await expect(connect(server.url)).rejects.toMatchObject({ code: 503 });
    await a.transport.terminateSession();
    await a.close();
    const c = await connect(server.url);
    expect((await c.call('list_events')).isError).toBeFalsy();
    await b.transport.terminateSession();
    await b.close();
    await c.transport.terminateSession();
    await c.close();
  });

  it('closes a session idle longer than MCP_SESSION_IDLE_S, and keeps a busy one', async () => {
    let idle: Connected | undefined;
    let busy: Connected | undefined;
    try {
      idle = await connect(server.url);
      busy = await connect(server.url);
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        expect((await busy.call('list_events')).isError).toBeFalsy();
        await new Promise((r) => setTimeout(r, 300));
      }
      await expect(idle.call('list_events')).rejects.toMatchObject({ code: 404 });
      expect((await busy.call('list_events')).isError).toBeFalsy();
    } finally {
      await idle?.close();
      await busy?.close();
    }
  });
});

describe('elicitation over a stateful session, and SIGTERM', () => {
  let server: HttpServerProcess;
  const prompts: string[] = [];
  let answer = true;
  beforeAll(async () => {
    server = await single({ PERSONALIZE_CONFIRM: 'auto' });
  });

  it('asks the user through MCP elicitation and proceeds only on accept', async () => {
    const c = await connect(server.url, {
      elicit: (message) => {
        prompts.push(message);
        return { action: 'accept', content: { confirm: answer } };
      },
    });
    try {
      const project = () => sandbox.store.projects.find((p) => p.uid === sandbox.demo.projectUid)!;
      const made = await c.call('create_event', { key: `elicit_probe_${Date.now()}` });
      const uid = (made.structuredContent as { event: { uid: string } }).event.uid;

      answer = false;
      const refused = await c.call('delete_event', { eventUid: uid });
      expect(refused.isError).toBe(true);
      expect(project().events.some((e) => e.uid === uid)).toBe(true);

      answer = true;
      const done = await c.call('delete_event', { eventUid: uid });
      expect(done.isError).toBeFalsy();
      expect(done.structuredContent).toMatchObject({ status: 'deleted', uid });
      expect(prompts).toHaveLength(2);
      expect(prompts[1]).toContain(uid);
      expect(project().events.some((e) => e.uid === uid)).toBe(false);
    } finally {
      await c.close();
    }
  });

  it('on SIGTERM lets a slow call finish, refuses new sessions, and exits 0', async () => {
    const c = await connect(server.url);
    sandbox.addFault({ method: 'GET', path: '/attributes', kind: 'delay', delayMs: 1500 });
    const started = Date.now();
    const slow = c.call('list_attributes');
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const late = await raw(server.url, { headers: MCP_HEADERS, body: INITIALIZE }).catch((err: Error) => ({ status: 0, error: err }));
    expect(late.status === 0 || late.status === 503).toBe(true);
    const result = await slow;
    expect(result.isError).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await server.exited).toBe(0);
    await expect(fetch(new URL('/healthz', server.origin))).rejects.toThrow();
    await c.close().catch(() => undefined);
  });
});

describe('stateless mode (MCP_STATELESS=true)', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await single({ MCP_STATELESS: 'true', PERSONALIZE_CONFIRM: 'auto' });
  });

  it('answers GET and DELETE with 405', async () => {
    const get = await raw(server.url, { method: 'GET', headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    const del = await raw(server.url, { method: 'DELETE' });
    expect(del.status).toBe(405);
  });

  it('confirms by token even for a client that can elicit, and each request stands alone', async () => {
    const c = await connect(server.url, { elicit: () => ({ action: 'accept', content: { confirm: true } }) });
    try {
      expect(c.transport.sessionId).toBeUndefined();
      const made = await c.call('create_event', { key: `stateless_probe_${Date.now()}` });
      const uid = (made.structuredContent as { event: { uid: string } }).event.uid;
      const before = sandbox.requests.length;
      const first = await c.call('delete_event', { eventUid: uid });
      const asked = first.structuredContent as { status: string; confirmationToken: string };
      expect(asked.status).toBe('confirmation_required');
      expect(sandbox.requests.slice(before).filter((q) => q.method !== 'GET')).toEqual([]);
      const done = await c.call('delete_event', { eventUid: uid, confirmationToken: asked.confirmationToken });
      expect(done.structuredContent).toMatchObject({ status: 'deleted', uid });
      expect(
        sandbox.requests
          .slice(before)
          .filter((q) => q.method !== 'GET')
          .map((q) => `${q.method} ${q.path}`),
      ).toEqual([`DELETE /events/${uid}`]);
      const again = await c.call('delete_event', { eventUid: uid, confirmationToken: asked.confirmationToken });
      expect(again.isError).toBe(true);
    } finally {
      await c.close();
    }
  });
});

describe('without a tokens file', () => {
  it('refuses to listen on a non-loopback address, in one sentence, with exit code 2', async () => {
    const { code, stderr } = await startRefused({ MCP_HTTP_HOST: '0.0.0.0' }, ['--sandbox']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('MCP_HTTP_TOKENS_FILE');
  });
});

describe('secrets', () => {
  it("no server of this file logged the user's credential", () => {
    expect(servers.length).toBe(4);
    for (const s of servers) {
      expect(s.stderr()).toContain('"msg":"MCP over Streamable HTTP listening"');
      expect(s.stderr().includes(AUTHTOKEN)).toBe(false);
    }
  });
});

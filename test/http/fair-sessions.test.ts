import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import {
  connect,
  INITIALIZE,
  MCP_HEADERS,
  newToken,
  raw,
  sandboxEnv,
  startHttpServer,
  stopAll,
  writeTokensFile,
  type Connected,
  type HttpServerProcess,
  type TeamMember,
} from './helpers.js';

/** MCP_MAX_SESSIONS_PER_MEMBER, and a full server making room from the member's own idle sessions. */
describe('fair sessions among members', () => {
  let sandbox: Sandbox;
  let server: HttpServerProcess;
  const open: Connected[] = [];
  const team = Object.fromEntries(
    ['ann', 'bob', 'cy', 'dan'].map((name) => [
      name,
      {
        name,
        token: newToken(),
        role: 'write',
        credentials: { authtoken: `${name}-authtoken-${newToken().slice(0, 8)}` },
      } satisfies TeamMember,
    ]),
  ) as Record<'ann' | 'bob' | 'cy' | 'dan', TeamMember>;

  async function session(m: TeamMember): Promise<Connected> {
    const c = await connect(server.url, { token: m.token });
    open.push(c);
    return c;
  }
  const initialize = (m: TeamMember) => raw(server.url, { headers: { ...MCP_HEADERS, authorization: `Bearer ${m.token}` }, body: INITIALIZE });
  async function closeAll(): Promise<void> {
    await Promise.all(
      open.splice(0).map(async (c) => {
        await c.transport.terminateSession().catch(() => undefined);
        await c.close().catch(() => undefined);
      }),
    );
  }
  /** Waits until the sandbox has seen `n` more requests for `path` than at `from`: those calls are in flight. */
  async function arrived(path: string, from: number, n: number): Promise<void> {
    const until = Date.now() + 10_000;
    while (sandbox.requests.slice(from).filter((q) => q.path === path).length < n) {
      if (Date.now() > until) throw new Error(`${n} requests for ${path} did not arrive`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: 1000 });
    const file = writeTokensFile(Object.values(team));
    server = await startHttpServer({ ...sandboxEnv(sandbox), MCP_HTTP_TOKENS_FILE: file, MCP_MAX_SESSIONS: '5', MCP_MAX_SESSIONS_PER_MEMBER: '3' });
  });

  afterEach(closeAll);

  afterAll(async () => {
    await closeAll();
    await stopAll();
    await sandbox.close();
  });

  it("refuses a member's session over MCP_MAX_SESSIONS_PER_MEMBER, saying the cap and how to free a slot; others are not affected", async () => {
    const bobs = [await session(team.bob), await session(team.bob), await session(team.bob)];
    const fourth = await initialize(team.bob);
    expect(fourth.status).toBe(429);
    const { error } = JSON.parse(fourth.body) as { error: { code: number; message: string } };
    expect(error.code).toBe(-32000);
    expect(error.message).toContain('member "bob"');
    expect(error.message).toContain('may hold 3 at once (MCP_MAX_SESSIONS_PER_MEMBER)');
    expect(error.message).toContain('DELETE');
    expect(fourth.headers['mcp-session-id']).toBeUndefined();
    await expect(connect(server.url, { token: team.bob.token })).rejects.toMatchObject({ code: 429 });

    const cy = await session(team.cy);
    expect((await cy.call('list_events')).isError).toBeFalsy();

    await bobs[0]!.transport.terminateSession();
    const again = await session(team.bob);
    expect((await again.call('list_events')).isError).toBeFalsy();
  });

  it("at MCP_MAX_SESSIONS, a member's new session closes their own session idle the longest; with none idle, it is refused", async () => {
    const [a1, a2] = [await session(team.ann), await session(team.ann)];
    const others = [await session(team.bob), await session(team.bob), await session(team.cy)];
    expect((await a1.call('list_events')).isError).toBeFalsy();

    // Full (5): Ann's new session takes the place of a2, idle longer than a1.
    const a3 = await session(team.ann);
    await expect(a2.call('list_events')).rejects.toMatchObject({ code: 404 });
    for (const c of [a1, a3, ...others]) expect((await c.call('list_events')).isError).toBeFalsy();

    // Dan holds nothing to give up: refused as before, and no one else's session is closed for him.
    const dan = await initialize(team.dan);
    expect(dan.status).toBe(503);
    expect(JSON.parse(dan.body).error.message).toContain('MCP_MAX_SESSIONS');

    // Both of Ann's sessions busy: nothing of hers is idle, so her next one is refused too.
    const from = sandbox.requests.length;
    sandbox.addFault({ method: 'GET', path: '/attributes', kind: 'delay', delayMs: 1000, times: 2 });
    const busy = [a1.call('list_attributes'), a3.call('list_attributes')];
    await arrived('/attributes', from, 2);
    const refused = await initialize(team.ann);
    expect(refused.status).toBe(503);
    expect((await Promise.all(busy)).map((r) => r.isError ?? false)).toEqual([false, false]);
    for (const c of [a1, a3, ...others]) expect((await c.call('list_events')).isError).toBeFalsy();
  });
});

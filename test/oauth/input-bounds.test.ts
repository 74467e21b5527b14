import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { Clients } from '../../src/oauth/clients.js';
import { Sealer } from '../../src/oauth/crypto.js';
import { MemoryStore } from '../../src/oauth/store.js';
import { authorizeUrl, browse, exchange, register, startOAuthStack, type OAuthStack } from './connector-helpers.js';

const s256 = (v: string) => createHash('sha256').update(v).digest('base64url');

async function registerRaw(origin: string, metadata: Record<string, unknown>) {
  const res = await fetch(new URL('/register', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What clients send, held to its RFC: PKCE (RFC 7636 §4.1, §4.2) and registration metadata (RFC 7591, RFC 6749 §3.1.2). */
describe('OAuth connector: input bounds', () => {
  let stack: OAuthStack;

  beforeAll(async () => {
    stack = await startOAuthStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('a code_challenge that is not an S256 value is refused at /authorize (back to the client with state and iss)', async () => {
    const clientId = await register(stack.origin);
    for (const challenge of ['short', 'x'.repeat(43).replace(/^x/, '+'), 'a'.repeat(44)]) {
      const res = await fetch(authorizeUrl(stack, { clientId, challenge, state: 'pkce-state' }), { redirect: 'manual' });
      expect(res.status, challenge).toBe(302);
      const back = new URL(res.headers.get('location')!);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('state')).toBe('pkce-state');
      expect(back.searchParams.get('iss')).toBe(`${stack.origin}/`);
    }
  });

  it('a code_verifier shorter than 43, longer than 128 or outside the unreserved characters is refused at /token', async () => {
    const clientId = await register(stack.origin);
    for (const verifier of ['too-short-but-matching', 'é'.repeat(43), 'a b'.repeat(15), 'v'.repeat(129)]) {
      const back = await browse(authorizeUrl(stack, { clientId, challenge: s256(verifier) }));
      const answer = await exchange(stack, { clientId, code: back.code!, verifier });
      expect(answer.status, verifier).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }
  });

  it('registration refuses oversized metadata and redirect URIs with a fragment or a scheme a browser must not be sent to', async () => {
    const ok = { redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none' };
    expect((await registerRaw(stack.origin, ok)).status).toBe(201);
    const refused: Record<string, unknown>[] = [
      { ...ok, client_name: 'x'.repeat(50_000) },
      { ...ok, contacts: Array.from({ length: 2000 }, (_, i) => `c${i}@example.com`) },
      { ...ok, redirect_uris: [`https://app.example/${'p'.repeat(3000)}`] },
      { ...ok, redirect_uris: ['https://app.example/cb#frag'] },
      { ...ok, redirect_uris: ['javascript:alert(1)//'] },
      { ...ok, redirect_uris: ['data:text/html,hi'] },
      { ...ok, redirect_uris: ['file:///etc/passwd'] },
      { ...ok, redirect_uris: ['blob:https://app.example/x'] },
    ];
    for (const metadata of refused) {
      const answer = await registerRaw(stack.origin, metadata);
      expect(answer.status, JSON.stringify(metadata).slice(0, 80)).toBe(400);
      expect(answer.body.error).toBe('invalid_client_metadata');
    }
    // An app's own scheme (a native client) still registers.
    expect((await registerRaw(stack.origin, { ...ok, redirect_uris: ['cursor://anysphere.cursor-mcp/oauth/callback'] })).status).toBe(201);
  });

  it('a registration nobody signs in with is forgotten after a day; one that was used lives on', async () => {
    let now = Date.now();
    const store = new MemoryStore(100_000, () => now);
    const clients = new Clients({ store, sealer: new Sealer(randomBytes(32)), logger: createLogger('silent') });
    const base = { redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none', client_id_issued_at: 0 };
    await clients.registerClient({ ...base, client_id: 'unused' });
    await clients.registerClient({ ...base, client_id: 'used' });
    await clients.used('used');
    now += 25 * 3_600_000;
    expect(await clients.getClient('unused')).toBeUndefined();
    expect(await clients.getClient('used')).toBeDefined();
  });

  it('records a stranger can make without signing in (registrations, consent requests, sign-ins) are capped lower in memory', async () => {
    const store = new MemoryStore();
    await store.set('grant:g', 'kept', 60_000);
    for (let i = 0; i < 10_050; i++) await store.set(`client:${i}`, 'x', 60_000);
    const clients = store.dump().filter((l) => l.startsWith('client:')).length;
    expect(clients).toBeLessThanOrEqual(10_000);
    expect(await store.get('client:10049')).toBe('x');
    expect(await store.get('grant:g')).toBe('kept');
  });

  it('a client ID metadata document is fetched from the address that was checked: a name that resolves again to loopback (DNS rebinding) is refused', async () => {
    let log = '';
    const answers = [[{ address: '93.184.216.34', family: 4 }], [{ address: '127.0.0.1', family: 4 }]];
    let asked = 0;
    const clients = new Clients({
      store: new MemoryStore(),
      sealer: new Sealer(randomBytes(32)),
      logger: createLogger('info', {
        write: (line: string) => {
          log += line;
        },
      }),
      resolve: async () => answers[Math.min(asked++, 1)]!,
    });
    expect(await clients.getClient('https://rebind.example/client.json')).toBeUndefined();
    expect(log).toContain('private or loopback');
    // Once when checked, once when connecting: the second answer (loopback) is the one refused.
    expect(asked).toBe(2);
  });

  it('IPv6 addresses that reach this host or a private IPv4 network (NAT64, 6to4, IPv4-compatible, site-local) are refused', async () => {
    for (const address of ['64:ff9b::a00:1', '64:ff9b::7f00:1', '2002:c0a8:101::1', '::7f00:1', 'fec0::1', '::ffff:10.0.0.1', 'fd00::1', 'fe80::1']) {
      let log = '';
      const clients = new Clients({
        store: new MemoryStore(),
        sealer: new Sealer(randomBytes(32)),
        logger: createLogger('info', {
          write: (line: string) => {
            log += line;
          },
        }),
        resolve: async () => [{ address, family: 6 }],
      });
      expect(await clients.getClient('https://v6.example/client.json')).toBeUndefined();
      expect(log, address).toContain('private or loopback');
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  browse,
  connectWith,
  exchange,
  initializeWith,
  pkce,
  postForm,
  REDIRECT_URI,
  register,
  signIn,
  startOAuthStack,
  type OAuthStack,
  type SignedIn,
} from './connector-helpers.js';

/** A code for a freshly registered client, through the browser; with what it takes to exchange it. */
async function codeFor(stack: OAuthStack, o: { user?: string; scope?: string } = {}) {
  const clientId = await register(stack.origin);
  const { verifier, challenge } = pkce();
  const back = await browse(authorizeUrl(stack, { clientId, challenge, scope: o.scope }), { user: o.user });
  expect(back.code).toBeDefined();
  return { clientId, verifier, code: back.code! };
}

describe('OAuth connector: refusals', () => {
  let stack: OAuthStack;
  const opened: SignedIn[] = [];
  const results: string[] = [];
  const users = () => stack.sandbox.oauth.users;

  beforeAll(async () => {
    stack = await startOAuthStack();
  });
  afterAll(async () => {
    for (const u of opened) await u.close().catch(() => undefined);
    await stack.close();
  });

  it('a token for another resource: refused at /authorize, at /token, and at another deployment’s /mcp', async () => {
    const clientId = await register(stack.origin);
    const { challenge } = pkce();
    // Refused before the browser leaves for Contentstack: /authorize redirects straight back with invalid_target.
    const direct = await fetch(authorizeUrl(stack, { clientId, challenge, resource: 'https://elsewhere.example/mcp' }), { redirect: 'manual' });
    const back = new URL(direct.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT_URI);
    expect(back.searchParams.get('error')).toBe('invalid_target');
    expect(back.searchParams.get('iss')).toBe(`${stack.origin}/`);

    const c = await codeFor(stack);
    const wrongResource = await exchange(stack, { ...c, resource: 'https://elsewhere.example/mcp' });
    expect(wrongResource.body.error).toBe('invalid_target');

    // A second deployment sharing the store and key (one Redis, two resources): a token of one is refused by the other.
    const second = await startOAuthStack({ share: stack });
    try {
      const user = await signIn(stack.url);
      opened.push(user);
      const there = await initializeWith(second.url, user.provider.saved!.access_token);
      expect(there.status).toBe(401);
      expect(there.challenge).toContain('error="invalid_token"');
      expect(there.challenge).toContain(`resource_metadata="${second.origin}/.well-known/oauth-protected-resource/mcp"`);
      expect((await initializeWith(stack.url, user.provider.saved!.access_token)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('a code is single-use (its reuse revokes what it gave), expires in its lifetime, and needs the right PKCE verifier and redirect URI', async () => {
    const c = await codeFor(stack);
    const wrongVerifier = await exchange(stack, { ...c, verifier: pkce().verifier });
    expect(wrongVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const wrongRedirect = await exchange(stack, { ...c, redirectUri: 'http://127.0.0.1:9/elsewhere' });
    expect(wrongRedirect.body.error).toBe('invalid_grant');

    const d = await codeFor(stack);
    const first = await exchange(stack, d);
    expect(first.status).toBe(200);
    const again = await exchange(stack, d);
    expect(again.body.error).toBe('invalid_grant');
    expect((await initializeWith(stack.url, String(first.body.access_token))).status).toBe(401);

    const quick = await startOAuthStack({ lifetimes: { codeMs: 300 } });
    try {
      const e = await codeFor(quick);
      await new Promise((r) => setTimeout(r, 400));
      expect((await exchange(quick, e)).body.error).toBe('invalid_grant');
    } finally {
      await quick.close();
    }
  });

  it('a redirect URI that is not exactly a registered one is refused with a 400, never redirected to', async () => {
    const clientId = await register(stack.origin);
    const { challenge } = pkce();
    for (const redirectUri of ['http://127.0.0.1:10/oauth-test/callback', 'http://127.0.0.1:9/oauth-test/callback/', 'https://attacker.example/cb']) {
      const res = await fetch(authorizeUrl(stack, { clientId, challenge, redirectUri }), { redirect: 'manual' });
      expect(res.status, redirectUri).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    const noPkce = new URL(authorizeUrl(stack, { clientId, challenge }));
    noPkce.searchParams.set('code_challenge_method', 'plain');
    const plain = await fetch(noPkce, { redirect: 'manual' });
    const refused = new URL(plain.headers.get('location')!);
    expect(refused.searchParams.get('error')).toBe('invalid_request');
    // RFC 9207: the error response names us too.
    expect(refused.searchParams.get('iss')).toBe(`${stack.origin}/`);
  });

  it('registration refuses a redirect URI in plain http off localhost', async () => {
    const res = await fetch(new URL('/register', stack.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://app.example/callback'], token_endpoint_auth_method: 'none' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_client_metadata');
  });

  it('decision=deny at Contentstack: the client gets access_denied with its state and our iss, and no code', async () => {
    const clientId = await register(stack.origin);
    const { challenge } = pkce();
    const back = await browse(authorizeUrl(stack, { clientId, challenge, state: 'deny-state' }), { decision: 'deny' });
    expect(back.error).toBe('access_denied');
    expect(back.code).toBeUndefined();
    expect(back.state).toBe('deny-state');
    expect(back.iss).toBe(`${stack.origin}/`);
  });

  it('a read-only grant lists read tools only, and a write tool called anyway is refused before anything is sent', async () => {
    const katherine = users().find((u) => u.maxScopes.length === 1)!;
    const readers = [await signIn(stack.url, { user: katherine.uid }), await signIn(stack.url, {}, { scope: 'personalize:read' })];
    opened.push(...readers);
    for (const reader of readers) {
      expect(reader.provider.saved!.scope).toBe('personalize:read');
      const names = (await reader.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('list_audiences');
      expect(names).not.toContain('create_audience');
      const before = stack.sandbox.requests.length;
      const refused = await reader.call('create_audience', { name: 'Nope', rule: 'country is FR' });
      results.push(JSON.stringify(refused));
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain('personalize:manage');
      expect(stack.sandbox.requests.length).toBe(before);
    }
  });

  it('two users at once are never mixed: each call carries its own user’s token, and a session answers only its owner', async () => {
    const [ada, grace] = [users()[0]!, users()[1]!];
    const [a, g] = await Promise.all([signIn(stack.url, { user: ada.uid }), signIn(stack.url, { user: grace.uid })]);
    opened.push(a, g);
    for (let round = 0; round < 3; round++) {
      const before = stack.sandbox.requests.length;
      const answers = await Promise.all([a.call('list_projects', {}), g.call('list_projects', {})]);
      results.push(...answers.map((r) => JSON.stringify(r)));
      expect(answers.every((r) => !r.isError)).toBe(true);
      const seen = stack.sandbox.requests.slice(before);
      expect(seen.filter((r) => r.organizationUid === ada.organizationUid).every((r) => r.userUid === ada.uid)).toBe(true);
      expect(seen.filter((r) => r.organizationUid === grace.organizationUid).every((r) => r.userUid === grace.uid)).toBe(true);
      expect(new Set(seen.map((r) => r.userUid))).toEqual(new Set([ada.uid, grace.uid]));
      expect(JSON.stringify(answers[1])).not.toContain(stack.sandbox.demo.projectUid);
    }
    // Grace's valid token on Ada's session: as if the session did not exist.
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${g.provider.saved!.access_token}`,
        'mcp-session-id': a.transport.sessionId!,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
  });

  it('Contentstack refusing the user’s token even after a refresh: the tool says to sign in again, once refreshed and retried', async () => {
    const user = await signIn(stack.url);
    opened.push(user);
    const refreshes = () => stack.sandbox.oauth.requests.filter((r) => r.grantType === 'refresh_token').length;
    const before = refreshes();
    stack.sandbox.addFault({ kind: 'status', status: 401, method: 'GET', path: '/events', times: 2 });
    const refused = await user.call('list_events', {});
    results.push(JSON.stringify(refused));
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('reconnect the server in your MCP client to sign in again');
    expect(refreshes()).toBe(before + 1);
    // The fault is spent: the refreshed token works.
    expect((await user.call('list_events', {})).isError).toBeFalsy();
  });

  it('a client ID metadata document: fetched, checked (client_id is its URL, redirect URIs, size) and used as the registration', async () => {
    const docs = new Map<string, string>();
    const server: Server = createServer((req, res) => {
      const body = docs.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(body ?? '{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const good = `${base}/good.json`;
      docs.set('/good.json', JSON.stringify({ client_id: good, client_name: 'doc client', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none' }));
      const { verifier, challenge } = pkce();
      const back = await browse(authorizeUrl(stack, { clientId: good, challenge }));
      const tokens = await exchange(stack, { clientId: good, code: back.code!, verifier });
      expect(tokens.status).toBe(200);
      expect((await initializeWith(stack.url, String(tokens.body.access_token))).status).toBe(200);

      const liar = `${base}/liar.json`;
      docs.set('/liar.json', JSON.stringify({ client_id: `${base}/someone-else.json`, redirect_uris: [REDIRECT_URI] }));
      const big = `${base}/big.json`;
      docs.set('/big.json', JSON.stringify({ client_id: big, redirect_uris: [REDIRECT_URI], client_name: 'x'.repeat(70_000) }));
      const secret = `${base}/secret.json`;
      docs.set('/secret.json', JSON.stringify({ client_id: secret, redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_post' }));
      for (const clientId of [liar, big, secret, `${base}/missing.json`, 'https://127.0.0.1/private.json']) {
        const res = await fetch(authorizeUrl(stack, { clientId, challenge }), { redirect: 'manual' });
        expect(res.status, clientId).toBe(400);
        expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('no Contentstack token, and none of ours, appears in a log line, a result, or what the store holds', async () => {
    const user = await signIn(stack.url);
    opened.push(user);
    results.push(JSON.stringify(await user.call('list_audiences', {})));
    // The API echoing the user's Contentstack token back in an error: redacted before it reaches the client.
    stack.sandbox.addFault({ kind: 'echo', status: 400, method: 'GET', path: '/events' });
    const refusedEcho = await user.call('list_events', {});
    expect(refusedEcho.isError).toBe(true);
    expect(JSON.stringify(refusedEcho)).toContain('Invalid credential [redacted]');
    results.push(JSON.stringify(refusedEcho));
    // A confidential client: its secret works at /token, and the store holds it sealed only.
    const reg = await fetch(new URL('/register', stack.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_post' }),
    });
    const confidential = (await reg.json()) as { client_id: string; client_secret: string };
    expect(confidential.client_secret).toMatch(/^[0-9a-f]{64}$/);
    const form = { grant_type: 'authorization_code', client_id: confidential.client_id, code: 'nope', code_verifier: pkce().verifier, redirect_uri: REDIRECT_URI };
    expect((await postForm(new URL('/token', stack.origin), { ...form, client_secret: confidential.client_secret })).body.error).toBe('invalid_grant');
    expect((await postForm(new URL('/token', stack.origin), { ...form, client_secret: 'wrong' })).body.error).toBe('invalid_client');
    const ours = [confidential.client_secret, ...opened.flatMap((u) => [u.provider.saved?.access_token, u.provider.saved?.refresh_token])].filter((t): t is string => Boolean(t));
    const upstream = [...stack.upstreamTokens];
    expect(upstream.length).toBeGreaterThanOrEqual(4);
    const stored = stack.store.dump();
    expect(stored.some((line) => line.startsWith('grant:'))).toBe(true);
    const haystacks = { log: stack.log(), results: results.join('\n'), store: stored.join('\n') };
    for (const [where, text] of Object.entries(haystacks)) {
      expect(text.length, where).toBeGreaterThan(0);
      for (const secret of [...upstream, ...ours, stack.sandbox.oauth.app.clientSecret]) expect(text.includes(secret), `${where} holds a token`).toBe(false);
    }
    // And the sealed grant opens only with the key: a connection made again still works.
    const again = await connectWith(stack.url, user.provider);
    opened.push(again);
    expect((await again.call('list_events', {})).isError).toBeFalsy();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialId } from '../http/helpers.js';
import { initializeWith, postForm, signIn, startOAuthStack, type OAuthStack } from './connector-helpers.js';

/**
 * The whole connector flow as an MCP client runs it (issue 15 "Tests"), through the SDK's client OAuth support,
 * against `--http --sandbox` with MCP_AUTH=oauth: discovery, registration, authorize with the simulated user's
 * consent, token, tools/list, a tool call with that user's own Contentstack token, refreshes, revocation.
 */
describe('OAuth connector: the whole flow', () => {
  let stack: OAuthStack;
  const ada = () => stack.sandbox.oauth.users[0]!;

  beforeAll(async () => {
    stack = await startOAuthStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('discovers the metadata from the 401, registers, signs in at Contentstack, and calls a tool with the user’s own token', async () => {
    const bare = await initializeWith(stack.url, undefined);
    expect(bare.status).toBe(401);
    expect(bare.challenge).toBe(`Bearer resource_metadata="${stack.origin}/.well-known/oauth-protected-resource/mcp", scope="personalize:read personalize:manage"`);
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const prm = (await (await fetch(new URL(path, stack.origin))).json()) as Record<string, unknown>;
      expect(prm).toMatchObject({ resource: stack.url, authorization_servers: [`${stack.origin}/`], scopes_supported: ['personalize:read', 'personalize:manage'] });
    }
    const as = (await (await fetch(new URL('/.well-known/oauth-authorization-server', stack.origin))).json()) as Record<string, unknown>;
    expect(as).toMatchObject({
      issuer: `${stack.origin}/`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
      registration_endpoint: `${stack.origin}/register`,
      revocation_endpoint: `${stack.origin}/revoke`,
    });

    const user = await signIn(stack.url);
    try {
      const redirect = user.provider.lastRedirect!;
      expect(redirect.iss).toBe(`${stack.origin}/`);
      expect(redirect.consentPage).toContain('personalize:manage');
      expect(user.provider.info?.client_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(user.provider.saved).toMatchObject({ token_type: 'Bearer', scope: 'personalize:read personalize:manage' });

      const { tools } = await user.client.listTools();
      expect(tools.map((t) => t.name)).toContain('create_audience');
      const before = stack.sandbox.requests.length;
      const listed = await user.call('list_audiences', {});
      expect(listed.isError).toBeFalsy();
      const seen = stack.sandbox.requests.slice(before);
      expect(seen.length).toBeGreaterThan(0);
      // Ada's own Contentstack token, one of those the token endpoint gave this server: never the sandbox's demo token.
      expect(seen.every((r) => r.userUid === ada().uid)).toBe(true);
      const given = [...stack.upstreamTokens].map(credentialId);
      expect(seen.every((r) => given.includes(r.credential!))).toBe(true);
      expect(stack.sandbox.oauth.requests.filter((r) => r.path === '/token').map((r) => r.grantType)).toContain('authorization_code');
    } finally {
      await user.close();
    }
  });

  it('refreshes our token (rotating: the old refresh token is refused, and its reuse revokes the grant)', async () => {
    const short = await startOAuthStack({ lifetimes: { accessMs: 500 } });
    try {
      const user = await signIn(short.url);
      const first = user.provider.saved!;
      await new Promise((r) => setTimeout(r, 600));
      // The expired token gets a 401; the SDK client refreshes and retries by itself.
      const listed = await user.call('list_events', {});
      expect(listed.isError).toBeFalsy();
      const second = user.provider.saved!;
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect((await initializeWith(short.url, first.access_token)).status).toBe(401);

      const reuse = await postForm(new URL('/token', short.origin), { grant_type: 'refresh_token', client_id: user.provider.info!.client_id, refresh_token: first.refresh_token! });
      expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      // The reuse ended the grant: the newer tokens are dead too.
      expect((await initializeWith(short.url, second.access_token)).status).toBe(401);
      const after = await postForm(new URL('/token', short.origin), {
        grant_type: 'refresh_token',
        client_id: user.provider.info!.client_id,
        refresh_token: second.refresh_token!,
      });
      expect(after.body.error).toBe('invalid_grant');
      await user.close();
    } finally {
      await short.close();
    }
  });

  it('refreshes the Contentstack token before it expires, and once after a 401; the open session uses the new one', async () => {
    // Sandbox tokens live 1 s (expires_in is whole seconds). A: a margin longer than that, so every call finds its token
    // due and refreshes first (no wait). B: a margin below zero, so only the API's 401 on the expired token triggers it.
    const refreshes = (s: OAuthStack) => s.sandbox.oauth.requests.filter((r) => r.grantType === 'refresh_token' && r.status === 200).length;
    for (const [margin, waitMs] of [
      [5_000, 0],
      [-60_000, 1_000],
    ] as const) {
      const short = await startOAuthStack({ sandbox: { tokenTtlS: 1 }, upstreamRefreshMarginMs: margin });
      try {
        const user = await signIn(short.url);
        expect((await user.call('list_events', {})).isError).toBeFalsy();
        const firstCredential = short.sandbox.requests.at(-1)!.credential;
        await new Promise((r) => setTimeout(r, waitMs));
        const before = short.sandbox.requests.length;
        const refreshed = refreshes(short);
        const again = await user.call('list_events', {});
        expect(again.isError, JSON.stringify(again)).toBeFalsy();
        expect(refreshes(short)).toBe(refreshed + 1);
        const sent = short.sandbox.requests.slice(before);
        expect(sent.map((r) => r.status)).toEqual(margin > 0 ? [200] : [401, 200]);
        expect(sent.at(-1)!.credential).not.toBe(firstCredential);
        expect(sent.at(-1)!.userUid).toBe(short.sandbox.oauth.users[0]!.uid);
        await user.close();
      } finally {
        await short.close();
      }
    }
  });

  it('the region the user authorized from (Contentstack’s location) is where the code is exchanged', async () => {
    const before = stack.exchangeRegions.length;
    const home = await signIn(stack.url);
    const abroad = await signIn(stack.url, { location: 'EU' });
    expect(stack.exchangeRegions.slice(before)).toEqual(['na', 'eu']);
    expect((await abroad.call('list_events', {})).isError).toBeFalsy();
    await home.close();
    await abroad.close();
  });

  it('MCP_STATELESS=true: every request stands alone, acting as the user its token names', async () => {
    const stateless = await startOAuthStack({ env: { MCP_STATELESS: 'true' } });
    try {
      const katherine = stateless.sandbox.oauth.users.find((u) => u.maxScopes.length === 1)!;
      const user = await signIn(stateless.url, { user: katherine.uid });
      expect(user.transport.sessionId).toBeUndefined();
      expect((await user.client.listTools()).tools.map((t) => t.name)).not.toContain('create_audience');
      const before = stateless.sandbox.requests.length;
      expect((await user.call('list_audiences', {})).isError).toBeFalsy();
      expect(stateless.sandbox.requests.slice(before).every((r) => r.userUid === katherine.uid)).toBe(true);
      await user.close();
    } finally {
      await stateless.close();
    }
  });

  it('revocation: a revoked refresh token ends the grant, its access tokens and its open sessions', async () => {
    const user = await signIn(stack.url);
    const tokens = user.provider.saved!;
    const clientId = user.provider.info!.client_id;
    expect((await user.call('list_events', {})).isError).toBeFalsy();
    const open = stack.http.sessionCount();
    const res = await postForm(new URL('/revoke', stack.origin), { client_id: clientId, token: tokens.refresh_token!, token_type_hint: 'refresh_token' });
    expect(res.status).toBe(200);
    // The session is closed at once, its event stream with it, not left until it idles out.
    for (let i = 0; i < 100 && stack.http.sessionCount() !== open - 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(stack.http.sessionCount()).toBe(open - 1);
    expect((await initializeWith(stack.url, tokens.access_token)).status).toBe(401);
    const refused = await postForm(new URL('/token', stack.origin), { grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refresh_token! });
    expect(refused.body.error).toBe('invalid_grant');
    await user.close().catch(() => undefined);

    // An access token alone can be revoked too.
    const other = await signIn(stack.url);
    await postForm(new URL('/revoke', stack.origin), { client_id: other.provider.info!.client_id, token: other.provider.saved!.access_token });
    expect((await initializeWith(stack.url, other.provider.saved!.access_token)).status).toBe(401);
    await other.close().catch(() => undefined);
  });
});

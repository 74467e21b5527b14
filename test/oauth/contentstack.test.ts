import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/api/regions.js';
import { contentstackOAuth } from '../../src/oauth/contentstack.js';
import { UpstreamOAuthError, type UpstreamTokens } from '../../src/oauth/upstream.js';
import { SANDBOX_OAUTH_APP, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { Secrets } from '../../src/secrets.js';
import { CALLBACK, consent, management, sandboxClient } from './helpers.js';

const ADA = 'blt0user0ada0sandbox';
const GRACE = 'blt0user0grace0sandbox';
const KATHERINE = 'blt0user0kath0sandbox';

/** The refusal an upstream call ended with (it must be one). */
async function refusal(p: Promise<unknown>): Promise<UpstreamOAuthError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamOAuthError);
  return err as UpstreamOAuthError;
}

describe('Contentstack OAuth client against the simulated Developer Hub', () => {
  let sandbox: Sandbox;
  const secrets = new Secrets();
  let client: ReturnType<typeof sandboxClient>;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'oauth' });
    client = sandboxClient(sandbox, { secrets });
  });
  afterAll(() => sandbox.close());

  async function signIn(user: string): Promise<UpstreamTokens> {
    const c = await consent(client, { user });
    expect(c.redirect.searchParams.get('state')).toBe(c.state);
    return client.exchangeCode({ region: 'na', code: c.redirect.searchParams.get('code')!, codeVerifier: c.verifier, redirectUri: CALLBACK });
  }

  it('builds the authorize URL on the region app host, the route and its query in the #! fragment', () => {
    const real = contentstackOAuth({ appUid: 'app123', clientId: 'cid' });
    const url = real.authorizeUrl({ region: 'eu', redirectUri: 'https://mcp.example/cb', state: 's1', codeChallenge: 'ch', scopes: ['personalize:read', 'personalize:manage'] });
    expect(url.origin).toBe('https://eu-app.contentstack.com');
    expect(url.hash.startsWith('#!/apps/app123/authorize?')).toBe(true);
    const q = new URLSearchParams(url.hash.split('?')[1]);
    expect(Object.fromEntries(q)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'https://mcp.example/cb',
      scope: 'personalize:read personalize:manage',
      state: 's1',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('posts the grants to each region’s Developer Hub /token, as a form', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const seen: string[] = [];
    for (const [region, hosts] of Object.entries(REGIONS)) {
      agent
        .get(hosts.developerHub)
        .intercept({ path: '/token', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        .reply(200, (opts) => {
          seen.push(`${region} ${new URLSearchParams(String(opts.body)).get('grant_type')}`);
          return { access_token: 'at-0123456789', refresh_token: 'rt-0123456789', expires_in: 3600, scope: 'personalize:manage' };
        });
    }
    const real = contentstackOAuth({ appUid: 'app', clientId: 'cid', dispatcher: agent });
    for (const region of Object.keys(REGIONS) as Array<keyof typeof REGIONS>) {
      expect((await real.refresh({ region, refreshToken: 'rt-old-0123456789' })).region).toBe(region);
    }
    expect(seen).toEqual(Object.keys(REGIONS).map((r) => `${r} refresh_token`));
    await agent.close();
  });

  it('exchanges a code for the user’s tokens, which the Management API takes as that user', async () => {
    const before = Date.now();
    const t = await signIn(ADA);
    expect(t).toMatchObject({ scopes: ['personalize:read', 'personalize:manage'], organizationUid: sandbox.demo.organizationUid, userUid: ADA, region: 'na' });
    expect(t.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(t.expiresAt).toBeLessThan(Date.now() + 3601_000);
    const list = await management(sandbox, t.accessToken, 'GET', '/projects', { organization_uid: t.organizationUid! });
    expect(list.status).toBe(200);
    expect((list.body as Array<{ uid: string }>).map((p) => p.uid)).toEqual([sandbox.demo.projectUid]);
    expect(sandbox.requests.at(-1)).toMatchObject({ path: '/projects', status: 200, userUid: ADA });
    // The form grant of docs/oauth.md §3: verifier and secret both, in the body.
    expect(sandbox.oauth.requests.filter((r) => r.path === '/token').at(-1)).toEqual(
      expect.objectContaining({
        method: 'POST',
        status: 200,
        grantType: 'authorization_code',
        fields: ['client_id', 'client_secret', 'code', 'code_verifier', 'grant_type', 'redirect_uri'],
      }),
    );
  });

  it('refresh rotates: a new pair, the old refresh token refused, and its reuse revokes the grant', async () => {
    const first = await signIn(ADA);
    const second = await client.refresh({ region: 'na', refreshToken: first.refreshToken });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second).toMatchObject({ userUid: ADA, scopes: ['personalize:read', 'personalize:manage'] });
    expect(sandbox.oauth.requests.at(-1)).toMatchObject({ grantType: 'refresh_token', fields: ['client_id', 'client_secret', 'grant_type', 'refresh_token'] });
    expect((await management(sandbox, second.accessToken, 'GET', '/attributes', { 'x-project-uid': sandbox.demo.projectUid })).status).toBe(200);

    const reused = await refusal(client.refresh({ region: 'na', refreshToken: first.refreshToken }));
    expect(reused).toMatchObject({ code: 'invalid_grant', status: 400 });
    // A replayed refresh token means it leaked: everything from that sign-in stops working.
    expect((await management(sandbox, second.accessToken, 'GET', '/attributes', { 'x-project-uid': sandbox.demo.projectUid })).status).toBe(401);
    expect((await refusal(client.refresh({ region: 'na', refreshToken: second.refreshToken }))).code).toBe('invalid_grant');
  });

  it('a client without the secret signs in by PKCE alone, and a grant made with the secret needs it to refresh', async () => {
    const pkceOnly = sandboxClient(sandbox, { clientSecret: undefined });
    const c = await consent(pkceOnly, { user: ADA });
    const t = await pkceOnly.exchangeCode({ region: 'na', code: c.redirect.searchParams.get('code')!, codeVerifier: c.verifier, redirectUri: CALLBACK });
    expect(sandbox.oauth.requests.at(-1)?.fields).toEqual(['client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri']);
    expect((await pkceOnly.refresh({ region: 'na', refreshToken: t.refreshToken })).userUid).toBe(ADA);
    const withSecret = await signIn(ADA);
    expect((await refusal(pkceOnly.refresh({ region: 'na', refreshToken: withSecret.refreshToken }))).code).toBe('invalid_client');
  });

  it('refuses a wrong PKCE verifier', async () => {
    const c = await consent(client, { user: ADA });
    const err = await refusal(client.exchangeCode({ region: 'na', code: c.redirect.searchParams.get('code')!, codeVerifier: 'x'.repeat(43), redirectUri: CALLBACK }));
    expect(err).toMatchObject({ code: 'invalid_grant', status: 400 });
    expect(err.message).toContain('code_verifier does not match');
  });

  it('refuses a reused code, and revokes the tokens the first use gave', async () => {
    const c = await consent(client, { user: ADA });
    const input = { region: 'na' as const, code: c.redirect.searchParams.get('code')!, codeVerifier: c.verifier, redirectUri: CALLBACK };
    const t = await client.exchangeCode(input);
    expect((await refusal(client.exchangeCode(input))).code).toBe('invalid_grant');
    expect((await management(sandbox, t.accessToken, 'GET', '/projects', { organization_uid: sandbox.demo.organizationUid })).status).toBe(401);
  });

  it('refuses a redirect_uri other than the authorization request’s', async () => {
    const c = await consent(client, { user: ADA });
    const err = await refusal(client.exchangeCode({ region: 'na', code: c.redirect.searchParams.get('code')!, codeVerifier: c.verifier, redirectUri: 'http://127.0.0.1:9/other' }));
    expect(err).toMatchObject({ code: 'invalid_grant' });
    expect(err.message).toContain('redirect_uri does not match');
  });

  it('deny goes back to the callback with access_denied and the state, no code', async () => {
    const c = await consent(client, { user: ADA, decision: 'deny' });
    expect(`${c.redirect.origin}${c.redirect.pathname}`).toBe(CALLBACK);
    expect(c.redirect.searchParams.get('error')).toBe('access_denied');
    expect(c.redirect.searchParams.get('state')).toBe(c.state);
    expect(c.redirect.searchParams.has('code')).toBe(false);
  });

  it('the consent page shows a bad client or redirect URI instead of redirecting to it; other faults go back to the client', async () => {
    const { appUid, clientId } = SANDBOX_OAUTH_APP;
    const open = (q: Record<string, string>, app: string = appUid) =>
      fetch(`${sandbox.oauth.url}/apps/${app}/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, state: 's', ...q })}`, {
        redirect: 'manual',
      });
    for (const [q, app, status] of [
      [{ client_id: 'someone-else' }, appUid, 400],
      [{ redirect_uri: 'https://attacker.example/cb' }, appUid, 400],
      [{}, 'another-app', 404],
    ] as const) {
      const res = await open(q, app);
      expect(res.status).toBe(status);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('id="error"');
    }
    for (const [q, error] of [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'cm.stacks.management:write' }, 'invalid_scope'],
      [{ code_challenge: 'abc', code_challenge_method: 'S512' }, 'invalid_request'],
    ] as const) {
      const res = await open(q);
      expect(res.status).toBe(302);
      const back = new URL(res.headers.get('location')!);
      expect([`${back.origin}${back.pathname}`, back.searchParams.get('error'), back.searchParams.get('state')]).toEqual([CALLBACK, error, 's']);
    }
  });

  it('a read-only member grants personalize:read only; the Management API refuses their writes with 403', async () => {
    const t = await signIn(KATHERINE);
    expect(t.scopes).toEqual(['personalize:read']);
    const headers = { 'x-project-uid': sandbox.demo.projectUid };
    expect((await management(sandbox, t.accessToken, 'GET', '/attributes', headers)).status).toBe(200);
    const project = () => sandbox.store.projects.find((p) => p.uid === sandbox.demo.projectUid)!;
    const count = project().attributes.length;
    const write = await management(sandbox, t.accessToken, 'POST', '/attributes', headers, { name: 'Tier', key: 'tier', description: '' });
    expect(write).toEqual({ status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'Forbidden resource' } });
    expect(project().attributes.length).toBe(count);
  });

  it('a token acts in its own organization only', async () => {
    const t = await signIn(GRACE);
    expect(t.organizationUid).toBe('blt0second0org0sandbox');
    const own = await management(sandbox, t.accessToken, 'GET', '/projects', { organization_uid: t.organizationUid! });
    expect(own).toEqual({ status: 200, body: [] });
    expect((await management(sandbox, t.accessToken, 'GET', '/projects', { organization_uid: sandbox.demo.organizationUid })).status).toBe(403);
    expect((await management(sandbox, t.accessToken, 'GET', '/attributes', { 'x-project-uid': sandbox.demo.projectUid })).status).toBe(403);
  });

  it('the existing sandbox credentials still work, and an unknown sandbox OAuth token is refused', async () => {
    expect((await management(sandbox, 'any-other-token', 'GET', '/attributes', { 'x-project-uid': sandbox.demo.projectUid })).status).toBe(200);
    expect((await management(sandbox, 'sandbox-oauth-at-made-up', 'GET', '/attributes', { 'x-project-uid': sandbox.demo.projectUid })).status).toBe(401);
  });

  it('no secret in any refusal’s message: client secret, code, verifier, refresh token', async () => {
    const c = await consent(client, { user: ADA });
    const code = c.redirect.searchParams.get('code')!;
    const errors = [
      await refusal(client.exchangeCode({ region: 'na', code, codeVerifier: `${c.verifier}x`, redirectUri: CALLBACK })),
      await refusal(client.exchangeCode({ region: 'na', code, codeVerifier: c.verifier, redirectUri: 'http://127.0.0.1:9/x' })),
      await refusal(client.refresh({ region: 'na', refreshToken: 'sandbox-oauth-rt-not-a-real-one' })),
      await refusal(sandboxClient(sandbox, { clientSecret: 'a-wrong-client-secret', secrets }).refresh({ region: 'na', refreshToken: 'sandbox-oauth-rt-x' })),
    ];
    expect(errors.map((e) => e.code)).toEqual(['invalid_grant', 'invalid_grant', 'invalid_grant', 'invalid_client']);
    for (const e of errors) {
      for (const s of [SANDBOX_OAUTH_APP.clientSecret, 'a-wrong-client-secret', code, c.verifier, 'sandbox-oauth-rt-not-a-real-one']) expect(e.message).not.toContain(s);
      expect(secrets.appearsIn(e.message)).toBe(false);
    }
  });
});

describe('Contentstack OAuth client: expiry, silent scope, answers it cannot use', () => {
  it('an expired code is refused; an expired access token gets 401 from the Management API, and refresh mends it', async () => {
    const sandbox = await startSandbox({ seed: 'oauth-expiry', oauth: { codeTtlS: 1.5, tokenTtlS: 1.5 } });
    try {
      const client = sandboxClient(sandbox);
      const late = await consent(client, { user: ADA });
      const fresh = await consent(client, { user: ADA });
      const t = await client.exchangeCode({ region: 'na', code: fresh.redirect.searchParams.get('code')!, codeVerifier: fresh.verifier, redirectUri: CALLBACK });
      expect(t.expiresAt - Date.now()).toBeLessThanOrEqual(2000);
      const headers = { 'x-project-uid': sandbox.demo.projectUid };
      expect((await management(sandbox, t.accessToken, 'GET', '/attributes', headers)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1700));
      const err = await refusal(client.exchangeCode({ region: 'na', code: late.redirect.searchParams.get('code')!, codeVerifier: late.verifier, redirectUri: CALLBACK }));
      expect(err.message).toContain('expired');
      const expired = await management(sandbox, t.accessToken, 'GET', '/attributes', headers);
      expect(expired).toMatchObject({ status: 401, body: { message: "You're not allowed in here unless you're logged in." } });
      const renewed = await client.refresh({ region: 'na', refreshToken: t.refreshToken });
      expect((await management(sandbox, renewed.accessToken, 'GET', '/attributes', headers)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('reads an answer without scope as read-only, unless told the app requests manage', async () => {
    const sandbox = await startSandbox({ seed: 'oauth-silent', oauth: { omitScope: true } });
    try {
      for (const [extra, want] of [
        [{}, ['personalize:read']],
        [{ scopesIfUnstated: ['personalize:manage'] }, ['personalize:manage']],
      ] as const) {
        const client = sandboxClient(sandbox, extra);
        const c = await consent(client, { user: ADA });
        const t = await client.exchangeCode({ region: 'na', code: c.redirect.searchParams.get('code')!, codeVerifier: c.verifier, redirectUri: CALLBACK });
        expect(t.scopes).toEqual(want);
      }
    } finally {
      await sandbox.close();
    }
  });

  it('an error answer that echoes what it got is redacted; no answer at all is temporarily_unavailable', async () => {
    // A token endpoint that quotes the whole form back in its error, as a careless one might.
    const echo = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: `bad request ${body}` })));
    });
    await new Promise<void>((ok) => echo.listen(0, '127.0.0.1', () => ok()));
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    try {
      const secrets = new Secrets();
      const client = contentstackOAuth({ appUid: 'a', clientId: 'cid', clientSecret: 'the-client-secret-value', secrets, hosts: () => ({ app: url, developerHub: url }) });
      const err = await refusal(client.refresh({ region: 'na', refreshToken: 'the-refresh-token-value' }));
      expect(err.code).toBe('invalid_grant');
      expect(err.message).toContain('[redacted]');
      expect(err.message).not.toContain('the-client-secret-value');
      expect(err.message).not.toContain('the-refresh-token-value');
    } finally {
      await new Promise<void>((ok) => echo.close(() => ok()));
    }
    const gone = contentstackOAuth({ appUid: 'a', clientId: 'cid', hosts: () => ({ app: url, developerHub: url }) });
    const down = await refusal(gone.refresh({ region: 'na', refreshToken: 'the-refresh-token-value' }));
    expect(down.code).toBe('temporarily_unavailable');
    expect(down.message).not.toContain('the-refresh-token-value');
  });
});

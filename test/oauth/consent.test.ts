import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerConsent, atContentstack, authorizeUrl, browse, exchange, ourConsentPage, pkce, REDIRECT_URI, startOAuthStack, type OAuthStack } from './connector-helpers.js';

const ATTACKER_REDIRECT = 'https://attacker.example/cb';

async function registerNamed(origin: string, name: string, redirectUris: string[]): Promise<string> {
  const res = await fetch(new URL('/register', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: redirectUris, token_endpoint_auth_method: 'none', client_name: name }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { client_id: string }).client_id;
}

const grantsIn = (stack: OAuthStack) => stack.store.dump().filter((l) => l.startsWith('grant:')).length;

/**
 * The confused deputy of the MCP security best practices: this server is one Contentstack OAuth client for every MCP
 * client, and Contentstack sends a user who consented before straight back. So our own consent page names the client
 * first, and the sign-in is bound to the browser that allowed it, at the consent form and at the callback.
 */
describe('OAuth connector: our consent page, bound to one browser', () => {
  let stack: OAuthStack;

  beforeAll(async () => {
    stack = await startOAuthStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('/authorize shows our page naming the client (escaped) and where its answer goes, unframeable, before anything goes to Contentstack', async () => {
    const clientId = await registerNamed(stack.origin, '<script>alert(1)</script> Helper', [ATTACKER_REDIRECT]);
    const { challenge } = pkce();
    const page = await ourConsentPage(authorizeUrl(stack, { clientId, challenge, redirectUri: ATTACKER_REDIRECT }));
    expect(page.response.headers.get('location')).toBeNull();
    expect(page.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Helper');
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain(ATTACKER_REDIRECT);
    expect(page.html).toContain('personalize:manage');
    expect(page.response.headers.get('x-frame-options')).toBe('DENY');
    expect(page.response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.response.headers.get('set-cookie')).toMatch(/^mcp-oauth-browser=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
  });

  it('a Contentstack sign-in started by an attacker and finished in a victim’s browser gives nobody a code', async () => {
    const clientId = await registerNamed(stack.origin, 'Innocent Tool', [ATTACKER_REDIRECT]);
    const { challenge } = pkce();
    // The attacker allows their own client on our page, in their own browser, and keeps the link to Contentstack.
    const attacker = await ourConsentPage(authorizeUrl(stack, { clientId, challenge, redirectUri: ATTACKER_REDIRECT }));
    const allowed = await answerConsent(stack.origin, attacker.request, 'allow', attacker.cookie);
    expect(allowed.status).toBe(303);
    // The victim, signed in at Contentstack and consented before, is sent there and comes straight back to our callback.
    const { toCallback } = await atContentstack(allowed.headers.get('location')!);
    const before = grantsIn(stack);
    const victim = await fetch(toCallback, { redirect: 'manual' });
    expect(victim.status).toBe(400);
    expect(victim.headers.get('location')).toBeNull();
    expect(await victim.text()).toContain('another browser');
    expect(grantsIn(stack)).toBe(before);
    // Nor with the victim's own cookie from a sign-in of theirs.
    const own = await ourConsentPage(authorizeUrl(stack, { clientId, challenge, redirectUri: ATTACKER_REDIRECT }));
    const next = await ourConsentPage(authorizeUrl(stack, { clientId, challenge, redirectUri: ATTACKER_REDIRECT }), attacker.cookie);
    const again = await answerConsent(stack.origin, next.request, 'allow', attacker.cookie);
    const second = await atContentstack(again.headers.get('location')!);
    const withOwn = await fetch(second.toCallback, { redirect: 'manual', headers: { cookie: own.cookie } });
    expect(withOwn.status).toBe(400);
    expect(withOwn.headers.get('location')).toBeNull();
  });

  it('the consent form posted from another browser (CSRF with an attacker’s request) is refused; a request answers once', async () => {
    const clientId = await registerNamed(stack.origin, 'Innocent Tool', [ATTACKER_REDIRECT]);
    const { challenge } = pkce();
    const attacker = await ourConsentPage(authorizeUrl(stack, { clientId, challenge, redirectUri: ATTACKER_REDIRECT }));
    const victim = await ourConsentPage(authorizeUrl(stack, { clientId, challenge, redirectUri: ATTACKER_REDIRECT }));
    for (const cookie of [victim.cookie, undefined]) {
      const forged = await answerConsent(stack.origin, attacker.request, 'allow', cookie);
      expect(forged.status).toBe(400);
      expect(forged.headers.get('location')).toBeNull();
    }
    // The refused post used the request up: even its own browser must start again.
    const replay = await answerConsent(stack.origin, attacker.request, 'allow', attacker.cookie);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('expired or was already answered');
  });

  it('one browser signing in twice at once keeps one cookie, and both sign-ins complete', async () => {
    const clientId = await registerNamed(stack.origin, 'Two Tabs', [REDIRECT_URI]);
    const a = pkce();
    const b = pkce();
    const first = await ourConsentPage(authorizeUrl(stack, { clientId, challenge: a.challenge, state: 'tab-a' }));
    const second = await ourConsentPage(authorizeUrl(stack, { clientId, challenge: b.challenge, state: 'tab-b' }), first.cookie);
    expect(second.cookie).toBe(first.cookie);
    for (const [page, p] of [
      [first, a],
      [second, b],
    ] as const) {
      const allowed = await answerConsent(stack.origin, page.request, 'allow', first.cookie);
      const { toCallback } = await atContentstack(allowed.headers.get('location')!);
      const back = await fetch(toCallback, { redirect: 'manual', headers: { cookie: first.cookie } });
      const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
      expect((await exchange(stack, { clientId, code, verifier: p.verifier })).status).toBe(200);
    }
  });

  it('Deny on our page: back to the client with access_denied, its state and our iss, and nothing sent to Contentstack', async () => {
    const clientId = await registerNamed(stack.origin, 'Denied', [REDIRECT_URI]);
    const { challenge } = pkce();
    const exchanges = stack.exchangeRegions.length;
    const back = await browse(authorizeUrl(stack, { clientId, challenge, state: 'our-deny' }), { ours: 'deny' });
    expect(back).toMatchObject({ error: 'access_denied', state: 'our-deny', iss: `${stack.origin}/`, code: undefined });
    expect(back.url.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(stack.exchangeRegions.length).toBe(exchanges);
  });

  it('at the callback, a forged state, a replayed callback and an expired sign-in each get a page, never a redirect', async () => {
    const clientId = await registerNamed(stack.origin, 'Callback', [REDIRECT_URI]);
    const { challenge } = pkce();
    const page = await ourConsentPage(authorizeUrl(stack, { clientId, challenge }));
    const allowed = await answerConsent(stack.origin, page.request, 'allow', page.cookie);
    const { toCallback } = await atContentstack(allowed.headers.get('location')!);
    const forged = new URL(toCallback);
    forged.searchParams.set('state', 'x'.repeat(43));
    const first = await fetch(toCallback, { redirect: 'manual', headers: { cookie: page.cookie } });
    expect(first.status).toBe(302);
    for (const url of [forged, toCallback]) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: page.cookie } });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    const brief = await startOAuthStack({ share: stack, lifetimes: { signInMs: 200 } });
    try {
      const late = await ourConsentPage(authorizeUrl(brief, { clientId, challenge }));
      const go = await answerConsent(brief.origin, late.request, 'allow', late.cookie);
      const back = await atContentstack(go.headers.get('location')!);
      await new Promise((r) => setTimeout(r, 300));
      const expired = await fetch(back.toCallback, { redirect: 'manual', headers: { cookie: late.cookie } });
      expect(expired.status).toBe(400);
      expect(await expired.text()).toContain('expired or was already used');
    } finally {
      await brief.close();
    }
  });
});

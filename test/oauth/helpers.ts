import { createHash, randomBytes } from 'node:crypto';
import { contentstackOAuth, type ContentstackOAuthOptions } from '../../src/oauth/contentstack.js';
import type { ContentstackOAuth } from '../../src/oauth/upstream.js';
import { appRoute, SANDBOX_OAUTH_APP, type Sandbox } from '../../src/sandbox/index.js';

/** Our callback as the tests register it: a loopback URL, never served (the tests read the redirect). */
export const CALLBACK = 'http://127.0.0.1:9/oauth/callback';

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function sandboxClient(sandbox: Sandbox, extra: Partial<ContentstackOAuthOptions> = {}): ContentstackOAuth {
  const { appUid, clientId, clientSecret } = SANDBOX_OAUTH_APP;
  return contentstackOAuth({ appUid, clientId, clientSecret, hosts: () => ({ app: sandbox.oauth.url, developerHub: sandbox.oauth.url }), ...extra });
}

export interface Consent {
  /** The redirect back to the callback, as the consent page's form answered. */
  redirect: URL;
  verifier: string;
  state: string;
}

/**
 * What a person does in the browser, done with fetch: open the consent page the authorize URL names, and post
 * its form with a user and a decision (the form's own fields: test/oauth/consent-chromium.test.ts clicks it).
 */
export async function consent(client: ContentstackOAuth, o: { user: string; decision?: 'allow' | 'deny'; scopes?: string[]; redirectUri?: string }): Promise<Consent> {
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');
  const url = client.authorizeUrl({
    region: 'na',
    redirectUri: o.redirectUri ?? CALLBACK,
    state,
    codeChallenge: challenge,
    scopes: o.scopes ?? ['personalize:read', 'personalize:manage'],
  });
  const page = appRoute(url);
  const shown = await fetch(page);
  const html = await shown.text();
  if (shown.status !== 200) throw new Error(`consent page answered ${shown.status}: ${html}`);
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, unescapeHtml(m[2]!));
  fields.set('user_uid', o.user);
  fields.set('decision', o.decision ?? 'allow');
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(new URL(action, page), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  await res.text();
  if (res.status !== 302) throw new Error(`consent form answered ${res.status}`);
  return { redirect: new URL(res.headers.get('location')!), verifier, state };
}

function unescapeHtml(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/** A Management API call with an OAuth access token, as the server sends one (docs/api.md §2). */
export async function management(sandbox: Sandbox, accessToken: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

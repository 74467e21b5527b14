import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * Our own consent page, shown before the browser goes to Contentstack (docs/hosted-http.md "OAuth connector: security
 * review"): this server is one Contentstack client for every MCP client, and Contentstack skips its consent screen for a
 * user who granted the scopes before, so without this page any registered client could get a user's tokens from a
 * link (the MCP security best practices' "confused deputy"). The page is bound to the browser that opened it by a
 * cookie, checked again at the Contentstack callback.
 */

/** Where the consent form posts. */
export const CONSENT_PATH = '/oauth/consent';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SCOPE_TEXT: Record<string, string> = {
  'personalize:read': 'read your Personalize projects, experiences, audiences, attributes, events and analytics',
  'personalize:manage': 'create, change, activate, pause and delete them',
};

/** The cookie that names the browser: `__Host-` and Secure on https (a loopback http issuer cannot set Secure). */
export function browserCookie(issuer: string): { name: string; attributes: string } {
  const secure = issuer.startsWith('https:');
  return { name: secure ? '__Host-mcp-oauth-browser' : 'mcp-oauth-browser', attributes: `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}` };
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Headers of every page of ours a browser shows: never framed (clickjacking), never cached, no script. */
export const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

/** The consent page: who asks (as it names itself, and where its answer goes), for what, and Allow / Deny. */
export function consentPage(o: { client: OAuthClientInformationFull; redirectUri: string; scopes: string[]; request: string; resource: string }): string {
  const name = o.client.client_name?.slice(0, 100) || 'An unnamed application';
  const id = /^https:\/\//.test(o.client.client_id) ? ` (published at ${esc(new URL(o.client.client_id).host)})` : '';
  const scopes = o.scopes.map((s) => `<li><code>${esc(s)}</code>: ${esc(SCOPE_TEXT[s] ?? s)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connect to Contentstack Personalize?</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{word-break:break-all}button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}</style></head>
<body><h1>Connect to Contentstack Personalize?</h1>
<p><strong id="client">${esc(name)}</strong>${id} asks to use <code>${esc(o.resource)}</code> as you, with your Contentstack sign-in. The name is the one the application gave itself.</p>
<p>If you allow it, it may:</p><ul>${scopes}</ul>
<p>Its answer goes to <code id="redirect">${esc(o.redirectUri)}</code>. Allow only if you started this connection yourself, from an application you trust.</p>
<form method="post" action="${CONSENT_PATH}"><input type="hidden" name="request" value="${esc(o.request)}">
<button type="submit" name="decision" value="allow">Allow and sign in with Contentstack</button><button type="submit" name="decision" value="deny">Deny</button></form>
</body></html>`;
}

import type { SandboxUser } from './app.js';

/** The simulated app host's pages: plain server-rendered HTML, every value escaped. */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}label{display:block;margin:.4rem 0}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem;border-radius:4px;border:1px solid #6c5ce7}
button[value=allow]{background:#6c5ce7;color:#fff}code{background:#f3f3f3;padding:0 .2rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/**
 * The app host is a single-page app whose routes travel in the `#!` fragment (docs/oauth.md §2), which a
 * browser never sends: this page moves the fragment's route into the path, where the server sees it.
 */
export function bootstrapPage(): string {
  return page(
    'Contentstack (sandbox)',
    `<p id="where">Sandbox Contentstack app host.</p><script>var h=location.hash;if(h.indexOf('#!/')===0)location.replace(h.slice(2));</script>`,
  );
}

export interface ConsentView {
  appUid: string;
  /** The OAuth parameters, carried as hidden fields so the form posts them back. */
  params: Record<string, string>;
  scopes: string[];
  users: SandboxUser[];
}

export function consentPage(v: ConsentView): string {
  const hidden = Object.entries(v.params)
    .map(([k, val]) => `<input type="hidden" name="${esc(k)}" value="${esc(val)}">`)
    .join('');
  const users = v.users
    .map((u, i) => `<label><input type="radio" name="user_uid" value="${esc(u.uid)}"${i === 0 ? ' checked' : ''}> ${esc(u.name)} <small>(${esc(u.email)})</small></label>`)
    .join('');
  const scopes = v.scopes.length ? v.scopes.map((s) => `<code>${esc(s)}</code>`).join(' ') : 'the app’s configured scopes';
  return page(
    'Authorize app (sandbox)',
    `<h1>Authorize the sandbox OAuth app</h1>
<p>The app asks for ${scopes}. Redirect after the decision: <code>${esc(v.params.redirect_uri ?? '')}</code></p>
<form method="post" action="/apps/${encodeURIComponent(v.appUid)}/authorize">${hidden}
<fieldset><legend>Sign in as</legend>${users}</fieldset>
<button type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page('Authorization error (sandbox)', `<h1>Authorization error</h1><p id="error">${esc(message)}</p>`);
}

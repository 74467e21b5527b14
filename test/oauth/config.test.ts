import { describe, expect, it } from 'vitest';
import { ConfigError, helpText, loadConfig, settingVariables } from '../../src/config.js';
import { prepareHttp } from '../../src/transport/http-run.js';

const KEY_HEX = 'a'.repeat(64);
const FULL = {
  MCP_AUTH: 'oauth',
  MCP_PUBLIC_URL: 'https://mcp.example.com/mcp',
  CONTENTSTACK_OAUTH_CLIENT_ID: 'client-id-1',
  CONTENTSTACK_OAUTH_CLIENT_SECRET: 'client-secret-1',
  CONTENTSTACK_OAUTH_APP_UID: 'app-uid-1',
  MCP_AUTH_ENCRYPTION_KEY: KEY_HEX,
};

function refusal(args: string[], env: Record<string, string>): string {
  try {
    prepareHttp(loadConfig(args, env));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return '';
}

describe('MCP_AUTH=oauth settings', () => {
  it('tokens by default; oauth with every setting; --sandbox needs none of them', () => {
    expect(loadConfig(['--http'], {}).auth).toEqual({ mode: 'tokens' });
    const full = loadConfig(['--http', '--host', '0.0.0.0'], FULL);
    expect(full.auth).toMatchObject({ mode: 'oauth', publicUrl: 'https://mcp.example.com/mcp', clientId: 'client-id-1', clientSecret: 'client-secret-1', appUid: 'app-uid-1' });
    expect(full.auth.encryptionKey).toEqual(Buffer.from(KEY_HEX, 'hex'));
    expect(prepareHttp(full)).toBeUndefined();
    // A PKCE-only app has no secret (docs/oauth.md §3).
    expect(loadConfig(['--http'], { ...FULL, CONTENTSTACK_OAUTH_CLIENT_SECRET: '' }).auth.clientSecret).toBeUndefined();
    const base64 = loadConfig(['--http'], { ...FULL, MCP_AUTH_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(base64.auth.encryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(loadConfig(['--http', '--sandbox', '--auth', 'oauth'], {}).auth).toEqual({ mode: 'oauth' });
  });

  it('each missing or bad setting is one sentence naming it, never echoing a secret', () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--http'], { MCP_AUTH: 'saml' }, /^MCP_AUTH must be tokens or oauth/],
      [[], { MCP_AUTH: 'oauth', PERSONALIZE_SANDBOX: 'true' }, /MCP_AUTH=oauth is for hosted HTTP: add --http/],
      [['--http'], { MCP_AUTH: 'oauth' }, /needs MCP_PUBLIC_URL, CONTENTSTACK_OAUTH_CLIENT_ID, CONTENTSTACK_OAUTH_APP_UID, MCP_AUTH_ENCRYPTION_KEY/],
      [['--http'], { ...FULL, CONTENTSTACK_OAUTH_APP_UID: '' }, /needs CONTENTSTACK_OAUTH_APP_UID:/],
      [['--http'], { ...FULL, MCP_AUTH_ENCRYPTION_KEY: Buffer.alloc(16, 1).toString('base64') }, /MCP_AUTH_ENCRYPTION_KEY must be 32 random bytes.*this value is 16 bytes/],
      [['--http'], { ...FULL, MCP_AUTH_ENCRYPTION_KEY: 'short!' }, /MCP_AUTH_ENCRYPTION_KEY must be 32 random bytes.*neither/],
      [['--http'], { ...FULL, CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED: 'cm:write' }, /CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED must list personalize:read and\/or personalize:manage/],
      [['--http'], { ...FULL, MCP_PUBLIC_URL: 'https://mcp.example.com/' }, /MCP_PUBLIC_URL must be an origin followed by \/mcp/],
      [['--http'], { ...FULL, MCP_PUBLIC_URL: 'http://mcp.example.com/mcp' }, /MCP_PUBLIC_URL must use https/],
      [['--http'], { ...FULL, MCP_PUBLIC_URL: 'not a url' }, /MCP_PUBLIC_URL must be the full URL/],
      [['--http'], { ...FULL, MCP_HTTP_TOKENS_FILE: '/tmp/tokens.json' }, /MCP_AUTH=oauth and MCP_HTTP_TOKENS_FILE exclude each other/],
      [['--http'], { ...FULL, CONTENTSTACK_OAUTH_CLIENT_SECRET: 'secret\nline' }, /CONTENTSTACK_OAUTH_CLIENT_SECRET contains a control character/],
      [['--http', '--sandbox', '--host', '0.0.0.0'], { MCP_AUTH: 'oauth' }, /MCP_AUTH=oauth on 0\.0\.0\.0 needs MCP_PUBLIC_URL/],
    ];
    for (const [args, env, expected] of cases) {
      const message = refusal(args, env);
      expect(message, JSON.stringify(env)).toMatch(expected);
      expect(message).not.toMatch(/\n|client-secret-1|AQEBAQ/);
    }
  });

  it('the secrets are marked secret, and --help names every variable', () => {
    const vars = settingVariables();
    for (const env of ['CONTENTSTACK_OAUTH_CLIENT_SECRET', 'MCP_AUTH_ENCRYPTION_KEY']) expect(vars.find((v) => v.env === env)?.secret, env).toBe(true);
    const help = helpText();
    for (const env of Object.keys(FULL)) expect(help).toContain(env);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { signIn, startOAuthStack, type OAuthStack, type SignedIn } from './connector-helpers.js';

/**
 * Whether Contentstack's token answer carries `scope` is not established (docs/oauth.md §4). An answer without it
 * grants read only, unless CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED says what the deployment's app grants.
 */
describe('OAuth connector: a Contentstack token answer without scope', () => {
  const stacks: OAuthStack[] = [];
  const opened: SignedIn[] = [];
  afterAll(async () => {
    for (const u of opened) await u.close().catch(() => undefined);
    for (const s of stacks) await s.close();
  });

  async function toolsOfManager(env: Record<string, string>): Promise<{ scope: string | undefined; tools: string[]; user: SignedIn }> {
    const stack = await startOAuthStack({ sandbox: { omitScope: true }, env });
    stacks.push(stack);
    const ada = stack.sandbox.oauth.users.find((u) => u.maxScopes.includes('personalize:manage'))!;
    const user = await signIn(stack.url, { user: ada.uid });
    opened.push(user);
    return { scope: user.provider.saved?.scope, tools: (await user.client.listTools()).tools.map((t) => t.name), user };
  }

  it('is read as read-only by default, even for a user who may manage', async () => {
    const { scope, tools } = await toolsOfManager({});
    expect(scope).toBe('personalize:read');
    expect(tools).toContain('list_audiences');
    expect(tools).not.toContain('create_audience');
  });

  it('is read as CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED says, and a write then reaches Personalize', async () => {
    const { scope, tools, user } = await toolsOfManager({ CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED: 'personalize:read,personalize:manage' });
    expect(scope?.split(' ').sort()).toEqual(['personalize:manage', 'personalize:read']);
    expect(tools).toContain('create_audience');
    const created = await user.call('create_audience', { name: 'Unstated scope probe', rules: 'country = "FR"' });
    expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startOAuthStack, type OAuthStack, type SignedIn } from './connector-helpers.js';

/** Scopes that are not Personalize's (a client's offline_access or openid) are left out of a grant, not refused. */
describe('OAuth connector: scopes a client asks for', () => {
  let stack: OAuthStack;
  const opened: SignedIn[] = [];
  beforeAll(async () => {
    stack = await startOAuthStack();
  });
  afterAll(async () => {
    for (const u of opened) await u.close().catch(() => undefined);
    await stack.close();
  });

  const granted = async (scope: string) => {
    const user = await signIn(stack.url, {}, { scope });
    opened.push(user);
    const tools = (await user.client.listTools()).tools.map((t) => t.name);
    return { scope: user.provider.saved?.scope?.split(' ').sort(), writes: tools.includes('create_audience') };
  };

  it('a Personalize scope beside another: the Personalize one only', async () => {
    expect(await granted('personalize:read offline_access')).toEqual({ scope: ['personalize:read'], writes: false });
  });

  it('no Personalize scope at all: as if none was asked, every scope Contentstack grants', async () => {
    expect(await granted('openid offline_access')).toEqual({ scope: ['personalize:manage', 'personalize:read'], writes: true });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, signIn, startOAuthStack, type OAuthStack, type SignedIn } from './connector-helpers.js';

/**
 * Contentstack ends a sign-in in the middle of a call (its refresh token was used elsewhere, so it revokes the
 * family): the call still answers with what to do, and the session closes after that answer.
 */
describe('OAuth connector: a sign-in Contentstack ends during a call', () => {
  let stack: OAuthStack;
  let user: SignedIn;
  beforeAll(async () => {
    stack = await startOAuthStack();
    user = await signIn(stack.url);
  });
  afterAll(async () => {
    await user.close().catch(() => undefined);
    await stack.close();
  });

  it('the call says to sign in again, then the session is closed', async () => {
    expect((await user.call('list_events', {})).isError).toBeFalsy();
    // Someone else refreshes the user's Contentstack token first: the server's copy is now a used refresh token.
    const app = stack.sandbox.oauth.app;
    const rotated = [];
    for (const token of stack.upstreamTokens) {
      const r = await postForm(new URL('/token', stack.sandbox.oauth.url), {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: app.clientId,
        client_secret: app.clientSecret ?? '',
      });
      if (r.status === 200) rotated.push(token);
    }
    expect(rotated).toHaveLength(1);
    const open = stack.http.sessionCount();
    // The access token is refused once: the server refreshes with its used token, and Contentstack ends the grant.
    stack.sandbox.addFault({ kind: 'status', status: 401, method: 'GET', path: '/events' });
    const refused = await user.call('list_events', {});
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('reconnect the server in your MCP client to sign in again');
    for (let i = 0; i < 100 && stack.http.sessionCount() !== open - 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(stack.http.sessionCount()).toBe(open - 1);
  });
});

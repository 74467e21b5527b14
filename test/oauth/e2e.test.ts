import { afterAll, describe, expect, it } from 'vitest';
import { startHttpServer, stopAll } from '../http/helpers.js';
import { signIn } from './connector-helpers.js';

/** The built server as an operator starts it: `--http --sandbox` with MCP_AUTH=oauth and nothing else. */
describe('OAuth connector, end to end (dist)', () => {
  afterAll(async () => {
    await stopAll();
  });

  it('signs a user in through the simulated Developer Hub and serves their tool calls; logs hold no token', async () => {
    const server = await startHttpServer({ MCP_AUTH: 'oauth' }, ['--sandbox']);
    const user = await signIn(server.url);
    const { tools } = await user.client.listTools();
    expect(tools.map((t) => t.name)).toContain('update_audience');
    const listed = await user.call('list_audiences', {});
    expect(listed.isError).toBeFalsy();
    expect(JSON.stringify(listed.structuredContent)).toContain('uid');
    const { access_token, refresh_token } = user.provider.saved!;
    await user.close();
    expect(await server.stop()).toBe(0);
    const log = server.stderr();
    expect(log).toContain('user signed in with Contentstack');
    for (const token of [access_token, refresh_token!]) expect(log).not.toContain(token);
    expect(log).not.toMatch(/sandbox-oauth-at-/);
  });
});

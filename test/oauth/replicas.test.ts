import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../../src/dev/redis-server.js';
import { freePort } from '../http/helpers.js';
import { initializeWith, postForm, signIn, startOAuthStack, type OAuthStack } from './connector-helpers.js';

/** Two replicas behind one public URL, sharing REDIS_URL and MCP_AUTH_ENCRYPTION_KEY (docs/hosted-http.md). */
describe('OAuth connector with REDIS_URL: replicas share sign-ins, and Redis holds no token in the clear', () => {
  let redis: RedisProcess;
  let a: OAuthStack;
  let b: OAuthStack;

  beforeAll(async () => {
    redis = await startRedis();
    const port = await freePort();
    const env = {
      REDIS_URL: redis.url,
      MCP_PUBLIC_URL: `http://127.0.0.1:${port}/mcp`,
      MCP_AUTH_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    };
    a = await startOAuthStack({ env: { ...env, MCP_HTTP_PORT: String(port) } });
    b = await startOAuthStack({ env, share: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('a token issued by one replica works at the other, its refresh rotates there, Redis holds only hashes and sealed values, and a reuse ends the grant everywhere', async () => {
    const user = await signIn(a.url);
    const { access_token, refresh_token } = user.provider.saved!;
    expect((await initializeWith(b.url, access_token)).status).toBe(200);
    const rotated = await postForm(new URL('/token', b.origin), { grant_type: 'refresh_token', client_id: user.provider.info!.client_id, refresh_token: refresh_token! });
    expect(rotated.status).toBe(200);
    expect((await initializeWith(a.url, String(rotated.body.access_token))).status).toBe(200);

    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('contentstack-personalize-mcp:oauth:*');
      expect(
        keys.some((k) => k.includes(':grant:')),
        keys.join(' '),
      ).toBe(true);
      const values = await Promise.all(keys.map((k) => client.get(k)));
      const held = keys.join('\n') + values.join('\n');
      const secrets = [...a.upstreamTokens, access_token, refresh_token!, String(rotated.body.access_token), String(rotated.body.refresh_token)];
      expect(a.upstreamTokens.size).toBeGreaterThanOrEqual(2);
      for (const s of secrets) expect(held.includes(s)).toBe(false);
      // The old refresh token again, at the other replica: the grant ends for both.
      const reused = await postForm(new URL('/token', a.origin), { grant_type: 'refresh_token', client_id: user.provider.info!.client_id, refresh_token: refresh_token! });
      expect(reused.body.error).toBe('invalid_grant');
      expect(await client.keys('contentstack-personalize-mcp:oauth:grant:*')).toEqual([]);
      expect((await initializeWith(b.url, String(rotated.body.access_token))).status).toBe(401);
    } finally {
      client.disconnect();
      await user.close();
    }
  });
});

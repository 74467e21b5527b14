import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../../src/dev/redis-server.js';
import { MemoryStore, redisStore } from '../../src/oauth/store.js';
import { authorizeUrl, browse, exchange, initializeWith, pkce, postForm, register, startOAuthStack, type OAuthStack } from './connector-helpers.js';

/**
 * What single-use codes and refresh-token rotation stand on: of two takes at the same moment, one gets the value;
 * and the loser of such a race is a reuse (OAuth 2.1 §4.1.3, RFC 9700 §4.14.2), which ends the grant.
 */
describe('OAuth connector: races on codes and refresh tokens', () => {
  let redis: RedisProcess;
  let stack: OAuthStack;

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startOAuthStack({ env: { REDIS_URL: redis.url, MCP_AUTH_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') } });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it('two concurrent takes of one record: exactly one gets it, in memory and in Redis', async () => {
    const memory = new MemoryStore();
    const shared = await redisStore(redis.url, () => undefined);
    try {
      for (const store of [memory, shared]) {
        await store.set('code:k', 'v', 60_000);
        const got = await Promise.all(Array.from({ length: 8 }, () => store.take('code:k')));
        expect(got.filter((v) => v === 'v')).toHaveLength(1);
      }
    } finally {
      await shared.close();
    }
  });

  it('one code redeemed twice at once: one answer gets tokens, the other is refused, and the tokens then stop working', async () => {
    const clientId = await register(stack.origin);
    const { verifier, challenge } = pkce();
    const back = await browse(authorizeUrl(stack, { clientId, challenge }));
    const e = { clientId, code: back.code!, verifier };
    const answers = await Promise.all([exchange(stack, e), exchange(stack, e)]);
    const won = answers.filter((a) => a.status === 200);
    expect(won.length).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.body.error === 'invalid_grant').length).toBeGreaterThanOrEqual(1);
    for (const w of won) expect((await initializeWith(stack.url, String(w.body.access_token))).status).toBe(401);
  });

  it('one refresh token presented twice at once: at most one rotation, and the grant ends', async () => {
    const clientId = await register(stack.origin);
    const { verifier, challenge } = pkce();
    const back = await browse(authorizeUrl(stack, { clientId, challenge }));
    const tokens = await exchange(stack, { clientId, code: back.code!, verifier });
    expect(tokens.status).toBe(200);
    const form = { grant_type: 'refresh_token', client_id: clientId, refresh_token: String(tokens.body.refresh_token) };
    const answers = await Promise.all([postForm(new URL('/token', stack.origin), form), postForm(new URL('/token', stack.origin), form)]);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.body.error === 'invalid_grant').length).toBeGreaterThanOrEqual(1);
    for (const a of answers.filter((x) => x.status === 200)) {
      expect((await initializeWith(stack.url, String(a.body.access_token))).status).toBe(401);
      const next = await postForm(new URL('/token', stack.origin), { ...form, refresh_token: String(a.body.refresh_token) });
      expect(next.body.error).toBe('invalid_grant');
    }
    expect((await initializeWith(stack.url, String(tokens.body.access_token))).status).toBe(401);
  });
});

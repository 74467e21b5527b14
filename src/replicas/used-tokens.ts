import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { UsedTokenStore } from '../safety/tokens.js';

/**
 * Used confirmation tokens shared by every replica: `SET key 1 PX <until expiry> NX` succeeds for the
 * first redemption only, anywhere, and Redis forgets the key when the token could no longer be used.
 * When Redis cannot answer, the redemption fails (the call is refused), never the other way round.
 */
export class RedisUsedTokens implements UsedTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async markUsed(id: string, expiresAtMs: number): Promise<boolean> {
    const key = `${this.prefix}used-token:${createHash('sha256').update(id).digest('hex')}`;
    const ttl = Math.max(1000, Math.ceil(expiresAtMs - this.now()) + 1000);
    return (await this.redis.set(key, '1', 'PX', ttl, 'NX')) === 'OK';
  }
}

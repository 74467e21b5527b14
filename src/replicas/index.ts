import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import type { ListCache } from '../api/cache.js';
import type { LimiterFactory } from '../api/limiter.js';
import type { Logger } from '../log.js';
import type { UsedTokenStore } from '../safety/tokens.js';
import { shareInvalidation, type SharedInvalidation } from './invalidation.js';
import { clusteredLimiterFactory } from './limiter.js';
import { RedisUsedTokens } from './used-tokens.js';

const PREFIX = 'contentstack-personalize-mcp:';

/** What replicas share through REDIS_URL (docs/hosted-http.md): the rate limit, used tokens, cache invalidation. */
export interface Replicas {
  limiterFactory: LimiterFactory;
  usedTokens: UsedTokenStore;
  /** Wires a runtime's list cache to the invalidation channel; returns the flush to await after writes. */
  shareCache(cache: ListCache): () => Promise<void>;
  /** Redis answers a PING (for /readyz). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Connects to Redis; the URL (which may hold a password) is never logged. */
export function connectReplicas(url: string, logger: Logger): Replicas {
  let lastError = 0;
  const options = { maxRetriesPerRequest: 2, connectTimeout: 5000, enableAutoPipelining: false };
  const client = new Redis(url, options);
  const subscriber = client.duplicate();
  const onError = (err: Error) => {
    // One line per 10 s at most while Redis is unreachable.
    if (Date.now() - lastError < 10_000) return;
    lastError = Date.now();
    logger.error({ err: (err as { code?: string }).code ?? err.message }, 'Redis (REDIS_URL) unreachable; replicas cannot share state until it is back');
  };
  client.on('error', onError);
  subscriber.on('error', onError);
  const connection = new Bottleneck.IORedisConnection({ client });
  let shared: SharedInvalidation | undefined;
  connection.on('error', onError);
  return {
    limiterFactory: clusteredLimiterFactory(connection, client, PREFIX),
    usedTokens: new RedisUsedTokens(client, PREFIX),
    shareCache(cache) {
      const s = shareInvalidation(cache, client, subscriber, `${PREFIX}invalidate`, logger);
      shared = s;
      return () => s.flush();
    },
    async ready() {
      return client.status === 'ready' && (shared?.subscribed() ?? true) && (await client.ping()) === 'PONG';
    },
    async close() {
      await connection.disconnect(false).catch(() => undefined);
      subscriber.disconnect();
      client.disconnect();
    },
  };
}

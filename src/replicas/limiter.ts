import Bottleneck from 'bottleneck';
import { minTimeFor, type LimiterFactory } from '../api/limiter.js';

/**
 * Limiters that share their state through Redis (Bottleneck clustering): every replica that acts for
 * an organization schedules through one limiter id, so together they keep its requests-per-second limit.
 * The spacing (minTime) is kept in Redis and measured by the Redis clock.
 */
export function clusteredLimiterFactory(connection: Bottleneck.IORedisConnection, prefix: string): LimiterFactory {
  return (key, rate) => new Bottleneck({
    id: `${prefix}limiter:${key}`,
    datastore: 'ioredis',
    connection,
    minTime: minTimeFor(rate),
    maxConcurrent: null,
    clearDatastore: false,
    // Forget an organization's limiter state after an idle hour.
    timeout: 3_600_000,
  });
}

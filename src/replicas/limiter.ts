import { randomUUID } from 'node:crypto';
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { ARRIVAL_WINDOW_MS, type Limiter, type LimiterFactory } from '../api/limiter.js';

/** Redis's clock in ms, to the microsecond. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
`;

/**
 * Admission on Redis's clock over a log of the organization's requests, each scored with when it stops
 * counting towards a window: a request out (admitted, not yet answered) is scored `lease` ms past its
 * admission, so it counts as long as it is out; an answered one is scored with its answer's time
 * (ANSWERED). A request may start only while fewer than `limit` are scored within the last `window` ms.
 * Answers 0 (admitted, and recorded) or the ms to wait before asking again: until the oldest answered one
 * leaves the window, or a whole window when every counted request is still out (none can leave sooner).
 * TIME before writes needs Redis 5 or later (effect replication).
 */
const ADMIT = `${NOW}
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window + lease))
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
return math.max(1, math.ceil(math.min(oldest, now) + window - now))
`;

/** The request admitted as `member` has its answer: it counts from now, Redis's clock. */
const ANSWERED = `${NOW}
return redis.call('ZADD', KEYS[1], 'XX', 'CH', now, ARGV[1])
`;

type Admit = (key: string, window: number, limit: number, member: string, lease: number) => Promise<number>;
type Answered = (key: string, member: string) => Promise<number>;

/** Bottleneck's clustering spaces the starts of every replica exactly 1000/rate apart; the admission log is the guarantee. */
export function replicaMinTime(rate: number): number {
  return Math.ceil(1000 / rate);
}

/**
 * How long a request counts as out when its answer is never recorded (its replica stopped, or Redis was
 * unreachable for ANSWERED): past every request's own 20 s timeout (src/api/management/client.ts).
 */
const LEASE_MS = 30_000;

/**
 * Limiters that replicas share through Redis. Bottleneck's clustering paces the starts of every replica
 * that acts for an organization (one limiter id, minTime apart); that alone does not hold the limit (its
 * scripts reckon time from each caller's clock, and a busy replica starts its job late, so another's
 * lands right behind it). What Personalize counts is arrivals, which no replica sees; but each arrival
 * comes after its request's admission (ADMIT, Redis's clock) and before its answer (ANSWERED, Redis's
 * clock). So if every admission waits until `rate` earlier requests have been answered at least
 * ARRIVAL_WINDOW_MS before, no 1,000 ms ever holds more than `rate` arrivals, whatever the delays between
 * Redis, the replicas and Personalize (event loops, scheduling, connections). What it costs is each
 * request's round trip, not a fixed margin.
 */
export function clusteredLimiterFactory(connection: Bottleneck.IORedisConnection, client: Redis, prefix: string): LimiterFactory {
  client.defineCommand('personalizeAdmit', { numberOfKeys: 1, lua: ADMIT });
  client.defineCommand('personalizeAnswered', { numberOfKeys: 1, lua: ANSWERED });
  const admit = (client as unknown as { personalizeAdmit: Admit }).personalizeAdmit.bind(client);
  const answered = (client as unknown as { personalizeAnswered: Answered }).personalizeAnswered.bind(client);
  return (key, rate) => {
    const bottleneck = new Bottleneck({
      id: `${prefix}limiter:${key}`,
      datastore: 'ioredis',
      connection,
      minTime: replicaMinTime(rate),
      maxConcurrent: null,
      clearDatastore: false,
      // Forget an organization's limiter state after an idle hour.
      timeout: 3_600_000,
    });
    const log = `${prefix}window:${key}`;
    return new AdmittedLimiter(
      bottleneck,
      (member) => admit(log, ARRIVAL_WINDOW_MS, rate, member, LEASE_MS),
      (member) => answered(log, member),
    );
  };
}

class AdmittedLimiter implements Limiter {
  constructor(
    private readonly bottleneck: Bottleneck,
    private readonly admit: (member: string) => Promise<number>,
    private readonly answered: (member: string) => Promise<number>,
  ) {}

  schedule<T>(job: () => Promise<T>): Promise<T> {
    return this.bottleneck.schedule(async () => {
      const member = randomUUID();
      for (let wait = await this.admit(member); wait > 0; wait = await this.admit(member)) {
        await new Promise((r) => setTimeout(r, wait));
      }
      try {
        return await job();
      } finally {
        // Not awaited: the answer goes back to the caller now. Recorded later is only more careful.
        this.answered(member).catch(() => undefined);
      }
    });
  }

  disconnect(): Promise<void> {
    return this.bottleneck.disconnect();
  }
}

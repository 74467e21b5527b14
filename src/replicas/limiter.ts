import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import type { Limiter, LimiterFactory } from '../api/limiter.js';

/**
 * Admission on Redis's clock: a request may start only while fewer than `limit` starts were admitted
 * in the last `window` ms, counted by every replica together. Answers 0 (admitted, and recorded) or
 * the ms to wait before asking again. TIME before writes needs Redis 5 or later (effect replication).
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

type Admit = (key: string, window: number, limit: number, member: string) => Promise<number>;

/**
 * Replicas leave a wider margin than one process (minTimeFor's 10%): their requests reach Personalize
 * from several processes or machines, each with its own event-loop stalls and network path. Measured
 * here: three cold replicas taking a burst of 300 calls on two cores start some requests 100–250 ms
 * after their turn; 25% (1.25 s per `rate` requests) absorbs that; 10% let 11 through in a second.
 */
const REPLICA_MARGIN = 1.25;

/** Spacing between starts, across all replicas, for a limit of `rate` per second. */
export function replicaMinTime(rate: number): number {
  return Math.ceil((1000 * REPLICA_MARGIN) / rate);
}

/** The admission window: `rate` starts at most in this many ms, the spacing's span. */
export function windowFor(rate: number): number {
  return replicaMinTime(rate) * rate;
}

/**
 * Limiters that replicas share through Redis. Bottleneck's clustering paces the starts of every
 * replica that acts for an organization (one limiter id, minTime apart). That alone does not hold the
 * limit: Bottleneck's Redis scripts reckon time from each caller's Date.now() (so clocks that differ
 * between machines shift the slots), and a replica starts its job `wait` ms after Redis's reply
 * reaches it, so a replica whose event loop is busy starts late and another replica's next job lands
 * right behind it: three replicas under a 300-call burst sent 11 requests in one second. So when its
 * turn comes, each job must also be admitted by a sliding window kept in Redis on Redis's clock
 * (ADMIT): at most `rate` starts in any windowFor(rate) ms, whoever sends them. Pacing keeps the
 * window from refusing in the common case; the window is the guarantee.
 */
export function clusteredLimiterFactory(connection: Bottleneck.IORedisConnection, client: Redis, prefix: string): LimiterFactory {
  client.defineCommand('personalizeAdmit', { numberOfKeys: 1, lua: ADMIT });
  const admit = (client as unknown as { personalizeAdmit: Admit }).personalizeAdmit.bind(client);
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
    return new AdmittedLimiter(bottleneck, (member) => admit(`${prefix}window:${key}`, windowFor(rate), rate, member));
  };
}

/**
 * An admission answered late (a busy event loop, a slow Redis) recorded a start that is further
 * before the real send than this; such a slot is left used and another is taken, at most
 * MAX_READMISSIONS times (so a call always goes out in the end).
 */
const MAX_ADMIT_MS = 40;
const MAX_READMISSIONS = 5;

class AdmittedLimiter implements Limiter {
  constructor(
    private readonly bottleneck: Bottleneck,
    private readonly admit: (member: string) => Promise<number>,
  ) {}

  schedule<T>(job: () => Promise<T>): Promise<T> {
    return this.bottleneck.schedule(async () => {
      for (let late = 0; ; ) {
        const asked = performance.now();
        const wait = await this.admit(randomUUID());
        if (wait > 0) {
          await new Promise((r) => setTimeout(r, wait));
        } else if (performance.now() - asked <= MAX_ADMIT_MS || ++late > MAX_READMISSIONS) {
          break;
        }
      }
      return job();
    });
  }

  disconnect(): Promise<void> {
    return this.bottleneck.disconnect();
  }
}

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

/**
 * The request admitted as `member` has its answer: it counts from now (Redis's clock) instead of from its
 * admission, at most `cap` ms later — no earlier than Personalize saw it, whatever happened between a
 * replica and Personalize. The window then holds the limit on arrivals, not only on starts.
 */
const ANSWERED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s then return 0 end
local at = math.min(now, tonumber(s) + tonumber(ARGV[2]))
if at > tonumber(s) then redis.call('ZADD', KEYS[1], 'XX', at, ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

type Admit = (key: string, window: number, limit: number, member: string) => Promise<number>;
type Answered = (key: string, member: string, cap: number, ttl: number) => Promise<number>;

/**
 * Bottleneck's clustering spaces the starts of every replica exactly 1000/rate apart; the admission
 * window (ADMIT, ANSWERED) is the guarantee, so no fixed margin on the spacing is needed (it was 25%).
 */
export function replicaMinTime(rate: number): number {
  return Math.ceil(1000 / rate);
}

/**
 * Room in the window for Redis's millisecond clock, timer rounding and arrival jitter: with 20 ms, a
 * clean-clone CI run on a busy 2-core machine saw 11 arrivals in 991 ms at the sandbox (a 429), so 100.
 * The share of the limit replicas can use is then at most 1000/1100 ≈ 0.91.
 */
const WINDOW_MARGIN_MS = 100;
/** At most this much after its admission a request is counted from (its answer's time otherwise). */
const ARRIVAL_LAG_CAP_MS = 150;

/** The admission window: `rate` requests at most in this many ms. */
export function windowFor(_rate: number): number {
  return 1000 + WINDOW_MARGIN_MS;
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
    const window = `${prefix}window:${key}`;
    return new AdmittedLimiter(
      bottleneck,
      (member) => admit(window, windowFor(rate), rate, member),
      (member) => answered(window, member, ARRIVAL_LAG_CAP_MS, windowFor(rate) + ARRIVAL_LAG_CAP_MS),
    );
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
    private readonly answered: (member: string) => Promise<number>,
  ) {}

  schedule<T>(job: () => Promise<T>): Promise<T> {
    return this.bottleneck.schedule(async () => {
      let member = randomUUID();
      for (let late = 0; ; member = randomUUID()) {
        const asked = performance.now();
        const wait = await this.admit(member);
        if (wait > 0) {
          await new Promise((r) => setTimeout(r, wait));
        } else if (performance.now() - asked <= MAX_ADMIT_MS || ++late > MAX_READMISSIONS) {
          break;
        }
      }
      try {
        return await job();
      } finally {
        // Not awaited: the answer goes back to the caller now; Redis moves the count behind it.
        this.answered(member).catch(() => undefined);
      }
    });
  }

  disconnect(): Promise<void> {
    return this.bottleneck.disconnect();
  }
}

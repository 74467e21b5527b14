import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLimiter, type Limiter } from '../../src/api/limiter.js';
import { startRedis, type RedisProcess } from '../../src/dev/redis-server.js';
import { createLogger } from '../../src/log.js';
import { connectReplicas, type Replicas } from '../../src/replicas/index.js';

const RATE = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t + (t >>> 7)), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `calls` jobs spread over `limiters`, each arriving at a pretend server some time after its admission
 * (up to 120 ms; one in six stalls 600 ms, as a busy event loop or a slow new connection would) and
 * answered up to 30 ms after that. Returns the arrival times.
 */
async function burst(limiters: Limiter[], calls: number, seed: number): Promise<number[]> {
  const next = random(seed);
  const arrivals: number[] = [];
  await Promise.all(
    Array.from({ length: calls }, (_, i) =>
      limiters[i % limiters.length]!.schedule(async () => {
        await sleep(next() < 1 / 6 ? 600 : next() * 120);
        arrivals.push(Date.now());
        await sleep(next() * 30);
      }),
    ),
  );
  return arrivals.sort((a, b) => a - b);
}

/** The most arrivals in any 1,000 ms, counted as the sandbox counts them (src/sandbox/index.ts). */
function busiestSecond(arrivals: number[]): number {
  let peak = 0;
  for (let i = 0, j = 0; j < arrivals.length; j++) {
    while (arrivals[j]! - arrivals[i]! >= 1000) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

/** Both cases run at once: they mostly sleep, and the suite stays short. */
describe('admission holds the limit on arrivals, however late each request arrives after its admission', () => {
  let redis: RedisProcess;
  const replicas: Replicas[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const logger = createLogger('silent');
    replicas.push(...[1, 2, 3].map(() => connectReplicas(redis.url, logger)));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await redis?.stop();
  });

  it.concurrent('one process: 30 calls', async () => {
    const limiter = localLimiter('org', RATE);
    try {
      const arrivals = await burst([limiter], 30, 1);
      expect(arrivals).toHaveLength(30);
      expect(busiestSecond(arrivals)).toBe(RATE);
    } finally {
      await limiter.disconnect();
    }
  });

  it.concurrent('three replicas sharing Redis: 30 calls', async () => {
    const limiters = replicas.map((r) => r.limiterFactory('org', RATE));
    const arrivals = await burst(limiters, 30, 2);
    expect(arrivals).toHaveLength(30);
    expect(busiestSecond(arrivals)).toBe(RATE);
  });
});

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type Bottleneck from 'bottleneck';
import { undici } from './undici.js';

/** Bottleneck, loaded when the first limiter is made rather than at start-up (tools/list needs none). */
let bottleneck: typeof Bottleneck | undefined;
export function loadBottleneck(): typeof Bottleneck {
  bottleneck ??= createRequire(import.meta.url)('bottleneck') as typeof Bottleneck;
  return bottleneck;
}

/**
 * Spacing between request starts for a limit of `rate` per second: exactly 1000/rate. Pacing alone
 * does not hold the limit, as the server counts arrivals: a timer that fires late (a busy event loop)
 * lets the next start follow close behind, and a request that takes longer to arrive (a new connection)
 * slips towards the next. So every start also passes a sliding window (SendWindow). Bottleneck's
 * reservoir refills on fixed ticks and would let 2×rate through across a tick boundary, so it is not used.
 */
export function minTimeFor(rate: number): number {
  return Math.ceil(1000 / rate);
}

/** Room in the window for clock granularity and timer rounding on both sides. */
export const WINDOW_MARGIN_MS = 15;
/** How much later than its send a request may be counted (its answer's time, at most this much after). */
export const ARRIVAL_LAG_CAP_MS = 100;

/**
 * At most `rate` requests in any (1000 + margin) ms, one admission at a time. A request counts from when
 * its answer came back, which is no earlier than when the server saw it, whatever the socket and either
 * event loop did in between; while in flight, and at most ARRIVAL_LAG_CAP_MS after its send (so a slow
 * API does not cost the whole limit), from its send. On loopback this uses ~98% of the limit with no 429.
 */
export class SendWindow {
  private readonly counted: Array<{ at: number }> = [];
  private tail: Promise<void> = Promise.resolve();
  constructor(
    private readonly rate: number,
    private readonly spanMs = 1000 + WINDOW_MARGIN_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves when a request may go out now; call the function it gives once its answer is in. */
  admit(): Promise<() => void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        const t = this.now();
        const live = this.counted.filter((c) => t - c.at < this.spanMs);
        this.counted.splice(0, this.counted.length, ...live);
        if (live.length < this.rate) {
          const entry = { at: t };
          this.counted.push(entry);
          return () => {
            entry.at = Math.max(entry.at, Math.min(this.now(), t + ARRIVAL_LAG_CAP_MS));
          };
        }
        const first = Math.min(...live.map((c) => c.at));
        await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(first + this.spanMs - t))));
      }
    });
    this.tail = turn.then(() => undefined);
    return turn;
  }
}

/** What the API client needs of a limiter: run a request when the organization's limit allows it. */
export interface Limiter {
  schedule<T>(job: () => Promise<T>): Promise<T>;
  disconnect(): Promise<void>;
}

export type LimiterFactory = (key: string, rate: number) => Limiter;

/** A limiter made on its first use: a session's context names its limiter long before its first call. */
class LazyLimiter implements Limiter {
  private made?: Limiter;
  constructor(private readonly make: () => Limiter) {}
  schedule<T>(job: () => Promise<T>): Promise<T> {
    this.made ??= this.make();
    return this.made.schedule(job);
  }
  async disconnect(): Promise<void> {
    await this.made?.disconnect();
  }
}

/** Bottleneck paces; the window admits each start as it is sent (see minTimeFor). */
class PacedLimiter implements Limiter {
  private readonly window: SendWindow;
  constructor(
    private readonly bottleneck: Bottleneck,
    rate: number,
  ) {
    this.window = new SendWindow(rate);
  }
  schedule<T>(job: () => Promise<T>): Promise<T> {
    return this.bottleneck.schedule(async () => {
      const answered = await this.window.admit();
      try {
        return await job();
      } finally {
        answered();
      }
    });
  }
  disconnect(): Promise<void> {
    return this.bottleneck.disconnect();
  }
}

/**
 * Made on first use, and undici loaded then too if the runtime's warm-up has not done it yet: a send
 * admitted by the window must go out at once, not after a module load (its arrival would slip towards
 * the next ones').
 */
export const localLimiter: LimiterFactory = (_key, rate) =>
  new LazyLimiter(() => {
    undici();
    return new PacedLimiter(new (loadBottleneck())({ minTime: minTimeFor(rate), maxConcurrent: null }), rate);
  });

/** One limiter per organization, shared by every session of the process that acts for that organization. */
export class Limiters {
  private readonly byKey = new Map<string, Limiter>();
  constructor(
    private readonly rate: number,
    private readonly factory: LimiterFactory = localLimiter,
  ) {}

  for(key: string): Limiter {
    let limiter = this.byKey.get(key);
    if (!limiter) {
      limiter = this.factory(key, this.rate);
      this.byKey.set(key, limiter);
    }
    return limiter;
  }

  async close(): Promise<void> {
    await Promise.all([...this.byKey.values()].map((l) => l.disconnect()));
    this.byKey.clear();
  }
}

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
 * lets the next start follow close behind, and a request that takes longer to arrive (a new connection,
 * a busy server) slips towards the next. So every start also passes a window (SendWindow). Bottleneck's
 * reservoir refills on fixed ticks and would let 2×rate through across a tick boundary, so it is not used.
 */
export function minTimeFor(rate: number): number {
  return Math.ceil(1000 / rate);
}

/**
 * The API counts at most `rate` arrivals in any 1,000 ms (docs/api.md §3). The 5 ms over it are for clocks
 * read to the millisecond on either side; nothing else needs room (see SendWindow).
 */
export const ARRIVAL_WINDOW_MS = 1005;

/**
 * At most `rate` requests counted in any `spanMs`, one admission at a time. The server counts a request
 * when it arrives, which no client sees; but it arrives after its admission here and before its answer
 * comes back. So a request counts from its admission for as long as it is out, and then from its
 * answer: a new one is admitted only once `rate` earlier ones were answered at least `spanMs` before,
 * and no two arrivals `rate` apart can then be less than `spanMs` apart, whatever either event loop,
 * the socket or the server did in between. What it costs is each request's round trip, not a margin.
 */
export class SendWindow {
  /** Answer times of the requests answered within the span, oldest first. */
  private answered: number[] = [];
  private out = 0;
  private tail: Promise<void> = Promise.resolve();
  constructor(
    private readonly rate: number,
    private readonly spanMs = ARRIVAL_WINDOW_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves when a request may go out now; call the function it gives once its answer is in (or it failed). */
  admit(): Promise<() => void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        const t = this.now();
        while (this.answered.length && t - this.answered[0]! >= this.spanMs) this.answered.shift();
        if (this.answered.length + this.out < this.rate) {
          this.out++;
          let done = false;
          return () => {
            if (done) return;
            done = true;
            this.out--;
            this.answered.push(this.now());
          };
        }
        // The oldest answered leaves first; a request still out leaves no sooner than a span from now.
        const leaves = (this.answered[0] ?? t) + this.spanMs;
        await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(leaves - t))));
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

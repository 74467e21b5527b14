import Bottleneck from 'bottleneck';

/**
 * Spacing between request starts for a limit of `rate` per second. Starts are spaced 10% wider than
 * 1000/rate so that no one-second window, as the server measures arrivals with network jitter, ever
 * holds more than `rate` requests. Bottleneck's reservoir refills on fixed ticks and would let 2×rate
 * through across a tick boundary, so pacing uses minTime alone.
 */
export function minTimeFor(rate: number): number {
  // 1100 / rate, not (1000 / rate) * 1.1: the latter's rounding error makes ceil give 111 for 10/s.
  return Math.ceil(1100 / rate);
}

/** What the API client needs of a limiter: run a request when the organization's limit allows it. */
export interface Limiter {
  schedule<T>(job: () => Promise<T>): Promise<T>;
  disconnect(): Promise<void>;
}

export type LimiterFactory = (key: string, rate: number) => Limiter;

export const localLimiter: LimiterFactory = (_key, rate) => new Bottleneck({ minTime: minTimeFor(rate), maxConcurrent: null });

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

import Bottleneck from 'bottleneck';
import { describe, expect, it, vi } from 'vitest';
import { Limiters, minTimeFor, SendWindow } from '../../src/api/limiter.js';

describe('minTimeFor', () => {
  it('spaces request starts 1000/rate apart (the send window keeps the margin)', () => {
    expect(minTimeFor(10)).toBe(100);
    expect(minTimeFor(1)).toBe(1000);
    expect(minTimeFor(3)).toBe(334);
  });
});

describe('SendWindow', () => {
  it('admits at most `rate` sends in any span, however the calls bunch, and no later than it must', async () => {
    let clock = 0;
    const window = new SendWindow(10, 1040, () => clock);
    // Answered at once: each request counts from its send.
    const admitted: number[] = [];
    // Time moves only while a caller waits: the fake timers advance the clock to each wake-up.
    vi.useFakeTimers({ now: 0 });
    try {
      const all = Array.from({ length: 35 }, () =>
        window.admit().then((answered) => {
          answered();
          admitted.push(clock);
        }),
      );
      while (admitted.length < 35) {
        await vi.advanceTimersToNextTimerAsync();
        clock = Date.now();
      }
      await Promise.all(all);
    } finally {
      vi.useRealTimers();
    }
    for (let i = 10; i < admitted.length; i++) expect(admitted[i]! - admitted[i - 10]!, `send ${i}`).toBeGreaterThanOrEqual(1040);
    // Bunched callers go in groups of `rate`, one span apart: no time is left unused.
    expect(admitted.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(admitted[10]).toBe(1040);
    expect(admitted[34]).toBe(3120);
  });

  it('counts a request as long as it is out, then from its answer however late: a slow arrival cannot be crowded', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const window = new SendWindow(2, 1000, () => Date.now());
      const admittedAt: number[] = [];
      const next = async () => {
        const p = window.admit().then((answered) => {
          admittedAt.push(Date.now());
          return answered;
        });
        await vi.runAllTimersAsync();
        return p;
      };
      const first = await next();
      vi.setSystemTime(10);
      (await next())();
      // The first is still out: only the second can leave the window (at 1010).
      const third = await next();
      third();
      // Answered 1.5 s after its admission: it counts from then, however early it arrived.
      vi.setSystemTime(1500);
      first();
      await next();
      // The third, answered at 1010, leaves at 2010; the first, answered at 1500, then leaves at 2500.
      await next();
      expect(admittedAt).toEqual([0, 10, 1010, 2010, 2500]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Limiters', () => {
  it('gives one limiter per key and reuses it', async () => {
    const made: string[] = [];
    const limiters = new Limiters(10, (key, rate) => {
      made.push(`${key}@${rate}`);
      return new Bottleneck({ minTime: minTimeFor(rate) });
    });
    const a = limiters.for('org:a');
    expect(limiters.for('org:a')).toBe(a);
    expect(limiters.for('org:b')).not.toBe(a);
    expect(made).toEqual(['org:a@10', 'org:b@10']);
    await limiters.close();
  });
});

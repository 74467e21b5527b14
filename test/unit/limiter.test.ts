import Bottleneck from 'bottleneck';
import { describe, expect, it } from 'vitest';
import { Limiters, minTimeFor } from '../../src/api/limiter.js';

describe('minTimeFor', () => {
  it('spaces request starts a little wider than 1000/rate', () => {
    expect(minTimeFor(10)).toBe(110);
    expect(minTimeFor(1)).toBe(1100);
    expect(minTimeFor(3)).toBe(367);
  });

  it('never lets more than `rate` starts fit in one second', () => {
    for (const rate of [1, 2, 3, 5, 7, 10, 25, 100, 1000]) {
      const gap = minTimeFor(rate);
      // rate + 1 starts span rate gaps: that span must exceed one second.
      expect(gap * rate, `rate ${rate}`).toBeGreaterThan(1000);
      expect(Number.isInteger(gap)).toBe(true);
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

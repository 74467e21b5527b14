import { betaCdf, betaPdf, chiSquareSf, normalQuantile, twoSidedNormalP } from './special.js';

/** Pure statistics for A/B tests on conversion rates. Every function answers numbers or null, never NaN. */

export interface Interval {
  low: number;
  high: number;
}

const Z95 = normalQuantile(0.975);

/**
 * Wilson score interval for a proportion c / n: stays inside [0, 1] and is defined at 0 and at n
 * conversions, where the plain normal interval collapses to a point.
 */
export function wilsonInterval(c: number, n: number, z = Z95): Interval | null {
  if (!(n > 0)) return null;
  const p = c / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface TwoProportionTest {
  z: number;
  pValue: number;
}

/**
 * Two-sided two-proportion z-test with the pooled standard error (the same p-value as Pearson's χ² test of
 * the 2×2 table without continuity correction). No conversions, or only conversions, in both groups: z = 0, p = 1.
 */
export function twoProportionTest(cA: number, nA: number, cB: number, nB: number): TwoProportionTest | null {
  if (!(nA > 0 && nB > 0)) return null;
  const pooled = (cA + cB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (cB / nB - cA / nA) / se;
  return { z, pValue: twoSidedNormalP(z) };
}

export interface Lift extends Interval {
  /** (rate B − rate A) / rate A. */
  value: number;
}

/**
 * Relative lift of B over A, with the 95% interval of the log risk ratio (Katz: SE² = 1/cB − 1/nB + 1/cA − 1/nA),
 * minus one. Null when either group has no conversions (the ratio or its interval is then unbounded).
 */
export function relativeLift(cA: number, nA: number, cB: number, nB: number, z = Z95): Lift | null {
  if (!(nA > 0 && nB > 0 && cA > 0 && cB > 0)) return null;
  const ratio = cB / nB / (cA / nA);
  const se = Math.sqrt(Math.max(0, 1 / cB - 1 / nB + 1 / cA - 1 / nA));
  return { value: ratio - 1, low: ratio * Math.exp(-z * se) - 1, high: ratio * Math.exp(z * se) - 1 };
}

export interface SampleRatioTest {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  expected: number[];
}

/**
 * Pearson's χ² goodness-of-fit test of the observed counts against the expected shares (any positive weights,
 * normalised). Null with fewer than two groups or no observations. A group expected to get nothing but
 * observed with some makes the test certain of a mismatch (p = 0).
 */
export function sampleRatioTest(observed: number[], shares: number[]): SampleRatioTest | null {
  const total = observed.reduce((s, x) => s + x, 0);
  const weight = shares.reduce((s, x) => s + Math.max(0, x), 0);
  if (observed.length < 2 || observed.length !== shares.length || !(total > 0) || !(weight > 0)) return null;
  const expected = shares.map((s) => (total * Math.max(0, s)) / weight);
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i]!;
    const o = observed[i]!;
    if (e === 0) {
      if (o > 0) return { chiSquare: Number.POSITIVE_INFINITY, degreesOfFreedom: observed.length - 1, pValue: 0, expected };
      continue;
    }
    chiSquare += ((o - e) * (o - e)) / e;
  }
  return { chiSquare, degreesOfFreedom: observed.length - 1, pValue: chiSquareSf(chiSquare, observed.length - 1), expected };
}

/** Subintervals of the composite Simpson rule (even). */
const SIMPSON_STEPS = 3000;
/** The integration window: this many standard deviations either side of a Beta's mean, inside [0, 1]. */
const WINDOW_SDS = 15;

/** ∫ f over [lo, hi] by the composite Simpson rule with `steps` subintervals. */
export function simpson(f: (x: number) => number, lo: number, hi: number, steps = SIMPSON_STEPS): number {
  if (!(hi > lo)) return 0;
  const n = steps % 2 ? steps + 1 : steps;
  const h = (hi - lo) / n;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(lo + i * h);
  return (sum * h) / 3;
}

/**
 * Probability that each group's conversion rate is the highest, with rate i ~ Beta(1 + c_i, 1 + n_i − c_i):
 * P(i best) = ∫ f_i(x) ∏_{j≠i} F_j(x) dx, integrated by Simpson's rule over the window where f_i lives
 * (its mean ± 15 standard deviations, within [0, 1]), so that narrow posteriors get the whole grid.
 * Deterministic: the same counts give the same digits.
 */
export function probabilityToBeBest(groups: Array<{ conversions: number; impressions: number }>): number[] {
  const params = groups.map((g) => {
    const a = 1 + Math.max(0, g.conversions);
    const b = 1 + Math.max(0, g.impressions - g.conversions);
    const mean = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
    return { a, b, lo: Math.max(0, mean - WINDOW_SDS * sd), hi: Math.min(1, mean + WINDOW_SDS * sd) };
  });
  if (params.length === 1) return [1];
  return params.map((p, i) => {
    const others = params.filter((_, j) => j !== i);
    const integrand = (x: number) => {
      let v = betaPdf(x, p.a, p.b);
      for (const o of others) {
        if (v === 0) break;
        v *= betaCdf(x, o.a, o.b);
      }
      return v;
    };
    return Math.min(1, Math.max(0, simpson(integrand, p.lo, p.hi)));
  });
}

/**
 * Impressions each group needs for a two-sided two-proportion z-test at level α to detect a relative lift
 * with the given power, from the baseline rate (normal approximation, no continuity correction):
 * n = (z_{1−α/2}·√(2p̄q̄) + z_{power}·√(p₁q₁ + p₂q₂))² / (p₂ − p₁)². Null when the baseline is 0 or the
 * lifted rate would reach 1.
 */
export function sampleSizePerGroup(baseline: number, relativeLiftToDetect: number, alpha = 0.05, power = 0.8): number | null {
  const p1 = baseline;
  const p2 = baseline * (1 + relativeLiftToDetect);
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && p1 !== p2)) return null;
  const pBar = (p1 + p2) / 2;
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const n = (zA * Math.sqrt(2 * pBar * (1 - pBar)) + zB * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2;
  return Math.ceil(n);
}

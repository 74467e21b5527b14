import jStat from 'jstat';

// Special functions come from jstat (package.json); this file only names what the statistics use.

/** Φ(z), the standard normal CDF. */
export const normalCdf = (z: number): number => jStat.normal.cdf(z, 0, 1);

/** Φ⁻¹(p), the standard normal quantile. */
export const normalQuantile = (p: number): number => jStat.normal.inv(p, 0, 1);

/** P(|Z| ≥ |z|) for a standard normal Z, through erfc so that small p-values keep their digits. */
export const twoSidedNormalP = (z: number): number => Math.min(1, jStat.erfc(Math.abs(z) / Math.SQRT2));

/** P(X ≥ x) for X ~ χ²(df); with one degree of freedom through erfc, which keeps small p-values' digits. */
export function chiSquareSf(x: number, df: number): number {
  if (!(x > 0)) return 1;
  if (df === 1) return Math.min(1, jStat.erfc(Math.sqrt(x / 2)));
  return Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(x, df)));
}

/** The regularized incomplete Beta function I_x(a, b), the CDF of Beta(a, b) at x. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return Math.min(1, Math.max(0, jStat.ibeta(x, a, b)));
}

/** The density of Beta(a, b) at x, through ln B(a, b) so that large counts do not overflow. */
export function betaPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return a === 1 ? Math.exp(-jStat.betaln(a, b)) : a < 1 ? Number.POSITIVE_INFINITY : 0;
  if (x === 1) return b === 1 ? Math.exp(-jStat.betaln(a, b)) : b < 1 ? Number.POSITIVE_INFINITY : 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - jStat.betaln(a, b));
}

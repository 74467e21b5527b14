// jstat 1.9.6 ships no types: only what src/stats/special.ts uses.
declare module 'jstat' {
  interface JStat {
    normal: { cdf(x: number, mean: number, sd: number): number; inv(p: number, mean: number, sd: number): number };
    chisquare: { cdf(x: number, dof: number): number };
    ibeta(x: number, a: number, b: number): number;
    betaln(a: number, b: number): number;
    erfc(x: number): number;
  }
  const jStat: JStat;
  export default jStat;
}

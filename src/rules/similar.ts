/** Levenshtein distance, case-insensitive. */
export function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** The known names closest to `wanted` (by edit distance, then substring), at most `n`. */
export function closest(wanted: string, known: readonly string[], n = 3): string[] {
  const w = wanted.toLowerCase();
  return [...new Set(known)]
    .map((k) => ({ k, d: distance(w, k) - (k.toLowerCase().includes(w) || w.includes(k.toLowerCase()) ? 2 : 0) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, n)
    .map((x) => x.k);
}

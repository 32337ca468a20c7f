/**
 * Levenshtein distance on code points, for "did you mean" hints: column names are often Chinese
 * and a character beyond the BMP (𠮷) is one edit, not two UTF-16 units. The one copy for core's
 * column lookups (transforms/mask/columns.ts) and the spec's key suggestions
 * (publish/src/spec/suggest.ts); no imports, so `@tuomin/core/light` carries it.
 */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

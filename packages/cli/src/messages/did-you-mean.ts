/**
 * Edit distance with a swap of two neighbouring letters counted as one edit (optimal string
 * alignment), with an early exit once every cell of a row exceeds `max`. Why the swap: it is the
 * commonest typo of a command (`scna`, `rsik`, `profiel`), and Levenshtein counts it as two, past
 * the limit of a four-letter word, so `tuomin scna` got no suggestion. Not core's
 * kernels/edit-distance.ts: a mistyped verb would then load @tuomin/core/light and its zod schemas
 * (45 ms of import in #16) before printing one line.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return best;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate, if it is close enough to be a typo: at most a third of the word's length
 * (at least 1, at most 3) edits away, or a candidate that starts with what was typed.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase(), limit);
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (bestD <= limit) return best;
  return word.length >= 3 ? candidates.find((c) => c.startsWith(word)) : undefined;
}

/**
 * Split units (row groups, record batches) of the given byte sizes into at most `n` contiguous,
 * non-empty runs of about equal bytes: run j ends at the first unit whose prefix sum reaches
 * j/n of the total. Returns [first, count] per run, in order, covering every unit once.
 */
export function contiguousRuns(sizes: readonly number[], n: number): Array<{ first: number; count: number }> {
  const k = Math.max(1, Math.min(n, sizes.length));
  const total = sizes.reduce((a, b) => a + b, 0);
  const ends: number[] = [];
  let e = 0;
  let acc = 0;
  for (let j = 1; j < k; j++) {
    const target = (total * j) / k;
    const lo = (ends[ends.length - 1] ?? 0) + 1; // at least one unit per run
    const hi = sizes.length - (k - j); // and one left for each later run
    while (e < hi && (e < lo || acc + sizes[e]! <= target)) acc += sizes[e++]!;
    ends.push(e);
  }
  ends.push(sizes.length);
  return ends.map((end, j) => {
    const first = j === 0 ? 0 : ends[j - 1]!;
    return { first, count: end - first };
  }).filter((r) => r.count > 0);
}

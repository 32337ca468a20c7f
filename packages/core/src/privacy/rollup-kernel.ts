import { finishHash } from './hash.js';

/** Reusable buffers of the rollup kernels, owned by one generalization space. */
export class RollupScratch {
  /** Open-addressing table, [key, class] interleaved so that a probe reads one cache line. */
  slots = new Float64Array(0);
  codes = new Int32Array(0);
  keys = new Float64Array(0);
  counts = new Float64Array(0);

  reserve(cap: number, classes: number, width: number): void {
    if (this.slots.length < 2 * cap) this.slots = new Float64Array(2 * cap);
    if (this.counts.length < classes) {
      this.counts = new Float64Array(classes);
      this.keys = new Float64Array(classes);
    }
    if (this.codes.length < classes * width) this.codes = new Int32Array(classes * width);
  }
}

/**
 * Group the classes of a finer node into those of a coarser one when every class is one number:
 * key = Σ_j code_j · radix[j] in a radix fixed for the whole lattice (each column's place is as
 * wide as its largest level dictionary), so a class's key at another node differs only in the
 * columns whose level changed. Only those are decoded and moved:
 *   for each class c: key' = key_c + Σ_{t changed} delta_t[code_t(key_c)]
 *   where code_t(key) = ⌊key / radix_t⌋ mod card_t and delta_t[x] = (map_t[x] − x) · radix_t.
 * A rollup from a node one step below reads one column instead of all of them: on Adult (9 QIs)
 * this halved the time per class row of the search's rollups.
 */
export function rollupFixedKeys(
  srcKeys: Float64Array, srcCounts: Float64Array, n: number, changed: number, radix: Float64Array, card: Float64Array, off: Int32Array, delta: Float64Array,
  scratch: RollupScratch, classMap: Int32Array,
): { keys: Float64Array; counts: Float64Array; size: number } {
  let cap = 16;
  while (cap < 2 * n) cap <<= 1;
  scratch.reserve(cap, n, 0);
  const slots = scratch.slots;
  const keys = scratch.keys;
  const counts = scratch.counts;
  slots.fill(-1, 0, 2 * cap);
  const mask = cap - 1;
  let size = 0;
  for (let c = 0; c < n; c++) {
    const old = srcKeys[c]!;
    let key = old;
    for (let t = 0; t < changed; t++) {
      const q = Math.floor(old / radix[t]!);
      key += delta[off[t]! + (q - Math.floor(q / card[t]!) * card[t]!)]!;
    }
    const lo = key >>> 0;
    const hi = (key / 4294967296) | 0;
    let i = finishHash(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    let idx = -1;
    for (;;) {
      const k = slots[2 * i]!;
      if (k === key) { idx = slots[2 * i + 1]!; break; }
      if (k === -1) break;
      i = (i + 1) & mask;
    }
    if (idx < 0) {
      idx = size++;
      slots[2 * i] = key;
      slots[2 * i + 1] = idx;
      keys[idx] = key;
      counts[idx] = srcCounts[c]!;
    } else counts[idx]! += srcCounts[c]!;
    classMap[c] = idx;
  }
  return { keys: keys.slice(0, size), counts: counts.slice(0, size), size };
}

/**
 * Group the `n` classes of a finer node into the classes of a coarser one. Each class's key is
 * the exact number Σ_j code_j · radix_j (below 2^53), precomputed per column and code in
 * `flatKey` (column j's entries start at off[j]); `flatCode` holds the generalized codes.
 * Readable form of the loop:
 *   for each class c: key = Σ_j flatKey[off[j] + src[c, j]]
 *                     idx = table[key] ?? (new class with codes flatCode[off[j] + src[c, j]])
 *                     counts[idx] += srcCounts[c]; classMap[c] = idx
 * New classes are written to the scratch buffers and copied out once at the end, sized exactly:
 * growing per-rollup arrays cost a third of the search's time in garbage collection.
 */
export function rollupByKey(
  src: Int32Array, srcCounts: Float64Array, n: number, w: number, off: Int32Array, flatKey: Float64Array, flatCode: Int32Array,
  scratch: RollupScratch, classMap: Int32Array,
): { codes: Int32Array; counts: Float64Array; size: number } {
  let cap = 16;
  while (cap < 2 * n) cap <<= 1;
  scratch.reserve(cap, n, w);
  const slots = scratch.slots;
  const codes = scratch.codes;
  const counts = scratch.counts;
  slots.fill(-1, 0, 2 * cap);
  const mask = cap - 1;
  let size = 0;
  for (let c = 0, base = 0; c < n; c++, base += w) {
    let key = 0;
    for (let j = 0; j < w; j++) key += flatKey[off[j]! + src[base + j]!]!;
    const lo = key >>> 0;
    const hi = (key / 4294967296) | 0;
    let i = finishHash(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    let idx = -1;
    for (;;) {
      const k = slots[2 * i]!;
      if (k === key) { idx = slots[2 * i + 1]!; break; }
      if (k === -1) break;
      i = (i + 1) & mask;
    }
    if (idx < 0) {
      idx = size++;
      slots[2 * i] = key;
      slots[2 * i + 1] = idx;
      const ob = idx * w;
      for (let j = 0; j < w; j++) codes[ob + j] = flatCode[off[j]! + src[base + j]!]!;
      counts[idx] = srcCounts[c]!;
    } else counts[idx]! += srcCounts[c]!;
    classMap[c] = idx;
  }
  return { codes: codes.slice(0, size * w), counts: counts.slice(0, size), size };
}

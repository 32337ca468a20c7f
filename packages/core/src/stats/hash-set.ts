/**
 * A set of 64-bit hashes in two typed arrays (open addressing, linear probing), for distinct
 * counting: several times faster and smaller than a JS `Set` of doubles, which the review used
 * to keep per column (8.5 s of a 47.5 s run on 2,000,000 rows). The pair (0, 0) marks an empty
 * slot, so a hash (0, 0) is stored as (0, 1): one more collision in 2^64.
 */
export class HashSet64 {
  lo: Int32Array;
  hi: Int32Array;
  size = 0;
  private mask: number;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Add a hash; true when it was not there yet. */
  add(lo: number, hi: number): boolean {
    if (lo === 0 && hi === 0) hi = 1;
    const L = this.lo, H = this.hi, mask = this.mask;
    let j = lo & mask;
    for (;;) {
      const a = L[j]!, b = H[j]!;
      if (a === 0 && b === 0) break;
      if (a === lo && b === hi) return false;
      j = (j + 1) & mask;
    }
    L[j] = lo;
    H[j] = hi;
    if (++this.size * 2 > mask) this.grow();
    return true;
  }

  /** Every hash as (lo, hi) pairs, in slot order. */
  pairs(): Int32Array {
    const out = new Int32Array(this.size * 2);
    let o = 0;
    const L = this.lo, H = this.hi;
    for (let j = 0; j < L.length; j++) {
      if (L[j] !== 0 || H[j] !== 0) { out[o++] = L[j]!; out[o++] = H[j]!; }
    }
    return out;
  }

  clear(): void {
    this.lo.fill(0);
    this.hi.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const L = this.lo, H = this.hi;
    const cap = L.length * 2;
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let j = 0; j < L.length; j++) if (L[j] !== 0 || H[j] !== 0) this.add(L[j]!, H[j]!);
  }
}

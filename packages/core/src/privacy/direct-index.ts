import type { ClassTable } from './class-table.js';

/** Largest direct index: 4 Mi entries (16 MB). Past that the hash table alone serves. */
const DIRECT_MAX = 1 << 22;

/**
 * A perfect-hash accelerator in front of the class table, for quasi-identifiers whose value
 * counts multiply to a small number (district × age × sex × occupation: 17 × 91 × 3 × 41), the
 * common case and the one DuckDB's perfect hash aggregate also takes. The mixed-radix key
 *   key = Σ code_j · M_j,  M_0 = 1,  M_j = M_(j-1) · R_(j-1)
 * addresses an Int32Array of class index + 1 directly: no hashing, no probing, no compare. The
 * table stays the source of truth (codes, counts); this only finds a row's class faster. The
 * radixes R_j have 25 % headroom over each column's dictionary; when a code outgrows its radix
 * the index is rebuilt from the table's classes, and dropped for good past DIRECT_MAX entries.
 */
export class DirectIndex {
  private radix: number[] = [];
  readonly mult: Float64Array;
  slots: Int32Array = new Int32Array(0);
  disabled = false;

  constructor(readonly width: number) {
    this.mult = new Float64Array(width);
  }

  /**
   * Make sure every code below `sizes[j]` fits; rebuilds from `table` when one does not.
   * Returns false when the index cannot serve (too large): the caller uses the table alone.
   */
  fit(sizes: ArrayLike<number>, table: ClassTable): boolean {
    if (this.disabled) return false;
    let ok = this.radix.length === this.width;
    for (let j = 0; ok && j < this.width; j++) if (sizes[j]! > this.radix[j]!) ok = false;
    if (ok) return true;
    const radix: number[] = [];
    let total = 1;
    for (let j = 0; j < this.width; j++) {
      const r = sizes[j]! + (sizes[j]! >> 2) + 1;
      radix.push(r);
      total *= r;
    }
    if (total > DIRECT_MAX) {
      this.disabled = true;
      this.slots = new Int32Array(0);
      return false;
    }
    this.radix = radix;
    let m = 1;
    for (let j = 0; j < this.width; j++) { this.mult[j] = m; m *= radix[j]!; }
    this.slots = new Int32Array(total);
    const codes = table.codes.buf;
    const w = this.width;
    for (let c = 0; c < table.size; c++) {
      let key = 0;
      for (let j = 0; j < w; j++) key += codes[c * w + j]! * this.mult[j]!;
      this.slots[key] = c + 1;
    }
    return true;
  }
}

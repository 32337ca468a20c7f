import { GrowableInt32 } from '../kernels/buffers.js';
import { finishHash, mixInt, nextPow2 } from './hash.js';

/**
 * Equivalence classes as an open-addressing hash table of code tuples.
 * Class i holds `width` codes at codes[i*width ..] and a record count. Memory grows with the
 * number of classes, never with rows.
 */
export class ClassTable {
  readonly width: number;
  codes: GrowableInt32;
  counts: Float64Array;
  private hashes: GrowableInt32;
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(width: number, capacity = 1024) {
    this.width = width;
    this.codes = new GrowableInt32(Math.max(8, capacity * width));
    this.counts = new Float64Array(Math.max(8, capacity));
    this.hashes = new GrowableInt32(Math.max(8, capacity));
    const cap = nextPow2(capacity * 2);
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Add `count` records of the class whose codes are tuple[at .. at+width); returns the class index. */
  add(tuple: ArrayLike<number>, at: number, count: number): number {
    const w = this.width;
    let h = 0;
    for (let j = 0; j < w; j++) h = mixInt(h, tuple[at + j]!);
    h = finishHash(h) | 0;
    const codes = this.codes.buf;
    const hashes = this.hashes.buf;
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) break;
      const c = s - 1;
      if (hashes[c] === h) {
        const base = c * w;
        let j = 0;
        while (j < w && codes[base + j] === tuple[at + j]) j++;
        if (j === w) {
          this.counts[c]! += count;
          return c;
        }
      }
      i = (i + 1) & mask;
    }
    return this.insert(i, h, tuple, at, count);
  }

  /** Class index of a tuple, or -1. */
  find(tuple: ArrayLike<number>, at: number): number {
    const w = this.width;
    let h = 0;
    for (let j = 0; j < w; j++) h = mixInt(h, tuple[at + j]!);
    h = finishHash(h) | 0;
    const codes = this.codes.buf;
    let i = h & this.mask;
    for (;;) {
      const s = this.slots[i]!;
      if (s === 0) return -1;
      const c = s - 1;
      if (this.hashes.buf[c] === h) {
        const base = c * w;
        let j = 0;
        while (j < w && codes[base + j] === tuple[at + j]) j++;
        if (j === w) return c;
      }
      i = (i + 1) & this.mask;
    }
  }

  countOf(c: number): number {
    return this.counts[c]!;
  }

  /** Codes of class c (a copy). */
  tuple(c: number): number[] {
    return Array.from(this.codes.buf.subarray(c * this.width, (c + 1) * this.width));
  }

  memoryBytes(): number {
    return this.codes.buf.byteLength + this.counts.byteLength + this.hashes.buf.byteLength + this.slots.byteLength;
  }

  private insert(slot: number, h: number, tuple: ArrayLike<number>, at: number, count: number): number {
    const c = this.size++;
    const w = this.width;
    this.codes.reserve(w);
    const codes = this.codes.buf;
    const base = c * w;
    for (let j = 0; j < w; j++) codes[base + j] = tuple[at + j]!;
    this.codes.length += w;
    if (c >= this.counts.length) {
      const next = new Float64Array(this.counts.length * 2);
      next.set(this.counts);
      this.counts = next;
    }
    this.counts[c] = count;
    this.hashes.push(h);
    this.slots[slot] = c + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return c;
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    const hashes = this.hashes.buf;
    for (let c = 0; c < this.size; c++) {
      let i = hashes[c]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = c + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * Counts of (class, value) pairs for one sensitive column: the per-class value frequencies.
 * A flat hash table of int pairs, so l-diversity and t-closeness need no per-class objects.
 */
export class PairCounts {
  classes = new GrowableInt32(1024);
  values = new GrowableInt32(1024);
  counts = new Float64Array(1024);
  private slots = new Int32Array(2048);
  private mask = 2047;
  size = 0;

  add(cls: number, value: number, count: number): void {
    const h = finishHash(mixInt(mixInt(0, cls), value)) | 0;
    const cs = this.classes.buf;
    const vs = this.values.buf;
    let i = h & this.mask;
    for (;;) {
      const s = this.slots[i]!;
      if (s === 0) break;
      const p = s - 1;
      if (cs[p] === cls && vs[p] === value) {
        this.counts[p]! += count;
        return;
      }
      i = (i + 1) & this.mask;
    }
    const p = this.size++;
    this.classes.push(cls);
    this.values.push(value);
    if (p >= this.counts.length) {
      const next = new Float64Array(this.counts.length * 2);
      next.set(this.counts);
      this.counts = next;
    }
    this.counts[p] = count;
    this.slots[i] = p + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  memoryBytes(): number {
    return this.classes.buf.byteLength + this.values.buf.byteLength + this.counts.byteLength + this.slots.byteLength;
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    const cs = this.classes.buf;
    const vs = this.values.buf;
    for (let p = 0; p < this.size; p++) {
      let i = (finishHash(mixInt(mixInt(0, cs[p]!), vs[p]!)) | 0) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = p + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

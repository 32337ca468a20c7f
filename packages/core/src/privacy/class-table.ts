import { GrowableInt32 } from '../kernels/buffers.js';
import { finishHash, mixInt, nextPow2 } from './hash.js';

/**
 * Equivalence classes as an open-addressing hash table of code tuples.
 * Class i holds `width` codes at codes[i*width ..] and a record count. Memory grows with the
 * number of classes, never with rows.
 */
function hashKey(key: number): number {
  return finishHash((key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1));
}

export class ClassTable {
  readonly width: number;
  codes: GrowableInt32;
  counts: Float64Array;
  private hashes: GrowableInt32;
  private slots: Int32Array;
  private mask: number;
  size = 0;
  /**
   * Packed mode (few columns, small codes): a class key is the exact number Σ code_j · 2^(bits·j)
   * and the table holds (key, index) pairs side by side, so a lookup touches one cache line
   * instead of three. Leaves packed mode for good when a code outgrows its bits.
   */
  packedBits: number;
  private maxPacked: number;
  private readonly scratchTuple: Int32Array;
  private pslots: Float64Array;
  private pmask: number;

  constructor(width: number, capacity = 1024) {
    this.width = width;
    const bits = Math.floor(52 / Math.max(1, width));
    this.packedBits = width <= 6 ? Math.min(bits, 26) : 0;
    this.maxPacked = this.packedBits ? 2 ** this.packedBits - 1 : 0;
    const pcap = this.packedBits ? nextPow2(capacity * 2) : 0;
    this.pslots = new Float64Array(pcap * 2);
    this.pmask = pcap - 1;
    this.scratchTuple = new Int32Array(width);
    this.codes = new GrowableInt32(Math.max(8, capacity * width));
    this.counts = new Float64Array(Math.max(8, capacity));
    this.hashes = new GrowableInt32(Math.max(8, capacity));
    const cap = this.packedBits ? 16 : nextPow2(capacity * 2);
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /**
   * True when codes up to `maxCode` fit packed mode (then `packStep` gives the radix per column);
   * otherwise leaves packed mode and returns false.
   */
  usePacked(maxCode: number): boolean {
    if (!this.packedBits) return false;
    if (maxCode <= this.maxPacked) return true;
    this.unpack();
    return false;
  }

  get packStep(): number {
    return 2 ** this.packedBits;
  }

  /** addPacked with the new class's codes read from per-column arrays at `row`. */
  addPackedColumns(key: number, columns: Int32Array[], row: number, count: number): number {
    const c = this.findPacked(key);
    if (c >= 0) {
      this.counts[c]! += count;
      return c;
    }
    // A new class (once per class): gather its codes, then the ordinary insert.
    const tuple = this.scratchTuple;
    for (let j = 0; j < this.width; j++) tuple[j] = columns[j]![row]!;
    return this.addPacked(key, tuple, 0, count);
  }

  /** Add `count` records of the class whose codes are tuple[at .. at+width); returns the class index. */
  add(tuple: ArrayLike<number>, at: number, count: number): number {
    const w = this.width;
    if (this.packedBits) {
      const key = this.packKey(tuple, at);
      if (key >= 0) return this.addPacked(key, tuple, at, count);
    }
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
    if (this.packedBits) {
      const key = this.packKey(tuple, at);
      return key < 0 ? -1 : this.findPacked(key);
    }
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

  /** The packed key of a tuple, or -1 when a code does not fit (the table then leaves packed mode). */
  packKey(tuple: ArrayLike<number>, at: number): number {
    const bits = this.packedBits;
    const max = this.maxPacked;
    let key = 0;
    let scale = 1;
    const step = 2 ** bits;
    for (let j = 0; j < this.width; j++) {
      const c = tuple[at + j]!;
      if (c > max) {
        this.unpack();
        return -1;
      }
      key += c * scale;
      scale *= step;
    }
    return key;
  }

  /** Index of the class with packed `key`, adding it (codes from tuple[at..]) when new. */
  addPacked(key: number, tuple: ArrayLike<number>, at: number, count: number): number {
    const ps = this.pslots;
    const mask = this.pmask;
    let i = hashKey(key) & mask;
    for (;;) {
      const s = ps[2 * i + 1]!;
      if (s === 0) break;
      if (ps[2 * i] === key) {
        const c = s - 1;
        this.counts[c]! += count;
        return c;
      }
      i = (i + 1) & mask;
    }
    const c = this.appendClass(tuple, at, count, 0);
    ps[2 * i] = key;
    ps[2 * i + 1] = c + 1;
    if (this.size * 2 > mask + 1) this.repack();
    return c;
  }

  findPacked(key: number): number {
    const ps = this.pslots;
    const mask = this.pmask;
    let i = hashKey(key) & mask;
    for (;;) {
      const s = ps[2 * i + 1]!;
      if (s === 0) return -1;
      if (ps[2 * i] === key) return s - 1;
      i = (i + 1) & mask;
    }
  }

  private appendClass(tuple: ArrayLike<number>, at: number, count: number, h: number): number {
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
    return c;
  }

  private repack(): void {
    const cap = (this.pmask + 1) * 2;
    const ps = new Float64Array(cap * 2);
    const mask = cap - 1;
    const old = this.pslots;
    for (let i = 0; i <= this.pmask; i++) {
      const s = old[2 * i + 1]!;
      if (s === 0) continue;
      const key = old[2 * i]!;
      let j = hashKey(key) & mask;
      while (ps[2 * j + 1] !== 0) j = (j + 1) & mask;
      ps[2 * j] = key;
      ps[2 * j + 1] = s;
    }
    this.pslots = ps;
    this.pmask = mask;
  }

  /** Leave packed mode: index every class by its tuple hash instead. */
  private unpack(): void {
    this.packedBits = 0;
    this.pslots = new Float64Array(0);
    const w = this.width;
    const codes = this.codes.buf;
    const hashes = new GrowableInt32(Math.max(8, this.size));
    for (let c = 0; c < this.size; c++) {
      let h = 0;
      for (let j = 0; j < w; j++) h = mixInt(h, codes[c * w + j]!);
      hashes.push(finishHash(h) | 0);
    }
    this.hashes = hashes;
    const cap = nextPow2(Math.max(16, this.size * 2));
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.rehash();
  }

  countOf(c: number): number {
    return this.counts[c]!;
  }

  /** Codes of class c (a copy). */
  tuple(c: number): number[] {
    return Array.from(this.codes.buf.subarray(c * this.width, (c + 1) * this.width));
  }

  memoryBytes(): number {
    return this.codes.buf.byteLength + this.counts.byteLength + this.hashes.buf.byteLength + this.slots.byteLength + this.pslots.byteLength;
  }

  private insert(slot: number, h: number, tuple: ArrayLike<number>, at: number, count: number): number {
    const c = this.appendClass(tuple, at, count, h);
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

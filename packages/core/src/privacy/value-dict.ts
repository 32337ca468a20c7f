import { GrowableBytes, GrowableInt32 } from '../kernels/buffers.js';
import { hashBytes, nextPow2 } from './hash.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Dense codes for the distinct values of one column: an open-addressing table keyed by the
 * bytes of each value, built on flat buffers (no per-value strings). Code 0 is reserved for
 * null, so codes of real values start at 1. Labels are decoded only on cold paths.
 */
export class ValueDict {
  private bytes = new GrowableBytes(256);
  private starts = new GrowableInt32(64);
  private hashes = new GrowableInt32(64);
  private slots: Int32Array = new Int32Array(64);
  private mask = 63;
  /** Number of codes including the null code 0. */
  size = 1;

  constructor() {
    this.starts.push(0); // code 0 (null) spans no bytes
    this.starts.push(0);
    this.hashes.push(0);
  }

  /** Code of the value src[start, end); adds it when new. */
  code(src: Uint8Array, start: number, end: number): number {
    return this.codeHashed(src, start, end, hashBytes(src, start, end));
  }

  /**
   * Each code of this dictionary as a code of `to`, added there when new: how class statistics
   * merge. Reads this store in place and reuses its hashes, so no value is copied or hashed again
   * (the merge of a partition's published-risk classes hashed and copied every value: 0.36 s of
   * the coordinator's 6.6 CPU-seconds per 500,000 rows, docs/performance.md).
   */
  codesIn(to: ValueDict): Int32Array {
    const m = new Int32Array(this.size);
    if (to === this) {
      for (let c = 1; c < this.size; c++) m[c] = c;
      return m;
    }
    const store = this.bytes.buf;
    const starts = this.starts.buf;
    const hashes = this.hashes.buf;
    for (let c = 1; c < this.size; c++) m[c] = to.codeHashed(store, starts[c]!, starts[c + 1]!, hashes[c]! >>> 0);
    return m;
  }

  /** `code` with the value's hashBytes already known (h as an unsigned 32-bit integer). */
  private codeHashed(src: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    const starts = this.starts.buf;
    const store = this.bytes.buf;
    let i = h & mask;
    for (;;) {
      const c = slots[i]!;
      if (c === 0) break;
      if ((this.hashes.buf[c]! >>> 0) === h) {
        const s = starts[c]!;
        if (starts[c + 1]! - s === len) {
          let k = 0;
          while (k < len && store[s + k] === src[start + k]) k++;
          if (k === len) return c;
        }
      }
      i = (i + 1) & mask;
    }
    const c = this.size++;
    this.bytes.append(src, start, end);
    this.starts.push(this.bytes.length);
    this.hashes.push(h | 0);
    slots[i] = c;
    if (this.size * 2 > slots.length) this.grow();
    return c;
  }

  /** Code of a value already known; -1 when absent. */
  find(src: Uint8Array, start: number, end: number): number {
    const h = hashBytes(src, start, end);
    const len = end - start;
    const starts = this.starts.buf;
    const store = this.bytes.buf;
    let i = h & this.mask;
    for (;;) {
      const c = this.slots[i]!;
      if (c === 0) return -1;
      if ((this.hashes.buf[c]! >>> 0) === h) {
        const s = starts[c]!;
        if (starts[c + 1]! - s === len) {
          let k = 0;
          while (k < len && store[s + k] === src[start + k]) k++;
          if (k === len) return c;
        }
      }
      i = (i + 1) & this.mask;
    }
  }

  codeOfString(s: string): number {
    const b = encoder.encode(s);
    return this.code(b, 0, b.length);
  }

  findString(s: string): number {
    const b = encoder.encode(s);
    return this.find(b, 0, b.length);
  }

  /** The label of a code (null for code 0). Cold path. */
  label(code: number): string | null {
    if (code === 0) return null;
    return decoder.decode(this.bytes.buf.subarray(this.starts.buf[code]!, this.starts.buf[code + 1]!));
  }

  /** The raw bytes of a code, a view into the store (valid until the next insert). */
  bytesOf(code: number): Uint8Array {
    return this.bytes.buf.subarray(this.starts.buf[code]!, this.starts.buf[code + 1]!);
  }

  /**
   * The store as it stands: every value's bytes back to back, and starts[c] .. starts[c + 1] the
   * bytes of code c (starts has size + 1 entries; code 0, null, spans none). Views, valid until
   * the next insert: for serializing (class-stats transfer), where code order must survive.
   */
  parts(): { bytes: Uint8Array; starts: Int32Array } {
    return { bytes: this.bytes.finish(), starts: this.starts.buf.subarray(0, this.size + 1) };
  }

  labels(): Array<string | null> {
    const out: Array<string | null> = [];
    for (let c = 0; c < this.size; c++) out.push(this.label(c));
    return out;
  }

  /** Approximate heap bytes held. */
  memoryBytes(): number {
    return this.bytes.buf.byteLength + this.starts.buf.byteLength + this.hashes.buf.byteLength + this.slots.byteLength;
  }

  private grow(): void {
    const cap = nextPow2(this.size * 4);
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    const hashes = this.hashes.buf;
    for (let c = 1; c < this.size; c++) {
      let i = (hashes[c]! >>> 0) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = c;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

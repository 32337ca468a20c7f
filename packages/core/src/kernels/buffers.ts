import { COPY_BY_SET, COPY_WORD, copyWords, viewOf } from './copy-words.js';

/**
 * Growable, 8-byte-aligned output buffers for kernels (after flechette's src/build/buffer.js).
 * Capacity doubles; `finish()` returns a view of exactly the used length without copying.
 */
export class GrowableBytes {
  buf: Uint8Array;
  length = 0;
  private dv: DataView | null = null;
  /** The last source of append() and a view of it. */
  private src: Uint8Array | null = null;
  private srcView: DataView | null = null;
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(align8(Math.max(capacity, 8)));
  }
  /** Make room for `n` more bytes. Call before writing through `buf` directly. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(align8(cap));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.dv = null;
    }
  }
  /** A DataView over `buf` (for copyWords), made again after `buf` grows. */
  view(): DataView {
    return this.dv ?? (this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }
  push(byte: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = byte;
  }
  /**
   * Copy src[start, end) to the end. Below 16 bytes a byte loop; then copyWords, through a view of
   * `src` kept while the same array comes back (callers append many values of one column): 0.16
   * CPU-s instead of 0.30 for the address, basis, name and ID values of 500,000 penalties rows,
   * where set() needs a subarray per call and a new DataView per call cost more than either.
   */
  append(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n + COPY_WORD);
    if (n < 16) {
      const b = this.buf;
      let o = this.length;
      for (let i = start; i < end; i++) b[o++] = src[i]!;
      this.length = o;
    } else if (n < COPY_BY_SET) {
      if (src !== this.src) {
        this.src = src;
        this.srcView = viewOf(src);
      }
      this.length = copyWords(this.srcView!, src, start, end, this.view(), this.buf, this.length);
    } else {
      this.buf.set(src.subarray(start, end), this.length);
      this.length += n;
    }
  }
  /** The bytes written (a view of `buf`); the view of the last source is let go. */
  finish(): Uint8Array {
    this.src = null;
    this.srcView = null;
    return this.buf.subarray(0, this.length);
  }
}

export class GrowableInt32 {
  buf: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buf = new Int32Array(align8(Math.max(capacity, 8)));
  }
  reserve(n: number): void {
    const need = this.length + n;
    if (need > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Int32Array(cap);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
  }
  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }
  finish(): Int32Array {
    return this.buf.subarray(0, this.length);
  }
}

export function align8(n: number): number {
  return (n + 7) & ~7;
}

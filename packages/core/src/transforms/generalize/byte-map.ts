import { GrowableBytes, GrowableInt32 } from '../../kernels/buffers.js';

/**
 * A hash map from UTF-8 byte strings to small integers, looked up straight from a column's value
 * buffer (no string decoding). Open addressing, FNV-1a, power-of-two table.
 */
export class ByteMap {
  private keys = new GrowableBytes(1024);
  private starts = new GrowableInt32(64);
  private ends = new GrowableInt32(64);
  private vals = new GrowableInt32(64);
  private table = new Int32Array(128).fill(-1);
  get size(): number { return this.vals.length; }

  static hash(src: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
    return h >>> 0;
  }

  /** The value stored for src[s,e), or -1. */
  get(src: Uint8Array, s: number, e: number): number {
    const mask = this.table.length - 1;
    let slot = ByteMap.hash(src, s, e) & mask;
    const kb = this.keys.buf, ks = this.starts.buf, ke = this.ends.buf;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry < 0) return -1;
      const a = ks[entry]!, b = ke[entry]!;
      if (b - a === e - s) {
        let k = 0;
        while (k < b - a && kb[a + k] === src[s + k]) k++;
        if (k === b - a) return this.vals.buf[entry]!;
      }
      slot = (slot + 1) & mask;
    }
  }

  set(src: Uint8Array, s: number, e: number, value: number): void {
    if (this.get(src, s, e) >= 0) return; // first mapping wins
    if ((this.vals.length + 1) * 2 > this.table.length) this.grow();
    const entry = this.vals.length;
    this.starts.push(this.keys.length);
    this.keys.append(src, s, e);
    this.ends.push(this.keys.length);
    this.vals.push(value);
    this.place(entry, ByteMap.hash(src, s, e));
  }

  private place(entry: number, h: number): void {
    const mask = this.table.length - 1;
    let slot = h & mask;
    while (this.table[slot]! >= 0) slot = (slot + 1) & mask;
    this.table[slot] = entry;
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    for (let i = 0; i < this.vals.length; i++) {
      this.place(i, ByteMap.hash(this.keys.buf, this.starts.buf[i]!, this.ends.buf[i]!));
    }
  }
}

/**
 * A value rewritten for a second scan (JSON escapes decoded, full-width letters folded):
 * `bytes[0, length)`, and `from[k]` the source offset of rewritten byte k (`from[length]` the
 * value's end), so a span [s, e) the second scan finds is the source span [from[s], from[e]).
 */
export class MappedBytes {
  bytes = new Uint8Array(256);
  from = new Int32Array(257);
  length = 0;

  protected put(b: number, at: number): void {
    if (this.length === this.bytes.length) {
      const n = this.bytes.length * 2;
      const bytes = new Uint8Array(n); bytes.set(this.bytes); this.bytes = bytes;
      const from = new Int32Array(n + 1); from.set(this.from); this.from = from;
    }
    this.bytes[this.length] = b;
    this.from[this.length++] = at;
  }
}

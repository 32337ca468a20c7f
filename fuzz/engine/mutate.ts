/** A small seeded PRNG (xorshift32): a run with the same seed tries the same inputs. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x22, 0x2c, 0x5c, 0x7b, 0x5b, 0x30, 0x39];
const INTERESTING_32 = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 8, 64];

/**
 * One to four byte-level mutations of `input`, AFL's usual set: bit flips, interesting bytes and
 * 32-bit values, random bytes, deletion, duplication of a chunk, a dictionary token inserted or
 * written over, and a splice with another corpus entry. Capped at `maxLength` bytes.
 */
export function mutate(input: Uint8Array, rnd: Random, tokens: Uint8Array[], other: Uint8Array | undefined, maxLength: number): Uint8Array {
  let b: Uint8Array = input.slice();
  const rounds = 1 + rnd.below(4);
  for (let r = 0; r < rounds; r++) {
    const n = b.length;
    const at = rnd.below(n + 1);
    switch (rnd.below(10)) {
      case 0:
        if (n > 0) b[rnd.below(n)]! ^= 1 << rnd.below(8);
        break;
      case 1:
        if (n > 0) b[rnd.below(n)] = INTERESTING[rnd.below(INTERESTING.length)]!;
        break;
      case 2:
        if (n > 0) b[rnd.below(n)] = rnd.below(256);
        break;
      case 3:
        if (n >= 4) new DataView(b.buffer, b.byteOffset).setInt32(rnd.below(n - 3), INTERESTING_32[rnd.below(INTERESTING_32.length)]!, rnd.below(2) === 0);
        break;
      case 4: {
        if (n === 0) break;
        const len = 1 + rnd.below(Math.min(n - at + 1, 32));
        b = concat(b.subarray(0, at), b.subarray(Math.min(n, at + len)));
        break;
      }
      case 5: {
        if (n === 0) break;
        const from = rnd.below(n);
        const len = 1 + rnd.below(Math.min(n - from, 64));
        b = concat(b.subarray(0, at), b.subarray(from, from + len), b.subarray(at));
        break;
      }
      case 6:
      case 7: {
        if (tokens.length === 0) break;
        const t = tokens[rnd.below(tokens.length)]!;
        b = rnd.below(2) === 0 ? concat(b.subarray(0, at), t, b.subarray(at)) : concat(b.subarray(0, at), t, b.subarray(Math.min(n, at + t.length)));
        break;
      }
      case 8: {
        if (!other || other.length === 0) break;
        const cut = rnd.below(other.length);
        b = concat(b.subarray(0, at), other.subarray(cut));
        break;
      }
      default: {
        // Repeat a chunk many times: long fields, deep nesting, many columns.
        if (n === 0) break;
        const from = rnd.below(n);
        const len = 1 + rnd.below(Math.min(n - from, 8));
        const times = 2 + rnd.below(200);
        const parts = [b.subarray(0, at)];
        for (let k = 0; k < times; k++) parts.push(b.subarray(from, from + len));
        parts.push(b.subarray(at));
        b = concat(...parts);
      }
    }
  }
  return b.length > maxLength ? b.subarray(0, maxLength) : b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { COPY_WORD, GrowableBytes, copyWords, viewOf } from '../src/internal.js';

describe('copyWords', () => {
  // Source bytes 1..n, so a byte read from the wrong place shows.
  const source = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i + 1) & 0xff);

  it('copies every range of a buffer as a byte loop does, the source whole or a view inside a larger buffer', () => {
    const whole = source(23);
    const inner = new Uint8Array(source(40).buffer, 5, 23);
    for (const src of [whole, inner]) {
      const sv = viewOf(src);
      for (let a = 0; a <= src.length; a++) {
        for (let b = a; b <= src.length; b++) {
          const dst = new Uint8Array(3 + (b - a) + COPY_WORD).fill(0xee);
          const o = copyWords(sv, src, a, b, viewOf(dst), dst, 3);
          expect(o).toBe(3 + b - a);
          expect([...dst.subarray(0, 3)]).toEqual([0xee, 0xee, 0xee]);
          expect([...dst.subarray(3, o)]).toEqual([...src.subarray(a, b)]);
        }
      }
    }
  });

  it('copies into a GrowableBytes through its view, made again when the buffer grows', () => {
    const g = new GrowableBytes(8);
    const src = source(100);
    const sv = viewOf(src);
    const want: number[] = [];
    for (let a = 0; a + 7 <= src.length; a += 7) {
      g.reserve(7 + COPY_WORD);
      g.length = copyWords(sv, src, a, a + 7, g.view(), g.buf, g.length);
      want.push(...src.subarray(a, a + 7));
    }
    expect([...g.finish()]).toEqual(want);
  });

  it('GrowableBytes.append: every length from 0 to 40 and past COPY_BY_SET, sources alternating, a source view with an offset, after finish()', () => {
    const a = source(1500);
    const b = new Uint8Array(source(1600).buffer, 7, 1500).map((x) => x ^ 0x55);
    const g = new GrowableBytes(8);
    const want: number[] = [];
    const add = (src: Uint8Array, s: number, e: number) => {
      g.append(src, s, e);
      want.push(...src.subarray(s, e));
    };
    for (let n = 0; n <= 40; n++) {
      add(a, 100 + n, 100 + 2 * n);
      add(b, b.length - n, b.length);
      add(n % 2 ? a : b, 0, n);
    }
    add(a, 10, 10 + 1100);
    expect([...g.finish()]).toEqual(want);
    add(b, 3, 40);
    expect([...g.finish()]).toEqual(want);
  });
});

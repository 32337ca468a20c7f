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
});

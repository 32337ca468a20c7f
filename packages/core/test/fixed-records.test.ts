import { describe, expect, it } from 'vitest';
import { recordPattern, simdRecords } from '../src/internal.js';

const ID = recordPattern(18, (p) => ({ lo: 48, hi: 57, altX: p === 17, hide: p >= 6 && p < 14 }));
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Concatenated bytes and offsets of `values`. */
function pack(values: string[]): { bytes: Uint8Array; offsets: Int32Array } {
  const parts = values.map((v) => enc.encode(v));
  const offsets = new Int32Array(values.length + 1);
  parts.forEach((p, i) => { offsets[i + 1] = offsets[i]! + p.length; });
  const bytes = new Uint8Array(offsets[values.length]!);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return { bytes, offsets };
}

function run(values: string[]) {
  const simd = simdRecords();
  if (simd === null) throw new Error('WebAssembly SIMD is not available in this Node');
  const { bytes, offsets } = pack(values);
  const out = new Uint8Array(bytes.length);
  const handed: number[] = [];
  const masked = simd.mask(ID, 42, bytes, offsets, values.length, out, (buf, o, i) => {
    handed.push(i);
    buf.fill(35, o[i]!, o[i + 1]!); // '#': marks the values the caller handled
    return true;
  });
  const strings = values.map((_, i) => dec.decode(out.subarray(offsets[i]!, offsets[i + 1]!)));
  return { masked, handed, strings, input: dec.decode(bytes) };
}

describe('recordPattern', () => {
  it('blocks are lcm(width, 16) bytes', () => {
    expect([18, 11, 16, 32, 1, 12].map((w) => { const p = recordPattern(w, () => ({ lo: 0, hi: 255 })); return [p.vectors, p.records]; }))
      .toEqual([[9, 8], [11, 16], [1, 1], [2, 1], [1, 16], [3, 4]]);
    expect(() => recordPattern(33, () => ({ lo: 0, hi: 255 }))).toThrow(/outside 1\.\.32/);
    expect(() => recordPattern(0, () => ({ lo: 0, hi: 255 }))).toThrow();
  });
});

describe('SimdRecords.mask (18-character IDs, keep 6 + 4)', () => {
  const ids = Array.from({ length: 16 }, (_, i) => `3716021990010${String(1000 + i).padStart(4, '0')}${'0123456789Xx'[i % 12]}`);
  const masked = (v: string): string => `${v.slice(0, 6)}********${v.slice(14)}`;

  it('masks whole blocks of valid IDs (check character digit, X or x) and never writes the input', () => {
    const r = run(ids);
    expect(r.masked).toBe(16);
    expect(r.handed).toEqual([]);
    expect(r.strings).toEqual(ids.map(masked));
    expect(r.input).toBe(ids.join(''));
  });

  it('hands the whole block holding an out-of-range byte to the caller, and resumes after it', () => {
    for (const bad of ['37160219900101100Y', '3716021990010110:0', '/71602199001011000', '3716021990010110\u00e9']) {
      const values = [...ids, ...ids];
      values[11] = bad;
      const r = run(values);
      expect(r.masked).toBe(24);
      expect(r.handed).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
      expect(r.strings.slice(0, 8)).toEqual(ids.slice(0, 8).map(masked));
      expect(r.strings.slice(16)).toEqual(ids.map(masked));
    }
  });

  it('hands values of another length, and the tail shorter than a block, to the caller', () => {
    const values = [...ids.slice(0, 3), '370102900101123', ...ids, '', ...ids.slice(0, 5)];
    const r = run(values);
    // 3 before the legacy ID (short of a block), the legacy ID, 16 in two blocks, the empty value, 5 in the tail.
    expect(r.masked).toBe(16);
    expect(r.handed).toEqual([0, 1, 2, 3, 20, 21, 22, 23, 24, 25]);
    expect(r.strings.slice(4, 20)).toEqual(ids.map(masked));
  });

  it('works on empty input and grows its memory for a large chunk', () => {
    expect(run([]).masked).toBe(0);
    const many = Array.from({ length: 200_000 }, (_, i) => ids[i % 16]!);
    const r = run(many);
    expect(r.masked).toBe(200_000);
    expect(r.strings[199_999]).toBe(masked(ids[199_999 % 16]!));
  });
});

/**
 * The near-unique check of the published-risk review counts distinct values per column. A Binary
 * column was read as one byte per row (the fixed-width path), so 400 distinct record numbers
 * counted as a few dozen values and the column passed the review; Binary has the Utf8 layout and
 * is counted by its values' bytes, sliced or not.
 */
import { describe, expect, it } from 'vitest';
import { Binary, LargeBinary, makeData, type Data } from 'apache-arrow';
import { DistinctShare } from '../src/review/distinct-share.js';

function binary(values: string[], large = false): Data<Binary> {
  const enc = new TextEncoder();
  const parts = values.map((v) => enc.encode(v));
  const offsets = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => { offsets[i + 1] = offsets[i]! + p.length; });
  const data = new Uint8Array(offsets[parts.length]!);
  parts.forEach((p, i) => data.set(p, offsets[i]!));
  if (large) {
    const o64 = BigInt64Array.from(offsets, (x) => BigInt(x));
    return makeData({ type: new LargeBinary(), length: parts.length, valueOffsets: o64, data }) as unknown as Data<Binary>;
  }
  return makeData({ type: new Binary(), length: parts.length, valueOffsets: offsets, data });
}

const codes = Array.from({ length: 400 }, (_, i) => `R${String(100000 + i * 37)}`);

describe('DistinctShare over Binary columns', () => {
  it('counts each distinct byte string once', () => {
    const share = new DistinctShare();
    share.add(binary([...codes, ...codes.slice(0, 100)]));
    expect(share.rows).toBe(500);
    expect(share.distinct).toBe(400);
  });

  it('a sliced Binary column counts the values of its slice only', () => {
    const share = new DistinctShare();
    share.add(binary(codes).slice(100, 50));
    expect(share.rows).toBe(50);
    expect(share.distinct).toBe(50);
  });

  it('LargeBinary alike', () => {
    const share = new DistinctShare();
    share.add(binary(codes, true));
    expect(share.distinct).toBe(400);
  });
});

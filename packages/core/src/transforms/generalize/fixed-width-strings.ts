import { Type } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { makeUtf8Data, utf8View, type MapCounts } from '../../kernels/utf8.js';
import { rebasedValidity } from './fixed-out.js';

/** Writes exactly `width` bytes for a valid value at dst[o..]; returns false (writing nothing) for an invalid one. */
export type FixedWriter = (src: Uint8Array, s: number, e: number, dst: Uint8Array, o: number) => boolean;

/**
 * Fast path for string → fixed-width string kernels (division and region codes: 6 bytes) when
 * invalid values become null: the output buffer is sized once, offsets advance by `width`, no
 * per-value growth checks. Returns the invalid row (first) through `counts`; the caller handles
 * onInvalid error. Plain Utf8/LargeUtf8 only (dictionaries go through mapUtf8Data).
 */
export function mapFixedWidth(data: Data, width: number, write: FixedWriter, counts: MapCounts): { out: Data; firstInvalid: number } {
  const v = utf8View(data);
  const n = v.length;
  const src = v.values, so = v.offsets;
  const dst = new Uint8Array(n * width + 8);
  const offsets = new Int32Array(n + 1);
  let validity = rebasedValidity(data);
  let nullCount = data.nullCount;
  let invalid = 0;
  let firstInvalid = -1;
  let changed = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1) {
      const s = so[i]!, e = so[i + 1]!;
      if (write(src, s, e, dst, o)) {
        // Changed unless the value is already exactly these bytes.
        let same = e - s === width;
        for (let k = 0; same && k < width; k++) same = src[s + k] === dst[o + k];
        if (!same) changed++;
        o += width;
      } else {
        if (validity === null) validity = new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
        validity[i >> 3]! &= ~(1 << (i & 7));
        nullCount++;
        invalid++;
        changed++;
        if (firstInvalid < 0) firstInvalid = i;
      }
    }
    offsets[i + 1] = o;
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += changed;
  counts.invalid += invalid;
  return { out: makeUtf8Data(n, offsets, dst.subarray(0, o), validity, nullCount, data.typeId === Type.LargeUtf8), firstInvalid };
}

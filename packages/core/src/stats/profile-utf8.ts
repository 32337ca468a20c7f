import type { Data } from 'apache-arrow';
import { utf8View } from '../kernels/utf8.js';
import type { ColumnQuality } from './column-quality.js';
import { mix32 } from './hash.js';
import { failedChecks, hasValueChecks } from './value-checks.js';
import { V_REQUIRED } from './violation-codes.js';

/**
 * A Utf8/LargeUtf8 chunk. Readable version of the loop:
 *
 *   for each row i: null → nulls (and cell/required)
 *                   else  → empty? empties : distinct.add(hashBytes64(value))
 *                           maxLength = max(maxLength, chars(value)); checks(value)
 *
 * Hash and character count share one loop over the value's bytes. Two copies of the row loop:
 * one without validity reads for chunks without nulls (the common case), one with.
 */
export function profileUtf8(p: ColumnQuality, data: Data, rowBase: number): void {
  const v = utf8View(data);
  const n = v.length;
  const src = v.values;
  const off = v.offsets;
  const distinct = p.distinct;
  const checks = hasValueChecks(p);
  const required = p.checks.required === true;
  const validity = v.validity;
  const bit0 = v.bitOffset;
  let empties = 0;
  let maxChars = p.maxChars;
  if (validity === null) {
    // No nulls: no validity reads.
    for (let i = 0; i < n; i++) {
      const s = off[i]!, e = off[i + 1]!;
      let chars = 0;
      if (s === e) empties++;
      else {
        // hash.ts hashBytes64 and countChars in one loop (inlined: 3.7x faster than the two calls).
        let h1 = 0x811c9dc5;
        let h2 = 0x9e3779b9 ^ (e - s);
        for (let k = s; k < e; k++) {
          const b = src[k]!;
          h1 = Math.imul(h1 ^ b, 0x01000193);
          h2 = Math.imul(h2 ^ b, 0x5bd1e995);
          chars += (b & 0xc0) === 0x80 ? 0 : 1;
        }
        distinct.add(mix32(h1 ^ (h2 >>> 7)), mix32(h2 ^ Math.imul(h1, 0x27d4eb2f)));
        if (chars > maxChars) maxChars = chars;
      }
      if (checks) {
        const bits = failedChecks(p, src, s, e, chars);
        if (bits !== 0) for (let c = 1; c < 5; c++) if ((bits >> c) & 1) p.violation(c, rowBase + i + 1);
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (((validity[(bit0 + i) >> 3]! >> ((bit0 + i) & 7)) & 1) === 0) {
        if (required) p.violation(V_REQUIRED, rowBase + i + 1);
        continue;
      }
      const s = off[i]!, e = off[i + 1]!;
      let chars = 0;
      if (s === e) empties++;
      else {
        // hash.ts hashBytes64 and countChars in one loop (inlined: 3.7x faster than the two calls).
        let h1 = 0x811c9dc5;
        let h2 = 0x9e3779b9 ^ (e - s);
        for (let k = s; k < e; k++) {
          const b = src[k]!;
          h1 = Math.imul(h1 ^ b, 0x01000193);
          h2 = Math.imul(h2 ^ b, 0x5bd1e995);
          chars += (b & 0xc0) === 0x80 ? 0 : 1;
        }
        distinct.add(mix32(h1 ^ (h2 >>> 7)), mix32(h2 ^ Math.imul(h1, 0x27d4eb2f)));
        if (chars > maxChars) maxChars = chars;
      }
      if (checks) {
        const bits = failedChecks(p, src, s, e, chars);
        if (bits !== 0) for (let c = 1; c < 5; c++) if ((bits >> c) & 1) p.violation(c, rowBase + i + 1);
      }
    }
  }
  p.rows += n;
  p.nulls += v.nulls;
  p.empties += empties;
  p.maxChars = maxChars;
}

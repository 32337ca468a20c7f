import type { Data, Vector } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { indexArray, nullEntries } from '../kernels/dictionary.js';
import { dictionaryView, isStringType } from '../kernels/utf8.js';
import type { ColumnQuality } from './column-quality.js';
import { countChars, hashBytes64 } from './hash.js';
import { failedChecks, hasValueChecks } from './value-checks.js';
import { V_REQUIRED } from './violation-codes.js';

const NULL_ENTRY = 1 << V_REQUIRED;

/**
 * A dictionary chunk: the indices are counted once, then each entry some row uses is profiled
 * once and weighted by its count (kernels/dictionary.ts row semantics: a row is null when its
 * validity bit is 0 or its entry is null). Rows are visited a second time only to list the first
 * rows of a violation, when there is one.
 */
export function profileDictionary(p: ColumnQuality, data: Data, rowBase: number): void {
  const n = data.length;
  if (!isStringType((data.dictionary as Vector).type)) {
    // Dictionaries of numbers come from no reader of ours: count nulls, like other types.
    p.rows += n;
    p.nulls += data.nullCount;
    return;
  }
  const v = dictionaryView(data);
  const size = v.length;
  const idx = indexArray(data);
  const counts = new Float64Array(size);
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  let rowNulls = 0;
  if (bm === null) {
    for (let i = 0; i < n; i++) counts[idx[i]!]!++;
  } else {
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (((bm[j >> 3]! >> (j & 7)) & 1) === 0) rowNulls++;
      else counts[idx[i]!]!++;
    }
  }
  // A Float64Array indexed out of range drops the write: an index outside the dictionary shows as counts that do not add up.
  let counted = 0;
  for (let k = 0; k < size; k++) counted += counts[k]!;
  if (counted !== n - rowNulls) {
    throw new TuominError('BAD_INPUT', `a dictionary index of the batch at row ${rowBase + 1} is outside the dictionary's ${size} entries`, {},
      'the source file is damaged; export it again from the source system');
  }
  const entryNull = nullEntries(data.dictionary as Vector);
  const flags = new Uint8Array(size);
  const checks = hasValueChecks(p);
  const required = p.checks.required === true;
  const src = v.values;
  const o = v.offsets;
  const h = new Int32Array(2);
  let flagged = required && rowNulls > 0;
  let nulls = rowNulls;
  for (let k = 0; k < size; k++) {
    const c = counts[k]!;
    if (c === 0) continue;
    if (entryNull !== null && entryNull[k] === 1) {
      nulls += c;
      if (required) { flags[k] = NULL_ENTRY; flagged = true; }
      continue;
    }
    const s = o[k]!, e = o[k + 1]!;
    let chars = 0;
    if (s === e) p.empties += c;
    else {
      chars = countChars(src, s, e);
      hashBytes64(src, s, e, h);
      p.distinct.add(h[0]!, h[1]!);
      if (chars > p.maxChars) p.maxChars = chars;
    }
    if (checks) {
      const bits = failedChecks(p, src, s, e, chars);
      if (bits !== 0) {
        flags[k] = bits;
        flagged = true;
        for (let code = 1; code < 5; code++) if ((bits >> code) & 1) p.counts[code]! += c;
      }
    }
  }
  p.rows += n;
  p.nulls += nulls;
  if (flagged) listRows(p, data, idx, flags, rowBase, required);
}

/** The first rows of each violation (counts were added per entry); required counts rows here. */
function listRows(p: ColumnQuality, data: Data, idx: ArrayLike<number>, flags: Uint8Array, rowBase: number, required: boolean): void {
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  for (let i = 0; i < data.length; i++) {
    const j = off + i;
    if (bm !== null && ((bm[j >> 3]! >> (j & 7)) & 1) === 0) {
      if (required) p.violation(V_REQUIRED, rowBase + i + 1);
      continue;
    }
    const f = flags[idx[i]!]!;
    if (f === 0) continue;
    if (f === NULL_ENTRY) { p.violation(V_REQUIRED, rowBase + i + 1); continue; }
    for (let code = 1; code < 5; code++) {
      if ((f >> code) & 1) {
        const l = p.listed[code]!;
        if (l.length < 20) l.push(rowBase + i + 1);
      }
    }
  }
}

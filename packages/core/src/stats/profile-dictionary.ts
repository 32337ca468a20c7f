import type { Data, Vector } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { indexArray, nullEntries } from '../kernels/dictionary.js';
import { dictionaryView, isStringType, type Utf8View } from '../kernels/utf8.js';
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
  const d = prepared(p, data.dictionary as Vector);
  const v = d.view;
  const size = v.length;
  const idx = indexArray(data);
  const counts = d.counts;
  // Entries some row of this batch uses, in first-use order: the per-entry work and the reset of
  // `counts` touch only them, so a large dictionary shared by small batches costs per row, not per entry.
  const used: number[] = [];
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  let rowNulls = 0;
  if (bm === null) {
    for (let i = 0; i < n; i++) { const k = idx[i]!; if (counts[k]!++ === 0) used.push(k); }
  } else {
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (((bm[j >> 3]! >> (j & 7)) & 1) === 0) rowNulls++;
      else { const k = idx[i]!; if (counts[k]!++ === 0) used.push(k); }
    }
  }
  // A typed array drops writes outside its length: an index outside the dictionary shows as counts that do not add up.
  let counted = 0;
  for (const k of used) counted += counts[k]!;
  if (counted !== n - rowNulls) {
    for (const k of used) counts[k] = 0;
    throw new TuominError('BAD_INPUT', `a dictionary index of the batch at row ${rowBase + 1} is outside the dictionary's ${size} entries`, {},
      'the source file is damaged; export it again from the source system', { id: 'input.dictionaryIndex' });
  }
  const entryNull = d.entryNull;
  const checks = hasValueChecks(p);
  const required = p.checks.required === true;
  const src = v.values;
  const o = v.offsets;
  const h = new Int32Array(2);
  let flagged = required && rowNulls > 0;
  let nulls = rowNulls;
  const flags = d.flags;
  for (const k of used) {
    const c = counts[k]!;
    counts[k] = 0;
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
  if (flagged) {
    listRows(p, data, idx, flags, rowBase, required);
    for (const k of used) flags[k] = 0;
  }
}

interface PreparedDictionary {
  view: Utf8View;
  entryNull: Uint8Array | null;
  /** Per entry, zero between batches. */
  counts: Float64Array;
  flags: Uint8Array;
}

/** The flattened dictionary and per-entry scratch, once per dictionary (IPC batches share theirs). */
function prepared(p: ColumnQuality, dict: Vector): PreparedDictionary {
  let d = p.dictionaries.get(dict) as PreparedDictionary | undefined;
  if (d === undefined) {
    const view = dictionaryView({ dictionary: dict } as Data);
    d = { view, entryNull: nullEntries(dict), counts: new Float64Array(view.length), flags: new Uint8Array(view.length) };
    p.dictionaries.set(dict, d);
  }
  return d;
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

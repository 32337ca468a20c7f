import { Type } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { GrowableBytes } from '../../kernels/buffers.js';
import { makeUtf8Data, utf8View, type MapCounts } from '../../kernels/utf8.js';
import { nonDigits4 } from '../mask/presets/digits.js';
import type { Binner } from './binner.js';
import { daysInMonth } from '../../kernels/civil-date.js';
import { rebasedValidity } from './fixed-out.js';
import { idChecksumOk } from '../../kernels/id-number.js';
import type { ByteParser } from './parse-strings.js';

/** Ages below this get their band label from a table built once per plan. */
const AGE_TABLE = 256;

/** Label bytes per age, 0..AGE_TABLE-1: the loop copies bytes, never calls the binner. */
export interface AgeLabels {
  bytes: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  maxLen: number;
  /** Labels of up to 8 bytes as two little-endian words (zero-padded), written 4 bytes at a time. */
  lo: Int32Array;
  hi: Int32Array;
}

export function ageLabels(binner: Binner): AgeLabels {
  const out = new GrowableBytes(256);
  const start = new Int32Array(AGE_TABLE);
  const end = new Int32Array(AGE_TABLE);
  const probe = new GrowableBytes(32);
  let maxLen = 0;
  for (let a = 0; a < AGE_TABLE; a++) {
    probe.length = 0;
    binner.writeLabel(binner.slot(a), probe);
    start[a] = out.length;
    out.append(probe.buf, 0, probe.length);
    end[a] = out.length;
    if (probe.length > maxLen) maxLen = probe.length;
  }
  const bytes = out.finish();
  const lo = new Int32Array(AGE_TABLE), hi = new Int32Array(AGE_TABLE);
  if (maxLen <= 8) {
    const pad = new Uint8Array(8);
    const dv = new DataView(pad.buffer);
    for (let a = 0; a < AGE_TABLE; a++) {
      pad.fill(0);
      pad.set(bytes.subarray(start[a]!, end[a]!));
      lo[a] = dv.getInt32(0, true);
      hi[a] = dv.getInt32(4, true);
    }
  }
  return { bytes, start, end, maxLen, lo, hi };
}

/**
 * ID number → age band for a plain Utf8/LargeUtf8 chunk, invalid values becoming null. Readable
 * form of the loop (what the general plan does per value through mapUtf8Data):
 *   age = ageAt(idBirth(id), asOf); out = age is NaN ? null : label(binner.slot(age))
 * Inlined for 18-character IDs: 16 digits tested four at a time (nonDigits4), the birth date read
 * from its digits, the label copied from a per-age table. Other shapes (15-digit IDs) and ages
 * past the table take `parse` and the binner. Returns the first invalid row (or -1) for onInvalid: error.
 */
export function idAgeBands(
  data: Data, asOf: number, verify: boolean, parse: ByteParser, binner: Binner, labels: AgeLabels, counts: MapCounts,
): { out: Data; firstInvalid: number } {
  const v = utf8View(data);
  const n = v.length;
  const src = v.values, so = v.offsets;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const out = new GrowableBytes(n * labels.maxLen + 16);
  const offsets = new Int32Array(n + 1);
  let validity = rebasedValidity(data);
  const hadNulls = validity !== null;
  let nullCount = data.nullCount;
  let invalid = 0;
  let firstInvalid = -1;
  const ay = (asOf / 10000) | 0, amd = asOf % 10000;
  const lb = labels.bytes, ls = labels.start, le = labels.end, wlo = labels.lo, whi = labels.hi;
  const words = labels.maxLen <= 8;
  let ov = new DataView(out.buf.buffer, out.buf.byteOffset, out.buf.byteLength);
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (hadNulls && ((validity![i >> 3]! >> (i & 7)) & 1) === 0) { offsets[i + 1] = o; continue; }
    const s = so[i]!, e = so[i + 1]!;
    let age = -1;
    if (e - s === 18) {
      const bad = nonDigits4(dv.getUint32(s, true)) | nonDigits4(dv.getUint32(s + 4, true))
        | nonDigits4(dv.getUint32(s + 8, true)) | nonDigits4(dv.getUint32(s + 12, true));
      const d16 = src[s + 16]! - 48;
      const x = src[s + 17]!;
      if (bad === 0 && d16 >= 0 && d16 <= 9 && ((x >= 48 && x <= 57) || x === 88 || x === 120) && (!verify || idChecksumOk(src, s))) {
        const y = (src[s + 6]! - 48) * 1000 + (src[s + 7]! - 48) * 100 + (src[s + 8]! - 48) * 10 + (src[s + 9]! - 48);
        const m = (src[s + 10]! - 48) * 10 + (src[s + 11]! - 48);
        const d = (src[s + 12]! - 48) * 10 + (src[s + 13]! - 48);
        if (m >= 1 && m <= 12 && d >= 1 && (d <= 28 || d <= daysInMonth(y, m))) age = ay - y - (amd < m * 100 + d ? 1 : 0);
      }
    } else {
      const a = parse(src, s, e);
      if (a === a) age = a;
    }
    if (age < 0) {
      if (validity === null) validity = new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
      validity[i >> 3]! &= ~(1 << (i & 7));
      nullCount++;
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
    } else if (age < AGE_TABLE) {
      if (words) {
        // Eight bytes written, the label's length kept: the padding is overwritten by the next
        // label or cut off by finish(). The buffer has maxLen bytes per row plus 16 of slack.
        ov.setInt32(o, wlo[age]!, true);
        ov.setInt32(o + 4, whi[age]!, true);
        o += le[age]! - ls[age]!;
      } else {
        const a = ls[age]!, b = le[age]!;
        const dst = out.buf;
        for (let k = a; k < b; k++) dst[o++] = lb[k]!;
      }
    } else {
      out.length = o;
      binner.writeLabel(binner.slot(age), out);
      o = out.length;
      // A label longer than maxLen ate into the slack the 8-byte writes rely on: restore it.
      out.reserve((n - i) * labels.maxLen + 16);
      if (out.buf.buffer !== ov.buffer) ov = new DataView(out.buf.buffer, out.buf.byteOffset, out.buf.byteLength);
    }
    offsets[i + 1] = o;
  }
  out.length = o;
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  // Every non-null value changes: it becomes a band label or null.
  counts.valuesChanged += n - data.nullCount;
  counts.invalid += invalid;
  return { out: makeUtf8Data(n, offsets, out.finish(), validity, nullCount, data.typeId === Type.LargeUtf8), firstInvalid };
}

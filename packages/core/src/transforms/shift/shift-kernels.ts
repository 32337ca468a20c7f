import { Type } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { GrowableBytes } from '../../kernels/buffers.js';
import { makeUtf8Data, utf8View, type MapCounts } from '../../kernels/utf8.js';
import { civilFromDays, daysFromCivil, int32Halves, readInt64, writeInt64 } from '../../kernels/civil-date.js';
import { newParsedDate, parseDateBytes } from '../generalize/date-bytes.js';
import { makeFixedData, rebasedValidity } from '../generalize/fixed-out.js';
import { BAD_ERROR, BAD_KEEP, invalidValueError } from '../generalize/on-invalid.js';
import { NO_ENTITY } from './entity-offsets.js';

function validityWith(data: Data, n: number): Uint8Array {
  return rebasedValidity(data) ?? new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
}

/** Date32: day + offset. Rows without an entity become null (counted as invalid). */
export function shiftDate32(data: Data, offsets: Int32Array, counts: MapCounts): Data {
  const n = data.length;
  const src = data.values as Int32Array;
  const out = new Int32Array(n);
  const validity = validityWith(data, n);
  let nulls = data.nullCount;
  let lost = 0;
  for (let i = 0; i < n; i++) {
    const o = offsets[i]!;
    if (o === NO_ENTITY) {
      if ((validity[i >> 3]! >> (i & 7)) & 1) { validity[i >> 3]! &= ~(1 << (i & 7)); nulls++; lost++; }
      continue;
    }
    out[i] = src[i]! + o;
  }
  count(counts, n, data.nullCount, lost);
  return makeFixedData(data.type, n, out, validity, nulls);
}

/** 64-bit times (Date64, Timestamp): + offset × units per day. Micro/nanoseconds use BigInt to stay exact. */
export function shiftInt64Time(data: Data, offsets: Int32Array, unitsPerDay: number, counts: MapCounts): Data {
  const n = data.length;
  const src = data.values as BigInt64Array;
  const res = new BigInt64Array(n);
  const validity = validityWith(data, n);
  let nulls = data.nullCount;
  let lost = 0;
  const exact = unitsPerDay <= 86_400_000;
  const a = int32Halves(src), b = int32Halves(res);
  const ud = BigInt(unitsPerDay);
  for (let i = 0; i < n; i++) {
    const o = offsets[i]!;
    if (o === NO_ENTITY) {
      if ((validity[i >> 3]! >> (i & 7)) & 1) { validity[i >> 3]! &= ~(1 << (i & 7)); nulls++; lost++; }
      continue;
    }
    if (exact) writeInt64(b, i, readInt64(a, i) + o * unitsPerDay);
    else res[i] = src[i]! + BigInt(o) * ud;
  }
  count(counts, n, data.nullCount, lost);
  return makeFixedData(data.type, n, res, validity, nulls);
}

function count(counts: MapCounts, n: number, nulls: number, lost: number): void {
  counts.rowsSeen += n;
  counts.nulls += nulls;
  counts.valuesChanged += n - nulls;
  counts.invalid += lost;
}

const pad2 = (b: Uint8Array, o: number, v: number): void => { b[o] = 48 + ((v / 10) | 0); b[o + 1] = 48 + (v % 10); };

/**
 * Date strings in the accepted formats → shifted, written as YYYY-MM-DD (plus " HH:mm:ss" when the
 * input had a time, and ".fff" when it had fractional seconds, kept to the millisecond). Unparseable values: null (default), keep, or error.
 */
export function shiftDateStrings(data: Data, offsets: Int32Array, badCode: number, counts: MapCounts, column: string, rowBase: number): Data {
  // Dictionary date columns are decoded row by row here: one entry may belong to many entities.
  const v = utf8View(data);
  const n = v.length;
  const out = new GrowableBytes(n * 10 + 16);
  const oo = new Int32Array(n + 1);
  const validity = validityWith(data, n);
  const p = newParsedDate();
  let nulls = data.nullCount;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    if (((validity[i >> 3]! >> (i & 7)) & 1) === 1) {
      const s = v.offsets[i]!, e = v.offsets[i + 1]!;
      const o = offsets[i]!;
      if (o !== NO_ENTITY && parseDateBytes(v.values, s, e, p)) {
        const ymd = civilFromDays(daysFromCivil(p.y, p.m, p.d) + o);
        out.reserve(23);
        const b = out.buf;
        const y = (ymd / 10000) | 0;
        let w = out.length;
        pad2(b, w, (y / 100) | 0); pad2(b, w + 2, y % 100); b[w + 4] = 45;
        pad2(b, w + 5, ((ymd / 100) | 0) % 100); b[w + 7] = 45; pad2(b, w + 8, ymd % 100);
        w += 10;
        if (p.secs >= 0) {
          b[w] = 32; pad2(b, w + 1, (p.secs / 3600) | 0); b[w + 3] = 58; pad2(b, w + 4, ((p.secs / 60) | 0) % 60); b[w + 6] = 58; pad2(b, w + 7, p.secs % 60);
          w += 9;
          if (p.ms > 0) {
            // Fractional seconds survive the shift (to the millisecond the parser keeps).
            b[w] = 46; b[w + 1] = 48 + ((p.ms / 100) | 0); pad2(b, w + 2, p.ms % 100);
            w += 4;
          }
        }
        out.length = w;
      } else {
        if (badCode === BAD_ERROR) throw invalidValueError(column, 'date-shift', rowBase + i + 1, o === NO_ENTITY ? 'a row with an entity' : 'a date');
        invalid++;
        if (badCode === BAD_KEEP && o !== NO_ENTITY) out.append(v.values, s, e);
        else { validity[i >> 3]! &= ~(1 << (i & 7)); nulls++; }
      }
    }
    oo[i + 1] = out.length;
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += n - data.nullCount;
  counts.invalid += invalid;
  return makeUtf8Data(n, oo, out.finish(), validity, nulls, data.typeId === Type.LargeUtf8);
}

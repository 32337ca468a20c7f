import { Type } from 'apache-arrow';
import type { Data, Field } from 'apache-arrow';
import { CHANGED, isStringType, KEEP, type MapCounts, type Utf8Kernel } from '../../kernels/utf8.js';
import { makeFixedData, rebasedValidity } from './fixed-out.js';
import { levelDigits, type RegionLevel } from './id-parts.js';
import { BAD_ERROR, BAD_KEEP, invalidValueError, writeInvalid } from './on-invalid.js';
import { unsupportedType, type ColumnPlan } from './column-transform.js';
import { utf8Plan } from './utf8-plan.js';
import { withFixedWidthFastPath } from './fast-path.js';
import type { FixedWriter } from './fixed-width-strings.js';

/**
 * GB/T 2260 division codes (6 digits; the 9- and 12-digit statistical codes are accepted and cut
 * to 6) → a higher level, zero-padded: 371602 → city 371600 → province 370000.
 */
export function divisionKernel(level: RegionLevel, badCode: number): Utf8Kernel {
  const keep = levelDigits(level);
  return (src, s, e, out) => {
    const n = e - s;
    let ok = n === 6 || n === 9 || n === 12;
    for (let i = s; ok && i < e; i++) { const c = src[i]! - 48; if (c < 0 || c > 9) ok = false; }
    if (!ok || src[s] === 48) return writeInvalid(badCode, src, s, e, out);
    out.reserve(6);
    const b = out.buf;
    let o = out.length;
    let same = n === 6;
    for (let i = 0; i < keep; i++) b[o++] = src[s + i]!;
    for (let i = keep; i < 6; i++) { if (src[s + i] !== 48) same = false; b[o++] = 48; }
    out.length = o;
    return same ? KEEP : CHANGED;
  };
}

/** Integer division codes (100000..999999) → same type, zero-padded to the level. */
export function divisionInts(data: Data, level: RegionLevel, counts: MapCounts, badCode: number, column: string, rowBase: number): Data {
  const div = level === 'province' ? 10000 : level === 'city' ? 100 : 1;
  const src = data.values as Int32Array;
  const n = data.length;
  const out = new (src.constructor as Int32ArrayConstructor)(n);
  const validity = rebasedValidity(data) ?? new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
  let nulls = data.nullCount;
  let changed = 0;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    if (((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const v = src[i]!;
    if (v < 100000 || v > 999999) {
      if (badCode === BAD_ERROR) throw invalidValueError(column, 'generalize', rowBase + i + 1, 'a 6-digit division code');
      invalid++;
      if (badCode === BAD_KEEP) { out[i] = v; continue; }
      validity[i >> 3]! &= ~(1 << (i & 7));
      nulls++;
      continue;
    }
    const t = v - (v % div);
    out[i] = t;
    if (t !== v) changed++;
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += changed + (nulls - data.nullCount);
  counts.invalid += invalid;
  return makeFixedData(data.type, n, out, validity, nulls);
}

/** Division code → higher level into a fixed-width buffer (fast path). */
export function divisionWriter(level: RegionLevel): FixedWriter {
  const keep = levelDigits(level);
  return (src, s, e, dst, o) => {
    const n = e - s;
    if ((n !== 6 && n !== 9 && n !== 12) || src[s] === 48) return false;
    for (let i = s; i < e; i++) { const c = src[i]! - 48; if (c < 0 || c > 9) return false; }
    for (let i = 0; i < keep; i++) dst[o + i] = src[s + i]!;
    for (let i = keep; i < 6; i++) dst[o + i] = 48;
    return true;
  };
}

export function divisionPlan(rule: string, field: Field, level: RegionLevel, badCode: number): ColumnPlan {
  if (isStringType(field.type)) {
    const general = utf8Plan(rule, field, divisionKernel(level, badCode), badCode, 'a division code');
    return withFixedWidthFastPath(general, field, divisionWriter(level), badCode, rule, 'a division code');
  }
  const bw = (field.type as unknown as { bitWidth?: number }).bitWidth;
  if (field.type.typeId === Type.Int && bw === 32) {
    return { kernel: (d, c, base) => divisionInts(d, level, c, badCode, field.name, base) };
  }
  throw unsupportedType(rule, field, 'a string or Int32 column of division codes');
}

import { Float64, Type, Utf8 } from 'apache-arrow';
import type { Data, DataType, Field } from 'apache-arrow';
import { GrowableBytes } from '../../kernels/buffers.js';
import { CHANGED, isStringType, makeUtf8Data, type MapCounts, type Utf8Kernel } from '../../kernels/utf8.js';
import { Binner, type BinSpec } from './binner.js';
import { int32Halves, readInt64, writeInt64 } from '../../kernels/civil-date.js';
import { makeFixedData, rebasedValidity } from './fixed-out.js';
import { BAD_ERROR, invalidValueError, writeInvalid } from './on-invalid.js';
import { unsupportedType, type ColumnPlan } from './column-transform.js';
import { utf8Plan } from './utf8-plan.js';

type NumArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

/** Int and Float32/64 columns. Float16 values are half-float bits in a Uint16Array: not read as numbers. */
const isNumeric = (t: DataType): boolean => t.typeId === Type.Int || (t.typeId === Type.Float && (t as unknown as { precision: number }).precision !== 0);
const is64 = (t: DataType): boolean => t.typeId === Type.Int && (t as unknown as { bitWidth: number }).bitWidth === 64;

/**
 * Numbers → bin labels (Utf8). Readable version of the loop:
 *   out[i] = valid(i) ? binner.labelText(binner.slot(values[i])) : null
 * NaN (Float columns) becomes an invalid value: null, or an error with onInvalid error.
 */
export function numbersToLabels(data: Data, binner: Binner, counts: MapCounts, badCode: number, column: string, rowBase: number): Data {
  const n = data.length;
  const wide = is64(data.type);
  const halves = wide ? int32Halves(data.values as BigInt64Array) : null;
  const src = wide ? null : (data.values as NumArray);
  const offsets = new Int32Array(n + 1);
  const out = new GrowableBytes(n * 8 + 16);
  let validity = rebasedValidity(data);
  let nullCount = data.nullCount;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    if (validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1) {
      const v = halves !== null ? readInt64(halves, i) : src![i]!;
      const slot = binner.slot(v);
      if (slot >= 0) binner.writeLabel(slot, out);
      else {
        if (badCode === BAD_ERROR) throw invalidValueError(column, 'generalize', rowBase + i + 1, 'a number');
        invalid++;
        if (validity === null) validity = new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
        validity[i >> 3]! &= ~(1 << (i & 7));
        nullCount++;
      }
    }
    offsets[i + 1] = out.length;
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += n - data.nullCount;
  counts.invalid += invalid;
  return makeUtf8Data(n, offsets, out.finish(), validity, nullCount);
}

/** Numbers → the lower bound of their bin, same type (top and bottom coding clamp). */
export function numbersToLower(data: Data, binner: Binner, counts: MapCounts, badCode: number, column: string, rowBase: number): Data {
  const n = data.length;
  let changed = 0;
  let invalid = 0;
  let validity = rebasedValidity(data);
  let res: ArrayBufferView;
  if (is64(data.type)) {
    const a = int32Halves(data.values as BigInt64Array);
    const r = new BigInt64Array(n);
    const b = int32Halves(r);
    for (let i = 0; i < n; i++) {
      const v = readInt64(a, i);
      const t = binner.lower(binner.slot(v));
      writeInt64(b, i, t);
      if (t !== v) changed++;
    }
    res = r;
  } else {
    const src = data.values as NumArray;
    const r = new (src.constructor as { new (n: number): NumArray })(n);
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const slot = binner.slot(v);
      if (slot < 0) {
        // NaN in a float column: not a number, so an invalid value, as on the label path. Under a
        // null the placeholder may be NaN too; only valid slots count.
        if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
        if (badCode === BAD_ERROR) throw invalidValueError(column, 'generalize', rowBase + i + 1, 'a number');
        if (validity === null) validity = new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
        validity[i >> 3]! &= ~(1 << (i & 7));
        invalid++;
        continue;
      }
      const t = binner.lower(slot);
      r[i] = t;
      if (t !== v) changed++;
    }
    res = r;
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.invalid += invalid;
  counts.valuesChanged += changed + invalid; // null slots are counted too when their placeholder moved; close enough for a count of work
  return makeFixedData(data.type, n, res, validity, data.nullCount + invalid);
}

/** Numeric strings ("35", "12.5") → bin labels. */
export function numericStringBinKernel(binner: Binner, badCode: number): Utf8Kernel {
  return (src, s, e, out) => {
    const slot = binner.slot(parseNumber(src, s, e));
    if (slot < 0) return writeInvalid(badCode, src, s, e, out);
    binner.writeLabel(slot, out);
    return CHANGED;
  };
}

/** Numeric strings → lower bound as Float64; unparseable values follow onInvalid (null or error). */
export function numericStringsToLower(data: Data, binner: Binner, counts: MapCounts, badCode: number, column: string, rowBase: number): Data {
  const p = parseStrings(data, parseNumber);
  if (p.invalid > 0 && badCode === BAD_ERROR) throw invalidValueError(column, 'generalize', rowBase + p.firstInvalid + 1, 'a number');
  const n = data.length;
  const v = p.values;
  for (let i = 0; i < n; i++) v[i] = binner.lower(Math.max(binner.slot(v[i]!), 0));
  counts.rowsSeen += n;
  counts.nulls += p.nulls;
  counts.valuesChanged += n - p.nulls;
  counts.invalid += p.invalid;
  return makeFixedData(new Float64(), n, v, p.validity, p.nulls + p.invalid);
}

import { parseNumberBytes as parseNumber } from './number-bytes.js';
import { parseStrings } from './parse-strings.js';
import { decimalToFloat64 } from '../../kernels/decimal.js';

export function binsPlan(rule: string, field: Field, spec: BinSpec, badCode: number): ColumnPlan {
  const binner = new Binner(spec);
  const lower = spec.output === 'lower';
  if (isNumeric(field.type)) {
    if (lower) return { kernel: (d, c, base) => numbersToLower(d, binner, c, badCode, field.name, base) };
    return { type: new Utf8(), kernel: (d, c, base) => numbersToLabels(d, binner, c, badCode, field.name, base) };
  }
  if (field.type.typeId === Type.Decimal) {
    // A band is no stored value: the decimal is read as its correctly rounded double
    // (kernels/decimal.ts); a value within one part in 10^16 of a band's edge may fall on the edge.
    const asDouble = (d: Data): Data => makeFixedData(new Float64(), d.length, decimalToFloat64(d), rebasedValidity(d), d.nullCount);
    if (lower) return { type: new Float64(), kernel: (d, c, base) => numbersToLower(asDouble(d), binner, c, badCode, field.name, base) };
    return { type: new Utf8(), kernel: (d, c, base) => numbersToLabels(asDouble(d), binner, c, badCode, field.name, base) };
  }
  if (isStringType(field.type)) {
    if (lower) return { type: new Float64(), kernel: (d, c, base) => numericStringsToLower(d, binner, c, badCode, field.name, base) };
    return utf8Plan(rule, field, numericStringBinKernel(binner, badCode), badCode, 'a number');
  }
  throw unsupportedType(rule, field, 'an integer, float, decimal or numeric-string column');
}

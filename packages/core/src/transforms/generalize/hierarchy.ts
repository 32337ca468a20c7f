import { Type, Utf8 } from 'apache-arrow';
import type { Data, Field } from 'apache-arrow';
import { GrowableBytes } from '../../kernels/buffers.js';
import { CHANGED, isStringType, KEEP, makeUtf8Data, type MapCounts, type Utf8Kernel } from '../../kernels/utf8.js';
import { ByteMap } from './byte-map.js';
import { rebasedValidity } from './fixed-out.js';
import { BAD_ERROR, BAD_KEEP, BAD_STAR, invalidValueError, writeInvalid } from './on-invalid.js';
import { unsupportedType, type ColumnPlan } from './column-transform.js';
import { utf8Plan } from './utf8-plan.js';

/**
 * A generalization hierarchy held in memory: one row per original value, column 0 the value,
 * column k its generalization at level k (the ARX CSV layout of ../shared/reference/adult/,
 * already parsed by the caller; core never reads files).
 */
export interface HierarchyTable {
  rows: string[][];
}

/** The compiled lookup: original bytes → output bytes at one level. */
export class HierarchyLookup {
  readonly map = new ByteMap();
  readonly out = new GrowableBytes(1024);
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly same: boolean[] = [];

  constructor(table: HierarchyTable, level: number) {
    const enc = new TextEncoder();
    table.rows.forEach((row, r) => {
      if (row.length === 0 || (row.length === 1 && row[0] === '')) return;
      if (level >= row.length) {
        throw new RangeError(`hierarchy row ${r + 1} has ${row.length} levels (0..${row.length - 1}); level ${level} is not there`);
      }
      const key = enc.encode(row[0]!);
      const val = enc.encode(row[level]!);
      this.starts.push(this.out.length);
      this.out.append(val, 0, val.length);
      this.ends.push(this.out.length);
      this.same.push(row[0] === row[level]);
      this.map.set(key, 0, key.length, this.starts.length - 1);
    });
  }
}

export function hierarchyKernel(h: HierarchyLookup, badCode: number): Utf8Kernel {
  return (src, s, e, out) => {
    const k = h.map.get(src, s, e);
    if (k < 0) return writeInvalid(badCode, src, s, e, out);
    out.append(h.out.buf, h.starts[k]!, h.ends[k]!);
    return h.same[k] ? KEEP : CHANGED;
  };
}

/** Integer columns (ages in the adult hierarchy): the number's decimal text is the key. */
function intsThroughHierarchy(data: Data, h: HierarchyLookup, badCode: number, counts: MapCounts, column: string, rowBase: number): Data {
  const n = data.length;
  const src = data.values as Int32Array;
  const offsets = new Int32Array(n + 1);
  const out = new GrowableBytes(n * 4 + 16);
  const validity = rebasedValidity(data) ?? new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
  const key = new Uint8Array(24);
  let nullCount = data.nullCount;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    if (((validity[i >> 3]! >> (i & 7)) & 1) === 1) {
      const klen = writeInt(key, src[i]!);
      const k = h.map.get(key, 0, klen);
      if (k >= 0) out.append(h.out.buf, h.starts[k]!, h.ends[k]!);
      else {
        if (badCode === BAD_ERROR) throw invalidValueError(column, 'generalize', rowBase + i + 1, 'a value of the hierarchy');
        invalid++;
        if (badCode === BAD_KEEP) out.append(key, 0, klen);
        else if (badCode === BAD_STAR) out.push(42);
        else { validity[i >> 3]! &= ~(1 << (i & 7)); nullCount++; }
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

function writeInt(buf: Uint8Array, v: number): number {
  let o = 0;
  if (v < 0) { buf[o++] = 45; v = -v; }
  const start = o;
  do { buf[o++] = 48 + (v % 10); v = Math.floor(v / 10); } while (v > 0);
  buf.subarray(start, o).reverse();
  return o;
}

export function hierarchyPlan(rule: string, field: Field, table: HierarchyTable, level: number, badCode: number): ColumnPlan {
  const h = new HierarchyLookup(table, level);
  if (isStringType(field.type)) return utf8Plan(rule, field, hierarchyKernel(h, badCode), badCode, 'a value of the hierarchy');
  const bw = (field.type as unknown as { bitWidth?: number }).bitWidth;
  if (field.type.typeId === Type.Int && bw !== undefined && bw <= 32) {
    return { type: new Utf8(), kernel: (d, c, base) => intsThroughHierarchy(d, h, badCode, c, field.name, base) };
  }
  throw unsupportedType(rule, field, 'a string or integer (up to 32-bit) column');
}

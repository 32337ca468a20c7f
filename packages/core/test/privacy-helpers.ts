import { Dictionary, Field, Int32, Schema, Utf8, makeData, makeVector } from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { batchFromColumns, makeUtf8Data } from '../src/internal.js';

const enc = new TextEncoder();

/** A Utf8 (or LargeUtf8) column from strings; null entries become nulls. */
export function strData(values: Array<string | null>, large = false): Data {
  const parts = values.map((v) => enc.encode(v ?? ''));
  const offsets = new Int32Array(values.length + 1);
  let total = 0;
  parts.forEach((p, i) => { total += p.length; offsets[i + 1] = total; });
  const bytes = new Uint8Array(total);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  const nulls = values.filter((v) => v === null).length;
  let validity: Uint8Array | null = null;
  if (nulls) {
    validity = new Uint8Array(((values.length + 63) >> 6) << 3);
    values.forEach((v, i) => { if (v !== null) validity![i >> 3]! |= 1 << (i & 7); });
  }
  return makeUtf8Data(values.length, offsets, bytes, validity, nulls, large);
}

/** A dictionary<Int32, Utf8> column from strings. */
export function dictData(values: Array<string | null>): Data {
  const distinct = [...new Set(values.filter((v): v is string => v !== null))];
  const idx = new Int32Array(values.map((v) => (v === null ? 0 : distinct.indexOf(v))));
  const nulls = values.filter((v) => v === null).length;
  let validity: Uint8Array | null = null;
  if (nulls) {
    validity = new Uint8Array(((values.length + 63) >> 6) << 3);
    values.forEach((v, i) => { if (v !== null) validity![i >> 3]! |= 1 << (i & 7); });
  }
  const dictVec = makeVector(strData(distinct) as Data<Utf8>);
  return makeData({ type: new Dictionary(new Utf8(), new Int32()), length: values.length, nullCount: nulls, nullBitmap: validity, data: idx, dictionary: dictVec } as never) as Data;
}

export function intData(values: Array<number | null>): Data {
  const nulls = values.filter((v) => v === null).length;
  let validity: Uint8Array | null = null;
  if (nulls) {
    validity = new Uint8Array(((values.length + 63) >> 6) << 3);
    values.forEach((v, i) => { if (v !== null) validity![i >> 3]! |= 1 << (i & 7); });
  }
  return makeData({ type: new Int32(), length: values.length, nullCount: nulls, nullBitmap: validity, data: new Int32Array(values.map((v) => v ?? 0)) });
}

/** A batch of string columns (plain Utf8 unless `kinds` says dict or large). */
export function table(columns: Record<string, Array<string | null>>, kinds: Record<string, 'utf8' | 'dict' | 'large'> = {}): RecordBatch {
  const names = Object.keys(columns);
  const data = names.map((n) => (kinds[n] === 'dict' ? dictData(columns[n]!) : strData(columns[n]!, kinds[n] === 'large')));
  const schema = new Schema(names.map((n, i) => new Field(n, data[i]!.type as DataType, true)));
  return batchFromColumns(schema, data, columns[names[0]!]!.length);
}

export function schemaOf(batch: RecordBatch): Schema {
  return batch.schema;
}

/** Seeded PRNG for repeatable test tables (the one mulberry32 of fixtures/lib/rng.ts). */
export { mulberry32 as mulberry } from '../../../fixtures/lib/rng.js';

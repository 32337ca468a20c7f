import { makeData, Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { batchColumns, batchFromColumns, columnData } from '../../kernels/batch.js';
import { GrowableBytes } from '../../kernels/buffers.js';

/**
 * The rows of `batch` whose `mask` byte is 1 (`count` of them), as a new batch with the same
 * schema. Handles fixed-width, boolean, (Large)Utf8/Binary and dictionary columns; dictionaries
 * are reused, only indices are copied.
 */
export function takeRows(batch: RecordBatch, mask: Uint8Array, count: number): RecordBatch {
  const cols: Data[] = [];
  for (let c = 0; c < batchColumns(batch).length; c++) cols.push(takeData(columnData(batch, c), mask, count, batch.schema.fields[c]!.name));
  return batchFromColumns(batch.schema, cols, count);
}

function takeValidity(data: Data, mask: Uint8Array, count: number): { bitmap: Uint8Array | null; nulls: number } {
  if (data.nullCount === 0 || !data.nullBitmap) return { bitmap: null, nulls: 0 };
  const src = data.nullBitmap;
  const off = data.offset;
  const out = new Uint8Array(((count + 63) >> 6) << 3);
  let o = 0;
  let nulls = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    const j = off + i;
    if ((src[j >> 3]! >> (j & 7)) & 1) out[o >> 3]! |= 1 << (o & 7);
    else nulls++;
    o++;
  }
  return { bitmap: out, nulls };
}

function takeData(data: Data, mask: Uint8Array, count: number, column: string): Data {
  const { bitmap, nulls } = takeValidity(data, mask, count);
  const t = data.typeId;
  const base = { type: data.type, length: count, nullCount: nulls, nullBitmap: bitmap };
  if (t === Type.Utf8 || t === Type.Binary || t === Type.LargeUtf8 || t === Type.LargeBinary) {
    const so = data.valueOffsets as Int32Array | BigInt64Array;
    const src = data.values as Uint8Array;
    const out = new GrowableBytes(64);
    const large = so instanceof BigInt64Array;
    const oo = large ? new BigInt64Array(count + 1) : new Int32Array(count + 1);
    let o = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 0) continue;
      out.append(src, Number(so[i]!), Number(so[i + 1]!));
      o++;
      if (large) (oo as BigInt64Array)[o] = BigInt(out.length);
      else (oo as Int32Array)[o] = out.length;
    }
    return makeData({ ...base, valueOffsets: oo, data: out.finish() } as never) as Data;
  }
  if (t === Type.Bool) {
    const src = data.values as Uint8Array;
    const out = new Uint8Array(((count + 63) >> 6) << 3);
    let o = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 0) continue;
      const j = data.offset + i;
      if ((src[j >> 3]! >> (j & 7)) & 1) out[o >> 3]! |= 1 << (o & 7);
      o++;
    }
    return makeData({ ...base, data: out } as never) as Data;
  }
  if (t === Type.Dictionary || t === Type.Int || t === Type.Float || t === Type.Date || t === Type.Timestamp ||
      t === Type.Time || t === Type.Decimal || t === Type.FixedSizeBinary || t === Type.Interval || t === Type.Duration) {
    const src = data.values as unknown as { length: number; constructor: new (n: number) => { [k: number]: unknown } } & ArrayLike<unknown>;
    const stride = (data as unknown as { stride: number }).stride || 1;
    const out = new src.constructor(count * stride) as unknown as { [k: number]: unknown };
    let o = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 0) continue;
      for (let k = 0; k < stride; k++) out[o * stride + k] = src[i * stride + k];
      o++;
    }
    const extra = t === Type.Dictionary ? { dictionary: data.dictionary } : {};
    return makeData({ ...base, data: out, ...extra } as never) as Data;
  }
  if (t === Type.Null) return makeData({ type: data.type, length: count, nullCount: count } as never) as Data;
  throw new TuominError('UNSUPPORTED', `cannot remove rows from a ${String(data.type)} column`, { column },
    'use onInvalid: null instead of reject-row for tables with nested columns');
}

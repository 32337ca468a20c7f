import { Type, type Data } from 'apache-arrow';
import type { ColumnQuality } from './column-quality.js';
import type { DeclaredType } from './conform.js';
import { hashBytes64 } from './hash.js';
import { V_REQUIRED, V_TYPE } from './violation-codes.js';

/**
 * A typed chunk (after a cast rule, or from Parquet/IPC/NDJSON): nulls, distinct values by the
 * hash of each value's bytes, and whether the Arrow type fits the declared type (a column
 * declared `integer` that holds doubles: every non-null value is counted, no rows listed).
 * arrow-js narrows `values` of a sliced chunk to the slice (value i at i * stride), except for
 * Bool, whose bits keep the chunk's offset; 64-bit values are hashed whole, so nanosecond
 * timestamps one apart stay distinct.
 */
export function profileFixed(p: ColumnQuality, data: Data, rowBase: number): void {
  const n = data.length;
  const nulls = data.nullCount;
  const bm = nulls > 0 ? data.nullBitmap : null;
  const off = data.offset;
  if (nulls > 0 && p.checks.required === true) {
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (bm !== null && ((bm[j >> 3]! >> (j & 7)) & 1) === 0) p.violation(V_REQUIRED, rowBase + i + 1);
    }
  }
  if (!typeFits(data.typeId, p.checks.type ?? 'string') && n > nulls) p.counts[V_TYPE]! += n - nulls;
  p.rows += n;
  p.nulls += nulls;
  const values = data.values as (ArrayLike<number> & ArrayBufferView & { BYTES_PER_ELEMENT: number }) | undefined;
  if (values === undefined || values === null) return;
  const h = new Int32Array(2);
  if (data.typeId === Type.Bool) {
    const bits = values as unknown as Uint8Array;
    const one = new Uint8Array(1);
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (bm !== null && ((bm[j >> 3]! >> (j & 7)) & 1) === 0) continue;
      one[0] = (bits[j >> 3]! >> (j & 7)) & 1;
      hashBytes64(one, 0, 1, h);
      p.distinct.add(h[0]!, h[1]!);
    }
    return;
  }
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const width = values.BYTES_PER_ELEMENT * (data.stride ?? 1);
  for (let i = 0; i < n; i++) {
    if (bm !== null) {
      const j = off + i;
      if (((bm[j >> 3]! >> (j & 7)) & 1) === 0) continue;
    }
    hashBytes64(bytes, i * width, (i + 1) * width, h);
    p.distinct.add(h[0]!, h[1]!);
  }
}

function typeFits(typeId: Type, declared: DeclaredType): boolean {
  switch (declared) {
    case 'integer': return typeId === Type.Int;
    case 'number': return typeId === Type.Int || typeId === Type.Float || typeId === Type.Decimal;
    case 'boolean': return typeId === Type.Bool;
    case 'date': return typeId === Type.Date;
    case 'datetime': return typeId === Type.Timestamp || typeId === Type.Date;
    case 'string': return false;
  }
}

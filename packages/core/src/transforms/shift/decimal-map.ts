import type { Data, Field } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import type { MapCounts } from '../../kernels/utf8.js';
import { decimalShape, precisionLimit, unscaledBig, unscaledSafe, writeUnscaledBig, writeUnscaledSafe } from '../../kernels/decimal.js';
import { makeFixedData, rebasedValidity } from '../generalize/fixed-out.js';

/**
 * A rule's arithmetic on the unscaled integers of a DECIMAL(p, s) column (kernels/decimal.ts):
 * `safe` while a value and its result are within ±2^53, `big` otherwise, so the result is exact at
 * the column's scale and keeps the column's type (round and noise on amounts that are published as
 * DECIMAL, never as a float). `safe` returns NaN to hand a value to `big`.
 */
export interface DecimalMap {
  safe(u: number, row: number): number;
  big(u: bigint, row: number): bigint;
}

export function mapDecimals(data: Data, field: Field, rule: string, f: DecimalMap, counts: MapCounts, rowBase: number): Data {
  const { precision, scale, stride } = decimalShape(data.type)!;
  const n = data.length;
  const words = data.values as Uint32Array;
  const out = new Uint32Array(n * stride);
  const validity = rebasedValidity(data);
  const limit = precisionLimit(precision);
  const safeLimit = precision < 16 ? 10 ** precision : Infinity;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const u = unscaledSafe(words, i, stride);
    let r = u === u ? f.safe(u, i) : NaN;
    if (r === r && Number.isSafeInteger(r)) {
      if (r >= safeLimit || r <= -safeLimit) throw overflow(field, rule, precision, scale, rowBase + i + 1);
      writeUnscaledSafe(out, i, stride, r);
      if (r !== u) changed++;
      continue;
    }
    const ub = u === u ? BigInt(u) : unscaledBig(words, i, stride);
    const rb = f.big(ub, i);
    if (rb >= limit || rb <= -limit) throw overflow(field, rule, precision, scale, rowBase + i + 1);
    writeUnscaledBig(out, i, stride, rb);
    if (rb !== ub) changed++;
    r = 0;
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += changed;
  return makeFixedData(data.type, n, out, validity, data.nullCount);
}

function overflow(field: Field, rule: string, precision: number, scale: number, row: number): TuominError {
  return new TuominError('BAD_VALUE', `the ${rule} result of this value has more digits than DECIMAL(${precision},${scale}) holds`, { column: field.name, rule, row },
    `use a smaller ${rule === 'round' ? 'base' : 'scale'}, or export the column with a wider precision upstream`,
    { id: 'rule.decimalOverflow', params: { rule, precision, scale } });
}

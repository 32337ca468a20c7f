import { Bool, Data, Dictionary, Field, Schema, Type, makeData } from 'apache-arrow';
import type { DataType, RecordBatch, Vector } from 'apache-arrow';
import { TuominError, batchFromColumns, columnData, newBitmap, utf8View } from '@tuomin/core/internal';
import { castParser, kindOfType } from './kinds.js';
import type { InferredKind } from './kinds.js';

export interface CastOptions {
  /** Rows inference looked at, for the hint when a later value does not parse. */
  sampledRows?: number;
  /** File name for error messages. */
  file?: string;
}

/**
 * Cast the text columns of each batch to the types of `target` (same field names and order).
 * Empty strings become null. A value that does not parse is an error naming column and row;
 * the value itself is never printed (it may be personal data).
 */
export async function* castBatches(
  batches: AsyncIterable<RecordBatch>,
  target: Schema,
  options: CastOptions = {},
): AsyncIterable<RecordBatch> {
  let rowBase = 0;
  for await (const batch of batches) {
    yield castBatch(batch, target, rowBase, options);
    rowBase += batch.numRows;
  }
}

export function castBatch(batch: RecordBatch, target: Schema, rowBase = 0, options: CastOptions = {}): RecordBatch {
  const cols: Data[] = [];
  for (let c = 0; c < target.fields.length; c++) {
    const field = target.fields[c]!;
    const data = columnData(batch, c);
    const kind = kindOfType(field.type);
    if (data.type.typeId === field.type.typeId || kind === 'string') {
      cols.push(data);
      continue;
    }
    if (kind === null || !isText(data.type)) {
      throw new TuominError('UNSUPPORTED', `cannot cast ${String(data.type)} to ${String(field.type)}`, { column: field.name, ...(options.file ? { file: options.file } : {}) }, 'only text columns can be cast', { id: 'cast.notText', params: { from: String(data.type), to: String(field.type) } });
    }
    cols.push(castData(data, field, kind, rowBase, options));
  }
  return batchFromColumns(target, cols, batch.numRows);
}

function isText(type: DataType): boolean {
  return type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8 || (type.typeId === Type.Dictionary && isText((type as Dictionary).dictionary));
}

/** Parsed values (NaN = null) and one validity flag per value, before packing into the target layout. */
interface Parsed {
  values: Float64Array;
  nulls: number;
}

function castData(data: Data, field: Field, kind: InferredKind, rowBase: number, options: CastOptions): Data {
  const parsed = data.typeId === Type.Dictionary ? parseDictionary(data, field, kind, rowBase, options) : parseText(data, field, kind, rowBase, options);
  return pack(parsed, field.type, data.length);
}

function parseText(data: Data, field: Field, kind: InferredKind, rowBase: number, options: CastOptions): Parsed {
  const parse = castParser(kind);
  const v = utf8View(data);
  const n = v.length;
  const out = new Float64Array(n);
  const src = v.values;
  const off = v.offsets;
  const bits = v.validity;
  const bitOffset = v.bitOffset;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const s = off[i]!;
    const e = off[i + 1]!;
    if ((bits !== null && ((bits[(bitOffset + i) >> 3]! >> ((bitOffset + i) & 7)) & 1) === 0) || s === e) {
      out[i] = NaN;
      nulls++;
      continue;
    }
    const x = parse(src, s, e);
    if (x !== x) throw castError(field, kind, rowBase + i + 1, options);
    out[i] = x;
  }
  return { values: out, nulls };
}

/** Parse each dictionary entry once, then gather by index. */
function parseDictionary(data: Data, field: Field, kind: InferredKind, rowBase: number, options: CastOptions): Parsed {
  const dict = data.dictionary as Vector;
  const entries = new Float64Array(dict.length);
  const bad = new Uint8Array(dict.length);
  const parse = castParser(kind);
  let base = 0;
  for (const chunk of dict.data) {
    const v = utf8View(chunk as Data);
    for (let i = 0; i < v.length; i++) {
      const s = v.offsets[i]!;
      const e = v.offsets[i + 1]!;
      const valid = v.validity === null || ((v.validity[(v.bitOffset + i) >> 3]! >> ((v.bitOffset + i) & 7)) & 1) === 1;
      if (!valid || s === e) entries[base + i] = NaN;
      else {
        const x = parse(v.values, s, e);
        entries[base + i] = x;
        if (x !== x) bad[base + i] = 1;
      }
    }
    base += v.length;
  }
  const n = data.length;
  const idx = data.values as ArrayLike<number>;
  const bits = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  const out = new Float64Array(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (bits && ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 0) {
      out[i] = NaN;
      nulls++;
      continue;
    }
    const k = Number(idx[i]);
    if (bad[k]) throw castError(field, kind, rowBase + i + 1, options);
    const x = entries[k]!;
    if (x !== x) nulls++;
    out[i] = x;
  }
  return { values: out, nulls };
}

const TWO32 = 4294967296;

/** Pack parsed doubles into the Arrow layout of `type`; NaN slots become nulls. */
function pack(p: Parsed, type: DataType, n: number): Data {
  const src = p.values;
  const validity = p.nulls > 0 ? newBitmap(n, false) : null;
  if (validity) for (let i = 0; i < n; i++) if (src[i] === src[i]) validity[i >> 3]! |= 1 << (i & 7);
  const base = { type, length: n, nullCount: p.nulls, nullBitmap: validity };
  switch (type.typeId) {
    case Type.Bool: {
      const bits = newBitmap(n, false);
      for (let i = 0; i < n; i++) if (src[i] === 1) bits[i >> 3]! |= 1 << (i & 7);
      return makeData({ ...base, type: type as Bool, data: bits } as never);
    }
    case Type.Float: {
      const vals = new Float64Array(n);
      for (let i = 0; i < n; i++) vals[i] = src[i] === src[i] ? src[i]! : 0;
      return makeData({ ...base, data: vals } as never);
    }
    case Type.Date:
    case Type.Int:
    case Type.Timestamp: {
      const bitWidth = (type as { bitWidth?: number }).bitWidth ?? 64;
      if (type.typeId === Type.Int && bitWidth !== 64) {
        const Ctor = (type as unknown as { ArrayType: new (n: number) => Int32Array }).ArrayType;
        const vals = new Ctor(n);
        for (let i = 0; i < n; i++) vals[i] = src[i] === src[i] ? src[i]! : 0;
        return makeData({ ...base, data: vals } as never);
      }
      if (type.typeId === Type.Date && (type as unknown as { unit: number }).unit === 0) {
        const vals = new Int32Array(n);
        for (let i = 0; i < n; i++) vals[i] = src[i] === src[i] ? src[i]! : 0;
        return makeData({ ...base, data: vals } as never);
      }
      // 64-bit values written as two 32-bit halves: no BigInt per value.
      const scale = type.typeId === Type.Date ? 86400000 : type.typeId === Type.Timestamp ? timestampScale(type) : 1;
      const vals = new BigInt64Array(n);
      const words = new Int32Array(vals.buffer);
      for (let i = 0; i < n; i++) {
        const x = src[i] === src[i] ? src[i]! * scale : 0;
        const hi = Math.floor(x / TWO32);
        words[2 * i] = (x - hi * TWO32) | 0;
        words[2 * i + 1] = hi;
      }
      return makeData({ ...base, data: vals } as never);
    }
    default: // inference yields only the types above
      throw new TuominError('UNSUPPORTED', `cannot cast text to ${String(type)}`, {}, undefined, { id: 'internal.bug' });
  }
}

/** Parsed timestamps are milliseconds; scale to the target unit. */
function timestampScale(type: DataType): number {
  const unit = (type as unknown as { unit: number }).unit;
  return unit === 0 ? 1e-3 : unit === 1 ? 1 : unit === 2 ? 1e3 : 1e6;
}

function castError(field: Field, kind: InferredKind, row: number, options: CastOptions): TuominError {
  return new TuominError(
    'BAD_VALUE',
    `value does not parse as ${kind}`,
    { ...(options.file ? { file: options.file } : {}), column: field.name, row },
    options.sampledRows
      ? `type inference looked at the first ${options.sampledRows} rows only; turn inference off to keep the column as text (or sample more rows: sampleRows)`
      : `fix the value, or declare the column as text`,
    { id: options.sampledRows ? 'infer.notParsedSampled' : 'infer.notParsed', params: { kind, sampled: options.sampledRows ?? 0 } },
  );
}

/** Replace the types of some fields, by name; other fields are kept. */
export function retypeSchema(schema: Schema, types: Map<string, DataType>): Schema {
  return new Schema(
    schema.fields.map((f) => (types.has(f.name) ? new Field(f.name, types.get(f.name)!, true, f.metadata) : f)),
    schema.metadata,
  );
}

import { DataType, Precision, Type, makeVector } from 'apache-arrow';
import type { Data, Decimal, Float, Vector } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { GrowableBytes, typeShape } from '@tuomin/core/internal';
import { temporalText } from '../infer/days.js';
import { appendDecimal } from './decimal-bytes.js';

/**
 * The text of one value, shared by the CSV, NDJSON and XLSX writers so every copy of a release
 * says the same thing. Chosen once per column chunk; called only for valid (non-null) values.
 */
export type ValueText = (i: number) => string;

/**
 * Exact decimal text of a Decimal value: the unscaled integer (two's complement, little-endian
 * 32-bit words, `stride` words per value) with the point placed by `scale`.
 * 500000 at scale 2 → `5000.00`; -140050 → `-1400.50`; 7 at scale 3 → `0.007`; scale 0 → no point;
 * a negative scale appends zeros.
 */
export function decimalText(words: Uint32Array, index: number, stride: number, scale: number): string {
  // One decimal formatter (decimal-bytes.ts): this is its bytes, read back as text.
  decimalScratch.length = 0;
  appendDecimal(words, index, stride, scale, decimalScratch);
  return Buffer.from(decimalScratch.buf.buffer, decimalScratch.buf.byteOffset, decimalScratch.length).toString('latin1');
}

const decimalScratch = new GrowableBytes(96);

/** Standard base64 of bytes. */
export function base64Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** A readable name of an Arrow type for messages: its shape, never a nested field's name (core's typeShape says why). */
export function typeName(type: DataType): string {
  return typeShape(type);
}

/** The error for a column type no text writer knows how to write. */
export function unsupportedType(type: DataType, column: string | undefined, format: string): TuominError {
  const where = column === undefined ? 'a column' : `column "${column}"`;
  return new TuominError(
    'UNSUPPORTED',
    `${where} has type ${typeName(type)}, which ${format} output cannot hold`,
    column === undefined ? {} : { column },
    'convert the column to text, a number, a date or a timestamp with a rule first, or publish parquet/arrow, which keep every Arrow type',
    { id: 'output.typeNotWritable', params: { type: typeName(type), format } },
  );
}

/**
 * Text of every non-null value of one chunk, for the types the text formats share: integers,
 * floats (NaN, Infinity, -Infinity as those words: NDJSON writes `null` instead, itself), booleans,
 * dates, timestamps and times (temporalText), decimals (decimalText), binary (base64), text.
 * Lists, structs, maps, unions, intervals and durations throw UNSUPPORTED naming the column:
 * their Arrow internals are never written.
 */
export function valueText(data: Data, column: string | undefined, format: string): ValueText {
  const type = data.type as DataType;
  const temporal = temporalText(data);
  if (temporal) return temporal;
  switch (type.typeId) {
    case Type.Int: {
      const values = data.values as ArrayLike<number | bigint>;
      return (i) => String(values[i]);
    }
    case Type.Float: {
      if ((type as Float).precision === Precision.HALF) {
        const vector = makeVector(data) as Vector;
        return (i) => String(vector.get(i));
      }
      const values = data.values as Float32Array | Float64Array;
      return (i) => String(values[i]);
    }
    case Type.Bool: {
      const bits = data.values as Uint8Array;
      const off = data.offset;
      return (i) => ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1 ? 'true' : 'false');
    }
    case Type.Decimal: {
      const t = type as Decimal;
      const words = data.values as Uint32Array;
      const stride = Math.max(1, t.bitWidth / 32);
      const scale = t.scale;
      return (i) => decimalText(words, i, stride, scale);
    }
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
    case Type.Utf8:
    case Type.LargeUtf8: {
      const vector = makeVector(data) as Vector;
      if (type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8) return (i) => vector.get(i) as string;
      return (i) => base64Text(vector.get(i) as Uint8Array);
    }
    default:
      throw unsupportedType(type, column, format);
  }
}

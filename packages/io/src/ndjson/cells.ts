import { DataType, Precision, Type } from 'apache-arrow';
import type { Data, Float, Vector } from 'apache-arrow';
import { GrowableBytes, utf8View } from '@tuomin/core/internal';
import { appendAscii, appendJsonString } from './escape.js';
import { valueText } from '../format/value-text.js';
import { valueBytes } from '../format/value-bytes.js';

/** Appends the JSON text of value i (0-based in the chunk), `null` included. Chosen once per chunk. */
export type CellWriter = (i: number, out: GrowableBytes) => void;

const NULL = 'null';

/** `column` (the field name) is only for the error on a type NDJSON cannot hold. */
export function cellWriter(data: Data, column?: string): CellWriter {
  const valid = validity(data);
  const write = valueWriter(data, column);
  if (valid === null) return write;
  return (i, out) => (valid(i) ? write(i, out) : appendAscii(NULL, out));
}

function validity(data: Data): ((i: number) => boolean) | null {
  if (data.nullCount === 0 || !data.nullBitmap) return null;
  const bits = data.nullBitmap;
  const off = data.offset;
  return (i) => ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
}

function valueWriter(data: Data, column: string | undefined): CellWriter {
  const type = data.type as DataType;
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8: {
      const v = utf8View(data);
      const values = v.values;
      const offsets = v.offsets;
      return (i, out) => appendJsonString(values, offsets[i]!, offsets[i + 1]!, out);
    }
    case Type.Dictionary:
      return dictionaryWriter(data, column);
    case Type.Bool: {
      const bits = data.values as Uint8Array;
      const off = data.offset;
      return (i, out) => appendAscii((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1 ? 'true' : 'false', out);
    }
    case Type.Int:
    case Type.Float: {
      if (type.typeId === Type.Float && (type as Float).precision === Precision.HALF) return textNumberWriter(data, column);
      // The bytes of the shared value text, written in place (format/value-bytes.ts).
      const write = valueBytes(data, column, 'NDJSON');
      if (type.typeId === Type.Float) {
        const values = data.values as Float32Array | Float64Array;
        return (i, out) => (Number.isFinite(values[i]!) ? write(i, out) : appendAscii(NULL, out));
      }
      return write;
    }
    case Type.Date:
    case Type.Timestamp: {
      // ISO text (temporalText's), as a JSON string of ASCII that needs no escaping.
      const write = valueBytes(data, column, 'NDJSON');
      return (i, out) => {
        out.push(0x22);
        write(i, out);
        out.push(0x22);
      };
    }
    case Type.Time:
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary: {
      // Dates, timestamps and times as their ISO text (temporalText), binary as base64: strings
      // of ASCII that need no escaping, the same text as the CSV and XLSX copies.
      const text = valueText(data, column, 'NDJSON');
      return (i, out) => {
        out.push(0x22);
        appendAscii(text(i), out);
        out.push(0x22);
      };
    }
    case Type.Decimal: {
      // A JSON number literal written as the exact decimal text (5000.00 stays 5000.00).
      return valueBytes(data, column, 'NDJSON');
    }
    case Type.Null:
      return (_i, out) => appendAscii(NULL, out);
    default:
      // Half floats: a number, or null for NaN and ±Infinity, like the other floats. Any other
      // type (list, struct, map, interval…) is UNSUPPORTED here, naming the column.
      return textNumberWriter(data, column);
  }
}

/** A number from the shared value text; NaN and ±Infinity (no JSON literal) become null. */
function textNumberWriter(data: Data, column: string | undefined): CellWriter {
  const text = valueText(data, column, 'NDJSON');
  return (i, out) => {
    const t = text(i);
    appendAscii(t === 'NaN' || t === 'Infinity' || t === '-Infinity' ? NULL : t, out);
  };
}

/** Encode each dictionary entry once; a row copies its entry's JSON bytes. */
function dictionaryWriter(data: Data, column: string | undefined): CellWriter {
  const dict = data.dictionary as Vector;
  const encoded = new GrowableBytes(256);
  const starts: number[] = [0];
  for (const chunk of dict.data) {
    const w = cellWriter(chunk as Data, column);
    for (let i = 0; i < chunk.length; i++) {
      w(i, encoded);
      starts.push(encoded.length);
    }
  }
  const bytes = encoded.finish();
  const ends = Int32Array.from(starts);
  const indices = data.values as ArrayLike<number>;
  return (i, out) => {
    const k = Number(indices[i]);
    out.append(bytes, ends[k]!, ends[k + 1]!);
  };
}

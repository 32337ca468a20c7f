import { DataType, Type, makeVector } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import { GrowableBytes, utf8View } from '@tuomin/core';
import { appendAscii, appendJsonString, appendJsonText } from './escape.js';
import { temporalText } from '../infer/days.js';

/** Appends the JSON text of value i (0-based in the chunk), `null` included. Chosen once per chunk. */
export type CellWriter = (i: number, out: GrowableBytes) => void;

const NULL = 'null';

export function cellWriter(data: Data): CellWriter {
  const valid = validity(data);
  const write = valueWriter(data);
  if (valid === null) return write;
  return (i, out) => (valid(i) ? write(i, out) : appendAscii(NULL, out));
}

function validity(data: Data): ((i: number) => boolean) | null {
  if (data.nullCount === 0 || !data.nullBitmap) return null;
  const bits = data.nullBitmap;
  const off = data.offset;
  return (i) => ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
}

function valueWriter(data: Data): CellWriter {
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
      return dictionaryWriter(data);
    case Type.Bool: {
      const bits = data.values as Uint8Array;
      const off = data.offset;
      return (i, out) => appendAscii((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1 ? 'true' : 'false', out);
    }
    case Type.Int:
    case Type.Float: {
      const values = data.values as ArrayLike<number | bigint>;
      if (type.typeId === Type.Float) {
        return (i, out) => {
          const x = values[i] as number;
          appendAscii(Number.isFinite(x) ? String(x) : NULL, out);
        };
      }
      return (i, out) => appendAscii(String(values[i]), out);
    }
    case Type.Date:
    case Type.Timestamp: {
      const text = temporalText(data)!;
      return (i, out) => {
        out.push(0x22);
        appendAscii(text(i), out);
        out.push(0x22);
      };
    }
    default: {
      // Decimals, lists, structs: rare in agency extracts; a per-value cold path.
      const vector = makeVector(data) as Vector;
      return (i, out) => {
        const v = vector.get(i);
        if (v === null || v === undefined) return appendAscii(NULL, out);
        if (typeof v === 'string') return appendJsonText(v, out);
        appendAscii(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? NULL, out);
      };
    }
  }
}

/** Encode each dictionary entry once; a row copies its entry's JSON bytes. */
function dictionaryWriter(data: Data): CellWriter {
  const dict = data.dictionary as Vector;
  const encoded = new GrowableBytes(256);
  const starts: number[] = [0];
  for (const chunk of dict.data) {
    const w = cellWriter(chunk as Data);
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

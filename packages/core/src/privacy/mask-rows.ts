import { makeData, Type } from 'apache-arrow';
import type { Data, DataType, Dictionary } from 'apache-arrow';
import { dictionaryToUtf8 } from '../kernels/dictionary-text.js';
import { GrowableBytes, GrowableInt32 } from '../kernels/buffers.js';
import { rebaseBitmap } from '../kernels/bitmap.js';
import { makeUtf8Data, utf8View } from '../kernels/utf8.js';

const STAR = 42; // '*'

/**
 * Suppress values in place of rows (ARX's way): rows with mask[i] = 1 get `*` in string
 * columns and null in every other type. Kept values are copied unchanged.
 */
export function maskRows(data: Data, mask: Uint8Array): Data {
  const t = data.typeId;
  if (t === Type.Utf8 || t === Type.LargeUtf8) return maskUtf8(data, mask);
  // A dictionary of text (from Parquet, IPC) is decoded, so its masked rows read `*` as in a
  // plain text column (anonymize declares the column Utf8 in mask mode).
  if (isTextDictionary(data.type)) return maskUtf8(dictionaryToUtf8(data), mask);
  return nullRows(data, mask);
}

export function isTextDictionary(type: DataType): boolean {
  if (type.typeId !== Type.Dictionary) return false;
  const v = (type as Dictionary).dictionary.typeId;
  return v === Type.Utf8 || v === Type.LargeUtf8;
}

function maskUtf8(data: Data, mask: Uint8Array): Data {
  const v = utf8View(data);
  const n = v.length;
  const offsets = new GrowableInt32(n + 1);
  offsets.length = n + 1;
  const oo = offsets.buf;
  const out = new GrowableBytes(Math.max(16, v.offsets[n]! - v.offsets[0]!));
  const validity = v.validity ? rebaseBitmap(v.validity, v.bitOffset, n) : null;
  let nulls = v.nulls;
  oo[0] = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 1) {
      out.push(STAR);
      if (validity && !((validity[i >> 3]! >> (i & 7)) & 1)) {
        validity[i >> 3]! |= 1 << (i & 7);
        nulls--;
      }
    } else out.append(v.values, v.offsets[i]!, v.offsets[i + 1]!);
    oo[i + 1] = out.length;
  }
  return makeUtf8Data(n, offsets.finish(), out.finish(), validity, nulls, data.typeId === Type.LargeUtf8);
}

function nullRows(data: Data, mask: Uint8Array): Data {
  const n = data.length;
  const bitmap = data.nullCount > 0 && data.nullBitmap ? rebaseBitmap(data.nullBitmap, data.offset, n) : allValid(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 1) bitmap[i >> 3]! &= ~(1 << (i & 7));
    if (!((bitmap[i >> 3]! >> (i & 7)) & 1)) nulls++;
  }
  // arrow-js slices values and offsets with the Data, but Bool values keep their bit offset.
  const values = data.typeId === Type.Bool && data.offset !== 0 ? rebaseBitmap(data.values as Uint8Array, data.offset, n) : data.values;
  return makeData({ type: data.type, length: n, nullCount: nulls, nullBitmap: bitmap, data: values, valueOffsets: data.valueOffsets, dictionary: data.dictionary, children: data.children } as never) as Data;
}

function allValid(n: number): Uint8Array {
  const b = new Uint8Array(((n + 63) >> 6) << 3);
  b.fill(0xff);
  return b;
}

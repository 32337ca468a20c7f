import { isUtf8 } from 'node:buffer';
import { Type } from 'apache-arrow';
import type { Data, RecordBatch, Vector } from 'apache-arrow';
import { TuominError } from '@tuomin/core';

/**
 * Checks of a decoded batch from a binary source (Arrow IPC, Parquet) before any rule reads it:
 * apache-arrow and parquet-wasm trust the buffers they are given, so a damaged file gives
 * offsets past the data (a RangeError deep in a rule, or values from the wrong place), dictionary
 * indices past the dictionary, and bytes in a Utf8 column that are not UTF-8 (which the CSV and
 * NDJSON copies would then publish). Each check is one pass over offsets or indices; the UTF-8
 * check is Node's native validator over the column's bytes plus a boundary test per value.
 */
export function validateBatch(batch: RecordBatch, file: string, format: string, rowBase: number): void {
  const fields = batch.schema.fields;
  for (let c = 0; c < fields.length; c++) {
    const child = batch.data.children[c];
    if (child === undefined) throw damaged(file, format, fields[c]!.name, rowBase + 1, 'a column is missing from the batch');
    // A damaged row count reads as 0 (or fewer) rows: the columns still say how many there are.
    if (child.length !== batch.numRows) throw damaged(file, format, fields[c]!.name, undefined, `the batch says ${batch.numRows} rows but the column holds ${child.length}`);
    checkData(child, file, format, fields[c]!.name, rowBase, 0);
  }
}

/** Returns quietly, or throws naming file, column and (for a value) row. */
function checkData(data: Data, file: string, format: string, column: string, rowBase: number, depth: number): void {
  if (depth > 64) throw damaged(file, format, column, undefined, 'types nested deeper than 64 levels');
  const { offset, length } = data;
  const end = offset + length;
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) throw damaged(file, format, column, undefined, 'a negative length');
  const bitmap = data.nullBitmap;
  if (data.nullCount > 0 && bitmap && bitmap.length > 0 && bitmap.length * 8 < end) throw damaged(file, format, column, undefined, 'the validity bitmap is shorter than the column');
  const valid = validity(data);
  switch (data.typeId) {
    case Type.Utf8:
    case Type.Binary:
    case Type.LargeUtf8:
    case Type.LargeBinary: {
      const offs = data.valueOffsets as Int32Array | BigInt64Array;
      const values = (data.values ?? new Uint8Array(0)) as Uint8Array;
      if (length === 0) return;
      if (!offs || offs.length < end + 1) throw damaged(file, format, column, undefined, 'the value offsets are shorter than the column');
      let prev = Number(offs[offset]);
      if (prev < 0 || prev > values.length) throw damaged(file, format, column, rowBase + 1, 'a value offset points outside the data');
      for (let i = offset + 1; i <= end; i++) {
        const o = Number(offs[i]);
        if (o < prev || o > values.length) throw damaged(file, format, column, rowBase + i - offset, 'a value offset points outside the data');
        prev = o;
      }
      if (data.typeId === Type.Utf8 || data.typeId === Type.LargeUtf8) {
        const first = Number(offs[offset]);
        // Valid as a whole is not enough: each value must be UTF-8 on its own, so none may start
        // inside a character.
        let bad = isUtf8(values.subarray(first, prev)) ? -1 : firstBadValue(values, offs, offset, length);
        for (let k = 0; bad < 0 && k < length; k++) {
          const s = Number(offs[offset + k]);
          if (Number(offs[offset + k + 1]) > s && (values[s]! & 0xc0) === 0x80) bad = k;
        }
        if (bad >= 0) throw notUtf8(file, format, column, rowBase + bad + 1);
      }
      return;
    }
    case Type.Bool:
      if (length > 0 && ((data.values as Uint8Array | undefined)?.length ?? 0) * 8 < end) throw damaged(file, format, column, undefined, 'the values are shorter than the column');
      return;
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Interval:
    case Type.Duration:
    case Type.FixedSizeBinary: {
      const values = data.values as ArrayLike<unknown> | undefined;
      if (length > 0 && (values?.length ?? 0) < end * data.stride) throw damaged(file, format, column, undefined, 'the values are shorter than the column');
      return;
    }
    case Type.Dictionary: {
      const indices = data.values as ArrayLike<number | bigint> | undefined;
      if (length > 0 && (indices?.length ?? 0) < end) throw damaged(file, format, column, undefined, 'the dictionary indices are shorter than the column');
      const dict = data.dictionary as Vector | undefined;
      const size = dict?.length ?? 0;
      for (let i = 0; i < length; i++) {
        if (valid !== null && !valid(i)) continue;
        const k = Number(indices![offset + i]);
        if (!(k >= 0 && k < size)) throw damaged(file, format, column, rowBase + i + 1, 'a dictionary index points past the dictionary');
      }
      // Dictionary entries are checked once per dictionary object (a stream reuses it across batches).
      if (dict && !checkedDictionaries.has(dict)) {
        for (const d of dict.data) checkData(d, file, format, column, 0, depth + 1);
        checkedDictionaries.add(dict);
      }
      return;
    }
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const offs = data.valueOffsets as Int32Array | BigInt64Array;
      const child = data.children[0];
      if (length > 0) {
        if (!offs || offs.length < end + 1 || child === undefined) throw damaged(file, format, column, undefined, 'the list offsets are shorter than the column');
        let prev = Number(offs[offset]);
        for (let i = offset; i <= end; i++) {
          const o = Number(offs[i]);
          if (o < prev || o < 0 || o > child.length) throw damaged(file, format, column, rowBase + i - offset, 'a list offset points outside its values');
          prev = o;
        }
      }
      for (const ch of data.children) checkData(ch, file, format, column, 0, depth + 1);
      return;
    }
    default:
      for (const ch of data.children ?? []) {
        if (ch.length < (data.typeId === Type.Struct ? end : 0)) throw damaged(file, format, column, undefined, 'a struct field is shorter than the column');
        checkData(ch, file, format, column, 0, depth + 1);
      }
  }
}

const checkedDictionaries = new WeakSet<object>();

function validity(data: Data): ((i: number) => boolean) | null {
  const bits = data.nullBitmap;
  if (data.nullCount === 0 || !bits || bits.length === 0) return null;
  const off = data.offset;
  return (i) => ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
}

/** Index (0-based in the batch) of the first value that is not UTF-8 on its own (errors only). */
function firstBadValue(values: Uint8Array, offs: Int32Array | BigInt64Array, offset: number, length: number): number {
  for (let i = 0; i < length; i++) {
    if (!isUtf8(values.subarray(Number(offs[offset + i]), Number(offs[offset + i + 1])))) return i;
  }
  return 0;
}

function notUtf8(file: string, format: string, column: string, row: number): TuominError {
  return new TuominError('BAD_INPUT', `a text (Utf8) value holds bytes that are not valid UTF-8`, { file, row, column },
    `the ${format} file is damaged, or its writer stored other bytes as text: export it again, or read that column as binary`, { id: 'input.textNotUtf', params: { format } });
}

function damaged(file: string, format: string, column: string, row: number | undefined, why: string): TuominError {
  return new TuominError('BAD_INPUT', `not a valid ${format} file: ${why}`, { file, column, ...(row !== undefined ? { row } : {}) },
    'the file is damaged or truncated: copy it again from its origin, or export it again',
    // `why` is the check's English sentence on the structure (offsets, lengths), never a value.
    { id: 'input.damaged', params: { format, why } });
}

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';
import { TType, ThriftDecodeError, decodeStruct, encodeStruct, type ThriftList, type ThriftStruct } from './thrift-compact.js';

/** FileMetaData's key_value_metadata: list<KeyValue>. */
const KEY_VALUE_METADATA = 5;

/**
 * FileMetaData with its key-value metadata in a fixed order. parquet-wasm takes the pairs as a
 * Rust HashMap and writes them in the map's iteration order, which changes from one write to the
 * next in the same process (measured: six writes of the same three pairs gave three different
 * files). The entries are ordered by their encoded bytes (key length, key, value length, value):
 * a total order on distinct entries that depends on nothing but the entries. Returns a new struct;
 * the other fields are shared with the input.
 */
export function sortKeyValueMetadata(meta: ThriftStruct): ThriftStruct {
  return {
    kind: 'struct',
    fields: meta.fields.map((f) => {
      if (f.id !== KEY_VALUE_METADATA || f.type !== TType.LIST) return f;
      const list = f.value as ThriftList;
      if (list.elementType !== TType.STRUCT) return f;
      const keyed = list.items.map((item) => ({ item, key: Buffer.from(encodeStruct(item as ThriftStruct)).toString('latin1') }));
      keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { ...f, value: { ...list, items: keyed.map((x) => x.item) } };
    }),
  };
}

/**
 * The same, in place in a written file: the footer is decoded, its pairs put in order and encoded
 * back; a permutation of self-contained structs keeps the footer's length and every offset in it.
 */
export async function sortFooterKeyValues(handle: FileHandle, tmpPath: string, file: string): Promise<void> {
  const reader = await open(tmpPath, 'r');
  try {
    const { size } = await reader.stat();
    if (size < 12) throw damaged(file, 'shorter than a Parquet file');
    const tail = Buffer.alloc(8);
    await reader.read(tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4, 8) !== 'PAR1') throw damaged(file, 'no PAR1 at the end');
    const length = tail.readUInt32LE(0);
    const start = size - 8 - length;
    if (start < 4) throw damaged(file, 'footer longer than the file');
    const footer = new Uint8Array(length);
    await reader.read(footer, 0, length, start);
    let meta: ThriftStruct;
    try {
      const d = decodeStruct(footer);
      if (d.end !== length) throw damaged(file, 'bytes after the footer');
      meta = d.struct;
    } catch (err) {
      if (err instanceof ThriftDecodeError) throw damaged(file, err.message);
      throw err;
    }
    const sorted = encodeStruct(sortKeyValueMetadata(meta));
    if (sorted.length !== length) throw damaged(file, 'the footer changed length when put in order');
    await handle.write(sorted, 0, sorted.length, start);
  } finally {
    await reader.close();
  }
}

function damaged(file: string, why: string): TuominError {
  return new TuominError('IO', `the Parquet writer produced a file whose footer cannot be read (${why})`, { file }, 'nothing was published; report this as a bug in tuomin', { id: 'internal.bug' });
}

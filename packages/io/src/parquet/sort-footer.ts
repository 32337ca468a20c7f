import { TType, encodeStruct, type ThriftList, type ThriftStruct } from './thrift-compact.js';

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


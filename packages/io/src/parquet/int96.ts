import { open } from 'node:fs/promises';
import { DataType, TimeUnit, type Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { ThriftDecodeError, decodeStruct, field, type ThriftList, type ThriftStruct } from './thrift-compact.js';
import { shownKey } from '../rows/shown-key.js';

/** Parquet's physical type INT96 (parquet.thrift, Type). */
const INT96 = 3;

/**
 * Names of the INT96 columns of a Parquet file (Hive, Impala and older Spark write timestamps so),
 * read from its footer; null when the footer is not one the Thrift codec takes back (the decoder
 * then read it; tuomin's codec is stricter).
 *
 * Why they are refused: parquet-wasm turns INT96 into nanoseconds since the epoch in a 64-bit
 * integer, which holds 1677-09-21 to 2262-04-11 only, and wraps silently outside: the
 * 9999-12-31 a Hive table writes for "no end date" was read as 1816-03-29T05:56:08.066277376,
 * 1500-06-01 as 2084-12-19 (exit 0). The wrapped value is a valid instant, so it cannot be told
 * from a true one after decoding, and INT96 columns carry no statistics to check the range.
 */
export async function int96Columns(path: string): Promise<string[] | null> {
  const h = await open(path, 'r');
  try {
    const size = (await h.stat()).size;
    if (size < 12) return null;
    const tail = new Uint8Array(8);
    await h.read(tail, 0, 8, size - 8);
    const length = new DataView(tail.buffer).getUint32(0, true);
    if (length + 12 > size) return null;
    const footer = new Uint8Array(length);
    await h.read(footer, 0, length, size - 8 - length);
    const schema = field(decodeStruct(footer).struct, 2)?.value as ThriftList | undefined;
    const names: string[] = [];
    for (const item of schema?.items ?? []) {
      const element = item as ThriftStruct;
      if (field(element, 1)?.value !== INT96) continue;
      const name = field(element, 4)?.value;
      names.push(name instanceof Uint8Array ? new TextDecoder().decode(name) : '?');
    }
    return names;
  } catch (err) {
    if (err instanceof ThriftDecodeError) return null;
    throw err;
  } finally {
    await h.close();
  }
}

/** Whether a field is (or holds) a timestamp in nanoseconds without a zone: what parquet-wasm makes of INT96. */
function nanoTimestamp(type: DataType): boolean {
  if (DataType.isTimestamp(type)) return type.unit === TimeUnit.NANOSECOND && !type.timezone;
  return (type.children ?? []).some((c) => nanoTimestamp(c.type));
}

/**
 * Refuse a Parquet file with INT96 columns (see int96Columns), or one whose footer the codec does
 * not take back and which has a nanosecond timestamp column that could be one (fail closed).
 */
export async function refuseInt96(path: string, schema: Schema): Promise<void> {
  const names = await int96Columns(path);
  const unsure = names === null && schema.fields.some((f) => nanoTimestamp(f.type));
  if (!unsure && (names === null || names.length === 0)) return;
  const which = names === null ? 'a nanosecond timestamp column whose physical type could not be checked' : `${names.length === 1 ? 'column' : 'columns'} ${names.map(shownKey).join(', ')} ${names.length === 1 ? 'is' : 'are'} INT96 timestamps`;
  throw new TuominError('UNSUPPORTED', `${which}: INT96 is read as nanoseconds, which wrap silently outside 1677–2262 (9999-12-31 would become 1816-03-29), so the file is not read`, { file: path },
    'write the timestamps as INT64 (Spark: spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS; DuckDB: COPY (FROM \'in.parquet\') TO \'out.parquet\'), or as text, and read that file',
    { id: 'parquet.int96', params: { columns: names === null ? '' : names.map((n) => (shownKey(n).startsWith('"') ? n : '…')).join(', ') } });
}

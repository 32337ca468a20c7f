/**
 * Sources written by other tools' writers (apache-arrow for Arrow IPC, parquet-wasm and DuckDB for
 * Parquet), each with one column where personal data hides in a type a CSV-minded tool forgets:
 * lists, structs, maps, large strings, binary, dictionaries, fixed-size binary, decimals and plain
 * numbers. Synthetic identifiers only; the tests check them by presence, never print them.
 */
import { writeFile } from 'node:fs/promises';
import {
  Binary, Data, Decimal, Dictionary, Field, FixedSizeBinary, Float64, Int8, Int32, Int64, LargeUtf8, List, Map_, RecordBatch, Schema,
  Struct, Table, Utf8, makeData, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';

/** A resident ID with a numeric check digit (fits an int64), a mobile, a name. */
export const ID = '110105198001010016';
/** An ID whose check character is X, stored as a number: the X is lost (…002X → …0020), the person is not. */
export const ID_X = '11010519491231002X';
export const ID_X_AS_NUMBER = '110105194912310020';
export const MOBILE = '13812345678';
export const NAME = '欧阳娜娜';
export const ROWS = 60;
/** The row that holds the personal value in every case (0-based). */
export const PLANTED = 7;

const enc = new TextEncoder();
const DEPTS = ['内科', '外科', '儿科'];

function utf8Data(values: ReadonlyArray<string | null>, type: Utf8 | LargeUtf8 = new Utf8()): Data {
  return vectorFromArray(values as string[], type).data[0]!;
}

function binaryData(values: readonly string[]): Data<Binary> {
  const bytes = values.map((v) => enc.encode(v));
  const offs = new Int32Array(values.length + 1);
  bytes.forEach((b, i) => { offs[i + 1] = offs[i]! + b.length; });
  const data = new Uint8Array(offs[values.length]!);
  bytes.forEach((b, i) => data.set(b, offs[i]!));
  return makeData({ type: new Binary(), length: values.length, valueOffsets: offs, data });
}

function decimalData(values: readonly bigint[], precision: number): Data<Decimal> {
  const words = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let x = v;
    for (let w = 0; w < 4; w++) { words[i * 4 + w] = Number(x & 0xffffffffn); x >>= 32n; }
  });
  return makeData({ type: new Decimal(0, precision, 128), length: values.length, data: words });
}

const mapEntries = () => new Struct([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]);
const at = <T>(planted: T, other: T) => Array.from({ length: ROWS }, (_, i) => (i === PLANTED ? planted : other));

export interface CellCase {
  name: string;
  field: Field;
  column: () => Data;
  /** What the personal value is, for the checks of published files. */
  raw: string;
  /** A mask preset that fits the value, for the spec that masks the column. */
  preset: 'cn.id' | 'cn.mobile' | 'cn.name';
  /** Published type in the spec. */
  type: 'string' | 'integer' | 'number';
  nested?: boolean;
}

/** One case per type; the personal value sits on row PLANTED, every other row holds 无 or a small number. */
export const CELL_CASES: CellCase[] = [
  {
    name: 'list<string> with a mobile in one item', raw: MOBILE, preset: 'cn.mobile', type: 'string', nested: true,
    field: new Field('x', new List(new Field('item', new Utf8(), true)), true),
    column: () => makeData({
      type: new List(new Field('item', new Utf8(), true)), length: ROWS,
      valueOffsets: Int32Array.from({ length: ROWS + 1 }, (_, i) => i * 2),
      child: utf8Data(Array.from({ length: ROWS * 2 }, (_, k) => (k === PLANTED * 2 + 1 ? MOBILE : '无'))),
    } as never) as Data,
  },
  {
    name: 'struct{name, id} with a person', raw: ID, preset: 'cn.id', type: 'string', nested: true,
    field: new Field('x', new Struct([new Field('name', new Utf8(), true), new Field('id', new Utf8(), true)]), true),
    column: () => makeData({
      type: new Struct([new Field('name', new Utf8(), true), new Field('id', new Utf8(), true)]), length: ROWS,
      children: [utf8Data(at(NAME, '无')), utf8Data(at(ID, '无'))],
    } as never) as Data,
  },
  {
    name: 'map<string,string> holding a mobile', raw: MOBILE, preset: 'cn.mobile', type: 'string', nested: true,
    field: new Field('x', new Map_(new Field('entries', mapEntries(), false) as never), true),
    column: () => {
      const entries = mapEntries();
      return makeData({
        type: new Map_(new Field('entries', entries, false)), length: ROWS,
        valueOffsets: Int32Array.from({ length: ROWS + 1 }, (_, i) => i),
        child: makeData({ type: entries, length: ROWS, children: [utf8Data(at('手机', '备注')), utf8Data(at(MOBILE, '无'))] }),
      } as never) as Data;
    },
  },
  {
    name: 'large_utf8 holding an ID', raw: ID, preset: 'cn.id', type: 'string',
    field: new Field('x', new LargeUtf8(), true), column: () => utf8Data(at(ID, '无'), new LargeUtf8()),
  },
  {
    name: 'binary holding an ID as UTF-8 text', raw: ID, preset: 'cn.id', type: 'string',
    field: new Field('x', new Binary(), true), column: () => binaryData(at(ID, '无')),
  },
  {
    name: 'dictionary<int8,utf8> holding an ID', raw: ID, preset: 'cn.id', type: 'string',
    field: new Field('x', new Dictionary(new Utf8(), new Int8()), true),
    column: () => {
      const dictionary = vectorFromArray(['无', ID], new Utf8());
      return makeData({ type: new Dictionary(new Utf8(), new Int8()), length: ROWS, data: Int8Array.from(at(1, 0)), dictionary } as never) as Data;
    },
  },
  {
    name: 'fixed_size_binary(18) holding IDs', raw: ID, preset: 'cn.id', type: 'string',
    field: new Field('x', new FixedSizeBinary(18), true),
    column: () => {
      const data = new Uint8Array(ROWS * 18);
      for (let i = 0; i < ROWS; i++) data.set(enc.encode(i === PLANTED ? ID : '000000000000000000'), i * 18);
      return makeData({ type: new FixedSizeBinary(18), length: ROWS, data });
    },
  },
  {
    name: 'decimal128(18,0) holding an ID', raw: ID, preset: 'cn.id', type: 'integer',
    field: new Field('x', new Decimal(0, 18, 128), true), column: () => decimalData(at(BigInt(ID), 5n), 18),
  },
  {
    name: 'int64 holding an 18-digit ID', raw: ID, preset: 'cn.id', type: 'integer',
    field: new Field('x', new Int64(), true), column: () => makeData({ type: new Int64(), length: ROWS, data: BigInt64Array.from(at(BigInt(ID), 5n)) }),
  },
  {
    name: 'int64 holding an ID whose X check was lost', raw: ID_X_AS_NUMBER, preset: 'cn.id', type: 'integer',
    field: new Field('x', new Int64(), true), column: () => makeData({ type: new Int64(), length: ROWS, data: BigInt64Array.from(at(BigInt(ID_X_AS_NUMBER), 5n)) }),
  },
  {
    name: 'float64 holding a mobile', raw: MOBILE, preset: 'cn.mobile', type: 'number',
    field: new Field('x', new Float64(), true), column: () => makeData({ type: new Float64(), length: ROWS, data: Float64Array.from(at(Number(MOBILE), 5)) }),
  },
];

/** A clean pair of columns (department, visits) next to the case's column, as one batch. */
export function cellBatch(field: Field, column: Data, metadata?: Map<string, string>): RecordBatch {
  const schema = new Schema([new Field('科室', new Utf8(), true), new Field('门诊量', new Int32(), true), field], metadata);
  const dept = utf8Data(Array.from({ length: ROWS }, (_, i) => DEPTS[i % 3]!));
  const visits = makeData({ type: new Int32(), length: ROWS, data: Int32Array.from({ length: ROWS }, (_, i) => 10 + (i % 2)) });
  const struct = makeData({ type: new Struct(schema.fields), length: ROWS, children: [dept, visits, column] });
  return new RecordBatch(schema, struct);
}

/** The batch as an Arrow IPC file, written by apache-arrow itself. */
export async function writeArrowFile(path: string, batch: RecordBatch): Promise<void> {
  await writeFile(path, tableToIPC(new Table([batch]), 'file'));
}

/** The batch as Parquet, written by parquet-wasm (the Arrow schema embedded), with optional key-value metadata. */
export async function writeParquetFile(path: string, batch: RecordBatch, kv?: Record<string, string>): Promise<void> {
  const table = WasmTable.fromIPCStream(tableToIPC(new Table([batch]), 'stream'));
  let props = new WriterPropertiesBuilder();
  if (kv) props = props.setKeyValueMetadata(new Map(Object.entries(kv)));
  await writeFile(path, writeParquet(table, props.build()));
}

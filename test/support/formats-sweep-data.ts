/**
 * Sources for the formats sweep (test/formats-sweep.test.ts): a district's home-care visit log
 * (居家养老上门服务记录), written by other tools in every format tuomin reads, with pinyin and
 * Chinese headers. Personal data sits where a CSV-minded tool forgets it (a list item, a struct
 * field, a map key, a decimal, a nested field's name, a dictionary's value type), and malformed
 * copies break each format the way a real export breaks (a ragged row, a stray byte, a cut file).
 * Synthetic identifiers only (valid check digits, no real person); the tests check them by
 * presence and never print them.
 */
import {
  Data, Decimal, Dictionary, Field, Int16, Int32, Int64, LargeUtf8, List, Map_, RecordBatch, Schema, Struct, Table, TimestampMillisecond, Utf8, Vector,
  makeData, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';

export const ROWS = 48;
/** The row (0-based) that holds the personal value. */
export const PLANTED = 11;
/** A resident ID with a numeric check digit (fits int64 and decimal(18,0)). */
export const ID = '370602194707150019';
export const MOBILE = '15965432187';
export const NAME = '司马春燕';

const STREETS = ['渤海街道', '黄河街道', '市中街道', '彭李街道'];
const ITEMS = ['助餐', '助浴', '助洁', '助医', '陪聊'];
const street = (i: number): string => STREETS[i % STREETS.length]!;
const item = (i: number): string => ITEMS[(i * 7) % ITEMS.length]!;
const visits = (i: number): number => 1 + (i % 4);
const at = <T>(i: number, planted: T, other: T): T => (i === PLANTED ? planted : other);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The clean CSV text (header jiedao,fuwu_xm,cishu,beizhu), with a hook for the fourth cell. */
export function careCsv(fourth: (i: number) => string = () => '无', header = 'jiedao,fuwu_xm,cishu,beizhu'): string {
  return `${[header, ...range(ROWS).map((i) => `${street(i)},${item(i)},${visits(i)},${fourth(i)}`)].join('\r\n')}\r\n`;
}

/** The clean NDJSON text, with a hook for the fourth value (raw JSON). */
export function careNdjson(fourth: (i: number) => string = () => '"无"'): string {
  return `${range(ROWS).map((i) => `{"jiedao":"${street(i)}","fuwu_xm":"${item(i)}","cishu":${visits(i)},"beizhu":${fourth(i)}}`).join('\n')}\n`;
}

function utf8(values: readonly string[], type: Utf8 | LargeUtf8 = new Utf8()): Data {
  return vectorFromArray(values as string[], type).data[0]!;
}

/** A batch of the three clean columns and one more (name `x` unless the field says otherwise). */
export function careBatch(field: Field, column: Data, metadata?: Map<string, string>): RecordBatch {
  const schema = new Schema([new Field('jiedao', new Utf8(), true), new Field('fuwu_xm', new Utf8(), true), new Field('cishu', new Int32(), true), field], metadata);
  const cishu = makeData({ type: new Int32(), length: ROWS, data: Int32Array.from(range(ROWS), visits) });
  const struct = makeData({ type: new Struct(schema.fields), length: ROWS, children: [utf8(range(ROWS).map(street)), utf8(range(ROWS).map(item)), cishu, column] });
  return new RecordBatch(schema, struct);
}

const batches = (b: RecordBatch | RecordBatch[]): RecordBatch[] => (Array.isArray(b) ? b : [b]);
export const arrowFileBytes = (b: RecordBatch | RecordBatch[]): Uint8Array => tableToIPC(new Table(batches(b)), 'file');
export const arrowStreamBytes = (b: RecordBatch | RecordBatch[]): Uint8Array => tableToIPC(new Table(batches(b)), 'stream');
export function parquetBytes(b: RecordBatch | RecordBatch[], dictionary = false, rowGroupRows = 1024 * 1024): Uint8Array {
  const props = new WriterPropertiesBuilder().setDictionaryEnabled(dictionary).setMaxRowGroupSize(rowGroupRows).build();
  return writeParquet(WasmTable.fromIPCStream(arrowStreamBytes(b)), props);
}

/** A case of personal data in an awkward place: the fourth column, and what the value is. */
export interface NestedCase {
  name: string;
  field: Field;
  column: () => Data;
  /** The planted value, to look for in published files. */
  raw: string;
}

const listOf = (child: Field): List => new List(child);

/** One case per awkward place; every other row holds harmless values. */
export const NESTED_CASES: NestedCase[] = [
  {
    name: 'an ID inside a list<utf8> (the third item)', raw: ID,
    field: new Field('chengyuan', listOf(new Field('item', new Utf8(), true)), true),
    column: () => makeData({
      type: listOf(new Field('item', new Utf8(), true)), length: ROWS,
      valueOffsets: Int32Array.from({ length: ROWS + 1 }, (_, i) => i * 3),
      child: utf8(range(ROWS * 3).map((k) => (k === PLANTED * 3 + 2 ? ID : ['本人', '配偶', '子女'][k % 3]!))),
    } as never) as Data,
  },
  {
    name: 'a mobile in a struct field named lxfs', raw: MOBILE,
    field: new Field('jinji', new Struct([new Field('guanxi', new Utf8(), true), new Field('lxfs', new Utf8(), true)]), true),
    column: () => makeData({
      type: new Struct([new Field('guanxi', new Utf8(), true), new Field('lxfs', new Utf8(), true)]), length: ROWS,
      children: [utf8(range(ROWS).map((i) => ['子女', '邻居'][i % 2]!)), utf8(range(ROWS).map((i) => at(i, MOBILE, '无')))],
    } as never) as Data,
  },
  {
    name: 'names as the keys of a map<utf8,int16> (who received how many visits)', raw: NAME,
    field: new Field('fuwu_duixiang', new Map_(new Field('entries', new Struct([new Field('key', new Utf8(), false), new Field('value', new Int16(), true)]), false) as never), true),
    column: () => {
      const entries = new Struct([new Field('key', new Utf8(), false), new Field('value', new Int16(), true)]);
      return makeData({
        type: new Map_(new Field('entries', entries, false) as never), length: ROWS,
        valueOffsets: Int32Array.from({ length: ROWS + 1 }, (_, i) => i),
        child: makeData({ type: entries, length: ROWS, children: [utf8(range(ROWS).map((i) => at(i, NAME, '本户'))), makeData({ type: new Int16(), length: ROWS, data: Int16Array.from(range(ROWS), visits) })] }),
      } as never) as Data;
    },
  },
  {
    name: 'an ID as decimal(18,0)', raw: ID,
    field: new Field('bianhao', new Decimal(0, 18, 128), true),
    column: () => {
      const words = new Uint32Array(ROWS * 4);
      range(ROWS).forEach((i) => {
        let x = i === PLANTED ? BigInt(ID) : BigInt(1000 + i);
        for (let w = 0; w < 4; w++) { words[i * 4 + w] = Number(x & 0xffffffffn); x >>= 32n; }
      });
      return makeData({ type: new Decimal(0, 18, 128), length: ROWS, data: words });
    },
  },
  {
    name: 'an ID as int64', raw: ID,
    field: new Field('bianhao', new Int64(), true),
    column: () => makeData({ type: new Int64(), length: ROWS, data: BigInt64Array.from(range(ROWS), (i) => (i === PLANTED ? BigInt(ID) : BigInt(1000 + i))) }),
  },
  {
    name: 'an ID in a large_utf8 note', raw: ID,
    field: new Field('beizhu', new LargeUtf8(), true),
    column: () => utf8(range(ROWS).map((i) => at(i, `老人身份证${ID}已核验`, '服务正常')), new LargeUtf8()),
  },
  {
    name: 'a name in a dictionary<int32, utf8> column under a header that says nothing', raw: NAME,
    field: new Field('x', new Dictionary(new Utf8(), new Int32()), true),
    column: () => makeData({ type: new Dictionary(new Utf8(), new Int32()), length: ROWS, data: Int32Array.from(range(ROWS), (i) => (i === PLANTED ? 1 : 0)), dictionary: vectorFromArray(['无', `服务对象${NAME}`], new Utf8()) } as never) as Data,
  },
  {
    name: 'a timestamp with a time zone and a mobile in the same struct', raw: MOBILE,
    field: new Field('yuyue', new Struct([new Field('shijian', new TimestampMillisecond('Asia/Shanghai'), true), new Field('dianhua', new Utf8(), true)]), true),
    column: () => makeData({
      type: new Struct([new Field('shijian', new TimestampMillisecond('Asia/Shanghai'), true), new Field('dianhua', new Utf8(), true)]), length: ROWS,
      children: [
        makeData({ type: new TimestampMillisecond('Asia/Shanghai'), length: ROWS, data: BigInt64Array.from(range(ROWS), (i) => BigInt(Date.UTC(2026, 10, 1 + (i % 20), 1)) ) as never }),
        utf8(range(ROWS).map((i) => at(i, MOBILE, '无'))),
      ],
    } as never) as Data,
  },
];

/** A struct whose child field is named by a person's name and mobile (a pivot of an export by person). */
export function personNamedChild(): { field: Field; column: Data } {
  const childName = `${NAME}${MOBILE}`;
  const type = new Struct([new Field(childName, new Int16(), true), new Field('qita', new Int16(), true)]);
  const n = (f: (i: number) => number) => makeData({ type: new Int16(), length: ROWS, data: Int16Array.from(range(ROWS), f) });
  return { field: new Field('tongji', type, true), column: makeData({ type, length: ROWS, children: [n(visits), n((i) => i % 3)] }) };
}

/**
 * A dictionary column whose value type is a struct with a metadata-bearing child: the known gap of
 * metadata stripping (the child's 填报人 and the value type's metadata are nobody's spec).
 */
export function dictionaryWithChildMetadata(childName = 'mingcheng'): { field: Field; column: Data } {
  const inner = new Field(childName, new Utf8(), true, new Map([['填报人', NAME]]));
  const valueType = new Struct([inner]);
  const dictionary = makeData({ type: valueType, length: 2, children: [utf8(['助餐点', '日间照料中心'])] });
  const type = new Dictionary(valueType, new Int32());
  return {
    field: new Field('fuwu_dian', type, true, new Map([['记录人', NAME]])),
    column: makeData({ type, length: ROWS, data: Int32Array.from(range(ROWS), (i) => i % 2), dictionary: new Vector([dictionary]) } as never) as Data,
  };
}

/**
 * A list whose item field is named by a person's name and mobile. (A map's entries, key and value
 * fields cannot be: apache-arrow renames them to entries/key/value when it builds or reads a Map
 * type, so such a name never reaches a reader or a writer of tuomin's.)
 */
export function personNamedListItem(): { field: Field; column: Data } {
  const listType = new List(new Field(`${NAME}${MOBILE}`, new Utf8(), true));
  const list = makeData({ type: listType, length: ROWS, valueOffsets: Int32Array.from({ length: ROWS + 1 }, (_, i) => i), child: utf8(range(ROWS).map(() => '无')) } as never) as Data;
  return { field: new Field('chengyuan', listType, true), column: list };
}

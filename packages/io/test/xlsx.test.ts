import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import {
  Bool, DateDay, Dictionary, Field, Float64, Int32, Int64, LargeUtf8, RecordBatch, Schema, TimeUnit, Timestamp,
  TimestampMillisecond, Utf8, makeData, makeTable, vectorFromArray,
} from 'apache-arrow';
import type { Table } from 'apache-arrow';
import XLSX from 'xlsx';
import { TuominError } from '@tuomin/core';
import { writeXlsx, XLSX_MAX_ROWS } from '../src/xlsx/index.js';
import { writeCsv } from '../src/csv/index.js';
import { writeOutput } from '../src/formats.js';
import { crc32, crc32Table } from '../src/crc32.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-xlsx-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const text = ['张三', null, '', ' 前后空格 ', 'line1\nline2\r\n\t"q" & <b> \'a\' ]]>', '王五，（全角）！', '𠮷野家'];

function table(): Table {
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(text, new Utf8()),
    large: vectorFromArray(text, new LargeUtf8()),
    kind: vectorFromArray(['甲', '乙', null, '甲', '<乙&>', '甲', '丙'], new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([1, null, -3, 0, 2147483647, -2147483648, 7], new Int32()),
    big: vectorFromArray([1n, null, -9007199254740993n, 9007199254740991n, 5n, 0n, -1n], new Int64()),
    x: vectorFromArray([0.5, NaN, null, 1e21, -2.25, Infinity, 1 / 3], new Float64()),
    ok: vectorFromArray([true, false, null, true, false, true, false], new Bool()),
    day: vectorFromArray([new Date(Date.UTC(2024, 7, 13)), null, new Date(Date.UTC(1969, 11, 31)), new Date(Date.UTC(1899, 0, 1)), null, null, null], new DateDay()),
    at: vectorFromArray([new Date(Date.UTC(2024, 7, 13, 9, 30, 5, 120)), null, null, null, null, null, null], new TimestampMillisecond()),
    atz: vectorFromArray([null, new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), null, null, null, null, null], new Timestamp(TimeUnit.MILLISECOND, 'UTC')),
  } as never);
}

/** Excel's serial day of a UTC instant (1900 date system): what a date cell holds. */
const serial = (ms: number): number => ms / 86400000 + 25569;

/**
 * What each row must read back as: nulls are absent cells (null here); dates and zone-less
 * timestamps are date cells (serial days), except before 1900-03-01, and zoned timestamps, which
 * are ISO text.
 */
const expected = [
  ['name', 'large', 'kind', 'n', 'big', 'x', 'ok', 'day', 'at', 'atz'],
  ['张三', '张三', '甲', 1, 1, 0.5, true, serial(Date.UTC(2024, 7, 13)), serial(Date.UTC(2024, 7, 13, 9, 30, 5, 120)), null],
  [null, null, '乙', null, null, 'NaN', false, null, null, '2024-01-02T03:04:05.000Z'],
  ['', '', null, -3, '-9007199254740993', null, null, serial(Date.UTC(1969, 11, 31)), null, null],
  [' 前后空格 ', ' 前后空格 ', '甲', 0, 9007199254740991, 1e21, true, '1899-01-01', null, null],
  [text[4], text[4], '<乙&>', 2147483647, 5, -2.25, false, null, null, null],
  ['王五，（全角）！', '王五，（全角）！', '甲', -2147483648, 0, 'Infinity', true, null, null, null],
  ['𠮷野家', '𠮷野家', '丙', 7, -1, 1 / 3, false, null, null, null],
];

async function* gen(...batches: RecordBatch[]): AsyncIterable<RecordBatch> { yield* batches; }

async function readBack(path: string): Promise<{ wb: XLSX.WorkBook; rows: unknown[][] }> {
  const wb = XLSX.read(await readFile(path), { type: 'buffer' });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  return { wb, rows: XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null }) };
}

/** A part of the package as text, through SheetJS's own ZIP reader. */
function partText(xlsx: Buffer, name: string): string {
  const file = XLSX.CFB.find(XLSX.CFB.read(xlsx, { type: 'buffer' }), `/${name}`);
  return file ? Buffer.from(file.content as Uint8Array).toString('utf8') : '';
}

async function leftovers(d: string): Promise<string[]> {
  try { return await readdir(d); } catch { return []; }
}

describe('XLSX writer', () => {
  it('writes every Arrow type the project emits; SheetJS reads the same values back', async () => {
    const t = table();
    const path = join(dir, 'all.xlsx');
    const res = await writeXlsx(path, t.schema, gen(...t.batches));
    expect(res).toEqual({ path, rows: 7, bytes: (await stat(path)).size });
    const { wb, rows } = await readBack(path);
    expect(wb.SheetNames).toEqual(['Sheet1']);
    expect(rows).toEqual(expected);
    const ws = wb.Sheets.Sheet1!;
    // Numbers are numeric cells, booleans boolean cells, text inline strings; a null is no cell at all.
    expect([ws.D2?.t, ws.F2?.t, ws.G2?.t, ws.A2?.t, ws.H2?.t, ws.I2?.t, ws.H5?.t]).toEqual(['n', 'n', 'b', 's', 'n', 'n', 's']);
    // Date cells carry an ISO number format, so Excel shows (and SheetJS reads) them as dates.
    const styled = XLSX.read(await readFile(path), { type: 'buffer', cellNF: true }).Sheets.Sheet1!;
    expect([styled.H2?.z, styled.I2?.z]).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss']);
    expect(XLSX.read(await readFile(path), { type: 'buffer', cellDates: true }).Sheets.Sheet1!.H2).toMatchObject({ t: 'd' });
    expect(ws.A3).toBeUndefined();
    expect(ws.A4).toMatchObject({ t: 's', v: '' });
    expect(ws['!ref']).toBe('A1:J8');
    const sheet = partText(await readFile(path), 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<t>line1\nline2&#13;\n\t&quot;q&quot; &amp; &lt;b&gt; \'a\' ]]&gt;</t>');
    expect(sheet).toContain('<t xml:space="preserve"> 前后空格 </t>');
    expect(sheet).not.toContain('sharedStrings');
  });

  it('writes sliced, multi-batch and empty batches, and small deflate chunks, with the same result', async () => {
    const t = table();
    const b = t.batches[0]!;
    const one = join(dir, 'one.xlsx');
    const sliced = join(dir, 'sliced.xlsx');
    await writeXlsx(one, t.schema, gen(b));
    // Slices at odd offsets: validity bits, offsets and dictionary indices do not start at 0.
    const res = await writeXlsx(sliced, t.schema, gen(b.slice(0, 3), b.slice(3, 3), b.slice(3, 5), b.slice(5, 7)), { chunkBytes: 64 });
    expect(res.rows).toBe(7);
    expect((await readBack(sliced)).rows).toEqual(expected);
    // Same input, same bytes: chunking changes only how the stream is deflated, and nothing in the file depends on the clock.
    const again = join(dir, 'again.xlsx');
    await writeXlsx(again, t.schema, gen(b.slice(0, 3), b.slice(3, 7)));
    expect((await readFile(again)).equals(await readFile(one))).toBe(true);
  });

  it('writes the header row only for empty input', async () => {
    const t = table();
    for (const [name, batches] of [['none', []], ['empty', [t.batches[0]!.slice(0, 0)]]] as const) {
      const path = join(dir, `${name}.xlsx`);
      expect((await writeXlsx(path, t.schema, gen(...batches))).rows).toBe(0);
      expect((await readBack(path)).rows).toEqual([expected[0]]);
    }
  });

  it('puts provenance in custom document properties and the title in core properties', async () => {
    const t = table();
    const path = join(dir, 'meta.xlsx');
    const metadata = { 'tuomin.dataset': 'binzhou-admin-penalties', 'tuomin.publisher': '滨州市市场监督管理局', 'tuomin.note': 'a & b <c> "d"' };
    await writeOutput(path, t.schema, gen(...t.batches), { metadata, xlsx: { title: '行政处罚信息', creator: '滨州市市场监督管理局', sheetName: '行政处罚' } });
    const { wb } = await readBack(path);
    expect(wb.SheetNames).toEqual(['行政处罚']);
    expect(wb.Props).toMatchObject({ Title: '行政处罚信息', Author: '滨州市市场监督管理局' });
    // SheetJS 0.18.5 does not UTF-8-decode custom properties (parse_cust_props, unlike
    // parse_core_props, skips utf8read): undo that here, then compare.
    const custom = Object.fromEntries(Object.entries(wb.Custprops ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'latin1').toString('utf8')]));
    expect(custom).toEqual(metadata);
    expect(partText(await readFile(path), 'docProps/custom.xml')).toContain('name="tuomin.publisher"><vt:lpwstr>滨州市市场监督管理局</vt:lpwstr>');
    // Without metadata there is no custom part, and no relationship pointing at one.
    const bare = join(dir, 'bare.xlsx');
    await writeXlsx(bare, t.schema, gen(...t.batches));
    expect(partText(await readFile(bare), 'docProps/custom.xml')).toBe('');
    expect(partText(await readFile(bare), '_rels/.rels')).not.toContain('custom');
  });

  it('leaves no file, not even a temporary one, when the input fails mid-stream', async () => {
    const t = table();
    const sub = join(dir, 'midstream');
    async function* failing(): AsyncIterable<RecordBatch> {
      yield* t.batches;
      yield* t.batches;
      throw new Error('source went away');
    }
    // Tiny chunks: part of the sheet has already been deflated and written when the input fails.
    await expect(writeXlsx(join(sub, 'x.xlsx'), t.schema, failing(), { chunkBytes: 128 })).rejects.toThrow('source went away');
    expect(await leftovers(sub)).toEqual([]);
  });

  it('fails on a control character XML cannot hold, naming row and column, and leaves no file', async () => {
    const sub = join(dir, 'illegal');
    await mkdir(sub);
    const values = ['ok', 'fine', 'bad\u0001value', 'x'];
    const utf8 = (makeTable as unknown as (columns: object) => Table)({ id: vectorFromArray([1, 2, 3, 4], new Int32()), name: vectorFromArray(values, new Utf8()) } as never);
    const err = await writeXlsx(join(sub, 'a.xlsx'), utf8.schema, gen(...utf8.batches)).catch((e) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.location).toMatchObject({ row: 3, column: 'name' });
    expect(err.message).toMatch(/a\.xlsx, row 3, column "name": cell B4: value contains the control character U\+0001\n {2}hint: .*remove it from the source, or leave xlsx out of output.formats/);
    expect(err.message).not.toContain('bad');
    // In a dictionary the row named is the first that uses the entry; unused entries are never checked.
    const dict = (makeTable as unknown as (columns: object) => Table)({ kind: vectorFromArray(['a', 'a', 'b\uffff', 'c\u0002'], new Dictionary(new Utf8(), new Int32())) } as never);
    const d = dict.batches[0]!;
    await expect(writeXlsx(join(sub, 'b.xlsx'), dict.schema, gen(d.slice(0, 2), d.slice(2, 3)))).rejects.toThrow(/row 3, column "kind": cell A4: value contains the control character U\+FFFF/);
    expect(await leftovers(sub)).toEqual([]);
  });

  it('fails on a cell longer than Excel holds; too many columns and bad options fail before a file is created', async () => {
    const sub = join(dir, 'limits');
    const long = (makeTable as unknown as (columns: object) => Table)({ t: vectorFromArray(['短', '长'.repeat(32768)], new Utf8()) } as never);
    await expect(writeXlsx(join(sub, 'long.xlsx'), long.schema, gen(...long.batches))).rejects.toThrow(/row 2, column "t": cell A3: text of 32,768 characters is longer than an XLSX cell holds/);
    const exactly = (makeTable as unknown as (columns: object) => Table)({ t: vectorFromArray(['长'.repeat(32767)], new Utf8()) } as never);
    await writeXlsx(join(sub, 'ok.xlsx'), exactly.schema, gen(...exactly.batches));
    await rm(join(sub, 'ok.xlsx'));
    const wide = new Schema(Array.from({ length: 16385 }, (_, i) => new Field(`c${i}`, new Int32())));
    await expect(writeXlsx(join(sub, 'wide.xlsx'), wide, gen())).rejects.toThrow(/16,385 columns: an XLSX sheet holds at most 16,384\n {2}hint: publish this dataset as csv, ndjson or parquet/);
    await expect(writeXlsx(join(sub, 'name.xlsx'), long.schema, gen(), { sheetName: '处罚/2024' })).rejects.toThrow(/sheet name "处罚\/2024" contains one of : \\ \/ \? \* \[ \]/);
    await expect(writeXlsx(join(sub, 'meta.xlsx'), long.schema, gen(), { metadata: { note: 'a\u0000b' } })).rejects.toThrow(/document property note contains the character U\+0000/);
    await expect(writeXlsx(join(sub, 'level.xlsx'), long.schema, gen(), { compressionLevel: 10 })).rejects.toThrow(/compressionLevel must be an integer 0-9/);
    expect(await leftovers(sub)).toEqual([]);
  });

  it(`refuses more than ${(XLSX_MAX_ROWS - 1).toLocaleString('en-US')} data rows, naming the limit, and leaves no file`, async () => {
    const sub = join(dir, 'rows');
    const small = makeTable({ n: new Int32Array(1000) });
    // The second batch would pass the limit: refused before any of its rows is written.
    const big = makeTable({ n: new Int32Array(XLSX_MAX_ROWS - 1000) });
    const err = await writeXlsx(join(sub, 'big.xlsx'), small.schema, gen(...small.batches, ...big.batches)).catch((e) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toMatch(/big\.xlsx, row 1048576: more than 1,048,575 data rows: an XLSX sheet holds at most 1,048,576 rows, the header row included\n {2}hint: publish this dataset as csv, ndjson or parquet instead \(remove xlsx from output\.formats\)/);
    expect(await leftovers(sub)).toEqual([]);
  });

  it('writes 100,000 rows with memory that does not grow with the rows; every row reads back', async () => {
    // A collector for exact heap figures: with garbage collected before each sample, what is
    // left is what the writer holds.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const ROWS = 100_000;
    const PER = 5_000;
    const reason = '经查，当事人于2024年无证经营，违反了《条例》第八条的规定，依法给予警告并处罚款。'.repeat(3);
    const kinds = ['警告', '罚款', '没收违法所得'];
    function batch(k: number): RecordBatch {
      const base = k * PER;
      const at = (i: number) => base + i;
      return (makeTable as unknown as (columns: object) => Table)({
        id: vectorFromArray(Array.from({ length: PER }, (_, i) => at(i)), new Int32()),
        name: vectorFromArray(Array.from({ length: PER }, (_, i) => `山东某某有限公司${at(i)}`), new Utf8()),
        reason: vectorFromArray(Array.from({ length: PER }, (_, i) => (at(i) % 7 === 0 ? null : `${reason}${at(i)}`)), new Utf8()),
        amount: vectorFromArray(Array.from({ length: PER }, (_, i) => at(i) * 1.5), new Float64()),
        day: vectorFromArray(Array.from({ length: PER }, (_, i) => new Date(Date.UTC(2024, 0, 1 + (at(i) % 365)))), new DateDay()),
        ok: vectorFromArray(Array.from({ length: PER }, (_, i) => at(i) % 2 === 0), new Bool()),
        kind: vectorFromArray(Array.from({ length: PER }, (_, i) => kinds[at(i) % 3]), new Dictionary(new Utf8(), new Int32())),
      } as never).batches[0]!;
    }
    const held: number[] = [];
    async function* batches(): AsyncIterable<RecordBatch> {
      for (let k = 0; k < ROWS / PER; k++) {
        gc();
        const m = process.memoryUsage();
        held.push(m.heapUsed + m.arrayBuffers);
        yield batch(k);
      }
    }
    const path = join(dir, '100k.xlsx');
    const t0 = performance.now();
    const res = await writeXlsx(path, batch(0).schema, batches());
    const ms = performance.now() - t0;
    expect(res.rows).toBe(ROWS);
    const xmlBytes = partText(await readFile(path), 'xl/worksheets/sheet1.xml').length;
    const growth = Math.max(...held.slice(4)) - held[3]!;
    if (process.env.TUOMIN_PRINT) {
      const csv = await writeCsv(join(dir, '100k.csv'), batch(0).schema, (async function* () { for (let k = 0; k < ROWS / PER; k++) yield batch(k); })());
      console.log(`xlsx 100k rows: ${ms.toFixed(0)} ms with gc per batch, ${(res.bytes / 1e6).toFixed(1)} MB (csv ${(csv.bytes / 1e6).toFixed(1)} MB), sheet XML ${(xmlBytes / 1e6).toFixed(0)} M characters, held memory growth ${(growth / 1e6).toFixed(1)} MB (${held.map((x) => (x / 1e6).toFixed(0)).join(" ")})`);
    }
    // The sheet XML is tens of MB; what the writer holds stays at a few deflate chunks.
    expect(xmlBytes).toBeGreaterThan(40e6);
    expect(growth).toBeLessThan(20e6);
    const t1 = performance.now();
    const { rows } = await readBack(path);
    if (process.env.TUOMIN_PRINT) console.log(`SheetJS read: ${(performance.now() - t1).toFixed(0)} ms`);
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[1]).toEqual([0, '山东某某有限公司0', null, 0, serial(Date.UTC(2024, 0, 1)), true, '警告']);
    expect(rows[ROWS]).toEqual([ROWS - 1, `山东某某有限公司${ROWS - 1}`, `${reason}${ROWS - 1}`, (ROWS - 1) * 1.5, serial(Date.UTC(2024, 11, 20)), false, '警告']);
  }, 120_000);
});

describe('ZIP container', () => {
  it('computes CRC-32 like zlib, with the table fallback too', () => {
    const bytes = new TextEncoder().encode('滨州市市场监督管理局 '.repeat(1000));
    const whole = zlib.crc32(bytes);
    expect(crc32(bytes, 0)).toBe(whole);
    expect(crc32Table(bytes, 0)).toBe(whole);
    expect(crc32Table(bytes.subarray(100), crc32Table(bytes.subarray(0, 100), 0))).toBe(whole);
  });

  const python = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!python)('writes ZIP64 records that Python zipfile reads and checks (forced, without writing 4 GiB)', async () => {
    const t = table();
    const path = join(dir, 'zip64.xlsx');
    await writeXlsx(path, t.schema, gen(...t.batches), { forceZip64: true, chunkBytes: 256, metadata: { a: 'b' } });
    const script = [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'for i in z.infolist(): assert i.extra[:2] == bytes([1, 0]), i.filename',
      'print(len(z.infolist()), len(z.read("xl/worksheets/sheet1.xml")))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [entries, sheetBytes] = r.stdout.trim().split(' ').map(Number);
    expect(entries).toBe(9);
    // The same sheet, written as plain ZIP, has the same uncompressed bytes.
    const plain = join(dir, 'plain.xlsx');
    await writeXlsx(plain, t.schema, gen(...t.batches));
    expect(sheetBytes).toBe(Buffer.byteLength(partText(await readFile(plain), 'xl/worksheets/sheet1.xml')));
  });
});

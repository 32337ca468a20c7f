import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { Field, Schema, Utf8, vectorFromArray } from 'apache-arrow';
import XLSX from 'xlsx';
import { batchFromColumns } from '@tuomin/core';
import { openSource, writeXlsx, type OpenedSource } from '@tuomin/io';
import { planPartitions } from '@tuomin/io/internal';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { workbookBytes, inlineRow, zipBytes, esc } from './support/xlsx-bytes.js';
import { cellLeaks, namesInPackage, packageLeaks } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { runCli } from './support/sweep-flow.js';
import { Rng } from '../fixtures/lib/rng.js';
import { residentId } from '../fixtures/lib/ids.js';

const dir = mkdtempSync(join(tmpdir(), 'tuomin-xlsx-in-'));
let n = 0;
function file(bytes: Buffer, ext = '.xlsx'): string {
  const p = join(dir, `book${++n}${ext}`);
  writeFileSync(p, bytes);
  return p;
}

async function table(path: string | string[], options: Parameters<typeof openSource>[1] = {}): Promise<{ names: string[]; rows: Array<Array<string | null>>; source: OpenedSource }> {
  const source = await openSource(path, options);
  const names = source.schema.fields.map((f) => f.name);
  const rows: Array<Array<string | null>> = [];
  for await (const b of source.batches()) {
    for (let i = 0; i < b.numRows; i++) rows.push(names.map((_, c) => { const v = b.getChildAt(c)!.get(i); return v === null ? null : String(v); }));
  }
  return { names, rows, source };
}

async function refusal(path: string, options: Parameters<typeof openSource>[1] = {}): Promise<Error> {
  try {
    await table(path, options);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the read to fail');
}

const sheet = (rows: string, after = '') => `<sheetData>${rows}</sheetData>${after}`;

describe('XLSX input: cells as a serious reader must read them', () => {
  it('reads shared and inline strings, rich text without its phonetic runs, sparse cells and gaps', async () => {
    const p = file(workbookBytes({
      sharedStrings: ['姓名', '电话', '张三', '<r><t>李</t></r><r><rPr><b/></rPr><t>四</t></r><rPh sb="0" eb="1"><t>リ</t></rPh>', '备注'],
      sheets: [{ name: '名单', body: sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>4</v></c></row>'
        + '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="C2" t="inlineStr"><is><t>a &amp; b_x000D_</t></is></c></row>'
        + '<row r="5"><c r="A5" t="s"><v>3</v></c><c r="B5"><v>13800138000</v></c></row>'
        + '<row r="6" spans="1:3" s="1" customFormat="1"/>') }],
    }));
    const t = await table(p);
    expect(t.names).toEqual(['姓名', '电话', '备注']);
    expect(t.rows).toEqual([['张三', null, 'a & b\r'], ['李四', '13800138000', null]]);
  });

  it('numbers: 15 significant digits as Excel shows them, zero-padded formats, text-formatted leading zeros kept, booleans, formulas and errors', async () => {
    const p = file(workbookBytes({
      sharedStrings: ['编号', '金额', '比率', '邮编', '有效', '合计', '0012'],
      numFmts: { 164: '000000' },
      cellXfs: [0, 164, 49],
      sheets: [{ name: 'S', body: sheet(
        inlineRow(1, ['编号', '金额', '比率', '邮编', '有效', '合计'])
        + '<row r="2"><c r="A2" t="s" s="2"><v>6</v></c><c r="B2"><v>5000.5</v></c><c r="C2"><v>0.30000000000000004</v></c><c r="D2" s="1"><v>12345</v></c><c r="E2" t="b"><v>1</v></c><c r="F2"><f>B2*2</f><v>10001</v></c></row>'
        + '<row r="3"><c r="A3" t="str"><f>"00"&amp;"7"</f><v>007</v></c><c r="B3"><v>-1.5E-7</v></c><c r="C3" t="e"><f>NA()</f><v>#N/A</v></c><c r="D3" s="1"><v>250000</v></c><c r="E3" t="b"><v>0</v></c><c r="F3"><v>123456789012345</v></c></row>') }],
    }));
    const t = await table(p);
    expect(t.rows).toEqual([
      ['0012', '5000.5', '0.3', '012345', 'TRUE', '10001'],
      ['007', '-0.00000015', null, '250000', 'FALSE', '123456789012345'],
    ]);
    expect(t.source.warnings?.join('\n')).toMatch(/1 error cells/);
  });

  it('dates by their cell format, in the 1900 and the 1904 date systems; numbers without a date format stay numbers', async () => {
    const body = sheet(inlineRow(1, ['日期', '时间', '时刻', '数', '中文日期'])
      + '<row r="2"><c r="A2" s="1"><v>45517</v></c><c r="B2" s="2"><v>45517.396</v></c><c r="C2" s="3"><v>0.5</v></c><c r="D2"><v>45517</v></c><c r="E2" s="4"><v>45517</v></c></row>'
      + '<row r="3"><c r="A3" s="1"><v>59</v></c><c r="B3" s="2"><v>61.25</v></c><c r="C3" s="3"><v>0.75</v></c><c r="D3"><v>1</v></c><c r="E3" s="5"><v>45517</v></c></row>');
    const book = { sheets: [{ name: 'S', body }], numFmts: { 164: 'yyyy"年"m"月"d"日"', 165: '[$-804]yyyy/m/d;@' }, cellXfs: [0, 14, 22, 21, 164, 165] };
    const t1900 = await table(file(workbookBytes(book)));
    expect(t1900.rows).toEqual([
      ['2024-08-13', '2024-08-13 09:30:14', '12:00:00', '45517', '2024-08-13'],
      ['1900-02-28', '1900-03-01 06:00:00', '18:00:00', '1', '2024-08-13'],
    ]);
    const t1904 = await table(file(workbookBytes({ ...book, date1904: true })));
    expect(t1904.rows[0]![0]).toBe('2028-08-14');
    expect(t1904.rows[1]![0]).toBe('1904-02-29');
  });

  it('the phantom 1900-02-29 is refused naming sheet, cell and row', async () => {
    const p = file(workbookBytes({ cellXfs: [0, 14], sheets: [{ name: '日期表', body: sheet(inlineRow(1, ['日期', 'x']) + '<row r="2"><c r="A2" s="1"><v>60</v></c><c r="B2"><v>1</v></c></row>') }] }));
    const e = await refusal(p);
    expect(e.message).toContain('sheet "日期表", cell A2');
    expect(e.message).toContain('row 2');
    expect(e.message).toContain('1900-02-29');
  });
});

describe('XLSX input: other writers', () => {
  it('SheetJS: strings, numbers, dates with a date format, booleans; shared strings', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['编号', '日期', '金额', '有效'], ['0012', new Date(2024, 7, 13), 5000.5, true], ['0013', new Date(1999, 11, 31), -3, false]], { cellDates: true });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '数据');
    const p = file(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true, cellDates: false }) as Buffer);
    const t = await table(p);
    expect(t.names).toEqual(['编号', '日期', '金额', '有效']);
    expect(t.rows).toEqual([['0012', '2024-08-13', '5000.5', 'TRUE'], ['0013', '1999-12-31', '-3', 'FALSE']]);
  });

  it('the OpenXML SDK\'s prefixed tags (x:row), cells and rows without r, single-quoted attributes, CDATA and character references', async () => {
    const body = `<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row><x:c t='inlineStr'><x:is><x:t>名称</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>说明</x:t></x:is></x:c></x:row>`
      + `<x:row><x:c t="inlineStr"><x:is><x:t><![CDATA[a<b]]></x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>&#x5F20;&#19977;&lt;&gt;</x:t></x:is></x:c></x:row></x:sheetData>`;
    const t = await table(file(workbookBytes({ sheets: [{ name: 'S', body }] })));
    expect(t.names).toEqual(['名称', '说明']);
    expect(t.rows).toEqual([['a<b', '张三<>']]);
  });
});

describe('XLSX input: 18-digit IDs stored as numbers', () => {
  it('an ID that Excel has rounded (1.10101199001011E+17) is refused naming the cell, never published, never quoted', async () => {
    const p = file(workbookBytes({ sheets: [{ name: '人员', body: sheet(inlineRow(1, ['姓名', '身份证号', '电话'])
      + '<row r="2"><c r="A2" t="inlineStr"><is><t>王五</t></is></c><c r="B2"><v>1.10101199001011E+17</v></c><c r="C2"><v>13800138000</v></c></row>') }] }));
    const e = await refusal(p);
    expect(e.message).toContain('sheet "人员", cell B2');
    expect(e.message).toMatch(/row 2/);
    expect(e.message).toContain('column "身份证号"');
    expect(e.message).toMatch(/18 digits/);
    expect(e.message).not.toMatch(/1101011990|1\.101/);
  });

  it('the same with every digit written in the XML (a tool other than Excel): refused, since a spreadsheet keeps 15', async () => {
    const p = file(workbookBytes({ sheets: [{ name: 'S', body: sheet(inlineRow(1, ['卡号']) + '<row r="3"><c r="A3"><v>6222021234567890123</v></c></row>') }] }));
    const e = await refusal(p);
    expect(e.message).toContain('cell A3');
    expect(e.message).not.toContain('62220212');
  });

  it('IDs stored as text are read digit for digit; 11-digit phones and 15-digit numbers as numbers are fine', async () => {
    const p = file(workbookBytes({ sharedStrings: ['身份证号', '110101199001011234', '11010119900101123X'], sheets: [{ name: 'S', body: sheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>号</t></is></c></row>'
      + '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>13800138000</v></c></row><row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>110101900101123</v></c></row>') }] }));
    expect((await table(p)).rows).toEqual([['110101199001011234', '13800138000'], ['11010119900101123X', '110101900101123']]);
  });
});

describe('XLSX input: the table on the sheet', () => {
  it('title rows above the header are skipped; merged header cells name every column; a two-row header joins its names', async () => {
    const body = sheet(
      inlineRow(1, ['2024年行政处罚公示表', null, null, null])
      + inlineRow(2, ['单位：元', null, null, null])
      + inlineRow(3, ['姓名', '联系方式', null, '金额'])
      + inlineRow(4, [null, '电话', '地址', null])
      + inlineRow(5, ['张三', '13800138000', '滨州市', '200']),
      '<mergeCells count="4"><mergeCell ref="A1:D1"/><mergeCell ref="A3:A4"/><mergeCell ref="B3:C3"/><mergeCell ref="D3:D4"/></mergeCells>');
    const t = await table(file(workbookBytes({ sheets: [{ name: 'S', body }] })));
    expect(t.names).toEqual(['姓名', '联系方式_电话', '联系方式_地址', '金额']);
    expect(t.rows).toEqual([['张三', '13800138000', '滨州市', '200']]);
    expect(t.source.warnings?.join('\n')).toMatch(/row 1, 2 above the header row 3/);
  });

  it('a merged header cell over two columns: both named; headerRow chooses the header; a value beside the table is refused', async () => {
    const body = sheet(inlineRow(1, ['说明']) + inlineRow(2, ['编号', '联系方式', null]) + inlineRow(3, ['1', 'a', 'b']), '<mergeCells><mergeCell ref="B2:C2"/></mergeCells>');
    const t = await table(file(workbookBytes({ sheets: [{ name: 'S', body }] })), { xlsx: { headerRow: 2 } });
    expect(t.names).toEqual(['编号', '联系方式', '联系方式_2']);
    expect(t.rows).toEqual([['1', 'a', 'b']]);
    const beside = file(workbookBytes({ sheets: [{ name: 'S', body: sheet(inlineRow(1, ['编号', '名称']) + inlineRow(2, ['1', 'a', '漏掉的'])) }] }));
    const e = await refusal(beside);
    expect(e.message).toContain('cell C2');
    expect(e.message).not.toContain('漏掉的');
  });

  it('hidden columns and hidden rows are not read (and are said so); comments and other parts are never read', async () => {
    const body = `<cols><col min="2" max="2" width="0" hidden="1"/></cols>` + sheet(
      inlineRow(1, ['编号', '身份证号', '名称']) + inlineRow(2, ['1', '110101199001011234', 'a']) + '<row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>2</t></is></c><c r="C3" t="inlineStr"><is><t>被筛掉</t></is></c></row>' + inlineRow(4, ['3', '110101199001011235', 'c']));
    const t = await table(file(workbookBytes({ sheets: [{ name: 'S', body }], extra: { 'xl/comments1.xml': '<comments><commentList><comment ref="A2"><text><t>张三 110101199001011234</t></text></comment></commentList></comments>' } })));
    expect(t.names).toEqual(['编号', '名称']);
    expect(t.rows).toEqual([['1', 'a'], ['3', 'c']]);
    expect(t.source.warnings?.join('\n')).toMatch(/hidden columns B not read[\s\S]*1 hidden rows not read/);
  });
});

describe('XLSX input: sheets', () => {
  const two = () => workbookBytes({ sheets: [
    { name: '公开', body: sheet(inlineRow(1, ['区县', '数量']) + inlineRow(2, ['滨城区', '3'])) },
    { name: '原始数据', body: sheet(inlineRow(1, ['姓名', '身份证号']) + inlineRow(2, ['张三', '110101199001011234'])) },
  ] });

  it('the first sheet by default, another by name or position; the other sheets are never read', async () => {
    const p = file(two());
    const first = await table(p);
    expect(first.names).toEqual(['区县', '数量']);
    expect(first.source.warnings?.join('\n')).toContain('not read: "原始数据"');
    expect((await table(p, { xlsx: { sheet: '原始数据' } })).names).toEqual(['姓名', '身份证号']);
    expect((await table(p, { xlsx: { sheet: 2 } })).names).toEqual(['姓名', '身份证号']);
    const e = await refusal(p, { xlsx: { sheet: 'Sheet3' } });
    expect(e.message).toContain('"公开", "原始数据"');
  });

  it('a hidden first sheet is ambiguous: refused, naming the sheets', async () => {
    const p = file(workbookBytes({ sheets: [{ name: '底稿', state: 'hidden', body: sheet(inlineRow(1, ['a', 'b'])) }, { name: '发布', body: sheet(inlineRow(1, ['a', 'b'])) }] }));
    const e = await refusal(p);
    expect(e.message).toMatch(/hidden/);
    expect(e.message).toContain('"底稿", "发布"');
  });
});

describe('XLSX input: several workbooks, one source', () => {
  it('a month per workbook is read in order with one header; a workbook with another header is refused', async () => {
    const month = (m: string, header = ['月份', '数量']) => file(workbookBytes({ sheets: [{ name: m, body: sheet(inlineRow(1, header) + inlineRow(2, [m, '1']) + inlineRow(3, [m, '2'])) }] }));
    const a = month('2024-01');
    const b = month('2024-02');
    const t = await table([a, b]);
    expect(t.rows).toEqual([['2024-01', '1'], ['2024-01', '2'], ['2024-02', '1'], ['2024-02', '2']]);
    await expect(table([a, month('2024-03', ['月', '数量'])])).rejects.toThrow(/月/);
  });
});

describe('XLSX input: what is not an .xlsx is refused by its bytes', () => {
  it('an .xls (BIFF) compound file, an encrypted workbook, an .xlsb, an .ods, an HTML table named .xlsx', async () => {
    const cfb = (streamName: string): Buffer => {
      const b = Buffer.alloc(512 * 3);
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
      b.writeUInt16LE(9, 0x1e); // 512-byte sectors
      b.writeUInt32LE(1, 0x30); // directory in sector 1
      b.writeUInt32LE(0, 0x4c); // FAT in sector 0
      for (let i = 1; i < 109; i++) b.writeUInt32LE(0xffffffff, 0x4c + 4 * i);
      b.writeUInt32LE(0xfffffffd, 512); b.writeUInt32LE(0xfffffffe, 512 + 4); // FAT: sector 0 is FAT, sector 1 ends its chain
      const dirAt = 512 * 2;
      const put = (k: number, name: string) => { b.write(name, dirAt + 128 * k, 'utf16le'); b.writeUInt16LE((name.length + 1) * 2, dirAt + 128 * k + 0x40); };
      put(0, 'Root Entry');
      put(1, streamName);
      return b;
    };
    expect((await refusal(file(cfb('Workbook')))).message).toMatch(/Excel 97–2003 workbook/);
    expect((await refusal(file(cfb('EncryptedPackage')))).message).toMatch(/encrypted with a password/);
    expect((await refusal(file(zipBytes([['xl/workbook.bin', Buffer.from('x')], ['[Content_Types].xml', Buffer.from('<Types/>')]])))).message).toMatch(/\.xlsb/);
    expect((await refusal(file(zipBytes([['mimetype', Buffer.from('application/vnd.oasis.opendocument.spreadsheet')], ['content.xml', Buffer.from('<x/>')]])))).message).toMatch(/OpenDocument/);
    expect((await refusal(file(Buffer.from('<html><table><tr><td>1</td></tr></table></html>')))).message).toMatch(/does not start as a ZIP/);
  });

  it('a workbook cut short is refused, not read as fewer rows', async () => {
    const whole = workbookBytes({ sheets: [{ name: 'S', body: sheet(inlineRow(1, ['a', 'b']) + inlineRow(2, ['1', '2'])) }] });
    expect((await refusal(file(whole.subarray(0, whole.length - 30)))).message).toMatch(/not a readable XLSX workbook/);
  });
});

describe('XLSX input: our own writer round trip, partitions', () => {
  it('reads back what writeXlsx wrote; one partition per workbook', async () => {
    const schema = new Schema([new Field('名称', new Utf8(), true), new Field('备注', new Utf8(), true)]);
    const names = Array.from({ length: 3000 }, (_, i) => `单位${i}`);
    const notes = names.map((_, i) => (i % 7 === 0 ? null : i % 5 === 0 ? ' 前后空格 ' : `=HYPERLINK("x")<&>${i}`));
    const batch = batchFromColumns(schema, [textData(names), textData(notes)], names.length);
    const p = join(dir, 'ours.xlsx');
    await writeXlsx(p, schema, (async function* () { yield batch; })());
    const t = await table(p, { batchSize: 1000 });
    expect(t.names).toEqual(['名称', '备注']);
    expect(t.rows.map((r) => r[0])).toEqual(names);
    expect(t.rows.map((r) => r[1])).toEqual(notes);
    const plan = await planPartitions(p, {}, { bytes: 1, min: 2 });
    expect(plan.partitions).toHaveLength(1);
    expect(plan.single).toMatch(/one partition/);
  });
});

function textData(values: Array<string | null>) {
  return vectorFromArray(values, new Utf8()).data[0]!;
}

// --- Real CLI processes on a generated roster workbook ------------------------------------------

const root = join(__dirname, '..');
const KEY = '000102030405060708090a0b0c0d0e0f';
function tuomin(args: string[], cwd: string): { code: number; out: string; err: string } {
  // tsx by its file URL: the process runs in a temporary folder, where `--import tsx` finds no package.
  const r = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, join(root, 'packages/cli/src/bin.ts'), ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, TUOMIN_KEY: KEY }, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/**
 * A community volunteer roster as an office system exports it (seeded): a title row merged over
 * the table, shared strings, IDs as text, phones as numbers, service dates as date serials, a
 * hidden column of internal numbers, a comment naming a person, and a second sheet of raw data
 * (other persons' names and IDs) that must never reach a release.
 */
function rosterWorkbook(rows: number): { bytes: Buffer; direct: Set<string>; hidden: Set<string>; raw: Set<string>; rawNames: string[] } {
  const rng = new Rng(20261207, 3);
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
  const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛'];
  const communities = ['黄河社区', '渤海社区', '滨城社区', '北海社区', '新立社区'];
  const services = ['助老', '环保', '文明劝导', '防疫', '助学'];
  const sst: string[] = ['社区志愿服务记录（2024年）', '姓名', '身份证号', '手机号', '服务日期', '服务时长（小时）', '社区', '服务类别', '内部编号', ...communities, ...services];
  const idx = (s: string): number => { let i = sst.indexOf(s); if (i < 0) { i = sst.length; sst.push(s); } return i; };
  const s = (col: string, r: number, v: string) => `<c r="${col}${r}" t="s"><v>${idx(v)}</v></c>`;
  const direct = new Set<string>();
  const hidden = new Set<string>();
  let xml = `<row r="1">${s('A', 1, '社区志愿服务记录（2024年）')}</row><row r="2">${['姓名', '身份证号', '手机号', '服务日期', '服务时长（小时）', '社区', '服务类别', '内部编号'].map((h, i) => s(String.fromCharCode(65 + i), 2, h)).join('')}</row>`;
  for (let k = 0; k < rows; k++) {
    const r = k + 3;
    const name = surnames[rng.int(surnames.length)]! + given[rng.int(given.length)]! + (rng.chance(0.5) ? given[rng.int(given.length)]! : '');
    const id = residentId(rng, '371602', { year: 1950 + rng.int(50), month: 1 + rng.int(12), day: 1 + rng.int(28) }, rng.chance(0.5));
    const phone = `13${rng.digits(9)}`;
    const internal = `NB${rng.digits(10)}`;
    direct.add(id); direct.add(phone); hidden.add(internal);
    xml += `<row r="${r}">${s('A', r, name)}${s('B', r, id)}<c r="C${r}"><v>${phone}</v></c><c r="D${r}" s="1"><v>${45292 + rng.int(366)}</v></c><c r="E${r}"><v>${(1 + rng.int(8)) / 2}</v></c>${s('F', r, communities[rng.int(5)]!)}${s('G', r, services[rng.int(5)]!)}${s('H', r, internal)}</row>`;
  }
  const raw = new Set<string>();
  const rawNames: string[] = [];
  let rawXml = inlineRow(1, ['姓名', '身份证号', '家庭住址']);
  for (let k = 0; k < 50; k++) {
    const name = `欧阳${given[k % given.length]}${given[(k * 7) % given.length]}`;
    const id = residentId(rng, '110101', { year: 1960 + (k % 40), month: 1 + (k % 12), day: 1 + (k % 28) }, k % 2 === 0);
    raw.add(id); rawNames.push(name);
    rawXml += inlineRow(k + 2, [name, id, `滨州市滨城区黄河${k + 1}路${k + 10}号`]);
  }
  const bytes = workbookBytes({
    sharedStrings: sst,
    cellXfs: [0, 14],
    sheets: [
      { name: '志愿服务', body: `<dimension ref="A1:H${rows + 2}"/><cols><col min="8" max="8" width="0" hidden="1"/></cols>${sheet(xml, '<mergeCells count="1"><mergeCell ref="A1:G1"/></mergeCells>')}` },
      { name: '原始数据', body: sheet(rawXml) },
    ],
    extra: { 'xl/comments1.xml': `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>欧阳建国</author></authors><commentList><comment ref="A3" authorId="0"><text><t>${esc('欧阳建国 110101196001011234 核对')}</t></text></comment></commentList></comments>` },
  });
  return { bytes, direct, hidden, raw, rawNames };
}

// Each process starts tsx and the CLI: 10–25 s apiece on the shared 2-core machine under load, hence the long timeouts.
describe('XLSX input through the real CLI: draft, run with one and two workers, scan, convert, risk', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tuomin-xlsx-cli-'));
  const roster = rosterWorkbook(600);
  let duck: DuckDBConnection;
  beforeAll(async () => {
    writeFileSync(join(cwd, 'roster.xlsx'), roster.bytes);
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  });

  it('profile --write-spec drafts from the workbook; run publishes it with --workers 1 and 2 (same bytes); nothing of the raw sheet, the hidden column or the comment is published', async () => {
    const p = tuomin(['profile', 'roster.xlsx', '--write-spec', 'roster.yaml'], cwd);
    expect(p.code, p.err).toBe(0);
    const draft = readFileSync(join(cwd, 'roster.yaml'), 'utf8');
    expect(draft).toContain('roster.xlsx');
    expect(draft).not.toContain('内部编号');
    writeFileSync(join(cwd, 'roster.yaml'), fillCatalogMetadata(draft));
    const runs = [1, 2].map((w) => tuomin(['run', 'roster.yaml', '--json', '--workers', String(w), '--out', join(cwd, `out${w}`)], cwd));
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const [one, two] = runs.map((r) => JSON.parse(r.out) as { packageDir: string; files: Array<{ path: string; sha256: string }> });
    const data = (x: typeof one) => x!.files.filter((f) => f.path.startsWith('data/')).map((f) => [f.path, f.sha256]);
    expect(data(one).length).toBeGreaterThan(0);
    expect(data(two)).toEqual(data(one));
    for (const r of [one!, two!]) {
      expect(await packageLeaks(duck, r.packageDir, new Set([...roster.direct, ...roster.raw, ...roster.hidden, '110101196001011234']))).toEqual({});
      expect(await namesInPackage(duck, r.packageDir, [...roster.rawNames, '欧阳建国', '原始数据'], 8)).toEqual({});
    }
    for (const r of [p, ...runs]) expect(cellLeaks({ columns: ['out'], rows: [[r.out + r.err]] }, new Set([...roster.direct, ...roster.raw]))).toEqual({});
  }, 600_000);

  it('source.xlsx in the spec chooses the sheet and the header row; a sheet that is not there is refused naming the sheets', async () => {
    const doc = parseDocument(readFileSync(join(cwd, 'roster.yaml'), 'utf8'));
    doc.setIn(['source', 'xlsx'], { sheet: '志愿服务', headerRow: 2 });
    writeFileSync(join(cwd, 'chosen.yaml'), doc.toString());
    const chosen = await runCli(['run', 'chosen.yaml', '--json', '--out', join(cwd, 'chosen')], cwd, { TUOMIN_KEY: KEY });
    expect(chosen.code, chosen.err).toBe(0);
    const csv = (out: string) => readFileSync(join(cwd, out, 'roster', '1.0.0', 'data', 'roster.csv'));
    expect(csv('chosen').equals(csv('out1'))).toBe(true);
    doc.setIn(['source', 'xlsx'], { sheet: '汇总' });
    writeFileSync(join(cwd, 'missing-sheet.yaml'), doc.toString());
    const missing = await runCli(['run', 'missing-sheet.yaml', '--dry-run'], cwd, { TUOMIN_KEY: KEY });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no sheet "汇总" (sheets: "志愿服务", "原始数据")');
  }, 600_000);

  it('--sheet and --header-row: convert reads the sheet named; profile --write-spec records them in source.xlsx', async () => {
    const conv = await runCli(['convert', 'roster.xlsx', 'raw.csv', '--sheet', '原始数据'], cwd);
    expect(conv.code, conv.err).toBe(0);
    expect(readFileSync(join(cwd, 'raw.csv'), 'utf8').split('\n')[0]).toBe('姓名,身份证号,家庭住址');
    const missing = await runCli(['scan', 'roster.xlsx', '--sheet', 'Sheet9'], cwd);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('(sheets: "志愿服务", "原始数据")');
    const p = await runCli(['profile', 'roster.xlsx', '--sheet', '志愿服务', '--header-row', '2', '--write-spec', 'named.yaml'], cwd, { TUOMIN_KEY: KEY });
    expect(p.code, p.err).toBe(0);
    expect(parseDocument(readFileSync(join(cwd, 'named.yaml'), 'utf8')).toJS().source.xlsx).toEqual({ sheet: '志愿服务', headerRow: 2 });
  }, 600_000);

  it('scan finds the identifiers (exit 3); convert copies the first sheet only; risk reads it', async () => {
    const scan = tuomin(['scan', 'roster.xlsx', '--json'], cwd);
    expect(scan.code, scan.err).toBe(3);
    const conv = tuomin(['convert', 'roster.xlsx', 'roster.csv'], cwd);
    expect(conv.code, conv.err).toBe(0);
    const csv = readFileSync(join(cwd, 'roster.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('姓名,身份证号,手机号,服务日期,服务时长（小时）,社区,服务类别');
    expect(csv.split('\n')).toHaveLength(600 + 2);
    expect(csv).toMatch(/\n[^,\n]+,\d{17}[\dX],13\d{9},2024-\d\d-\d\d,\d+(\.5)?,/);
    expect([...roster.raw].some((id) => csv.includes(id))).toBe(false);
    expect([...roster.hidden].some((v) => csv.includes(v))).toBe(false);
    const risk = tuomin(['risk', 'roster.xlsx', '--qi', '社区', '--qi', '服务类别', '--json'], cwd);
    expect([0, 3], risk.err).toContain(risk.code);
    expect(JSON.parse(risk.out)).toBeTypeOf('object');
  }, 600_000);

  it('a workbook whose IDs Excel stored as numbers: profile refuses it naming the sheet, cell and row, never a value (the reader refuses it for every verb)', () => {
    const d = mkdtempSync(join(tmpdir(), 'tuomin-xlsx-ids-'));
    writeFileSync(join(d, 'ids.xlsx'), workbookBytes({ sheets: [{ name: '人员', body: sheet(inlineRow(1, ['姓名', '身份证号', '社区'])
      + '<row r="2"><c r="A2" t="inlineStr"><is><t>赵六</t></is></c><c r="B2"><v>3.71602199001011E+17</v></c><c r="C2" t="inlineStr"><is><t>黄河社区</t></is></c></row>') }] }));
    const p = tuomin(['profile', 'ids.xlsx', '--write-spec', 'ids.yaml'], d);
    expect(p.code).toBe(1);
    expect(p.err).toContain('sheet "人员", cell B2');
    expect(p.err).toMatch(/row 2/);
    expect(p.err).not.toMatch(/3716021990|3\.716/);
  }, 600_000);
});

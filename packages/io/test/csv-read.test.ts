import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { TuominError } from '@tuomin/core';
import { parseCsv, readCsv } from '../src/index.js';
import { rowsOf, toCsv, utf8 } from './fixtures-csv/helpers.js';

const parse = (text: string | Uint8Array, o: Parameters<typeof parseCsv>[1] = {}) => {
  const r = parseCsv(typeof text === 'string' ? utf8(text) : text, o);
  return { ...r, rows: rowsOf(r.schema, r.batches), names: r.schema.fields.map((f) => f.name) };
};

const SAMPLE: (string | null)[][] = [
  ['编号', '当事人', '事由', '金额'],
  ['1', '张三', '经查，当事人于2024年8月13日无证经营', '1000.00'],
  ['2', '李四, 王五', '他说 "没有"\n第二行', ''],
  ['3', '', '多行\r\n文本，含逗号,和引号""', '-'],
  ['4', '🐉 dragon', 'plain', 'NULL'],
];

describe('readCsv / parseCsv: RFC 4180', () => {
  it('parses quoted fields, escaped quotes, delimiters and line breaks inside quotes, Chinese', () => {
    const r = parse(toCsv(SAMPLE));
    expect(r.names).toEqual(SAMPLE[0]);
    expect(r.rows).toEqual(SAMPLE.slice(1));
    expect(r.stats).toMatchObject({ rows: 4, badRows: 0, encoding: 'utf-8', delimiter: ',' });
    expect(r.schema.fields.every((f) => String(f.type) === 'Utf8' && f.nullable)).toBe(true);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('line ends %s give the same rows, with or without a final line end', (_n, eol) => {
    expect(parse(toCsv(SAMPLE, eol)).rows).toEqual(SAMPLE.slice(1));
    expect(parse(toCsv(SAMPLE, eol, false)).rows).toEqual(SAMPLE.slice(1));
  });

  it('accepts mixed line ends in one file', () => {
    expect(parse('a,b\n1,2\r\n3,4\r5,6\n').rows).toEqual([['1', '2'], ['3', '4'], ['5', '6']]);
  });

  it('strips a UTF-8 BOM and counts it in byte offsets', () => {
    const r = parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('名称,值\n甲,1\n')]));
    expect(r.names).toEqual(['名称', '值']);
    expect(r.rows).toEqual([['甲', '1']]);
    try {
      parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b\n1\n')]));
      expect.unreachable();
    } catch (e) {
      expect((e as TuominError).location.byteOffset).toBe(3 + 4);
    }
  });

  it('a trailing line end is not a row; a last line without one is; blank lines are skipped', () => {
    expect(parse('a,b\n1,2\n').rows).toEqual([['1', '2']]);
    expect(parse('a,b\n1,2').rows).toEqual([['1', '2']]);
    expect(parse('a,b\n\n1,2\r\n\r\n3,4\n\n').rows).toEqual([['1', '2'], ['3', '4']]);
    expect(parse('a,b\n').rows).toEqual([]);
    expect(parse('a,b\n').batches).toHaveLength(0);
  });

  it('one-column files: a blank line is an empty value', () => {
    expect(parse('name\n甲\n\n乙\n').rows).toEqual([['甲'], [''], ['乙']]);
    expect(parse('name\n甲\n\n乙\n', { nullTokens: [''] }).rows).toEqual([['甲'], [null], ['乙']]);
  });

  it('an empty file gives no columns, no rows and a warning', () => {
    const r = parse('');
    expect(r.names).toEqual([]);
    expect(r.rows).toEqual([]);
    expect(r.warnings.join()).toMatch(/empty/);
  });

  it('a quote inside an unquoted field is kept literally', () => {
    expect(parse('a,b\n5",x"y\n ab "c",d\n').rows).toEqual([['5"', 'x"y'], [' ab "c"', 'd']]);
  });

  it('keeps leading and trailing spaces', () => {
    // A quote opens a quoted field only as the field's first byte.
    expect(parse('a,b\n  x , "y "\n').rows).toEqual([['  x ', ' "y "']]);
  });
});

describe('options', () => {
  it('rejects impossible options with a message naming them', () => {
    expect(() => parse('a\n', { delimiter: ':' as never })).toThrow(/delimiter must be one of/);
    expect(() => parse('a\n', { encoding: 'latin1' as never })).toThrow(/encoding must be one of/);
    expect(() => parse('a\n', { batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
  });

  it('accepts utf8 as a spelling of utf-8', () => {
    expect(parse('a,b\n1,2\n', { encoding: 'utf8' as never }).stats.encoding).toBe('utf-8');
  });
});

describe('empty strings, nulls and null tokens', () => {
  it('default: nothing is null; empty and quoted-empty are empty strings', () => {
    const r = parse('a,b,c\n,"",NULL\n');
    expect(r.rows).toEqual([['', '', 'NULL']]);
    expect(r.batches[0]!.getChildAt(0)!.nullCount).toBe(0);
  });

  it('null tokens apply to unquoted fields only, compared on raw bytes', () => {
    const r = parse('a,b,c,d,e\n,"",NULL,无,"无"\n-,x,null,无效,NULL\n', { nullTokens: ['', 'NULL', '无', '-'] });
    expect(r.rows).toEqual([
      [null, '', null, null, '无'],
      [null, 'x', 'null', '无效', null],
    ]);
    expect(r.batches[0]!.getChildAt(0)!.nullCount).toBe(2);
  });

  it('nulls survive batch splits (validity bitmaps per batch)', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [String(i), i % 3 === 0 ? 'NULL' : `值${i}`]);
    const r = parse(`a,b\n${rows.map((x) => x.join(',')).join('\n')}\n`, { nullTokens: ['NULL'], batchSize: 7 });
    expect(r.batches.map((b) => b.numRows)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(r.rows).toEqual(rows.map(([a, b]) => [a, b === 'NULL' ? null : b]));
  });
});

describe('header', () => {
  it('makes blank and duplicate names unique and reports each rename', () => {
    const r = parse('名称,,名称,名称_2, \n1,2,3,4,5\n');
    expect(r.names).toEqual(['名称', 'column_2', '名称_3', '名称_2', 'column_5']);
    expect(r.stats.headerRenames).toEqual([
      { index: 1, from: '', to: 'column_2' },
      { index: 2, from: '名称', to: '名称_3' },
      { index: 4, from: ' ', to: 'column_5' },
    ]);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[1]).toMatch(/repeats the name "名称"/);
  });

  it('header: false names columns column_1..n and keeps the first line as data', () => {
    const r = parse('甲,乙\n1,2\n', { header: false });
    expect(r.names).toEqual(['column_1', 'column_2']);
    expect(r.rows).toEqual([['甲', '乙'], ['1', '2']]);
  });

  it('quoted header names may hold delimiters and line breaks', () => {
    expect(parse('"a,b","c\nd"\n1,2\n').names).toEqual(['a,b', 'c\nd']);
  });
});

describe('delimiter detection', () => {
  it.each([
    [',', ','],
    [';', ';'],
    ['\t', '\t'],
    ['|', '|'],
  ])('detects %j', (d) => {
    const text = `名称${d}金额${d}备注\n"甲${d}乙"${d}15${d}x\n丙${d}2${d}"多
行"\n`;
    const r = parse(text);
    expect(r.stats.delimiter).toBe(d);
    expect(r.rows[0]![0]).toBe(`甲${d}乙`);
  });

  it('ignores delimiters inside quotes and falls back to "," for one column', () => {
    expect(parse('a;b\n"x,y,z";1\n"p,q";2\n').stats.delimiter).toBe(';');
    expect(parse('name\nx\ny\n').stats.delimiter).toBe(',');
  });

  it('an explicit delimiter wins', () => {
    expect(parse('a,b;c\n1,2;3\n', { delimiter: ';' }).rows).toEqual([['1,2', '3']]);
  });
});

describe('encodings', () => {
  const text = toCsv(SAMPLE, '\r\n');
  const gbk = new Uint8Array(iconv.encode(text.replace('🐉 ', ''), 'gbk'));
  const expected = parse(text.replace('🐉 ', '')).rows;

  it('auto-detects GBK and gives exactly the UTF-8 parse', () => {
    const r = parse(gbk);
    expect(r.stats.encoding).toBe('gb18030');
    expect(r.rows).toEqual(expected);
  });

  it('GBK trail bytes equal to | or \\ do not split fields', () => {
    // Characters whose second GBK byte is '|' (0x7C) or '\\' (0x5C).
    const pipeChar = iconv.decode(Buffer.from([0xd8, 0x7c]), 'gbk');
    const slashChar = iconv.decode(Buffer.from([0xd8, 0x5c]), 'gbk');
    const s = `名|值\n${pipeChar}${slashChar}|x\n`;
    const bytes = new Uint8Array(iconv.encode(s, 'gbk'));
    expect([...bytes].filter((b) => b === 0x7c).length).toBe(3);
    const r = parse(bytes, { encoding: 'gbk', delimiter: '|' });
    expect(r.rows).toEqual([[pipeChar + slashChar, 'x']]);
    expect(parse(bytes).rows).toEqual([[pipeChar + slashChar, 'x']]);
    expect(r.stats.encoding).toBe('gbk');
  });

  it('GB18030 four-byte characters and the GB18030 BOM', () => {
    const s = '名,值\n𠀀,€\n';
    const bytes = new Uint8Array(iconv.encode(s, 'gb18030'));
    expect(parse(bytes, { encoding: 'gb18030' }).rows).toEqual([['𠀀', '€']]);
    const withBom = new Uint8Array([0x84, 0x31, 0x95, 0x33, ...bytes]);
    expect(parse(withBom, { encoding: 'gb18030' }).names).toEqual(['名', '值']);
  });

  it('a UTF-8 BOM wins over a forced GBK encoding, with a warning', () => {
    const r = parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('甲,乙\n1,2\n')]), { encoding: 'gbk' });
    expect(r.names).toEqual(['甲', '乙']);
    expect(r.warnings.join()).toMatch(/byte order mark/);
  });

  it('pure ASCII is read as UTF-8', () => {
    expect(parse('a,b\n1,2\n').stats.encoding).toBe('utf-8');
  });
});

describe('chunk and batch boundaries', () => {
  // Boundaries land inside quotes, "" escapes, CRLF pairs, multi-byte characters and GBK pairs.
  const text = toCsv(SAMPLE, '\r\n') + toCsv(SAMPLE.slice(1), '\r\n');
  const want = parse(text).rows;
  const gbkText = text.replace(/🐉 /g, '');
  const gbk = new Uint8Array(iconv.encode(gbkText, 'gbk'));
  const wantGbk = parse(gbkText).rows;

  it('every chunk size from 1 to 40 with batch sizes 1, 2, 3 give the same rows (UTF-8)', () => {
    for (let cs = 1; cs <= 40; cs++) {
      for (const bs of [1 + (cs % 3)]) {
        const r = parse(text, { chunkSize: cs, batchSize: bs });
        expect(r.rows, `chunk ${cs} batch ${bs}`).toEqual(want);
        expect(r.batches.every((b) => b.numRows <= bs)).toBe(true);
      }
    }
  });

  it('every chunk size from 1 to 40 gives the same rows (GBK, auto-detected)', () => {
    for (let cs = 1; cs <= 40; cs++) {
      const r = parse(gbk, { chunkSize: cs, batchSize: 2, encoding: 'gbk' });
      expect(r.rows, `chunk ${cs}`).toEqual(wantGbk);
    }
  });

  it('CRLF split between chunks in a one-column file and line numbers after it', () => {
    const t = 'name\r\n甲\r\n乙\r\n\r\n丙\r\n';
    for (let cs = 1; cs <= 12; cs++) {
      expect(parse(t, { chunkSize: cs }).rows, `chunk ${cs}`).toEqual([['甲'], ['乙'], [''], ['丙']]);
      expect(() => parse('a,b\r\n1,2\r\n3,4\r\n5\r\n', { chunkSize: cs, name: 'c.csv' })).toThrow('c.csv, line 4, byte 15:');
    }
  });

  it('null tokens and ragged-row skipping across tiny chunks', () => {
    const t = 'a,b\n1,NULL\n2\n"3",无\n4,5,6\n';
    for (let cs = 1; cs <= 12; cs++) {
      const r = parse(t, { chunkSize: cs, nullTokens: ['NULL', '无'], onBadRow: 'skip' });
      expect(r.rows).toEqual([['1', null], ['3', null]]);
      expect(new TextDecoder().decode(r.rejects)).toBe('2\n4,5,6\n');
    }
  });
});

describe('readCsv (files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuomin-csv-'));

  it('reads the header eagerly, streams batches, and can replay', async () => {
    const path = join(dir, 'p.csv');
    const body = Array.from({ length: 300 }, (_, i) => `${i},"名${i}\n次",${i % 5 === 0 ? '' : 'x'}`).join('\r\n');
    writeFileSync(path, `编号,名称,备注\r\n${body}\r\n`);
    const src = await readCsv(path, { batchSize: 64, chunkSize: 997, nullTokens: [''] });
    expect(src.schema.fields.map((f) => f.name)).toEqual(['编号', '名称', '备注']);
    expect(src.replayable).toBe(true);
    for (let pass = 0; pass < 2; pass++) {
      const batches = [];
      for await (const b of src.batches()) batches.push(b);
      expect(batches.map((b) => b.numRows)).toEqual([64, 64, 64, 64, 44]);
      const rows = rowsOf(src.schema, batches);
      expect(rows[299]).toEqual(['299', '名299\n次', 'x']);
      expect(rows[5]![2]).toBeNull();
      expect(src.stats.rows).toBe(300);
      expect(src.stats.bytes).toBe(readFileSync(path).length);
    }
  });

  it('writes skipped rows to the reject file, in the original encoding, only when there are rejects', async () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, '甲,乙\n1,2\n');
    const g = await readCsv(good, { onBadRow: 'skip', rejectPath: join(dir, 'good.rejects.csv') });
    for await (const _ of g.batches()) void _;
    expect(existsSync(join(dir, 'good.rejects.csv'))).toBe(false);

    const bad = join(dir, 'bad.csv');
    const text = '名称,金额\r\n甲,1\r\n乙\r\n丙,3,多\r\n丁,"4\r\n';
    writeFileSync(bad, iconv.encode(text, 'gbk'));
    const src = await readCsv(bad, { onBadRow: 'skip', chunkSize: 5 });
    const batches = [];
    for await (const b of src.batches()) batches.push(b);
    expect(rowsOf(src.schema, batches)).toEqual([['甲', '1']]);
    expect(src.stats.badRows).toBe(3);
    const rejectPath = join(dir, 'bad.rejects.csv');
    expect(readFileSync(rejectPath)).toEqual(iconv.encode('乙\r\n丙,3,多\r\n丁,"4\r\n', 'gbk'));
    expect(src.warnings.join()).toMatch(/3 bad row\(s\) written to/);
    expect(readdirSync(dir).filter((f) => f.startsWith('.tuomin-tmp'))).toEqual([]);
  });

  it('names the file when it cannot be read', async () => {
    await expect(readCsv(join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: cannot read the CSV file: file not found/);
    await expect(readCsv(dir)).rejects.toThrow(TuominError);
  });

  it('stops with the first bad row by default, naming file, line and byte offset', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'a,b\n1,2\n3\n');
    const src = await readCsv(path);
    const run = async () => {
      for await (const _ of src.batches()) void _;
    };
    await expect(run()).rejects.toThrow(/ragged\.csv, line 3, byte 8: ragged row: 1 field where the header has 2/);
  });
});

describe('a short batch holds only its own bytes', () => {
  it('a two-row file: the batch columns are views of buffers their own size, not of the preallocated ones (1,500 such files held 1 GB)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuomin-csv-short-'));
    const path = join(dir, 'a.csv');
    writeFileSync(path, '编号,名称\n0001,甲\n0002,乙\n');
    const src = await readCsv(path);
    const batches = [];
    for await (const b of src.batches()) batches.push(b);
    expect(batches).toHaveLength(1);
    for (const child of batches[0]!.data.children) {
      expect(child.values.buffer.byteLength).toBeLessThan(64 * 1024);
      expect(child.valueOffsets.buffer.byteLength).toBeLessThan(64 * 1024);
      expect(new TextDecoder().decode(child.values)).toMatch(/^(00010002|甲乙)$/);
      expect([...child.valueOffsets]).toEqual(child.values.length === 8 ? [0, 4, 8] : [0, 3, 6]);
    }
  });
});

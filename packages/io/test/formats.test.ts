import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Int32, LargeUtf8, Utf8, makeTable, vectorFromArray } from 'apache-arrow';
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import { createPipeline, memorySource, streamSource } from '@tuomin/core';
import type { Transform } from '@tuomin/core';
import { FORMAT_BY_EXTENSION, formatFromPath, openSource, writeOutput } from '../src/formats.js';
import { fileSpiller } from '../src/spill.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-formats-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const names = ['张三', null, '', '多行\n文本', '"引号", 逗号', '王五'];
function table(): Table {
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(names, new Utf8()),
    large: vectorFromArray(names, new LargeUtf8()),
    kind: vectorFromArray(['甲', '乙', '甲', null, '乙', '甲'], new Dictionary(new Utf8(), new Int32())),
  } as never);
}
async function* gen(...batches: RecordBatch[]): AsyncIterable<RecordBatch> { yield* batches; }
async function rowsOf(src: { batches(): AsyncIterable<RecordBatch> }): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of src.batches()) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

describe('formatFromPath', () => {
  it('maps every known extension, case-insensitively', () => {
    expect(formatFromPath('a/b/处罚.CSV')).toBe('csv');
    expect(formatFromPath('x.tsv')).toBe('tsv');
    expect(formatFromPath('x.parquet')).toBe('parquet');
    expect(formatFromPath('x.arrow')).toBe('arrow');
    expect(formatFromPath('x.arrows')).toBe('arrows');
    expect(formatFromPath('x.ndjson')).toBe('ndjson');
    expect(formatFromPath('x.jsonl')).toBe('ndjson');
    expect(formatFromPath('开放/处罚.XLSX')).toBe('xlsx');
    expect(Object.keys(FORMAT_BY_EXTENSION)).toHaveLength(8);
  });

  it('names an unknown extension and lists the known ones', () => {
    expect(() => formatFromPath('data/penalties.xls')).toThrow(/data\/penalties\.xls: unknown file extension "\.xls"\n  hint: name the file with one of: \.csv \.tsv \.parquet \.arrow \.arrows \.ndjson \.jsonl \.xlsx/);
    expect(() => formatFromPath('README')).toThrow(/README: file name has no extension/);
  });
});

describe('openSource and writeOutput', () => {
  it.each(['parquet', 'arrow', 'arrows', 'ndjson', 'jsonl'])('round-trips text columns through .%s (sliced and empty batches included)', async (ext) => {
    const t = table();
    const b = t.batches[0]!;
    const path = join(dir, `rt.${ext}`);
    const res = await writeOutput(path, t.schema, gen(b.slice(0, 3), b.slice(3, 3), b.slice(3, 6)), { metadata: { licence: 'CC-BY-4.0' } });
    expect(res).toMatchObject({ path, rows: 6 });
    const src = await openSource(path, { batchSize: 4 });
    expect(src.format).toBe(formatFromPath(path));
    const expected = t.toArray().map((r) => r.toJSON());
    expect(await rowsOf(src)).toEqual(expected);
    if (ext !== 'ndjson' && ext !== 'jsonl') expect(src.schema.metadata.get('licence')).toBe('CC-BY-4.0');
  });

  it('names a missing file, a folder, and an unknown extension before reading', async () => {
    await expect(openSource(join(dir, 'missing.parquet'))).rejects.toThrow(/missing\.parquet: cannot read input: file not found/);
    await mkdir(join(dir, 'folder.arrow'));
    await expect(openSource(join(dir, 'folder.arrow'))).rejects.toThrow(/folder\.arrow: cannot read input: is a folder/);
    await writeFile(join(dir, 'x.xls'), 'x');
    await expect(openSource(join(dir, 'x.xls'))).rejects.toThrow(/unknown file extension "\.xls"/);
    // XLSX is read too (test/xlsx-input.test.ts): a missing workbook is a missing file.
    await expect(openSource(join(dir, 'missing.xlsx'))).rejects.toMatchObject({ code: 'IO', message: expect.stringMatching(/missing\.xlsx: cannot read input: file not found/) });
    const t = table();
    await expect(writeOutput(join(dir, 'out.txt'), t.schema, gen())).rejects.toThrow(/unknown file extension "\.txt"/);
  });

  it('writes nothing (not even a temp file) when the upstream fails', async () => {
    const t = table();
    const sub = join(dir, 'failing');
    for (const ext of ['parquet', 'arrow', 'ndjson', 'xlsx']) {
      async function* failing(): AsyncIterable<RecordBatch> { yield t.batches[0]!; throw new Error('boom'); }
      await expect(writeOutput(join(sub, `o.${ext}`), t.schema, failing())).rejects.toThrow('boom');
    }
    expect(await readdir(sub)).toEqual([]);
  });
});

describe('fileSpiller', () => {
  // A first-pass transform: counts rows in observe(), then tags every row with the total.
  const countingTransform: Transform = {
    name: 'count',
    bind(input: Schema) {
      let seen = 0;
      let applied = 0;
      return {
        outputSchema: input,
        needsFirstPass: true,
        async observe(batches) { for await (const b of batches) seen += b.numRows; },
        async *apply(batches) { for await (const b of batches) { applied += b.numRows; yield b; } },
        report: () => [{ transform: 'count', columns: [], rowsSeen: seen, valuesChanged: applied, invalid: 0, nulls: 0 }],
      };
    },
  };

  it('spills a one-shot stream to a temporary IPC file, replays it, and deletes it afterwards', async () => {
    const t = table();
    const b = t.batches[0]!;
    const spillDir = join(dir, 'spill');
    await mkdir(spillDir);
    // A one-shot source cannot be read twice: the pipeline must spill it.
    const q = createPipeline(streamSource(t.schema, gen(b.slice(0, 2), b.slice(2, 2), b.slice(2, 6))), [countingTransform], { spiller: fileSpiller(spillDir) });
    let during: string[] = [];
    const out: unknown[] = [];
    for await (const x of q) {
      during = await readdir(spillDir);
      for (const r of x.toArray()) out.push(r.toJSON());
    }
    expect(during).toHaveLength(1);
    expect(out).toEqual(t.toArray().map((r) => r.toJSON()));
    expect(q.reports()[0]).toMatchObject({ rowsSeen: 6, valuesChanged: 6 });
    expect(await readdir(spillDir)).toEqual([]);
  });

  it('replays directly when spilling a memory source', async () => {
    const t = table();
    const spilled = await fileSpiller(dir).spill(t.schema, memorySource(t.schema, t.batches).batches());
    expect(await rowsOf(spilled)).toEqual(await rowsOf(spilled));
    expect((await rowsOf(spilled)).length).toBe(6);
    await spilled.dispose();
  });
});

describe('CSV round trips through every format', () => {
  const csvText = [
    '姓名,证件号码,金额,备注',
    '张三,11010519491231002X,5000,""',
    '"李四, 王五",,1200.50,"第一行',
    '第二行"',
    '赵六,310101199001011234,,"引号""内"""',
    '"",NULL,0,普通',
  ].join('\r\n') + '\r\n';

  it.each([
    ['utf-8', Buffer.from(csvText, 'utf8')],
    ['gbk', iconv.encode(csvText, 'gbk')],
  ])('%s CSV -> Arrow -> each format -> back gives identical values', async (encoding, bytes) => {
    const input = join(dir, `in-${encoding}.csv`);
    await writeFile(input, bytes);
    const csvOptions = { nullTokens: ['', 'NULL'] };
    const first = await openSource(input, { batchSize: 2, csv: csvOptions });
    expect(first.stats?.encoding.toLowerCase()).toMatch(encoding === 'gbk' ? /gb/ : /utf/);
    const expected = await rowsOf(first);
    expect(expected).toEqual([
      { 姓名: '张三', 证件号码: '11010519491231002X', 金额: '5000', 备注: '' },
      { 姓名: '李四, 王五', 证件号码: null, 金额: '1200.50', 备注: '第一行\r\n第二行' },
      { 姓名: '赵六', 证件号码: '310101199001011234', 金额: null, 备注: '引号"内"' },
      { 姓名: '', 证件号码: null, 金额: '0', 备注: '普通' },
    ]);
    for (const ext of ['parquet', 'arrow', 'arrows', 'ndjson', 'tsv']) {
      const mid = join(dir, `${encoding}.${ext}`);
      await writeOutput(mid, first.schema, first.batches(), { parquet: { compression: 'zstd' }, csv: { nullToken: '' } });
      const back = await openSource(mid, { batchSize: 3, csv: { nullTokens: [''] } });
      expect(await rowsOf(back)).toEqual(expected);
      const out = join(dir, `${encoding}-from-${ext}.csv`);
      await writeOutput(out, back.schema, back.batches());
      const again = await openSource(out, { csv: { nullTokens: [''] } });
      expect(await rowsOf(again)).toEqual(expected);
    }
    // The UTF-8 output of a GBK input is plain UTF-8 text.
    expect((await readFile(join(dir, `${encoding}-from-parquet.csv`), 'utf8')).split('\n')[0]).toBe('姓名,证件号码,金额,备注');
  });
});
